import { describe, expect, it } from 'vitest';
import { test as propTest, fc } from '@fast-check/vitest';
import { defaultConfig, parseQuery } from '../../src/core/config';
import {
  MAX_TRAIN_RUNS,
  TRAIN_COMPARE_KINDS,
  TRAIN_COMPARE_KIND_ORDER,
  TRAIN_NUM_SPECS,
  TRAIN_QUERY_KEYS,
  applyTrainCompare,
  decodeTrainCompare,
  decodeTrainingQuery,
  decodeTrainingView,
  defaultTrainingView,
  encodeTrainingView,
} from '../../src/model/trainCodec';
import type { TrainingView } from '../../src/model/trainCodec';
import { BranchCounter } from '../helpers/present';
import { clampToRow } from '../../src/core/paramRows';

function raw(query: string): Record<string, string> {
  return Object.fromEntries(parseQuery(query));
}

const S = TRAIN_NUM_SPECS;

const viewArb = fc
  .record({
    lr: fc.double({ min: S.lr.min, max: S.lr.max, noNaN: true }),
    batch: fc.option(fc.integer({ min: 1, max: S.batch.max }), { nil: null }),
    epochs: fc.integer({ min: 1, max: S.epochs.max }),
    every: fc.integer({ min: 1, max: S.every.max }),
    noise: fc.double({ min: 0, max: S.noise.max, noNaN: true }),
    kind: fc.option(fc.constantFrom(...TRAIN_COMPARE_KIND_ORDER), { nil: null }),
    picks: fc.uniqueArray(fc.double({ min: 0, max: 1, noNaN: true }), {
      minLength: 1,
      maxLength: MAX_TRAIN_RUNS,
    }),
  })
  .map(({ lr, batch, epochs, every, noise, kind, picks }): TrainingView => {
    let compare = null;
    if (kind) {
      const spec = TRAIN_COMPARE_KINDS[kind];
      const tokens = picks.map((p) => {
        const max = kind === 'prune' ? 0.99 : kind === 'beta' ? 100 : kind === 'L' ? 64 : 4096;
        const min = kind === 'L' || kind === 'm' ? 1 : 0;
        const x = min + p * (max - min);
        const parsed = spec.parse(String(kind === 'L' || kind === 'm' ? Math.round(x) : x));
        return 'token' in parsed ? parsed.token : '1';
      });
      compare = { kind, values: [...new Set(tokens)] };
    }
    return {
      settings: {
        lr: clampToRow(S.lr, lr, lr),
        batch,
        epochs,
        every,
        noise: clampToRow(S.noise, noise, noise),
      },
      compare,
    };
  });

