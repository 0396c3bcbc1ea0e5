/**
 * What the page says about a large job in progress (docs/gn-math.md §13): the phase in words, the
 * bar's fraction, and the time left from the speed measured so far in the reduction (the phase
 * whose flops the fraction counts; assembly and QL give no estimate).
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

export function describeProgress(p: ProgressTimes): ProgressText {
  const elapsed = formatDuration(p.at - p.startedAt);
  const size =
    p.n !== undefined ? ` (${p.n.toLocaleString('en-US')} × ${p.n.toLocaleString('en-US')})` : '';
  if (p.phase === 'assembly') {
    return { label: 'Building the matrix', fraction: null, elapsed, left: null };
  }
  if (p.phase === 'ql') {
    return {
      label: `Eigenvalues of the tridiagonal form${size}`,
      fraction: 1,
      elapsed,
      left: null,
    };
  }
  const f = Math.min(1, Math.max(0, p.fraction));
  const spent = p.at - p.phaseStartedAt;
  // Below 2 % (or 1 s) the speed is not yet measured well enough to extrapolate.
  const left =
    f >= 0.02 && spent >= 1000 ? `about ${formatDuration((spent * (1 - f)) / f)} left` : null;
  return { label: `Reducing to tridiagonal form${size}`, fraction: f, elapsed, left };
}
