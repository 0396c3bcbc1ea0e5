/**
 * The GN worker: a thin comlink adapter over the pure core (src/core). Every computation the
 * page asks for runs here, never on the main thread. Caches (documented keys): the data cache
 * (X and Σ by the data settings) and the decoded image data sets (by source), both pure
 * functions of their keys, so answers never depend on call order.
 */
import * as Comlink from 'comlink';
import type { ImageSource } from '../src/core/data/images';
import { DataCache } from '../src/core/data/synthetic';
import { ensureImages, workerImages } from './imageLoader';
import { direction } from '../src/core/explain/direction';
import { evaluate, evaluateStaged } from '../src/core/gn/evaluate';
import { explain } from '../src/core/explain/explain';
import { installFastestKernel } from '../src/core/linalg/kernels';
import { withKernelThreads } from '../src/core/linalg/threadLimit';
import { setEigvalsProgressSink } from '../src/core/linalg/eigSym';
import { setAssemblyProgressSink } from '../src/core/gn/assemblyProgress';
import type { JobProgress } from '../src/core/types';
import { startEigenThreads } from './eigenThreads';
import { defaultConfig } from '../src/core/config';
import { estimateCost } from '../src/core/cost';
import type { EvalResult, GnConfig } from '../src/core/types';

installFastestKernel();
// The one-thread kernel serves at once; the threaded one replaces it when its helpers are up.
const eigenThreads = startEigenThreads();

/** Progress reports at most every this many ms (each is a message to the page). */
const PROGRESS_EVERY_MS = 150;

/**
 * Runs `job` with the assembly's and the eigen kernel's progress forwarded to `onProgress`
 * (throttled; a phase's first report and the last of a phase always go out).
 */
function withProgress<T>(onProgress: ((p: JobProgress) => void) | undefined, job: () => T): T {
  if (!onProgress) return job();
  let last = -Infinity;
  let phase: JobProgress['phase'] = 'assembly';
  onProgress({ phase, fraction: 0 });
  const forward = (p: JobProgress): void => {
    const now = performance.now();
    if (now - last < PROGRESS_EVERY_MS && p.fraction < 1 && p.phase === phase) return;
    last = now;
    phase = p.phase;
    void onProgress(p);
  };
  setAssemblyProgressSink((fraction) => forward({ phase: 'assembly', fraction }));
  setEigvalsProgressSink((p) => forward({ phase: p.phase, fraction: p.fraction, n: p.n }));
  try {
    return job();
  } finally {
    setAssemblyProgressSink(null);
    setEigvalsProgressSink(null);
  }
}

/**
 * Below this estimate an evaluation keeps its kernels on this thread. A slider step's jobs (the
 * answer, the look-ahead on the other worker, the explanation) run side by side on the cores;
 * helpers spinning beside them would outnumber the cores, and at these sizes sharing a solve
 * saves little (docs/gn-math.md §13.1). Larger jobs run alone and use every core.
 */
const THREADS_MIN_ESTIMATE_MS = 300;

function interactiveThreads(config: GnConfig): number {
  return estimateCost(config).ms >= THREADS_MIN_ESTIMATE_MS ? Infinity : 1;
}

// Moving an architecture slider keeps the data: reuse X and Σ (keyed by the data settings).
const dataCache = new DataCache(4, workerImages);

const api = {
  /** Exact GN spectrum, κ and every bound for one configuration (gn-math.md §2–8). */
  async evaluate(
    config: GnConfig,
    onSpectrum?: (partial: EvalResult) => boolean | Promise<boolean>,
    onProgress?: (p: JobProgress) => void,
  ): Promise<EvalResult> {
    await ensureImages(config);
    const threads = interactiveThreads(config);
    // A job that uses every core waits for the helpers to be up (a worker restarted by Cancel
    // starts them again; the start-up check takes a fraction of a second). Running such a job on
    // the one-thread kernel meanwhile would take it twice as long, to the same digits.
    if (threads > 1) await eigenThreads.catch(() => null);
    const staged = withProgress(onProgress, () =>
      withKernelThreads(threads, () => evaluateStaged(config, { cache: dataCache })),
    );
    // the bounds' own solves under the same cap as the spectrum's
    const finish = (): EvalResult => withKernelThreads(threads, () => staged.finish());
    if (!onSpectrum) return finish();
    // onSpectrum is a Comlink.proxy from the page: κ and the histogram go out before the bounds,
    // and its answer says whether the page still wants this configuration. A superseded one
    // (the slider moved on) skips the bounds, leaving the core to the newer request.
    const wanted = await onSpectrum(staged.partial);
    return wanted ? finish() : staged.partial;
  },
  /**
   * κ and the bounds only (sweep points): the spectrum stays in the worker. Sweep points run on
   * every GN worker at once, one per core, so their kernels stay on this thread (threadLimit.ts).
   */
  async evaluateBrief(config: GnConfig) {
    await ensureImages(config);
    const r = withKernelThreads(1, () => evaluate(config, { cache: dataCache }));
    return {
      kappa: r.kappa,
      rank: r.rank,
      bounds: r.bounds,
      kappaDenseEquivalent: r.kappaDenseEquivalent,
      kappaWithoutBatchNorm: r.kappaWithoutBatchNorm,
      ms: r.ms,
    };
  },
  /** Which layer limits κ and the predicted spectrum (docs/gn-math.md §12, §16). */
  async explain(config: GnConfig) {
    await ensureImages(config);
    return withKernelThreads(1, () => explain(config, { cache: dataCache }));
  },
  /** The eigenvectors of λ_min⁺ and λ_max mapped back to the network (gn-math.md §12). */
  async direction(config: GnConfig) {
    await ensureImages(config);
    return withKernelThreads(1, () => direction(config, { cache: dataCache }));
  },
  /** The first `count` images of a shipped data set, for thumbnails (raw uint8 pixels and labels). */
  async datasetPreview(source: ImageSource, count: number) {
    const config = defaultConfig();
    config.data.source = source;
    await ensureImages(config);
    const data = workerImages(source)!;
    const { rows, cols, maxValue } = data.info;
    const c = Math.max(0, Math.min(count, data.info.count));
    return {
      rows,
      cols,
      maxValue,
      pixels: data.pixels.slice(0, c * rows * cols),
      labels: data.labels.slice(0, c),
    };
  },
  /** Threads of the eigenvalue kernel, once its helpers started (or why it runs on one). */
  threads() {
    return eigenThreads;
  },
  /** Warms the JIT and the eigen kernel so the first real request is not cold. */
  warmUp(): number {
    const t0 = performance.now();
    const config = defaultConfig();
    Object.assign(config, { L: 2, d: 8, k: 3, m: [8] });
    config.data.n = 32;
    evaluate(config);
    return performance.now() - t0;
  },
};

export type GnWorkerApi = typeof api;

// Under @vitest/web-worker, expose() without an explicit endpoint hangs (toolchain-notes.md).
Comlink.expose(api, self as unknown as Comlink.Endpoint);
