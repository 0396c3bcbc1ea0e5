import type { ComputeStatus } from '../state/slices/resultsSlice';

const TEXT: Record<ComputeStatus, string> = {
  idle: 'Up to date',
  computing: 'Computing…',
  error: 'Error',
};

/**
 * The compute status (test id `status`, `data-state` idle | computing | error). The spinner
 * fades in only after 300 ms (CSS delay), so quick updates do not flicker. `text` replaces the
 * words (e.g. while the size guard holds a configuration back, the state stays idle).
 */
export function StatusIndicator({ status, text }: { status: ComputeStatus; text?: string }) {
  return (
    <span className={`status status-${status}`} data-testid="status" data-state={status}>
      <span className="spinner" aria-hidden="true" />
      <span className="status-text">{text ?? TEXT[status]}</span>
    </span>
  );
}
