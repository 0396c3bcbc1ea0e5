/** A fake training worker: simulated runs (loss 1/(1+t), κ = 10 + t), calls held until released. */
import type { TrainRecord, TrainSettings } from '../../src/core/gn/train';
import type { GnConfig } from '../../src/core/types';
import type { TrainWorkerHandle } from '../../src/compute/trainingController';
import type { TrainingChunk } from '../../src/state/slices/trainingSlice';

export function fakeRecord(step: number, epoch: number): TrainRecord {
  return {
    step,
    epoch,
    loss: 1 / (1 + step),
    kappa: 10 + step,
    rank: 3,
    bounds: { convex: 12 + step, max: null },
    eigenvalues: [10 + step, 2, 1],
  };
}

interface FakeRun {
  config: GnConfig;
  settings: TrainSettings;
  step: number;
  total: number;
  perEpoch: number;
}

export interface PendingCall {
  kind: 'start' | 'advance' | 'stop';
  id: number;
  maxSteps?: number;
  release: () => void;
}

export interface FakeOptions {
  /** steps one advance takes at most (stands in for the time budget) */
  chunkSteps?: number;
  /** hold every call until the test releases it */
  gated?: boolean;
  /** start fails with this message for configs where it returns a string */
  failStart?: (config: GnConfig) => string | null;
  /** the worker reports itself dead (e.g. it failed to load) while this returns true */
  dies?: () => boolean;
  /** advance fails ("diverged") at this step, for every run or per configuration */
  divergeAt?: number | ((config: GnConfig) => number | undefined);
}

export function fakeTrainWorkers(options: FakeOptions = {}) {
  const runs = new Map<number, FakeRun>();
  const pending: PendingCall[] = [];
  const log: string[] = [];
  let created = 0;
  let terminated = 0;
  const chunkSteps = options.chunkSteps ?? 3;

  function hold<T>(call: Omit<PendingCall, 'release'>, work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const run = () => {
        try {
          resolve(work());
        } catch (error) {
          reject(error);
        }
      };
      if (options.gated) pending.push({ ...call, release: run });
      else queueMicrotask(run);
    });
  }

  const factory = (): TrainWorkerHandle => {
    created++;
    let dead = false;
    const fails: ((e: Error) => void)[] = [];
    const guard = <T>(p: Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        if (dead) reject(new Error('terminated'));
        fails.push(reject);
        p.then(resolve, reject);
      });
    return {
      api: {
        start: (id: number, config: GnConfig, settings: TrainSettings) =>
          guard(
            hold({ kind: 'start', id }, () => {
              log.push(`start ${id}`);
              const why = options.failStart?.(config);
              if (why) throw new Error(why);
              const n = config.data.n;
              const batch =
                settings.batch === undefined || settings.batch >= n ? n : settings.batch;
              const perEpoch = Math.ceil(n / batch);
              runs.set(id, {
                config,
                settings,
                step: 0,
                total: settings.epochs * perEpoch,
                perEpoch,
              });
              return { first: fakeRecord(0, 0), totalSteps: settings.epochs * perEpoch };
            }),
          ),
        advance: (id: number, maxSteps: number) =>
          guard(
            hold({ kind: 'advance', id, maxSteps }, (): TrainingChunk => {
              log.push(`advance ${id} ${maxSteps === 1 ? 1 : 'n'}`);
              const run = runs.get(id);
              if (!run) throw new Error(`no training run ${id}`);
              const records: TrainRecord[] = [];
              for (let t = 0; t < Math.min(maxSteps, chunkSteps) && run.step < run.total; t++) {
                run.step++;
                const at =
                  typeof options.divergeAt === 'function'
                    ? options.divergeAt(run.config)
                    : options.divergeAt;
                if (at !== undefined && run.step >= at) {
                  throw new Error(`training diverged at step ${run.step}`);
                }
                if (run.step % run.settings.every === 0) {
                  records.push(fakeRecord(run.step, Math.floor(run.step / run.perEpoch)));
                }
              }
              return {
                records,
                step: run.step,
                epoch: Math.floor(run.step / run.perEpoch),
                done: run.step >= run.total,
              };
            }),
          ),
        stop: (id: number) =>
          guard(
            hold({ kind: 'stop', id }, () => {
              log.push(`stop ${id}`);
              return runs.delete(id);
            }),
          ),
      },
      terminate: () => {
        dead = true;
        terminated++;
        for (const fail of fails) fail(new Error('terminated'));
      },
      isDead: () => dead || (options.dies?.() ?? false),
    };
  };

  return {
    factory,
    pending,
    log,
    runs,
    get created() {
      return created;
    },
    get terminated() {
      return terminated;
    },
    /** Releases the oldest held call. */
    releaseNext() {
      const call = pending.shift();
      if (!call) throw new Error('no pending call');
      call.release();
      return call;
    },
  };
}

/** Lets queued microtasks and promise chains run. */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}
