import { describeProgress } from '../model/jobProgress';
import { actions, useAppStore } from '../state/useAppStore';

/**
 * A large job's progress (test id `job-progress`): phase, bar, time spent and left, and Cancel
 * for a job the user started past the size guard (it then goes back to the guard).
 */
export function JobProgress() {
  const progress = useAppStore((s) => s.currentProgress);
  const requestKey = useAppStore((s) => s.current.requestKey);
  const forcedKey = useAppStore((s) => s.forcedKey);
  if (!progress || progress.key !== requestKey) return null;
  const text = describeProgress(progress);
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
          {text.elapsed}
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
