/**
 * The play button's pure stepping (src/model/sweepMotion.ts): the values it walks, where it
 * starts, the next index with and without loop, the dwell per speed, the decision per answer and
 * the edit each step makes, for integer, linear and log axes.
 */
import { describe, expect, it } from 'vitest';
import { test as propTest, fc } from '@fast-check/vitest';
import { defaultConfig } from '../../src/core/config';
import { nextParams, paramsWithWidth } from '../../src/model/paramEdits';
import {
  PLAY_DWELL_MS,
  PLAY_SPEEDS,
  decodePlayView,
  defaultPlaySettings,
  encodePlayView,
  nextPlayIndex,
  playDecision,
  playDwellMs,
  playStart,
  playValues,
  sameAxisValue,
  sweepAxisEdit,
} from '../../src/model/sweepMotion';
import { sweepAxisValue, sweepValues } from '../../src/model/sweepPlan';
import { SWEEP_AXIS_ORDER, defaultSweepSettings } from '../../src/model/urlCodec';
import type { SweepAxis } from '../../src/model/urlCodec';

/** Plays `values` from `current` to the end (or `max` steps) with every answer shown at once. */
function playThrough(values: number[], current: number, loop: boolean, max = 50) {
  const start = playStart(values, current);
  const visited: number[] = [];
  let index = start.index;
  if (start.rewind) {
    index = 0;
    visited.push(values[0]!);
  }
  for (let i = 0; i < max; i++) {
    const d = playDecision({ values, index, answer: 'shown', loop, speed: 1 });
    if (d.kind !== 'step') break;
    index = d.index;
    visited.push(d.value);
  }
  return visited;
}

