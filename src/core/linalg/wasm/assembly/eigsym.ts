// Eigenvalues of a real symmetric matrix, values only: AssemblyScript → WebAssembly (SIMD f64x2),
// on one thread or several sharing one memory.
//
// Algorithm: Householder tridiagonalisation after JAMA's tred2 (public domain, NIST/MathWorks,
// from EISPACK; Bowdler, Martin, Reinsch & Wilkinson, Handbook for Automatic Computation vol. II),
// the same steps as eigvalsSymTs in ../../eigSym.ts; then the eigenvalues of the tridiagonal
// form by the root-free QL/QR of LAPACK's dsterf (see sterf below), where eigvalsSymTs runs
// the square-root QL of tql2 (its eigenvectors need the rotations).
//
// Why it is fast:
// - The matrix is reversed (B = J A J, J the exchange matrix) while it is loaded: the upper
//   triangle of row-major A is then the lower triangle of B, so row j of the working triangle is
//   the contiguous run B[j][0..j]; every row starts at column 0 and the next Householder vector
//   is a contiguous row. Same eigenvalues.
// - Packed storage: row j holds j + 1 entries padded to an even count (16-byte aligned rows), so
//   n = 10,000 needs 400 MB instead of 800 MB (docs/gn-math.md §13).
// - The rank-2 update of step i (A ← A − u wᵀ − w uᵀ) is fused with the symmetric
//   matrix-vector product of step i−1 in one sweep over the triangle: the triangle is read and
//   written once per step instead of read twice and written once. The last row of the next
//   block is updated first (O(i)) so the next Householder vector is known before the sweep.
// - The sweep handles two rows at a time with f64x2 lanes, so the vectors (u, w, v, y) are
//   loaded once per two matrix rows.
//
// Threads, and why every thread count gives the same bits: each step's sweep over rows 0..i−1
// is cut into CHUNKS = 4 row ranges of equal work, a function of i only. Chunk c accumulates its
// own partial y = A v in its own copy of the work vectors; the partials are then added in the
// fixed order c, c+1, …, 3. Threads only decide *who* runs a chunk, never the arithmetic, so 1,
// 2 and 4 threads produce identical eigenvalues. Chunk c is thread ⌊c·T/4⌋'s, but every thread
// claims a chunk (an atomic compare-exchange) before running it, and one that has run its own
// takes the others left unclaimed: when the virtual machine deschedules one thread for a while,
// the other runs the whole sweeps meanwhile instead of waiting at the barrier. The threaded
// build imports a shared memory; helpers run helperLoop(t) and meet the host at a barrier of
// atomics (wait/notify) in the control block.
//
// Built three times (scripts/build-wasm.mjs): plain SIMD with its own memory (one thread, every
// engine), plain SIMD on an imported shared memory with atomics (threads), and relaxed SIMD
// (fused multiply-add; benchmarks only, since whether it fuses depends on the CPU).
// The tridiagonal phase (sterf) is O(n²) and stays scalar, on the host thread.
//
// Memory (no runtime, no GC: built with --runtime stub): a fixed layout from __heap_base that
// reserve(n) lays out and grows with memory.grow. The host writes the upper part of each row r
// of A (entries r..n−1) at stagePtr() and calls loadRow(n, r) for every r, then begin(n),
// reduceSteps(n, i, count) until it returns 0, and finish(n); the n eigenvalues (unsorted) are
// then at valuesPtr().

const CHUNKS: i32 = 4;
/** Below this many rows a sweep is one chunk, run by the host alone (barriers cost more). */
const CHUNK_MIN_ROWS: i32 = 192;
/** Below this many rows the host runs every chunk itself: a barrier per step costs more than the
 * helpers save (measured on 2 cores, median of 5, n = 1000 / 1500 / 2000 on two threads: from
 * 256 rows 75 / 198 / 458 ms, from 400 rows 67 / 180 / 431 ms, from 640 rows 76 / 195 / 454 ms). */
const SHARE_MIN_ROWS: i32 = 400;

// The control block (i32 slots, at controlPtr(), the same address in every instance because
// all instances are the same module): the barrier and the parameters of the current sweep.
const C_DONE: usize = 4; // chunks of the current sweep the helpers finished
const C_EXIT: usize = 8; // 1: helpers return from helperLoop
const C_READY: usize = 12; // helpers that entered helperLoop
const C_ROWS: usize = 16; // rows of the sweep (i)
const C_PENDING: usize = 20; // 1: fused sweep (update pending), 0: plain symv
const C_THREADS: usize = 24; // T, host included
const C_MAT: usize = 28; // matrix pointer
const C_VEC: usize = 32; // chunk 0's work vectors; chunk c's at C_VEC + c·stride
const C_STRIDE: usize = 36; // bytes between chunks' work vectors
// Helper t's own start signal (t = 1 … CHUNKS − 1), bumped by the host for the helpers a sweep
// uses only: a helper the thread count leaves out is never woken and never spins.
const C_GO: usize = 40;
// 1 once the current solve shares no more sweeps (they are below SHARE_MIN_ROWS, or it ended):
// waiting helpers then sleep at once instead of spinning, so an idle worker burns no core.
const C_IDLE: usize = 52;
const C_GEN: usize = 56; // number of the current shared sweep (wraps; see claimChunk)
const C_HELPED: usize = 60; // chunks the helpers ran since begin() (helperChunks)
// Chunk c's claim, on a cache line of its own: the number of the sweep that last claimed it.
const C_CLAIM: usize = 64;
const CONTROL_BYTES: usize = 64 + 64 * <usize>CHUNKS;

@inline
function goSlot(ctl: usize, t: i32): usize {
  return ctl + C_GO + (<usize>(t - 1) << 2);
}

let capN: i32 = -1;
let matP: usize = 0; // packed lower triangle (rowPtr)
let dP: usize = 0; // diagonal, then eigenvalues
let eP: usize = 0; // sub-diagonal
let vecP: usize = 0; // CHUNKS blocks of the four interleaved work vectors (see SU..SY)
let vecStride: usize = 0;
let stageP: usize = 0; // one row of A, written by the host before loadRow
let hP: usize = 0; // h of each Householder reflection, kept when begin(…, keep = 1)
let keepReflectors = false; // each step's vector goes into its finished row
let scaleS: f64 = 0; // max |aᵢⱼ| seen by loadRow
let threadsT: i32 = 1;
let pendingUpdate = false; // whether (u, w) holds an update not yet applied to rows 0..i
let helpersIdle = false;

