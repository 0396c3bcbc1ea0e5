// Blocked matrix product C += op(A)·op(B) over f64x2: AssemblyScript → WebAssembly (SIMD).
//
// The hot loop of the structured Gauss-Newton assembly (src/core/gn/structuredGram.ts,
// docs/gn-math.md §2, §6): forward and backward passes, ΔΔᵀ and HHᵀ (SYRK-like, upper part only)
// and the pair-product GEMMs of the p × p blocks. The TypeScript twin is gemmTs in ../../gemm.ts.
//
// Summation order (the contract both kernels keep, so that they agree to the last bit and a
// later split of the work over threads cannot change a digit): the k range of one call is cut
// into blocks of KC = 256 from its start; for every entry, each block's sum is formed in
// increasing k from +0 (separately rounded multiply, then add: wasm has no implicit fusion), and
// the block sums are added to C in increasing block order.
//
// Why it is fast (GotoBLAS layout): a KC × NC slab of op(B) and an MC × KC block of op(A) are
// packed into micro-panels (4 columns of B, 4 rows of A, contiguous along k), so the 4 × 4
// micro-kernel streams two contiguous arrays and keeps its 16 sums in 8 f64x2 registers
// (4 × 6 or 6 × 4 tiles need 15–16 of the 16 xmm registers V8 uses and spilled).
//
// Memory (no runtime, no GC: --runtime stub): reserve(aLen, bLen, cLen) lays out, from
// __heap_base, a control block, the packing buffers of every thread and room for A, B and C,
// growing memory when needed. The host writes A, B (contiguous, in their stored layout) and C at
// aPtr(), bPtr(), cPtr(), calls gemm(...) (or gemmThreads(...)), and reads C back.
//
// Threads (the build on an imported shared memory, scripts/build-wasm.mjs): gemmThreads cuts C
// into row ranges of equal work, one per thread; helper t (helperLoop(t)) runs its range with
// its own packing buffers, the host runs range 0, and they meet at a barrier of atomics. Every
// entry of C is still formed by one thread in the summation order above, so any thread count
// gives the bits of gemm() on one thread.

const KC: i32 = 256;
const MC: i32 = 128; // multiple of MR
const NC: i32 = 1024; // multiple of NR
const MR: i32 = 4;
const NR: i32 = 4;

/** Threads at most (host included): each has its own packing buffers. */
const MAX_THREADS: i32 = 4;
const A_PACK_BYTES: u64 = <u64>(MC * KC) * 8;
const B_PACK_BYTES: u64 = <u64>(KC * NC) * 8;

// The control block (i32 slots at controlPtr(), the same address in every instance): the
// barrier and the current product, which helpers read into their own globals.
const C_GO: usize = 0; // bumped by the host per shared product
const C_DONE: usize = 4; // helpers that finished it
const C_EXIT: usize = 8; // 1: helpers return from helperLoop
const C_READY: usize = 12; // helpers inside helperLoop
const C_M: usize = 16;
const C_N: usize = 20;
const C_K: usize = 24;
const C_TRANS_A: usize = 28;
const C_TRANS_B: usize = 32;
const C_MIN_DIAG: usize = 36;
const C_THREADS: usize = 40;
const C_PACK: usize = 44; // address of thread 0's packing buffers
const C_A: usize = 48;
const C_B: usize = 52;
const C_C: usize = 56;
const C_ROWS: usize = 64; // row boundaries: MAX_THREADS + 1 slots
const CONTROL_BYTES: u64 = 128;
/** Spins before a waiting thread sleeps: a wake-up costs ~0.15–0.9 ms on a 2-core VM. */
const SPIN: i32 = 200000;

let apP: usize = 0; // packed A block: MC/MR panels of KC × MR (this thread's)
let bpP: usize = 0; // packed B slab: NC/NR panels of KC × NR (this thread's)
let packBase: usize = 0; // thread 0's packing buffers; thread t's follow at t·(A + B bytes)
let rowEnd: i32 = 0; // rows ≥ rowEnd belong to another thread (m on one thread)
let aP: usize = 0;
let bP: usize = 0;
let cP: usize = 0;
let capA: i64 = -1;
let capB: i64 = -1;
let capC: i64 = -1;

