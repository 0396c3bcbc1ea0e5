/**
 * Untrusted files (issue "Robustness"): configurations (JSON) and matrices (CSV: data X,
 * weights, targets Y) imported into the page. Sizes are checked before parsing; every error
 * names the field, row and value; nothing is ever interpreted as HTML or code. Pure.
 */
import { ConfigError, configToJson, MAX_EXPLICIT_ENTRIES, normalizeConfig } from './config';
import type { GnConfig } from './types';
import { clipText } from './text';

const clipValue = (s: string) => clipText(s, 30);

/** Largest file read (bytes). Explicit matrices of up to 4·10⁶ numbers fit. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export type ImportResult<T> =
  { ok: true; value: T; warnings: string[] } | { ok: false; error: string; field?: string };

/** A JSON configuration file: size first, then JSON, then {@link normalizeConfig}. */
export function importConfigText(text: string, name = 'the file'): ImportResult<GnConfig> {
  if (text.length > MAX_IMPORT_BYTES)
    return { ok: false, error: `${name} is larger than ${MAX_IMPORT_BYTES} bytes` };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${name} is not valid JSON: ${(e as Error).message}` };
  }
  // An exported result ({"config": …, "kappa": …}) imports as its config.
  if (raw && typeof raw === 'object' && !Array.isArray(raw) && 'config' in raw && 'kappa' in raw)
    raw = (raw as { config: unknown }).config;
  try {
    const { config, warnings } = normalizeConfig(raw);
    return { ok: true, value: config, warnings };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, error: e.message, field: e.field };
    throw e;
  }
}

/**
 * A numeric matrix from CSV text: one row per line, values separated by commas (or semicolons,
 * tabs, spaces), an optional header line of non-numbers, blank lines ignored. Every row must have
 * the same number of finite values.
 */
export function parseMatrixCsv(text: string, name = 'the CSV file'): ImportResult<number[][]> {
  if (text.length > MAX_IMPORT_BYTES)
    return { ok: false, error: `${name} is larger than ${MAX_IMPORT_BYTES} bytes` };
  const lines = text.split(/\r\n|\n|\r/);
  const rows: number[][] = [];
  const warnings: string[] = [];
  let width = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split(/[,;\t]|\s+/).filter((c) => c !== '');
    const values = cells.map((c) =>
      /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(c) ? Number(c) : NaN,
    );
    if (rows.length === 0 && width < 0 && values.every(Number.isNaN)) {
      warnings.push(`line ${i + 1} read as a header: ${clipValue(line)}`);
      continue;
    }
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      return {
        ok: false,
        error: `${name}, row ${rows.length + 1} (line ${i + 1}), column ${bad + 1}: "${clipValue(cells[bad]!)}" is not a finite number`,
        field: `row ${rows.length + 1}`,
      };
    if (width < 0) width = values.length;
    else if (values.length !== width) {
      return {
        ok: false,
        error: `${name}, row ${rows.length + 1} (line ${i + 1}) has ${values.length} values; the first row has ${width}`,
        field: `row ${rows.length + 1}`,
      };
    }
    rows.push(values);
    if (rows.length * width > MAX_EXPLICIT_ENTRIES)
      return { ok: false, error: `${name} has more than ${MAX_EXPLICIT_ENTRIES} numbers` };
  }
  if (rows.length === 0) return { ok: false, error: `${name} contains no numbers` };
  return { ok: true, value: rows, warnings };
}

/** The matrices a user can bring as CSV: data X (n × d), targets Y (n × k), weights W¹ … Wᴸ. */
export type MatrixTarget = 'X' | 'Y' | 'weights';

/** In words, for messages and the page. */
export const MATRIX_TARGET_NAMES: Readonly<Record<MatrixTarget, string>> = {
  X: 'data X',
  Y: 'targets Y',
  weights: 'weights',
};

/**
 * `config` with imported matrices in place, validated exactly as a JSON configuration (the CLI's
 * {@link normalizeConfig}): X (n × d) fixes n and d; Y must be n × k; weights (one matrix per
 * layer, Wˡ with m_l rows and m_{l−1} columns, in order) fix the depth, the widths, d and k.
 * A Y that no longer fits a new X or new weights is dropped with a warning rather than
 * blocking the import. Errors name the matrix and the mismatch. Pure.
 */
export function withImportedMatrices(
  config: GnConfig,
  target: MatrixTarget,
  matrices: number[][][],
): ImportResult<GnConfig> {
  if (matrices.length === 0) return { ok: false, error: 'no matrix given' };
  const raw = configToJson(config);
  const warnings: string[] = [];
  const dropY = (why: string) => {
    if (raw.Y === undefined) return;
    delete raw.Y;
    warnings.push(`the imported targets Y were removed: ${why}`);
  };
  if (target !== 'weights' && matrices.length !== 1)
    return {
      ok: false,
      error: `${MATRIX_TARGET_NAMES[target]} is one matrix; got ${matrices.length}`,
    };
  const first = matrices[0]!;
  if (target === 'X') {
    raw.X = first;
    // X defines d, unless the weights already fix it (then a mismatch is the error to report).
    if (!config.weights) delete raw.d;
    if (config.Y && config.Y.length !== first.length)
      dropY(`they have ${config.Y.length} rows, the new X has ${first.length}`);
  } else if (target === 'Y') {
    const n = config.X ? config.X.length : config.data.n;
    if (first.length !== n || first[0]!.length !== config.k)
      return {
        ok: false,
        field: 'Y',
        error: `Y must be n × k = ${n} × ${config.k} (one row per sample, one column per output); the file has ${first.length} × ${first[0]!.length}`,
      };
    raw.Y = first;
  } else {
    if (config.model !== 'mlp')
      return {
        ok: false,
        field: 'weights',
        error:
          'weights from CSV files are for the MLP (the CNN takes its kernels from a JSON configuration)',
      };
    raw.weights = matrices;
    raw.L = matrices.length;
    delete raw.m;
    // The weights define the architecture: d from W¹ (unless X fixes it), k from Wᴸ.
    if (!config.X) raw.d = first[0]!.length;
    delete raw.k;
    const k = matrices.at(-1)!.length;
    if (config.Y && config.Y[0]!.length !== k)
      dropY(`they have ${config.Y[0]!.length} columns, the new weights give k = ${k}`);
  }
  try {
    const { config: next, warnings: more } = normalizeConfig(raw);
    return { ok: true, value: next, warnings: [...warnings, ...more] };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, error: e.message, field: e.field };
    throw e;
  }
}

/** `config` without its imported `target` (the page generates it again). Pure. */
export function withoutImported(config: GnConfig, target: MatrixTarget): GnConfig {
  const next: GnConfig = { ...config, m: [...config.m], data: { ...config.data } };
  if (target === 'X') delete next.X;
  if (target === 'Y') delete next.Y;
  if (target === 'weights') {
    delete next.weights;
    delete next.kernels;
  }
  return next;
}
