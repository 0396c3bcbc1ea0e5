/** Fake workers whose calls the test settles by hand (no real threads). */
import * as Comlink from 'comlink';
import type { DirectionResult } from '../../src/core/explain/direction';
import type { ExplainResult } from '../../src/core/explain/explain';
import type { EvalResult, GnConfig, JobProgress } from '../../src/core/types';
import type { EvaluateApi } from '../../src/compute/orchestrator';
import type { PoolWorker } from '../../src/compute/workerPool';

export interface PendingCall {
  worker: number;
  config: GnConfig;
  resolve: (result: EvalResult) => void;
  reject: (error: Error) => void;
  /** which API method: a full evaluation, a sweep point or an explanation */
  method: 'evaluate' | 'brief' | 'explain';
  /** the page's spectrum callback (current-point calls only) */
  onSpectrum?: (partial: EvalResult) => boolean;
  /** the page's progress callback (current-point calls only) */
  onProgress?: (progress: JobProgress) => void;
}

/** A direction call the test settles by hand. */
export interface PendingDirection {
  worker: number;
  config: GnConfig;
  resolve: (result: DirectionResult) => void;
  reject: (error: Error) => void;
}

export function fakeResult(config: GnConfig, kappa = config.L * 10 + config.seed): EvalResult {
  return {
    kappa,
    rank: 1,
    size: 1,
    method: 'reduced-kd',
    eigenvalues: [kappa],
    discarded: [],
    zeroCount: 0,
    params: 1,
    rankTheory: null,
    kappaSigma: 1,
    rankSigma: 1,
    sigmaEigenvalues: [1],
    bounds: {
      convex: {
        id: 'convex',
        value: kappa * 2,
        kind: 'upper',
        applies: true,
        proved: true,
        ratio: 2,
      },
    },
    warnings: [],
    kernel: 'fake',
    ms: 0,
  };
}

/** An explanation that names the configuration it answers (its depth in the reason). */
export function fakeExplain(config: GnConfig): ExplainResult {
  return {
    layers: { family: 'none', reason: `explained L = ${config.L}` },
    theory: { kind: 'none', reason: `no prediction for L = ${config.L}` },
  };
}

/** Answers an `explain` call with {@link fakeExplain} of its configuration. */
export function answerExplain(call: PendingCall): void {
  if (call.method !== 'explain') throw new Error(`not an explain call: ${call.method}`);
  (call.resolve as unknown as (result: ExplainResult) => void)(fakeExplain(call.config));
}

export function fakeWorkers() {
  const calls: PendingCall[] = [];
  const directionCalls: PendingDirection[] = [];
  const terminated: number[] = [];
  let created = 0;
  const factory = (): PoolWorker<EvaluateApi> => {
    const id = created++;
    let dead = false;
    return {
      api: {
        evaluate: (config, onSpectrum, onProgress) =>
          new Promise<EvalResult>((resolve, reject) => {
            calls.push({
              worker: id,
              method: 'evaluate',
              config,
              resolve,
              reject,
              ...(onSpectrum ? { onSpectrum } : {}),
              ...(onProgress ? { onProgress } : {}),
            });
          }),
        // Sweep jobs: answered with a full result too (a superset of the brief one).
        evaluateBrief: (config) =>
          new Promise<EvalResult>((resolve, reject) => {
            calls.push({ worker: id, method: 'brief', config, resolve, reject });
          }),
        // The digits "fail to download" so that tests can see a preview error.
        datasetPreview: (source, count) =>
          source === 'digits'
            ? Promise.reject(new Error('could not load the digits images (HTTP 404)'))
            : Promise.resolve({
                rows: 2,
                cols: 2,
                maxValue: 255,
                pixels: new Uint8Array(4 * count),
                labels: new Uint8Array(count),
              }),
        direction: (config) =>
          new Promise<DirectionResult>((resolve, reject) => {
            directionCalls.push({ worker: id, config, resolve, reject });
          }),
        warmUp: () => Promise.resolve(0),
        // Explanations are settled by hand too: answerExplain(call).
        explain: (config) =>
          new Promise<ExplainResult>((resolve, reject) => {
            calls.push({
              worker: id,
              method: 'explain',
              config,
              resolve: resolve as unknown as (result: EvalResult) => void,
              reject,
            });
          }),
      },
      terminate: () => {
        dead = true;
        terminated.push(id);
      },
      isDead: () => dead,
    };
  };
  /** Lets promise callbacks run. */
  const tick = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return { factory, calls, directionCalls, terminated, created: () => created, tick };
}

/**
 * A stand-in for a module `Worker`, for the worker client (src/compute/workerClient.ts): its
 * messages go over a MessageChannel to `api` exposed with comlink, as in a real worker; without
 * an `api` nothing ever answers (a script that never ran). `fail` fires the `error` event a
 * worker fires when its script does not load; `terminate` closes the channel.
 */
export class FakeWorker extends EventTarget {
  terminated = 0;
  private readonly port: MessagePort;

  constructor(api?: object) {
    super();
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    if (api) Comlink.expose(api, port2 as unknown as Comlink.Endpoint);
    port1.addEventListener('message', (event) =>
      this.dispatchEvent(new MessageEvent('message', { data: (event as MessageEvent).data })),
    );
    port1.start();
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    if (this.terminated === 0) this.port.postMessage(message, transfer);
  }

  terminate(): void {
    this.terminated++;
    this.port.close();
  }

  /** Fires `type` as a worker does when it dies (`message`: the ErrorEvent's text, if any). */
  fail(type: 'error' | 'messageerror' = 'error', message?: string): void {
    const event = new Event(type);
    if (message !== undefined) Object.assign(event, { message });
    this.dispatchEvent(event);
  }
}
