/**
 * How far the GN matrix's assembly is (docs/gn-math.md §13: the progress of large exact jobs).
 * A worker sets a sink around one job; the structured assembly loops (./structuredGram.ts,
 * ./gramBlocks.ts, ./structuredGramRows.ts) report the fraction of their work done between
 * blocks, the work counted as the multiply-adds of the blocks finished (batch norm's explicit
 * Jacobian reports none). Pure: no timers, no messages.
 */
let sink: ((fraction: number) => void) | null = null;

/** Where the assembly reports its fraction done (0…1), or null (the default: nothing reported). */
export function setAssemblyProgressSink(next: ((fraction: number) => void) | null): void {
  sink = next;
}

/**
 * A counter over `total` units of work that reports done/total to the sink as units are added;
 * a no-op when no sink is set (the common case: small jobs, Node, tests).
 */
export function assemblyCounter(total: number): (units: number) => void {
  const report = sink;
  if (!report || !(total > 0)) return () => {};
  let done = 0;
  return (units) => {
    done += units;
    report(Math.min(1, done / total));
  };
}

/**
 * Entries of the upper triangle of an N × N matrix in rows a0 … a1 − 1: the unit in which the
 * JJᵀ/n assemblies count their progress (N(N+1)/2 in all).
 */
export function upperEntries(N: number, a0: number, a1: number): number {
  return ((a1 - a0) * (2 * N - a0 - a1 + 1)) / 2;
}
