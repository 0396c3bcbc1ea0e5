/**
 * The training part of a shareable link (issue "Training"): the training settings and which runs
 * are compared. Pure (no `window`): the config keys belong to src/core/config/, the sweep keys
 * to src/model/urlCodec.ts; these keys (rows of src/model/viewParams.ts, group "training") are
 * appended after them, each only when it differs from its default, so a link without training
 * keys stays as it was. Decoding is lenient: never throws; a bad value keeps the default (or is
 * clamped, rounded) and is reported in `notices`.
 */
import { NUM_SPECS, WIDTH_SPEC, parseQuery, reconcileConfig } from '../core/config';
import type { GnConfig } from '../core/types';
import { parseValueList, parseValueToken } from './compare';
import type { Parsed } from './compare';
import { clipText as clip } from '../core/text';
import { clampToRow, readLenientNumber } from '../core/paramRows';
import type { NumericRow } from '../core/paramRows';
import { viewKeys, viewParam } from './viewParams';

export interface TrainingSettingsView {
  /** learning rate η */
  lr: number;
  /** mini-batch size; null = full-batch gradient descent */
  batch: number | null;
  epochs: number;
  /** record the GN every `every` steps (step 0 always) */
  every: number;
  /** standard deviation of the noise on the synthetic teacher's targets */
  noise: number;
}

export type TrainCompareKind = 'L' | 'm' | 'beta' | 'prune';

export interface TrainCompareSpec {
  kind: TrainCompareKind;
  /** canonical value tokens, distinct, in the order given (at most {@link MAX_TRAIN_RUNS}) */
  values: string[];
}

/** What the URL carries for the training panel. */
export interface TrainingView {
  settings: TrainingSettingsView;
  compare: TrainCompareSpec | null;
}

export const TRAIN_QUERY_KEYS: readonly string[] = viewKeys('training');

/** Compared runs: one colour each; more would be hard to tell apart. */
export const MAX_TRAIN_RUNS = 6;

type NumberRow = NumericRow & { min: number; max: number; digits: number; integer: boolean };

function settingRow(key: 'tlr' | 'tbatch' | 'tep' | 'tev' | 'tnoise'): NumberRow {
  const row = viewParam(key);
  return { ...row, integer: row.type === 'integer' };
}

/** The numeric training settings (field → row), from the parameter table. */
export const TRAIN_NUM_SPECS = {
  lr: settingRow('tlr'),
  batch: settingRow('tbatch'),
  epochs: settingRow('tep'),
  every: settingRow('tev'),
  noise: settingRow('tnoise'),
} as const;

export function defaultTrainingSettings(): TrainingSettingsView {
  return { lr: 0.05, batch: null, epochs: 100, every: 5, noise: 0 };
}

export function defaultTrainingView(): TrainingView {
  return { settings: defaultTrainingSettings(), compare: null };
}

// ---------------------------------------------------------------------------------------------
// Compared runs

export interface TrainCompareKindSpec {
  /** name in the compare select */
  label: string;
  /** the symbol in legends ("f = 0.5") */
  symbol: string;
  /** what the values box accepts, in words */
  hint: string;
  defaults: readonly string[];
  parse: (raw: string) => Parsed;
  /** sets the variant on a private copy of the configuration */
  apply: (c: GnConfig, token: string) => void;
}

export const TRAIN_COMPARE_KINDS: Readonly<Record<TrainCompareKind, TrainCompareKindSpec>> = {
  L: {
    label: 'Depth L',
    symbol: 'L',
    hint: `integers ${NUM_SPECS.L.min}–${NUM_SPECS.L.max}`,
    defaults: ['2', '3', '5'],
    parse: (raw) => parseValueToken(raw, NUM_SPECS.L),
    apply: (c, t) => {
      c.L = Number(t);
    },
  },
  m: {
    label: 'Width m',
    symbol: 'm',
    hint: `hidden widths, integers ${WIDTH_SPEC.min}–${WIDTH_SPEC.max}`,
    defaults: ['25', '100', '400'],
    parse: (raw) => parseValueToken(raw, WIDTH_SPEC),
    apply: (c, t) => {
      c.m = c.m.map(() => Number(t));
    },
  },
  beta: {
    label: 'Residual strength β',
    symbol: 'β',
    hint: `numbers ${NUM_SPECS.beta.min}–${NUM_SPECS.beta.max}`,
    defaults: ['0', '0.5', '1'],
    parse: (raw) => parseValueToken(raw, NUM_SPECS.beta),
    apply: (c, t) => {
      c.beta = Number(t);
    },
  },
  prune: {
    label: 'Pruned fraction f',
    symbol: 'f',
    hint: `fractions ${NUM_SPECS.prune.min}–${NUM_SPECS.prune.max}`,
    // The paper's Figure 1.
    defaults: ['0', '0.5', '0.8', '0.9'],
    parse: (raw) => parseValueToken(raw, NUM_SPECS.prune),
    apply: (c, t) => {
      c.prune = Number(t);
    },
  },
};

export const TRAIN_COMPARE_KIND_ORDER: readonly TrainCompareKind[] = ['L', 'm', 'beta', 'prune'];

function isCompareKind(s: string): s is TrainCompareKind {
  return (TRAIN_COMPARE_KIND_ORDER as readonly string[]).includes(s);
}

export function defaultTrainCompare(kind: TrainCompareKind): TrainCompareSpec {
  return { kind, values: [...TRAIN_COMPARE_KINDS[kind].defaults] };
}

