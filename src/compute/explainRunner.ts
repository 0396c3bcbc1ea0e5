/**
 * The explanation views of the current point (issue #18: which layer limits κ, the predicted
 * spectrum): one `explain` job per answered current point, never for sweep or look-ahead points
 * (docs/architecture.md §3). It starts once the point's result is committed, at a priority below
 * the current point's and above the sweep's; a newer configuration aborts it (newest wins), and
 * the store drops an answer whose key is no longer the current one. Answers are kept by key, so a
 * step back is explained at once.
 */
import { estimateCost } from '../core/cost';
import type { ExplainResult } from '../core/explain/explain';
import type { GnConfig } from '../core/types';
import type { AppStore } from '../state/store';
import { EXPLAIN_PRIORITY, jobTimeLimitMs, submitKeyed } from './jobs';
import type { EvaluateApi } from './jobs';
import type { LruCache } from '../core/lruCache';
import type { WorkerPool } from './workerPool';

export interface ExplainRunnerDeps {
  store: AppStore;
  pool: Pick<WorkerPool<EvaluateApi>, 'submit'>;
  results: LruCache<ExplainResult>;
  /**
   * Runs the job's submission once the frame showing the answer is painted (default: at once): a
   * worker that starts computing while the page draws takes a core from it on a 2-core machine.
   */
  afterFrame?: (run: () => void) => void;
}

export class ExplainRunner {
  private active: AbortController | null = null;

  constructor(private readonly deps: ExplainRunnerDeps) {}

  /** The current point `key` (configuration `params`) has its result: explain it. */
  request(params: GnConfig, key: string): void {
    const { store, results } = this.deps;
    const { current, explanation } = store.getState();
    // Only a point that was answered (not failed, not held back by the size guard).
    if (current.resultKey !== key || current.status !== 'idle' || current.guard) return;
    if (explanation.key === key && explanation.status !== 'error') return;
    this.stop();
    const cached = results.get(key);
    store.getState().beginExplain(key);
    if (cached) {
      store.getState().commitExplain(key, cached);
      return;
    }
    const abort = new AbortController();
    this.active = abort;
    const submit = () => {
      if (!abort.signal.aborted) this.submit(params, key, abort);
    };
    if (this.deps.afterFrame) this.deps.afterFrame(submit);
    else submit();
  }

  private submit(params: GnConfig, key: string, abort: AbortController): void {
    const { store, pool, results } = this.deps;
    const state = store.getState();
    void submitKeyed(
      pool,
      (api) => api.explain(params),
      key,
      abort,
      { priority: EXPLAIN_PRIORITY, timeLimitMs: jobTimeLimitMs(estimateCost(params).ms) },
      { cache: results, commit: state.commitExplain, fail: state.failExplain },
    ).finally(() => {
      if (this.active === abort) this.active = null;
    });
  }

  /** Cancels the explanation in flight (a newer configuration was asked for). */
  stop(): void {
    this.active?.abort();
    this.active = null;
  }
}
