import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config';
import type { TrainRecord } from '../../src/core/gn/train';
import {
  MAX_RECORDS,
  coreTrainSettings,
  plannedRuns,
  targetsText,
  trainingEstimate,
  trainingSupport,
} from '../../src/model/trainingPlan';
import {
  appliedBounds,
  inapplicableBounds,
  isComparison,
  kappaSeries,
  lossSeries,
} from '../../src/training/trainingSeries';
import { defaultTrainingSettings, defaultTrainingView } from '../../src/model/trainCodec';
import type { TrainingRun } from '../../src/state/slices/trainingSlice';

describe('training plan', () => {
  it('one run without a comparison, one per value with one', () => {
    const config = defaultConfig();
    expect(plannedRuns(config, defaultTrainingView())).toEqual([
      { key: 'main', label: '', config },
    ]);
    const runs = plannedRuns(config, {
      ...defaultTrainingView(),
      compare: { kind: 'prune', values: ['0', '0.5', '0.8', '0.9'] },
    });
    expect(runs.map((r) => [r.key, r.label, r.config.prune])).toEqual([
      ['prune:0', 'f = 0', 0],
      ['prune:0.5', 'f = 0.5', 0.5],
      ['prune:0.8', 'f = 0.8', 0.8],
      ['prune:0.9', 'f = 0.9', 0.9],
    ]);
  });

  it('passes the settings to the core (full batch: no batch field)', () => {
    expect(coreTrainSettings(defaultTrainingSettings())).toEqual({
      epochs: 100,
      lr: 0.05,
      every: 5,
    });
    expect(coreTrainSettings({ lr: 1, batch: 32, epochs: 2, every: 1, noise: 0.1 })).toEqual({
      epochs: 2,
      lr: 1,
      every: 1,
      batch: 32,
      noise: 0.1,
    });
  });

  it('says what cannot be trained', () => {
    expect(trainingSupport(defaultConfig())).toBeNull();
    expect(trainingSupport({ ...defaultConfig(), model: 'cnn1d' })).toMatch(/MLP/);
    expect(trainingSupport({ ...defaultConfig(), batchNorm: true })).toMatch(/batch norm/);
  });

  it('names the targets', () => {
    const c = defaultConfig();
    expect(targetsText(c, 0)).toMatch(/random linear teacher.*10 × 49.*no noise/);
    expect(targetsText(c, 0.5)).toMatch(/noise σ = 0.5/);
    const images = { ...c, data: { ...c.data, source: 'fashion-mnist' as const, n: 2000 } };
    expect(targetsText(images, 0)).toMatch(
      /one-hot labels \(10 classes\) of the first 2000 Fashion-MNIST images/,
    );
  });

  it('counts steps and records; refuses too many records', () => {
    const c = defaultConfig(); // n = 1000
    const full = trainingEstimate(c, defaultTrainingSettings());
    expect([full.batch, full.stepsPerEpoch, full.totalSteps, full.records]).toEqual([
      1000, 1, 100, 21,
    ]);
    expect(full.level).toBe('ok');
    const sgd = trainingEstimate(c, {
      ...defaultTrainingSettings(),
      batch: 64,
      epochs: 3,
      every: 16,
    });
    expect([sgd.stepsPerEpoch, sgd.totalSteps, sgd.records]).toEqual([16, 48, 4]);
    expect(sgd.stepMs).toBeLessThan(full.stepMs);
    const many = trainingEstimate(c, { ...defaultTrainingSettings(), epochs: 5000, every: 1 });
    expect(many.level).toBe('refuse');
    expect(many.reason).toMatch(new RegExp(`at most ${MAX_RECORDS}`));
  });
});

function record(step: number, bounds: TrainRecord['bounds']): TrainRecord {
  return {
    step,
    epoch: step,
    loss: 1 / (1 + step),
    kappa: 10 + step,
    rank: 2,
    bounds,
    eigenvalues: [1],
  };
}

function run(label: string, records: TrainRecord[]): TrainingRun {
  return {
    key: label || 'main',
    label,
    config: defaultConfig(),
    records,
    totalSteps: 10,
    step: 0,
    epoch: 0,
    done: false,
    error: null,
  };
}

describe('training series', () => {
  const single = run('', [
    record(0, { convex: 12, max: null, separation: 11 }),
    record(5, { convex: 13, max: null, separation: Infinity }),
  ]);

  it('one run: loss, then the bounds that apply and κ last, in the bound colours', () => {
    expect(isComparison([single])).toBe(false);
    expect(lossSeries([single]).map((s) => s.id)).toEqual(['loss']);
    expect(appliedBounds(single)).toEqual(['separation', 'convex']);
    expect(inapplicableBounds(single)).toEqual(['max']);
    const series = kappaSeries([single]);
    expect(series.map((s) => s.id)).toEqual(['separation', 'convex', 'kappa']);
    expect(series[1]!.color).toBe('var(--okabe-green)');
    expect(series[2]!.points).toEqual([
      { step: 0, value: 10 },
      { step: 5, value: 15 },
    ]);
  });

  it('compared runs: one curve per run in the run colours', () => {
    const runs = [run('f = 0', [record(0, {})]), run('f = 0.5', [record(0, {})])];
    expect(isComparison(runs)).toBe(true);
    const kappa = kappaSeries(runs);
    expect(kappa.map((s) => s.label)).toEqual(['f = 0', 'f = 0.5']);
    expect(new Set(kappa.map((s) => s.color)).size).toBe(2);
    expect(lossSeries(runs).map((s) => s.points[0]!.value)).toEqual([1, 1]);
  });
});