/** The control block's address (64-byte aligned __heap_base, the same in every instance). */
export function controlPtr(): usize {
  return (<usize>__heap_base + 63) & ~(<usize>63);
}

/** Entries before packed row j: rows of length j + 1 rounded up to even. */
@inline
function rowOffset(j: i32): usize {
  const p = <usize>(j >> 1);
  const base = 2 * p * (p + 1);
  return (j & 1) == 0 ? base : base + 2 * p + 2;
}

@inline
function rowPtr(a: usize, j: i32): usize {
  return a + (rowOffset(j) << 3);
}

/**
 * Lays out memory for an n×n problem, growing it when needed. Returns the matrix pointer, or 0
 * when the memory cannot grow (n too large for a 32-bit address space or refused by the host).
 */
export function reserve(n: i32): usize {
  if (n < 0) return 0;
  if (n <= capN) return matP;
  const nv = (<u64>n + 1) & ~(<u64>1); // even length: every vector stays 16-byte aligned
  const base = <u64>controlPtr() + <u64>CONTROL_BYTES;
  const vecBytes = (nv * 32 + 63) & ~(<u64>63); // one chunk's four interleaved vectors
  const end = base + <u64>CHUNKS * vecBytes + 4 * nv * 8 + <u64>rowOffset(n) * 8 + 64;
  if (end > 0xffff0000) return 0;
  const pages = <i32>((end + 0xffff) >> 16);
  const have = memory.size();
  if (pages > have && memory.grow(pages - have) < 0) return 0;
  vecP = <usize>base;
  vecStride = <usize>vecBytes;
  dP = vecP + <usize>CHUNKS * vecStride;
  eP = dP + <usize>(nv * 8);
  stageP = eP + <usize>(nv * 8);
  hP = stageP + <usize>(nv * 8);
  matP = (hP + <usize>(nv * 8) + 15) & ~(<usize>15);
  capN = n;
  return matP;
}

export function valuesPtr(): usize {
  return dP;
}

export function stagePtr(): usize {
  return stageP;
}

/** The sub-diagonal after tridiagonal(n): e[1..n−1], e[0] = 0. */
export function offDiagonalPtr(): usize {
  return eP;
}

/** h of each reflection kept by begin(…, keep = 1): P_i = I − v_i v_iᵀ / h[i] (0: none). */
export function reflectorHPtr(): usize {
  return hP;
}

/** Where packed row j starts (row j holds entries 0…j; after a kept reduction, v_j in 0…j−1). */
export function rowPtrOf(j: i32): usize {
  return rowPtr(matP, j);
}

/** The scale begin(n, …) divided the matrix by (max |aᵢⱼ|; 0 for the zero matrix). */
export function scale(): f64 {
  return scaleS;
}

/** Bytes reserve(n) needs beyond the module's own data (the host's memory estimate). */
export function bytesFor(n: i32): f64 {
  const nv = <f64>((n + 1) & ~1);
  return <f64>CONTROL_BYTES + <f64>CHUNKS * (nv * 32 + 64) + 4 * nv * 8 + <f64>rowOffset(n) * 8;
}

/**
 * Stores row r of A (its entries r..n−1, written at stagePtr()) as packed row n−1−r of B = JAJ,
 * reversed. Returns −1, or the column of the first non-finite entry (the row is then garbage
 * and scale() unchanged: the host abandons the matrix). r = 0 starts a new matrix.
 * Two entries per f64x2: x − x is +0 for a finite x and NaN otherwise, so OR-ing its bits
 * flags a non-finite entry; max is exact, so the scale equals the scalar loop's.
 */
export function loadRow(n: i32, r: i32): i32 {
  if (r == 0) scaleS = 0;
  const j = n - 1 - r;
  const s = stageP;
  const row = rowPtr(matP, j);
  let bad = f64x2.splat(0);
  let mx = f64x2.splat(scaleS);
  let k = 0;
  for (; k < j; k += 2) {
    // row[k], row[k+1] = s[j−k], s[j−k−1]: the staged pair (s[j−k−1], s[j−k]) swapped
    const x = v128.load(s + (<usize>(j - k - 1) << 3));
    bad = v128.or(bad, f64x2.sub(x, x));
    mx = f64x2.max(mx, f64x2.abs(x));
    v128.store(row + (<usize>k << 3), f64x2.shuffle(x, x, 1, 0));
  }
  if (k == j) {
    // j even: the diagonal entry s[0], alone
    const x = load<f64>(s);
    bad = v128.or(bad, f64x2.splat(x - x));
    mx = f64x2.max(mx, f64x2.splat(abs(x)));
    store<f64>(row + (<usize>k << 3), x);
  }
  if (v128.any_true(bad)) {
    for (let c = 0; c <= j; c++) if (!isFinite(load<f64>(s + (<usize>c << 3)))) return r + c;
  }
  scaleS = max(f64x2.extract_lane(mx, 0), f64x2.extract_lane(mx, 1));
  return -1;
}

// a·b + c and c − a·b on f64x2. In the relaxed build (--enable relaxed-simd) they are single
// fused multiply-adds where the CPU has them: the sweeps below are bound by the two
// floating-point ports (8 flops per matrix entry and step), so fusing cuts their time by ~1/3.
// Either rounding is fine for a backward-stable reduction.
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}

@inline
function nmadd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_nmadd(a, b, c);
  return f64x2.sub(c, f64x2.mul(a, b));
}

// The four work vectors live interleaved in blocks of two entries, 64 bytes (one cache line)
// per block: [u_k u_k+1 | w_k w_k+1 | v_k v_k+1 | y_k y_k+1]. The sweeps then address all four
// through one pointer with constant offsets, which keeps the integer work per SIMD step small
// (the loop is limited by instruction issue as much as by the floating-point ports).
// u, w: the pending rank-2 update A ← A − u wᵀ − w uᵀ; v: this step's Householder vector;
// y: A v.
const SU: usize = 0;
const SW: usize = 16;
const SV: usize = 32;
const SY: usize = 48;

// Address of entry k of the vector in slot `slot`.
@inline
function va(q: usize, k: i32, slot: usize): usize {
  return q + ((<usize>k >> 1) << 6) + slot + ((<usize>k & 1) << 3);
}

