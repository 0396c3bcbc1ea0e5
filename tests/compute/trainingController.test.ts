import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { subscribeWithSelector } from 'zustand/middleware';
import { defaultConfig } from '../../src/core/config';
import type { GnConfig } from '../../src/core/types';
import { RESET_MESSAGES, TrainingController } from '../../src/compute/trainingController';
import type { TrainingHost, TrainingStore } from '../../src/compute/trainingController';
import { createTrainingSlice } from '../../src/state/slices/trainingSlice';
import { defaultTrainingView } from '../../src/model/trainCodec';
import type { TrainingView } from '../../src/model/trainCodec';
import { fakeTrainWorkers, flush } from '../training/fakeTrainWorker';
import type { FakeOptions } from '../training/fakeTrainWorker';

function small(): GnConfig {
  const c = defaultConfig();
  c.data.n = 10;
  return c;
}

function setup(
  options: FakeOptions = {},
  view: Partial<TrainingView['settings']> = {},
  params: GnConfig = small(),
) {
  const initial = defaultTrainingView();
  initial.settings = { ...initial.settings, epochs: 10, every: 2, ...view };
  const store: TrainingStore = createStore<TrainingHost>()(
    subscribeWithSelector((...a) => ({ params, ...createTrainingSlice(initial)(...a) })),
  );
  const workers = fakeTrainWorkers(options);
  const controller = new TrainingController(store, workers.factory, { now: () => 0 });
  const t = () => store.getState().training;
  return { store, workers, controller, t };
}

