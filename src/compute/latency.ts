/**
 * Performance marks for the input → κ latency (read by the browser tests, the browser benchmark
 * and the Performance panel): `gn:input` when a control moves, `gn:result` when a result reaches
 * the store, and the measure `gn:input-to-result` between them, whose `detail` says where the
 * answer came from (`source`: worker, look-ahead or cache) and how long the worker computed it
 * (`workerMs`; the rest is messaging and waiting for the main thread).
 */
import type { ResultSource } from './jobs';
import { afterNextPaint } from '../state/afterPaint';
import { appStoreAfterPaint } from '../state/store';

export const INPUT_MARK = 'gn:input';
export const RESULT_MARK = 'gn:result';
export const LATENCY_MEASURE = 'gn:input-to-result';
/** From the same input to the first frame drawn after the result (κ and histogram on screen). */
export const SHOWN_MEASURE = 'gn:input-to-shown';
/**
 * From the same input to the frame in which the panels drawn a frame later (docs/architecture.md
 * §7: bounds table, layers, direction, sweep) show the result too.
 */
export const SETTLED_MEASURE = 'gn:input-to-settled';

/** Measures `name` from `start` to the next frame on screen. */
function measureToScreen(name: string, start: number, detail: object): void {
  afterNextPaint(() => performance.measure(name, { start, end: performance.now(), detail }));
}

let inputPending = false;

export function markInput(): void {
  performance.mark(INPUT_MARK);
  inputPending = true;
}

export function markResult(workerMs?: number, source?: ResultSource): void {
  performance.mark(RESULT_MARK);
  // Only a result that follows an input measures latency (not the landing page or Back/Forward).
  if (inputPending) {
    inputPending = false;
    const detail = { workerMs: workerMs ?? null, source: source ?? null };
    performance.measure(LATENCY_MEASURE, { start: INPUT_MARK, end: RESULT_MARK, detail });
    const input = performance.getEntriesByName(INPUT_MARK, 'mark').at(-1)?.startTime;
    if (input === undefined) return;
    // React renders the store change before the next frame; the frame is painted right after
    // its animation-frame callbacks, so a task queued from one runs once it is on screen.
    measureToScreen(SHOWN_MEASURE, input, detail);
    whenCaughtUp(() => measureToScreen(SETTLED_MEASURE, input, detail));
  }
}

/** Runs `run` once the store one frame late has taken over the present state. */
function whenCaughtUp(run: () => void): void {
  if (!appStoreAfterPaint.isBehind()) return run();
  const stop = appStoreAfterPaint.subscribe(() => {
    if (appStoreAfterPaint.isBehind()) return;
    stop();
    run();
  });
  // A view nobody read until now takes the present state as it is subscribed to (no change to
  // wait for): a page without late panels (the embed) is settled at once.
  if (!appStoreAfterPaint.isBehind()) {
    stop();
    run();
  }
}