// Row r (entries k ≤ r) ← row − (u_r w_k + w_r u_k): applies the pending update to one row.
function updateRow(row: usize, r: i32, q: usize): void {
  const ur = load<f64>(va(q, r, SU));
  const wr = load<f64>(va(q, r, SW));
  const U = f64x2.splat(ur);
  const W = f64x2.splat(wr);
  const pend = row + ((<usize>(r + 1) >> 1) << 4);
  let p = row;
  let b = q;
  for (; p < pend; p += 16, b += 64) {
    v128.store(p, nmadd(W, v128.load(b, SU), nmadd(U, v128.load(b, SW), v128.load(p))));
  }
  // r even: the diagonal entry is the first lane of the next pair.
  if ((r & 1) == 0) store<f64>(p, load<f64>(p) - (ur * wr + wr * ur));
}

/**
 * y = A v, the contributions of rows j0..j1−1 (j0 even) of the packed lower triangle, two rows
 * (j, j+1; j even) at a time: row j gives the dot product Σ_{k<j} a_jk v_k (towards y_j) and
 * the axpy y_k += a_jk v_j. Each y_j is first written by its own row pair (rows before j do not
 * touch it), so y needs no zeroing. Used for the first reflection, when no update is pending.
 */
function symv(a: usize, j0: i32, j1: i32, q: usize): void {
  let j: i32 = j0;
  for (; j + 1 < j1; j += 2) {
    const r0 = rowPtr(a, j);
    const r1 = r0 + (<usize>(j + 2) << 3);
    const qj = q + (<usize>j << 5); // the block of entries j, j+1
    const vj0 = load<f64>(qj, SV);
    const vj1 = load<f64>(qj, SV + 8);
    const S0 = f64x2.splat(vj0);
    const S1 = f64x2.splat(vj1);
    let t0 = f64x2.splat(0);
    let t1 = f64x2.splat(0);
    let p0 = r0;
    let p1 = r1;
    for (let b = q; b < qj; b += 64, p0 += 16, p1 += 16) {
      const a0 = v128.load(p0);
      const a1 = v128.load(p1);
      const vv = v128.load(b, SV);
      t0 = madd(a0, vv, t0);
      t1 = madd(a1, vv, t1);
      v128.store(b, madd(a1, S1, madd(a0, S0, v128.load(b, SY))), SY);
    }
    const oj = <usize>j << 3;
    const a00 = load<f64>(r0 + oj);
    const a10 = load<f64>(r1 + oj);
    const a11 = load<f64>(r1 + oj, 8);
    const d0 = f64x2.extract_lane(t0, 0) + f64x2.extract_lane(t0, 1);
    const d1 = f64x2.extract_lane(t1, 0) + f64x2.extract_lane(t1, 1) + a10 * vj0;
    store<f64>(qj, d0 + a00 * vj0 + a10 * vj1, SY);
    store<f64>(qj, d1 + a11 * vj1, SY + 8);
  }
  if (j < j1) lastRow(rowPtr(a, j), j, q);
}

// The single last row j (j even) of a sweep with m odd: y_j and the axpy into y_k, k < j.
function lastRow(r0: usize, j: i32, q: usize): void {
  const qj = q + (<usize>j << 5);
  const vj0 = load<f64>(qj, SV);
  const S0 = f64x2.splat(vj0);
  let t0 = f64x2.splat(0);
  let p0 = r0;
  for (let b = q; b < qj; b += 64, p0 += 16) {
    const a0 = v128.load(p0);
    t0 = madd(a0, v128.load(b, SV), t0);
    v128.store(b, madd(a0, S0, v128.load(b, SY)), SY);
  }
  const d0 = f64x2.extract_lane(t0, 0) + f64x2.extract_lane(t0, 1);
  store<f64>(qj, d0 + load<f64>(p0) * vj0, SY);
}

/**
 * Fused sweep over rows j0..j1−1 (j0 even): applies the pending update A ← A − u wᵀ − w uᵀ and, on the
 * updated entries, computes y = A v (as in symv). One read and one write of each entry; the
 * column loop is unrolled twice (four unrolled blocks spill registers and ran slower).
 */
function fused(a: usize, j0: i32, j1: i32, q: usize): void {
  let j: i32 = j0;
  for (; j + 1 < j1; j += 2) {
    const r0 = rowPtr(a, j);
    const r1 = r0 + (<usize>(j + 2) << 3);
    const qj = q + (<usize>j << 5);
    const uj0 = load<f64>(qj, SU);
    const uj1 = load<f64>(qj, SU + 8);
    const wj0 = load<f64>(qj, SW);
    const wj1 = load<f64>(qj, SW + 8);
    const vj0 = load<f64>(qj, SV);
    const vj1 = load<f64>(qj, SV + 8);
    const U0 = f64x2.splat(uj0);
    const U1 = f64x2.splat(uj1);
    const W0 = f64x2.splat(wj0);
    const W1 = f64x2.splat(wj1);
    const S0 = f64x2.splat(vj0);
    const S1 = f64x2.splat(vj1);
    let t0 = f64x2.splat(0);
    let t1 = f64x2.splat(0);
    let p0 = r0;
    let p1 = r1;
    let b = q;
    for (; b + 64 < qj; b += 128, p0 += 32, p1 += 32) {
      let uu = v128.load(b, SU);
      let ww = v128.load(b, SW);
      const a0 = nmadd(W0, uu, nmadd(U0, ww, v128.load(p0)));
      const a1 = nmadd(W1, uu, nmadd(U1, ww, v128.load(p1)));
      v128.store(p0, a0);
      v128.store(p1, a1);
      const vv = v128.load(b, SV);
      t0 = madd(a0, vv, t0);
      t1 = madd(a1, vv, t1);
      v128.store(b, madd(a1, S1, madd(a0, S0, v128.load(b, SY))), SY);
      uu = v128.load(b, SU + 64);
      ww = v128.load(b, SW + 64);
      const c0 = nmadd(W0, uu, nmadd(U0, ww, v128.load(p0, 16)));
      const c1 = nmadd(W1, uu, nmadd(U1, ww, v128.load(p1, 16)));
      v128.store(p0, c0, 16);
      v128.store(p1, c1, 16);
      const vw = v128.load(b, SV + 64);
      t0 = madd(c0, vw, t0);
      t1 = madd(c1, vw, t1);
      v128.store(b, madd(c1, S1, madd(c0, S0, v128.load(b, SY + 64))), SY + 64);
    }
    if (b < qj) {
      const uu = v128.load(b, SU);
      const ww = v128.load(b, SW);
      const a0 = nmadd(W0, uu, nmadd(U0, ww, v128.load(p0)));
      const a1 = nmadd(W1, uu, nmadd(U1, ww, v128.load(p1)));
      v128.store(p0, a0);
      v128.store(p1, a1);
      const vv = v128.load(b, SV);
      t0 = madd(a0, vv, t0);
      t1 = madd(a1, vv, t1);
      v128.store(b, madd(a1, S1, madd(a0, S0, v128.load(b, SY))), SY);
    }
    // The 2×2 diagonal block: a_jj, a_j+1,j, a_j+1,j+1.
    const oj = <usize>j << 3;
    const a00 = load<f64>(r0 + oj) - (uj0 * wj0 + wj0 * uj0);
    const a10 = load<f64>(r1 + oj) - (uj1 * wj0 + wj1 * uj0);
    const a11 = load<f64>(r1 + oj, 8) - (uj1 * wj1 + wj1 * uj1);
    store<f64>(r0 + oj, a00);
    store<f64>(r1 + oj, a10);
    store<f64>(r1 + oj, a11, 8);
    const d0 = f64x2.extract_lane(t0, 0) + f64x2.extract_lane(t0, 1);
    const d1 = f64x2.extract_lane(t1, 0) + f64x2.extract_lane(t1, 1) + a10 * vj0;
    store<f64>(qj, d0 + a00 * vj0 + a10 * vj1, SY);
    store<f64>(qj, d1 + a11 * vj1, SY + 8);
  }
  if (j < j1) {
    const r0 = rowPtr(a, j);
    updateRow(r0, j, q);
    lastRow(r0, j, q);
  }
}


