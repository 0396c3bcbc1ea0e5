/**
 * Compare series: several variants of the current configuration drawn in one sweep chart, e.g.
 * κ against depth for widths 50, 100 and 200. Pure. A comparison is written in the URL as
 * `cmp=<kind>:<value>,<value>,…` with canonical value tokens:
 *
 * | kind     | series                                 | tokens                                 |
 * |----------|----------------------------------------|----------------------------------------|
 * | `m`      | hidden width m                         | integers 1–4096                        |
 * | `mprop`  | width growing with depth, m = c·L      | c in (0, 512]                          |
 * | `act`    | activation                             | `linear`, `relu`, `leaky_relu`         |
 * | `bn`     | batch norm off / on                    | `0`, `1`                               |
 * | `whiten` | raw / whitened data                    | `0`, `1`                               |
 * | `beta`   | residual strength β as a function of L | numbers 0–100, `isqrt` = 1/√(L−1), `inv` = 1/(L−1) |
 *
 * β schedules are evaluated per sweep point from that point's depth L; at L = 1 (no hidden
 * layer, L − 1 = 0) they use L − 1 := 1, i.e. β = 1.
 */
import { ACTIVATIONS, NUM_SPECS, WIDTH_SPEC, reconcileConfig, roundDigits } from '../core/config';
import type { Activation, GnConfig } from '../core/types';
import { clipText as clip } from '../core/text';
import { clampToRow, formatRowNumber, rangePhrase } from '../core/paramRows';
import type { NumericRow } from '../core/paramRows';

export type CompareKind = 'm' | 'mprop' | 'act' | 'bn' | 'whiten' | 'beta' | 'kernel';

export interface CompareSpec {
  kind: CompareKind;
  /** canonical value tokens, distinct, in the order given (at most {@link MAX_COMPARE_SERIES}) */
  values: string[];
}

export const COMPARE_KIND_ORDER: readonly CompareKind[] = [
  'm',
  'mprop',
  'act',
  'bn',
  'whiten',
  'beta',
  'kernel',
];

/** More series than this are hard to tell apart (the palette has 6 strong colours). */
export const MAX_COMPARE_SERIES = 6;

/** Largest factor c of the width-∝-depth series. */
export const MPROP_MAX = 512;

/** A typed value as its canonical token, or why it is not one. */
export type Parsed = { token: string } | { error: string };

export interface CompareKindSpec {
  /** name in the compare select */
  label: string;
  /** what the values box accepts, in words */
  hint: string;
  defaults: readonly string[];
  /** canonical token of a typed value, or why it is not one */
  parse: (raw: string) => Parsed;
  /** the series' name in the legend */
  seriesLabel: (token: string) => string;
  /** sets the variant on a configuration (mutates `c`, a private copy) */
  apply: (c: GnConfig, token: string) => void;
  /** sweep axes that set the same parameter (a comparison over them would be meaningless) */
  conflicts: readonly string[];
}

/**
 * One number of a comma list (compare series, compared runs), checked against a table row:
 * a canonical token (rounded to the row's digits) or an error naming the value.
 */
export function parseValueToken(raw: string, row: NumericRow): Parsed {
  const t = raw.trim();
  const x = t === '' ? NaN : Number(t);
  const integer = row.type === 'integer' || row.type === 'widths';
  if (!Number.isFinite(x) || x < (row.min ?? -Infinity) || x > (row.max ?? Infinity))
    return { error: `"${clip(raw)}" is not ${rangePhrase(row)}` };
  if (integer && !Number.isInteger(x)) return { error: `"${clip(raw)}" is not an integer` };
  return { token: formatRowNumber(row, x) };
}

function parseFlag(raw: string): Parsed {
  const t = raw.trim().toLowerCase();
  if (t === '1' || t === 'true' || t === 'on') return { token: '1' };
  if (t === '0' || t === 'false' || t === 'off') return { token: '0' };
  return { error: `"${clip(raw)}" must be 0 or 1` };
}

const ACTIVATION_LABELS: Record<Activation, string> = {
  linear: 'linear',
  relu: 'ReLU',
  leaky_relu: 'leaky ReLU',
};

/** 1/√(L−1) and 1/(L−1), with L − 1 := 1 at L = 1. */
export function betaFor(token: string, L: number): number {
  const hidden = Math.max(1, L - 1);
  if (token === 'isqrt') return roundDigits(1 / Math.sqrt(hidden), NUM_SPECS.beta.digits);
  if (token === 'inv') return roundDigits(1 / hidden, NUM_SPECS.beta.digits);
  return Number(token);
}

