import { describe, expect, it } from 'vitest';
import type { BoundResult } from '../../src/core/types';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { BoundsTable, groupBounds } from '../../src/components/BoundsTable';
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

  it('while the bounds compute, shows the previous rows with their values hidden, never their numbers', () => {
    const bound = (id: BoundResult['id'], value: number | null, reason?: string): BoundResult => ({
      id,
      value,
      kind: 'upper',
      applies: value !== null,
      proved: true,
      ratio: value === null ? null : value / 3,
      ...(reason ? { reason } : {}),
    });
    const previous = {
      kappa: 3,
      bounds: { convex: bound('convex', 123.456), max: bound('max', null, 'a bottleneck') },
    } as unknown as Parameters<typeof BoundsTable>[0]['result'];
    const partial = { ...previous, kappa: 4, bounds: {} };
    const html = renderToStaticMarkup(
      createElement(BoundsTable, { result: partial, layout: previous }),
    );
    expect(html).toContain('data-testid="bound-pending-convex"');
    expect(html).toContain('computing the bounds');
    expect(html).toContain('aria-busy="true"');
    expect(html).not.toContain('123.5');
    expect(html).not.toContain('a bottleneck');
    expect(html).not.toContain('data-testid="bound-convex"');
    // without a previous table: one line says what is happening
    const alone = renderToStaticMarkup(
      createElement(BoundsTable, { result: partial, layout: null }),
    );
    expect(alone).toContain('Computing the bounds…');
    // the final result: real rows and numbers
    const done = renderToStaticMarkup(createElement(BoundsTable, { result: previous }));
    expect(done).toContain('data-testid="bound-convex"');
    expect(done).toContain('123.5');
    expect(done).toContain('Not applicable: a bottleneck');
  });
});
