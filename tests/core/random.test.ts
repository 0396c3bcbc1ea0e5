/** The seeded PRNG: same stream for the same (seed, stream), sound distributions. */
import { describe, expect, it } from 'vitest';
import { createRng, STREAM } from '../../src/core/random';

describe('createRng', () => {
  it('is deterministic per (seed, stream) and differs across seeds and streams', () => {
    const take = (seed: number, stream: number) => {
      const r = createRng(seed, stream);
      return Array.from({ length: 8 }, () => r.uniform());
    };
    expect(take(42, 0)).toStrictEqual(take(42, 0));
    expect(take(42, 0)).not.toStrictEqual(take(43, 0));
    expect(take(42, STREAM.data)).not.toStrictEqual(take(42, STREAM.weights));
  });

  it('uniforms lie in [0, 1) with mean 1/2 and variance 1/12', () => {
    const r = createRng(7);
    const N = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < N; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      s += u;
      s2 += u * u;
    }
    const mean = s / N;
    // standard error of the mean: √(1/12/N) ≈ 6.5e-4; 5 SE
    expect(Math.abs(mean - 0.5)).toBeLessThan(3.3e-3);
    expect(Math.abs(s2 / N - mean * mean - 1 / 12)).toBeLessThan(2e-3);
  });

  it('normals have mean 0, variance 1 and fourth moment 3', () => {
    const r = createRng(8);
    const N = 200_000;
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (let i = 0; i < N; i++) {
      const z = r.normal();
      m1 += z;
      m2 += z * z;
      m4 += z ** 4;
    }
    // SE of the mean 1/√N ≈ 2.2e-3, of the variance √(2/N) ≈ 3.2e-3, of m4 √(96/N) ≈ 0.022: 5 SE
    expect(Math.abs(m1 / N)).toBeLessThan(0.011);
    expect(Math.abs(m2 / N - 1)).toBeLessThan(0.016);
    expect(Math.abs(m4 / N - 3)).toBeLessThan(0.11);
  });

  it('rejects a non-finite seed', () => {
    expect(() => createRng(NaN)).toThrow(/invalid seed/);
  });
});
