import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { subscribeWithSelector } from 'zustand/middleware';
import { defaultConfig } from '../../src/core/config';
import { createTrainingSlice, scrubbedRecord } from '../../src/state/slices/trainingSlice';
import type { TrainingSlice } from '../../src/state/slices/trainingSlice';
import { fakeRecord } from '../training/fakeTrainWorker';

function makeStore() {
  return createStore<TrainingSlice>()(subscribeWithSelector((...a) => createTrainingSlice()(...a)));
}

const plan = [{ key: 'main', label: '', config: defaultConfig() }];

describe('training slice', () => {
  it('clamps and rounds settings as the URL carries them; equal settings change nothing', () => {
    const store = makeStore();
    const before = store.getState().training;
    store.getState().setTrainingSettings({ lr: 0.123456789, every: 0, batch: 12.4 });
    const s = store.getState().training.view.settings;
    expect([s.lr, s.every, s.batch]).toEqual([0.1235, 1, 12]);
    const same = store.getState().training;
    store.getState().setTrainingSettings({ lr: 0.1235 });
    expect(store.getState().training).toBe(same);
    expect(before).not.toBe(same);
  });

  it('drops writes of an older generation', () => {
    const store = makeStore();
    const g1 = store.getState().trainingReset(null);
    store.getState().trainingBegin(g1, plan);
    store.getState().trainingStarted(g1, 0, fakeRecord(0, 0), 10);
    const g2 = store.getState().trainingReset('reset');
    store
      .getState()
      .trainingAppend(g1, 0, { records: [fakeRecord(1, 1)], step: 1, epoch: 1, done: false });
    store.getState().trainingBegin(g1, plan);
    expect(store.getState().training.generation).toBe(g2);
    expect(store.getState().training.runs).toEqual([]);
    expect(store.getState().training.message).toBe('reset');
  });

  it('scrubs; the newest record means "follow the newest"', () => {
    const store = makeStore();
    const g = store.getState().trainingReset(null);
    store.getState().trainingBegin(g, plan);
    store.getState().trainingStarted(g, 0, fakeRecord(0, 0), 10);
    store.getState().trainingAppend(g, 0, {
      records: [fakeRecord(5, 5), fakeRecord(10, 10)],
      step: 10,
      epoch: 10,
      done: true,
    });
    const t = () => store.getState().training;
    expect(scrubbedRecord(t(), 0)!.step).toBe(10);
    store.getState().setTrainingScrub(1);
    expect(t().scrub).toBe(1);
    expect(scrubbedRecord(t(), 0)!.step).toBe(5);
    store.getState().setTrainingScrub(2);
    expect(t().scrub).toBeNull();
    store.getState().setTrainingScrub(-3);
    expect(t().scrub).toBe(0);
    expect(scrubbedRecord(t(), 3)).toBeNull();
  });
});
