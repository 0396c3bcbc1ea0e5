/**
 * The direction view's computation (src/compute/directionRunner.ts) with fake workers: it starts
 * only once the current point is answered, a newer configuration aborts the older direction and
 * a stale answer is never shown, failures are shown for their own configuration, and a step back
 * is answered from the cache.
 */
import { describe, expect, it } from 'vitest';
import { configKey, startComputation } from '../../src/compute/orchestrator';
import type { ComputationOptions } from '../../src/compute/orchestrator';
import type { DirectionResult } from '../../src/core/explain/direction';
import type { GnConfig } from '../../src/core/types';
import { WorkerPool } from '../../src/compute/workerPool';
import { createAppStore } from '../../src/state/store';
import { fakeResult, fakeWorkers } from './fakeWorkers';

/** A recognisable direction for `config`: its eigenvalue is the depth. */
function fakeDirection(config: GnConfig): DirectionResult {
  const template = new Float64Array([config.L]);
  return {
    kind: 'linear',
    method: 'reduced-kd',
    size: 1,
    k: 1,
    inputs: 1,
    bias: false,
    image: null,
    ms: 0,
    max: {
      value: config.L,
      template,
      top: { input: template, output: new Float64Array([1]), share: 1 },
    },
    minPositive: null,
  };
}

/** Timers run by hand: `run()` fires every pending one. */
function manualClock() {
  const pending = new Map<number, () => void>();
  let next = 0;
  return {
    setTimeout: (handler: () => void) => {
      pending.set(++next, handler);
      return next;
    },
    clearTimeout: (id: unknown) => void pending.delete(id as number),
    now: () => 0,
    pending: () => pending.size,
    run: () => {
      const handlers = [...pending.values()];
      pending.clear();
      handlers.forEach((h) => h());
    },
  };
}

function setup(directions = true, extra: Partial<ComputationOptions> = {}) {
  const fake = fakeWorkers();
  // enough workers that the sweep's jobs (never answered here) leave some free
  const pool = new WorkerPool(fake.factory, { size: 6 });
  const store = createAppStore();
  store.getState().updateSweepSettings({ from: 1, to: 2, points: 2, seeds: 1 });
  const stop = startComputation(store, pool, { directions, ...extra });
  const answerCurrent = async () => {
    const call = fake.calls.filter((c) => c.method === 'evaluate').at(-1)!;
    call.resolve(fakeResult(call.config));
    await fake.tick();
  };
  return { ...fake, store, stop, answerCurrent };
}

describe('direction runner', () => {
  it('asks for the direction once the current point is answered, and shows it', async () => {
    const { store, directionCalls, answerCurrent, tick, stop } = setup();
    expect(directionCalls).toHaveLength(0); // the spectrum first
    await answerCurrent();
    expect(directionCalls).toHaveLength(1);
    const key = configKey(store.getState().params);
    expect(store.getState().direction).toMatchObject({ status: 'computing', requestKey: key });
    directionCalls[0]!.resolve(fakeDirection(directionCalls[0]!.config));
    await tick();
    expect(store.getState().direction).toMatchObject({ status: 'idle', resultKey: key });
    expect(store.getState().direction.result?.kind).toBe('linear');
    stop();
  });

  it('a newer configuration aborts the older direction; its late answer is never shown', async () => {
    const { store, directionCalls, answerCurrent, tick, stop } = setup();
    await answerCurrent();
    const stale = directionCalls[0]!;
    store.getState().updateParams({ L: 5 });
    await answerCurrent();
    expect(directionCalls).toHaveLength(2);
    const fresh = directionCalls[1]!;
    expect(fresh.config.L).toBe(5);
    // the stale answer comes late, after the fresh one: dropped
    fresh.resolve(fakeDirection(fresh.config));
    await tick();
    stale.resolve(fakeDirection(stale.config));
    await tick();
    const shown = store.getState().direction;
    expect(shown.resultKey).toBe(configKey(store.getState().params));
    expect(shown.result?.kind === 'linear' && shown.result.max?.value).toBe(5);
    stop();
  });

  it('a stale answer before the fresh one is dropped too (the store keeps computing)', async () => {
    const { store, directionCalls, answerCurrent, tick, stop } = setup();
    await answerCurrent();
    const stale = directionCalls[0]!;
    store.getState().updateParams({ L: 4 });
    stale.resolve(fakeDirection(stale.config));
    await tick();
    expect(store.getState().direction.result).toBeNull();
    await answerCurrent();
    expect(store.getState().direction.status).toBe('computing');
    stop();
  });

  it('a failure is shown for its own configuration only; a step back is answered from the cache', async () => {
    const { store, directionCalls, answerCurrent, tick, stop } = setup();
    await answerCurrent();
    directionCalls[0]!.resolve(fakeDirection(directionCalls[0]!.config));
    await tick();
    const first = configKey(store.getState().params);
    const L0 = store.getState().params.L;
    store.getState().updateParams({ L: 6 });
    await answerCurrent();
    directionCalls[1]!.reject(new Error('out of memory'));
    await tick();
    expect(store.getState().direction).toMatchObject({ status: 'error', error: 'out of memory' });
    store.getState().updateParams({ L: L0 });
    await answerCurrent();
    expect(directionCalls).toHaveLength(2); // no new call: from the cache
    expect(store.getState().direction).toMatchObject({ status: 'idle', resultKey: first });
    stop();
  });

  it('with a quiet time, a drag starts no direction until the point has been still', async () => {
    const clock = manualClock();
    const { store, directionCalls, answerCurrent, stop } = setup(true, {
      directionQuietMs: 300,
      ...clock,
    });
    await answerCurrent();
    expect(directionCalls).toHaveLength(0);
    expect(clock.pending()).toBeGreaterThan(0);
    // the next step of the drag comes before the quiet time: the first direction is never asked
    store.getState().updateParams({ L: 4 });
    await answerCurrent();
    expect(directionCalls).toHaveLength(0);
    clock.run();
    expect(directionCalls).toHaveLength(1);
    expect(directionCalls[0]!.config.L).toBe(4);
    stop();
  });

  it('is off unless the page asks for it', async () => {
    const { directionCalls, answerCurrent, stop } = setup(false);
    await answerCurrent();
    expect(directionCalls).toHaveLength(0);
    stop();
  });
});
