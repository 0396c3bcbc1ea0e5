import { useState } from 'react';
import type { ComputeStatus } from '../state/slices/resultsSlice';
import { useHeldFor } from './useHeldFor';

const TEXT: Record<ComputeStatus, string> = {
  idle: 'Up to date',
  computing: 'Computing…',
  error: 'Error',
};

/**
 * The compute status (test id `status`, `data-state` idle | computing | error). The spinner and
 * "Computing…" appear only once a computation has run for 300 ms (useHeldFor): quick updates do
 * not flicker, and a step answered from the cache starts no animation. `text` replaces the words
 * (e.g. while the size guard holds a configuration back, the state stays idle).
 */
export function StatusIndicator({ status, text }: { status: ComputeStatus; text?: string }) {
  const computing = status === 'computing';
  // what the indicator said before this computation, kept for its first 300 ms
  const [settled, setSettled] = useState<ComputeStatus>(computing ? 'idle' : status);
  if (!computing && settled !== status) setSettled(status);
  const slow = useHeldFor(computing);
  const shown: ComputeStatus = computing && !slow ? settled : status;
  return (
    <span
      className={`status status-${shown}`}
      data-testid="status"
      data-state={status}
      aria-busy={computing}
    >
      <span className="spinner" aria-hidden="true" />
      <span className="status-text">{text ?? TEXT[shown]}</span>
    </span>
  );
}
