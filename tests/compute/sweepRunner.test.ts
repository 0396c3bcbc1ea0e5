/**
 * The sweep runner's states (src/compute/sweepRunner.ts): idle → confirm → waiting → running →
 * done, a new plan replacing the old in any state, with the store kept in step.
 */
import { describe, expect, it } from 'vitest';
import { test as propTest, fc } from '@fast-check/vitest';
import { SweepRunner } from '../../src/compute/sweepRunner';
import { WorkerPool } from '../../src/compute/workerPool';
import { SWEEP_CONFIRM_MS, sweepPlan } from '../../src/model/sweepPlan';
import { createAppStore } from '../../src/state/store';
import { fakeResult, fakeWorkers } from './fakeWorkers';

function setup(quietMs = 0, size = 2) {
  const fake = fakeWorkers();
  const pool = new WorkerPool(fake.factory, { size });
  const store = createAppStore();
  // depth 1..3, 2 seeds: 6 jobs
  store.getState().updateSweepSettings({ from: 1, to: 3, points: 3, seeds: 2 });
  const env = { settled: true, clock: 0, lastChange: 0 };
  const timers: { id: number; at: number; run: () => void }[] = [];
  const cleared: unknown[] = [];
  const runner = new SweepRunner({
    store,
    pool,
    currentSettled: () => env.settled,
    lastChangeAt: () => env.lastChange,
    quietMs,
    clock: {
      now: () => env.clock,
      setTimeout: (run, ms) => {
        const id = timers.length + 1;
        timers.push({ id, at: env.clock + ms, run });
        return id;
      },
      clearTimeout: (id) => cleared.push(id),
    },
  });
  const briefs = () => fake.calls.filter((c) => c.method === 'brief');
  /** Answers every sweep job sent so far, again and again, until none is left. */
  const answerAll = async () => {
    for (let i = 0; i < 20; i++) {
      briefs().forEach((c) => c.resolve(fakeResult(c.config)));
      await fake.tick();
    }
  };
  return { ...fake, pool, store, env, timers, cleared, runner, briefs, answerAll };
}

/** A ReLU width sweep whose points are each interactive but whose sum needs approval. */
function makeLong(store: ReturnType<typeof createAppStore>) {
  store.getState().updateParams({ L: 2, activation: 'relu', data: { n: 140 } });
  store.getState().setWidth(1000);
  store.getState().updateSweepSettings({ seeds: 10, points: 40 });
  store.getState().setSweepAxis('beta');
  const { params, sweepSettings } = store.getState();
  const plan = sweepPlan(params, sweepSettings);
  expect(plan.estimateMs).toBeGreaterThan(SWEEP_CONFIRM_MS); // the premise
  return plan;
}

