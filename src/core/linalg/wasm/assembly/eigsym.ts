// Eigenvalues of a real symmetric matrix, values only: AssemblyScript → WebAssembly (SIMD f64x2).
//
// Algorithm: Householder tridiagonalisation + implicit QL, after JAMA's tred2/tql2 (public
// domain, NIST/MathWorks, from EISPACK; Bowdler, Martin, Reinsch & Wilkinson, Handbook for
// Automatic Computation vol. II), the same steps as eigvalsSymTs in ../../eigSym.ts.
//
// Why it is fast:
// - The matrix is reversed in place (B = J A J, J the exchange matrix): the upper triangle of
//   row-major A is then the lower triangle of row-major B, so row j of the working triangle is
//   the contiguous run B[j][0..j]; every row starts at column 0 and the next Householder vector
//   is a contiguous row. Same eigenvalues, one streaming pass to set up.
// - The rank-2 update of step i (A ← A − u wᵀ − w uᵀ) is fused with the symmetric
//   matrix-vector product of step i−1 in one sweep over the triangle: the triangle is read and
//   written once per step instead of read twice and written once. The last row of the next
//   block is updated first (O(i)) so the next Householder vector is known before the sweep.
// - The sweep handles two rows at a time with f64x2 lanes, so the vectors (u, w, v, y) are
//   loaded once per two matrix rows.
// - Built twice (scripts/build-wasm.mjs): plain SIMD, and with relaxed SIMD, whose fused
//   multiply-add (madd/nmadd below) halves the floating-point operations of the sweeps. The
//   host picks the relaxed module where the engine validates it (Chromium ≥ 114, Node ≥ 22).
// The QL phase is O(n²) and stays scalar.
//
// Memory (no runtime, no GC: built with --runtime stub): a fixed layout from __heap_base that
// reserve(n) lays out and grows with memory.grow. The host writes A (n×n row-major) at the
// pointer reserve returns, calls prepare(n) then solve(n), and reads the n eigenvalues
// (unsorted) at valuesPtr().

const EPS: f64 = 2.220446049250313e-16; // 2^-52, as in eigSym.ts

let capN: i32 = -1;
let matP: usize = 0; // n×n f64, row-major, stride n
let dP: usize = 0; // diagonal, then eigenvalues
let eP: usize = 0; // sub-diagonal
let vecP: usize = 0; // the four interleaved work vectors (see SU..SY)
let hP: usize = 0; // h of each Householder reflection, kept by reduce(n, 1)
let scaleS: f64 = 0; // max |aᵢⱼ| found by prepare
let keepReflectors: bool = false; // reduce(n, 1): each step's vector goes into its finished row

/**
 * Lays out memory for an n×n problem, growing it when needed. Returns the matrix pointer, or 0
 * when the memory cannot grow (n too large for a 32-bit address space or refused by the host).
 */
export function reserve(n: i32): usize {
  if (n < 0) return 0;
  if (n <= capN) return matP;
  const nv = (<u64>n + 1) & ~(<u64>1); // even length: every vector stays 16-byte aligned
  const base = (<u64>__heap_base + 15) & ~(<u64>15);
  const end = base + 7 * nv * 8 + <u64>n * <u64>n * 8 + 64;
  if (end > 0xffff0000) return 0;
  const pages = <i32>((end + 0xffff) >> 16);
  const have = memory.size();
  if (pages > have && memory.grow(pages - have) < 0) return 0;
  const bytes = <usize>(nv * 8);
  vecP = <usize>((base + 63) & ~(<u64>63)); // cache-line aligned: 4·nv doubles
  dP = vecP + 4 * bytes;
  eP = dP + bytes;
  hP = eP + bytes;
  matP = hP + bytes;
  capN = n;
  return matP;
}

export function valuesPtr(): usize {
  return dP;
}

/** The sub-diagonal of the tridiagonal after reduce(n, ·): e[1..n−1], e[0] = 0. */
export function offDiagonalPtr(): usize {
  return eP;
}

/** h of each reflection after reduce(n, 1): P_i = I − v_i v_iᵀ / h[i] (0: none). */
export function reflectorHPtr(): usize {
  return hP;
}