describe('the values played', () => {
  it('are the sweep plot’s values: depth 1 → 10 one layer at a time', () => {
    expect(playValues(defaultSweepSettings('L'))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('round an integer axis with few points to distinct integers', () => {
    const values = playValues({ ...defaultSweepSettings('L'), from: 1, to: 10, points: 4 });
    expect(values).toEqual([1, 4, 7, 10]);
    expect(values.every(Number.isInteger)).toBe(true);
  });

  it('are log-spaced on κ(Σ) and linear on β', () => {
    expect(playValues(defaultSweepSettings('kx'))).toEqual([1, 10, 100, 1000, 1e4, 1e5, 1e6]);
    expect(playValues({ ...defaultSweepSettings('beta'), from: 0, to: 2, points: 5 })).toEqual([
      0, 0.5, 1, 1.5, 2,
    ]);
  });
});

describe('where play starts', () => {
  const depth = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it('continues from the value on screen (the default depth 3 goes on to 4)', () => {
    expect(playStart(depth, 3)).toEqual({ index: 2, rewind: false });
    expect(playThrough(depth, 3, false)).toEqual([4, 5, 6, 7, 8, 9, 10]);
  });

  it('goes to the next value above a value between two points', () => {
    expect(playThrough([1, 4, 7, 10], 5, false)).toEqual([7, 10]);
  });

  it('starts at the first value from below the range', () => {
    expect(playStart([5, 6, 7], 2)).toEqual({ index: -1, rewind: false });
    expect(playThrough([5, 6, 7], 2, false)).toEqual([5, 6, 7]);
  });

  it('rewinds at (or past) the last value and plays the whole range', () => {
    expect(playStart(depth, 10)).toEqual({ index: -1, rewind: true });
    expect(playStart(depth, 12).rewind).toBe(true);
    expect(playThrough(depth, 10, false)).toEqual(depth);
  });

  it('knows a log axis value carried through a link (κ(Σ) = 1e5 with rounding noise)', () => {
    const kx = playValues(defaultSweepSettings('kx'));
    expect(playStart(kx, 1e5 * (1 + 1e-12))).toEqual({ index: 5, rewind: false });
    expect(playThrough(kx, 1e6 * (1 - 1e-12), false)).toEqual(kx);
    expect(sameAxisValue(0, 0)).toBe(true);
    expect(sameAxisValue(0, 1e-300)).toBe(false);
  });

  it('does nothing with no values', () => {
    expect(playStart([], 3)).toEqual({ index: -1, rewind: false });
    expect(nextPlayIndex(0, -1, true)).toBeNull();
  });
});

describe('the next step', () => {
  it('stops at the end without loop and starts again with it', () => {
    expect(nextPlayIndex(3, 1, false)).toBe(2);
    expect(nextPlayIndex(3, 2, false)).toBeNull();
    expect(nextPlayIndex(3, 2, true)).toBe(0);
    expect(playThrough([1, 2, 3], 1, true, 7)).toEqual([2, 3, 1, 2, 3, 1, 2]);
  });

  it('waits while the answer is pending and stops when it failed or is held back', () => {
    const base = { values: [1, 2, 3], index: 0, loop: true, speed: 1 } as const;
    expect(playDecision({ ...base, answer: 'pending' })).toEqual({ kind: 'wait' });
    expect(playDecision({ ...base, answer: 'failed' })).toEqual({ kind: 'stop', reason: 'failed' });
    expect(playDecision({ ...base, answer: 'held' })).toEqual({ kind: 'stop', reason: 'held' });
    expect(playDecision({ ...base, index: 2, loop: false, answer: 'shown' })).toEqual({
      kind: 'stop',
      reason: 'end',
    });
  });

  it('dwells twice as long at half speed and half as long at double speed', () => {
    expect(playDwellMs(1)).toBe(PLAY_DWELL_MS);
    expect(playDwellMs(0.5)).toBe(2 * PLAY_DWELL_MS);
    expect(playDwellMs(2)).toBe(PLAY_DWELL_MS / 2);
    const d = playDecision({ values: [1, 2], index: 0, answer: 'shown', loop: false, speed: 2 });
    expect(d).toEqual({ kind: 'step', index: 1, value: 2, afterMs: PLAY_DWELL_MS / 2 });
  });

  propTest.prop([
    fc.constantFrom(...SWEEP_AXIS_ORDER),
    fc.integer({ min: 2, max: 12 }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.boolean(),
  ])('visits every value above the start once, ascending, on any axis', (axis, points, t, loop) => {
    const settings = { ...defaultSweepSettings(axis as SweepAxis), points };
    const values = playValues(settings);
    const current = values[Math.floor(t * (values.length - 1))]!;
    const visited = playThrough(values, current, false);
    const start = playStart(values, current);
    expect(visited).toEqual(start.rewind ? values : values.filter((x) => x > current));
    if (loop) {
      const looped = playThrough(values, current, true, 3 * values.length);
      // never stops: the rewind (if any) and then one step per decision, every value again
      expect(looped.length).toBe(3 * values.length + (start.rewind ? 1 : 0));
      expect([...new Set(looped)].sort((a, b) => a - b)).toEqual(values);
    }
  });
});

describe('the edit a step makes', () => {
  it('sets depth, κ(Σ) and the width as their controls do', () => {
    const base = defaultConfig();
    const depth = sweepAxisEdit('L', 7);
    expect(depth).toEqual({ kind: 'patch', patch: { L: 7 } });
    const kx = sweepAxisEdit('kx', 1e4);
    expect(kx).toEqual({ kind: 'patch', patch: { data: { kappa: 1e4 } } });
    expect(sweepAxisEdit('m', 40)).toEqual({ kind: 'width', width: 40 });
    if (depth.kind !== 'patch' || kx.kind !== 'patch') throw new Error('patches expected');
    expect(nextParams(base, depth.patch).config.L).toBe(7);
    expect(nextParams(base, kx.patch).config.data.kappa).toBe(1e4);
    expect(paramsWithWidth(base, 40).config.m).toEqual([40, 40]);
  });

  it('lands on every swept value of every axis', () => {
    for (const axis of SWEEP_AXIS_ORDER) {
      // the CNN axes need the CNN; the slope axis needs a leaky ReLU
      const base = {
        ...defaultConfig(),
        model: axis === 'filters' || axis === 'kernel' ? 'cnn1d' : 'mlp',
      } as ReturnType<typeof defaultConfig>;
      if (axis === 'alpha') base.activation = 'leaky_relu';
      for (const x of sweepValues(defaultSweepSettings(axis))) {
        const edit = sweepAxisEdit(axis, x);
        const config =
          edit.kind === 'width'
            ? paramsWithWidth(base, edit.width).config
            : nextParams(base, edit.patch).config;
        expect(sweepAxisValue(config, axis), `${axis} = ${x}`).toBe(x);
      }
    }
  });
});

describe('speed and loop in a link', () => {
  it('are written only when they differ from the defaults, and read back', () => {
    expect(PLAY_SPEEDS).toEqual([0.5, 1, 2]);
    expect(encodePlayView(defaultPlaySettings())).toBe('');
    for (const speed of PLAY_SPEEDS) {
      for (const loop of [false, true]) {
        const query = encodePlayView({ speed, loop });
        const raw = Object.fromEntries(new URLSearchParams(query.slice(1)));
        expect(decodePlayView(raw)).toEqual({ play: { speed, loop }, notices: [] });
      }
    }
    expect(encodePlayView({ speed: 2, loop: true })).toBe('&speed=2&loop=1');
  });

  it('keep the defaults for values that are not offered, with a notice each', () => {
    const { play, notices } = decodePlayView({ speed: '4', loop: 'maybe' });
    expect(play).toEqual({ speed: 1, loop: false });
    expect(notices).toHaveLength(2);
    expect(notices[0]).toMatch(/speed=4/);
    expect(notices[1]).toMatch(/loop=maybe/);
  });
});
