/**
 * The current request (src/compute/currentRequest.ts) on its own: the newest wins, a superseded
 * answer is dropped, the cache answers at once, and the size guard holds a slow point back.
 */
import { describe, expect, it } from 'vitest';
import { CurrentRequest, PROGRESS_MIN_ESTIMATE_MS } from '../../src/compute/currentRequest';
import { configKey } from '../../src/compute/jobs';
import type { ResultSource } from '../../src/compute/jobs';
import { LookAheadRunner } from '../../src/compute/lookAheadRunner';
import { LruCache } from '../../src/core/lruCache';
import { WorkerPool } from '../../src/compute/workerPool';
import { estimateCost } from '../../src/core/cost';
import type { EvalResult } from '../../src/core/types';
import type { ParamsPatch } from '../../src/model/paramEdits';
import { createAppStore } from '../../src/state/store';
import { fakeResult, fakeWorkers } from './fakeWorkers';

function setup(size = 2) {
  const fake = fakeWorkers();
  // a grace time, so a superseded job's worker may still answer (the answer must be dropped)
  const pool = new WorkerPool(fake.factory, { size, abortGraceMs: 150 });
  const store = createAppStore();
  const results = new LruCache<EvalResult>(8);
  const sources: ResultSource[] = [];
  let settled = 0;
  const lookAhead = new LookAheadRunner({
    pool,
    results,
    idle: () => current.settled,
    configured: false,
  });
  const current: CurrentRequest = new CurrentRequest({
    store,
    pool,
    results,
    lookAhead,
    hooks: { onResult: (_ms, source) => sources.push(source) },
    reuse: () => true,
    onSettled: () => settled++,
  });
  const ask = (patch: ParamsPatch) => {
    store.getState().updateParams(patch);
    const params = store.getState().params;
    return current.request(params, configKey(params));
  };
  return { ...fake, store, current, ask, sources, settled: () => settled };
}

describe('current request', () => {
  it("drops a superseded request's answer and shows the newest", async () => {
    const { calls, store, current, ask, tick, settled, sources } = setup();
    expect(ask({ L: 4 })).toBe('sent');
    expect(ask({ L: 5 })).toBe('sent');
    const [stale, newest] = calls;
    expect([stale!.config.L, newest!.config.L]).toStrictEqual([4, 5]);
    // the stale worker streams its spectrum and answers anyway
    expect(stale!.onSpectrum?.({ ...fakeResult(stale!.config), bounds: {} })).toBe(false);
    stale!.resolve(fakeResult(stale!.config));
    await tick();
    expect(store.getState().current.result).toBeNull();
    expect(store.getState().current.status).toBe('computing');
    expect(current.settled).toBe(false);
    expect(settled()).toBe(0);
    newest!.resolve(fakeResult(newest!.config));
    await tick();
    expect(store.getState().current).toMatchObject({ status: 'idle' });
    expect(store.getState().current.result?.kappa).toBe(51);
    expect(current.settled).toBe(true);
    expect(settled()).toBe(1);
    expect(sources).toStrictEqual(['worker']);
  });

  it('asks for progress only from jobs estimated at 300 ms or more', () => {
    const { calls, store, current, ask } = setup();
    ask({ L: 4 });
    expect(estimateCost(calls[0]!.config).ms).toBeLessThan(PROGRESS_MIN_ESTIMATE_MS);
    expect(calls[0]!.onProgress).toBeUndefined();
    // a ReLU net whose n·k Gram takes seconds: held back, then computed anyway
    store.getState().updateParams({ L: 2, activation: 'relu', data: { n: 300 } });
    const params = store.getState().params;
    const key = configKey(params);
    expect(estimateCost(params).ms).toBeGreaterThanOrEqual(PROGRESS_MIN_ESTIMATE_MS);
    expect(current.request(params, key)).toBe('held');
    store.getState().forceCurrent(key);
    expect(current.request(params, key)).toBe('sent');
    expect(calls.at(-1)!.onProgress).toBeTypeOf('function');
  });

  it('answers a configuration computed before from the cache, at once', async () => {
    const { calls, store, ask, tick, sources } = setup();
    ask({ L: 4 });
    calls[0]!.resolve(fakeResult(calls[0]!.config));
    await tick();
    ask({ L: 6 });
    expect(ask({ L: 4 })).toBe('cache');
    expect(store.getState().current).toMatchObject({ status: 'idle' });
    expect(store.getState().current.result?.kappa).toBe(41);
    expect(sources).toStrictEqual(['worker', 'cache']);
    expect(calls.map((c) => c.config.L)).toStrictEqual([4, 6]);
  });

  it('holds back a point the size guard would ask about, until it is forced', () => {
    const { calls, store, current, ask } = setup();
    const patch: ParamsPatch = { L: 2, activation: 'relu', data: { n: 300 } };
    expect(ask(patch)).toBe('held');
    const { params } = store.getState();
    expect(estimateCost(params).level).toBe('confirm'); // the premise
    expect(current.settled).toBe(true);
    expect(store.getState().current.guard?.key).toBe(configKey(params));
    expect(calls).toHaveLength(0);
    store.getState().forceCurrent(configKey(params));
    expect(current.request(params, configKey(params))).toBe('sent');
    expect(calls.map((c) => c.config.data.n)).toStrictEqual([300]);
  });
});