@inline
function align64(x: u64): u64 {
  return (x + 63) & ~(<u64>63);
}

/**
 * Room for A (aLen doubles), B (bLen) and C (cLen). Returns 1, or 0 when memory cannot grow
 * that far (the host then splits the product into smaller calls).
 */
export function reserve(aLen: i32, bLen: i32, cLen: i32): i32 {
  if (aLen < 0 || bLen < 0 || cLen < 0) return 0;
  if (<i64>aLen <= capA && <i64>bLen <= capB && <i64>cLen <= capC) return 1;
  const base = align64(<u64>__heap_base);
  const packs = align64(base + CONTROL_BYTES);
  const a = align64(packs + <u64>MAX_THREADS * (A_PACK_BYTES + B_PACK_BYTES));
  const b = align64(a + <u64>aLen * 8);
  const c = align64(b + <u64>bLen * 8);
  const end = c + <u64>cLen * 8 + 64;
  if (end > 0xffff0000) return 0;
  const pages = <i32>((end + 0xffff) >> 16);
  const have = memory.size();
  if (pages > have && memory.grow(pages - have) < 0) return 0;
  packBase = <usize>packs;
  usePacks(0);
  aP = <usize>a;
  bP = <usize>b;
  cP = <usize>c;
  capA = aLen;
  capB = bLen;
  capC = cLen;
  return 1;
}

/** The control block's address (64-byte aligned __heap_base, the same in every instance). */
function controlPtr(): usize {
  return <usize>align64(<u64>__heap_base);
}

/** Points this instance's packing buffers at thread t's. */
function usePacks(t: i32): void {
  const stride = <usize>(A_PACK_BYTES + B_PACK_BYTES);
  apP = packBase + <usize>t * stride;
  bpP = apP + <usize>A_PACK_BYTES;
}

export function aPtr(): usize {
  return aP;
}

export function bPtr(): usize {
  return bP;
}

export function cPtr(): usize {
  return cP;
}

// op(B)[pc + t, jc + jr + c] for t < kc, c < NR into panel jr (zero beyond column n).
// transB = 0: B is k × n row-major; transB = 1: B is n × k row-major (op(B) = Bᵀ).
function packB(k: i32, n: i32, transB: i32, pc: i32, kc: i32, jc: i32, nc: i32): void {
  for (let jr: i32 = 0; jr < nc; jr += NR) {
    const panel = bpP + <usize>(jr * kc) * 8;
    for (let c: i32 = 0; c < NR; c++) {
      const j = jc + jr + c;
      let dst = panel + <usize>c * 8;
      if (j >= n) {
        for (let t: i32 = 0; t < kc; t++, dst += NR * 8) store<f64>(dst, 0);
      } else if (transB) {
        let src = bP + (<usize>j * <usize>k + <usize>pc) * 8;
        for (let t: i32 = 0; t < kc; t++, dst += NR * 8, src += 8) store<f64>(dst, load<f64>(src));
      } else {
        let src = bP + (<usize>pc * <usize>n + <usize>j) * 8;
        const step = <usize>n * 8;
        for (let t: i32 = 0; t < kc; t++, dst += NR * 8, src += step)
          store<f64>(dst, load<f64>(src));
      }
    }
  }
}