// ---- One Householder step, its chunked sweep, and the threads' barrier ----

/** First row of chunk c of an m-row sweep: equal work (row j costs ~j), even, a function of m. */
function chunkStart(m: i32, c: i32): i32 {
  if (c <= 0) return 0;
  if (c >= CHUNKS || m < CHUNK_MIN_ROWS) return m;
  const f: f64 = c == 1 ? 0.5 : c == 2 ? 0.7071067811865476 : 0.8660254037844386; // √(c/4)
  return <i32>(<f64>m * f) & ~1;
}

/** The thread (0 = host) that runs chunk c when T threads share the sweep. */
@inline
function chunkOwner(c: i32, t: i32): i32 {
  return (c * t) / CHUNKS;
}

/**
 * Chunk c of the sweep over rows 0..m−1: chunks after the first work on their own copy of u, w,
 * v (entries below their last row) and their own partial y, zero below their first row.
 */
function runChunk(a: usize, m: i32, c: i32, q0: usize, stride: usize, pending: bool): void {
  const j0 = chunkStart(m, c);
  const j1 = chunkStart(m, c + 1);
  if (j0 >= j1) return;
  let q = q0;
  if (c > 0) {
    q = q0 + <usize>c * stride;
    const blocks = (j1 + 1) >> 1;
    const zeroBlocks = j0 >> 1;
    const zero = f64x2.splat(0);
    for (let b = 0; b < blocks; b++) {
      const src = q0 + (<usize>b << 6);
      const dst = q + (<usize>b << 6);
      v128.store(dst, v128.load(src, SU), SU);
      v128.store(dst, v128.load(src, SW), SW);
      v128.store(dst, v128.load(src, SV), SV);
      if (b < zeroBlocks) v128.store(dst, zero, SY);
    }
  }
  if (pending) fused(a, j0, j1, q);
  else symv(a, j0, j1, q);
}

/**
 * After the sweep over rows 0..m−1: y = A v is the sum of the chunks' partials, added in the fixed
 * order of the chunks (chunk c's rows touch y_k only for k below its last row, and chunks before
 * the one owning k never touch it); then y ← y / h, into chunk 0's y, and f = Σ_k y_k v_k in
 * ascending k. Two entries per f64x2 lane pair (chunk starts are even, so a pair never straddles
 * two chunks); the lanes do exactly the scalar operations, in the same order, so the bits are
 * those of a scalar loop. Returns f. (Hoisting the chunk bounds out of the entry loop cut the
 * host's serial work per step, which the helpers wait on, from ~25 to ~3 µs at m = 1500.)
 */
function reduceY(m: i32, q0: usize, stride: usize, h: f64): f64 {
  const chunked = m >= CHUNK_MIN_ROWS;
  const b1 = chunked ? chunkStart(m, 1) : m;
  const b2 = chunked ? chunkStart(m, 2) : m;
  const b3 = chunked ? chunkStart(m, 3) : m;
  // Partial y of chunk c, or 0 for an empty chunk (it never wrote its y).
  const y1: usize = b1 < b2 ? q0 + stride : 0;
  const y2: usize = b2 < b3 ? q0 + 2 * stride : 0;
  const y3: usize = b3 < m ? q0 + 3 * stride : 0;
  const H = f64x2.splat(h);
  let f: f64 = 0;
  for (let own = 0; own < CHUNKS; own++) {
    const k0 = own == 0 ? 0 : own == 1 ? b1 : own == 2 ? b2 : b3;
    const k1 = own == 0 ? b1 : own == 1 ? b2 : own == 2 ? b3 : m;
    if (k0 >= k1) continue;
    const qo = q0 + <usize>own * stride;
    let k = k0;
    for (; k + 1 < k1; k += 2) {
      const o = (<usize>k >> 1) << 6; // the block of entries k, k+1 (k even)
      let acc = v128.load(qo + o, SY);
      if (own < 1 && y1 != 0) acc = f64x2.add(acc, v128.load(y1 + o, SY));
      if (own < 2 && y2 != 0) acc = f64x2.add(acc, v128.load(y2 + o, SY));
      if (own < 3 && y3 != 0) acc = f64x2.add(acc, v128.load(y3 + o, SY));
      const x = f64x2.div(acc, H);
      v128.store(q0 + o, x, SY);
      const xv = f64x2.mul(x, v128.load(q0 + o, SV));
      f += f64x2.extract_lane(xv, 0);
      f += f64x2.extract_lane(xv, 1);
    }
    if (k < k1) {
      // the single last entry (k1 = m odd)
      let acc = load<f64>(va(qo, k, SY));
      if (own < 1 && y1 != 0) acc += load<f64>(va(y1, k, SY));
      if (own < 2 && y2 != 0) acc += load<f64>(va(y2, k, SY));
      if (own < 3 && y3 != 0) acc += load<f64>(va(y3, k, SY));
      const x = acc / h;
      store<f64>(va(q0, k, SY), x);
      f += x * load<f64>(va(q0, k, SV));
    }
  }
  return f;
}

