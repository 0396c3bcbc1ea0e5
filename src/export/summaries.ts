/**
 * One-sentence text summaries of the figures, for screen readers (issue "Classroom", "For
 * everyone"): what a sighted reader takes from the plot at a glance. Pure.
 */
import type { LayerBreakdown } from '../core/explain/explain';
import type { EvalResult } from '../core/types';
import { formatNumber } from '../plots/format';
import type { SweepRun } from '../state/slices/resultsSlice';
import { SWEEP_AXES } from '../model/urlCodec';

function geometricMean(values: readonly number[]): number | null {
  const ok = values.filter((v) => Number.isFinite(v) && v > 0);
  if (ok.length === 0) return null;
  return Math.exp(ok.reduce((a, v) => a + Math.log(v), 0) / ok.length);
}

export function spectrumSummary(result: EvalResult): string {
  const top = result.eigenvalues[0];
  const bottom = result.eigenvalues[result.eigenvalues.length - 1];
  if (top === undefined || bottom === undefined) return 'The spectrum has no non-zero eigenvalue.';
  return (
    `Histogram of the ${result.rank} non-zero eigenvalues of the Gauss–Newton matrix, from ` +
    `${formatNumber(bottom, 3)} to ${formatNumber(top, 3)}, so κ(G) = ${formatNumber(result.kappa, 4)}; ` +
    `${result.zeroCount} of the ${result.params} eigenvalues are zero.`
  );
}

/** The per-layer view in one sentence: its own summary, or why there is none. */
export function layersSummary(breakdown: LayerBreakdown): string {
  if (breakdown.family === 'none') return breakdown.reason;
  return `Condition numbers of the ${breakdown.layers.length} layers. ${breakdown.summary}`;
}

export function sigmaSummary(result: EvalResult): string {
  const n = result.sigmaEigenvalues.length;
  return `The ${n} eigenvalues of the data covariance Σ, rank ${result.rankSigma}, κ⁺(Σ) = ${formatNumber(result.kappaSigma, 4)}.`;
}

/**
 * E.g. "κ rises from 1 at depth L 1 to 1.2·10³ at depth L 10; the convex bound stays within
 * 1.3× of κ." For compare charts, one clause per series.
 */
export function sweepSummary(run: SweepRun): string {
  const spec = SWEEP_AXES[run.axis];
  const parts: string[] = [];
  run.series.forEach((series, g) => {
    const at = (i: number) =>
      geometricMean(
        run.seeds.map(
          (_, s) => run.samples[(g * run.seeds.length + s) * run.xs.length + i]?.kappa ?? NaN,
        ),
      );
    const first = run.xs.findIndex((_, i) => at(i) !== null);
    let last = -1;
    for (let i = run.xs.length - 1; i >= 0; i--) {
      if (at(i) !== null) {
        last = i;
        break;
      }
    }
    if (first < 0 || last < 0) return;
    const a = at(first)!;
    const b = at(last)!;
    const verb = b > a * 1.05 ? 'rises' : b < a / 1.05 ? 'falls' : 'stays near';
    const name = series.label ? `for ${series.label}, κ` : 'κ';
    let clause =
      verb === 'stays near'
        ? `${name} stays near ${formatNumber(a, 3)} from ${spec.symbol} ${formatNumber(run.xs[first]!, 4)} to ${formatNumber(run.xs[last]!, 4)}`
        : `${name} ${verb} from ${formatNumber(a, 3)} at ${spec.symbol} ${formatNumber(run.xs[first]!, 4)} to ${formatNumber(b, 3)} at ${formatNumber(run.xs[last]!, 4)}`;
    let worst = 0;
    for (let k = 0; k < run.seeds.length * run.xs.length; k++) {
      const sample = run.samples[g * run.seeds.length * run.xs.length + k];
      const convex = sample?.bounds.convex;
      if (sample && typeof convex === 'number' && sample.kappa > 0) {
        worst = Math.max(worst, convex / sample.kappa);
      }
    }
    if (worst > 0) clause += `; the convex bound stays within ${formatNumber(worst, 2)}× of κ`;
    parts.push(clause);
  });
  return parts.length > 0 ? `${parts.join('. ')}.` : 'The sweep has no finished point yet.';
}