// op(A)[ic + ir + r, pc + t] for t < kc, r < MR into panel ir (zero from row rowEnd on).
// transA = 0: A is m × k row-major; transA = 1: A is k × m row-major (op(A) = Aᵀ).
function packA(m: i32, k: i32, transA: i32, pc: i32, kc: i32, ic: i32, mc: i32): void {
  for (let ir: i32 = 0; ir < mc; ir += MR) {
    const panel = apP + <usize>(ir * kc) * 8;
    for (let r: i32 = 0; r < MR; r++) {
      const i = ic + ir + r;
      let dst = panel + <usize>r * 8;
      if (i >= rowEnd) {
        for (let t: i32 = 0; t < kc; t++, dst += MR * 8) store<f64>(dst, 0);
      } else if (transA) {
        let src = aP + (<usize>pc * <usize>m + <usize>i) * 8;
        const step = <usize>m * 8;
        for (let t: i32 = 0; t < kc; t++, dst += MR * 8, src += step)
          store<f64>(dst, load<f64>(src));
      } else {
        let src = aP + (<usize>i * <usize>k + <usize>pc) * 8;
        for (let t: i32 = 0; t < kc; t++, dst += MR * 8, src += 8) store<f64>(dst, load<f64>(src));
      }
    }
  }
}

// Adds one lane sum to C[i, j] when the entry exists and lies on or above the diagonal band.
@inline
function addEntry(i: i32, j: i32, m: i32, n: i32, minDiag: i32, v: f64): void {
  if (i < rowEnd && j < n && j - i >= minDiag) {
    const p = cP + (<usize>i * <usize>n + <usize>j) * 8;
    store<f64>(p, load<f64>(p) + v);
  }
}

@inline
function addRow(i0: i32, j0: i32, m: i32, n: i32, minDiag: i32, lo: v128, hi: v128): void {
  addEntry(i0, j0, m, n, minDiag, f64x2.extract_lane(lo, 0));
  addEntry(i0, j0 + 1, m, n, minDiag, f64x2.extract_lane(lo, 1));
  addEntry(i0, j0 + 2, m, n, minDiag, f64x2.extract_lane(hi, 0));
  addEntry(i0, j0 + 3, m, n, minDiag, f64x2.extract_lane(hi, 1));
}

// The 4 × 4 tile C[i0.., j0..] += (packed A panel)·(packed B panel) over kc steps.
function micro(kc: i32, ap: usize, bp: usize, i0: i32, j0: i32, m: i32, n: i32, minDiag: i32): void {
  let c00 = f64x2.splat(0);
  let c01 = f64x2.splat(0);
  let c10 = f64x2.splat(0);
  let c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0);
  let c21 = f64x2.splat(0);
  let c30 = f64x2.splat(0);
  let c31 = f64x2.splat(0);
  const aEnd = ap + <usize>(kc * MR) * 8;
  for (let a = ap, b = bp; a < aEnd; a += MR * 8, b += NR * 8) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    const a0 = v128.load64_splat(a);
    c00 = f64x2.add(c00, f64x2.mul(a0, b0));
    c01 = f64x2.add(c01, f64x2.mul(a0, b1));
    const a1 = v128.load64_splat(a, 8);
    c10 = f64x2.add(c10, f64x2.mul(a1, b0));
    c11 = f64x2.add(c11, f64x2.mul(a1, b1));
    const a2 = v128.load64_splat(a, 16);
    c20 = f64x2.add(c20, f64x2.mul(a2, b0));
    c21 = f64x2.add(c21, f64x2.mul(a2, b1));
    const a3 = v128.load64_splat(a, 24);
    c30 = f64x2.add(c30, f64x2.mul(a3, b0));
    c31 = f64x2.add(c31, f64x2.mul(a3, b1));
  }
  if (i0 + MR <= rowEnd && j0 + NR <= n && j0 - (i0 + MR - 1) >= minDiag) {
    // whole tile inside C and inside the band: vector read-modify-write
    const row = <usize>n * 8;
    let p = cP + (<usize>i0 * <usize>n + <usize>j0) * 8;
    v128.store(p, f64x2.add(v128.load(p), c00));
    v128.store(p, f64x2.add(v128.load(p, 16), c01), 16);
    p += row;
    v128.store(p, f64x2.add(v128.load(p), c10));
    v128.store(p, f64x2.add(v128.load(p, 16), c11), 16);
    p += row;
    v128.store(p, f64x2.add(v128.load(p), c20));
    v128.store(p, f64x2.add(v128.load(p, 16), c21), 16);
    p += row;
    v128.store(p, f64x2.add(v128.load(p), c30));
    v128.store(p, f64x2.add(v128.load(p, 16), c31), 16);
    return;
  }
  addRow(i0, j0, m, n, minDiag, c00, c01);
  addRow(i0 + 1, j0, m, n, minDiag, c10, c11);
  addRow(i0 + 2, j0, m, n, minDiag, c20, c21);
  addRow(i0 + 3, j0, m, n, minDiag, c30, c31);
}