/**
 * Spins before a waiting thread sleeps (atomic.wait). Within a solve the gap between two shared
 * sweeps is the host's O(i) serial work; waking a sleeping thread costs far more than that on a
 * virtual machine (a halted vCPU), so a short spin made two threads slower than one there
 * (N = 1500: 751–1054 ms on two threads against 598 on one, with 2·10⁴ spins; 356–364 ms with
 * 2·10⁵, median of 5 on a 2-core AMD EPYC). Between solves helpers do not spin (C_IDLE).
 */
const SPIN: i32 = 200000;

/** Host: tells waiting helpers whether more shared sweeps are coming in this solve. */
function setHelpersIdle(idle: bool): void {
  if (!ASC_FEATURE_THREADS || idle == helpersIdle) return;
  atomic.store<i32>(controlPtr() + C_IDLE, idle ? 1 : 0);
  helpersIdle = idle;
}

/**
 * Claims chunk c for sweep `gen`: true for exactly one thread per chunk and sweep. A claim holds
 * the number of the sweep that made it; sweep numbers only grow (wrapping after 2³² sweeps,
 * hence the signed difference), so a helper still looking at an earlier sweep never takes a
 * chunk of a later one.
 */
@inline
function claimChunk(ctl: usize, c: i32, gen: i32): bool {
  const slot = ctl + C_CLAIM + (<usize>c << 6);
  const old = atomic.load<i32>(slot);
  if (gen - old <= 0) return false;
  return atomic.cmpxchg<i32>(slot, old, gen) == old;
}

/**
 * Thread t's part of sweep `gen`: its own chunks, then any chunk still unclaimed, the others'
 * last chunks first (those their owner reaches last). Returns how many it ran.
 */
function runClaimed(ctl: usize, t: i32, threads: i32, gen: i32, m: i32, pending: bool): i32 {
  const a = <usize>load<u32>(ctl + C_MAT);
  const q0 = <usize>load<u32>(ctl + C_VEC);
  const stride = <usize>load<u32>(ctl + C_STRIDE);
  let ran = 0;
  for (let c = 0; c < CHUNKS; c++) {
    if (chunkOwner(c, threads) == t && claimChunk(ctl, c, gen)) {
      runChunk(a, m, c, q0, stride, pending);
      ran++;
    }
  }
  for (let c = CHUNKS - 1; c >= 0; c--) {
    if (chunkOwner(c, threads) != t && claimChunk(ctl, c, gen)) {
      runChunk(a, m, c, q0, stride, pending);
      ran++;
    }
  }
  return ran;
}

/** Runs the sweep over rows 0..m−1 (its partial y per chunk; reduceY adds them), sharing its chunks with the helpers when there are any. */
function sweep(m: i32, pending: bool): void {
  const a = matP;
  const q0 = vecP;
  const stride = vecStride;
  if (ASC_FEATURE_THREADS && threadsT > 1 && m >= SHARE_MIN_ROWS) {
    const ctl = controlPtr();
    const helpers = threadsT - 1; // begin() clamped threadsT to the live helpers + 1
    // The parameters and the reset count first, the sweep's number last: a helper that reads
    // the new number (it may, before its start signal) sees this sweep's parameters, and one
    // that reads the old number finds every chunk of that sweep claimed.
    const gen = load<i32>(ctl + C_GEN) + 1;
    store<i32>(ctl + C_ROWS, m);
    store<i32>(ctl + C_PENDING, pending ? 1 : 0);
    atomic.store<i32>(ctl + C_DONE, 0);
    atomic.store<i32>(ctl + C_GEN, gen);
    for (let t = 1; t <= helpers; t++) {
      atomic.add<i32>(goSlot(ctl, t), 1);
      atomic.notify(goSlot(ctl, t), 1);
    }
    // Every chunk is claimed once this returns; the helpers then owe the rest.
    const owed = CHUNKS - runClaimed(ctl, 0, threadsT, gen, m, pending);
    let spins = 0;
    while (true) {
      const done = atomic.load<i32>(ctl + C_DONE);
      if (done >= owed) break;
      if (++spins > SPIN) atomic.wait<i32>(ctl + C_DONE, done, -1);
    }
  } else {
    setHelpersIdle(true); // steps only shrink: no later sweep of this solve is shared
    for (let c = 0; c < CHUNKS; c++) runChunk(a, m, c, q0, stride, pending);
  }
}

/**
 * A helper thread's life (threaded build): waits on its own start signal, runs the chunks it
 * claims (runClaimed), adds their number to C_DONE, until the host sets EXIT. Helpers are
 * numbered t = 1 … CHUNKS − 1; a sweep on T threads signals helpers 1 … T − 1 only, and the
 * host waits until the helpers have finished every chunk it did not run itself.
 */
export function helperLoop(t: i32): void {
  if (!ASC_FEATURE_THREADS || t < 1 || t >= CHUNKS) return;
  const ctl = controlPtr();
  const go = goSlot(ctl, t);
  let seen = atomic.load<i32>(go);
  atomic.add<i32>(ctl + C_READY, 1);
  atomic.notify(ctl + C_READY, -1);
  while (true) {
    let signal = atomic.load<i32>(go);
    let spins = 0;
    while (signal == seen) {
      if (++spins > SPIN || atomic.load<i32>(ctl + C_IDLE) != 0) atomic.wait<i32>(go, seen, -1);
      signal = atomic.load<i32>(go);
    }
    seen = signal;
    if (atomic.load<i32>(ctl + C_EXIT) != 0) {
      atomic.sub<i32>(ctl + C_READY, 1);
      return;
    }
    const gen = atomic.load<i32>(ctl + C_GEN); // before the parameters (see sweep)
    const m = load<i32>(ctl + C_ROWS);
    const pending = load<i32>(ctl + C_PENDING) != 0;
    const threads = load<i32>(ctl + C_THREADS);
    const ran = runClaimed(ctl, t, threads, gen, m, pending);
    if (ran > 0) {
      atomic.add<i32>(ctl + C_HELPED, ran);
      atomic.add<i32>(ctl + C_DONE, ran);
      atomic.notify(ctl + C_DONE, 1);
    }
  }
}

/**
 * Host: the chunks the helpers ran since begin() (threaded build; 0 otherwise). A thread that
 * is done takes the others' unclaimed chunks, so a sweep may run on the host alone; a check
 * that the helpers give the host's bits needs them to have run.
 */
