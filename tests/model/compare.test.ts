import { describe, expect, it } from 'vitest';
import { test as propTest, fc } from '@fast-check/vitest';
import { defaultConfig } from '../../src/core/config';
import {
  COMPARE_KINDS,
  COMPARE_KIND_ORDER,
  MAX_COMPARE_SERIES,
  applyCompare,
  betaFor,
  compareConflicts,
  compareNote,
  decodeCompare,
  defaultCompare,
  encodeCompare,
  parseCompareValues,
} from '../../src/model/compare';
import type { CompareSpec } from '../../src/model/compare';
import { BranchCounter } from '../helpers/present';

/** Canonical compare specs: tokens produced by the parser itself. */
const compareArb = fc
  .record({
    kind: fc.constantFrom(...COMPARE_KIND_ORDER),
    picks: fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: MAX_COMPARE_SERIES }),
  })
  .map(({ kind, picks }): CompareSpec => {
    const pool: Record<string, (i: number) => string> = {
      m: (i) => String(1 + i * 4),
      mprop: (i) => String((i + 1) / 4),
      act: (i) => ['linear', 'relu', 'leaky_relu'][i % 3]!,
      bn: (i) => String(i % 2),
      whiten: (i) => String(i % 2),
      beta: (i) => (i % 3 === 0 ? 'isqrt' : i % 3 === 1 ? 'inv' : String(i / 10)),
      kernel: (i) => String(1 + (i % 32) * 2),
    };
    const raw = picks.map((i) => pool[kind]!(i));
    return { kind, values: parseCompareValues(kind, raw.join(',')).values };
  });

describe('compare codec', () => {
  it('writes kind:values and reads it back', () => {
    const spec: CompareSpec = { kind: 'm', values: ['50', '100', '200'] };
    expect(encodeCompare(spec)).toBe('m:50,100,200');
    expect(decodeCompare('m:50,100,200')).toEqual({ compare: spec, notices: [] });
    expect(decodeCompare('beta:0,isqrt,inv,1,2').compare?.values).toEqual([
      '0',
      'isqrt',
      'inv',
      '1',
      '2',
    ]);
    expect(decodeCompare('act:linear,relu,leaky_relu').compare?.values).toHaveLength(3);
  });

  propTest.prop([compareArb])('decode(encode(compare)) = compare, without notices', (spec) => {
    const decoded = decodeCompare(encodeCompare(spec));
    expect(decoded.notices).toEqual([]);
    expect(decoded.compare).toEqual(spec);
  });

  const decodedBranches = new BranchCounter<'kept' | 'refused'>();
  const someText = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc
      .tuple(fc.constantFrom(...COMPARE_KIND_ORDER), fc.string({ maxLength: 20 }), fc.nat(300))
      .map(([kind, junk, x]) => `${kind}:${x},${junk}`),
  );
  propTest.prop([someText])('decoding never throws', (text) => {
    const { compare, notices } = decodeCompare(text);
    decodedBranches.hit(compare ? 'kept' : 'refused');
    if (compare) {
      expect(COMPARE_KIND_ORDER).toContain(compare.kind);
      expect(compare.values.length).toBeGreaterThan(0);
      expect(compare.values.length).toBeLessThanOrEqual(MAX_COMPARE_SERIES);
      expect(new Set(compare.values).size).toBe(compare.values.length);
      // Every kept token is canonical: parsing it again gives itself.
      for (const t of compare.values)
        expect(COMPARE_KINDS[compare.kind].parse(t)).toEqual({ token: t });
    } else expect(notices.length).toBeGreaterThan(0);
  });
  it('decoded both kept and refused comparisons above', () => {
    decodedBranches.expectEach(['kept', 'refused']);
  });

  propTest.prop([
    fc.constantFrom(...COMPARE_KIND_ORDER),
    fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.double().map(String)), { maxLength: 12 }),
  ])('value lists never throw and keep only valid tokens', (kind, items) => {
    const { values } = parseCompareValues(kind, items.join(','));
    for (const t of values) expect(COMPARE_KINDS[kind].parse(t)).toEqual({ token: t });
  });

  it('reports bad kinds, bad values, duplicates and too many series', () => {
    expect(decodeCompare('zz:1,2')).toMatchObject({ compare: null });
    expect(decodeCompare('m50')).toMatchObject({ compare: null });
    expect(decodeCompare('m:x,-3')).toMatchObject({ compare: null });
    const r = decodeCompare('m:10,abc,10,20,30,40,50,60,70');
    expect(r.compare?.values).toEqual(['10', '20', '30', '40', '50', '60']);
    expect(r.notices.join('\n')).toMatch(/abc/);
    expect(r.notices.join('\n')).toMatch(/twice/);
    expect(r.notices.join('\n')).toMatch(/at most 6/);
    expect(decodeCompare('act:Leaky,RELU').compare?.values).toEqual(['leaky_relu', 'relu']);
    expect(decodeCompare('bn:on,0').compare?.values).toEqual(['1', '0']);
    expect(decodeCompare('mprop:0,5').compare?.values).toEqual(['5']);
  });

  it('has defaults that parse to themselves', () => {
    for (const kind of COMPARE_KIND_ORDER) {
      const spec = defaultCompare(kind);
      expect(parseCompareValues(kind, spec.values.join(','))).toEqual({
        values: spec.values,
        notices: [],
      });
    }
  });
});

describe('compare variants', () => {
  it('evaluates β schedules from the depth (L − 1 := 1 at L = 1)', () => {
    expect(betaFor('isqrt', 5)).toBe(0.5);
    expect(betaFor('inv', 5)).toBe(0.25);
    expect(betaFor('inv', 1)).toBe(1);
    expect(betaFor('isqrt', 2)).toBe(1);
    expect(betaFor('0.3', 9)).toBe(0.3);
  });

  it('applies a variant and reconciles, leaving the base untouched', () => {
    const base = { ...defaultConfig(), L: 4, m: [100, 100, 100] };
    const copy = structuredClone(base);
    expect(applyCompare(base, 'm', '50').m).toEqual([50, 50, 50]);
    expect(applyCompare(base, 'mprop', '2.5').m).toEqual([10, 10, 10]);
    expect(applyCompare(base, 'beta', 'isqrt').beta).toBe(0.57735);
    expect(applyCompare(base, 'act', 'relu').activation).toBe('relu');
    expect(applyCompare(base, 'bn', '1').batchNorm).toBe(true);
    expect(applyCompare(base, 'whiten', '1').data.whiten).toBe(true);
    // The CNN is linear: reconcile undoes an activation variant.
    expect(applyCompare({ ...base, model: 'cnn1d' }, 'act', 'relu').activation).toBe('linear');
    expect(base).toEqual(copy);
  });

  it('names conflicts with the swept parameter and series that coincide', () => {
    expect(compareConflicts('m', 'm')).toBe(true);
    expect(compareConflicts('mprop', 'm')).toBe(true);
    expect(compareConflicts('beta', 'beta')).toBe(true);
    expect(compareConflicts('m', 'L')).toBe(false);
    expect(compareConflicts('act', 'alpha')).toBe(false);
    const c = defaultConfig();
    expect(compareNote(c, null)).toBeNull();
    expect(compareNote(c, defaultCompare('m'))).toBeNull();
    expect(compareNote({ ...c, model: 'cnn1d' }, defaultCompare('act'))).toMatch(/CNN/);
    expect(compareNote(c, defaultCompare('whiten'))).toMatch(/white/);
  });
});
