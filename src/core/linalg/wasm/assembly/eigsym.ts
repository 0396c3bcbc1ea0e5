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
// The QL phase is O(n²) and stays scalar.
//
// Memory (no runtime, no GC: built with --runtime stub): a fixed layout from __heap_base that
// reserve(n) lays out and grows with memory.grow. The host writes A (n×n row-major) at
// matrixPtr(), calls prepare(n) then solve(n), and reads the n eigenvalues (unsorted) at
// valuesPtr().

const EPS: f64 = 2.220446049250313e-16; // 2^-52, as in eigSym.ts

let capN: i32 = -1;
let matP: usize = 0; // n×n f64, row-major, stride n
let dP: usize = 0; // diagonal, then eigenvalues
let eP: usize = 0; // sub-diagonal
let v1P: usize = 0; // four work vectors (Householder vectors and products), swapped per step
let v2P: usize = 0;
let v3P: usize = 0;
let v4P: usize = 0;
let scaleS: f64 = 0; // max |aᵢⱼ| found by prepare

/**
 * Lays out memory for an n×n problem, growing it when needed. Returns the matrix pointer, or 0
 * when the memory cannot grow (n too large for a 32-bit address space or refused by the host).
 */
export function reserve(n: i32): usize {
  if (n < 0) return 0;
  if (n <= capN) return matP;
  const nv = (<u64>n + 1) & ~(<u64>1); // even length: every vector stays 16-byte aligned
  const base = (<u64>__heap_base + 15) & ~(<u64>15);
  const end = base + 6 * nv * 8 + <u64>n * <u64>n * 8 + 16;
  if (end > 0xffff0000) return 0;
  const pages = <i32>((end + 0xffff) >> 16);
  const have = memory.size();
  if (pages > have && memory.grow(pages - have) < 0) return 0;
  const bytes = <usize>(nv * 8);
  dP = <usize>base;
  eP = dP + bytes;
  v1P = eP + bytes;
  v2P = v1P + bytes;
  v3P = v2P + bytes;
  v4P = v3P + bytes;
  matP = v4P + bytes;
  capN = n;
  return matP;
}

export function matrixPtr(): usize {
  return matP;
}

export function valuesPtr(): usize {
  return dP;
}

/** Scale s = max |aᵢⱼ| of the last prepare (0 for the zero matrix). */
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
  // Vector max of |x|: NaN propagates through f64x2.max and ∞ stays ∞, so one test after the
  // loop tells whether a slow scan for the index is needed.
  let m2 = f64x2.splat(0);
  let i: usize = 0;
  for (; i + 2 <= total; i += 2) m2 = f64x2.max(m2, f64x2.abs(v128.load(a + (i << 3))));
  let m = max(f64x2.extract_lane(m2, 0), f64x2.extract_lane(m2, 1));
  for (; i < total; i++) m = max(m, abs(load<f64>(a + (i << 3))));
  if (!isFinite(m)) {
    for (let k: usize = 0; k < total; k++) {
      if (!isFinite(load<f64>(a + (k << 3)))) return <i32>k;
    }
  }
  scaleS = m;
  if (m == 0) return -1;
  const inv = 1.0 / m;
  let lo: usize = 0;
  let hi: usize = total - 1;
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

// Row r (entries k ≤ r) ← row − (u_r w_k + w_r u_k): applies a pending rank-2 update to one row.
@inline
function updateRow(row: usize, r: i32, u: usize, w: usize): void {
  const ur = load<f64>(u + (<usize>r << 3));
  const wr = load<f64>(w + (<usize>r << 3));
  const ur2 = f64x2.splat(ur);
  const wr2 = f64x2.splat(wr);
  let k: i32 = 0;
  for (; k + 2 <= r + 1; k += 2) {
    const o = <usize>k << 3;
    const a = v128.load(row + o);
    const t = f64x2.add(f64x2.mul(ur2, v128.load(w + o)), f64x2.mul(wr2, v128.load(u + o)));
    v128.store(row + o, f64x2.sub(a, t));
  }
  for (; k <= r; k++) {
    const o = <usize>k << 3;
    store<f64>(row + o, load<f64>(row + o) - (ur * load<f64>(w + o) + wr * load<f64>(u + o)));
  }
}

/**
 * y = A v over the leading m×m block (rows 0..m−1 of the lower triangle, stride n), two rows at
 * a time: row j gives the dot product Σ_{k<j} a_jk v_k (for y_j) and the axpy y_k += a_jk v_j.
 */