/**
 * C (m × n, row-major at cPtr) += op(A)·op(B), inner dimension k, for the entries with
 * j − i ≥ minDiag only (pass −2³¹ for all of them; 0 for the upper triangle of a square C);
 * the other entries are not touched. A at aPtr is m × k (transA = 0) or k × m (transA = 1),
 * B at bPtr is k × n (transB = 0) or n × k (transB = 1), both contiguous row-major.
 */
export function gemm(m: i32, n: i32, k: i32, transA: i32, transB: i32, minDiag: i32): void {
  usePacks(0);
  gemmRows(m, n, k, transA, transB, minDiag, 0, m);
}

/** Rows r0..r1−1 of the product of {@link gemm} (the other rows are not touched). */
function gemmRows(
  m: i32,
  n: i32,
  k: i32,
  transA: i32,
  transB: i32,
  minDiag: i32,
  r0: i32,
  r1: i32,
): void {
  if (r0 >= r1 || n <= 0 || k <= 0) return;
  rowEnd = r1;
  for (let jc: i32 = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    if (jc + nc - 1 - r0 < minDiag) continue; // every entry of the slab lies below the band
    for (let pc: i32 = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB(k, n, transB, pc, kc, jc, nc);
      for (let ic: i32 = r0; ic < r1; ic += MC) {
        const mc = min(MC, r1 - ic);
        if (jc + nc - 1 - ic < minDiag) break; // later row blocks lie lower still
        packA(m, k, transA, pc, kc, ic, mc);
        for (let jr: i32 = 0; jr < nc; jr += NR) {
          const j0 = jc + jr;
          const bp = bpP + <usize>(jr * kc) * 8;
          for (let ir: i32 = 0; ir < mc; ir += MR) {
            const i0 = ic + ir;
            if (j0 + NR - 1 - i0 < minDiag) break; // this tile and the ones under it
            micro(kc, apP + <usize>(ir * kc) * 8, bp, i0, j0, m, n, minDiag);
          }
        }
      }
    }
  }
}

/** Entries of row i that the product touches: columns j < n with j − i ≥ minDiag. */
@inline
function rowWork(i: i32, n: i32, minDiag: i32): i64 {
  const first = <i64>i + <i64>minDiag;
  return first <= 0 ? <i64>n : first >= <i64>n ? 0 : <i64>n - first;
}

/**
 * {@link gemm} on `threads` threads (host included; clamped to the helpers inside helperLoop + 1):
 * C's rows are cut into ranges of equal work (multiples of MR), range t run by thread t. The
 * same bits as gemm() for any thread count (each entry is formed by one thread, in order).
 */
