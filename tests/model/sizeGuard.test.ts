import { describe, expect, it } from 'vitest';
import { decodeQuery } from '../../src/core/config';
import { estimateCost } from '../../src/core/cost';
import {
  describeEstimate,
  formatBytes,
  formatMs,
  suggestedSamples,
} from '../../src/model/sizeGuard';

describe('size guard helpers', () => {
  it('suggests the largest interactive n', () => {
    const { config } = decodeQuery('?act=relu&n=2000');
    expect(estimateCost(config).level).toBe('refuse');
    const n = suggestedSamples(config)!;
    expect(n).toBeGreaterThan(1);
    expect(n).toBeLessThan(2000);
    const at = (k: number) => estimateCost({ ...config, data: { ...config.data, n: k } }).level;
    expect(at(n)).toBe('interactive');
    expect(at(n + 1)).not.toBe('interactive');
  });

  it('has nothing to suggest when n does not help', () => {
    const { config } = decodeQuery('?n=1');
    expect(suggestedSamples(config)).toBeNull();
  });

  it('describes an estimate in words', () => {
    const text = describeEstimate({
      size: 2000,
      method: 'gram-nk',
      params: 1,
      flops: 1,
      bytes: 64e6,
      ms: 4000,
      level: 'confirm',
    });
    expect(text).toBe('a 2000×2000 matrix (JJᵀ/n), ~4.0 s, ~64 MB');
    expect(formatMs(250)).toBe('250 ms');
    expect(formatMs(45_000)).toBe('45 s');
    expect(formatMs(600_000)).toBe('10 min');
    expect(formatBytes(1.6e9)).toBe('1.6 GB');
  });
});