export function helperChunks(): i32 {
  if (!ASC_FEATURE_THREADS) return 0;
  return atomic.load<i32>(controlPtr() + C_HELPED);
}

/** Host: the number of helpers inside helperLoop (threaded build; 0 otherwise). */
export function helpersReady(): i32 {
  if (!ASC_FEATURE_THREADS) return 0;
  return atomic.load<i32>(controlPtr() + C_READY);
}

/** Host: tells every helper to return from helperLoop. */
export function stopHelpers(): void {
  if (!ASC_FEATURE_THREADS) return;
  const ctl = controlPtr();
  atomic.store<i32>(ctl + C_EXIT, 1);
  for (let t = 1; t < CHUNKS; t++) {
    atomic.add<i32>(goSlot(ctl, t), 1);
    atomic.notify(goSlot(ctl, t), -1);
  }
}

/**
 * Starts the reduction of the loaded matrix on `threads` threads (host included; more than the
 * live helpers + 1 is clamped): scales it by 1/max|aᵢⱼ| (squares cannot overflow). Returns the
 * first step's i (n − 1), or 0 when there is nothing to reduce.
 */
export function begin(n: i32, threads: i32, keep: i32): i32 {
  keepReflectors = keep != 0;
  if (n > 0) memory.fill(hP, 0, <usize>n << 3);
  const live = helpersReady() + 1;
  threadsT = threads < 1 ? 1 : threads > live ? live : threads;
  const ctl = controlPtr();
  store<i32>(ctl + C_THREADS, threadsT);
  if (ASC_FEATURE_THREADS) atomic.store<i32>(ctl + C_HELPED, 0);
  store<u32>(ctl + C_MAT, <u32>matP);
  store<u32>(ctl + C_VEC, <u32>vecP);
  store<u32>(ctl + C_STRIDE, <u32>vecStride);
  pendingUpdate = false;
  // helpers spin between this solve's shared sweeps (the first is signalled right after)
  setHelpersIdle(!(threadsT > 1 && n - 1 >= SHARE_MIN_ROWS));
  if (scaleS == 0 || n < 1) return 0;
  const inv = f64x2.splat(1.0 / scaleS);
  const end = matP + (rowOffset(n) << 3);
  for (let p = matP; p < end; p += 16) v128.store(p, f64x2.mul(v128.load(p), inv));
  return n - 1;
}

/** Householder step i (JAMA tred2 without the accumulation): reflects row i onto e[i]. */
function step(i: i32): void {
  const a = matP;
  const e = eP;
  const q = vecP;
  const ri = rowPtr(a, i);
  if (pendingUpdate) updateRow(ri, i, q);
  let sc: f64 = 0;
  for (let k = 0; k < i; k++) sc += abs(load<f64>(ri + (<usize>k << 3)));
  if (sc == 0) {
    // Row already reduced: no reflection; the pending update still applies to rows < i.
    store<f64>(e + (<usize>i << 3), 0);
    return;
  }
  // (h stays 0 for a row without reflection: hP was cleared by begin.)
  // v = row / sc and h = Σ v_k² in ascending k: elementwise in f64x2, the sum lane by lane (the
  // bits of the scalar loop).
  let h: f64 = 0;
  const SC = f64x2.splat(sc);
  let k = 0;
  for (; k + 1 < i; k += 2) {
    const x = f64x2.div(v128.load(ri + (<usize>k << 3)), SC);
    v128.store(q + ((<usize>k >> 1) << 6), x, SV);
    const xx = f64x2.mul(x, x);
    h += f64x2.extract_lane(xx, 0);
    h += f64x2.extract_lane(xx, 1);
  }
  if (k < i) {
    const x = load<f64>(ri + (<usize>k << 3)) / sc;
    store<f64>(va(q, k, SV), x);
    h += x * x;
  }
  let f = load<f64>(va(q, i - 1, SV));
  let g = sqrt(h);
  if (f > 0) g = -g;
  store<f64>(e + (<usize>i << 3), sc * g);
  h -= f * g;
  store<f64>(va(q, i - 1, SV), f - g);
  if (keepReflectors) {
    // Row i (entries k < i) is finished: no later step reads it, so it keeps this step's vector
    // v for the back-transformation (P_i = I − v vᵀ / h; src/core/linalg/eigenpairs.ts).
    for (let k = 0; k < i; k++) store<f64>(ri + (<usize>k << 3), load<f64>(va(q, k, SV)));
    store<f64>(hP + (<usize>i << 3), h);
  }
  sweep(i, pendingUpdate);
  // w = (y − (yᵀv / 2h) v) / h  (JAMA: e /= h; f = eᵀd; hh = f/(h+h); e -= hh·d), then the
  // new pending update (u, w) := (v, w). Elementwise in f64x2: the same bits as scalar code.
  f = reduceY(i, q, vecStride, h);
  const HH = f64x2.splat(f / (h + h));
  const blocks = (<usize>(i + 1) >> 1) << 6;
  for (let b = q; b < q + blocks; b += 64) {
    const vk = v128.load(b, SV);
    v128.store(b, f64x2.sub(v128.load(b, SY), f64x2.mul(HH, vk)), SW);
    v128.store(b, vk, SU);
  }
  pendingUpdate = true;
}

/** Steps i, i − 1, … (at most `count` of them, down to 1). Returns the next step's i, 0 at the end. */
export function reduceSteps(n: i32, i: i32, count: i32): i32 {
  if (scaleS == 0 || i <= 0 || i >= n) return 0;
  const stop = max(i - count, 0);
  for (let s = i; s > stop; s--) step(s);
  return stop;
}

@inline
function hypot2(a: f64, b: f64): f64 {
  const x = abs(a);
  const y = abs(b);
  if (x > y) {
    const t = y / x;
    return x * sqrt(1 + t * t);
  }
  if (y == 0) return 0;
  const t = x / y;
  return y * sqrt(1 + t * t);
}

// ---- Eigenvalues of the tridiagonal form: root-free QL/QR after LAPACK's dsterf ----

const EPS_L: f64 = 1.1102230246251565e-16; // 2⁻⁵³, LAPACK's dlamch('E')
const EPS2: f64 = EPS_L * EPS_L;

