/**
 * The view part of a shareable link: which sweep the page draws. Pure (no `window`), like the
 * config codec in src/core/config.ts, which owns the config keys. A link is
 * `encodeQuery(config)` followed by the view keys below, each written only when it differs from
 * the axis defaults, so the landing link stays short.
 *
 * | key     | meaning                          | values                         | default        |
 * |---------|----------------------------------|--------------------------------|----------------|
 * | `sweep` | sweep axis                       | `L` \| `m` \| `beta` \| `kx`   | `L`            |
 * | `from`  | first swept value                | within the axis range          | per axis       |
 * | `to`    | last swept value                 | within the axis range, > from  | per axis       |
 * | `pts`   | number of swept values           | integer 2–40                   | per axis       |
 * | `logx`  | log-spaced width sweep           | 0 / 1 (width axis only)        | 1              |
 * | `seeds` | seeds per point (seed, seed+1 …) | integer 1–10                   | 3              |
 * | `band`  | spread band                      | `range` (min–max) \| `sd`      | `range`        |
 * | `cmp`   | compare series (src/state/compare.ts) | `kind:v,v,…`, e.g. `m:50,100,200` | none      |
 * | `showb` | bound drawn per compare series   | a bound id, e.g. `convex`      | none           |
 *
 * Sweep axes: `L`, `m`, `beta`, `kx`, `rtol` (always log), `alpha`, `filters`, `kernel` (CNN),
 * `prune` (MLPs).
 */
import { decodeQuery, encodeQuery, roundDigits } from '../core/config';
import type { BoundId, GnConfig } from '../core/types';
import { compareConflicts, decodeCompare, encodeCompare } from './compare';
import type { CompareSpec } from './compare';
import { TRAIN_QUERY_KEYS } from './trainCodec';
import { CLASSROOM_QUERY_KEYS } from './viewCodec';
import { clipText as clip } from '../core/text';

export type SweepAxis =
  'L' | 'm' | 'beta' | 'kx' | 'rtol' | 'alpha' | 'filters' | 'kernel' | 'prune';
/** `range`: min–max over seeds; `sd`: ±1 standard deviation of log10 values. */
export type SpreadKind = 'range' | 'sd';

export interface SweepSettings {
  axis: SweepAxis;
  from: number;
  to: number;
  points: number;
  /** number of seeds per point: seed, seed + 1, … */
  seeds: number;
  /** log-spaced values and a log x axis (always true for κ(Σ), never for L and β) */
  logX: boolean;
  spread: SpreadKind;
  /** several variants of the configuration as series in one chart (null: κ and every bound) */
  compare: CompareSpec | null;
  /** the bound drawn (dashed) beside κ for each compare series; only with `compare` */
  showBound: BoundId | null;
}

export interface SweepAxisSpec {
  label: string;
  /** the symbol on the plot's x axis */
  symbol: string;
  integer: boolean;
  min: number;
  max: number;
  /** significant digits kept for swept values */
  digits: number;
  /** whether the user may choose between a linear and a log axis */
  logChoice: boolean;
  defaults: { from: number; to: number; points: number; logX: boolean };
}

export const SWEEP_AXES: Readonly<Record<SweepAxis, SweepAxisSpec>> = {
  L: {
    label: 'Depth L',
    symbol: 'depth L',
    integer: true,
    min: 1,
    max: 64,
    digits: 3,
    logChoice: false,
    defaults: { from: 1, to: 10, points: 10, logX: false },
  },
  m: {
    label: 'Width m',
    symbol: 'width m',
    integer: true,
    min: 1,
    max: 4096,
    digits: 5,
    logChoice: true,
    defaults: { from: 10, to: 500, points: 8, logX: true },
  },
  beta: {
    label: 'Residual strength β',
    symbol: 'residual strength β',
    integer: false,
    min: 0,
    max: 100,
    digits: 6,
    logChoice: false,
    defaults: { from: 0, to: 4, points: 9, logX: false },
  },
  kx: {
    label: 'Data condition κ(Σ)',
    symbol: 'data condition number κ(Σ)',
    integer: false,
    min: 1,
    max: 1e12,
    digits: 4,
    logChoice: false,
    defaults: { from: 1, to: 1e6, points: 7, logX: true },
  },
  rtol: {
    label: 'Rank cut-off rtol',
    symbol: 'rank cut-off rtol',
    integer: false,
    min: 1e-16,
    max: 0.1,
    digits: 3,
    logChoice: false,
    defaults: { from: 1e-14, to: 0.01, points: 13, logX: true },
  },
  alpha: {
    label: 'Leaky-ReLU slope α',
    symbol: 'leaky-ReLU slope α',
    integer: false,
    min: 0,
    max: 1,
    digits: 4,
    logChoice: false,
    defaults: { from: 0, to: 1, points: 11, logX: false },
  },
  filters: {
    label: 'Filters c (1-D CNN)',
    symbol: 'number of filters c',
    integer: true,
    min: 1,
    max: 64,
    digits: 3,
    logChoice: false,
    defaults: { from: 1, to: 8, points: 8, logX: false },
  },
  kernel: {
    label: 'Kernel size K (1-D CNN)',
    symbol: 'kernel size K',
    integer: true,
    min: 1,
    max: 64,
    digits: 3,
    logChoice: false,
    defaults: { from: 1, to: 25, points: 13, logX: false },
  },
  prune: {
    label: 'Pruned fraction f',
    symbol: 'pruned fraction f',
    integer: false,
    min: 0,
    max: 0.99,
    digits: 4,
    logChoice: false,
    defaults: { from: 0, to: 0.9, points: 10, logX: false },
  },
};

