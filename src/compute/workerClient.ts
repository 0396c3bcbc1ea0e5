/**
 * The one comlink client of the page (docs/architecture.md §3): a module worker behind a
 * typed remote whose every call settles. comlink alone never settles a call whose worker died
 * (it failed to load — a 404, a syntax error in the module —, ran out of memory, or was
 * terminated), so each call here races the worker's death (`error` / `messageerror` events), an
 * optional AbortSignal and an optional time limit. Aborting a call, passing its time limit or
 * disposing the client terminates the worker: a running call cannot be stopped inside it.
 *
 * The caller creates the worker (`new Worker(new URL('…', import.meta.url), { type: 'module' })`
 * must appear literally in its module for Vite to bundle the worker file) and names the API by
 * the worker's exported type, imported with `import type` only.
 */
import { proxy, wrap } from 'comlink';
import type { Endpoint, Remote } from 'comlink';
import { JobAbortedError, JobTimeoutError, errorMessage } from './workerPool';

/** What the client needs of a worker (a real `Worker`, or a fake in tests). */
export type WorkerLike = Endpoint & { terminate(): void };

/** The worker's API as the page sees it: every method returns a promise. */
export type RemoteApi<Api> = Remote<Api>;

/**
 * Marks a function argument to be called back across the worker boundary (by reference) instead
 * of being copied, e.g. the spectrum callback of `evaluate`.
 */
export const remoteCallback = proxy;

export interface WorkerClientOptions {
  /** the worker as error messages name it, e.g. "the computation worker" */
  label: string;
  setTimeout?: (handler: () => void, ms: number) => unknown;
  clearTimeout?: (id: unknown) => void;
}

export interface CallOptions {
  /** aborting it rejects the call with an AbortError and terminates the worker */
  signal?: AbortSignal;
  /** past this many ms the call rejects with a JobTimeoutError and the worker is terminated */
  timeLimitMs?: number;
}

export interface WorkerClient<Api> {
  /** Sends one call; it settles with the worker's answer, its death, the abort or the limit. */
  call<T>(send: (remote: RemoteApi<Api>) => Promise<T>, options?: CallOptions): Promise<T>;
  /** true once the worker cannot answer any more (it died or was terminated) */
  isDead(): boolean;
  /** Terminates the worker; calls still pending reject. */
  terminate(): void;
}

/** A time limit in words: whole seconds, or ms below one second. */
function durationText(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms)} ms`;
}

/** Starts the worker `spawn` creates and wraps it (see the module comment). */
export function createWorkerClient<Api>(
  spawn: () => WorkerLike,
  options: WorkerClientOptions,
): WorkerClient<Api> {
  const { label } = options;
  const startTimer = options.setTimeout ?? ((h, ms) => globalThis.setTimeout(h, ms));
  const stopTimer =
    options.clearTimeout ?? ((id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>));
  /** why the worker cannot answer any more (null while it can) */
  let failure: Error | null = null;
  /** the rejecters of the calls not settled yet */
  const pending = new Set<(error: Error) => void>();
  let worker: WorkerLike | null = null;
  let remote: RemoteApi<Api> | null = null;

  const end = (error: Error): void => {
    if (failure) return;
    failure = error;
    worker?.terminate();
    for (const reject of [...pending]) reject(error);
    pending.clear();
  };

  try {
    const spawned = spawn();
    worker = spawned;
    remote = wrap<Api>(spawned);
    spawned.addEventListener('error', (event) => {
      const detail = (event as Partial<ErrorEvent>).message;
      end(new Error(`${label} stopped: ${detail || 'it could not start'}`));
    });
    spawned.addEventListener('messageerror', () =>
      end(new Error(`${label} stopped: a message could not be read`)),
    );
  } catch (error) {
    // e.g. a SecurityError from the page's Content-Security-Policy
    end(new Error(`${label} could not start: ${errorMessage(error)}`));
  }

  function call<T>(
    send: (api: RemoteApi<Api>) => Promise<T>,
    { signal, timeLimitMs = 0 }: CallOptions = {},
  ): Promise<T> {
    if (failure) return Promise.reject(failure);
    if (signal?.aborted) return Promise.reject(new JobAbortedError());
    const api = remote!;
    return new Promise<T>((resolve, reject) => {
      let timer: unknown = null;
      let settled = false;
      const settle = (finish: () => void): void => {
        if (settled) return;
        settled = true;
        pending.delete(onEnd);
        signal?.removeEventListener('abort', onAbort);
        if (timer !== null) stopTimer(timer);
        finish();
      };
      const onEnd = (error: Error) => settle(() => reject(error));
      const onAbort = () => {
        settle(() => reject(new JobAbortedError()));
        end(new Error(`${label} was stopped (a call was cancelled)`));
      };
      pending.add(onEnd);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeLimitMs > 0) {
        timer = startTimer(() => {
          timer = null;
          const error = new JobTimeoutError(
            `${label} took longer than ${durationText(timeLimitMs)} and was stopped`,
          );
          settle(() => reject(error));
          end(error);
        }, timeLimitMs);
      }
      let sent: Promise<T>;
      try {
        sent = send(api);
      } catch (error) {
        sent = Promise.reject(error);
      }
      sent.then(
        (value) => settle(() => resolve(value)),
        (error: unknown) => settle(() => reject(error)),
      );
    });
  }

  return {
    call,
    isDead: () => failure !== null,
    terminate: () => end(new Error(`${label} was terminated`)),
  };
}
