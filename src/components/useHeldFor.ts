/**
 * A flag that turns on once `active` has held for `ms` (and off with it): what a computation
 * shows only when it is slow (the spinner, dimmed panels). A quick one changes no class, so its
 * frame starts no CSS animation or transition: each of those promotes its element to a layer of
 * its own, and creating, rastering and dropping it costs the step's frame (and the worker, which
 * shares two cores with the page) several milliseconds.
 */
import { useEffect, useState } from 'react';
import { PROGRESS_MIN_ESTIMATE_MS } from '../compute/currentRequest';

/** How long a computation runs before the page says so (the brief: anything over ~300 ms). */
export const SLOW_COMPUTATION_MS = PROGRESS_MIN_ESTIMATE_MS;

export function useHeldFor(active: boolean, ms: number = SLOW_COMPUTATION_MS): boolean {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (!active) return setHeld(false);
    const timer = setTimeout(() => setHeld(true), ms);
    return () => clearTimeout(timer);
  }, [active, ms]);
  return active && held;
}
