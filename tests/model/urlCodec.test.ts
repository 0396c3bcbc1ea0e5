import { describe, expect, it } from 'vitest';
import { test as propTest, fc } from '@fast-check/vitest';
import { DEFAULT_CONFIG, defaultConfig, encodeQuery } from '../../src/core/config';
import {
  SWEEP_AXES,
  SWEEP_AXIS_ORDER,
  VIEW_QUERY_KEYS,
  decodeUrlState,
  decodeView,
  defaultSweepSettings,
  encodeUrlState,
  encodeView,
  roundAxisValue,
} from '../../src/model/urlCodec';
import type { SweepSettings } from '../../src/model/urlCodec';

function parseView(query: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(query));
}

const settingsArb = fc
  .record({
    axis: fc.constantFrom(...SWEEP_AXIS_ORDER),
    a: fc.double({ min: 0, max: 1, noNaN: true }),
    b: fc.double({ min: 0, max: 1, noNaN: true }),
    points: fc.integer({ min: 2, max: 40 }),
    seeds: fc.integer({ min: 1, max: 10 }),
    logX: fc.boolean(),
    spread: fc.constantFrom('range' as const, 'sd' as const),
  })
  .map(({ axis, a, b, points, seeds, logX, spread }): SweepSettings | null => {
    const spec = SWEEP_AXES[axis];
    // Spread candidates over the axis range (log range for κ(Σ) so large values appear).
    const at = (t: number) =>
      axis === 'kx'
        ? roundAxisValue(axis, 10 ** (t * 12))
        : roundAxisValue(axis, spec.min + t * Math.min(spec.max - spec.min, 600));
    const from = Math.min(at(a), at(b));
    const to = Math.max(at(a), at(b));
    if (from === to) return null;
    return {
      axis,
      from,
      to,
      points,
      seeds,
      logX: spec.logChoice ? logX : spec.defaults.logX,
      spread,
      compare: null,
      showBound: null,
    };
  })
  .filter((s): s is SweepSettings => s !== null);

describe('view codec', () => {
  it('writes nothing for the default view', () => {
    expect(encodeView(defaultSweepSettings())).toBe('');
    expect(encodeUrlState(defaultConfig(), defaultSweepSettings())).toBe(
      encodeQuery(defaultConfig()),
    );
  });

  it('writes only keys that differ from the axis defaults', () => {
    const view = { ...defaultSweepSettings('m'), seeds: 5 };
    expect(encodeView(view)).toBe('&sweep=m&seeds=5');
  });

  propTest.prop([settingsArb])('decode(encode(view)) = view, without notices', (view) => {
    const decoded = decodeView(parseView(encodeView(view)));
    expect(decoded.notices).toEqual([]);
    expect(decoded.view).toEqual(view);
  });

  propTest.prop([fc.dictionary(fc.constantFrom(...VIEW_QUERY_KEYS), fc.string())])(
    'decoding never throws and always yields a valid view',
    (raw) => {
      const { view } = decodeView(raw);
      const spec = SWEEP_AXES[view.axis];
      expect(view.from).toBeGreaterThanOrEqual(spec.min);
      expect(view.to).toBeLessThanOrEqual(spec.max);
      expect(view.from).toBeLessThan(view.to);
      expect(Number.isInteger(view.points) && view.points >= 2 && view.points <= 40).toBe(true);
      expect(Number.isInteger(view.seeds) && view.seeds >= 1 && view.seeds <= 10).toBe(true);
    },
  );

  it('reports and repairs bad values', () => {
    const { view, notices } = decodeView({
      sweep: 'zz',
      from: '9',
      to: '2',
      pts: '1e9',
      seeds: 'x',
    });
    expect(view.axis).toBe('L');
    expect([view.from, view.to]).toEqual([2, 9]);
    expect(view.points).toBe(40);
    expect(view.seeds).toBe(3);
    expect(notices).toHaveLength(4);
    expect(notices.join(' ')).toMatch(/zz/);
  });

  it('rejects an empty range and logx on an axis without a log choice', () => {
    const { view, notices } = decodeView({ sweep: 'beta', from: '1', to: '1', logx: '1' });
    expect([view.from, view.to]).toEqual([0, 4]);
    expect(view.logX).toBe(false);
    expect(notices).toHaveLength(2);
  });

  it('round-trips a whole link: config keys then view keys', () => {
    const config = { ...defaultConfig(), L: 4, m: [20, 20, 20], seed: 7 };
    config.data = { ...config.data, kappa: 100 };
    const view = { ...defaultSweepSettings('kx'), to: 1e8, seeds: 2 };
    const query = encodeUrlState(config, view);
    expect(query).toBe('?v=1&L=4&m=20&seed=7&kx=100&sweep=kx&to=100000000&seeds=2');
    const decoded = decodeUrlState(query);
    expect(decoded.notices).toEqual([]);
    expect(decoded.config).toEqual(config);
    expect(decoded.view).toEqual(view);
  });

  it('decodes the landing URL to the defaults', () => {
    const decoded = decodeUrlState('');
    expect(decoded.config).toEqual(DEFAULT_CONFIG);
    expect(decoded.view).toEqual(defaultSweepSettings());
    expect(decoded.notices).toEqual([]);
  });

  it('names unknown keys and bad config values in notices', () => {
    const { notices } = decodeUrlState('?L=abc&m=-5&kx=1e99&foo=bar');
    expect(notices.length).toBeGreaterThanOrEqual(4);
    expect(notices.join('\n')).toMatch(/foo/);
  });
});
