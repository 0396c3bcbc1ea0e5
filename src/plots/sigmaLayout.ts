/**
 * Layout of Σ's eigenvalue spectrum (Σ = XᵀX/n): eigenvalue i against its index on a log y
 * axis, one dot per eigenvalue. Eigenvalues at or below 1e-12·λ_max (gn-math.md §1: zero for
 * κ⁺(Σ)) cannot sit on a log axis; they are marked in a strip under it. Pure.
 */
import { line, scaleLinear, scaleLog } from 'd3';
import type { ScaleLinear, ScaleLogarithmic } from 'd3';
import { linearTicks, logTicks } from './ticks';
import type { Tick } from './ticks';

/** Relative threshold below which an eigenvalue of Σ counts as zero (gn-math.md §1). */
export const SIGMA_ZERO_RTOL = 1e-12;
/** Height of the strip for zero eigenvalues under the log axis. */
export const ZERO_STRIP_PX = 22;

export interface SigmaLayoutInput {
  /** eigenvalues of Σ, any order */
  eigenvalues: readonly number[];
  width: number;
  height: number;
}

export interface SigmaPoint {
  /** 1-based position in descending order */
  index: number;
  value: number;
  x: number;
  y: number;
  zero: boolean;
}

export interface SigmaLayout {
  margin: { top: number; right: number; bottom: number; left: number };
  innerWidth: number;
  /** height of the log area (the zero strip lies below it) */
  logHeight: number;
  innerHeight: number;
  x: ScaleLinear<number, number>;
  y: ScaleLogarithmic<number, number>;
  points: SigmaPoint[];
  /** line through the non-zero eigenvalues */
  path: string | null;
  xTicks: Tick[];
  yTicks: Tick[];
  lambdaMax: number;
  /** smallest non-zero eigenvalue (NaN when there is none) */
  lambdaMinPlus: number;
  /** κ⁺(Σ) = λ_max / λ_min⁺ */
  kappaPlus: number;
  rank: number;
  zeroCount: number;
}

export function sigmaLayout(input: SigmaLayoutInput): SigmaLayout {
  const margin = { top: 10, right: 16, bottom: 44, left: 68 };
  const innerWidth = Math.max(40, input.width - margin.left - margin.right);
  const innerHeight = Math.max(60, input.height - margin.top - margin.bottom);
  const sorted = [...input.eigenvalues].filter(Number.isFinite).sort((a, b) => b - a);
  const lambdaMax = Math.max(0, sorted[0] ?? 0);
  const cut = SIGMA_ZERO_RTOL * lambdaMax;
  const nonZero = sorted.filter((v) => lambdaMax > 0 && v > cut);
  const rank = nonZero.length;
  const zeroCount = sorted.length - rank;
  const lambdaMinPlus = rank > 0 ? nonZero[rank - 1]! : NaN;
  const anyZero = zeroCount > 0;
  const logHeight = innerHeight - (anyZero ? ZERO_STRIP_PX : 0);

  let lo = rank > 0 ? lambdaMinPlus : 0.1;
  let hi = rank > 0 ? lambdaMax : 1;
  // Equal eigenvalues (white data) still need a visible span: half a decade each side.
  if (hi / lo < 1.0001) {
    lo /= Math.sqrt(10);
    hi *= Math.sqrt(10);
  } else {
    const pad = Math.max(0.1, 0.05 * Math.log10(hi / lo));
    lo = 10 ** (Math.log10(lo) - pad);
    hi = 10 ** (Math.log10(hi) + pad);
  }
  // Subnormal λmin⁺ (unrealistic for data, but it must not hang the ticks) underflows here.
  if (!(lo > 0) || !(hi > lo) || !Number.isFinite(hi)) {
    lo = 0.1;
    hi = 1;
  }
  const d = Math.max(1, sorted.length);
  const x = scaleLinear()
    .domain(d === 1 ? [0.5, 1.5] : [1, d])
    .range([0, innerWidth]);
  const y = scaleLog().domain([lo, hi]).range([logHeight, 0]);
  const zeroY = logHeight + ZERO_STRIP_PX / 2;
  const points: SigmaPoint[] = sorted.map((value, i) => {
    const zero = i >= rank;
    return { index: i + 1, value, x: x(i + 1), y: zero ? zeroY : y(value), zero };
  });
  const path =
    rank > 1
      ? line<SigmaPoint>()
          .x((p) => p.x)
          .y((p) => p.y)(points.slice(0, rank))
      : null;
  const [xLo, xHi] = x.domain() as [number, number];
  return {
    margin,
    innerWidth,
    logHeight,
    innerHeight,
    x,
    y,
    points,
    path,
    xTicks: linearTicks(xLo, xHi, x, innerWidth, 'horizontal', true),
    yTicks: logTicks(lo, hi, y, logHeight, 'vertical'),
    lambdaMax,
    lambdaMinPlus,
    kappaPlus: rank > 0 ? lambdaMax / lambdaMinPlus : Infinity,
    rank,
    zeroCount,
  };
}
