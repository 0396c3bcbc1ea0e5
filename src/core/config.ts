/**
 * The one configuration in its three spellings (contract.md §1): JSON config (CLI, import),
 * URL query string (shareable links), store params (UI). All pure: no `window`, no DOM, so the
 * CLI (`gnlens eval --url`) and the browser decode links with the same code.
 *
 * - {@link normalizeConfig}: strict; JSON in → a full {@link GnConfig}, or a {@link ConfigError}
 *   naming the bad field and value (the CLI's exit code 2).
 * - {@link decodeQuery}: forgiving; never throws; unknown keys ignored, bad values replaced or
 *   clamped, each reported in `notices`.
 * - {@link encodeQuery}: short readable keys, only non-default values, bounded digits.
 */
import { IMAGE_DATASETS, imageFeatureCount, isImageSource } from './data/images';
import type { Activation, DataSource, GnConfig, InitName, ModelKind, SkipPlacement } from './types';
import { clipText as clip } from './text';

/** Current version of the URL format (key `v`); bump with a migration in {@link decodeQuery}. */
export const URL_VERSION = 1;

export const DEFAULT_CONFIG: Readonly<GnConfig> = Object.freeze({
  model: 'mlp',
  L: 3,
  d: 49,
  k: 10,
  m: [100, 100],
  activation: 'linear',
  alpha: 0.01,
  beta: 0,
  skip: 'all',
  batchNorm: false,
  init: 'kaiming_normal',
  seed: 1,
  data: { source: 'gaussian', n: 1000, kappa: 1, whiten: false, center: false, stride: 4 },
  rtol: 1e-10,
  prune: 0,
  filters: 2,
  kernel: 3,
  convLayers: 1,
}) as GnConfig;

export const MODELS: readonly ModelKind[] = ['mlp', 'cnn1d'];
export const ACTIVATIONS: readonly Activation[] = ['linear', 'relu', 'leaky_relu'];
export const INITS: readonly InitName[] = ['kaiming_normal', 'xavier_normal', 'orthogonal'];
export const SKIPS: readonly SkipPlacement[] = ['all', 'hidden'];
export const DATA_SOURCES: readonly DataSource[] = ['gaussian', 'iid', 'fashion-mnist', 'digits'];

/** The largest explicit matrices accepted from JSON (entries), checked before use. */
export const MAX_EXPLICIT_ENTRIES = 4_000_000;

type NumField =
  | 'L'
  | 'd'
  | 'k'
  | 'alpha'
  | 'beta'
  | 'seed'
  | 'rtol'
  | 'prune'
  | 'filters'
  | 'kernel'
  | 'convLayers';
type DataNumField = 'n' | 'kappa' | 'stride';

/** One row per numeric parameter: the single source of ranges for JSON, URL and UI sliders. */
export interface NumSpec {
  /** URL key */
  key: string;
  integer: boolean;
  min: number;
  max: number;
  /** significant digits written to the URL */
  digits: number;
  /** whether a slider for it should be log-scaled */
  log: boolean;
  /** label for messages and controls */
  label: string;
}

export const NUM_SPECS: Readonly<Record<NumField, NumSpec>> = {
  L: {
    key: 'L',
    integer: true,
    min: 1,
    max: 64,
    digits: 3,
    log: false,
    label: 'Depth L (weight matrices)',
  },
  d: {
    key: 'd',
    integer: true,
    min: 1,
    max: 4096,
    digits: 5,
    log: false,
    label: 'Input dimension d',
  },
  k: {
    key: 'k',
    integer: true,
    min: 1,
    max: 256,
    digits: 4,
    log: false,
    label: 'Output dimension k',
  },
  alpha: {
    key: 'alpha',
    integer: false,
    min: 0,
    max: 1,
    digits: 4,
    log: false,
    label: 'Leaky-ReLU slope α',
  },
  beta: {
    key: 'beta',
    integer: false,
    min: 0,
    max: 100,
    digits: 6,
    log: false,
    label: 'Residual strength β',
  },
  seed: {
    key: 'seed',
    integer: true,
    min: 0,
    max: 4294967295,
    digits: 10,
    log: false,
    label: 'Seed',
  },
  rtol: {
    key: 'rtol',
    integer: false,
    min: 1e-16,
    max: 0.1,
    digits: 3,
    log: true,
    label: 'Rank tolerance',
  },
  prune: {
    key: 'prune',
    integer: false,
    min: 0,
    max: 0.99,
    digits: 4,
    log: false,
    label: 'Pruned fraction',
  },
  filters: {
    key: 'filters',
    integer: true,
    min: 1,
    max: 64,
    digits: 3,
    log: false,
    label: 'Filters c',
  },
  kernel: {
    key: 'kernel',
    integer: true,
    min: 1,
    max: 64,
    digits: 3,
    log: false,
    label: 'Kernel size K',
  },
  convLayers: {
    key: 'conv',
    integer: true,
    min: 1,
    max: 8,
    digits: 2,
    log: false,
    label: 'Convolution layers',
  },
};

