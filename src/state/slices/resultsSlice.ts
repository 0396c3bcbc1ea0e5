/**
 * Worker output: the current point (headline, bounds, spectrum) and the sweep. Never in the URL.
 * Every write carries the key of the request it answers, so a late answer to a stale request is
 * dropped here even if the compute layer missed it (the newest request wins).
 */
import type { JobProgress } from '../../core/types';
import type { StateCreator } from 'zustand/vanilla';
import type { CostEstimate } from '../../core/cost';
import type { ImageSource } from '../../core/data/images';
import type { ExplainResult } from '../../core/explain/explain';
import type { BoundId, EvalResult } from '../../core/types';
import type { SweepPlan, SweepSeries } from '../../model/sweepPlan';
import type { SweepAxis } from '../../model/urlCodec';
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
  /** the size guard held back the newest request (status stays idle): what it would cost */
  guard: SizeGuard | null;
  /**
   * While `result` is a streamed spectrum without its bounds: the last result that had them. The
   * bounds table keeps its rows in place (values hidden), so each slider step does not tear
   * down and rebuild the table and its formulas.
   */
  boundsLayout: EvalResult | null;
}

/** A large job's progress (docs/gn-math.md §13), with the times the page needs for "time left". */
export interface CurrentProgress extends JobProgress {
  /** the request it belongs to */
  key: string;
  /** performance.now() when the job started, when its current phase started, and of this report */
  startedAt: number;
  phaseStartedAt: number;
  at: number;
}

/** The explanation views of the current point (worker `explain`, after the current result). */
export interface Explanation {
  status: ComputeStatus;
  /** key of the configuration explained (or being explained) */
  key: string | null;
  /** the last explanation received (kept, dimmed, while the next one computes) */
  result: ExplainResult | null;
  /** key of the configuration `result` belongs to */
  resultKey: string | null;
  error: string | null;
}

/** Why the current point was not computed, and what the user can do about it. */
export interface SizeGuard {
  /** the request held back */
  key: string;
  estimate: CostEstimate;
  /** the largest n whose evaluation is interactive (null when a smaller n does not help) */
  suggestedN: number | null;
}

