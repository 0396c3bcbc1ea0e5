/**
 * The store one frame late (docs/architecture.md §7): a read-only view of a
 * store that takes the source's state only after the frame following a change has been painted.
 * The κ headline and the histogram read the store itself, so a slider step reaches the screen in
 * the next frame; the bounds table, the per-layer view, the direction picture, the sweep and the
 * data panels read this view and are drawn in the frame after, without holding the first one up.
 * Several changes before the catch-up collapse into one (the newest state wins).
 */
import type { StoreApi } from 'zustand/vanilla';

/** What `useStore` needs of a store: read, first state, and change notifications. */
export type ReadableStore<S> = Pick<StoreApi<S>, 'getState' | 'getInitialState' | 'subscribe'>;

/** Runs `run` once the frame after now has been painted (a timer queued from its rAF callback). */
export type AfterFrame = (run: () => void) => void;

/** In a browser, after the next paint; elsewhere (Node, tests) as the next task. */
export const afterNextPaint: AfterFrame = (run) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(run, 0));
  else setTimeout(run, 0);
};

export interface AfterPaintOptions<S> {
  /**
   * While this holds for the source's state, the view waits (at most `maxHoldMs`) instead of
   * catching up: a quick job's "computing" state is never drawn in the later panels, which go
   * straight to its answer; a slow job's is, after the wait.
   */
  holdWhile?: (state: S) => boolean;
  maxHoldMs?: number;
  setTimeout?: (run: () => void, ms: number) => unknown;
  clearTimeout?: (id: unknown) => void;
}

export interface AfterPaintStore<S> extends ReadableStore<S> {
  /** True while the view still shows an older state than the source. */
  isBehind(): boolean;
}

/**
 * The view of `source` one frame late. It listens to the source only while it has listeners of
 * its own, so a store that no component reads schedules nothing.
 */
export function createAfterPaintStore<S>(
  source: ReadableStore<S>,
  afterFrame: AfterFrame = afterNextPaint,
  options: AfterPaintOptions<S> = {},
): AfterPaintStore<S> {
  const { holdWhile, maxHoldMs = 0 } = options;
  const startTimer = options.setTimeout ?? ((run, ms) => globalThis.setTimeout(run, ms));
  const stopTimer =
    options.clearTimeout ??
    ((id) => globalThis.clearTimeout(id as ReturnType<typeof globalThis.setTimeout>));
  let state = source.getState();
  let scheduled = false;
  /** the hold's timer while one runs; `expired` once it ran out (cleared when caught up) */
  let hold: { timer: unknown; expired: boolean } | null = null;
  const listeners = new Set<(state: S, previous: S) => void>();
  let stopSource: (() => void) | null = null;

  /** True when the view should keep waiting for `next` to settle. */
  const holds = (next: S): boolean => {
    if (!holdWhile?.(next) || maxHoldMs <= 0) return false;
    if (hold?.expired) return false;
    hold ??= {
      timer: startTimer(() => {
        if (hold) hold.expired = true;
        catchUp();
      }, maxHoldMs),
      expired: false,
    };
    return true;
  };

  const catchUp = () => {
    scheduled = false;
    const next = source.getState();
    if (holds(next)) return;
    if (hold) {
      stopTimer(hold.timer);
      hold = null;
    }
    if (Object.is(next, state)) return;
    const previous = state;
    state = next;
    for (const listener of [...listeners]) listener(state, previous);
  };
  const onSourceChange = () => {
    if (scheduled) return;
    scheduled = true;
    // Scheduled once the task that changed the store has run to its end, so what that task queues
    // for after the paint (the latency measure of src/compute/latency.ts) comes first.
    queueMicrotask(() => afterFrame(catchUp));
  };

  return {
    getState: () => state,
    getInitialState: () => source.getInitialState(),
    isBehind: () => !Object.is(state, source.getState()),
    subscribe(listener) {
      if (listeners.size === 0) {
        // unread while nobody listened: start from the source's present state
        state = source.getState();
        stopSource = source.subscribe(onSourceChange);
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && stopSource) {
          stopSource();
          stopSource = null;
        }
      };
    },
  };
}