export const SWEEP_AXIS_ORDER: readonly SweepAxis[] = [
  'L',
  'm',
  'beta',
  'kx',
  'rtol',
  'alpha',
  'filters',
  'kernel',
  'prune',
];
export const SWEEP_POINTS_RANGE = { min: 2, max: 40 } as const;
export const SWEEP_SEEDS_RANGE = { min: 1, max: 10 } as const;
export const VIEW_QUERY_KEYS: readonly string[] = [
  'sweep',
  'from',
  'to',
  'pts',
  'logx',
  'seeds',
  'band',
  'cmp',
  'showb',
  // the training panel's keys (tlr, tbatch, tep, tev, tnoise, tcmp): src/training/trainCodec.ts
  ...TRAIN_QUERY_KEYS,
  // class, hide, show, tour, explain, embed, fig: src/classroom/viewCodec.ts
  ...CLASSROOM_QUERY_KEYS,
];

/** Bound ids a compare chart can draw beside κ (`showb`). */
export const SHOWABLE_BOUNDS: readonly BoundId[] = [
  'separation',
  'convex',
  'max',
  'layerwise',
  'residualWeyl',
  'relu',
  'lowerSeparation',
  'lowerTrace',
];

/** The sweep settings of an axis before the user touched them. */
export function defaultSweepSettings(axis: SweepAxis = 'L'): SweepSettings {
  const d = SWEEP_AXES[axis].defaults;
  return {
    axis,
    from: d.from,
    to: d.to,
    points: d.points,
    seeds: 3,
    logX: d.logX,
    spread: 'range',
    compare: null,
    showBound: null,
  };
}

/** Rounds a swept value as the URL would carry it (integers, or the axis' digits). */
export function roundAxisValue(axis: SweepAxis, x: number): number {
  const spec = SWEEP_AXES[axis];
  const clamped = Math.min(spec.max, Math.max(spec.min, x));
  return spec.integer ? Math.round(clamped) : roundDigits(clamped, spec.digits);
}

/** Query parts for the view, only those that differ from the defaults (leading `&` each). */
export function encodeView(view: SweepSettings): string {
  const d = defaultSweepSettings(view.axis);
  const parts: string[] = [];
  if (view.axis !== 'L') parts.push(`sweep=${view.axis}`);
  if (view.from !== d.from) parts.push(`from=${roundAxisValue(view.axis, view.from)}`);
  if (view.to !== d.to) parts.push(`to=${roundAxisValue(view.axis, view.to)}`);
  if (view.points !== d.points) parts.push(`pts=${view.points}`);
  if (SWEEP_AXES[view.axis].logChoice && view.logX !== d.logX) {
    parts.push(`logx=${view.logX ? 1 : 0}`);
  }
  if (view.seeds !== d.seeds) parts.push(`seeds=${view.seeds}`);
  if (view.spread !== d.spread) parts.push(`band=${view.spread}`);
  if (view.compare) {
    parts.push(`cmp=${encodeCompare(view.compare)}`);
    if (view.showBound) parts.push(`showb=${view.showBound}`);
  }
  return parts.map((p) => `&${p}`).join('');
}

function isSweepAxis(s: string): s is SweepAxis {
  return (SWEEP_AXIS_ORDER as readonly string[]).includes(s);
}

/**
 * Decodes the view keys leniently: never throws; each bad value is replaced (by the axis
 * default) or clamped, and reported in `notices`.
 */