/** Eigenvalues of [[a, b], [b, c]] (LAPACK's dlae2): the larger in magnitude first. */
@inline
function lae2Big(a: f64, b: f64, c: f64): f64 {
  const sm = a + c;
  const adf = abs(a - c);
  const ab = abs(b + b);
  let rt: f64;
  if (adf > ab) rt = adf * sqrt(1 + (ab / adf) * (ab / adf));
  else if (adf < ab) rt = ab * sqrt(1 + (adf / ab) * (adf / ab));
  else rt = ab * 1.4142135623730951;
  return sm < 0 ? 0.5 * (sm - rt) : sm > 0 ? 0.5 * (sm + rt) : 0.5 * rt;
}

@inline
function lae2Small(a: f64, b: f64, c: f64, big: f64): f64 {
  const sm = a + c;
  if (sm == 0) return -big;
  const acmx = abs(a) > abs(c) ? a : c;
  const acmn = abs(a) > abs(c) ? c : a;
  return (acmx / big) * acmn - (b / big) * b;
}

// The block's largest |d|, |e| (LAPACK's dlanst('M')).
function blockNorm(d: usize, e: usize, l: i32, lend: i32): f64 {
  let m: f64 = 0;
  for (let i = l; i <= lend; i++) m = max(m, abs(load<f64>(d + (<usize>i << 3))));
  for (let i = l; i < lend; i++) m = max(m, abs(load<f64>(e + (<usize>i << 3))));
  return m;
}

/** 2^k, for −1022 ≤ k ≤ 1023 (built from its exponent bits: exact). */
@inline
function pow2(k: i32): f64 {
  return reinterpret<f64>(<u64>(k + 1023) << 52);
}

/**
 * x[from..to] ← x · 2^k, in steps of at most 2^±1000 so that every factor is a normal float
 * (exact unless a result is subnormal).
 */
function scalePow2(x: usize, from: i32, to: i32, k: i32): void {
  while (k != 0) {
    const step = k > 1000 ? 1000 : k < -1000 ? -1000 : k;
    const f = pow2(step);
    for (let i = from; i <= to; i++) {
      store<f64>(x + (<usize>i << 3), load<f64>(x + (<usize>i << 3)) * f);
    }
    k -= step;
  }
}

/** ⌊log₂ x⌋ for a finite x > 0, subnormals included. */
function exponentOf(x: f64): i32 {
  const biased = <i32>((reinterpret<u64>(x) >> 52) & 0x7ff);
  if (biased != 0) return biased - 1023;
  return <i32>((reinterpret<u64>(x * pow2(600)) >> 52) & 0x7ff) - 1023 - 600;
}

/** e's entry coupling d[q] and d[q + dir] (JAMA-shifted convention: e[i] couples d[i], d[i+1]). */
@inline
function eAt(e: usize, q: i32, dir: i32): usize {
  return e + (<usize>(dir > 0 ? q : q - 1) << 3);
}

@inline
function dAt(d: usize, q: i32): usize {
  return d + (<usize>q << 3);
}

/**
 * dsterf's iterations on the block l … lend (e already squared), deflating at l: QL when
 * dir = 1 (l < lend; sweeps run from the far end m down to l), QR when dir = −1 (the mirror
 * image). Writes the block's eigenvalues into d; returns the sweep count, stopping once it
 * reaches maxIter.
 *
 * Each iteration runs two sweeps with the same shift σ, the second one row behind the first, in
 * one loop: exactly the two sweeps run one after the other (sweep 1 has finished with an entry
 * before sweep 2 reads it), but their two dependency chains overlap, so a pair costs little more
 * than one sweep (docs/toolchain-notes.md §4). Rows are counted by q, the row whose d is α in a
 * rotation (q = m − dir down to l); sweep k's state is (ck, sk, gamk, pk).
 */
@inline
function sweepBlock(d: usize, e: usize, l: i32, lend: i32, dir: i32, jtot: i32, maxIter: i32): i32 {
  while (true) {
    // the first negligible coupling from l on: the unreduced part is l … m
    let m = l;
    for (; m != lend; m += dir) {
      const dm = load<f64>(dAt(d, m));
      const dm1 = load<f64>(dAt(d, m + dir));
      if (abs(load<f64>(eAt(e, m, dir))) <= EPS2 * abs(dm * dm1)) break;
    }
    if (m != lend) store<f64>(eAt(e, m, dir), 0);
    if (m == l) {
      l += dir; // d[l] is an eigenvalue
      if ((lend - l) * dir >= 0) continue;
      break;
    }
    if (m == l + dir) {
      // a 2×2 block: its two eigenvalues directly
      const a = load<f64>(dAt(d, l));
      const b = sqrt(load<f64>(eAt(e, l, dir)));
      const c = load<f64>(dAt(d, l + dir));
      const big = lae2Big(a, b, c);
      store<f64>(dAt(d, l), big);
      store<f64>(dAt(d, l + dir), lae2Small(a, b, c, big));
      store<f64>(eAt(e, l, dir), 0);
      l += 2 * dir;
      if ((lend - l) * dir >= 0) continue;
      break;
    }
    if (jtot >= maxIter) break;
    jtot += 2; // two sweeps (below)
    // Wilkinson-like shift from the 2×2 at l
    const dl = load<f64>(dAt(d, l));
    const rte = sqrt(load<f64>(eAt(e, l, dir)));
    let sigma = (load<f64>(dAt(d, l + dir)) - dl) / (2 * rte);
    const r0 = hypot2(sigma, 1);
    sigma = dl - rte / (sigma + (sigma >= 0 ? r0 : -r0));
    let c1: f64 = 1;
    let s1: f64 = 0;
    let gam1 = load<f64>(dAt(d, m)) - sigma;
    let p1 = gam1 * gam1;
    let c2: f64 = 1;
    let s2: f64 = 0;
    let gam2: f64 = 0;
    let p2: f64 = 0;
    const first = m - dir;
    const last = l - dir; // the step where sweep 1 finishes and sweep 2 rotates at l
    for (let q = first; q != last - dir; q -= dir) {
      if (q != last) {
        const bb = load<f64>(eAt(e, q, dir));
        const r = p1 + bb;
        if (q != first) store<f64>(eAt(e, q + dir, dir), s1 * r);
        const oldc = c1;
        const ir = 1 / r;
        c1 = p1 * ir;
        s1 = bb * ir;
        const alpha = load<f64>(dAt(d, q));
        const num = p1 * (alpha - sigma) - bb * gam1;
        const g = num * ir;
        store<f64>(dAt(d, q + dir), gam1 + (alpha - g));
        p1 = c1 != 0 ? g * (num / p1) : oldc * bb;
        gam1 = g;
      } else {
        store<f64>(eAt(e, l, dir), s1 * p1);
        store<f64>(dAt(d, l), sigma + gam1);
      }
      const q2 = q + dir; // sweep 2's row
      if (q2 == m) continue;
      if (q2 == first) {
        gam2 = load<f64>(dAt(d, m)) - sigma; // d[m] as sweep 1 left it
        p2 = gam2 * gam2;
      }
      const bb = load<f64>(eAt(e, q2, dir));
      const r = p2 + bb;
      if (q2 != first) store<f64>(eAt(e, q2 + dir, dir), s2 * r);
      const oldc = c2;
      const ir = 1 / r;
      c2 = p2 * ir;
      s2 = bb * ir;
      const alpha = load<f64>(dAt(d, q2));
      const num = p2 * (alpha - sigma) - bb * gam2;
      const g = num * ir;
      store<f64>(dAt(d, q2 + dir), gam2 + (alpha - g));
      p2 = c2 != 0 ? g * (num / p2) : oldc * bb;
      gam2 = g;
    }
    store<f64>(eAt(e, l, dir), s2 * p2);
    store<f64>(dAt(d, l), sigma + gam2);
  }
  return jtot;
}

