/**
 * Motion: the sweep's play button steps the swept parameter through the sweep's values, one
 * answered step at a time (issue #18, "Motion"). Pure: which value comes next, what a step
 * changes in the configuration, and when the player may take it. The timer that acts on these
 * decisions is src/compute/sweepPlayer.ts.
 *
 * The player walks the values the sweep plots (`sweepValues`), so every step lands on a point of
 * the curves and the marker visits each of them in turn.
 */
import { CONFIG_PARAMS } from '../core/configParams';
import { readLenientBoolean, readLenientEnum } from '../core/paramRows';
import type { ParamsPatch } from './paramEdits';
import { sweepValues } from './sweepPlan';
import type { SweepAxis, SweepSettings } from './urlCodec';
import { viewParam } from './viewParams';

const SPEED_ROW = viewParam('speed');
const LOOP_ROW = viewParam('loop');

/** The speeds offered, from the parameter table (1 = one step {@link PLAY_DWELL_MS} after each answer). */
export const PLAY_SPEEDS: readonly number[] = SPEED_ROW.values.map(Number);
/** A positive factor on the pace of play (one of {@link PLAY_SPEEDS} from the page). */
export type PlaySpeed = number;

/** How long an answered step stays on screen at speed 1 before the next one (ms). */
export const PLAY_DWELL_MS = 1200;

/**
 * The player's settings. Speed and loop travel in the link (`speed`, `loop`: a lecture's link
 * plays the same way); playing does not (a link opens on one configuration, still).
 */
export interface PlaySettings {
  playing: boolean;
  speed: PlaySpeed;
  /** start again from the first value after the last */
  loop: boolean;
}

export function defaultPlaySettings(): PlaySettings {
  return { playing: false, speed: Number(SPEED_ROW.default), loop: LOOP_ROW.default };
}

/** Query parts for the play settings that differ from the defaults (leading `&` each). */
export function encodePlayView(play: Pick<PlaySettings, 'speed' | 'loop'>): string {
  const d = defaultPlaySettings();
  const parts: string[] = [];
  if (play.speed !== d.speed) parts.push(`speed=${play.speed}`);
  if (play.loop !== d.loop) parts.push(`loop=${play.loop ? 1 : 0}`);
  return parts.map((p) => `&${p}`).join('');
}

/** Reads `speed` and `loop` leniently (never throws; a bad value keeps the default, with a notice). */
export function decodePlayView(raw: Readonly<Record<string, string>>): {
  play: Pick<PlaySettings, 'speed' | 'loop'>;
  notices: string[];
} {
  const notices: string[] = [];
  const d = defaultPlaySettings();
  const speed = Number(readLenientEnum(SPEED_ROW, raw.speed, String(d.speed), notices));
  const loop = readLenientBoolean(LOOP_ROW, raw.loop, d.loop, notices);
  return { play: { speed, loop }, notices };
}

/** The values the player steps through: the sweep's own, ascending. */
export function playValues(settings: SweepSettings): number[] {
  return sweepValues(settings);
}

/** Equal up to the rounding noise of a value carried through a link (log axes: κ(Σ), rtol). */
export function sameAxisValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Where play starts from the page's value `current`: the index of the value shown now (or of
 * the last value below it), so that the first step goes to the next value above it; -1 when
 * `current` is below every value (the first step is the first value). At or past the last value
 * the player rewinds: `rewind` is true and the first step, taken at once, is the first value.
 */
export function playStart(
  values: readonly number[],
  current: number,
): { index: number; rewind: boolean } {
  const last = values.at(-1);
  if (last === undefined) return { index: -1, rewind: false };
  if (current > last || sameAxisValue(current, last)) return { index: -1, rewind: true };
  let index = -1;
  for (let i = 0; i < values.length; i++) {
    if (values[i]! < current || sameAxisValue(values[i]!, current)) index = i;
  }
  return { index, rewind: false };
}

/** The index after `index` among `count` values: the next, the first again when looping, else null. */
export function nextPlayIndex(count: number, index: number, loop: boolean): number | null {
  if (count === 0) return null;
  if (index + 1 < count) return Math.max(0, index + 1);
  return loop ? 0 : null;
}

/** How long an answered step stays on screen at `speed` before the next one (ms). */
export function playDwellMs(speed: PlaySpeed): number {
  return Math.round(PLAY_DWELL_MS / speed);
}

/** Where the page's answer for the value shown now stands. */
export type PlayAnswer =
  /** the result for the current configuration is on screen, nothing computes */
  | 'shown'
  /** the workers are still at it (or the request is not made yet) */
  | 'pending'
  /** the evaluation failed */
  | 'failed'
  /** the size guard holds it back until "Compute anyway" */
  | 'held';

/** What the player does next, given the answer for the step on screen. */
export type PlayDecision =
  | { kind: 'wait' }
  | { kind: 'step'; index: number; value: number; afterMs: number }
  | { kind: 'stop'; reason: 'end' | 'failed' | 'held' };

/**
 * The player's timing decision: wait while the answer is pending; once it is shown, step to the
 * next value after the dwell of `speed`; stop at the end (unless looping), and when the answer
 * failed or is held back (a film of error messages teaches nothing).
 */
export function playDecision(input: {
  values: readonly number[];
  /** index of the value on screen (-1: before the first) */
  index: number;
  answer: PlayAnswer;
  loop: boolean;
  speed: PlaySpeed;
}): PlayDecision {
  const { values, index, answer } = input;
  if (answer === 'pending') return { kind: 'wait' };
  if (answer === 'failed' || answer === 'held') return { kind: 'stop', reason: answer };
  const next = nextPlayIndex(values.length, index, input.loop);
  if (next === null) return { kind: 'stop', reason: 'end' };
  return { kind: 'step', index: next, value: values[next]!, afterMs: playDwellMs(input.speed) };
}

/** The store edit a slider makes for the swept parameter: the width sets every hidden layer. */
export type AxisEdit = { kind: 'width'; width: number } | { kind: 'patch'; patch: ParamsPatch };

const AXIS_PATHS = new Map(CONFIG_PARAMS.map((r) => [r.key as string, r.path as string]));

/** The edit that sets the swept parameter `axis` to `x`, as its control would. */
export function sweepAxisEdit(axis: SweepAxis, x: number): AxisEdit {
  if (axis === 'm') return { kind: 'width', width: x };
  const path = AXIS_PATHS.get(axis);
  if (path === undefined) throw new Error(`sweep axis ${axis} has no row in the parameter table`);
  const patch: ParamsPatch = path.startsWith('data.')
    ? { data: { [path.slice(5)]: x } }
    : ({ [path]: x } as ParamsPatch);
  return { kind: 'patch', patch };
}
