/**
 * The TypeScript core against the independent numpy oracle
 * tests/fixtures/make_gn_reference.py → tests/fixtures/gn-reference.json (regenerate with
 * `python3 tests/fixtures/make_gn_reference.py`). The oracle builds the full Jacobian J exactly and
 * diagonalises JᵀJ/n (p × p); the core works on the reduced kd × kd matrix (linear nets) or the
 * smaller Gram (nonlinear nets), so agreement checks gn-math.md §2–§6 end to end. The built CLI
 * is compared on two of these cases in tests/cli/reference.test.ts.
 *
 * Tolerance rtol 1e-9 (looser than the default 1e-10): the two sides diagonalise different
 * matrices, whose small eigenvalues carry float64 errors of order ε·κ (fixture κ ≤ ~1e5).
 */
import { describe, expect, it } from 'vitest';
import fixture from '../../fixtures/gn-reference.json';
import { normalizeConfig } from '../../../src/core/config';
import { evaluate } from '../../../src/core/gn/evaluate';
import type { BoundId, BoundResult, EvalResult } from '../../../src/core/types';
import { expectAllClose } from '../../helpers/allclose';
import { present } from '../../helpers/present';

interface ExpectedBound {
  value: number | null;
  applies: boolean;
}

interface ReferenceCase {
  name: string;
  config: Record<string, unknown>;
  expected: {
    kappa: number;
    rank: number;
    eigenvalues: number[];
    kappaSigma: number;
    rankTheory: number | null;
    bounds: Record<string, ExpectedBound>;
    relu: ExpectedBound | null;
  };
}

const RTOL = 1e-9;
const LINEAR_BOUNDS: readonly BoundId[] = [
  'separation',
  'convex',
  'max',
  'layerwise',
  'residualWeyl',
  'lowerSeparation',
  'lowerTrace',
];
const cases = (fixture as unknown as { cases: ReferenceCase[] }).cases;

const results = new Map<string, EvalResult>();
function run(c: ReferenceCase): EvalResult {
  let r = results.get(c.name);
  if (r === undefined) {
    r = evaluate(normalizeConfig(c.config).config);
    results.set(c.name, r);
  }
  return r;
}

function checkBound(actual: BoundResult | undefined, want: ExpectedBound, label: string): void {
  const got = present(actual, label);
  expect(got.applies, `${label}.applies`).toBe(want.applies);
  if (want.applies) {
    expectAllClose(present(got.value, `${label}.value`), present(want.value, `expected ${label}`), {
      rtol: RTOL,
      atol: 0,
    });
  } else {
    expect(got.value, `${label}.value`).toBeNull();
  }
}

function expectSpectrum(actual: readonly number[], expected: readonly number[]): void {
  const top = expected[0] ?? 0;
  expectAllClose(actual, expected, { rtol: RTOL, atol: 1e-12 * top });
}

describe('fixture gn-reference.json', () => {
  it('has the expected shape', () => {
    expect(fixture.generator).toBe('tests/fixtures/make_gn_reference.py');
    expect(cases.length).toBeGreaterThanOrEqual(25);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    // the §6 bound is compared on four two-layer cases: two where it applies, two where not
    const relu = cases.filter((c) => c.expected.relu !== null).map((c) => c.expected.relu!.applies);
    expect(relu.sort()).toStrictEqual([false, false, true, true]);
  });
});

describe.each(cases.map((c) => [c.name, c] as const))('reference case %s', (_name, c) => {
  const exp = c.expected;

  it('rank, rankTheory and eigenvalues of JᵀJ/n', () => {
    const r = run(c);
    expect(r.rank).toBe(exp.rank);
    expect(r.rankTheory).toBe(exp.rankTheory);
    expectSpectrum(r.eigenvalues, exp.eigenvalues);
  });

  it('κ(G) and κ⁺(Σ)', () => {
    const r = run(c);
    expectAllClose(r.kappa, exp.kappa, { rtol: RTOL, atol: 0 });
    expectAllClose(r.kappaSigma, exp.kappaSigma, { rtol: RTOL, atol: 0 });
  });

  it('bounds (gn-math.md §5, §6)', () => {
    const r = run(c);
    for (const [id, want] of Object.entries(exp.bounds)) {
      checkBound(r.bounds[id as BoundId], want, `${c.name}: bounds.${id}`);
    }
    expect(Object.keys(exp.bounds).sort(), 'fixture bounds').toStrictEqual(
      [...LINEAR_BOUNDS].sort(),
    );
    const activation = c.config.activation ?? 'linear';
    if (exp.relu !== null) {
      // two-layer ReLU / leaky-ReLU without skips: the oracle's §6 Gram and bound
      checkBound(r.bounds.relu, exp.relu, `${c.name}: bounds.relu`);
    } else if (activation === 'linear') {
      expect(r.bounds.relu, `${c.name}: bounds.relu of a linear net`).toBeUndefined();
    } else if (c.config.L !== 2) {
      const relu = present(r.bounds.relu, `${c.name}: bounds.relu`);
      expect(relu.applies).toBe(false);
      expect(relu.value).toBeNull();
      expect(relu.reason).toMatch(/needs L = 2/);
    } else {
      // L = 2 with residual skips: the core applies §6 to the effective weights W̃, which the
      // oracle only self-checks (no expected value). It must be reported and, if it applies, hold.
      const relu = present(r.bounds.relu, `${c.name}: bounds.relu`);
      expect(c.config.beta, 'only residual L = 2 cases lack an expected §6 bound').not.toBe(0);
      if (relu.applies) expect(present(relu.value, 'relu.value')).toBeGreaterThanOrEqual(r.kappa);
      else expect(relu.value).toBeNull();
    }
  });
});
