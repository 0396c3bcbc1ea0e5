/**
 * In place of the results when the size guard (src/core/cost.ts) holds a configuration back
 * (test id `size-guard`): what it would cost, and the ways on: compute anyway (only when it is
 * merely slow) or use the largest interactive n.
 */
import type { SizeGuard } from '../state/slices/resultsSlice';
import { describeEstimate } from '../model/sizeGuard';

export interface SizeGuardPanelProps {
  guard: SizeGuard;
  /** the current number of samples */
  n: number;
  onCompute: () => void;
  onUseN: (n: number) => void;
}

export function SizeGuardPanel({ guard, n, onCompute, onUseN }: SizeGuardPanelProps) {
  const { estimate, suggestedN } = guard;
  const refuse = estimate.level === 'refuse';
  return (
    <div
      className={`guard-panel${refuse ? ' is-refused' : ''}`}
      data-testid="size-guard"
      data-level={estimate.level}
      role="group"
      aria-label="Size guard"
    >
      <p className="guard-title">
        {refuse ? 'Too large to compute in the browser.' : 'Not computed yet: this would be slow.'}
      </p>
      <p>
        This configuration needs {describeEstimate(estimate)}
        {refuse ? '; that is beyond what a browser tab can hold or finish.' : '.'}
      </p>
      {estimate.suggestion ? <p className="muted">Suggestion: {estimate.suggestion}.</p> : null}
      <div className="guard-actions">
        {refuse ? null : (
          <button type="button" className="button" onClick={onCompute}>
            Compute anyway
          </button>
        )}
        {suggestedN !== null && suggestedN < n ? (
          <button
            type="button"
            className={refuse ? 'button' : 'button button-quiet'}
            onClick={() => onUseN(suggestedN)}
          >
            Use n = {suggestedN}
          </button>
        ) : null}
      </div>
    </div>
  );
}