export const DATA_NUM_SPECS: Readonly<Record<DataNumField, NumSpec>> = {
  n: { key: 'n', integer: true, min: 1, max: 100000, digits: 6, log: false, label: 'Samples n' },
  kappa: {
    key: 'kx',
    integer: false,
    min: 1,
    max: 1e12,
    digits: 4,
    log: true,
    label: 'Data condition number κ(Σ)',
  },
  stride: {
    key: 'stride',
    integer: true,
    min: 1,
    max: 28,
    digits: 2,
    log: false,
    label: 'Image stride',
  },
};

/** Hidden width range (each entry of `m`). */
export const WIDTH_SPEC: NumSpec = {
  key: 'm',
  integer: true,
  min: 1,
  max: 4096,
  digits: 5,
  log: false,
  label: 'Width m',
};

/** A configuration error naming the field and the offending value. */
export class ConfigError extends Error {
  constructor(
    public readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

function show(v: unknown): string {
  try {
    const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(v);
  }
}

function rangeText(spec: NumSpec): string {
  return `${spec.integer ? 'an integer' : 'a number'} in [${spec.min}, ${spec.max}]`;
}

function strictNumber(field: string, v: unknown, spec: NumSpec): number {
  if (
    typeof v !== 'number' ||
    !Number.isFinite(v) ||
    (spec.integer && !Number.isInteger(v)) ||
    v < spec.min ||
    v > spec.max
  ) {
    throw new ConfigError(field, `${field} must be ${rangeText(spec)}; got ${show(v)}`);
  }
  return v;
}

function strictEnum<T extends string>(field: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ConfigError(
      field,
      `${field} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}; got ${show(v)}`,
    );
  }
  return v as T;
}

function strictBool(field: string, v: unknown): boolean {
  if (typeof v !== 'boolean')
    throw new ConfigError(field, `${field} must be true or false; got ${show(v)}`);
  return v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const KNOWN_TOP = new Set([
  'model',
  'L',
  'd',
  'k',
  'm',
  'activation',
  'alpha',
  'beta',
  'skip',
  'batchNorm',
  'init',
  'seed',
  'data',
  'rtol',
  'prune',
  'filters',
  'kernel',
  'convLayers',
  'X',
  'weights',
  'Y',
]);
const KNOWN_DATA = new Set(['source', 'n', 'kappa', 'whiten', 'center', 'stride']);

function strictMatrix(field: string, v: unknown, rows?: number, cols?: number): number[][] {
  if (!Array.isArray(v) || v.length === 0)
    throw new ConfigError(field, `${field} must be a non-empty array of rows; got ${show(v)}`);
  if (rows !== undefined && v.length !== rows)
    throw new ConfigError(field, `${field} must have ${rows} rows; got ${v.length}`);
  const first = v[0];
  if (!Array.isArray(first) || first.length === 0)
    throw new ConfigError(
      `${field}[0]`,
      `${field}[0] must be a non-empty array of numbers; got ${show(first)}`,
    );
  const c = cols ?? first.length;
  if (v.length * c > MAX_EXPLICIT_ENTRIES)
    throw new ConfigError(
      field,
      `${field} has ${v.length}×${c} entries; at most ${MAX_EXPLICIT_ENTRIES} are accepted`,
    );
  v.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== c) {
      throw new ConfigError(
        `${field}[${i}]`,
        `${field}[${i}] must be an array of ${c} numbers; got ${show(row)}`,
      );
    }
    row.forEach((x: unknown, j) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new ConfigError(
          `${field}[${i}][${j}]`,
          `${field}[${i}][${j}] must be a finite number; got ${show(x)}`,
        );
      }
    });
  });
  return v as number[][];
}

