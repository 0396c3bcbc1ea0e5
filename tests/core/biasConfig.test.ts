/** The `bias` parameter and explicit `biases` in the three spellings (docs/contract.md §1). */
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  decodeQuery,
  defaultConfig,
  encodeQuery,
  normalizeConfig,
  reconcileConfig,
} from '../../src/core/config';

function errorOf(json: unknown): ConfigError {
  try {
    normalizeConfig(json);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const weights = [
  [
    [1, 0],
    [0, 1],
    [1, 1],
  ],
  [[1, 2, 3]],
];

describe('biases in the configuration', () => {
  it('is off by default, bias=1 in a link, true in JSON', () => {
    expect(defaultConfig().bias).toBe(false);
    const { config, notices } = decodeQuery('?bias=1&L=2');
    expect(notices).toEqual([]);
    expect(config.bias).toBe(true);
    expect(encodeQuery(config)).toBe('?v=1&L=2&bias=1');
    expect(normalizeConfig({ bias: true }).config.bias).toBe(true);
  });

  it('takes explicit biases, one vector per layer of its output size, and switches bias on', () => {
    const { config } = normalizeConfig({ weights, biases: [[0.5, -1, 2], [3]] });
    expect(config.bias).toBe(true);
    expect(config.biases).toEqual([[0.5, -1, 2], [3]]);
    expect(encodeQuery(config)).toContain('own=weights%2Cbiases');
  });

  it('names the bad vector, entry or combination', () => {
    expect(errorOf({ weights, biases: [[0, 0], [3]] })).toMatchObject({ field: 'biases[0]' });
    expect(errorOf({ weights, biases: [[0, 0, 0]] }).message).toMatch(/L = 2 vectors/);
    expect(errorOf({ weights, biases: [[0, 'x', 0], [1]] })).toMatchObject({
      field: 'biases[0][1]',
    });
    expect(errorOf({ weights, bias: false, biases: [[0, 0, 0], [1]] })).toMatchObject({
      field: 'biases',
    });
    expect(errorOf({ model: 'cnn1d', bias: true })).toMatchObject({ field: 'bias' });
  });

  it('turns biases off for the CNN in a link, and drops biases that no longer fit', () => {
    const cnn = decodeQuery('?model=cnn1d&bias=1');
    expect(cnn.config.bias).toBe(false);
    expect(cnn.notices.join('\n')).toMatch(/no biases/);
    const { config } = normalizeConfig({ weights, biases: [[0, 0, 0], [1]] });
    const fixed = reconcileConfig({ ...config, weights: undefined, L: 3, m: [3, 3] });
    expect(fixed.config.biases).toBeUndefined();
    expect(fixed.notices.join('\n')).toMatch(/do not fit/);
  });
});