/**
 * All eigenvalues of the symmetric tridiagonal (d, e) (e in JAMA's convention: e[i] couples
 * d[i−1] and d[i]) into d, unsorted: the Pal–Walker–Kahan root-free QL/QR of LAPACK's dsterf
 * (BSD; Reference LAPACK), which works on e² and needs no square root per rotation. Each block
 * runs QL or QR from its end with the smaller |d| (graded matrices), scaled by a power of two
 * first (exactly; below). Returns 0, or 1 when 60n + 100 sweeps did not converge.
 *
 * Two changes for speed, both exact rearrangements of dsterf's arithmetic or of its order
 * (docs/toolchain-notes.md §4). (1) The inner loop is one dependency chain through p: with
 * num = p(α − σ) − e²·γ and r = p + e², dsterf's γ' = c(α − σ) − sγ (c = p/r, s = e²/r) is
 * num/r, and its p' = γ'²/c is γ'·(num/p); the chain is one multiply-subtract, one division and
 * one multiply, and 1/r serves c, s and γ' (two divisions per rotation instead of four). (2)
 * Two sweeps per shift, interleaved (sweepBlock). N = 1500, the tridiagonal phase: ~12 ms,
 * against ~22 ms for one sweep per shift and ~29 ms for tql2's square-root QL (which this
 * replaced); numpy's dsterf takes ~27 ms on the same machine.
 */
function sterf(n: i32): i32 {
  const d = dP;
  const e = eP;
  for (let i = 1; i < n; i++) store<f64>(e + (<usize>(i - 1) << 3), load<f64>(e + (<usize>i << 3)));
  store<f64>(e + (<usize>(n - 1) << 3), 0);
  const maxIter = 60 * n + 100;
  let jtot = 0;
  let l1 = 0;
  while (l1 < n) {
    if (l1 > 0) store<f64>(e + (<usize>(l1 - 1) << 3), 0);
    // The next unreduced block l1..m: e[m] negligible against √|d[m] d[m+1]|.
    let m = l1;
    for (; m < n - 1; m++) {
      const em = abs(load<f64>(e + (<usize>m << 3)));
      const dm = sqrt(abs(load<f64>(d + (<usize>m << 3))));
      const dm1 = sqrt(abs(load<f64>(d + (<usize>(m + 1) << 3))));
      if (em <= dm * dm1 * EPS_L) {
        store<f64>(e + (<usize>m << 3), 0);
        break;
      }
    }
    let l = l1;
    const lsv = l;
    let lend = m;
    const lendsv = lend;
    l1 = m + 1;
    if (lend == l) continue;
    const anorm = blockNorm(d, e, l, lend);
    if (anorm == 0) continue;
    // The block scaled by a power of two into max(|d|, |e|) ∈ [1, 2): exact, and the loop's
    // num (cubic in the entries) can then neither overflow nor underflow for any entry above
    // ~1e-102 of the block's largest (dsterf's own scaling keeps only squares in range).
    const expo = exponentOf(anorm);
    scalePow2(d, l, lend, -expo);
    scalePow2(e, l, lend - 1, -expo);
    for (let i = l; i < lend; i++) {
      const x = load<f64>(e + (<usize>i << 3));
      store<f64>(e + (<usize>i << 3), x * x);
    }
    if (abs(load<f64>(d + (<usize>lend << 3))) < abs(load<f64>(d + (<usize>l << 3)))) {
      lend = lsv;
      l = lendsv;
    }
    // QL (deflating at the top, l < lend) or QR (at the bottom): one code, its direction a
    // constant at each call (inlined and folded).
    jtot =
      lend >= l
        ? sweepBlock(d, e, l, lend, 1, jtot, maxIter)
        : sweepBlock(d, e, l, lend, -1, jtot, maxIter);
    scalePow2(d, lsv, lendsv, expo);
    if (jtot >= maxIter) return 1;
  }
  return 0;
}

/**
 * After the last step: the diagonal (at valuesPtr()) and the sub-diagonal (at offDiagonalPtr(),
 * JAMA convention) of the tridiagonal form of the scaled, reversed matrix, before sterf.
 */
export function tridiagonal(n: i32): void {
  const d = dP;
  if (n <= 0) return;
  if (scaleS == 0) {
    memory.fill(d, 0, <usize>n << 3);
    memory.fill(eP, 0, <usize>n << 3);
    return;
  }
  const a = matP;
  setHelpersIdle(true);
  if (pendingUpdate) updateRow(a, 0, vecP);
  pendingUpdate = false;
  for (let j = 0; j < n; j++) {
    store<f64>(d + (<usize>j << 3), load<f64>(rowPtr(a, j) + (<usize>j << 3)));
  }
  store<f64>(eP, 0);
}

/**
 * After the last step: tridiagonal(n), sterf, and the scale restored. The n eigenvalues (unsorted)
 * are at valuesPtr(). Returns 0, or 1 when sterf did not converge within 60n + 100 iterations.
 */
export function finish(n: i32): i32 {
  if (n <= 0) return 0;
  tridiagonal(n);
  if (scaleS == 0) return 0;
  const d = dP;
  if (sterf(n) != 0) return 1;
  const s = scaleS;
  for (let j = 0; j < n; j++) {
    const o = <usize>j << 3;
    store<f64>(d + o, load<f64>(d + o) * s);
  }
  return 0;
}
