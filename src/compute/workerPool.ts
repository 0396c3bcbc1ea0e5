/**
 * A small pool of workers with priorities and cancellation. Knows nothing about comlink or GN:
 * a job is a function of a worker's API, so the newest-wins logic is testable with fakes.
 *
 * Cancellation (docs/architecture.md §3): a running call cannot be stopped inside a worker. An aborted job
 * is rejected at once; its worker gets `abortGraceMs` to finish the stale call (keeping a warm
 * worker when the call was nearly done), then is terminated and replaced lazily, so stale work
 * never holds a slot for long.
 */

export interface PoolWorker<Api> {
  api: Api;
  terminate(): void;
  /** true once the worker cannot answer any more (it is then replaced) */
  isDead?(): boolean;
}

export type WorkerFactory<Api> = () => PoolWorker<Api>;

export interface SubmitOptions {
  /** lower runs first; equal priorities run in submission order */
  priority?: number;
  signal?: AbortSignal;
  /** this job's time limit in ms (overrides the pool's `timeLimitMs`; 0: none) */
  timeLimitMs?: number;
}

export interface WorkerPoolOptions {
  size: number;
  /** how long an aborted job's worker may keep running before it is terminated (0: at once) */
  abortGraceMs?: number;
  /**
   * Slots kept free for urgent jobs (priority ≤ 0): background jobs never fill the whole pool,
   * so an urgent job (the point under a dragged slider) never waits behind them.
   */
  reservedSlots?: number;
  /**
   * A running job taking longer than this (ms) is stopped: its worker is terminated and replaced,
   * and the job rejects with a {@link JobTimeoutError} (0 or absent: no limit).
   */
  timeLimitMs?: number;
  setTimeout?: (handler: () => void, ms: number) => unknown;
  clearTimeout?: (id: unknown) => void;
}

/** The rejection of a cancelled job (`name` is 'AbortError', as for fetch). */
export class JobAbortedError extends Error {
  constructor() {
    super('job cancelled');
    this.name = 'AbortError';
  }
}

/** The rejection of a job stopped by the time limit or by {@link WorkerPool.killRunning}. */
export class JobTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobTimeoutError';
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** The text of a job's rejection, for the page (an Error's message, else the value as text). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return String(error);
}

interface Job<Api> {
  run: (api: Api) => Promise<unknown>;
  priority: number;
  order: number;
  timeLimitMs: number;
  settled: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  detach: () => void;
}

interface Slot<Api> {
  worker: PoolWorker<Api> | null;
  job: Job<Api> | null;
  /** the running job was aborted; the slot frees when it finishes or the grace timer fires */
  draining: boolean;
  graceTimer: unknown;
  /** the running job's time limit */
  limitTimer: unknown;
}

export class WorkerPool<Api> {
  private readonly slots: Slot<Api>[];
  private queue: Job<Api>[] = [];
  private submitted = 0;
  private disposed = false;
  private readonly graceMs: number;
  private readonly reservedSlots: number;
  private readonly timeLimitMs: number;
  private killNextArmed = false;
  private readonly startTimer: (handler: () => void, ms: number) => unknown;
  private readonly stopTimer: (id: unknown) => void;
  /** workers created so far (for tests and diagnostics) */
  created = 0;

  constructor(
    private readonly factory: WorkerFactory<Api>,
    options: WorkerPoolOptions,
  ) {
    const size = Math.max(1, Math.floor(options.size));
    this.slots = Array.from({ length: size }, () => ({
      worker: null,
      job: null,
      draining: false,
      graceTimer: null,
      limitTimer: null,
    }));
    this.timeLimitMs = Math.max(0, options.timeLimitMs ?? 0);
    this.graceMs = options.abortGraceMs ?? 0;
    this.reservedSlots = Math.min(size - 1, Math.max(0, Math.floor(options.reservedSlots ?? 0)));
    this.startTimer = options.setTimeout ?? ((h, ms) => globalThis.setTimeout(h, ms));
    this.stopTimer =
      options.clearTimeout ??
      ((id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>));
  }

  get size(): number {
    return this.slots.length;
  }

  /** Jobs waiting for a worker. */
  get queued(): number {
    return this.queue.length;
  }

  /** Jobs running (aborted ones still draining excluded). */
  get running(): number {
    return this.slots.filter((s) => s.job && !s.draining).length;
  }

  /** Starts every worker now and sends it `warm` (errors ignored: warming is best effort). */
  warmUp(warm: (api: Api) => Promise<unknown>): void {
    for (const slot of this.slots) {
      if (slot.worker) continue;
      slot.worker = this.createWorker();
      warm(slot.worker.api).catch(() => undefined);
    }
  }

  submit<T>(run: (api: Api) => Promise<T>, options: SubmitOptions = {}): Promise<T> {
    if (this.disposed) return Promise.reject(new Error('worker pool disposed'));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new JobAbortedError());
    return new Promise<T>((resolve, reject) => {
      const job: Job<Api> = {
        run,
        priority: options.priority ?? 0,
        order: this.submitted++,
        timeLimitMs: Math.max(0, options.timeLimitMs ?? this.timeLimitMs),
        settled: false,
        resolve: resolve as (value: unknown) => void,
        reject,
        detach: () => undefined,
      };
      if (signal) {
        const onAbort = () => this.abort(job);
        signal.addEventListener('abort', onAbort, { once: true });
        job.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.enqueue(job);
      this.pump();
    });
  }