export const COMPARE_KINDS: Readonly<Record<CompareKind, CompareKindSpec>> = {
  m: {
    label: 'Widths m',
    hint: `hidden widths, integers ${WIDTH_SPEC.min}–${WIDTH_SPEC.max}`,
    defaults: ['50', '100', '200'],
    parse: (raw) => parseValueToken(raw, WIDTH_SPEC),
    seriesLabel: (t) => `m = ${t}`,
    apply: (c, t) => {
      c.m = c.m.map(() => Number(t));
    },
    conflicts: ['m'],
  },
  mprop: {
    label: 'Width ∝ depth (m = c·L)',
    hint: `factors c in (0, ${MPROP_MAX}]; each series has m = c·L`,
    defaults: ['5', '10', '20'],
    parse: (raw) => {
      const p = parseValueToken(raw, {
        key: 'mprop',
        label: 'c',
        type: 'number',
        min: 0,
        max: MPROP_MAX,
        digits: 3,
      });
      return 'token' in p && Number(p.token) <= 0 ? { error: `"${clip(raw)}" must be > 0` } : p;
    },
    seriesLabel: (t) => `m = ${t}·L`,
    apply: (c, t) => {
      const w = clampToRow(WIDTH_SPEC, Number(t) * c.L, WIDTH_SPEC.min);
      c.m = c.m.map(() => w);
    },
    conflicts: ['m'],
  },
  act: {
    label: 'Activations',
    hint: 'linear, relu, leaky_relu',
    defaults: ['linear', 'relu', 'leaky_relu'],
    parse: (raw) => {
      const t = raw.trim().toLowerCase().replace('-', '_');
      const token = t === 'leaky' ? 'leaky_relu' : t;
      return (ACTIVATIONS as readonly string[]).includes(token)
        ? { token }
        : { error: `"${clip(raw)}" is not one of ${ACTIVATIONS.join(', ')}` };
    },
    seriesLabel: (t) => ACTIVATION_LABELS[t as Activation] ?? t,
    apply: (c, t) => {
      c.activation = t as Activation;
    },
    conflicts: [],
  },
  bn: {
    label: 'Batch norm off / on',
    hint: '0 (off), 1 (on)',
    defaults: ['0', '1'],
    parse: parseFlag,
    seriesLabel: (t) => (t === '1' ? 'batch norm' : 'no batch norm'),
    apply: (c, t) => {
      c.batchNorm = t === '1';
    },
    conflicts: [],
  },
  whiten: {
    label: 'Raw / whitened data',
    hint: '0 (raw), 1 (whitened)',
    defaults: ['0', '1'],
    parse: parseFlag,
    seriesLabel: (t) => (t === '1' ? 'whitened data' : 'raw data'),
    apply: (c, t) => {
      c.data = { ...c.data, whiten: t === '1' };
    },
    conflicts: [],
  },
  beta: {
    label: 'Residual β schedules',
    hint: `numbers 0–${NUM_SPECS.beta.max}, isqrt = 1/√(L−1), inv = 1/(L−1)`,
    defaults: ['0', 'isqrt', 'inv', '1', '2'],
    parse: (raw) => {
      const t = raw.trim().toLowerCase();
      if (t === 'isqrt' || t === 'inv') return { token: t };
      return parseValueToken(raw, NUM_SPECS.beta);
    },
    seriesLabel: (t) => (t === 'isqrt' ? 'β = 1/√(L−1)' : t === 'inv' ? 'β = 1/(L−1)' : `β = ${t}`),
    apply: (c, t) => {
      c.beta = betaFor(t, c.L);
    },
    conflicts: ['beta'],
  },
  kernel: {
    label: 'Kernel sizes K (1-D CNN)',
    hint: `integers ${NUM_SPECS.kernel.min}–${NUM_SPECS.kernel.max}`,
    defaults: ['7', '9', '11'],
    parse: (raw) => parseValueToken(raw, NUM_SPECS.kernel),
    seriesLabel: (t) => `K = ${t}`,
    apply: (c, t) => {
      c.kernel = Number(t);
    },
    conflicts: ['kernel'],
  },
};

function isCompareKind(s: string): s is CompareKind {
  return (COMPARE_KIND_ORDER as readonly string[]).includes(s);
}

/** The compare spec with its defaults. */
export function defaultCompare(kind: CompareKind): CompareSpec {
  return { kind, values: [...COMPARE_KINDS[kind].defaults] };
}

/** How a comma list of values is reported: "Compare (cmp=m): … is listed twice; drawn once". */
export interface ValueListWords {
  /** what the notices start with, e.g. "Compare" */
  subject: string;
  /** what happens to a duplicate, e.g. "drawn once" */
  once: string;
  /** what is counted, e.g. "series" */
  unit: string;
  max: number;
}