describe('training controller', () => {
  it('does not start a worker before the first play', () => {
    const { workers, t } = setup();
    expect(workers.created).toBe(0);
    expect(t().status).toBe('ready');
    expect(t().runs).toEqual([]);
  });

  it('plays a run to the end: step 0, then a record every `every` steps', async () => {
    const { controller, workers, t } = setup();
    controller.play();
    expect(t().status).toBe('starting');
    await flush();
    expect(t().status).toBe('done');
    const run = t().runs[0]!;
    expect(run.totalSteps).toBe(10);
    expect(run.step).toBe(10);
    expect(run.done).toBe(true);
    expect(run.records.map((r) => r.step)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(workers.created).toBe(1);
    expect(workers.log[0]).toBe('start 1');
  });

  it('frees the finished runs in the worker', async () => {
    const { controller, workers } = setup();
    controller.play();
    await flush();
    expect(workers.log).toContain('stop 1');
    expect(workers.runs.size).toBe(0);
  });

  it('replaces a worker that died', async () => {
    let dead = true;
    const { controller, workers, t } = setup({
      failStart: () => (dead ? 'the training worker stopped: it could not start' : null),
      dies: () => dead,
    });
    controller.play();
    await flush();
    expect(t().status).toBe('error');
    expect(t().message).toMatch(/could not start/);
    dead = false;
    controller.reset();
    controller.play();
    await flush();
    expect(workers.created).toBe(2);
    expect(t().status).toBe('done');
  });

  it('pauses after the chunk in flight, whose records still arrive', async () => {
    const { controller, workers, t } = setup({ gated: true, chunkSteps: 2 });
    controller.play();
    await flush();
    workers.releaseNext(); // start
    await flush();
    expect(t().status).toBe('running');
    workers.releaseNext(); // advance 1 (steps 1–2)
    await flush();
    expect(t().runs[0]!.step).toBe(2);
    controller.pause();
    expect(t().status).toBe('pausing');
    expect(workers.pending).toHaveLength(1); // the chunk in flight
    workers.releaseNext(); // steps 3–4 arrive
    await flush();
    expect(t().status).toBe('paused');
    expect(t().runs[0]!.step).toBe(4);
    expect(t().runs[0]!.records.map((r) => r.step)).toEqual([0, 2, 4]);
    // Nothing more is asked of the worker while paused.
    await flush();
    expect(workers.pending).toHaveLength(0);
  });

  it('play during a pause that has not taken effect keeps going', async () => {
    const { controller, workers, t } = setup({ gated: true });
    controller.play();
    await flush();
    workers.releaseNext();
    await flush();
    controller.pause();
    controller.play();
    expect(t().status).toBe('running');
    workers.releaseNext();
    await flush();
    expect(workers.pending).toHaveLength(1);
    expect(workers.pending[0]!.kind).toBe('advance');
  });

  it('step adds exactly one step (starting the run first when needed)', async () => {
    const { controller, t } = setup({}, { every: 1 });
    controller.step();
    await flush();
    expect(t().status).toBe('paused');
    expect(t().runs[0]!.step).toBe(1);
    expect(t().runs[0]!.records.map((r) => r.step)).toEqual([0, 1]);
    controller.step();
    await flush();
    expect(t().runs[0]!.step).toBe(2);
    expect(t().runs[0]!.records).toHaveLength(3);
  });

  it('ignores play and step while busy', async () => {
    const { controller, workers } = setup({ gated: true });
    controller.play();
    controller.play();
    controller.step();
    await flush();
    expect(workers.pending.filter((c) => c.kind === 'start')).toHaveLength(1);
  });

  it('a network change resets the run; a stale chunk is dropped and the worker replaced', async () => {
    const { controller, workers, store, t } = setup({ gated: true });
    controller.play();
    await flush();
    workers.releaseNext();
    await flush();
    expect(t().runs).toHaveLength(1);
    const generation = t().generation;
    // A chunk is in flight; the depth changes.
    store.setState({ params: { ...store.getState().params, L: 4, m: [100, 100, 100] } });
    expect(t().generation).toBe(generation + 1);
    expect(t().status).toBe('ready');
    expect(t().runs).toEqual([]);
    expect(t().message).toBe(RESET_MESSAGES.params);
    expect(workers.terminated).toBe(1);
    await flush();
    expect(t().runs).toEqual([]);
    // The next play starts a fresh worker with the new network and a new run id.
    controller.play();
    await flush();
    expect(workers.created).toBe(2);
    workers.pending.at(-1)!.release();
    await flush();
    expect(t().runs[0]!.config.L).toBe(4);
    expect(workers.log).toContain('start 2');
  });

  it('an equal params object (a slider at its end) does not reset', async () => {
    const { controller, store, t } = setup();
    controller.play();
    await flush();
    const generation = t().generation;
    store.setState({ params: { ...store.getState().params } });
    expect(t().generation).toBe(generation);
    expect(t().runs).toHaveLength(1);
  });

  it('a settings change resets with its own message; an idle worker is told to stop', async () => {
    const { controller, store, workers, t } = setup();
    controller.step();
    await flush();
    expect(t().status).toBe('paused');
    expect(workers.log).not.toContain('stop 1');
    store.getState().setTrainingSettings({ lr: 0.01 });
    expect(t().message).toBe(RESET_MESSAGES.view);
    await flush();
    expect(workers.terminated).toBe(0);
    expect(workers.log).toContain('stop 1');
  });

  it('reset forgets the runs without a message', async () => {
    const { controller, t } = setup();
    controller.play();
    await flush();
    controller.reset();
    expect(t().runs).toEqual([]);
    expect(t().status).toBe('ready');
    expect(t().message).toBeNull();
  });

  it('compared runs start in order and advance round-robin', async () => {
    const { controller, store, workers, t } = setup({}, { epochs: 2, every: 1 });
    store.getState().setTrainingCompare({ kind: 'prune', values: ['0', '0.5', '0.9'] });
    controller.play();
    await flush();
    expect(t().status).toBe('done');
    expect(t().runs.map((r) => r.label)).toEqual(['f = 0', 'f = 0.5', 'f = 0.9']);
    expect(t().runs.map((r) => r.config.prune)).toEqual([0, 0.5, 0.9]);
    expect(t().runs.every((r) => r.step === 2 && r.records.length === 3)).toBe(true);
    expect(workers.log.slice(0, 6)).toEqual([
      'start 1',
      'start 2',
      'start 3',
      'advance 1 n',
      'advance 2 n',
      'advance 3 n',
    ]);
  });

  it('a run that diverges stops alone; the others finish', async () => {
    const { controller, store, t } = setup(
      { divergeAt: (c) => (c.L === 3 ? 4 : undefined) },
      { epochs: 6, every: 1 },
    );
    store.getState().setTrainingCompare({ kind: 'L', values: ['2', '3'] });
    controller.play();
    await flush();
    expect(t().status).toBe('done');
    expect(t().runs[0]!.error).toBeNull();
    expect(t().runs[0]!.step).toBe(6);
    expect(t().runs[1]!.error).toMatch(/diverged at step 4/);
    expect(t().runs[1]!.records.map((r) => r.step)).toEqual([0, 1, 2, 3]);
  });

  it('when every run fails the status is an error with the first reason', async () => {
    const { controller, t } = setup({ divergeAt: 4, chunkSteps: 1 }, { epochs: 6, every: 1 });
    controller.play();
    await flush();
    expect(t().status).toBe('error');
    expect(t().message).toMatch(/diverged at step 4/);
    expect(t().runs[0]!.records.map((r) => r.step)).toEqual([0, 1, 2, 3]);
  });

  it('a start failure of one compared run leaves the others running', async () => {
    const { controller, store, t } = setup({
      failStart: (c) => (c.L === 3 ? 'could not load the images' : null),
    });
    store.getState().setTrainingCompare({ kind: 'L', values: ['2', '3'] });
    controller.play();
    await flush();
    expect(t().status).toBe('done');
    expect(t().runs[0]!.error).toBeNull();
    expect(t().runs[1]!.error).toBe('could not load the images');
  });

  it('refuses networks it cannot train, with the reason, without a worker', async () => {
    const params = small();
    params.batchNorm = true;
    const { controller, workers, t } = setup({}, {}, params);
    controller.play();
    await flush();
    expect(t().status).toBe('error');
    expect(t().message).toMatch(/batch norm/);
    expect(workers.created).toBe(0);
  });

  it('refuses runs with too many records', async () => {
    const { controller, t } = setup({}, { epochs: 5000, every: 1 });
    controller.play();
    await flush();
    expect(t().status).toBe('error');
    expect(t().message).toMatch(/record every 3 steps/);
  });

  it('dispose stops listening and ends the worker', async () => {
    const { controller, store, workers, t } = setup();
    controller.play();
    await flush();
    controller.dispose();
    expect(workers.terminated).toBe(1);
    const generation = t().generation;
    store.setState({ params: { ...store.getState().params, L: 2, m: [100] } });
    expect(t().generation).toBe(generation);
  });
});
