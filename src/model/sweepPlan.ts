/**
 * Which configurations a sweep evaluates. Pure: the orchestrator turns a plan into worker jobs,
 * the sweep plot reads the axis values back from it. A plan also says which points are not
 * evaluated (impossible, or refused by the size guard of src/core/cost.ts) and what the rest is
 * estimated to cost, so the page can ask before a long sweep.
 */
import { configJson } from '../core/fingerprint';
import { NUM_SPECS, reconcileConfig } from '../core/config';
import { DEFAULT_WIDTH } from '../core/configParams';
import { estimateCost } from '../core/cost';
import type { GnConfig } from '../core/types';
import { COMPARE_KINDS } from './compare';
import type { CompareSpec } from './compare';
import { SWEEP_AXES, roundAxisValue } from './urlCodec';
import type { SweepAxis, SweepSettings } from './urlCodec';

/** A sweep whose summed cost estimate exceeds this asks once before it runs. */
export const SWEEP_CONFIRM_MS = 30_000;

/** One curve family of a sweep: the whole configuration, or one compare variant of it. */
export interface SweepSeries {
  /** stable id (`all`, or `<kind>:<token>`) */
  key: string;
  /** legend text ('' without a comparison) */
  label: string;
}

export interface SweepPlan {
  /** equal keys ⇔ equal configurations: a parameter change that keeps it needs no new sweep */
  key: string;
  axis: SweepAxis;
  /** swept values, ascending, distinct */
  xs: number[];
  /** the seeds evaluated at every point */
  seeds: number[];
  /** one entry without a comparison, else one per compare value */
  series: SweepSeries[];
  /**
   * configurations, series-major then seed-major: `configs[(g * seeds.length + s) * xs.length + i]`
   * is series g, seed s, point i (without a comparison: `configs[s * xs.length + i]`)
   */
  configs: GnConfig[];
  /** per configuration, why it is not evaluated (null: it is) */
  skipped: (string | null)[];
  /** number of configurations evaluated (the progress bar's total) */
  jobs: number;
  /** summed estimated time of the evaluated configurations, in ms (one core) */
  estimateMs: number;
  /** per configuration, its estimated time in ms (0 when skipped): each job's time limit */
  pointMs: number[];
}