/** The first images of a shipped data set (from the worker's `datasetPreview`). */
export interface DatasetPreview {
  source: ImageSource;
  rows: number;
  cols: number;
  maxValue: number;
  /** uint8 pixels, image by image, row-major */
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** What a sweep keeps of one evaluation: κ and the bound values, not the spectrum. */
export interface SweepSample {
  kappa: number;
  bounds: Partial<Record<BoundId, number | null>>;
  /** cnn1d: κ of the dense-equivalent GN */
  kappaDense?: number;
  /** batch norm: κ of the same network without it */
  kappaNoBn?: number;
}

/** What the worker's `evaluateBrief` returns (a sweep job). */
export type BriefResult = Pick<EvalResult, 'kappa' | 'rank' | 'bounds' | 'ms'> &
  Partial<Pick<EvalResult, 'kappaDenseEquivalent' | 'kappaWithoutBatchNorm'>>;

export interface SweepRun {
  key: string;
  axis: SweepAxis;
  xs: number[];
  seeds: number[];
  /** one entry without a comparison, else one per compare value */
  series: SweepSeries[];
  /**
   * series-major then seed-major, `samples[(g * seeds.length + s) * xs.length + i]`; null until
   * that evaluation has finished or failed, and for skipped points
   */
  samples: (SweepSample | null)[];
  /** per sample, why it is not evaluated (null: it is) */
  skipped: (string | null)[];
  done: number;
  failed: number;
  firstError: string | null;
  /** evaluations to run (skipped points excluded) */
  total: number;
  /** summed cost estimate of those evaluations (ms, one core) */
  estimateMs: number;
  /** confirm: waiting for the user to approve a long sweep */
  status: 'waiting' | 'confirm' | 'running' | 'done';
}

export interface ResultsSlice {
  current: CurrentResult;
  /** the sweep for the current params (possibly still empty) */
  sweep: SweepRun | null;
  /** the last sweep that had data, shown dimmed until the new one has its first sample */
  previousSweep: SweepRun | null;
  /** which layer limits κ and the predicted spectrum, for the current point */
  explanation: Explanation;
  /** a request the user asked to compute despite the size guard */
  forcedKey: string | null;
  /** where the newest request's job is, when it reports progress (large exact jobs) */
  currentProgress: CurrentProgress | null;
  /** the forced request the user cancelled (the orchestrator stops it and holds it back again) */
  cancelledKey: string | null;
  /** a long sweep the user agreed to run */
  approvedSweepKey: string | null;
  /** thumbnails of the current image data set */
  preview: DatasetPreview | null;
  /** why the thumbnails of a data set could not be loaded */
  previewError: { source: ImageSource; message: string } | null;
  beginCurrent: (requestKey: string) => void;
  commitCurrent: (requestKey: string, result: EvalResult) => void;
  /**
   * κ and the spectrum of the newest request, before its bounds (the worker streams them first):
   * shown at once, status stays 'computing' until {@link commitCurrent} brings the bounds.
   */
  commitSpectrum: (requestKey: string, partial: EvalResult) => void;
  failCurrent: (requestKey: string, message: string) => void;
  /** a progress report of the newest request's job (ignored for an older one) */
  progressCurrent: (requestKey: string, progress: JobProgress, now: number) => void;
  /** stops the forced request `requestKey`; the size guard holds it back again */
  cancelCurrent: (requestKey: string) => void;
  /** the size guard holds back `guard.key`: nothing computes, status idle */
  guardCurrent: (guard: SizeGuard) => void;
  forceCurrent: (requestKey: string) => void;
  beginSweep: (
    plan: Pick<SweepPlan, 'key' | 'axis' | 'xs' | 'seeds'> &
      Partial<Pick<SweepPlan, 'series' | 'skipped' | 'jobs' | 'estimateMs'>>,
    needsApproval?: boolean,
  ) => void;
  approveSweep: (key: string) => void;
  markSweepRunning: (key: string) => void;
  addSweepSample: (key: string, index: number, sample: SweepSample | { error: string }) => void;
  beginExplain: (key: string) => void;
  /** dropped unless `key` is the newest request's and the one being explained */
  commitExplain: (key: string, result: ExplainResult) => void;
  failExplain: (key: string, message: string) => void;
  setPreview: (preview: DatasetPreview | null) => void;
  failPreview: (source: ImageSource, message: string) => void;
}

/** Reduces a result (full or brief) to what the sweep plot needs. */
export function toSweepSample(result: BriefResult): SweepSample {
  const bounds: Partial<Record<BoundId, number | null>> = {};
  for (const [id, bound] of Object.entries(result.bounds)) {
    if (bound) bounds[id as BoundId] = bound.applies ? bound.value : null;
  }
  const sample: SweepSample = { kappa: result.kappa, bounds };
  if (result.kappaDenseEquivalent !== undefined) sample.kappaDense = result.kappaDenseEquivalent;
  if (result.kappaWithoutBatchNorm !== undefined) sample.kappaNoBn = result.kappaWithoutBatchNorm;
  return sample;
}

type SetResults = Parameters<StateCreator<AppState, StoreMutators, [], ResultsSlice>>[0];
type CurrentActions = Pick<
  ResultsSlice,
  | 'beginCurrent'
  | 'commitCurrent'
  | 'commitSpectrum'
  | 'guardCurrent'
  | 'forceCurrent'
  | 'failCurrent'
  | 'progressCurrent'
  | 'cancelCurrent'
>;
type SweepActions = Pick<
  ResultsSlice,
  'beginSweep' | 'approveSweep' | 'markSweepRunning' | 'addSweepSample'
>;

/** The newest request's life: begun, spectrum streamed, committed, held back, failed. */
function currentActions(set: SetResults): CurrentActions {
  return {
    beginCurrent: (requestKey) =>
      set((s) => ({
        current: { ...s.current, status: 'computing', requestKey, guard: null },
        currentProgress: null,
      })),
    commitCurrent: (requestKey, result) =>
      set((s) =>
        s.current.requestKey !== requestKey
          ? {}
          : {
              currentProgress: null,
              current: {
                status: 'idle',
                result,
                error: null,
                requestKey,
                resultKey: requestKey,
                guard: null,
                boundsLayout: null,
              },
            },
      ),
    commitSpectrum: (requestKey, partial) =>
      set((s) =>
        s.current.requestKey !== requestKey || s.current.status !== 'computing'
          ? {}
          : {
              current: {
                ...s.current,
                result: partial,
                resultKey: requestKey,
                error: null,
                boundsLayout:
                  s.current.result && Object.keys(s.current.result.bounds).length > 0
                    ? s.current.result
                    : s.current.boundsLayout,
              },
            },
      ),
    guardCurrent: (guard) =>
      set((s) => ({
        current: { ...s.current, status: 'idle', error: null, requestKey: guard.key, guard },
      })),
    forceCurrent: (requestKey) => set({ forcedKey: requestKey, cancelledKey: null }),
    failCurrent: (requestKey, message) =>
      set((s) =>
        s.current.requestKey !== requestKey
          ? {}
          : { current: { ...s.current, status: 'error', error: message }, currentProgress: null },
      ),
    progressCurrent: (requestKey, progress, now) =>
      set((s) => {
        if (s.current.requestKey !== requestKey || s.current.status !== 'computing') return {};
        const prev = s.currentProgress?.key === requestKey ? s.currentProgress : null;
        const startedAt = prev ? prev.startedAt : now;
        const phaseStartedAt = prev && prev.phase === progress.phase ? prev.phaseStartedAt : now;
        return {
          currentProgress: { ...progress, key: requestKey, startedAt, phaseStartedAt, at: now },
        };
      }),
    cancelCurrent: (requestKey) =>
      set((s) =>
        s.forcedKey !== requestKey
          ? {}
          : { forcedKey: null, cancelledKey: requestKey, currentProgress: null },
      ),
  };
}

type ExplainActions = Pick<ResultsSlice, 'beginExplain' | 'commitExplain' | 'failExplain'>;

/** An explanation's life: begun, committed or failed, each write keyed (the newest wins). */
function explainActions(set: SetResults): ExplainActions {
  return {
    beginExplain: (key) =>
      set((s) => ({ explanation: { ...s.explanation, status: 'computing', key, error: null } })),
    commitExplain: (key, result) =>
      set((s) =>
        s.explanation.key !== key || s.current.requestKey !== key
          ? {}
          : { explanation: { status: 'idle', key, result, resultKey: key, error: null } },
      ),
    failExplain: (key, message) =>
      set((s) =>
        s.explanation.key !== key
          ? {}
          : { explanation: { ...s.explanation, status: 'error', error: message } },
      ),
  };
}

/** A sweep's life: planned (maybe waiting for approval), running, one sample at a time. */
function sweepActions(set: SetResults): SweepActions {
  return {
    beginSweep: (plan, needsApproval = false) =>
      set((s) => {
        const { key, axis, xs, seeds } = plan;
        const series = plan.series ?? [{ key: 'all', label: '' }];
        const size = series.length * xs.length * seeds.length;
        const skipped = plan.skipped ?? new Array<string | null>(size).fill(null);
        const shown = s.sweep && s.sweep.done - s.sweep.failed > 0 ? s.sweep : s.previousSweep;
        return {
          previousSweep: shown,
          sweep: {
            key,
            axis,
            xs,
            seeds,
            series,
            samples: new Array<SweepSample | null>(size).fill(null),
            skipped,
            done: 0,
            failed: 0,
            firstError: null,
            total: plan.jobs ?? skipped.filter((r) => r === null).length,
            estimateMs: plan.estimateMs ?? 0,
            status: needsApproval ? 'confirm' : 'waiting',
          },
        };
      }),
    approveSweep: (key) =>
      set((s) => ({
        approvedSweepKey: key,
        sweep:
          s.sweep && s.sweep.key === key && s.sweep.status === 'confirm'
            ? { ...s.sweep, status: 'waiting' }
            : s.sweep,
      })),
    markSweepRunning: (key) =>
      set((s) =>
        s.sweep && s.sweep.key === key && s.sweep.status === 'waiting'
          ? { sweep: { ...s.sweep, status: s.sweep.total === 0 ? 'done' : 'running' } }
          : {},
      ),
    addSweepSample: (key, index, sample) =>
      set((s) => {
        const run = s.sweep;
        if (
          !run ||
          run.key !== key ||
          index < 0 ||
          index >= run.samples.length ||
          run.samples[index] ||
          run.skipped[index]
        ) {
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
  };
}

export const createResultsSlice: StateCreator<AppState, StoreMutators, [], ResultsSlice> = (
  set,
) => ({
  current: {
    status: 'idle',
    result: null,
    error: null,
    requestKey: null,
    resultKey: null,
    guard: null,
    boundsLayout: null,
  },
  sweep: null,
  previousSweep: null,
  explanation: { status: 'idle', key: null, result: null, resultKey: null, error: null },
  forcedKey: null,
  currentProgress: null,
  cancelledKey: null,
  approvedSweepKey: null,
  preview: null,
  previewError: null,
  ...currentActions(set),
  ...sweepActions(set),
  ...explainActions(set),
  setPreview: (preview) => set({ preview, previewError: null }),
  failPreview: (source, message) => set({ previewError: { source, message } }),
});