/**
 * Parses "0, 0.5,0.8" for `kind`: bad values and duplicates dropped, more than
 * {@link MAX_TRAIN_RUNS} cut, each reported. Never throws.
 */
export function parseTrainCompareValues(
  kind: TrainCompareKind,
  text: string,
  context = `tcmp=${kind}`,
): { values: string[]; notices: string[] } {
  return parseValueList(TRAIN_COMPARE_KINDS[kind].parse, text, context, {
    subject: 'Compare runs',
    once: 'run once',
    unit: 'runs',
    max: MAX_TRAIN_RUNS,
  });
}

export function encodeTrainCompare(compare: TrainCompareSpec): string {
  return `${compare.kind}:${compare.values.join(',')}`;
}

/** Decodes `kind:v1,v2,…`; never throws; null (with a notice) when nothing usable is left. */
export function decodeTrainCompare(raw: string): {
  compare: TrainCompareSpec | null;
  notices: string[];
} {
  const text = String(raw);
  const colon = text.indexOf(':');
  const kinds = TRAIN_COMPARE_KIND_ORDER.join(', ');
  if (colon < 0) {
    return {
      compare: null,
      notices: [
        `Compare runs (tcmp=${clip(text)}) must look like kind:value,value (kinds ${kinds}); ignored`,
      ],
    };
  }
  const kind = text.slice(0, colon).trim();
  if (!isCompareKind(kind)) {
    return {
      compare: null,
      notices: [
        `Compare runs kind "${clip(kind)}" (tcmp=${clip(text)}) is not one of ${kinds}; ignored`,
      ],
    };
  }
  const { values, notices } = parseTrainCompareValues(kind, text.slice(colon + 1), `tcmp=${text}`);
  if (values.length === 0) {
    notices.push(`Compare runs (tcmp=${clip(text)}) has no usable value; ignored`);
    return { compare: null, notices };
  }
  return { compare: { kind, values }, notices };
}

/** The configuration of one compared run (reconciled; `config` untouched). */
export function applyTrainCompare(
  config: GnConfig,
  kind: TrainCompareKind,
  token: string,
): GnConfig {
  const c: GnConfig = { ...config, m: [...config.m], data: { ...config.data } };
  TRAIN_COMPARE_KINDS[kind].apply(c, token);
  // A depth change resizes the width list (the last width repeated), like the depth slider.
  return reconcileConfig(c).config;
}

/** The legend text of a compared run, e.g. "f = 0.5". */
export function trainRunLabel(kind: TrainCompareKind, token: string): string {
  return `${TRAIN_COMPARE_KINDS[kind].symbol} = ${token}`;
}

// ---------------------------------------------------------------------------------------------
// The view keys

/** Query parts for the training view, only those that differ from the defaults (leading `&`). */
export function encodeTrainingView(view: TrainingView): string {
  const d = defaultTrainingSettings();
  const s = view.settings;
  const S = TRAIN_NUM_SPECS;
  const parts: string[] = [];
  const num = (row: NumberRow, value: number, def: number) => {
    const v = clampToRow(row, value, def);
    if (v !== def) parts.push(`${row.key}=${v}`);
  };
  num(S.lr, s.lr, d.lr);
  if (s.batch !== null) parts.push(`tbatch=${clampToRow(S.batch, s.batch, 1)}`);
  num(S.epochs, s.epochs, d.epochs);
  num(S.every, s.every, d.every);
  num(S.noise, s.noise, d.noise);
  if (view.compare && view.compare.values.length > 0) {
    // Canonical tokens are digits, dots and letters: nothing to escape, so the link stays readable.
    parts.push(`tcmp=${encodeTrainCompare(view.compare)}`);
  }
  return parts.map((p) => `&${p}`).join('');
}

/** Decodes the training keys of `raw` (other keys are ignored); never throws. */
export function decodeTrainingView(raw: Readonly<Record<string, string>>): {
  view: TrainingView;
  notices: string[];
} {
  const notices: string[] = [];
  const settings = defaultTrainingSettings();
  /** The number in `text` fitted to the row; NaN (reported) when it is not a number. */
  const parse = (row: NumberRow, text: string, current: number, currentText?: string) =>
    clampToRow(row, readLenientNumber(row, text, current, notices, currentText), NaN);
  const S = TRAIN_NUM_SPECS;
  for (const field of ['lr', 'epochs', 'every', 'noise'] as const) {
    const text = raw[S[field].key];
    if (text !== undefined) settings[field] = parse(S[field], text, settings[field]);
  }
  const batchText = raw.tbatch;
  if (batchText !== undefined && String(batchText).trim().toLowerCase() !== 'full') {
    const batch = parse(S.batch, batchText, NaN, 'full (full batch)');
    settings.batch = Number.isNaN(batch) ? null : batch;
  }
  let compare: TrainCompareSpec | null = null;
  if (raw.tcmp !== undefined) {
    const decoded = decodeTrainCompare(raw.tcmp);
    notices.push(...decoded.notices);
    compare = decoded.compare;
  }
  return { view: { settings, compare }, notices };
}

/** Decodes the training keys of a whole query string (`?…`); never throws. */
export function decodeTrainingQuery(search: string): { view: TrainingView; notices: string[] } {
  const raw: Record<string, string> = {};
  const text = typeof search === 'string' ? search.slice(0, 4096) : '';
  for (const [key, value] of parseQuery(text)) {
    if (TRAIN_QUERY_KEYS.includes(key)) raw[key] = value;
  }
  return decodeTrainingView(raw);
}