/** The swept values: evenly spaced (log-spaced when `logX`), rounded, distinct. */
export function sweepValues(settings: SweepSettings): number[] {
  const { axis, from, to, points } = settings;
  const useLog = settings.logX && from > 0;
  const values: number[] = [];
  for (let i = 0; i < points; i++) {
    const t = points === 1 ? 0 : i / (points - 1);
    const x = useLog
      ? Math.exp(Math.log(from) + t * (Math.log(to) - Math.log(from)))
      : from + t * (to - from);
    values.push(roundAxisValue(axis, x));
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

/** The value of the swept parameter in a configuration (where the plot marks "you are here"). */
export function sweepAxisValue(config: GnConfig, axis: SweepAxis): number {
  switch (axis) {
    case 'L':
      return config.L;
    case 'm':
      return config.m[0] ?? 0;
    case 'beta':
      return config.beta;
    case 'kx':
      return config.data.kappa;
    case 'rtol':
      return config.rtol;
    case 'alpha':
      return config.alpha;
    case 'filters':
      return config.filters;
    case 'kernel':
      return config.kernel;
    case 'prune':
      return config.prune;
  }
}

/**
 * Hidden widths for depth L, keeping the chosen widths where they exist and repeating the last
 * one beyond (a uniform width stays uniform).
 */
export function widthsForDepth(
  widths: readonly number[],
  L: number,
  fallback = DEFAULT_WIDTH,
): number[] {
  const last = widths.at(-1) ?? fallback;
  return Array.from({ length: Math.max(0, L - 1) }, (_, i) => widths[i] ?? last);
}

/** The configuration at swept value `x` with seed `seed`. Does not mutate `base`. */
export function configAt(base: GnConfig, axis: SweepAxis, x: number, seed: number): GnConfig {
  const config: GnConfig = { ...base, m: [...base.m], data: { ...base.data }, seed };
  switch (axis) {
    case 'L':
      config.L = x;
      config.m = widthsForDepth(base.m, x);
      break;
    case 'm':
      config.m = config.m.map(() => x);
      break;
    case 'beta':
      config.beta = x;
      break;
    case 'kx':
      config.data.kappa = x;
      break;
    case 'rtol':
      config.rtol = x;
      break;
    case 'alpha':
      config.alpha = x;
      break;
    case 'filters':
      config.filters = x;
      break;
    case 'kernel':
      config.kernel = x;
      break;
    case 'prune':
      config.prune = x;
      break;
  }
  return config;
}

/** Seeds seed, seed + 1, … wrapped into the seed range. */
export function sweepSeeds(seed: number, count: number): number[] {
  const span = NUM_SPECS.seed.max + 1;
  return Array.from({ length: count }, (_, j) => (seed + j) % span);
}

/** The configuration with the swept field blanked out: what decides whether a sweep is reusable. */
function sweepInvariantPart(config: GnConfig, axis: SweepAxis): unknown {
  const uniform = config.m.every((w) => w === config.m[0]);
  switch (axis) {
    case 'L':
      // widthsForDepth only looks at the widths' values, not their count, when they are uniform.
      return { ...config, L: null, m: uniform ? config.m.slice(0, 1) : config.m };
    case 'm':
      return { ...config, m: config.m.length };
    case 'beta':
      return { ...config, beta: null };
    case 'kx':
      return { ...config, data: { ...config.data, kappa: null } };
    case 'rtol':
      return { ...config, rtol: null };
    case 'alpha':
      return { ...config, alpha: null };
    case 'filters':
      return { ...config, filters: null };
    case 'kernel':
      return { ...config, kernel: null };
    case 'prune':
      return { ...config, prune: null };
  }
}

/** The series of a plan: the configuration itself, or one per compare value. */
export function sweepSeries(compare: CompareSpec | null): SweepSeries[] {
  if (!compare) return [{ key: 'all', label: '' }];
  const spec = COMPARE_KINDS[compare.kind];
  return compare.values.map((token) => ({
    key: `${compare.kind}:${token}`,
    label: spec.seriesLabel(token),
  }));
}

/**
 * One point of one series: the swept value, then the compare variant, then
 * {@link reconcileConfig}. `skip` says why the point cannot be evaluated when reconciling had to
 * change the swept value itself (e.g. a kernel longer than the signal).
 */
export function seriesPointConfig(
  base: GnConfig,
  axis: SweepAxis,
  x: number,
  seed: number,
  compare: CompareSpec | null,
  token: string | null,
): { config: GnConfig; skip: string | null } {
  const raw = configAt(base, axis, x, seed);
  if (compare && token !== null) COMPARE_KINDS[compare.kind].apply(raw, token);
  const { config, notices } = reconcileConfig(raw);
  // Imported matrices fix what they set (the cross-field rules put it back): say so first.
  const imported = fixedByImport(base, raw, axis, x);
  if (imported) return { config, skip: imported };
  const skip =
    sweepAxisValue(config, axis) !== sweepAxisValue(raw, axis)
      ? `${SWEEP_AXES[axis].symbol} = ${x} is not possible here: ${notices[0] ?? 'out of range'}`
      : null;
  return { config, skip };
}

/**
 * Why a sweep point cannot be computed with the imported matrices of `base`: they fix the
 * architecture (weights: depth, widths, d, k) or the data (X: n, d and so κ(Σ)). Null if it can.
 */
export function fixedByImport(
  base: GnConfig,
  point: GnConfig,
  axis: SweepAxis,
  x: number,
): string | null {
  const at = `at ${SWEEP_AXES[axis].symbol} = ${x}`;
  if (
    base.weights &&
    (point.L !== base.L ||
      point.d !== base.d ||
      point.k !== base.k ||
      point.m.join() !== base.m.join())
  )
    return `${at}: the architecture is fixed by your imported weights`;
  if (base.X && (point.data.kappa !== base.data.kappa || point.data.n !== base.data.n))
    return `${at}: the data are fixed by your imported X`;
  return null;
}

export function sweepPlan(config: GnConfig, settings: SweepSettings): SweepPlan {
  const { axis } = settings;
  const compare = settings.compare ?? null;
  const xs = sweepValues(settings);
  const seeds = sweepSeeds(config.seed, settings.seeds);
  const series = sweepSeries(compare);
  const tokens = compare ? compare.values : [null];
  const configs: GnConfig[] = [];
  const skipped: (string | null)[] = [];
  const pointMs: number[] = [];
  let jobs = 0;
  let estimateMs = 0;
  tokens.forEach((token) => {
    // The cost does not depend on the seed: estimate each point once per series.
    const costs: ({ skip: string | null; ms: number } | undefined)[] = [];
    seeds.forEach((seed) => {
      xs.forEach((x, i) => {
        const point = seriesPointConfig(config, axis, x, seed, compare, token);
        let cost = costs[i];
        if (!cost) {
          const estimate = point.skip ? null : estimateCost(point.config);
          const refused =
            estimate && estimate.level === 'refuse'
              ? `at ${SWEEP_AXES[axis].symbol} = ${x}: ${estimate.reason ?? 'too large to compute here'}`
              : null;
          cost = {
            skip: point.skip ?? fixedByImport(config, point.config, axis, x) ?? refused,
            ms: estimate ? estimate.ms : 0,
          };
          costs[i] = cost;
        }
        configs.push(point.config);
        skipped.push(cost.skip);
        pointMs.push(cost.skip ? 0 : cost.ms);
        if (!cost.skip) {
          jobs++;
          estimateMs += cost.ms;
        }
      });
    });
  });
  const key = configJson([sweepInvariantPart(config, axis), axis, xs, settings.seeds, compare]);
  return { key, axis, xs, seeds, series, configs, skipped, jobs, estimateMs, pointMs };
}

/**
 * Whether the axis varies anything for this configuration (κ(Σ) shapes Gaussian data only, the
 * CNN axes only the CNN, …); null when it does.
 */
export function sweepAxisNote(
  config: GnConfig,
  axis: SweepAxis,
  compare: CompareSpec | null = null,
): string | null {
  const cnn = config.model === 'cnn1d';
  if (axis === 'kx' && config.data.source !== 'gaussian') {
    return 'κ(Σ) only shapes the Gaussian (exact κ) data source; the curves stay flat here.';
  }
  if (axis === 'm' && config.L === 1 && !cnn) return 'A depth-1 network has no hidden width.';
  if ((axis === 'filters' || axis === 'kernel') && !cnn) {
    return 'Filters and kernel size shape the 1-D CNN only (choose it under Model); the curves stay flat here.';
  }
  if (axis === 'prune' && cnn)
    return 'Pruning applies to MLP weight matrices; the 1-D CNN is not pruned.';
  if ((axis === 'L' || axis === 'm' || axis === 'beta') && cnn) {
    return 'The 1-D CNN has no depth L, width m or β of its own; sweep its filters or kernel size instead.';
  }
  if (axis === 'alpha') {
    const leaky =
      config.activation === 'leaky_relu' ||
      (compare?.kind === 'act' && compare.values.includes('leaky_relu'));
    if (!leaky || cnn) return 'α only shapes leaky ReLU; the curves stay flat here.';
  }
  return null;
}
