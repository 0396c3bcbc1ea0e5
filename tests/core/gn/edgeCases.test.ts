/**
 * Numerical edge cases are reported, not hidden (issue "Robustness"): rank zero, κ = ∞,
 * NaN/Inf input, an unclear rank gap, float64 overflow in deep products.
 */
import { describe, expect, it } from 'vitest';
import { normalizeConfig, defaultConfig } from '../../../src/core/config';
import { evaluate, evaluateStaged } from '../../../src/core/gn/evaluate';

describe('edge cases', () => {
  it('all-zero weights: rank 0, κ = ∞, every bound not applicable (with its reason), and a warning', () => {
    const { config } = normalizeConfig({
      X: [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      weights: [
        [
          [0, 0],
          [0, 0],
        ],
        [[0, 0]],
      ],
    });
    const r = evaluate(config);
    expect(r.rank).toBe(0);
    expect(r.kappa).toBe(Infinity);
    expect(r.eigenvalues).toStrictEqual([]);
    expect(r.warnings.join(' ')).toMatch(/the GN matrix is zero: rank 0/);
    // UUᵀ = 0, every b_l = 0, every σ_min(Wˡ) = 0 and the GN is zero: no bound of §5 can apply
    const bounds = Object.values(r.bounds);
    expect(bounds).toHaveLength(7);
    for (const b of bounds) {
      expect(b).toMatchObject({ applies: false, value: null, ratio: null });
      expect(b!.reason).toMatch(/\S/);
    }
  });

  it('all-zero data: Σ = 0, rank 0, κ⁺(Σ) = ∞', () => {
    const { config } = normalizeConfig({
      X: [
        [0, 0],
        [0, 0],
      ],
      weights: [[[1, 2]]],
    });
    const r = evaluate(config);
    expect(r.rank).toBe(0);
    expect(r.rankSigma).toBe(0);
    expect(r.kappaSigma).toBe(Infinity);
  });

  it('NaN or Infinity in weights or data: a clear error, never a number', () => {
    const c = defaultConfig();
    const bad = { ...c, L: 1, m: [], d: 2, k: 1, X: [[1, NaN]], weights: [[[1, 2]]] };
    expect(() => evaluate(bad)).toThrow(/the data X contains NaN or Infinity/);
    const badW = { ...c, L: 1, m: [], d: 2, k: 1, X: [[1, 2]], weights: [[[Infinity, 2]]] };
    expect(() => evaluate(badW)).toThrow(/weights\[0\] contains NaN or Infinity/);
    expect(() => normalizeConfig({ X: [[1, null]] })).toThrow(
      /X\[0\]\[1\] must be a finite number; got null/,
    );
  });

  it('an unclear rank gap is reported with both eigenvalues', () => {
    // L = 1, k = 1: M = Σ = diag(1, 2e-10, 1e-10). With rtol = 1.5e-10 the cut (1.5e-10) falls
    // between 2e-10 (kept) and 1e-10 (discarded): a factor 2 apart, so the rank is not clear.
    const X = [
      [Math.sqrt(3), 0, 0],
      [0, Math.sqrt(6e-10), 0],
      [0, 0, Math.sqrt(3e-10)],
    ];
    const { config } = normalizeConfig({ X, weights: [[[1, 1, 1]]], rtol: 1.5e-10 });
    const r = evaluate(config);
    expect(r.rank).toBe(2);
    expect(r.warnings.join(' ')).toMatch(
      /the rank is uncertain: the smallest kept eigenvalue .* largest discarded one/,
    );
  });

  it('float64 overflow in deep products is an error naming the cause', () => {
    const big = [
      [1e110, 0],
      [0, 1e110],
    ];
    const { config } = normalizeConfig({
      X: [
        [1, 0],
        [0, 1],
      ],
      weights: [big, big, big],
    });
    expect(() => evaluate(config)).toThrow(/overflowed float64/);
  });
});

describe('spectrum first', () => {
  it('onSpectrum gets κ and the eigenvalues before the bounds; the final result agrees', () => {
    const c = defaultConfig();
    Object.assign(c, { L: 3, d: 6, k: 2, m: [8, 8] });
    c.data.n = 30;
    let partial: ReturnType<typeof evaluate> | null = null;
    const full = evaluate(c, { onSpectrum: (p) => (partial = p) });
    expect(partial).not.toBeNull();
    expect(partial!.bounds).toStrictEqual({});
    expect(partial!.kappa).toBe(full.kappa);
    expect(partial!.eigenvalues).toStrictEqual(full.eigenvalues);
    expect(Object.keys(full.bounds).length).toBe(7);
  });

  it('evaluateStaged: the partial result, then finish() gives exactly what evaluate gives', () => {
    const c = defaultConfig();
    Object.assign(c, { L: 4, d: 5, k: 3, m: [7, 4, 6], beta: 0.5, seed: 9 });
    c.data = { ...c.data, n: 25, kappa: 30 };
    const staged = evaluateStaged(c);
    expect(staged.partial.bounds).toStrictEqual({});
    const full = evaluate(c);
    expect(staged.partial.eigenvalues).toStrictEqual(full.eigenvalues);
    const finished = staged.finish();
    expect({ ...finished, ms: 0 }).toStrictEqual({ ...full, ms: 0 });
  });

  it('explicit weights that do not match the architecture fields are named, not a crash', () => {
    const c = defaultConfig();
    Object.assign(c, { L: 3, d: 3, k: 2, m: [4, 4] });
    c.data = { ...c.data, n: 10 };
    c.weights = [
      [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
        [1, 1, 1],
      ],
      [
        [1, 0, 1, 0],
        [0, 1, 0, 1],
      ],
    ];
    expect(() => evaluate(c)).toThrow(/the imported weights have 2 layers but the depth is L = 3/);
    Object.assign(c, { L: 2, m: [5] });
    expect(() => evaluate(c)).toThrow(
      /weights\[0\] is 4 × 3 but layer 1 of this network needs 5 × 3/,
    );
  });
});
