/**
 * The size guard's estimates beside measured times (`gnlens bench`, "sizeGuard"): for every
 * preset and benchmark configuration, the guard's estimate (src/core/cost.ts, one thread) and
 * the median wall time of a whole evaluation as the page's first request runs it (X built, the
 * spectrum, every bound), after one warm-up. The ratio estimate / measured should lie within
 * 0.5…2 on the machine the rates were measured on (docs/gn-math.md §13). Measured, never asserted.
 */
import { decodeQuery } from '../core/config';
import { estimateCost } from '../core/cost';
import { evaluate } from '../core/gn/evaluate';
import type { GnConfig } from '../core/types';
import { PRESETS } from '../model/presets';
import { median } from './benchShared';
import { nodeImageProvider } from './images';

export interface GuardRow {
  name: string;
  method: string;
  size: number;
  /** the size guard's estimate (ms) */
  estimatedMs: number;
  /** median of the measured whole evaluations (ms) */
  ms: number;
  /** estimatedMs / ms */
  ratio: number;
}

/**
 * Median of 3 timed runs after a warm-up run; one timed run after it when the warm-up took over
 * 3 s. The warm-up is never the figure: it pays the JIT tiers, image decoding and memory growth
 * (the batch-norm row's took 2.2–3.6 s against 1.8–2.0 s hot), so a row timed by it swung the
 * ratio by 2× from one run to the next.
 */
function measure(config: GnConfig): number {
  const run = (): number => {
    const t0 = performance.now();
    evaluate(config, { images: nodeImageProvider });
    return performance.now() - t0;
  };
  const first = run();
  if (first > 3000) return run();
  return median([run(), run(), run()]);
}

/** The presets' base configurations and `extra` (the benchmark configurations), timed. */
export function sizeGuardRows(extra: readonly { name: string; config: GnConfig }[]): GuardRow[] {
  const list = [
    ...PRESETS.map((p) => ({ name: `preset ${p.id}`, config: decodeQuery(p.query).config })),
    ...extra,
  ];
  return list.map(({ name, config }) => {
    const estimate = estimateCost(config);
    const ms = measure(config);
    return {
      name,
      method: estimate.method,
      size: estimate.size,
      estimatedMs: estimate.ms,
      ms,
      ratio: estimate.ms / ms,
    };
  });
}

/** The table as text, with the range of the ratios. */
export function logGuardRows(rows: readonly GuardRow[], log: (s: string) => void): void {
  log(
    '\nSize guard: its estimate (one thread) against the measured whole evaluation (X built, spectrum, bounds; median of 3 after a warm-up):',
  );
  for (const r of rows) {
    log(
      `  ${r.name.padEnd(48)} ${`${r.size}`.padStart(5)} ${r.method.padEnd(10)} estimate ${r.estimatedMs.toFixed(0).padStart(6)} ms, measured ${r.ms.toFixed(0).padStart(6)} ms → ${r.ratio.toFixed(2)}`,
    );
  }
  const ratios = rows.map((r) => r.ratio);
  if (ratios.length > 0)
    log(
      `  estimate / measured: ${Math.min(...ratios).toFixed(2)} … ${Math.max(...ratios).toFixed(2)}`,
    );
}