  /** Terminates every worker and rejects every job. */
  dispose(): void {
    this.disposed = true;
    for (const job of this.queue) this.settle(job, { error: new JobAbortedError() });
    this.queue = [];
    for (const slot of this.slots) {
      if (slot.job) this.settle(slot.job, { error: new JobAbortedError() });
      this.terminate(slot);
    }
  }

  /**
   * Stops every running job now as if its worker had crashed: the jobs reject with a
   * {@link JobTimeoutError} carrying `reason`, the workers are terminated and replaced lazily.
   * Used by the time limit, and by the browser tests through `window.__gnlensPool` (main.tsx).
   * Returns the number of jobs stopped.
   */
  killRunning(reason = 'the computation worker was stopped'): number {
    let count = 0;
    for (const slot of this.slots) {
      if (!slot.job || slot.draining) continue;
      this.settle(slot.job, { error: new JobTimeoutError(reason) });
      this.terminate(slot);
      count++;
    }
    this.pump();
    return count;
  }

  /** The next job to start is stopped at once as by {@link killRunning} (browser tests). */
  killNextJob(): void {
    this.killNextArmed = true;
  }

  private createWorker(): PoolWorker<Api> {
    this.created++;
    return this.factory();
  }

  private enqueue(job: Job<Api>): void {
    // Stable insertion by (priority, order): the queue stays sorted.
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1]!.priority > job.priority) i--;
    this.queue.splice(i, 0, job);
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const free = this.slots.filter((s) => !s.job && !s.draining);
      if (free.length === 0) return;
      // The queue is sorted, so a background head means only background jobs wait.
      if (this.queue[0]!.priority > 0 && free.length <= this.reservedSlots) return;
      // Prefer a slot whose worker is already running (warm) over starting a new one.
      const slot = free.find((s) => s.worker) ?? free[0]!;
      const job = this.queue.shift()!;
      this.start(slot, job);
    }
  }

  private start(slot: Slot<Api>, job: Job<Api>): void {
    const worker = (slot.worker ??= this.createWorker());
    slot.job = job;
    let call: Promise<unknown>;
    try {
      call = job.run(worker.api);
    } catch (error) {
      call = Promise.reject(error);
    }
    call.then(
      (value) => this.finish(slot, worker, job, { value }),
      (error: unknown) => this.finish(slot, worker, job, { error }),
    );
    if (this.killNextArmed) {
      this.killNextArmed = false;
      this.stopSlot(slot, job, 'the computation worker was stopped while computing');
      return;
    }
    if (job.timeLimitMs > 0) {
      const limitMs = job.timeLimitMs;
      slot.limitTimer = this.startTimer(() => {
        slot.limitTimer = null;
        this.stopSlot(
          slot,
          job,
          `the computation took longer than ${Math.round(limitMs / 1000)} s and was stopped; its worker was replaced`,
        );
      }, limitMs);
    }
  }

  private stopSlot(slot: Slot<Api>, job: Job<Api>, reason: string): void {
    if (slot.job !== job) return;
    if (!slot.draining) this.settle(job, { error: new JobTimeoutError(reason) });
    this.terminate(slot);
    this.pump();
  }

  private finish(
    slot: Slot<Api>,
    worker: PoolWorker<Api>,
    job: Job<Api>,
    outcome: { value?: unknown; error?: unknown },
  ): void {
    // A terminated worker's late answer, or one from a slot that has moved on: ignore.
    if (slot.worker !== worker || slot.job !== job) return;
    if (slot.limitTimer !== null) {
      this.stopTimer(slot.limitTimer);
      slot.limitTimer = null;
    }
    if (slot.draining) {
      this.stopTimer(slot.graceTimer);
      slot.draining = false;
      slot.graceTimer = null;
    } else {
      this.settle(job, outcome);
    }
    slot.job = null;
    if (worker.isDead?.()) this.terminate(slot);
    this.pump();
  }

  private settle(job: Job<Api>, outcome: { value?: unknown; error?: unknown }): void {
    if (job.settled) return;
    job.settled = true;
    job.detach();
    if ('error' in outcome) job.reject(outcome.error);
    else job.resolve(outcome.value);
  }

  private abort(job: Job<Api>): void {
    if (job.settled) return;
    this.settle(job, { error: new JobAbortedError() });
    const queuedAt = this.queue.indexOf(job);
    if (queuedAt >= 0) {
      this.queue.splice(queuedAt, 1);
      return;
    }
    const slot = this.slots.find((s) => s.job === job);
    if (!slot) return;
    if (this.graceMs <= 0) {
      this.terminate(slot);
      this.pump();
      return;
    }
    slot.draining = true;
    slot.graceTimer = this.startTimer(() => {
      if (slot.job === job && slot.draining) {
        this.terminate(slot);
        this.pump();
      }
    }, this.graceMs);
  }

  private terminate(slot: Slot<Api>): void {
    if (slot.graceTimer !== null) this.stopTimer(slot.graceTimer);
    if (slot.limitTimer !== null) this.stopTimer(slot.limitTimer);
    slot.limitTimer = null;
    slot.worker?.terminate();
    slot.worker = null;
    slot.job = null;
    slot.draining = false;
    slot.graceTimer = null;
  }
}
