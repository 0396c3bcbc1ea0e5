/** The words, bar and time left of a large job (src/model/jobProgress.ts, docs/gn-math.md §13). */
import { describe, expect, it } from 'vitest';
import { describeProgress, formatDuration } from '../../src/model/jobProgress';

const at = (over: object) => ({
  phase: 'reduction' as const,
  fraction: 0.25,
  n: 10_000,
  startedAt: 0,
  phaseStartedAt: 10_000,
  at: 40_000,
  ...over,
});

describe('describeProgress', () => {
  it('extrapolates the reduction from its own speed (not counting the assembly)', () => {
    // 30 s for a quarter of the flops: 90 s for the other three quarters.
    const t = describeProgress(at({}));
    expect(t).toEqual({
      label: 'Reducing to tridiagonal form (10,000 × 10,000)',
      fraction: 0.25,
      elapsed: '40 s',
      left: 'about 1 min 30 s left',
    });
  });

  it('gives no time left before 2 % or 1 s of the reduction', () => {
    expect(describeProgress(at({ fraction: 0.01 })).left).toBeNull();
    expect(describeProgress(at({ at: 10_500 })).left).toBeNull();
  });

  it('assembly: indeterminate until its first counted block, then its fraction, no time left', () => {
    expect(describeProgress(at({ phase: 'assembly', fraction: 0 }))).toMatchObject({
      label: 'Building the matrix',
      fraction: null,
      left: null,
    });
    expect(describeProgress(at({ phase: 'assembly', fraction: 0.25 }))).toEqual({
      label: 'Building the matrix',
      fraction: 0.25,
      elapsed: '40 s',
      left: null,
    });
  });

  it('QL is a full bar and guesses no time left', () => {
    expect(describeProgress(at({ phase: 'ql', fraction: 0 }))).toMatchObject({
      fraction: 1,
      left: null,
    });
  });

  it('keeps the clock moving between reports: time spent grows, time left shrinks, never below 0', () => {
    // 20 s after the last report: 60 s spent, 90 − 20 = 70 s left
    expect(describeProgress(at({}), 60_000)).toMatchObject({
      elapsed: '1 min',
      left: 'about 1 min 10 s left',
    });
    expect(describeProgress(at({}), 200_000).left).toBe('under a second left');
    // the default "now" is the report's own time
    expect(describeProgress(at({}))).toEqual(describeProgress(at({}), 40_000));
  });

  it('formats durations', () => {
    expect([400, 8200, 60_000, 75_000, 3_600_000].map(formatDuration)).toEqual([
      '< 1 s',
      '8 s',
      '1 min',
      '1 min 15 s',
      '60 min',
    ]);
  });
});