/**
 * Validates a JSON configuration and fills in defaults (contract.md §1). All fields optional.
 * Explicit `X` fixes n and d; explicit `weights` fix L, d, k and the widths (checked for a
 * consistent chain). Does not mutate `raw`.
 * @returns the normalised config and warnings (e.g. ignored unknown fields)
 * @throws ConfigError naming the first bad field and its value
 */
export function normalizeConfig(raw: unknown): { config: GnConfig; warnings: string[] } {
  if (!isRecord(raw))
    throw new ConfigError('config', `the configuration must be a JSON object; got ${show(raw)}`);
  const warnings: string[] = [];
  for (const key of Object.keys(raw))
    if (!KNOWN_TOP.has(key)) warnings.push(`unknown field "${key}" ignored`);
  const c: GnConfig = structuredCloneConfig(DEFAULT_CONFIG);
  if (raw.model !== undefined) c.model = strictEnum('model', raw.model, MODELS);
  for (const f of Object.keys(NUM_SPECS) as NumField[]) {
    if (raw[f] !== undefined) c[f] = strictNumber(f, raw[f], NUM_SPECS[f]);
  }
  if (raw.activation !== undefined)
    c.activation = strictEnum('activation', raw.activation, ACTIVATIONS);
  if (raw.skip !== undefined) c.skip = strictEnum('skip', raw.skip, SKIPS);
  if (raw.init !== undefined) c.init = strictEnum('init', raw.init, INITS);
  if (raw.batchNorm !== undefined) c.batchNorm = strictBool('batchNorm', raw.batchNorm);
  if (raw.data !== undefined) {
    if (!isRecord(raw.data))
      throw new ConfigError('data', `data must be an object; got ${show(raw.data)}`);
    const data = raw.data;
    for (const key of Object.keys(data))
      if (!KNOWN_DATA.has(key)) warnings.push(`unknown field "data.${key}" ignored`);
    if (data.source !== undefined)
      c.data.source = strictEnum('data.source', data.source, DATA_SOURCES);
    for (const f of Object.keys(DATA_NUM_SPECS) as DataNumField[]) {
      if (data[f] !== undefined) c.data[f] = strictNumber(`data.${f}`, data[f], DATA_NUM_SPECS[f]);
    }
    if (data.whiten !== undefined) c.data.whiten = strictBool('data.whiten', data.whiten);
    if (data.center !== undefined) c.data.center = strictBool('data.center', data.center);
  }
  // Widths: a number (all hidden layers) or an array of L − 1 numbers.
  if (raw.m !== undefined) {
    if (typeof raw.m === 'number')
      c.m = Array.from({ length: c.L - 1 }, () => strictNumber('m', raw.m, WIDTH_SPEC));
    else if (Array.isArray(raw.m)) {
      if (raw.m.length !== c.L - 1)
        throw new ConfigError(
          'm',
          `m must list L − 1 = ${c.L - 1} hidden widths; got ${raw.m.length}`,
        );
      c.m = raw.m.map((w: unknown, i) => strictNumber(`m[${i}]`, w, WIDTH_SPEC));
    } else
      throw new ConfigError(
        'm',
        `m must be a width or an array of L − 1 widths; got ${show(raw.m)}`,
      );
  } else {
    c.m = Array.from({ length: c.L - 1 }, () => DEFAULT_CONFIG.m[0]!);
  }
  if (isImageSource(c.data.source) && raw.X === undefined) {
    const info = IMAGE_DATASETS[c.data.source];
    const features = imageFeatureCount(c.data.source, c.data.stride);
    if (raw.d !== undefined && c.d !== features) {
      throw new ConfigError(
        'd',
        `d = ${c.d} does not match ${c.data.source} at stride ${c.data.stride} (${features} features); leave d out`,
      );
    }
    if (raw.k !== undefined && c.k !== info.classes) {
      throw new ConfigError(
        'k',
        `k = ${c.k} does not match the ${info.classes} classes of ${c.data.source}; leave k out`,
      );
    }
    if (c.data.n > info.count) {
      throw new ConfigError(
        'data.n',
        `data.n must be at most ${info.count} for ${c.data.source} (the images shipped); got ${c.data.n}`,
      );
    }
    c.d = features;
    c.k = info.classes;
  }
  if (raw.X !== undefined) {
    const X = strictMatrix('X', raw.X);
    if (raw.d !== undefined && X[0]!.length !== c.d)
      throw new ConfigError('X', `X rows have ${X[0]!.length} entries but d = ${c.d}`);
    c.X = X;
    c.d = X[0]!.length;
    c.data.n = X.length;
  }
  if (raw.weights !== undefined) normalizeWeights(raw, c);
  if (raw.Y !== undefined) c.Y = strictMatrix('Y', raw.Y, c.X ? c.X.length : c.data.n, c.k);
  if (c.model === 'cnn1d') {
    if (c.d - c.convLayers * (c.kernel - 1) < 1) {
      throw new ConfigError(
        'kernel',
        `kernel = ${c.kernel} with convLayers = ${c.convLayers} leaves no output for d = ${c.d}: need d ≥ convLayers·(kernel − 1) + 1`,
      );
    }
    if (c.activation !== 'linear')
      throw new ConfigError(
        'activation',
        `the 1-D CNN of gn-math.md §7 is linear: activation must be "linear"; got "${c.activation}"`,
      );
    if (c.batchNorm)
      throw new ConfigError(
        'batchNorm',
        'batch norm is not defined for the 1-D CNN (gn-math.md §7–8)',
      );
  }
  return { config: c, warnings };
}

