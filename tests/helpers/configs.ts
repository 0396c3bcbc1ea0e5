/** Small explicit configurations for tests, drawn from the seeded PRNG (never Math.random). */
import { normalizeConfig } from '../../src/core/config';
import type { GnConfig } from '../../src/core/types';
import { gaussianRows } from './matrices';

export { gaussianRows };

export interface SmallNetSpec {
  widths: number[]; // [d, m_1, …, m_{L−1}, k]
  n: number;
  seed: number;
  beta?: number;
  skip?: 'all' | 'hidden';
  activation?: 'linear' | 'relu' | 'leaky_relu';
  alpha?: number;
  rtol?: number;
}

/** A config with explicit X and Kaiming-like explicit weights (so nothing depends on init code). */
export function explicitConfig(spec: SmallNetSpec): GnConfig {
  const { widths, n, seed } = spec;
  const weights = widths
    .slice(1)
    .map((rows, l) =>
      gaussianRows(rows, widths[l]!, seed * 100 + l + 1, 1 / Math.sqrt(widths[l]!)),
    );
  const X = gaussianRows(n, widths[0]!, seed * 100);
  return normalizeConfig({
    X,
    weights,
    beta: spec.beta ?? 0,
    skip: spec.skip ?? 'all',
    activation: spec.activation ?? 'linear',
    alpha: spec.alpha ?? 0.01,
    rtol: spec.rtol ?? 1e-10,
  }).config;
}