function symv(a: usize, n: i32, m: i32, v: usize, y: usize): void {
  memory.fill(y, 0, <usize>m << 3);
  const ld = <usize>n << 3;
  let j: i32 = 0;
  for (; j + 1 < m; j += 2) {
    const r0 = a + <usize>j * ld;
    const r1 = r0 + ld;
    const vj0 = load<f64>(v + (<usize>j << 3));
    const vj1 = load<f64>(v + (<usize>j << 3), 8);
    const s0 = f64x2.splat(vj0);
    const s1 = f64x2.splat(vj1);
    let t0 = f64x2.splat(0);
    let t1 = f64x2.splat(0);
    const kend = <usize>(j & ~1) << 3;
    for (let o: usize = 0; o < kend; o += 16) {
      const a0 = v128.load(r0 + o);
      const a1 = v128.load(r1 + o);
      const vv = v128.load(v + o);
      t0 = f64x2.add(t0, f64x2.mul(a0, vv));
      t1 = f64x2.add(t1, f64x2.mul(a1, vv));
      const yy = v128.load(y + o);
      v128.store(y + o, f64x2.add(yy, f64x2.add(f64x2.mul(a0, s0), f64x2.mul(a1, s1))));
    }
    let d0 = f64x2.extract_lane(t0, 0) + f64x2.extract_lane(t0, 1);
    let d1 = f64x2.extract_lane(t1, 0) + f64x2.extract_lane(t1, 1);
    for (let k: i32 = j & ~1; k < j; k++) {
      const o = <usize>k << 3;
      const a0 = load<f64>(r0 + o);
      const a1 = load<f64>(r1 + o);
      const vk = load<f64>(v + o);
      d0 += a0 * vk;
      d1 += a1 * vk;
      store<f64>(y + o, load<f64>(y + o) + (a0 * vj0 + a1 * vj1));
    }
    const oj = <usize>j << 3;
    const a00 = load<f64>(r0 + oj);
    const a10 = load<f64>(r1 + oj);
    const a11 = load<f64>(r1 + oj, 8);
    d1 += a10 * vj0;
    store<f64>(y + oj, load<f64>(y + oj) + d0 + a00 * vj0 + a10 * vj1);
    store<f64>(y + oj, load<f64>(y + oj, 8) + d1 + a11 * vj1, 8);
  }
  if (j < m) {
    const r0 = a + <usize>j * ld;
    const vj0 = load<f64>(v + (<usize>j << 3));
    const s0 = f64x2.splat(vj0);
    let t0 = f64x2.splat(0);
    const kend = <usize>(j & ~1) << 3;
    for (let o: usize = 0; o < kend; o += 16) {
      const a0 = v128.load(r0 + o);
      t0 = f64x2.add(t0, f64x2.mul(a0, v128.load(v + o)));
      v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(a0, s0)));
    }
    let d0 = f64x2.extract_lane(t0, 0) + f64x2.extract_lane(t0, 1);
    for (let k: i32 = j & ~1; k < j; k++) {
      const o = <usize>k << 3;
      const a0 = load<f64>(r0 + o);
      d0 += a0 * load<f64>(v + o);
      store<f64>(y + o, load<f64>(y + o) + a0 * vj0);
    }
    const oj = <usize>j << 3;
    store<f64>(y + oj, load<f64>(y + oj) + d0 + load<f64>(r0 + oj) * vj0);
  }
}

/**
 * Fused sweep over rows 0..m−1: applies the pending update A ← A − u wᵀ − w uᵀ and, on the
 * updated entries, computes y = A v (as in symv). One read and one write of each entry.
 */
