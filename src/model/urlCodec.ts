/**
 * The view part of a shareable link: which sweep the page draws. Pure (no `window`), like the
 * config codec in src/core/config/, which owns the config keys. A link is `encodeQuery(config)`
 * followed by the view keys, each written only when it differs from the axis defaults, so the
 * landing link stays short. The keys, ranges and defaults are rows of src/model/viewParams.ts
 * (the README's URL table is generated from them); the sweep axes come from the configuration
 * rows that say how they are swept.
 */
import { decodeQuery, encodeQuery } from '../core/config';
import type { BoundId, GnConfig } from '../core/types';
import { compareConflicts, decodeCompare, encodeCompare } from './compare';
import type { CompareSpec } from './compare';
import { CONFIG_PARAMS } from '../core/configParams';
import {
  clampToRow,
  notice,
  readLenientBoolean,
  readLenientEnum,
  readLenientNumber,
} from '../core/paramRows';
import type { ParamRow, SweepRowSpec } from '../core/paramRows';
import { SHOWABLE_BOUNDS, SWEEPABLE_KEYS, VIEW_PARAMS, viewParam } from './viewParams';
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

function axisSpec(key: SweepAxis): SweepAxisSpec {
  const row = CONFIG_PARAMS.find((r) => r.key === key) as
    (ParamRow & { min: number; max: number; digits: number; sweep: SweepRowSpec }) | undefined;
  if (!row?.sweep) throw new Error(`parameter ${key} has no sweep in the table`);
  return {
    label: row.sweep.label,
    symbol: row.sweep.symbol,
    integer: row.type !== 'number',
    min: row.min,
    max: row.max,
    digits: row.digits,
    logChoice: row.sweep.logChoice,
    defaults: row.sweep.defaults,
  };
}

/** The sweep axes, in table order (the sweep select's order). */
export const SWEEP_AXIS_ORDER = SWEEPABLE_KEYS as readonly SweepAxis[];

/** Each axis as the sweep plan and the sweep form use it, derived from the parameter table. */
export const SWEEP_AXES: Readonly<Record<SweepAxis, SweepAxisSpec>> = Object.fromEntries(
  SWEEP_AXIS_ORDER.map((axis) => [axis, axisSpec(axis)]),
) as Record<SweepAxis, SweepAxisSpec>;

const POINTS_ROW = viewParam('pts');
const SEEDS_ROW = viewParam('seeds');
export const SWEEP_POINTS_RANGE = { min: POINTS_ROW.min, max: POINTS_ROW.max } as const;
export const SWEEP_SEEDS_RANGE = { min: SEEDS_ROW.min, max: SEEDS_ROW.max } as const;
/** Every view key of a link (sweep, training, classroom), in table order. */
export const VIEW_QUERY_KEYS: readonly string[] = VIEW_PARAMS.map((r) => r.key);

export { SHOWABLE_BOUNDS };

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
  return clampToRow({ ...spec, key: axis, type: spec.integer ? 'integer' : 'number' }, x, spec.min);
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

  // The swept values are read against the axis' own range (a row of the parameter table).
  const axisRow = { ...spec, type: spec.integer ? 'integer' : 'number' } as const;
  const readAxisValue = (key: 'from' | 'to', current: number) =>
    readLenientNumber({ ...axisRow, key, label: viewParam(key).label }, raw[key], current, notices);

  view.from = roundAxisValue(axis, readAxisValue('from', view.from));
  view.to = roundAxisValue(axis, readAxisValue('to', view.to));
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
  view.points = readLenientNumber(POINTS_ROW, raw.pts, view.points, notices);
  view.seeds = readLenientNumber(SEEDS_ROW, raw.seeds, view.seeds, notices);
  if (raw.logx !== undefined && !spec.logChoice)
    // Only the width axis offers the choice (κ(Σ) and rtol are always log): no meaning here.
    notices.push(notice.ignored(viewParam('logx'), raw.logx, 'applies to the width sweep only'));
  else view.logX = readLenientBoolean(viewParam('logx'), raw.logx, view.logX, notices);
  view.spread = readLenientEnum(viewParam('band'), raw.band, view.spread, notices);
  const cmpText = raw.cmp;
  if (cmpText !== undefined) {
    const decoded = decodeCompare(cmpText);
    notices.push(...decoded.notices);
    if (decoded.compare && compareConflicts(decoded.compare.kind, axis)) {
      notices.push(
        notice.ignored(viewParam('cmp'), cmpText, `varies the swept parameter ${spec.symbol}`),
      );
    } else view.compare = decoded.compare;
  }
  const showText = raw.showb;
  if (showText !== undefined) {
    const row = viewParam('showb');
    if (!(SHOWABLE_BOUNDS as readonly string[]).includes(showText)) {
      notices.push(notice.ignored(row, showText, `is not one of ${SHOWABLE_BOUNDS.join(', ')}`));
    } else if (!view.compare) {
      notices.push(notice.ignored(row, showText, 'applies to compare charts (cmp) only'));
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
