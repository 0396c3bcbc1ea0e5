/**
 * Which configurations a sweep evaluates. Pure: the orchestrator turns a plan into worker jobs,
 * the sweep plot reads the axis values back from it.
 */
import { NUM_SPECS } from '../core/config';
import type { GnConfig } from '../core/types';
import { roundAxisValue } from './urlCodec';
import type { SweepAxis, SweepSettings } from './urlCodec';

export interface SweepPlan {
  /** equal keys ⇔ equal configurations: a parameter change that keeps it needs no new sweep */
  key: string;
  axis: SweepAxis;
  /** swept values, ascending, distinct */
  xs: number[];
  /** the seeds evaluated at every point */
  seeds: number[];
  /** configurations, seed-major: `configs[s * xs.length + i]` is point i with seed s */
  configs: GnConfig[];
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
  }
}

/**
 * Hidden widths for depth L, keeping the chosen widths where they exist and repeating the last
 * one beyond (a uniform width stays uniform).
 */
export function widthsForDepth(widths: readonly number[], L: number, fallback = 100): number[] {
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
  }
}

export function sweepPlan(config: GnConfig, settings: SweepSettings): SweepPlan {
  const xs = sweepValues(settings);
  const seeds = sweepSeeds(config.seed, settings.seeds);
  const configs = seeds.flatMap((seed) => xs.map((x) => configAt(config, settings.axis, x, seed)));
  const key = JSON.stringify([
    sweepInvariantPart(config, settings.axis),
    settings.axis,
    xs,
    settings.seeds,
  ]);
  return { key, axis: settings.axis, xs, seeds, configs };
}

/** Whether the axis varies anything for this configuration (κ(Σ) shapes Gaussian data only). */
export function sweepAxisNote(config: GnConfig, axis: SweepAxis): string | null {
  if (axis === 'kx' && config.data.source !== 'gaussian') {
    return 'κ(Σ) only shapes the Gaussian (exact κ) data source; the curves stay flat here.';
  }
  if (axis === 'm' && config.L === 1) return 'A depth-1 network has no hidden width.';
  return null;
}