describe('training view codec', () => {
  it('writes nothing for the defaults', () => {
    expect(encodeTrainingView(defaultTrainingView())).toBe('');
    expect(decodeTrainingView({})).toEqual({ view: defaultTrainingView(), notices: [] });
  });

  it('writes readable keys, only those that differ', () => {
    const view = defaultTrainingView();
    view.settings = { ...view.settings, lr: 0.1, batch: 64, every: 16 };
    view.compare = { kind: 'prune', values: ['0', '0.5', '0.8'] };
    expect(encodeTrainingView(view)).toBe('&tlr=0.1&tbatch=64&tev=16&tcmp=prune:0,0.5,0.8');
  });

  it('rounds numbers to their digits (no 0.30000000000000004 in a link)', () => {
    const view = defaultTrainingView();
    view.settings.lr = 0.1 + 0.2;
    expect(encodeTrainingView(view)).toBe('&tlr=0.3');
  });

  propTest.prop([viewArb])('decode(encode(view)) = view, without notices', (view) => {
    const decoded = decodeTrainingView(raw(encodeTrainingView(view)));
    expect(decoded.notices).toEqual([]);
    expect(decoded.view).toEqual(view);
  });

  const decodedBranches = new BranchCounter<'batch' | 'compare'>();
  propTest.prop([fc.dictionary(fc.constantFrom(...TRAIN_QUERY_KEYS), fc.string())])(
    'decoding never throws and always yields settings in range',
    (input) => {
      // Valid values now and then, so both conditional checks below run.
      if (input.tlr !== undefined && input.tlr.length % 2 === 0) input.tbatch = '16';
      if (input.tep !== undefined && input.tep.length % 2 === 0) input.tcmp = 'L:2,3';
      const { view } = decodeTrainingView(input);
      for (const key of ['lr', 'epochs', 'every', 'noise'] as const) {
        expect(view.settings[key]).toBeGreaterThanOrEqual(S[key].min);
        expect(view.settings[key]).toBeLessThanOrEqual(S[key].max);
      }
      if (view.settings.batch !== null) {
        decodedBranches.hit('batch');
        expect(Number.isInteger(view.settings.batch)).toBe(true);
        expect(view.settings.batch).toBeGreaterThanOrEqual(1);
      }
      if (view.compare) {
        decodedBranches.hit('compare');
        expect(view.compare.values.length).toBeGreaterThan(0);
        expect(view.compare.values.length).toBeLessThanOrEqual(MAX_TRAIN_RUNS);
      }
    },
  );

  it('checked decoded batch sizes and compared runs above', () => {
    decodedBranches.expectEach(['batch', 'compare']);
  });

  propTest.prop([fc.string({ maxLength: 300 })])('whole query strings never throw', (text) => {
    expect(() => decodeTrainingQuery(text)).not.toThrow();
    expect(() => decodeTrainingQuery(`?tcmp=${text}&tlr=${text}`)).not.toThrow();
  });

  it('reports bad values and keeps the defaults', () => {
    const { view, notices } = decodeTrainingView(
      raw('tlr=abc&tbatch=zz&tep=2.5&tev=0&tnoise=-1&tcmp=depth:1,2'),
    );
    const d = defaultTrainingView().settings;
    expect(view.settings.lr).toBe(d.lr);
    expect(view.settings.batch).toBeNull();
    expect(view.settings.epochs).toBe(3);
    expect(view.settings.every).toBe(1);
    expect(view.settings.noise).toBe(0);
    expect(view.compare).toBeNull();
    expect(notices).toHaveLength(6);
    expect(notices.join('\n')).toMatch(/tlr=abc.*not a number/);
    expect(notices.join('\n')).toMatch(/tbatch=zz/);
    expect(notices.join('\n')).toMatch(/tep=2.5.*rounded to 3/);
    expect(notices.join('\n')).toMatch(/tev=0.*clamped to 1/);
    expect(notices.join('\n')).toMatch(/"depth"/);
  });

  it('accepts tbatch=full', () => {
    expect(decodeTrainingView({ tbatch: 'full' })).toEqual({
      view: defaultTrainingView(),
      notices: [],
    });
  });

  it('decodes the training keys of a whole link, ignoring the config keys', () => {
    const { view, notices } = decodeTrainingQuery('?v=1&L=4&tlr=2&tbatch=64&tcmp=prune%3A0,0.9');
    expect(notices).toEqual([]);
    expect(view.settings.lr).toBe(2);
    expect(view.settings.batch).toBe(64);
    expect(view.compare).toEqual({ kind: 'prune', values: ['0', '0.9'] });
  });
});

describe('compared runs', () => {
  it('drops bad values and duplicates, each reported', () => {
    const { compare, notices } = decodeTrainCompare('prune:0,0.5,x,0.5,1.5');
    expect(compare).toEqual({ kind: 'prune', values: ['0', '0.5'] });
    expect(notices).toHaveLength(3);
  });

  it('keeps at most six runs', () => {
    const { compare, notices } = decodeTrainCompare('L:1,2,3,4,5,6,7,8');
    expect(compare!.values).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(notices[0]).toMatch(/at most 6 runs; 7, 8 dropped/);
  });

  it('ignores a spec without a kind or without values', () => {
    expect(decodeTrainCompare('0,0.5').compare).toBeNull();
    expect(decodeTrainCompare('m:').compare).toBeNull();
  });

  it('applies each kind to a copy of the configuration', () => {
    const base = defaultConfig();
    const deeper = applyTrainCompare(base, 'L', '5');
    expect(deeper.L).toBe(5);
    expect(deeper.m).toEqual([100, 100, 100, 100]);
    expect(applyTrainCompare(base, 'm', '30').m).toEqual([30, 30]);
    expect(applyTrainCompare(base, 'beta', '0.5').beta).toBe(0.5);
    expect(applyTrainCompare(base, 'prune', '0.8').prune).toBe(0.8);
    expect(base).toEqual(defaultConfig());
  });
});