function normalizeWeights(raw: Record<string, unknown>, c: GnConfig): void {
  const w = raw.weights;
  if (!Array.isArray(w) || w.length === 0)
    throw new ConfigError(
      'weights',
      `weights must be a non-empty array of matrices; got ${show(w)}`,
    );
  if (c.model === 'cnn1d') {
    normalizeCnnWeights(raw, w, c);
    return;
  }
  if (w.length > NUM_SPECS.L.max)
    throw new ConfigError(
      'weights',
      `weights has ${w.length} matrices; at most ${NUM_SPECS.L.max}`,
    );
  if (raw.L !== undefined && raw.L !== w.length)
    throw new ConfigError('weights', `weights has ${w.length} matrices but L = ${show(raw.L)}`);
  const mats = w.map((mat, l) => strictMatrix(`weights[${l}]`, mat));
  const d0 = mats[0]![0]!.length;
  if (c.X && d0 !== c.d)
    throw new ConfigError(
      'weights[0]',
      `weights[0] has ${d0} columns but X rows have d = ${c.d} entries`,
    );
  if (!c.X && raw.d !== undefined && d0 !== c.d)
    throw new ConfigError('weights[0]', `weights[0] has ${d0} columns but d = ${c.d}`);
  for (let l = 1; l < mats.length; l++) {
    const cols = mats[l]![0]!.length;
    const prevRows = mats[l - 1]!.length;
    if (cols !== prevRows)
      throw new ConfigError(
        `weights[${l}]`,
        `weights[${l}] has ${cols} columns but weights[${l - 1}] has ${prevRows} rows`,
      );
  }
  const kOut = mats[mats.length - 1]!.length;
  if (raw.k !== undefined && kOut !== c.k)
    throw new ConfigError(
      `weights[${mats.length - 1}]`,
      `the last weight matrix has ${kOut} rows but k = ${c.k}`,
    );
  const widths = mats.slice(0, -1).map((mat) => mat.length);
  if (raw.m !== undefined) {
    const given =
      typeof raw.m === 'number' ? widths.map(() => raw.m as number) : (raw.m as number[]);
    if (given.length !== widths.length || given.some((x, i) => x !== widths[i])) {
      throw new ConfigError(
        'm',
        `m = ${show(raw.m)} does not match the widths of weights (${widths.join(', ')})`,
      );
    }
  }
  c.weights = mats;
  c.L = mats.length;
  c.d = d0;
  c.k = kOut;
  c.m = widths;
}

/**
 * cnn1d layout (contract.md §1): the conv kernels first, each [c_out][c_in][K] (c_in = 1 for the
 * first, c after), then the readout as k rows of c·d_last numbers. Sets filters, kernel,
 * convLayers and k from the shapes; d must come from X or the config.
 */