export function gemmThreads(
  m: i32,
  n: i32,
  k: i32,
  transA: i32,
  transB: i32,
  minDiag: i32,
  threads: i32,
): void {
  if (m <= 0 || n <= 0 || k <= 0) return;
  // (the one-thread build folds this to gemm(): its code below is never compiled)
  if (!ASC_FEATURE_THREADS || threads <= 1 || m < 2 * MR) {
    gemm(m, n, k, transA, transB, minDiag);
    return;
  }
  const ctl = controlPtr();
  const live = atomic.load<i32>(ctl + C_READY) + 1;
  const T = min(threads, min(live, MAX_THREADS));
  if (T <= 1) {
    gemm(m, n, k, transA, transB, minDiag);
    return;
  }
  // Row boundaries of equal work (the band makes lower rows shorter).
  let total: i64 = 0;
  for (let i: i32 = 0; i < m; i++) total += rowWork(i, n, minDiag);
  const rows = ctl + C_ROWS;
  store<i32>(rows, 0);
  let acc: i64 = 0;
  let t: i32 = 1;
  for (let i: i32 = 0; i < m && t < T; i++) {
    acc += rowWork(i, n, minDiag);
    while (t < T && acc * <i64>T >= total * <i64>t) {
      const cut = min(m, ((i + 1 + MR - 1) / MR) * MR);
      store<i32>(rows + (<usize>t << 2), max(cut, load<i32>(rows + (<usize>(t - 1) << 2))));
      t++;
    }
  }
  for (; t < T; t++) store<i32>(rows + (<usize>t << 2), m);
  store<i32>(rows + (<usize>T << 2), m);
  store<i32>(ctl + C_M, m);
  store<i32>(ctl + C_N, n);
  store<i32>(ctl + C_K, k);
  store<i32>(ctl + C_TRANS_A, transA);
  store<i32>(ctl + C_TRANS_B, transB);
  store<i32>(ctl + C_MIN_DIAG, minDiag);
  store<i32>(ctl + C_THREADS, T);
  store<u32>(ctl + C_PACK, <u32>packBase);
  store<u32>(ctl + C_A, <u32>aP);
  store<u32>(ctl + C_B, <u32>bP);
  store<u32>(ctl + C_C, <u32>cP);
  atomic.store<i32>(ctl + C_DONE, 0);
  atomic.add<i32>(ctl + C_GO, 1);
  atomic.notify(ctl + C_GO, -1);
  usePacks(0);
  gemmRows(m, n, k, transA, transB, minDiag, 0, load<i32>(rows + 4));
  const helpers = T - 1;
  let spins = 0;
  while (true) {
    const done = atomic.load<i32>(ctl + C_DONE);
    if (done >= helpers) break;
    if (++spins > SPIN) atomic.wait<i32>(ctl + C_DONE, done, -1);
  }
}

/**
 * A helper's life (threaded build): waits for a product, runs its row range if the product has
 * one for it (helpers beyond the product's thread count just report), until EXIT.
 */
export function helperLoop(t: i32): void {
  if (!ASC_FEATURE_THREADS || t < 1 || t >= MAX_THREADS) return;
  const ctl = controlPtr();
  let seen = atomic.load<i32>(ctl + C_GO);
  atomic.add<i32>(ctl + C_READY, 1);
  atomic.notify(ctl + C_READY, -1);
  while (true) {
    let signal = atomic.load<i32>(ctl + C_GO);
    let spins = 0;
    while (signal == seen) {
      if (++spins > SPIN) atomic.wait<i32>(ctl + C_GO, seen, -1);
      signal = atomic.load<i32>(ctl + C_GO);
    }
    seen = signal;
    if (atomic.load<i32>(ctl + C_EXIT) != 0) {
      atomic.sub<i32>(ctl + C_READY, 1);
      return;
    }
    const T = load<i32>(ctl + C_THREADS);
    if (t < T) {
      packBase = <usize>load<u32>(ctl + C_PACK);
      aP = <usize>load<u32>(ctl + C_A);
      bP = <usize>load<u32>(ctl + C_B);
      cP = <usize>load<u32>(ctl + C_C);
      usePacks(t);
      const rows = ctl + C_ROWS;
      gemmRows(
        load<i32>(ctl + C_M),
        load<i32>(ctl + C_N),
        load<i32>(ctl + C_K),
        load<i32>(ctl + C_TRANS_A),
        load<i32>(ctl + C_TRANS_B),
        load<i32>(ctl + C_MIN_DIAG),
        load<i32>(rows + (<usize>t << 2)),
        load<i32>(rows + (<usize>(t + 1) << 2)),
      );
      atomic.add<i32>(ctl + C_DONE, 1);
      atomic.notify(ctl + C_DONE, 1);
    }
  }
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
  atomic.add<i32>(ctl + C_GO, 1);
  atomic.notify(ctl + C_GO, -1);
}
