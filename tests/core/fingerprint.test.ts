import { describe, expect, it } from 'vitest';
import { test as propTest, fc } from '@fast-check/vitest';
import { matrixFingerprint } from '../../src/core/fingerprint';
import { dataKey } from '../../src/core/data/synthetic';
import { defaultConfig } from '../../src/core/config';
import { configKey } from '../../src/compute/orchestrator';
import { BranchCounter } from '../helpers/present';

const changes = new BranchCounter<'changed'>();

const copy = (m: number[][]) => m.map((r) => [...r]);

describe('matrix fingerprints (cache keys of imported matrices)', () => {
  it('equal content, equal key; shape and every entry count', () => {
    const a = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    expect(matrixFingerprint(copy(a))).toBe(matrixFingerprint(copy(a)));
    expect(matrixFingerprint([[1, 2, 3, 4, 5, 6]])).not.toBe(matrixFingerprint(a));
    expect(
      matrixFingerprint([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    ).not.toBe(matrixFingerprint(a));
    expect(
      matrixFingerprint([
        [1, 2, 3],
        [4, 5, -6],
      ]),
    ).not.toBe(matrixFingerprint(a));
    expect(
      matrixFingerprint([
        [0, 2, 3],
        [4, 5, 6],
      ]),
    ).not.toBe(
      matrixFingerprint([
        [-0, 2, 3],
        [4, 5, 6],
      ]),
    );
  });

  propTest.prop(
    [
      fc.array(fc.array(fc.double({ noNaN: true }), { minLength: 3, maxLength: 3 }), {
        minLength: 1,
        maxLength: 6,
      }),
      fc.nat(),
      fc.double({ noNaN: true }),
    ],
    { seed: 7, numRuns: 300 },
  )('changing any one entry changes the key', (rows, at, value) => {
    const i = at % rows.length;
    const j = at % 3;
    const changed = copy(rows);
    changed[i]![j] = value;
    if (Object.is(changed[i]![j], rows[i]![j])) return;
    changes.hit('changed');
    expect(matrixFingerprint(changed)).not.toBe(matrixFingerprint(copy(rows)));
  });
  it('changed an entry in nearly every draw above', () => {
    expect(changes.count('changed')).toBeGreaterThanOrEqual(250);
  });

  it('data and request keys use it: another X is another key, the same X the same', () => {
    const c = defaultConfig();
    const X1 = [
      [1, 2],
      [3, 4],
    ];
    const a = { ...c, d: 2, X: X1 };
    const b = { ...c, d: 2, X: copy(X1) };
    const other = {
      ...c,
      d: 2,
      X: [
        [1, 2],
        [3, 4.000000000000001],
      ],
    };
    expect(dataKey(a)).toBe(dataKey(b));
    expect(dataKey(a)).not.toBe(dataKey(other));
    expect(configKey(a)).toBe(configKey(b));
    expect(configKey(a)).not.toBe(configKey(other));
    expect(configKey(a)).not.toContain('[[1,2]');
  });
});