describe('sweep runner', () => {
  it('idle → waiting (for the current point) → running → done', async () => {
    const { runner, env, store, briefs, answerAll } = setup();
    expect(runner.state.kind).toBe('idle');
    env.settled = false;
    runner.plan();
    expect(runner.state.kind).toBe('waiting');
    expect(store.getState().sweep?.status).toBe('waiting');
    expect(briefs()).toHaveLength(0);
    env.settled = true;
    runner.tryStart();
    expect(runner.state).toMatchObject({ kind: 'running', done: 0, total: 6 });
    expect(store.getState().sweep?.status).toBe('running');
    expect(briefs()).toHaveLength(2); // two workers
    await answerAll();
    expect(runner.state.kind).toBe('done');
    expect(store.getState().sweep).toMatchObject({ status: 'done', done: 6, failed: 0 });
    expect(briefs()).toHaveLength(6);
  });

  it('keeps a plan whose key did not change (the swept parameter moved)', () => {
    const { runner, store } = setup();
    runner.plan();
    const state = runner.state;
    store.getState().updateParams({ L: 2 });
    runner.plan();
    expect(runner.state).toBe(state);
  });

  it('waits for the quiet period with one timer, then runs', () => {
    const { runner, env, timers, briefs } = setup(250);
    env.clock = 100;
    runner.plan();
    runner.tryStart();
    expect(timers.map((t) => t.at)).toStrictEqual([250]); // the last change + the quiet period
    expect(runner.state.kind).toBe('waiting');
    env.clock = 250;
    timers[0]!.run();
    expect(runner.state.kind).toBe('running');
    expect(briefs()).toHaveLength(2);
  });

  it('a new plan replaces a waiting one and clears its timer', () => {
    const { runner, store, env, timers, cleared, briefs } = setup(250);
    runner.plan();
    const first = runner.state;
    store.getState().updateParams({ beta: 0.5 });
    runner.plan();
    expect(cleared).toStrictEqual([1]);
    expect(runner.state.kind).toBe('waiting');
    expect(runner.state).not.toBe(first);
    env.clock = 250;
    timers[0]!.run(); // the old plan's timer, fired anyway: nothing starts for it
    expect(briefs()).toHaveLength(0);
    timers[1]!.run();
    expect(briefs().map((c) => c.config.beta)).toStrictEqual([0.5, 0.5]);
  });

  it('a new plan aborts a running sweep; the old answers are not stored', async () => {
    const { runner, store, briefs, pool, tick } = setup();
    runner.plan();
    const old = briefs().slice();
    expect(old).toHaveLength(2);
    store.getState().updateParams({ beta: 0.5 });
    runner.plan();
    // only the new plan's jobs are left in the pool: 2 running, 4 queued
    expect([pool.running, pool.queued]).toStrictEqual([2, 4]);
    expect(briefs().filter((c) => c.config.beta === 0.5)).toHaveLength(2);
    old.forEach((c) => c.resolve(fakeResult(c.config)));
    await tick();
    expect(runner.state).toMatchObject({ kind: 'running', done: 0 });
    expect(store.getState().sweep).toMatchObject({ status: 'running', done: 0 });
  });

  it('a long sweep waits for its approval', async () => {
    const { runner, store, briefs } = setup();
    const plan = makeLong(store);
    runner.plan();
    expect(runner.state.kind).toBe('confirm');
    expect(store.getState().sweep?.status).toBe('confirm');
    runner.tryStart();
    runner.approve('another sweep');
    expect(runner.state.kind).toBe('confirm');
    expect(briefs()).toHaveLength(0);
    store.getState().approveSweep(plan.key);
    runner.approve(plan.key);
    expect(runner.state).toMatchObject({ kind: 'running', total: plan.jobs });
    expect(briefs()).toHaveLength(2);
  });

  it('stops: every job aborted, back to idle', async () => {
    const { runner, pool, tick, store } = setup();
    runner.plan();
    expect([pool.running, pool.queued]).toStrictEqual([2, 4]);
    runner.stop();
    expect(runner.state.kind).toBe('idle');
    expect([pool.running, pool.queued]).toStrictEqual([0, 0]);
    await tick();
    expect(store.getState().sweep?.done).toBe(0);
  });

  // Whatever the order of events, the runner's state and the store's sweep agree.
  type Step = 'beta' | 'points' | 'busy' | 'free' | 'answer' | 'long' | 'approve' | 'stop';
  propTest.prop(
    [
      fc.array(
        fc.constantFrom<Step>(
          'beta',
          'points',
          'busy',
          'free',
          'answer',
          'long',
          'approve',
          'stop',
        ),
        { maxLength: 14 },
      ),
    ],
    { numRuns: 60 },
  )('the state and the store agree', async (steps) => {
    const { runner, store, env, answerAll, tick } = setup();
    let beta = 0;
    for (const step of steps) {
      if (step === 'beta') store.getState().updateParams({ beta: (beta = (beta + 0.5) % 2) });
      if (step === 'points')
        store.getState().updateSweepSettings({ points: store.getState().sweepSettings.points + 1 });
      if (step === 'long') makeLong(store);
      if (step === 'busy') env.settled = false;
      if (step === 'free') env.settled = true;
      if (step === 'answer') await answerAll();
      if (step === 'approve' && runner.state.kind === 'confirm') {
        store.getState().approveSweep(runner.state.plan.key);
        runner.approve(runner.state.plan.key);
      }
      if (step === 'stop') runner.stop();
      if (['beta', 'points', 'long'].includes(step)) runner.plan();
      if (step === 'free') runner.tryStart();
      await tick();
      const state = runner.state;
      const sweep = store.getState().sweep;
      if (state.kind === 'idle') continue;
      expect(sweep?.key).toBe(state.plan.key);
      const status = { confirm: 'confirm', waiting: 'waiting', running: 'running', done: 'done' };
      expect(sweep?.status).toBe(status[state.kind]);
      if (state.kind === 'waiting') expect(env.settled).toBe(false);
      if (state.kind === 'running') {
        expect(state.total).toBe(state.plan.jobs);
        expect(state.done).toBeLessThan(state.total);
      }
    }
  });
});