export function decodeView(raw: Readonly<Record<string, string>>): {
  view: SweepSettings;
  notices: string[];
} {
  const notices: string[] = [];
  let axis: SweepAxis = 'L';
  const axisText = raw.sweep;
  if (axisText !== undefined) {
    if (isSweepAxis(axisText)) axis = axisText;
    else {
      notices.push(
        `Sweep axis (sweep=${clip(axisText)}) is not one of ${SWEEP_AXIS_ORDER.join(', ')}; using L`,
      );
    }
  }
  const spec = SWEEP_AXES[axis];
  const view = defaultSweepSettings(axis);

  const readInteger = (key: string, min: number, max: number, current: number, label: string) => {
    const text = raw[key];
    if (text === undefined) return current;
    const x = text.trim() === '' ? NaN : Number(text);
    if (!Number.isFinite(x)) {
      notices.push(`${label} (${key}=${clip(text)}) is not a number; using ${current}`);
      return current;
    }
    const y = Math.min(max, Math.max(min, Math.round(x)));
    if (y !== x) {
      notices.push(
        `${label} (${key}=${clip(text)}) must be an integer in [${min}, ${max}]; using ${y}`,
      );
    }
    return y;
  };
  const readAxisValue = (key: string, current: number, label: string) => {
    const text = raw[key];
    if (text === undefined) return current;
    const x = text.trim() === '' ? NaN : Number(text);
    if (!Number.isFinite(x)) {
      notices.push(`${label} (${key}=${clip(text)}) is not a number; using ${current}`);
      return current;
    }
    const y = roundAxisValue(axis, x);
    if (x < spec.min || x > spec.max) {
      notices.push(
        `${label} (${key}=${clip(text)}) is outside [${spec.min}, ${spec.max}]; clamped to ${y}`,
      );
    } else if (spec.integer && y !== x) {
      notices.push(`${label} (${key}=${clip(text)}) must be an integer; rounded to ${y}`);
    }
    return y;
  };

  view.from = readAxisValue('from', view.from, 'Sweep start');
  view.to = readAxisValue('to', view.to, 'Sweep end');
  if (view.from > view.to) {
    notices.push(`Sweep range from=${view.from} to=${view.to} is reversed; swapped`);
    [view.from, view.to] = [view.to, view.from];
  } else if (view.from === view.to) {
    const d = spec.defaults;
    notices.push(
      `Sweep range from=${view.from} to=${view.to} is empty; using ${d.from} to ${d.to}`,
    );
    view.from = d.from;
    view.to = d.to;
  }
  view.points = readInteger(
    'pts',
    SWEEP_POINTS_RANGE.min,
    SWEEP_POINTS_RANGE.max,
    view.points,
    'Sweep points',
  );
  view.seeds = readInteger(
    'seeds',
    SWEEP_SEEDS_RANGE.min,
    SWEEP_SEEDS_RANGE.max,
    view.seeds,
    'Seeds per point',
  );
  const logText = raw.logx;
  if (logText !== undefined) {
    if (!spec.logChoice) {
      // Only the width axis offers the choice (κ(Σ) and rtol are always log): no meaning here.
      notices.push(`Log x (logx=${clip(logText)}) applies to the width sweep only; ignored`);
    } else if (logText === '1' || logText === '0') view.logX = logText === '1';
    else notices.push(`Log x (logx=${clip(logText)}) must be 0 or 1; using ${view.logX ? 1 : 0}`);
  }
  const bandText = raw.band;
  if (bandText !== undefined) {
    if (bandText === 'range' || bandText === 'sd') view.spread = bandText;
    else notices.push(`Band (band=${clip(bandText)}) must be range or sd; using range`);
  }
  const cmpText = raw.cmp;
  if (cmpText !== undefined) {
    const decoded = decodeCompare(cmpText);
    notices.push(...decoded.notices);
    if (decoded.compare && compareConflicts(decoded.compare.kind, axis)) {
      notices.push(
        `Compare (cmp=${clip(cmpText)}) varies the swept parameter ${SWEEP_AXES[axis].symbol}; ignored`,
      );
    } else view.compare = decoded.compare;
  }
  const showText = raw.showb;
  if (showText !== undefined) {
    if (!(SHOWABLE_BOUNDS as readonly string[]).includes(showText)) {
      notices.push(
        `Bound (showb=${clip(showText)}) is not one of ${SHOWABLE_BOUNDS.join(', ')}; ignored`,
      );
    } else if (!view.compare) {
      notices.push(`Bound (showb=${clip(showText)}) applies to compare charts (cmp) only; ignored`);
    } else view.showBound = showText as BoundId;
  }
  return { view, notices };
}

/** The whole shareable query: config keys (src/core/config.ts) then view keys. */
export function encodeUrlState(config: GnConfig, view: SweepSettings): string {
  return encodeQuery(config) + encodeView(view);
}

/** Decodes a whole query string; never throws. */
export function decodeUrlState(search: string): {
  config: GnConfig;
  view: SweepSettings;
  notices: string[];
} {
  const decoded = decodeQuery(search, VIEW_QUERY_KEYS);
  const { view, notices } = decodeView(decoded.other);
  return { config: decoded.config, view, notices: [...decoded.notices, ...notices] };
}
