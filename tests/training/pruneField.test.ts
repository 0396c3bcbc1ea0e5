import { describe, expect, it } from 'vitest';
import { fromRows } from '../../src/core/linalg/matrix';
import { keptCount, pruneMasks } from '../../src/core/gn/prune';
import { createRng } from '../../src/core/random';
import { denseWeightCount, keptWeightCount } from '../../src/training/PruneField';

describe('pruned parameter counts', () => {
  it('count what the core keeps', () => {
    const sizes = [7, 5, 4, 3];
    const rng = createRng(3, 9);
    const weights = sizes
      .slice(1)
      .map((rows, l) =>
        fromRows(
          Array.from({ length: rows }, () => Array.from({ length: sizes[l]! }, () => rng.normal())),
        ),
      );
    expect(denseWeightCount(sizes)).toBe(35 + 20 + 12);
    for (const f of [0, 0.1, 0.5, 0.8, 0.9, 0.99]) {
      expect(keptWeightCount(sizes, f)).toBe(keptCount(pruneMasks(weights, f)));
    }
  });
});
