/**
 * The Marchenko–Pastur law and the law of the sum of two independent MP variables, as
 * distribution functions (docs/gn-math.md §12). MP(r), r = p/n, is the limit of the eigenvalues
 * of (1/n)XᵀX for an n × p matrix X of independent N(0, 1) entries: mean 1, second moment 1 + r,
 * a continuous part of mass min(1, 1/r) on [(1 − √r)², (1 + √r)²] with density
 * √((λ₊ − x)(x − λ₋)) / (2πrx), and an atom of mass 1 − 1/r at 0 when r > 1. A law "scaled by c"
 * is that of c·Y, Y ~ MP(r).
 */

/** One scaled MP law: the variable c·Y, Y ~ MP(ratio). */
export interface MpLaw {
  ratio: number;
  scale: number;
}

/** Support [λ₋, λ₊] of the continuous part of c·MP(r). */
export function mpSupport(law: MpLaw): [number, number] {
  const s = Math.sqrt(law.ratio);
  return [law.scale * (1 - s) ** 2, law.scale * (1 + s) ** 2];
}

/** Mass of the atom at 0: 1 − 1/r for r > 1, else 0. */
export function mpAtom(ratio: number): number {
  return ratio > 1 ? 1 - 1 / ratio : 0;
}

/** Density of the continuous part of c·MP(r) at x (0 outside the support). */
export function mpDensity(law: MpLaw, x: number): number {
  const [lo, hi] = mpSupport(law);
  if (!(x > lo && x < hi) || x <= 0) return 0;
  return Math.sqrt((hi - x) * (x - lo)) / (2 * Math.PI * law.ratio * law.scale * x);
}

/**
 * P(c·Y ≤ x), Y ~ MP(r), atom included. Closed form of the integral of the density in the angle
 * θ with y = x/c = (1 + r) + 2√r cos θ (θ from π at λ₋ to 0 at λ₊): with u = 1 + r, w = 2√r,
 * t = |1 − √r| / (1 + √r),
 *   F_cont = (2/π)·[ (u(π − θ) + w sin θ) − 2|1 − r|·atan2(cos(θ/2), t sin(θ/2)) ] / w²,
 * which is 0 at θ = π and min(1, 1/r) at θ = 0 (derived for this project; tested against the
 * numerical integral of the density).
 */
export function mpCdf(law: MpLaw, x: number): number {
  if (x < 0) return 0;
  const r = law.ratio;
  const atom = mpAtom(r);
  const y = x / law.scale;
  const u = 1 + r;
  const w = 2 * Math.sqrt(r);
  const cos = (y - u) / w;
  if (cos <= -1) return atom;
  if (cos >= 1) return atom + Math.min(1, 1 / r);
  const theta = Math.acos(cos);
  const t = Math.abs(1 - Math.sqrt(r)) / (1 + Math.sqrt(r));
  const half = theta / 2;
  const arc = Math.atan2(Math.cos(half), t * Math.sin(half));
  const cont =
    ((2 / Math.PI) * (u * (Math.PI - theta) + w * Math.sin(theta) - 2 * Math.abs(1 - r) * arc)) /
    (w * w);
  return atom + Math.min(Math.min(1, 1 / r), Math.max(0, cont));
}

/** Gauss–Legendre-free quadrature in θ: midpoint nodes, exact-ish for the smooth θ-integrand. */
const SUM_NODES = 256;

/** Nodes and weights of the continuous part of a scaled MP law, in the angle θ (module comment). */
function mpNodes(law: MpLaw): { x: Float64Array; w: Float64Array } {
  const r = law.ratio;
  const u = 1 + r;
  const wd = 2 * Math.sqrt(r);
  const x = new Float64Array(SUM_NODES);
  const w = new Float64Array(SUM_NODES);
  const h = Math.PI / SUM_NODES;
  for (let i = 0; i < SUM_NODES; i++) {
    const theta = (i + 0.5) * h;
    const y = u + wd * Math.cos(theta);
    x[i] = law.scale * y;
    // density·dy = (w² sin²θ)/(2π r y) dθ = 2 sin²θ / (π y) dθ; bounded even at r = 1 (y → 0
    // only where sin θ → 0 as fast)
    w[i] = y > 0 ? ((2 * Math.sin(theta) ** 2) / (Math.PI * y)) * h : 0;
  }
  return { x, w };
}

/** The law of A + B for independent A = c_a·MP(r_a), B = c_b·MP(r_b): its distribution function. */
export interface SumLaw {
  a: MpLaw;
  b: MpLaw;
  /** P(A + B ≤ x) = E_A[F_B(x − A)] */
  cdf(x: number): number;
  /** support of A + B without the atom at 0 */
  support: [number, number];
}

/**
 * The law of the sum of two independent scaled MP variables (docs/gn-math.md §12: the
 * eigenvalues σ²(a_i + b_j) of the two-layer GN on white data): F_{A+B}(x) = E_A[F_B(x − A)],
 * A's continuous part integrated by the midpoint rule in θ, B's distribution function exact.
 */
export function mpSum(a: MpLaw, b: MpLaw): SumLaw {
  const nodes = mpNodes(a);
  const atomA = mpAtom(a.ratio);
  const [aLo, aHi] = mpSupport(a);
  const [bLo, bHi] = mpSupport(b);
  const atomB = mpAtom(b.ratio);
  // the continuous part of A + B, and A alone (B's atom) or B alone (A's atom)
  const lo = Math.min(aLo + bLo, atomB > 0 ? aLo : Infinity, atomA > 0 ? bLo : Infinity);
  return {
    a,
    b,
    support: [lo, aHi + bHi],
    cdf(x: number): number {
      let total = atomA * mpCdf(b, x);
      for (let i = 0; i < SUM_NODES; i++) total += nodes.w[i]! * mpCdf(b, x - nodes.x[i]!);
      return Math.min(1, Math.max(0, total));
    },
  };
}
