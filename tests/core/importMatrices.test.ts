import { describe, expect, it } from 'vitest';
import { test as propTest, fc } from '@fast-check/vitest';
import { defaultConfig } from '../../src/core/config';
import { evaluate } from '../../src/core/gn/evaluate';
import { parseMatrixCsv, withImportedMatrices, withoutImported } from '../../src/core/importing';
import { gaussianRows as seededMatrix } from '../helpers/configs';
import { BranchCounter } from '../helpers/present';

const imports = new BranchCounter<'tried' | 'accepted'>();

/** CSV text of a matrix (what a user's file holds). */
function csv(rows: number[][], header?: string): string {
  return `${header ? `${header}\n` : ''}${rows.map((r) => r.join(',')).join('\n')}\n`;
}

function parsed(rows: number[][]): number[][] {
  const r = parseMatrixCsv(csv(rows));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('importing matrices (CSV) into a configuration', () => {
  it('X fixes n and d, and the evaluation uses exactly those rows', () => {
    const X = seededMatrix(40, 6, 3);
    const r = withImportedMatrices(defaultConfig(), 'X', [parsed(X)]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.d).toBe(6);
    expect(r.value.data.n).toBe(40);
    expect(r.value.X).toStrictEqual(X);
    // the same κ as the JSON route (normalizeConfig with X given directly)
    const direct = { ...defaultConfig(), d: 6, X };
    direct.data = { ...direct.data, n: 40 };
    expect(evaluate(r.value).kappa).toBe(evaluate(direct).kappa);
  });

  it('weights define depth, widths, d and k; X and weights must agree', () => {
    const W = [seededMatrix(5, 4, 1), seededMatrix(3, 5, 2)];
    const r = withImportedMatrices(defaultConfig(), 'weights', W.map(parsed));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([r.value.L, r.value.d, r.value.k, r.value.m]).toStrictEqual([2, 4, 3, [5]]);
    const bad = withImportedMatrices(r.value, 'X', [parsed(seededMatrix(10, 7, 4))]);
    // the weights fix d = 4: an X with 7 columns is refused, naming both
    expect(bad).toMatchObject({ ok: false, field: 'X' });
    if (!bad.ok) expect(bad.error).toMatch(/X rows have 7 entries but d = 4/);
    const good = withImportedMatrices(r.value, 'X', [parsed(seededMatrix(10, 4, 4))]);
    expect(good.ok).toBe(true);
  });

  it('a broken chain of weights names the layer', () => {
    const r = withImportedMatrices(defaultConfig(), 'weights', [
      seededMatrix(5, 4, 1),
      seededMatrix(3, 6, 2),
    ]);
    expect(r).toMatchObject({ ok: false, field: 'weights[1]' });
    if (!r.ok) expect(r.error).toMatch(/weights\[1\] has 6 columns but weights\[0\] has 5 rows/);
  });

  it('Y must be n × k; a Y that no longer fits a new X is dropped with a warning', () => {
    const base = withImportedMatrices(defaultConfig(), 'X', [seededMatrix(20, 3, 5)]);
    if (!base.ok) throw new Error(base.error);
    const wrong = withImportedMatrices(base.value, 'Y', [seededMatrix(20, 4, 6)]);
    expect(wrong).toMatchObject({ ok: false, field: 'Y' });
    if (!wrong.ok) expect(wrong.error).toMatch(/20 × 10.*20 × 4/);
    const withY = withImportedMatrices(base.value, 'Y', [seededMatrix(20, 10, 6)]);
    if (!withY.ok) throw new Error(withY.error);
    expect(withY.value.Y).toHaveLength(20);
    const newX = withImportedMatrices(withY.value, 'X', [seededMatrix(30, 3, 7)]);
    if (!newX.ok) throw new Error(newX.error);
    expect(newX.value.Y).toBeUndefined();
    expect(newX.warnings.join(' ')).toMatch(
      /targets Y were removed: they have 20 rows, the new X has 30/,
    );
  });

  it('weights from CSV are refused for the CNN, with the reason', () => {
    const cnn = { ...defaultConfig(), model: 'cnn1d' as const, activation: 'linear' as const };
    const r = withImportedMatrices(cnn, 'weights', [seededMatrix(3, 4, 1)]);
    expect(r).toMatchObject({ ok: false, field: 'weights' });
  });

  it('removing an import brings the generated matrix back', () => {
    const r = withImportedMatrices(defaultConfig(), 'X', [seededMatrix(20, 3, 5)]);
    if (!r.ok) throw new Error(r.error);
    const back = withoutImported(r.value, 'X');
    expect(back.X).toBeUndefined();
    expect(evaluate(back).kappa).toBeGreaterThanOrEqual(1);
  });

  // Random shapes against random networks: never a throw; an accepted import is consistent
  // (d, n, k, depth and widths agree with the matrices) and evaluates to a finite κ or a named error.
  const matrix = (maxRows: number, maxCols: number) =>
    fc
      .tuple(fc.integer({ min: 1, max: maxRows }), fc.integer({ min: 1, max: maxCols }), fc.nat())
      .map(([r, c, seed]) => seededMatrix(r, c, seed));
  propTest.prop(
    [
      fc.constantFrom('X' as const, 'Y' as const, 'weights' as const),
      fc.array(matrix(12, 6), { minLength: 1, maxLength: 3 }),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 6 }),
    ],
    { seed: 1128, numRuns: 200 },
  )('never throws; what it accepts is consistent', (target, mats, L, k) => {
    imports.hit('tried');
    const base = defaultConfig();
    Object.assign(base, { L, k, d: 4, m: Array.from({ length: L - 1 }, () => 5) });
    base.data = { ...base.data, n: 12 };
    const r = withImportedMatrices(base, target, mats);
    if (!r.ok) {
      expect(r.error.length).toBeGreaterThan(0);
      return;
    }
    imports.hit('accepted');
    const c = r.value;
    if (target === 'X')
      expect([c.data.n, c.d]).toStrictEqual([mats[0]!.length, mats[0]![0]!.length]);
    if (target === 'Y') expect(c.Y).toStrictEqual(mats[0]);
    if (target === 'weights') {
      expect(c.L).toBe(mats.length);
      expect(c.m).toStrictEqual(mats.slice(0, -1).map((w) => w.length));
      expect([c.d, c.k]).toStrictEqual([mats[0]![0]!.length, mats.at(-1)!.length]);
    }
    const kappa = evaluate(c).kappa;
    expect(kappa >= 1 || kappa === Infinity).toBe(true);
  });
  it('accepted a fair share of the random imports above', () => {
    expect(imports.count('accepted')).toBeGreaterThanOrEqual(
      Math.ceil(imports.count('tried') / 10),
    );
  });
});
