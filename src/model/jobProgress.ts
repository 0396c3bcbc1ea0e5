/**
 * What the page says about a large job in progress (docs/gn-math.md §13): the phase in words, the
 * bar's fraction (the assembly's counts the multiply-adds of the blocks built, the reduction's the
 * flops of the steps done), the time spent, and the time left in the reduction from the speed
 * measured so far in it. The assembly and QL give no estimate.
 */
import type { JobProgress } from '../core/types';

export interface ProgressTimes extends JobProgress {
  phaseStartedAt: number;
  startedAt: number;
  at: number;
}

export interface ProgressText {
  label: string;
  /** 0…1 for the bar, null for an indeterminate one */
  fraction: number | null;
  /** time since the job started */
  elapsed: string;
  /** "about 1 min 20 s left", or null while there is no measured speed yet */
  left: string | null;
}

/** 75 s → "1 min 15 s", 8.2 s → "8 s", 0.4 s → "< 1 s". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 1) return '< 1 s';
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  const rest = s % 60;
  return rest === 0 ? `${min} min` : `${min} min ${rest} s`;
}

/** Below 2 % of a phase (or 1 s into it) its speed is not yet measured well enough to extrapolate. */
function timeLeft(p: ProgressTimes, f: number, now: number): number | null {
  const spent = p.at - p.phaseStartedAt;
  if (!(f >= 0.02) || spent < 1000) return null;
  // the estimate as of the last report, less the time since it
  return Math.max(0, (spent * (1 - f)) / f - (now - p.at));
}

/** "about 1 min 30 s left"; under a second says so. */
function leftText(ms: number): string {
  return ms < 1000 ? 'under a second left' : `about ${formatDuration(ms)} left`;
}

/**
 * The words for a job's last report `p`, at time `now` (the page redraws them every second
 * between reports, so the time spent and left keep moving).
 */
export function describeProgress(p: ProgressTimes, now: number = p.at): ProgressText {
  const elapsed = formatDuration(Math.max(0, now - p.startedAt));
  const size =
    p.n !== undefined ? ` (${p.n.toLocaleString('en-US')} × ${p.n.toLocaleString('en-US')})` : '';
  const f = Math.min(1, Math.max(0, p.fraction));
  if (p.phase === 'assembly') {
    // fraction 0: the job's first report, before the assembly counted any block (indeterminate).
    // No time left: its parts run at speeds too different to extrapolate (threaded products,
    // then a one-thread scatter into the matrix: in Chromium at n = 1000, m = 100, 83 % of the
    // fraction came in 1.6 s and the rest took another second).
    return { label: 'Building the matrix', fraction: f > 0 ? f : null, elapsed, left: null };
  }
  if (p.phase === 'ql') {
    return {
      label: `Eigenvalues of the tridiagonal form${size}`,
      fraction: 1,
      elapsed,
      left: null,
    };
  }
  const left = timeLeft(p, f, now);
  return {
    label: `Reducing to tridiagonal form${size}`,
    fraction: f,
    elapsed,
    left: left === null ? null : leftText(left),
  };
}
