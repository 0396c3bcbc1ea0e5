/**
 * The page's side of the size guard (src/core/cost.ts): the largest number of samples whose
 * evaluation is interactive, as a number the "Use n = …" button can apply. Pure.
 */
import { estimateCost } from '../core/cost';
import type { CostEstimate } from '../core/cost';
import type { GnConfig } from '../core/types';

/** The largest n ≤ config's n − 1 whose estimate is interactive; null when none is (or n = 1). */
export function suggestedSamples(config: GnConfig): number | null {
  if (config.X) return null;
  const fits = (n: number) =>
    estimateCost({ ...config, data: { ...config.data, n } }).level === 'interactive';
  if (config.data.n <= 1 || !fits(1)) return null;
  let lo = 1;
  let hi = config.data.n;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

const METHOD_SHORT: Record<CostEstimate['method'], string> = {
  'reduced-kd': 'reduced k·rank(Σ)',
  'reduced-bn': 'reduced k·(rank C + 1), batch norm',
  'gram-nk': 'JJᵀ/n',
  'gn-p': 'JᵀJ/n',
};

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '∞';
  if (ms < 1000) return `${Math.max(1, Math.round(ms))} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1e6) return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
  if (bytes < 1e9) return `${Math.round(bytes / 1e6)} MB`;
  return `${(bytes / 1e9).toFixed(1)} GB`;
}

/** "a 2000×2000 matrix (JJᵀ/n), ~4.0 s, ~64 MB" */
export function describeEstimate(estimate: CostEstimate): string {
  return `a ${estimate.size}×${estimate.size} matrix (${METHOD_SHORT[estimate.method]}), ~${formatMs(estimate.ms)}, ~${formatBytes(estimate.bytes)}`;
}
