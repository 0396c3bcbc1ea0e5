import { describe, expect, it } from 'vitest';
import {
  MAX_JOB_LIMIT_MS,
  MIN_JOB_LIMIT_MS,
  configKey,
  jobTimeLimitMs,
  startComputation,
} from '../../src/compute/orchestrator';
import { estimateCost } from '../../src/core/cost';
import { sweepPlan } from '../../src/model/sweepPlan';
import type { ComputationOptions, ResultSource } from '../../src/compute/orchestrator';
import { WorkerPool } from '../../src/compute/workerPool';
import { createAppStore } from '../../src/state/store';
import { fakeResult, fakeWorkers } from './fakeWorkers';
import { present } from '../helpers/present';

function setup(size = 2, options: ComputationOptions = {}) {
  const fake = fakeWorkers();
  const pool = new WorkerPool(fake.factory, { size });
  const store = createAppStore();
  // A small sweep keeps the bookkeeping readable: depth 1..3, 2 seeds.
  store.getState().updateSweepSettings({ from: 1, to: 3, points: 3, seeds: 2 });
  let results = 0;
  const sources: ResultSource[] = [];
  const computation = startComputation(store, pool, {
    ...options,
    onResult: (_ms, source) => {
      results++;
      sources.push(source);
    },
  });
  return { ...fake, pool, store, stop: computation, computation, results: () => results, sources };
}

