/**
 * The explanation of the current point (src/compute/explainRunner.ts) with the fake workers: it
 * starts only once the current point is answered, before the sweep, is cancelled by a newer
 * configuration, and a stale answer is never shown (the newest request wins).
 */
import { describe, expect, it } from 'vitest';
import {
  EXPLAIN_PRIORITY,
  SWEEP_PRIORITY,
  configKey,
  startComputation,
} from '../../src/compute/orchestrator';
import { WorkerPool } from '../../src/compute/workerPool';
import { createAppStore } from '../../src/state/store';
import {
  answerExplain,
  fakeExplain,
  fakeResult,
  fakeWorkers,
  type PendingCall,
} from './fakeWorkers';

function setup(size: number, explain = true) {
  const fake = fakeWorkers();
  const pool = new WorkerPool(fake.factory, { size });
  const store = createAppStore();
  store.getState().updateSweepSettings({ from: 1, to: 3, points: 3, seeds: 1 });
  const stop = startComputation(store, pool, { explain, cacheSize: 8 });
  return { ...fake, store, stop };
}

const explains = (calls: PendingCall[]) => calls.filter((c) => c.method === 'explain');

describe('explanation of the current point', () => {
  it('starts after the current result, ahead of the sweep, and is shown when it arrives', async () => {
    const { calls, store, tick, stop } = setup(1);
    expect(explains(calls)).toHaveLength(0);
    // the streamed spectrum alone does not start it: the point is not answered yet
    calls[0]!.onSpectrum?.({ ...fakeResult(calls[0]!.config), bounds: {} });
    await tick();
    expect(explains(calls)).toHaveLength(0);
    calls[0]!.resolve(fakeResult(calls[0]!.config));
    await tick();
    // one worker: the explanation (priority 1) runs before the sweep's points (priority 2)
    expect(EXPLAIN_PRIORITY).toBeLessThan(SWEEP_PRIORITY);
    expect(calls.slice(1).map((c) => c.method)).toEqual(['explain']);
    const key = configKey(store.getState().params);
    expect(store.getState().explanation).toMatchObject({ status: 'computing', key });
    answerExplain(calls[1]!);
    await tick();
    expect(store.getState().explanation).toMatchObject({ status: 'idle', resultKey: key });
    expect(store.getState().explanation.result?.layers).toMatchObject({
      reason: `explained L = ${store.getState().params.L}`,
    });
    expect(calls.at(-1)!.method).toBe('brief');
    stop();
  });

  it('a stale explanation is not shown: a newer configuration cancels it and wins', async () => {
    const { calls, store, tick, stop } = setup(2);
    const L0 = store.getState().params.L;
    calls[0]!.resolve(fakeResult(calls[0]!.config));
    await tick();
    const stale = explains(calls)[0]!;
    expect(stale.config.L).toBe(L0);
    store.getState().updateParams({ L: L0 + 1 });
    // the old job was aborted; its late answer must change nothing
    answerExplain(stale);
    await tick();
    expect(store.getState().explanation.result).toBeNull();
    const current = calls.find((c) => c.method === 'evaluate' && c.config.L === L0 + 1)!;
    current.resolve(fakeResult(current.config));
    await tick();
    // both workers are on sweep points queued before it: the explanation waits for one
    expect(store.getState().explanation).toMatchObject({ status: 'computing', result: null });
    calls.filter((c) => c.method === 'brief').forEach((c) => c.resolve(fakeResult(c.config)));
    await tick();
    const fresh = explains(calls).find((c) => c.config.L === L0 + 1)!;
    answerExplain(fresh);
    await tick();
    expect(store.getState().explanation.resultKey).toBe(configKey(store.getState().params));
    expect(store.getState().explanation.result?.theory).toMatchObject({
      reason: `no prediction for L = ${L0 + 1}`,
    });
    // a step on and back answers the point and its explanation from the caches, at once
    store.getState().updateParams({ L: L0 + 2 });
    store.getState().updateParams({ L: L0 + 1 });
    await tick();
    expect(store.getState().explanation).toMatchObject({
      status: 'idle',
      resultKey: configKey(store.getState().params),
    });
    stop();
  });

  it('the store drops an explanation whose key is not the newest request', () => {
    const store = createAppStore();
    store.getState().beginCurrent('new');
    store.getState().beginExplain('old');
    store.getState().commitExplain('old', fakeExplain(store.getState().params));
    expect(store.getState().explanation.result).toBeNull();
    store.getState().beginExplain('new');
    store.getState().commitExplain('old', fakeExplain(store.getState().params));
    expect(store.getState().explanation.result).toBeNull();
    store.getState().commitExplain('new', fakeExplain(store.getState().params));
    expect(store.getState().explanation.resultKey).toBe('new');
  });

  it('does nothing for a failed point, and nothing at all when switched off', async () => {
    const on = setup(1);
    on.calls[0]!.reject(new Error('boom'));
    await on.tick();
    expect(explains(on.calls)).toHaveLength(0);
    on.stop();
    const off = setup(1, false);
    off.calls[0]!.resolve(fakeResult(off.calls[0]!.config));
    await off.tick();
    expect(explains(off.calls)).toHaveLength(0);
    off.stop();
  });
});
