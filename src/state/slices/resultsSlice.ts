/**
 * Worker output: the current point (headline, bounds, spectrum) and the sweep. Never in the URL.
 * Every write carries the key of the request it answers, so a late answer to a stale request is
 * dropped here even if the compute layer missed it (the newest request wins).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { BoundId, EvalResult } from '../../core/types';
import type { SweepAxis } from '../urlCodec';
import type { AppState, StoreMutators } from '../storeTypes';

export type ComputeStatus = 'idle' | 'computing' | 'error';

export interface CurrentResult {
  status: ComputeStatus;
  /** the last successful result (kept on screen, dimmed, while the next one computes) */
  result: EvalResult | null;
  /** the message of the last failure, when status is 'error' */
  error: string | null;
  /** key of the newest request (the config it was made for) */
  requestKey: string | null;
  /** key of the config `result` belongs to */
  resultKey: string | null;
}

/** What a sweep keeps of one evaluation: κ and the bound values, not the spectrum. */
export interface SweepSample {
  kappa: number;
  bounds: Partial<Record<BoundId, number | null>>;
}

export interface SweepRun {
  key: string;
  axis: SweepAxis;
  xs: number[];
  seeds: number[];
  /** seed-major, `samples[s * xs.length + i]`; null until that evaluation has finished or failed */
  samples: (SweepSample | null)[];
  done: number;
  failed: number;
  firstError: string | null;
  total: number;
  status: 'waiting' | 'running' | 'done';
}

export interface ResultsSlice {
  current: CurrentResult;
  /** the sweep for the current params (possibly still empty) */
  sweep: SweepRun | null;
  /** the last sweep that had data, shown dimmed until the new one has its first sample */
  previousSweep: SweepRun | null;
  beginCurrent: (requestKey: string) => void;
  commitCurrent: (requestKey: string, result: EvalResult) => void;
  failCurrent: (requestKey: string, message: string) => void;
  beginSweep: (run: Pick<SweepRun, 'key' | 'axis' | 'xs' | 'seeds'>) => void;
  markSweepRunning: (key: string) => void;
  addSweepSample: (key: string, index: number, sample: SweepSample | { error: string }) => void;
}

/** Reduces a full result to what the sweep plot needs. */
export function toSweepSample(result: EvalResult): SweepSample {
  const bounds: Partial<Record<BoundId, number | null>> = {};
  for (const [id, bound] of Object.entries(result.bounds)) {
    if (bound) bounds[id as BoundId] = bound.applies ? bound.value : null;
  }
  return { kappa: result.kappa, bounds };
}

export const createResultsSlice: StateCreator<AppState, StoreMutators, [], ResultsSlice> = (
  set,
) => ({
  current: { status: 'idle', result: null, error: null, requestKey: null, resultKey: null },
  sweep: null,
  previousSweep: null,
  beginCurrent: (requestKey) =>
    set((s) => ({ current: { ...s.current, status: 'computing', requestKey } })),
  commitCurrent: (requestKey, result) =>
    set((s) =>
      s.current.requestKey !== requestKey
        ? {}
        : { current: { status: 'idle', result, error: null, requestKey, resultKey: requestKey } },
    ),
  failCurrent: (requestKey, message) =>
    set((s) =>
      s.current.requestKey !== requestKey
        ? {}
        : { current: { ...s.current, status: 'error', error: message } },
    ),
  beginSweep: ({ key, axis, xs, seeds }) =>
    set((s) => {
      const total = xs.length * seeds.length;
      const shown = s.sweep && s.sweep.done - s.sweep.failed > 0 ? s.sweep : s.previousSweep;
      return {
        previousSweep: shown,
        sweep: {
          key,
          axis,
          xs,
          seeds,
          samples: new Array<SweepSample | null>(total).fill(null),
          done: 0,
          failed: 0,
          firstError: null,
          total,
          status: 'waiting',
        },
      };
    }),
  markSweepRunning: (key) =>
    set((s) =>
      s.sweep && s.sweep.key === key && s.sweep.status === 'waiting'
        ? { sweep: { ...s.sweep, status: 'running' } }
        : {},
    ),
  addSweepSample: (key, index, sample) =>
    set((s) => {
      const run = s.sweep;
      if (!run || run.key !== key || index < 0 || index >= run.total || run.samples[index]) {
        return {};
      }
      const samples = run.samples.slice();
      const failed = 'error' in sample;
      if (!failed) samples[index] = sample;
      const done = run.done + 1;
      return {
        sweep: {
          ...run,
          samples,
          done,
          failed: run.failed + (failed ? 1 : 0),
          firstError: run.firstError ?? (failed ? sample.error : null),
          status: done === run.total ? 'done' : 'running',
        },
        // The new sweep has data of its own now: the old one can go.
        previousSweep: failed ? s.previousSweep : null,
      };
    }),
});