describe('computation orchestrator', () => {
  it('computes the current point first, then the sweep', async () => {
    const { calls, store, tick, results } = setup();
    expect(calls).toHaveLength(1);
    expect(store.getState().current.status).toBe('computing');
    expect(store.getState().sweep?.status).toBe('waiting');
    calls[0]!.resolve(fakeResult(calls[0]!.config));
    await tick();
    expect(store.getState().current).toMatchObject({ status: 'idle' });
    expect(store.getState().current.result?.kappa).toBe(31);
    expect(results()).toBe(1);
    // Two workers now run sweep jobs (6 in all), seed-major.
    expect(calls.slice(1).map((c) => [c.config.L, c.config.seed])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    while (calls.length < 7) {
      calls
        .filter((c) => !('done' in c))
        .forEach((c) => {
          Object.assign(c, { done: true });
          c.resolve(fakeResult(c.config));
        });
      await tick();
    }
    calls.slice(5).forEach((c) => c.resolve(fakeResult(c.config)));
    await tick();
    const sweep = store.getState().sweep!;
    expect(sweep).toMatchObject({ status: 'done', done: 6, failed: 0 });
    expect(sweep.samples.map((s) => s?.kappa)).toEqual([11, 21, 31, 12, 22, 32]);
  });

  it('lets the newest request win while a drag goes on', async () => {
    const { calls, store, tick, terminated } = setup(1);
    store.getState().updateParams({ L: 4 });
    store.getState().updateParams({ L: 5 });
    // The first two requests were aborted; with no grace their worker was replaced.
    expect(terminated.length).toBeGreaterThanOrEqual(1);
    const newest = calls.at(-1)!;
    expect(newest.config.L).toBe(5);
    calls.slice(0, -1).forEach((c) => c.resolve(fakeResult(c.config)));
    newest.resolve(fakeResult(newest.config));
    await tick();
    expect(store.getState().current.result?.kappa).toBe(51);
    expect(store.getState().current.resultKey).toBe(configKey(store.getState().params));
  });

  it('commits the streamed spectrum at once and tells a superseded request to skip its bounds', () => {
    const { calls, store, results } = setup();
    const first = calls[0]!;
    expect(first.onSpectrum?.({ ...fakeResult(first.config), bounds: {} })).toBe(true);
    expect(store.getState().current.result?.kappa).toBe(31);
    expect(store.getState().current.result?.bounds).toStrictEqual({});
    expect(results()).toBe(1);
    // A drag while the first request computes its bounds: L = 4, then L = 5 before L = 4's
    // spectrum arrives. Both older requests are superseded.
    store.getState().updateParams({ L: 4 });
    const stale = calls.find((c) => c.config.L === 4)!;
    store.getState().updateParams({ L: 5 });
    expect(stale.onSpectrum?.({ ...fakeResult(stale.config), bounds: {} })).toBe(false);
    expect(store.getState().current.result?.kappa).toBe(31);
    const newest = calls.find((c) => c.config.L === 5)!;
    expect(newest.onSpectrum?.({ ...fakeResult(newest.config), bounds: {} })).toBe(true);
    expect(store.getState().current.result?.kappa).toBe(51);
    expect(results()).toBe(2);
  });

  it('keeps the sweep when only the swept parameter moves, restarts it otherwise', async () => {
    const { calls, store, tick } = setup(4);
    calls[0]!.resolve(fakeResult(calls[0]!.config));
    await tick();
    const firstSweep = store.getState().sweep!.key;
    store.getState().updateParams({ L: 2 });
    expect(store.getState().sweep!.key).toBe(firstSweep);
    store.getState().updateParams({ beta: 0.5 });
    expect(store.getState().sweep!.key).not.toBe(firstSweep);
    expect(store.getState().sweep!.status).toBe('waiting');
    await tick();
  });

  it('shows a worker error in place, and the next change computes again', async () => {
    const { calls, store, tick } = setup(1);
    calls[0]!.reject(new Error('pruning is not available in this version'));
    await tick();
    expect(store.getState().current).toMatchObject({
      status: 'error',
      error: 'pruning is not available in this version',
    });
    store.getState().updateParams({ L: 2 });
    expect(store.getState().current.status).toBe('computing');
    // Answer every call (a sweep job may hold the single worker) until the point is back.
    for (let i = 0; i < 10 && store.getState().current.status !== 'idle'; i++) {
      calls.slice(1).forEach((c) => c.resolve(fakeResult(c.config)));
      await tick();
    }
    expect(store.getState().current).toMatchObject({ status: 'idle', error: null });
    expect(store.getState().current.result?.kappa).toBe(21);
  });

  it('ignores actions that do not change the configuration', () => {
    const { calls, store } = setup(1);
    store.getState().updateParams({ L: 3 });
    store.getState().updateParams({ L: 3 });
    expect(calls).toHaveLength(1);
  });

  it('restarts only the sweep when the sweep settings change', async () => {
    const { calls, store, tick } = setup(1);
    calls[0]!.resolve(fakeResult(calls[0]!.config));
    await tick();
    const before = calls.length;
    store.getState().setSweepAxis('beta');
    await tick();
    expect(store.getState().current.status).toBe('idle');
    expect(store.getState().sweep!.axis).toBe('beta');
    expect(calls.length).toBeGreaterThan(before);
    expect(calls.at(-1)!.config.beta).toBe(0);
  });
});

describe('size guard in the orchestrator', () => {
  it('holds back a slow point until the user asks, never computes a refused one', async () => {
    // (no sweep: its quiet timer never fires here, so the one worker is free for the point)
    const { calls, store, tick } = setup(1, {
      sweepQuietMs: 1e9,
      setTimeout: () => 0,
      clearTimeout: () => undefined,
    });
    calls[0]!.resolve(fakeResult(calls[0]!.config));
    await tick();
    const before = calls.length;
    // ReLU with n = 300: a 3000 × 3000 Gram matrix, several seconds (confirm).
    store.getState().updateParams({ L: 2, activation: 'relu', data: { n: 300 } });
    const guard = store.getState().current.guard!;
    expect(guard.estimate.level).toBe('confirm');
    expect(store.getState().current.status).toBe('idle');
    expect(calls.slice(before).some((c) => c.config.data.n === 300 && c.config.L === 2)).toBe(
      false,
    );
    store.getState().forceCurrent(guard.key);
    expect(store.getState().current.status).toBe('computing');
    expect(calls.at(-1)!.config).toMatchObject({ L: 2, activation: 'relu' });
    // n = 2000 with depth 3: refused, and forcing it does nothing.
    store.getState().updateParams({ L: 3, data: { n: 2000 } });
    const refused = store.getState().current.guard!;
    expect(refused.estimate.level).toBe('refuse');
    const n = calls.length;
    store.getState().forceCurrent(refused.key);
    expect(calls.length).toBe(n);
    expect(store.getState().current.status).toBe('idle');
  });

  it('shows the progress of a forced job; Cancel stops it and holds it back again', async () => {
    const { calls, store, tick, terminated } = setup(1, {
      sweepQuietMs: 1e9,
      setTimeout: () => 0,
      clearTimeout: () => undefined,
    });
    calls[0]!.resolve(fakeResult(calls[0]!.config));
    await tick();
    store.getState().updateParams({ L: 2, activation: 'relu', data: { n: 300 } });
    const guard = store.getState().current.guard!;
    store.getState().forceCurrent(guard.key);
    const job = calls.at(-1)!;
    const report = present(job.onProgress, 'progress callback');
    report({ phase: 'assembly', fraction: 0 });
    report({ phase: 'reduction', fraction: 0.5, n: 3000 });
    expect(store.getState().currentProgress).toMatchObject({
      key: guard.key,
      phase: 'reduction',
      fraction: 0.5,
      n: 3000,
    });
    const before = terminated.length;
    store.getState().cancelCurrent(guard.key);
    await tick();
    expect(store.getState().currentProgress).toBeNull();
    expect(store.getState().current.status).toBe('idle');
    expect(store.getState().current.guard?.key).toBe(guard.key);
    expect(store.getState().forcedKey).toBeNull();
    // A late report of the cancelled job changes nothing.
    report({ phase: 'reduction', fraction: 0.9, n: 3000 });
    expect(store.getState().currentProgress).toBeNull();
    // The pool stops the cancelled job's worker (after its grace time, here at once or later).
    expect(terminated.length).toBeGreaterThanOrEqual(before);
  });

  it('skips refused sweep points and asks before a long sweep', async () => {
    const { calls, store, tick } = setup(2);
    calls[0]!.resolve(fakeResult(calls[0]!.config));
    await tick();
    // Depth 1…3 of a ReLU net with n = 2000: L = 3 is refused by the size guard, L = 1 (linear
    // regression) is small.
    store.getState().updateParams({ activation: 'relu', data: { n: 2000 } });
    await tick();
    const sweep = store.getState().sweep!;
    const { params, sweepSettings } = store.getState();
    const refused = sweepPlan(params, sweepSettings).configs.map(
      (config) => estimateCost(config).level === 'refuse',
    );
    expect(refused).toContain(true);
    expect(refused).toContain(false);
    expect(sweep.skipped.map((r) => r !== null)).toStrictEqual(refused);
    expect(sweep.total).toBe(refused.filter((r) => !r).length);
    const refusedSent = calls.filter((c) => c.method === 'brief' && c.config.data.n === 2000);
    expect(refusedSent.filter((c) => c.config.L === 3)).toHaveLength(0);
    // Width 1000 with ReLU and n = 140: each point is interactive, the sum is not.
    store.getState().updateParams({ L: 2, data: { n: 140 } });
    store.getState().setWidth(1000);
    store.getState().updateSweepSettings({ seeds: 10 });
    store.getState().setSweepAxis('beta');
    store.getState().updateSweepSettings({ points: 40 });
    await tick();
    const long = store.getState().sweep!;
    expect(long.estimateMs).toBeGreaterThan(30_000);
    expect(long.status).toBe('confirm');
    const sent = calls.length;
    // Let the current point finish: the sweep still waits.
    calls.forEach((c) => c.resolve(fakeResult(c.config)));
    await tick();
    expect(calls.length - sent).toBeLessThanOrEqual(1);
    store.getState().approveSweep(long.key);
    await tick();
    expect(store.getState().sweep!.status).toBe('running');
    expect(calls.length).toBeGreaterThan(sent + 1);
  });

  it('loads thumbnails for image data', async () => {
    const { store, tick } = setup(1);
    expect(store.getState().preview).toBeNull();
    store.getState().updateParams({ data: { source: 'fashion-mnist' } });
    await tick();
    expect(store.getState().preview).toMatchObject({ source: 'fashion-mnist', rows: 2 });
    store.getState().updateParams({ data: { source: 'digits' } });
    await tick();
    expect(store.getState().previewError).toEqual({
      source: 'digits',
      message: 'could not load the digits images (HTTP 404)',
    });
  });

  it('computes the next depth ahead, adopts it when asked, and answers a step back from the cache', async () => {
    const { calls, store, tick, sources } = setup(2, { cacheSize: 8, lookAhead: true });
    calls[0]!.resolve(fakeResult(calls[0]!.config)); // L = 3
    await tick();
    // A fresh page predicts the depth neighbours, L = 4 first, ahead of the sweep.
    const ahead = calls.filter((c) => c.method === 'evaluate' && !c.onSpectrum);
    expect(ahead.map((c) => c.config.L)).toStrictEqual([4]);
    const before = calls.length;
    store.getState().updateParams({ L: 4 }); // adopts the running job: no new call
    expect(calls.filter((c) => c.method === 'evaluate').length).toBe(2);
    expect(store.getState().current.status).toBe('computing');
    ahead[0]!.resolve(fakeResult(ahead[0]!.config));
    await tick();
    expect(store.getState().current).toMatchObject({ status: 'idle' });
    expect(store.getState().current.result?.kappa).toBe(41);
    store.getState().updateParams({ L: 3 }); // back: from the cache, at once
    expect(store.getState().current.result?.kappa).toBe(31);
    expect(store.getState().current.status).toBe('idle');
    expect(sources).toStrictEqual(['worker', 'look-ahead', 'cache']);
    // nothing new was computed for either step
    expect(calls.slice(before).filter((c) => c.method === 'evaluate' && c.onSpectrum)).toHaveLength(
      0,
    );
  });

  it('a look-ahead on a worker finishes into the cache when the user goes elsewhere', async () => {
    const { calls, store, tick, sources } = setup(1, { cacheSize: 8, lookAhead: true });
    calls[0]!.resolve(fakeResult(calls[0]!.config)); // L = 3
    await tick();
    const ahead = calls.find((c) => c.method === 'evaluate' && !c.onSpectrum)!;
    expect(ahead.config.L).toBe(4);
    store.getState().updateParams({ beta: 1 }); // waits for the only worker
    ahead.resolve(fakeResult(ahead.config));
    await tick();
    const current = calls.find((c) => c.config.beta === 1)!;
    current.resolve(fakeResult(current.config));
    await tick();
    store.getState().updateParams({ beta: 0, L: 4 }); // exactly the configuration computed ahead
    expect(store.getState().current.result?.kappa).toBe(41);
    expect(sources.at(-1)).toBe('cache');
  });

  it('with the look-ahead switched off, computes every request from scratch', async () => {
    // (no sweep: its timer never fires here)
    const { calls, store, tick, computation } = setup(2, {
      cacheSize: 8,
      lookAhead: true,
      sweepQuietMs: 1000,
      setTimeout: () => 0,
      clearTimeout: () => undefined,
    });
    computation.setLookAhead(false);
    const current = () => calls.filter((c) => c.method === 'evaluate');
    current()[0]!.resolve(fakeResult(current()[0]!.config));
    await tick();
    expect(current()).toHaveLength(1); // nothing computed ahead
    store.getState().updateParams({ L: 4 });
    current()[1]!.resolve(fakeResult(current()[1]!.config));
    await tick();
    store.getState().updateParams({ L: 3 });
    // L = 3 is in the cache, yet computed again
    expect(current().map((c) => c.config.L)).toStrictEqual([3, 4, 3]);
    computation.setLookAhead(true);
    current()[2]!.resolve(fakeResult(current()[2]!.config));
    await tick();
    store.getState().updateParams({ L: 4 }); // from the cache again
    expect(current()).toHaveLength(4); // the only new call: L = 2, computed ahead
    expect(store.getState().current).toMatchObject({ status: 'idle' });
  });

  it('starts a sweep only once the parameters have been still for the quiet period', async () => {
    let clock = 0;
    const timers: { at: number; run: () => void }[] = [];
    const { calls, store, tick } = setup(2, {
      sweepQuietMs: 250,
      now: () => clock,
      setTimeout: (run, ms) => timers.push({ at: clock + ms, run }),
      clearTimeout: () => undefined,
    });
    calls[0]!.resolve(fakeResult(calls[0]!.config));
    await tick();
    expect(calls.filter((c) => c.method === 'brief')).toHaveLength(0);
    expect(store.getState().sweep?.status).toBe('waiting');
    expect(timers.map((t) => t.at)).toStrictEqual([250]);
    clock = 250;
    timers.shift()!.run();
    expect(calls.filter((c) => c.method === 'brief')).toHaveLength(2);
  });

  it('gives each job a time limit in proportion to its estimate, and stops a job past it', async () => {
    expect(jobTimeLimitMs(0)).toBe(MIN_JOB_LIMIT_MS);
    expect(jobTimeLimitMs(2000)).toBe(50_000);
    expect(jobTimeLimitMs(1e9)).toBe(MAX_JOB_LIMIT_MS);
    expect(jobTimeLimitMs(NaN)).toBe(MAX_JOB_LIMIT_MS);
    const fake = fakeWorkers();
    const timers: { ms: number; run: () => void }[] = [];
    const pool = new WorkerPool(fake.factory, {
      size: 2,
      timeLimitMs: 123,
      setTimeout: (run, ms) => timers.push({ ms, run }),
      clearTimeout: () => undefined,
    });
    const store = createAppStore();
    const stop = startComputation(store, pool, {
      sweepQuietMs: 1e9,
      setTimeout: () => 0,
      clearTimeout: () => undefined,
    });
    const expected = jobTimeLimitMs(estimateCost(store.getState().params).ms);
    expect(timers.map((t) => t.ms)).toStrictEqual([expected]);
    timers[0]!.run(); // the job hangs past its limit
    await fake.tick();
    expect(store.getState().current.status).toBe('error');
    expect(store.getState().current.error).toMatch(/took longer than 20 s and was stopped/);
    expect(fake.terminated).toHaveLength(1);
    stop();
  });
});
