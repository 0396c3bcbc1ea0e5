/**
 * The one tolerance helper for numerical tests: numpy `allclose` semantics,
 * |actual − expected| ≤ atol + rtol·|expected|, element-wise. Defaults suit small,
 * well-conditioned problems; every looser tolerance at a call site carries
 * a comment with the reason.
 */
import { expect } from 'vitest';

export interface Tolerance {
  rtol?: number;
  atol?: number;
}

export const DEFAULT_RTOL = 1e-10;
export const DEFAULT_ATOL = 1e-12;

type NumLike = number | ArrayLike<number>;

function toArray(x: NumLike): number[] {
  return typeof x === 'number' ? [x] : Array.from(x);
}

/** The first index that violates the tolerance, or −1; lengths must match. */
export function firstMismatch(actual: NumLike, expected: NumLike, tol: Tolerance = {}): number {
  const a = toArray(actual);
  const e = toArray(expected);
  const rtol = tol.rtol ?? DEFAULT_RTOL;
  const atol = tol.atol ?? DEFAULT_ATOL;
  if (a.length !== e.length) return Math.min(a.length, e.length);
  for (let i = 0; i < a.length; i++) {
    const ai = a[i]!;
    const ei = e[i]!;
    if (ai === ei) continue; // also equal infinities
    if (!(Math.abs(ai - ei) <= atol + rtol * Math.abs(ei))) return i;
  }
  return -1;
}

/** True when every element is within tolerance (and the lengths agree). */
export function allclose(actual: NumLike, expected: NumLike, tol: Tolerance = {}): boolean {
  return firstMismatch(actual, expected, tol) < 0;
}

/** Asserts {@link allclose}, reporting the first offending index and values. */
export function expectAllClose(actual: NumLike, expected: NumLike, tol: Tolerance = {}): void {
  const a = toArray(actual);
  const e = toArray(expected);
  const i = firstMismatch(a, e, tol);
  if (i >= 0) {
    const detail =
      a.length !== e.length
        ? `lengths differ: ${a.length} vs ${e.length}`
        : `index ${i}: actual ${a[i]} vs expected ${e[i]} (rtol ${tol.rtol ?? DEFAULT_RTOL}, atol ${tol.atol ?? DEFAULT_ATOL})`;
    expect.fail(`not allclose: ${detail}`);
  }
}
