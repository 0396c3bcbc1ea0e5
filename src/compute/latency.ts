/**
 * Performance marks for the input → κ latency (read by the browser tests, the browser benchmark
 * and the Performance panel): `gn:input` when a control moves, `gn:result` when a result reaches
 * the store, and the measure `gn:input-to-result` between them, whose `detail.workerMs` is the
 * part the worker spent computing (the rest is messaging and waiting for the main thread).
 */
export const INPUT_MARK = 'gn:input';
export const RESULT_MARK = 'gn:result';
export const LATENCY_MEASURE = 'gn:input-to-result';

let inputPending = false;

export function markInput(): void {
  performance.mark(INPUT_MARK);
  inputPending = true;
}

export function markResult(workerMs?: number): void {
  performance.mark(RESULT_MARK);
  // Only a result that follows an input measures latency (not the landing page or Back/Forward).
  if (inputPending) {
    inputPending = false;
    performance.measure(LATENCY_MEASURE, {
      start: INPUT_MARK,
      end: RESULT_MARK,
      detail: { workerMs: workerMs ?? null },
    });
  }
}
