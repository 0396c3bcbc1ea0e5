/**
 * Performance marks for the input → κ latency (read by the browser tests and the Performance
 * panel): `gn:input` when a control moves, `gn:result` when a result reaches the store, and the
 * measure `gn:input-to-result` between them.
 */
export const INPUT_MARK = 'gn:input';
export const RESULT_MARK = 'gn:result';
export const LATENCY_MEASURE = 'gn:input-to-result';

let inputPending = false;

export function markInput(): void {
  performance.mark(INPUT_MARK);
  inputPending = true;
}

export function markResult(): void {
  performance.mark(RESULT_MARK);
  // Only a result that follows an input measures latency (not the landing page or Back/Forward).
  if (inputPending) {
    inputPending = false;
    performance.measure(LATENCY_MEASURE, INPUT_MARK, RESULT_MARK);
  }
}
