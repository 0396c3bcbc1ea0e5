/** Finite data whose Σ = XᵀX/n overflows float64 get a message about the data (issue 14). */
import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../../src/core/config';
import { evaluate } from '../../../src/core/gn/evaluate';
import { expectAllClose } from '../../helpers/allclose';

describe('Σ overflow', () => {
  it('names X and says to rescale, not "entry (1, 1) is Infinity"', () => {
    const { config } = normalizeConfig({
      L: 2,
      m: 3,
      k: 2,
      X: [
        [1e200, 1],
        [2, 3e200],
        [1, 1],
      ],
    });
    let caught: unknown;
    try {
      evaluate(config);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    const error = caught as Error & { field?: string };
    expect(error.field).toBe('X');
    expect(error.message).toMatch(
      /Σ = XᵀX\/n overflows float64: the data's largest \|x\| is 3\.00e\+200/,
    );
    expect(error.message).not.toMatch(/Infinity/);
  });

  it('still computes data just below the overflow', () => {
    const { config } = normalizeConfig({
      L: 1,
      k: 1,
      X: [
        [1e150, 0],
        [0, 2e150],
      ],
    });
    // Σ = diag(1e300, 4e300)/2: κ(Σ) = 4 exactly.
    expectAllClose([evaluate(config).kappa], [4], { rtol: 1e-12 });
  });
});
