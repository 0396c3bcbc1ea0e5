/**
 * The view parameters of a link, one row each (docs/architecture.md, "Parameters"): which sweep
 * is drawn, the training panel's settings, and the classroom keys. Rows of the same type as the
 * configuration's (src/core/configParams.ts); the sweep, training and classroom codecs, the
 * forms and the README's URL table derive from them.
 */
import type { ParamRow } from '../core/paramRows';
import { CONFIG_PARAMS } from '../core/configParams';
import { BOUND_IDS } from '../core/types';
import type { BoundId } from '../core/types';
import { TOUR_STEPS } from './tour';

/** Bound ids a compare chart can draw beside κ (`showb`). */
export const SHOWABLE_BOUNDS: readonly BoundId[] = BOUND_IDS;

/** The axes a sweep can vary: the configuration rows that say how they are swept. */
export const SWEEPABLE_KEYS = CONFIG_PARAMS.filter((r) => 'sweep' in r).map((r) => r.key);

export const VIEW_PARAMS = [
  {
    key: 'sweep',
    path: 'sweep.axis',
    group: 'sweep',
    type: 'enum',
    values: SWEEPABLE_KEYS,
    default: 'L',
    label: 'Sweep axis',
    meaning: `sweep axis: ${SWEEPABLE_KEYS.map((k) => `\`${k}\``).join(', ')}`,
    control: 'sweep-axis',
  },
  {
    key: 'from',
    path: 'sweep.from',
    group: 'sweep',
    type: 'number',
    default: null,
    label: 'Sweep from',
    meaning: 'first swept value',
    rangeText: 'the axis range',
    defaultText: 'per axis',
    control: 'sweep-from',
  },
  {
    key: 'to',
    path: 'sweep.to',
    group: 'sweep',
    type: 'number',
    default: null,
    label: 'Sweep to',
    meaning: 'last swept value',
    rangeText: 'the axis range',
    defaultText: 'per axis',
    control: 'sweep-to',
  },
  {
    key: 'pts',
    path: 'sweep.points',
    group: 'sweep',
    type: 'integer',
    min: 2,
    max: 40,
    digits: 2,
    default: null,
    label: 'Sweep points',
    meaning: 'number of swept values',
    defaultText: 'per axis',
    control: 'sweep-points',
  },
  {
    key: 'logx',
    path: 'sweep.logX',
    group: 'sweep',
    type: 'boolean',
    default: null,
    label: 'Log-spaced',
    meaning: 'log-spaced width sweep (width axis only)',
    defaultText: '1 for `m`',
    control: 'sweep-logx',
  },
  {
    key: 'seeds',
    path: 'sweep.seeds',
    group: 'sweep',
    type: 'integer',
    min: 1,
    max: 10,
    digits: 2,
    default: 3,
    label: 'Runs per point',
    meaning: 'seeds per sweep point: seed, seed+1, …',
    control: 'sweep-runs',
  },
  {
    key: 'band',
    path: 'sweep.spread',
    group: 'sweep',
    type: 'enum',
    values: ['range', 'sd'],
    default: 'range',
    label: 'Band',
    meaning: 'spread band `range` (min–max) or `sd` (±1 sd in log space)',
    control: 'sweep-band',
    choices: { range: 'min–max over seeds', sd: '±1 sd (log space)' },
  },
  {
    key: 'cmp',
    path: 'sweep.compare',
    group: 'sweep',
    type: 'text',
    default: null,
    label: 'Compare series',
    meaning:
      'compare series `kind:v,v,…`: `m` widths, `mprop` m = c·L, `act` activations, `bn` 0/1, `whiten` 0/1, `beta` values or `isqrt` = 1/√(L−1), `inv` = 1/(L−1), `kernel` kernel sizes (1-D CNN)',
    rangeText: '≤ 6 series',
    control: 'sweep-compare',
  },
  {
    key: 'showb',
    path: 'sweep.showBound',
    group: 'sweep',
    type: 'enum',
    values: SHOWABLE_BOUNDS,
    default: null,
    label: 'Curves per series',
    meaning: 'bound drawn per compare series, e.g. `convex`',
    rangeText: 'a bound id',
    control: 'sweep-showb',
  },
  {
    key: 'speed',
    path: 'play.speed',
    group: 'sweep',
    type: 'enum',
    values: ['0.5', '1', '2'],
    default: '1',
    label: 'Speed',
    meaning: 'speed of the sweep’s Play: `0.5`, `1` (a step 1.2 s after each answer) or `2`',
    control: 'sweep-play-speed',
    choices: { '0.5': '0.5×', '1': '1×', '2': '2×' },
  },
  {
    key: 'loop',
    path: 'play.loop',
    group: 'sweep',
    type: 'boolean',
    default: false,
    label: 'Loop',
    meaning: 'the sweep’s Play starts again after the last value',
    control: 'sweep-play-loop',
  },
  {
    key: 'tlr',
    path: 'training.lr',
    group: 'training',
    type: 'number',
    min: 1e-6,
    max: 1000,
    digits: 4,
    default: 0.05,
    label: 'Learning rate',
    meaning: 'training: learning rate η',
    rangeText: '1e-6–1000',
  },
  {
    key: 'tbatch',
    path: 'training.batch',
    group: 'training',
    type: 'integer',
    min: 1,
    max: 100000,
    digits: 6,
    default: null,
    label: 'Batch size',
    meaning: 'training: mini-batch size or `full`',
    defaultText: '`full`',
  },
  {
    key: 'tep',
    path: 'training.epochs',
    group: 'training',
    type: 'integer',
    min: 1,
    max: 100000,
    digits: 6,
    default: 100,
    label: 'Epochs',
    meaning: 'training: epochs',
  },
  {
    key: 'tev',
    path: 'training.every',
    group: 'training',
    type: 'integer',
    min: 1,
    max: 100000,
    digits: 6,
    default: 5,
    label: 'Record every',
    meaning: 'training: record the GN every s steps',
  },
  {
    key: 'tnoise',
    path: 'training.noise',
    group: 'training',
    type: 'number',
    min: 0,
    max: 1000,
    digits: 4,
    default: 0,
    label: 'Teacher noise',
    meaning: 'training: teacher noise σ, synthetic data',
  },
  {
    key: 'tcmp',
    path: 'training.compare',
    group: 'training',
    type: 'text',
    default: null,
    label: 'Compared runs',
    meaning: 'training: compared runs `kind:v,…`, kind `L`, `m`, `beta`, `prune`',
    rangeText: '≤ 6 values',
  },
  {
    key: 'class',
    path: 'classroom.classMode',
    group: 'classroom',
    type: 'boolean',
    default: false,
    label: 'Presentation mode',
    meaning: 'presentation mode: large type, thick lines',
  },
  {
    key: 'hide',
    path: 'classroom.hide',
    group: 'classroom',
    type: 'text',
    default: null,
    label: 'Hidden items',
    meaning:
      'hidden panels `controls,headline,bounds,spectrum,layers,direction,sweep,training,data,notices` and controls `ctl:<URL key>` (`ctl:own`: the matrix import; `ctl:*` = all)',
    rangeText: 'comma list',
  },
  {
    key: 'show',
    path: 'classroom.show',
    group: 'classroom',
    type: 'text',
    default: null,
    label: 'Shown controls',
    meaning: 'controls kept visible when `hide` has `ctl:*`',
    rangeText: '`ctl:<key>` list',
  },
  {
    key: 'tour',
    path: 'classroom.tour',
    group: 'classroom',
    type: 'integer',
    min: 0,
    max: TOUR_STEPS.length,
    digits: 2,
    default: 0,
    label: 'Tour step',
    meaning: 'step of the guided tour',
  },
  {
    key: 'explain',
    path: 'classroom.explain',
    group: 'classroom',
    type: 'boolean',
    default: false,
    label: 'Explanations',
    meaning: 'explanations panel open',
  },
  {
    key: 'embed',
    path: 'classroom.embed',
    group: 'classroom',
    type: 'boolean',
    default: false,
    label: 'Embed',
    meaning: 'one figure without the page around it, for slides',
  },
  {
    key: 'fig',
    path: 'classroom.figure',
    group: 'classroom',
    type: 'enum',
    values: ['sweep', 'spectrum', 'bounds', 'sigma', 'layers', 'direction'],
    default: 'sweep',
    label: 'Figure',
    meaning:
      'the figure an embed shows: `sweep`, `spectrum`, `bounds`, `sigma`, `layers` (which layer limits κ), `direction` (the slowest or steepest direction)',
  },
  {
    key: 'dir',
    path: 'classroom.directionEnd',
    group: 'classroom',
    type: 'enum',
    values: ['min', 'max'],
    default: 'min',
    label: 'Direction shown',
    meaning:
      'the eigenvector the direction view draws: `min` (λ_min⁺, the slowest direction) or `max` (λ_max, the steepest)',
  },
] as const satisfies readonly ParamRow[];

export type ViewParamRow = (typeof VIEW_PARAMS)[number];

/** The row of view key `key`. */
export function viewParam<K extends ViewParamRow['key']>(
  key: K,
): Extract<ViewParamRow, { key: K }> {
  const row = VIEW_PARAMS.find((r) => r.key === key);
  if (!row) throw new Error(`no view parameter with URL key ${key}`);
  return row as Extract<ViewParamRow, { key: K }>;
}

/** The URL keys of one group of view rows, in table order. */
export function viewKeys(group: ViewParamRow['group']): string[] {
  return VIEW_PARAMS.filter((r) => r.group === group).map((r) => r.key);
}
