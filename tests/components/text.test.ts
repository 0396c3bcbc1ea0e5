import { describe, expect, it } from 'vitest';
import type { BoundResult } from '../../src/core/types';
import { groupBounds } from '../../src/components/BoundsTable';
import { matrixDescription } from '../../src/components/HeadlinePanel';

describe('words on the page', () => {
  it('names the matrix diagonalised with its size', () => {
    expect(matrixDescription({ method: 'gram-nk', size: 500, rankSigma: 49 })).toBe(
      'JJᵀ/n, n·k = 500 × 500',
    );
    expect(matrixDescription({ method: 'gn-p', size: 5900, rankSigma: 49 })).toBe(
      'JᵀJ/n, p × p = 5\u2009900 × 5\u2009900',
    );
    expect(matrixDescription({ method: 'reduced-kd', size: 480, rankSigma: 48 })).toBe(
      'reduced k·rank(Σ) matrix, 10·48 = 480 × 480',
    );
  });

  it('puts applicable bounds first and groups the others by reason', () => {
    const b = (id: BoundResult['id'], value: number | null, reason?: string): BoundResult => ({
      id,
      value,
      kind: 'upper',
      applies: value !== null,
      proved: true,
      ratio: value,
      ...(reason ? { reason } : {}),
    });
    const { applicable, groups } = groupBounds({
      separation: b('separation', null, 'linear only'),
      relu: b('relu', 3),
      convex: b('convex', null, 'linear only'),
      max: b('max', null, 'a bottleneck'),
    });
    expect(applicable.map((x) => x.id)).toEqual(['relu']);
    expect(groups.map((g) => [g.reason, g.bounds.map((x) => x.id)])).toEqual([
      ['linear only', ['separation', 'convex']],
      ['a bottleneck', ['max']],
    ]);
  });
});
