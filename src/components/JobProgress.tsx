import { useEffect, useState } from 'react';
import { describeProgress } from '../model/jobProgress';
import { actions, useAppStore } from '../state/useAppStore';

/** Redraws every second while a job runs: the time spent and left move between reports. */
function useSecondTick(active: boolean): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!active) return;
    setNow(performance.now());
    const id = window.setInterval(() => setNow(performance.now()), 1000);
    return () => window.clearInterval(id);
  }, [active]);
  return now;
}

/**
 * A large job's progress (test id `job-progress`): phase, bar, time spent and left, and Cancel
 * for a job the user started past the size guard (it then goes back to the guard).
 */
export function JobProgress() {
  const progress = useAppStore((s) => s.currentProgress);
  const requestKey = useAppStore((s) => s.current.requestKey);
  const forcedKey = useAppStore((s) => s.forcedKey);
  const shown = !!progress && progress.key === requestKey;
  const tick = useSecondTick(shown);
  if (!progress || !shown) return null;
  // a report newer than the last tick is "now" until the next tick
  const text = describeProgress(progress, Math.max(tick, progress.at));
  return (
    <div
      className="job-progress"
      data-testid="job-progress"
      data-phase={progress.phase}
      role="status"
    >
      <div className="job-progress-line">
        <span className="job-progress-label">{text.label}</span>
        <span className="job-progress-time">
          {text.elapsed} so far
          {text.left ? ` · ${text.left}` : ''}
        </span>
      </div>
      <progress
        max={1}
        value={text.fraction ?? undefined}
        aria-label={`${text.label}: ${text.fraction === null ? 'in progress' : `${Math.round(text.fraction * 100)} %`}`}
      />
      {forcedKey === progress.key ? (
        <button
          type="button"
          className="secondary"
          onClick={() => actions.cancelCurrent(progress.key)}
        >
          Cancel
        </button>
      ) : null}
    </div>
  );
}
