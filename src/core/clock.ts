/** Milliseconds from a monotonic clock where there is one (browsers, workers, Node ≥ 16). */
export function now(): number {
  // the ES2022 lib of the core does not declare `performance`
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? perf.now() : Date.now();
}