function fused(a: usize, n: i32, m: i32, u: usize, w: usize, v: usize, y: usize): void {
  memory.fill(y, 0, <usize>m << 3);
  const ld = <usize>n << 3;
  let j: i32 = 0;
  for (; j + 1 < m; j += 2) {
    const r0 = a + <usize>j * ld;
    const r1 = r0 + ld;
    const oj = <usize>j << 3;
    const uj0 = load<f64>(u + oj);
    const uj1 = load<f64>(u + oj, 8);
    const wj0 = load<f64>(w + oj);
    const wj1 = load<f64>(w + oj, 8);
    const vj0 = load<f64>(v + oj);
    const vj1 = load<f64>(v + oj, 8);
    const U0 = f64x2.splat(uj0);
    const U1 = f64x2.splat(uj1);
    const W0 = f64x2.splat(wj0);
    const W1 = f64x2.splat(wj1);
    const S0 = f64x2.splat(vj0);
    const S1 = f64x2.splat(vj1);
    let t0 = f64x2.splat(0);
    let t1 = f64x2.splat(0);
    const kend = <usize>(j & ~1) << 3;
    for (let o: usize = 0; o < kend; o += 16) {
      const uu = v128.load(u + o);
      const ww = v128.load(w + o);
      const a0 = f64x2.sub(
        v128.load(r0 + o),
        f64x2.add(f64x2.mul(U0, ww), f64x2.mul(W0, uu)),
      );
      const a1 = f64x2.sub(
        v128.load(r1 + o),
        f64x2.add(f64x2.mul(U1, ww), f64x2.mul(W1, uu)),
      );
      v128.store(r0 + o, a0);
      v128.store(r1 + o, a1);
      const vv = v128.load(v + o);
      t0 = f64x2.add(t0, f64x2.mul(a0, vv));
      t1 = f64x2.add(t1, f64x2.mul(a1, vv));
      const yy = v128.load(y + o);
      v128.store(y + o, f64x2.add(yy, f64x2.add(f64x2.mul(a0, S0), f64x2.mul(a1, S1))));
    }
    let d0 = f64x2.extract_lane(t0, 0) + f64x2.extract_lane(t0, 1);
    let d1 = f64x2.extract_lane(t1, 0) + f64x2.extract_lane(t1, 1);
    for (let k: i32 = j & ~1; k < j; k++) {
      const o = <usize>k << 3;
      const uk = load<f64>(u + o);
      const wk = load<f64>(w + o);
      const a0 = load<f64>(r0 + o) - (uj0 * wk + wj0 * uk);
      const a1 = load<f64>(r1 + o) - (uj1 * wk + wj1 * uk);
      store<f64>(r0 + o, a0);
      store<f64>(r1 + o, a1);
      const vk = load<f64>(v + o);
      d0 += a0 * vk;
      d1 += a1 * vk;
      store<f64>(y + o, load<f64>(y + o) + (a0 * vj0 + a1 * vj1));
    }
    const a00 = load<f64>(r0 + oj) - (uj0 * wj0 + wj0 * uj0);
    const a10 = load<f64>(r1 + oj) - (uj1 * wj0 + wj1 * uj0);
    const a11 = load<f64>(r1 + oj, 8) - (uj1 * wj1 + wj1 * uj1);
    store<f64>(r0 + oj, a00);
    store<f64>(r1 + oj, a10);
    store<f64>(r1 + oj, a11, 8);
    d1 += a10 * vj0;
    store<f64>(y + oj, load<f64>(y + oj) + d0 + a00 * vj0 + a10 * vj1);
    store<f64>(y + oj, load<f64>(y + oj, 8) + d1 + a11 * vj1, 8);
  }
  if (j < m) {
    const r0 = a + <usize>j * ld;
    updateRow(r0, j, u, w);
    const vj0 = load<f64>(v + (<usize>j << 3));
    const s0 = f64x2.splat(vj0);
    let t0 = f64x2.splat(0);
    const kend = <usize>(j & ~1) << 3;
    for (let o: usize = 0; o < kend; o += 16) {
      const a0 = v128.load(r0 + o);
      t0 = f64x2.add(t0, f64x2.mul(a0, v128.load(v + o)));
      v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(a0, s0)));
    }
    let d0 = f64x2.extract_lane(t0, 0) + f64x2.extract_lane(t0, 1);
    for (let k: i32 = j & ~1; k < j; k++) {
      const o = <usize>k << 3;
      const a0 = load<f64>(r0 + o);
      d0 += a0 * load<f64>(v + o);
      store<f64>(y + o, load<f64>(y + o) + a0 * vj0);
    }
    const oj = <usize>j << 3;
    store<f64>(y + oj, load<f64>(y + oj) + d0 + load<f64>(r0 + oj) * vj0);
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
  const ld = <usize>n << 3;
  let u = v1P; // pending update A ← A − u wᵀ − w uᵀ on the rows not yet swept
  let w = v2P;
  let v = v3P; // this step's Householder vector
  let y = v4P; // this step's A v, then the new w
  let pending = false;
  for (let i = n - 1; i > 0; i--) {
    const ri = a + <usize>i * ld;
    if (pending) updateRow(ri, i, u, w);
    let sc: f64 = 0;
    for (let k = 0; k < i; k++) sc += abs(load<f64>(ri + (<usize>k << 3)));
    if (sc == 0) {
      // Row already reduced: no reflection; the pending update still applies to rows < i.
      store<f64>(e + (<usize>i << 3), 0);
      continue;
    }
    let h: f64 = 0;
    for (let k = 0; k < i; k++) {
      const o = <usize>k << 3;
      const x = load<f64>(ri + o) / sc;
      store<f64>(v + o, x);
      h += x * x;
    }
    const oi1 = <usize>(i - 1) << 3;
    let f = load<f64>(v + oi1);
    let g = sqrt(h);
    if (f > 0) g = -g;
    store<f64>(e + (<usize>i << 3), sc * g);
    h -= f * g;
    store<f64>(v + oi1, f - g);
    if (pending) fused(a, n, i, u, w, v, y);
    else symv(a, n, i, v, y);
    // w = (y − (yᵀv / 2h) v) / h  (JAMA: e /= h; hh = f/(h+h); e -= hh·d)
    f = 0;
    for (let k = 0; k < i; k++) {
      const o = <usize>k << 3;
      const x = load<f64>(y + o) / h;
      store<f64>(y + o, x);
      f += x * load<f64>(v + o);
    }
    const hh = f / (h + h);
    for (let k = 0; k < i; k++) {
      const o = <usize>k << 3;
      store<f64>(y + o, load<f64>(y + o) - hh * load<f64>(v + o));
    }
    // The new pending update is (v, y); the old buffers become scratch.
    const tu = u;
    const tw = w;
    u = v;
    w = y;
    v = tu;
    y = tw;
    pending = true;
  }
  if (n > 0 && pending) updateRow(a, 0, u, w);
  for (let j = 0; j < n; j++) store<f64>(d + (<usize>j << 3), load<f64>(a + <usize>j * ld + (<usize>j << 3)));
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
          r = hypot2(p, ei);
          store<f64>(e + o, s * r, 8);
          s = ei / r;
          c = p / r;
          p = c * di - s * g;
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
