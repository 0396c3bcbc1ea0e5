import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../src/core/cost';
import { PRESETS } from '../../src/model/presets';
import { SWEEP_CONFIRM_MS, sweepPlan } from '../../src/model/sweepPlan';
import { decodeUrlState, encodeUrlState } from '../../src/model/urlCodec';

/**
 * Budget for a preset's estimated sweep time, summed over its jobs (one core). The page shares
 * the jobs among its workers; the wall time in Chromium is measured by tests/e2e/presets.e2e.mjs.
 */
const PRESET_BUDGET_MS = 25_000;

describe('presets', () => {
  it('have unique ids and cover the nine experiments and the pruning figure', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    expect([...new Set(PRESETS.map((p) => p.experiment))].sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    const related = PRESETS.filter((p) => p.related);
    expect(related.length).toBeGreaterThanOrEqual(4);
    for (const p of related) expect(PRESETS.map((q) => q.id)).toContain(p.related!.id);
  });

  for (const preset of PRESETS) {
    it(`${preset.id}: a canonical link, interactive, no skipped points`, () => {
      const decoded = decodeUrlState(preset.query);
      expect(decoded.notices).toEqual([]);
      expect(encodeUrlState(decoded.config, decoded.view)).toBe(preset.query);
      expect(estimateCost(decoded.config).level).toBe('interactive');
      const plan = sweepPlan(decoded.config, decoded.view);
      expect(plan.skipped.every((r) => r === null)).toBe(true);
      expect(plan.estimateMs).toBeLessThan(Math.min(SWEEP_CONFIRM_MS, PRESET_BUDGET_MS));
    });
  }
});