function normalizeCnnWeights(raw: Record<string, unknown>, w: unknown[], c: GnConfig): void {
  if (w.length < 2)
    throw new ConfigError(
      'weights',
      `a cnn1d needs at least one kernel and the readout; got ${w.length} entries`,
    );
  const kernels = w.slice(0, -1).map((kern, l) => strictKernel(`weights[${l}]`, kern));
  const first = kernels[0]!;
  const filters = first.length;
  const K = first[0]![0]!.length;
  kernels.forEach((kern, l) => {
    const cIn = l === 0 ? 1 : filters;
    if (kern.length !== filters || kern[0]!.length !== cIn || kern[0]![0]!.length !== K) {
      throw new ConfigError(
        `weights[${l}]`,
        `weights[${l}] must be a [${filters}][${cIn}][${K}] kernel; got [${kern.length}][${kern[0]!.length}][${kern[0]![0]!.length}]`,
      );
    }
    kern.forEach((outRow, o) =>
      outRow.forEach((inRow, i) => {
        if (inRow.length !== K)
          throw new ConfigError(
            `weights[${l}][${o}][${i}]`,
            `weights[${l}][${o}][${i}] must have K = ${K} entries; got ${inRow.length}`,
          );
      }),
    );
  });
  const dLast = c.d - kernels.length * (K - 1);
  if (dLast < 1)
    throw new ConfigError(
      'weights',
      `d = ${c.d} is too short for ${kernels.length} convolutions of size ${K}`,
    );
  const readout = strictMatrix(
    `weights[${kernels.length}]`,
    w[w.length - 1],
    undefined,
    filters * dLast,
  );
  if (raw.k !== undefined && readout.length !== c.k)
    throw new ConfigError(
      `weights[${kernels.length}]`,
      `the readout has ${readout.length} rows but k = ${c.k}`,
    );
  c.kernels = kernels;
  c.weights = [readout];
  c.filters = filters;
  c.kernel = K;
  c.convLayers = kernels.length;
  c.k = readout.length;
}

function strictKernel(field: string, v: unknown): number[][][] {
  if (!Array.isArray(v) || v.length === 0)
    throw new ConfigError(field, `${field} must be a [c_out][c_in][K] kernel; got ${show(v)}`);
  return v.map((row, o) => strictMatrix(`${field}[${o}]`, row));
}

function structuredCloneConfig(c: Readonly<GnConfig>): GnConfig {
  return { ...c, m: [...c.m], data: { ...c.data } };
}

/** A copy of the defaults that the caller may mutate. */
export function defaultConfig(): GnConfig {
  return structuredCloneConfig(DEFAULT_CONFIG);
}

/** Rounds to `digits` significant digits (what the URL can carry). */
export function roundDigits(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(digits));
}

function formatNumber(x: number, spec: NumSpec): string {
  return String(spec.integer ? Math.round(x) : roundDigits(x, spec.digits));
}

/**
 * The shareable query string for a configuration (without explicit X/weights, which a URL
 * cannot carry): `v=1` then every field that differs from the defaults, in a fixed order.
 * Numbers are rounded to the table's digits. Pure.
 */