/**
 * Parses a comma list ("50, 100,200") with `parse`: bad values and duplicates are dropped, more
 * than `words.max` cut, each reported in `context`'s words. Never throws. Shared by the sweep's
 * compare series and the training panel's compared runs.
 */
export function parseValueList(
  parse: (raw: string) => Parsed,
  text: string,
  context: string,
  words: ValueListWords,
): { values: string[]; notices: string[] } {
  const notices: string[] = [];
  const values: string[] = [];
  const where = `${words.subject} (${clip(context)})`;
  const items = String(text)
    .split(',')
    .slice(0, 64)
    .filter((item) => item.trim() !== '');
  for (const item of items) {
    const parsed = parse(item);
    if ('error' in parsed) notices.push(`${where}: ${parsed.error}; dropped`);
    else if (values.includes(parsed.token))
      notices.push(`${where}: ${parsed.token} is listed twice; ${words.once}`);
    else values.push(parsed.token);
  }
  if (values.length > words.max) {
    notices.push(
      `${where}: at most ${words.max} ${words.unit}; ${values.slice(words.max).join(', ')} dropped`,
    );
    values.length = words.max;
  }
  return { values, notices };
}

/**
 * Parses a list of values for `kind` ("50, 100,200"): bad values and duplicates are dropped,
 * more than {@link MAX_COMPARE_SERIES} cut, each reported. Never throws.
 */
export function parseCompareValues(
  kind: CompareKind,
  text: string,
  context = `cmp=${kind}`,
): { values: string[]; notices: string[] } {
  return parseValueList(COMPARE_KINDS[kind].parse, text, context, {
    subject: 'Compare',
    once: 'drawn once',
    unit: 'series',
    max: MAX_COMPARE_SERIES,
  });
}

/** `kind:v1,v2` (the URL form). */
export function encodeCompare(compare: CompareSpec): string {
  return `${compare.kind}:${compare.values.join(',')}`;
}

/**
 * Decodes `kind:v1,v2,…` leniently: never throws; returns null (with a notice) when nothing
 * usable is left.
 */
export function decodeCompare(raw: string): { compare: CompareSpec | null; notices: string[] } {
  const text = String(raw);
  const colon = text.indexOf(':');
  if (colon < 0) {
    return {
      compare: null,
      notices: [
        `Compare (cmp=${clip(text)}) must look like kind:value,value (kinds ${COMPARE_KIND_ORDER.join(', ')}); ignored`,
      ],
    };
  }
  const kind = text.slice(0, colon).trim();
  if (!isCompareKind(kind)) {
    return {
      compare: null,
      notices: [
        `Compare kind "${clip(kind)}" (cmp=${clip(text)}) is not one of ${COMPARE_KIND_ORDER.join(', ')}; ignored`,
      ],
    };
  }
  const { values, notices } = parseCompareValues(kind, text.slice(colon + 1), `cmp=${text}`);
  if (values.length === 0) {
    notices.push(`Compare (cmp=${clip(text)}) has no usable value; ignored`);
    return { compare: null, notices };
  }
  return { compare: { kind, values }, notices };
}

/** Whether a comparison sets the parameter the sweep varies (then the sweep would be hidden). */
export function compareConflicts(kind: CompareKind, axis: string): boolean {
  return COMPARE_KINDS[kind].conflicts.includes(axis);
}

/** The configuration of series `token` at a sweep point (reconciled; `config` untouched). */
export function applyCompare(config: GnConfig, kind: CompareKind, token: string): GnConfig {
  const c: GnConfig = { ...config, m: [...config.m], data: { ...config.data } };
  COMPARE_KINDS[kind].apply(c, token);
  return reconcileConfig(c).config;
}

/** Why a comparison draws identical series for this configuration, or null. */
export function compareNote(config: GnConfig, compare: CompareSpec | null): string | null {
  if (!compare) return null;
  const { kind } = compare;
  if (config.model === 'cnn1d' && kind !== 'whiten' && kind !== 'kernel') {
    return 'The 1-D CNN is linear and has no hidden width, batch norm or skips: these series coincide.';
  }
  if (config.model !== 'cnn1d' && kind === 'kernel') {
    return 'Kernel sizes belong to the 1-D CNN: for an MLP these series coincide.';
  }
  if ((kind === 'm' || kind === 'mprop' || kind === 'act' || kind === 'bn') && config.L === 1) {
    return 'Where L = 1 there is no hidden layer: widths, activations and batch norm change nothing there.';
  }
  if (kind === 'whiten' && config.data.source === 'gaussian' && config.data.kappa === 1) {
    return 'The data are already exactly white (κ(Σ) = 1): whitening changes nothing.';
  }
  return null;
}
