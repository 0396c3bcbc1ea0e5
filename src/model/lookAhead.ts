/**
 * Which configurations the user is likely to ask for next, so that idle workers can compute them
 * before the request (issue "Speed": a slider step answered in under 50 ms). Pure.
 *
 * A slider moves one parameter by one step at a time, so the next configuration is the last
 * change continued: depth 3 → 4 predicts 5; κ(Σ) 10 → 12.6 (a log slider) predicts 15.8; every
 * width 100 → 110 predicts 120. The prediction goes through the same functions as the store
 * ({@link nextParams}, {@link paramsWithWidth}), so a correct guess has exactly the key the
 * store will produce. Anything else (a select, a link, a new seed, several fields at once)
 * predicts nothing: a wrong guess only costs idle time, never a wrong answer, since results are
 * looked up by their full configuration.
 */
import { DATA_NUM_SPECS, NUM_SPECS, WIDTH_SPEC } from '../core/config';
import type { NumSpec } from '../core/config';
import { CONFIG_PARAMS } from '../core/configParams';
import type { GnConfig } from '../core/types';
import { nextParams, paramsWithWidth } from './paramEdits';
import type { ParamsPatch } from './paramEdits';

type NumField = keyof typeof NUM_SPECS;
type DataNumField = keyof typeof DATA_NUM_SPECS;

/** One numeric parameter moved, from → to (everything else equal). */
export type SliderMove =
  | { kind: 'param'; field: NumField; from: number; to: number }
  | { kind: 'data'; field: DataNumField; from: number; to: number }
  | { kind: 'width'; from: number; to: number };

/**
 * Config paths a slider moves: the numeric rows of the parameter table whose control is a
 * slider (they name their number box). The seed is a number box drawn at random: a change
 * there is not a step.
 */
const SLIDER_PATHS: ReadonlySet<string> = new Set(
  CONFIG_PARAMS.filter(
    (r) => (r.type === 'integer' || r.type === 'number') && 'short' in r && 'control' in r,
  ).map((r) => r.path),
);

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The single slider step from `previous` to `current`, or null when the change was anything
 * else. A depth step also changes the widths' count (the store extends or trims them), which
 * still counts as a depth step.
 */
export function sliderMove(previous: GnConfig, current: GnConfig): SliderMove | null {
  const moves: SliderMove[] = [];
  const { m: pm, data: pd, ...pRest } = previous;
  const { m: cm, data: cd, ...cRest } = current;
  const restKeys = new Set([...Object.keys(pRest), ...Object.keys(cRest)]);
  for (const key of restKeys) {
    const a = (pRest as Record<string, unknown>)[key];
    const b = (cRest as Record<string, unknown>)[key];
    if (sameJson(a, b)) continue;
    if (!(key in NUM_SPECS) || !SLIDER_PATHS.has(key)) return null;
    if (typeof a !== 'number' || typeof b !== 'number') return null;
    moves.push({ kind: 'param', field: key as NumField, from: a, to: b });
  }
  const dataKeys = new Set([...Object.keys(pd), ...Object.keys(cd)]);
  for (const key of dataKeys) {
    const a = (pd as unknown as Record<string, unknown>)[key];
    const b = (cd as unknown as Record<string, unknown>)[key];
    if (sameJson(a, b)) continue;
    if (!SLIDER_PATHS.has(`data.${key}`) || typeof a !== 'number' || typeof b !== 'number')
      return null;
    moves.push({ kind: 'data', field: key as DataNumField, from: a, to: b });
  }
  const depthMoved = moves.some((m) => m.kind === 'param' && m.field === 'L');
  if (!sameJson(pm, cm) && !depthMoved) {
    // The width slider sets every hidden width to one value.
    const from = pm[0];
    const to = cm[0];
    if (
      pm.length !== cm.length ||
      from === undefined ||
      to === undefined ||
      pm.some((w) => w !== from) ||
      cm.some((w) => w !== to)
    )
      return null;
    moves.push({ kind: 'width', from, to });
  }
  return moves.length === 1 ? moves[0]! : null;
}

/** The value one more step of the same size: additive, or multiplicative on a log slider. */
function continued(spec: NumSpec, from: number, to: number): number | null {
  if (spec.log) return from > 0 && to > 0 ? to * (to / from) : null;
  return to + (to - from);
}

/** The configuration after `move` is repeated once more from `current`, or null (at an end). */
export function continueMove(current: GnConfig, move: SliderMove): GnConfig | null {
  let next: GnConfig;
  if (move.kind === 'width') {
    const value = continued(WIDTH_SPEC, move.from, move.to);
    if (value === null) return null;
    next = paramsWithWidth(current, value).config;
  } else {
    const spec = move.kind === 'param' ? NUM_SPECS[move.field] : DATA_NUM_SPECS[move.field];
    const value = continued(spec, move.from, move.to);
    if (value === null) return null;
    const patch: ParamsPatch =
      move.kind === 'param'
        ? { [move.field]: value }
        : { data: { [move.field]: value } as ParamsPatch['data'] };
    next = nextParams(current, patch).config;
  }
  return sameJson(next, current) ? null : next;
}

/**
 * The configurations worth computing ahead after the change `previous` → `current`, most likely
 * first: the step continued, then the step undone. On a fresh page (no previous change) the
 * depth slider's two neighbours, the control a lecture starts with.
 */
export function lookAheadConfigs(previous: GnConfig | null, current: GnConfig): GnConfig[] {
  if (previous === null) {
    if (current.model !== 'mlp') return [];
    return [current.L + 1, current.L - 1]
      .map((L) => nextParams(current, { L }).config)
      .filter((c) => !sameJson(c, current));
  }
  const move = sliderMove(previous, current);
  if (!move) return [];
  const ahead = continueMove(current, move);
  return ahead ? [ahead, previous] : [previous];
}
