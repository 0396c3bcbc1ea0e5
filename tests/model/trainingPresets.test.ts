import { describe, expect, it } from 'vitest';
import { decodeUrlState, encodeUrlState } from '../../src/model/urlCodec';
import { decodeTrainingQuery, encodeTrainingView } from '../../src/model/trainCodec';
import { plannedRuns, trainingEstimate, trainingSupport } from '../../src/model/trainingPlan';
import { TRAINING_PRESETS } from '../../src/model/trainingPresets';

describe('training presets', () => {
  for (const preset of TRAINING_PRESETS) {
    it(`${preset.id}: a canonical link that trains in about a minute`, () => {
      const decoded = decodeUrlState(preset.query);
      const training = decodeTrainingQuery(preset.query);
      expect(decoded.notices).toEqual([]);
      expect(training.notices).toEqual([]);
      expect(encodeUrlState(decoded.config, decoded.view) + encodeTrainingView(training.view)).toBe(
        preset.query,
      );
      const runs = plannedRuns(decoded.config, training.view);
      let totalMs = 0;
      for (const run of runs) {
        expect(trainingSupport(run.config)).toBeNull();
        const estimate = trainingEstimate(run.config, training.view.settings);
        expect(estimate.level).toBe('ok');
        totalMs += estimate.totalMs;
      }
      // The estimate is conservative (one core, no overlap); the browser test times one preset.
      expect(totalMs).toBeLessThan(120_000);
    });
  }
});