export function encodeQuery(c: GnConfig): string {
  const parts: [string, string][] = [['v', String(URL_VERSION)]];
  const D = DEFAULT_CONFIG;
  const put = (key: string, value: string, def: string): void => {
    if (value !== def) parts.push([key, value]);
  };
  put('model', c.model, D.model);
  put('L', formatNumber(c.L, NUM_SPECS.L), formatNumber(D.L, NUM_SPECS.L));
  put('d', formatNumber(c.d, NUM_SPECS.d), formatNumber(D.d, NUM_SPECS.d));
  put('k', formatNumber(c.k, NUM_SPECS.k), formatNumber(D.k, NUM_SPECS.k));
  const widths = c.m.length > 0 && c.m.every((w) => w === c.m[0]) ? String(c.m[0]) : c.m.join(',');
  if (c.m.length > 0) put('m', widths, String(D.m[0]));
  put('act', c.activation, D.activation);
  put('alpha', formatNumber(c.alpha, NUM_SPECS.alpha), formatNumber(D.alpha, NUM_SPECS.alpha));
  put('beta', formatNumber(c.beta, NUM_SPECS.beta), formatNumber(D.beta, NUM_SPECS.beta));
  put('skip', c.skip, D.skip);
  put('bn', c.batchNorm ? '1' : '0', D.batchNorm ? '1' : '0');
  put('init', c.init, D.init);
  put('seed', formatNumber(c.seed, NUM_SPECS.seed), formatNumber(D.seed, NUM_SPECS.seed));
  put('data', c.data.source, D.data.source);
  put('n', formatNumber(c.data.n, DATA_NUM_SPECS.n), formatNumber(D.data.n, DATA_NUM_SPECS.n));
  put(
    'kx',
    formatNumber(c.data.kappa, DATA_NUM_SPECS.kappa),
    formatNumber(D.data.kappa, DATA_NUM_SPECS.kappa),
  );
  put('whiten', c.data.whiten ? '1' : '0', D.data.whiten ? '1' : '0');
  put('center', c.data.center ? '1' : '0', D.data.center ? '1' : '0');
  put(
    'stride',
    formatNumber(c.data.stride, DATA_NUM_SPECS.stride),
    formatNumber(D.data.stride, DATA_NUM_SPECS.stride),
  );
  put('rtol', formatNumber(c.rtol, NUM_SPECS.rtol), formatNumber(D.rtol, NUM_SPECS.rtol));
  put('prune', formatNumber(c.prune, NUM_SPECS.prune), formatNumber(D.prune, NUM_SPECS.prune));
  put(
    'filters',
    formatNumber(c.filters, NUM_SPECS.filters),
    formatNumber(D.filters, NUM_SPECS.filters),
  );
  put('kernel', formatNumber(c.kernel, NUM_SPECS.kernel), formatNumber(D.kernel, NUM_SPECS.kernel));
  put(
    'conv',
    formatNumber(c.convLayers, NUM_SPECS.convLayers),
    formatNumber(D.convLayers, NUM_SPECS.convLayers),
  );
  // A link cannot carry imported matrices; it says which were used, so that whoever opens it is
  // told the numbers will differ (decodeQuery's notice) instead of silently seeing others.
  put('own', importedMatrixNames(c).join(','), '');
  return '?' + parts.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

/** Which matrices of `c` were given explicitly (imported), in a fixed order: X, weights, Y. */
export function importedMatrixNames(c: Pick<GnConfig, 'X' | 'weights' | 'Y'>): string[] {
  return [c.X ? 'X' : '', c.weights ? 'weights' : '', c.Y ? 'Y' : ''].filter((x) => x !== '');
}

/** Every query key this codec understands (config keys; view keys belong to the UI). */
export const CONFIG_QUERY_KEYS: readonly string[] = [
  'v',
  'model',
  'L',
  'd',
  'k',
  'm',
  'act',
  'alpha',
  'beta',
  'skip',
  'bn',
  'init',
  'seed',
  'data',
  'n',
  'kx',
  'whiten',
  'center',
  'stride',
  'rtol',
  'prune',
  'filters',
  'kernel',
  'conv',
  'own',
];

/** Longest query string decoded; the rest is ignored with a notice. */
export const MAX_QUERY_LENGTH = 4096;

/**
 * Decodes a query string (with or without the leading `?`) into a valid configuration.
 * Never throws: each unknown key, unparsable value or out-of-range value is ignored, replaced
 * by the default or clamped, and named in `notices`. Keys outside {@link CONFIG_QUERY_KEYS}
 * are returned in `other` for the UI's view keys. Pure.
 */
export function decodeQuery(
  search: string,
  knownViewKeys: readonly string[] = [],
): {
  config: GnConfig;
  notices: string[];
  other: Record<string, string>;
} {
  const notices: string[] = [];
  const other: Record<string, string> = {};
  const c = defaultConfig();
  let text = typeof search === 'string' ? search : '';
  if (text.length > MAX_QUERY_LENGTH) {
    notices.push(
      `the link is ${text.length} characters long; only the first ${MAX_QUERY_LENGTH} were read`,
    );
    text = text.slice(0, MAX_QUERY_LENGTH);
  }
  const params = parseQuery(text);
  const seen = new Map<string, string>();
  const unknown: string[] = [];
  for (const [key, value] of params) {
    if (CONFIG_QUERY_KEYS.includes(key)) seen.set(key, value);
    else if (knownViewKeys.includes(key)) other[key] = value;
    else unknown.push(key);
  }
  if (unknown.length > 0) {
    const names = unknown
      .slice(0, 5)
      .map((u) => `"${clip(u)}"`)
      .join(', ');
    notices.push(
      `unknown ${unknown.length === 1 ? 'key' : 'keys'} ignored: ${names}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`,
    );
  }
  const v = seen.get('v');
  if (v !== undefined && v !== String(URL_VERSION)) {
    notices.push(`link version v=${clip(v)} is not known; read as v=${URL_VERSION}`);
  }
  const num = (key: string, spec: NumSpec, current: number): number => {
    const raw = seen.get(key);
    if (raw === undefined) return current;
    const x = raw.trim() === '' ? NaN : Number(raw);
    if (!Number.isFinite(x)) {
      notices.push(`${spec.label} (${key}=${clip(raw)}) is not a number; using ${current}`);
      return current;
    }
    let y = spec.integer ? Math.round(x) : x;
    if (y < spec.min || y > spec.max) {
      const clamped = Math.min(spec.max, Math.max(spec.min, y));
      notices.push(
        `${spec.label} (${key}=${clip(raw)}) is outside [${spec.min}, ${spec.max}]; clamped to ${clamped}`,
      );
      y = clamped;
    } else if (spec.integer && y !== x) {
      notices.push(`${spec.label} (${key}=${clip(raw)}) must be an integer; rounded to ${y}`);
    }
    return y;
  };
  const enumOf = <T extends string>(
    key: string,
    allowed: readonly T[],
    current: T,
    label: string,
  ): T => {
    const raw = seen.get(key);
    if (raw === undefined) return current;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    notices.push(
      `${label} (${key}=${clip(raw)}) is not one of ${allowed.join(', ')}; using ${current}`,
    );
    return current;
  };
  const bool = (key: string, current: boolean, label: string): boolean => {
    const raw = seen.get(key);
    if (raw === undefined) return current;
    if (raw === '1' || raw === 'true') return true;
    if (raw === '0' || raw === 'false') return false;
    notices.push(`${label} (${key}=${clip(raw)}) must be 0 or 1; using ${current ? 1 : 0}`);
    return current;
  };
  c.model = enumOf('model', MODELS, c.model, 'Model');
  for (const f of Object.keys(NUM_SPECS) as NumField[])
    c[f] = num(NUM_SPECS[f].key, NUM_SPECS[f], c[f]);
  c.activation = enumOf('act', ACTIVATIONS, c.activation, 'Activation');
  c.skip = enumOf('skip', SKIPS, c.skip, 'Skip placement');
  c.init = enumOf('init', INITS, c.init, 'Initialisation');
  c.batchNorm = bool('bn', c.batchNorm, 'Batch norm');
  c.data.source = enumOf('data', DATA_SOURCES, c.data.source, 'Data source');
  for (const f of Object.keys(DATA_NUM_SPECS) as DataNumField[]) {
    c.data[f] = num(DATA_NUM_SPECS[f].key, DATA_NUM_SPECS[f], c.data[f]);
  }
  c.data.whiten = bool('whiten', c.data.whiten, 'Whitening');
  c.data.center = bool('center', c.data.center, 'Centring');
  const own = seen.get('own');
  if (own !== undefined && own.trim() !== '') {
    const names = own
      .split(',')
      .map((x) => x.trim())
      .filter((x) => ['X', 'weights', 'Y'].includes(x));
    notices.push(
      names.length > 0
        ? `this link was made with imported ${names.join(', ')}, which a link cannot carry: the numbers here use generated ones instead (the configuration JSON carries them)`
        : `own=${clip(own)} is not a list of X, weights, Y; ignored`,
    );
  }
  c.m = decodeWidths(seen.get('m'), c.L, notices);
  notices.push(...reconcileInPlace(c, { d: seen.has('d'), k: seen.has('k') }));
  return { config: c, notices, other };
}

/**
 * Makes a configuration consistent after any change (URL decoding, a UI control, a preset):
 * image data fix d (from the stride) and k (10 classes) and cap n at the images shipped; the
 * 1-D CNN is linear, has no batch norm and needs d − convLayers·(K − 1) ≥ 1. Returns the fixed
 * copy and a notice for each change. `explicit` says which of d and k the user set (a notice is
 * only worth giving for those). Pure.
 */
export function reconcileConfig(
  config: GnConfig,
  explicit: { d?: boolean; k?: boolean } = {},
): { config: GnConfig; notices: string[] } {
  const c: GnConfig = { ...config, m: [...config.m], data: { ...config.data } };
  const notices = reconcileInPlace(c, explicit);
  return { config: c, notices };
}

function reconcileInPlace(c: GnConfig, explicit: { d?: boolean; k?: boolean }): string[] {
  const notices: string[] = [];
  if (isImageSource(c.data.source) && !c.X) {
    const info = IMAGE_DATASETS[c.data.source];
    const features = imageFeatureCount(c.data.source, c.data.stride);
    if (explicit.d && c.d !== features)
      notices.push(
        `d = ${c.d} does not match ${c.data.source} at stride ${c.data.stride}; using its ${features} features`,
      );
    if (explicit.k && c.k !== info.classes)
      notices.push(
        `k = ${c.k} does not match the ${info.classes} classes of ${c.data.source}; using k = ${info.classes}`,
      );
    if (c.data.n > info.count) {
      notices.push(
        `Samples n = ${c.data.n}: only the first ${info.count} images of ${c.data.source} are shipped; clamped to ${info.count}`,
      );
      c.data.n = info.count;
    }
    c.d = features;
    c.k = info.classes;
  }
  if (c.m.length !== c.L - 1) {
    const last = c.m.at(-1) ?? DEFAULT_CONFIG.m[0]!;
    c.m = Array.from({ length: c.L - 1 }, (_, i) => c.m[i] ?? last);
  }
  if (c.model === 'cnn1d') {
    const maxK = Math.floor((c.d - 1) / c.convLayers) + 1;
    if (c.kernel > maxK) {
      notices.push(
        `Kernel size K = ${c.kernel} leaves no output after ${c.convLayers} convolution${c.convLayers > 1 ? 's' : ''} of a length-${c.d} signal; clamped to ${maxK}`,
      );
      c.kernel = maxK;
    }
    if (c.activation !== 'linear') {
      notices.push(
        `the 1-D CNN is linear (gn-math.md §7): activation ${c.activation} replaced by linear`,
      );
      c.activation = 'linear';
    }
    if (c.batchNorm) {
      notices.push('batch norm is not defined for the 1-D CNN: turned off');
      c.batchNorm = false;
    }
    if (c.prune > 0) {
      notices.push('pruning applies to the weight matrices of an MLP: the 1-D CNN uses prune = 0');
      c.prune = 0;
    }
  }
  return notices;
}

function decodeWidths(raw: string | undefined, L: number, notices: string[]): number[] {
  const fallback = DEFAULT_CONFIG.m[0]!;
  if (raw === undefined) return Array.from({ length: L - 1 }, () => fallback);
  const items = raw.split(',').slice(0, 64);
  const widths: number[] = [];
  for (const item of items) {
    const x = Number(item);
    if (item.trim() === '' || !Number.isFinite(x)) {
      notices.push(
        `Width (m=${clip(raw)}) has a non-number entry "${clip(item)}"; using ${widths.at(-1) ?? fallback}`,
      );
      widths.push(widths.at(-1) ?? fallback);
      continue;
    }
    const y = Math.min(WIDTH_SPEC.max, Math.max(WIDTH_SPEC.min, Math.round(x)));
    if (y !== x)
      notices.push(
        `Width ${clip(item)} is not an integer in [${WIDTH_SPEC.min}, ${WIDTH_SPEC.max}]; using ${y}`,
      );
    widths.push(y);
  }
  if (widths.length === 1 || L - 1 === 0)
    return Array.from({ length: L - 1 }, () => widths[0] ?? fallback);
  if (widths.length !== L - 1) {
    notices.push(
      `Width list m=${clip(raw)} has ${widths.length} entries but depth L = ${L} needs ${L - 1}; ${widths.length > L - 1 ? 'extra entries dropped' : 'the last width repeated'}`,
    );
    while (widths.length < L - 1) widths.push(widths.at(-1)!);
    widths.length = L - 1;
  }
  return widths;
}

/**
 * application/x-www-form-urlencoded parsing (as URLSearchParams, which the ES2022 lib of the
 * pure core does not declare): `+` is a space, bad percent escapes are kept literally.
 */
export function parseQuery(text: string): [string, string][] {
  const body = text.startsWith('?') ? text.slice(1) : text;
  const out: [string, string][] = [];
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    out.push([decodeComponent(key), decodeComponent(value)]);
  }
  return out;
}

function decodeComponent(s: string): string {
  const t = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(t);
  } catch {
    return t;
  }
}

/** The JSON spelling of a config (what `gnlens eval` prints as `config`), m compacted. */
export function configToJson(c: GnConfig): Record<string, unknown> {
  const { m, kernels, weights, ...rest } = c;
  const uniform = m.length > 0 && m.every((w) => w === m[0]);
  const out: Record<string, unknown> = {
    ...rest,
    m: m.length === 0 ? [] : uniform ? m[0] : [...m],
    data: { ...c.data },
  };
  // cnn1d explicit weights go back to the contract's layout: kernels first, then the readout.
  if (weights) out.weights = kernels ? [...kernels, ...weights] : weights;
  return out;
}