/** The scale prepare(n) divided the matrix by (max |aᵢⱼ|; 0 for the zero matrix). */
export function scale(): f64 {
  return scaleS;
}

/**
 * Checks A for non-finite entries (returns the flat index of the first one, nothing changed),
 * else scales by 1/max|aᵢⱼ| (so squares cannot overflow) and reverses it in place; returns −1.
 */
export function prepare(n: i32): i32 {
  const total = <usize>n * <usize>n;
  const a = matP;
  // max |x| with pmax (one instruction, NaN-blind) and, for NaN/±∞, a sum of x·0 (0 for finite
  // x, NaN otherwise): cheaper than f64x2.max's NaN-propagating lowering. Two accumulators each
  // so that the loop is not bound by their latency.
  let m0 = f64x2.splat(0);
  let m1 = f64x2.splat(0);
  let z0 = f64x2.splat(0);
  let z1 = f64x2.splat(0);
  const zero = f64x2.splat(0);
  let i: usize = 0;
  for (; i + 4 <= total; i += 4) {
    const x0 = v128.load(a + (i << 3));
    const x1 = v128.load(a + (i << 3), 16);
    m0 = f64x2.pmax(m0, f64x2.abs(x0));
    m1 = f64x2.pmax(m1, f64x2.abs(x1));
    z0 = f64x2.add(z0, f64x2.mul(x0, zero));
    z1 = f64x2.add(z1, f64x2.mul(x1, zero));
  }
  m0 = f64x2.pmax(m0, m1);
  z0 = f64x2.add(z0, z1);
  let m = max(f64x2.extract_lane(m0, 0), f64x2.extract_lane(m0, 1));
  let z = f64x2.extract_lane(z0, 0) + f64x2.extract_lane(z0, 1);
  for (; i < total; i++) {
    const x = load<f64>(a + (i << 3));
    m = max(m, abs(x));
    z += x * 0;
  }
  if (z != 0 || !isFinite(m)) {
    for (let k: usize = 0; k < total; k++) {
      if (!isFinite(load<f64>(a + (k << 3)))) return <i32>k;
    }
  }
  scaleS = m;
  if (m == 0) return -1;
  const inv = 1.0 / m;
  const inv2 = f64x2.splat(inv);
  // Two-entry chunks from both ends, lanes swapped; the (at most 3) middle entries are scalar.
  let lo: usize = 0;
  let hi: usize = total;
  while (lo + 4 <= hi) {
    const pl = a + (lo << 3);
    const ph = a + ((hi - 2) << 3);
    const x = v128.load(pl);
    const y = v128.load(ph);
    v128.store(pl, f64x2.mul(v128.shuffle<f64>(y, y, 1, 0), inv2));
    v128.store(ph, f64x2.mul(v128.shuffle<f64>(x, x, 1, 0), inv2));
    lo += 2;
    hi -= 2;
  }
  hi--;
  while (lo < hi) {
    const x = load<f64>(a + (lo << 3));
    const y = load<f64>(a + (hi << 3));
    store<f64>(a + (lo << 3), y * inv);
    store<f64>(a + (hi << 3), x * inv);
    lo++;
    hi--;
  }
  if (lo == hi) store<f64>(a + (lo << 3), load<f64>(a + (lo << 3)) * inv);
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
 * y = A v over the leading m×m block (rows 0..m−1 of the lower triangle, stride n), two rows
 * (j, j+1; j even) at a time: row j gives the dot product Σ_{k<j} a_jk v_k (towards y_j) and
 * the axpy y_k += a_jk v_j. Each y_j is first written by its own row pair (rows before j do not
 * touch it), so y needs no zeroing. Used for the first reflection, when no update is pending.
 */
function symv(a: usize, n: i32, m: i32, q: usize): void {
  const ld = <usize>n << 3;
  let j: i32 = 0;
  for (; j + 1 < m; j += 2) {
    const r0 = a + <usize>j * ld;
    const r1 = r0 + ld;
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
  if (j < m) lastRow(a + <usize>j * ld, j, q);
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
 * Fused sweep over rows 0..m−1: applies the pending update A ← A − u wᵀ − w uᵀ and, on the
 * updated entries, computes y = A v (as in symv). One read and one write of each entry; the
 * column loop is unrolled twice (four unrolled blocks spill registers and ran slower).
 */
function fused(a: usize, n: i32, m: i32, q: usize): void {
  const ld = <usize>n << 3;
  let j: i32 = 0;
  for (; j + 1 < m; j += 2) {
    const r0 = a + <usize>j * ld;
    const r1 = r0 + ld;
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
  if (j < m) {
    const r0 = a + <usize>j * ld;
    updateRow(r0, j, q);
    lastRow(r0, j, q);
  }
}

/**
 * Householder reduction of the lower triangle (stride n) to tridiagonal form, values only
 * (JAMA tred2 without the accumulation). On return d holds the diagonal and e[1..n−1] the
 * sub-diagonal (JAMA convention), e[0] = 0.
 */
function tridiagonalize(n: i32): void {
  const a = matP;
  const d = dP;
  const e = eP;
  const q = vecP;
  const ld = <usize>n << 3;
  let pending = false; // whether (u, w) holds an update not yet applied to rows 0..i
  for (let i = n - 1; i > 0; i--) {
    const ri = a + <usize>i * ld;
    if (pending) updateRow(ri, i, q);
    let sc: f64 = 0;
    for (let k = 0; k < i; k++) sc += abs(load<f64>(ri + (<usize>k << 3)));
    if (sc == 0) {
      // Row already reduced: no reflection; the pending update still applies to rows < i.
      store<f64>(e + (<usize>i << 3), 0);
      if (keepReflectors) store<f64>(hP + (<usize>i << 3), 0);
      continue;
    }
    let h: f64 = 0;
    for (let k = 0; k < i; k++) {
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
      // Row i (entries k < i) is finished: no later step reads it, so it keeps this step's
      // vector v for the back-transformation (P_i = I − v vᵀ / h).
      for (let k = 0; k < i; k++) store<f64>(ri + (<usize>k << 3), load<f64>(va(q, k, SV)));
      store<f64>(hP + (<usize>i << 3), h);
    }
    if (pending) fused(a, n, i, q);
    else symv(a, n, i, q);
    // w = (y − (yᵀv / 2h) v) / h  (JAMA: e /= h; f = eᵀd; hh = f/(h+h); e -= hh·d), then the
    // new pending update (u, w) := (v, w).
    f = 0;
    for (let k = 0; k < i; k++) {
      const x = load<f64>(va(q, k, SY)) / h;
      store<f64>(va(q, k, SY), x);
      f += x * load<f64>(va(q, k, SV));
    }
    const hh = f / (h + h);
    for (let k = 0; k < i; k++) {
      const vk = load<f64>(va(q, k, SV));
      store<f64>(va(q, k, SW), load<f64>(va(q, k, SY)) - hh * vk);
      store<f64>(va(q, k, SU), vk);
    }
    pending = true;
  }
  if (n > 0 && pending) updateRow(a, 0, q);
  for (let j = 0; j < n; j++) {
    store<f64>(d + (<usize>j << 3), load<f64>(a + <usize>j * ld + (<usize>j << 3)));
  }
  if (n > 0) store<f64>(e, 0);
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

/** Implicit QL on (d, e), values only (JAMA tql2 without vectors). Returns 0, or 1 on no convergence. */
function tql(n: i32): i32 {
  const d = dP;
  const e = eP;
  for (let i = 1; i < n; i++) store<f64>(e + (<usize>(i - 1) << 3), load<f64>(e + (<usize>i << 3)));
  store<f64>(e + (<usize>(n - 1) << 3), 0);
  let f: f64 = 0;
  let tst1: f64 = 0;
  const maxIter = 60 * n + 100;
  let iterTotal = 0;
  for (let l = 0; l < n; l++) {
    const ol = <usize>l << 3;
    tst1 = max(tst1, abs(load<f64>(d + ol)) + abs(load<f64>(e + ol)));
    let m = l;
    while (m < n - 1) {
      if (abs(load<f64>(e + (<usize>m << 3))) <= EPS * tst1) break;
      m++;
    }
    if (m > l) {
      do {
        if (++iterTotal > maxIter) return 1;
        let g = load<f64>(d + ol);
        const el = load<f64>(e + ol);
        let p = (load<f64>(d + ol, 8) - g) / (2 * el);
        let r = hypot2(p, 1);
        if (p < 0) r = -r;
        store<f64>(d + ol, el / (p + r));
        store<f64>(d + ol, el * (p + r), 8);
        const dl1 = load<f64>(d + ol, 8);
        let h = g - load<f64>(d + ol);
        for (let i = l + 2; i < n; i++) {
          const o = <usize>i << 3;
          store<f64>(d + o, load<f64>(d + o) - h);
        }
        f += h;
        p = load<f64>(d + (<usize>m << 3));
        let c: f64 = 1;
        let c2: f64 = c;
        let c3: f64 = c;
        const el1 = load<f64>(e + ol, 8);
        let s: f64 = 0;
        let s2: f64 = 0;
        for (let i = m - 1; i >= l; i--) {
          const o = <usize>i << 3;
          c3 = c2;
          c2 = c;
          s2 = s;
          const ei = load<f64>(e + o);
          const di = load<f64>(d + o);
          g = c * ei;
          h = c * p;
          // This loop is one long dependency chain through p (sqrt and divisions), so:
          // - r = √(p² + e²) directly: entries are O(n) after scaling, p² + e² cannot overflow;
          //   the safe hypot2 is kept for the tiny case where the squares would underflow (its
          //   unpredictable branch and extra division cost ~40% of QL otherwise);
          // - JAMA's p = c·d − s·g with c = p/r, s = e/r is computed as (p·d − e·g)/r, whose
          //   numerator does not wait for the square root (shorter chain).
          const rr = p * p + ei * ei;
          r = rr > 1e-280 ? sqrt(rr) : hypot2(p, ei);
          store<f64>(e + o, s * r, 8);
          const num = p * di - ei * g;
          const ir = 1 / r; // one division instead of three: sqrt and divisions share a unit
          s = ei * ir;
          c = p * ir;
          p = num * ir;
          store<f64>(d + o, h + s * (c * g + s * di), 8);
        }
        p = (-s * s2 * c3 * el1 * load<f64>(e + ol)) / dl1;
        store<f64>(e + ol, s * p);
        store<f64>(d + ol, c * p);
      } while (abs(load<f64>(e + ol)) > EPS * tst1);
    }
    store<f64>(d + ol, load<f64>(d + ol) + f);
    store<f64>(e + ol, 0);
  }
  return 0;
}

/**
 * The Householder reduction alone of the matrix set up by prepare(n) (scaled and reversed):
 * the diagonal at valuesPtr(), the sub-diagonal at offDiagonalPtr(); with keep = 1, row i of
 * the matrix (entries k < i) holds reflection i's vector and reflectorHPtr() its h, so
 * B = Q T Qᵀ with Q = P_{n−1} ⋯ P_1 for the reversed matrix B = J A J / scale.
 */
export function reduce(n: i32, keep: i32): void {
  if (n <= 0) return;
  keepReflectors = keep != 0;
  memory.fill(hP, 0, <usize>n << 3);
  if (scaleS == 0) {
    memory.fill(dP, 0, <usize>n << 3);
    memory.fill(eP, 0, <usize>n << 3);
    keepReflectors = false;
    return;
  }
  tridiagonalize(n);
  keepReflectors = false;
}

/**
 * Eigenvalues of the matrix set up by prepare(n), unsorted, times the scale, at valuesPtr().
 * Returns 0 on success, 1 when QL did not converge within 60n + 100 iterations.
 */
export function solve(n: i32): i32 {
  const d = dP;
  if (n <= 0) return 0;
  if (scaleS == 0) {
    memory.fill(d, 0, <usize>n << 3);
    return 0;
  }
  tridiagonalize(n);
  if (tql(n) != 0) return 1;
  const s = scaleS;
  for (let j = 0; j < n; j++) {
    const o = <usize>j << 3;
    store<f64>(d + o, load<f64>(d + o) * s);
  }
  return 0;
}
