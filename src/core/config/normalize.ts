/**
 * Strict reading of a JSON configuration (docs/contract.md §1): every field optional, each
 * scalar checked by its table row, widths and explicit matrices by their shapes, then the
 * cross-field rules applied strictly. The CLI's exit code 2 comes from the ConfigError thrown
 * here, naming the first bad field and its value.
 */
import { CONFIG_PARAMS, DEFAULT_WIDTH } from '../configParams';
import { showValue as show, strictBoolean, strictEnum, strictNumber } from '../paramRows';
import type { GnConfig } from '../types';
import { normalizeBiases, normalizeWeights, strictMatrix } from './matrices';
import { applyRulesStrictly } from './rules';
import type { GivenFields } from './rules';
import { ConfigError, SCALAR_ROWS, WIDTH_SPEC, defaultConfig, setPath } from './specs';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Top-level JSON fields: the table's paths plus the explicit matrices. */
const KNOWN_TOP = new Set([
  ...CONFIG_PARAMS.filter((r) => r.key !== 'v' && r.key !== 'own').map(
    (r) => r.path.split('.')[0]!,
  ),
  'X',
  'weights',
  'Y',
  'biases',
]);
const KNOWN_DATA = new Set(
  CONFIG_PARAMS.filter((r) => r.path.startsWith('data.')).map((r) => r.path.slice(5)),
);

/** One scalar field of the JSON, read by its row. */
function strictScalar(row: (typeof SCALAR_ROWS)[number], value: unknown): unknown {
  switch (row.type) {
    case 'boolean':
      return strictBoolean(row.path, value);
    case 'enum':
      return strictEnum(row.path, value, (row as { values: readonly string[] }).values);
    default:
      return strictNumber(row.path, value, row);
  }
}

function strictWidths(raw: unknown, L: number): number[] {
  if (typeof raw === 'number')
    return Array.from({ length: L - 1 }, () => strictNumber('m', raw, WIDTH_SPEC));
  if (Array.isArray(raw)) {
    if (raw.length !== L - 1)
      throw new ConfigError('m', `m must list L − 1 = ${L - 1} hidden widths; got ${raw.length}`);
    return raw.map((w: unknown, i) => strictNumber(`m[${i}]`, w, WIDTH_SPEC));
  }
  throw new ConfigError('m', `m must be a width or an array of L − 1 widths; got ${show(raw)}`);
}

/**
 * Validates a JSON configuration and fills in defaults (docs/contract.md §1). All fields
 * optional. Explicit `X` fixes n and d; explicit `weights` fix L, d, k and the widths (checked
 * for a consistent chain). Does not mutate `raw`.
 * @returns the normalised config and warnings (e.g. ignored unknown fields)
 * @throws ConfigError naming the first bad field and its value
 */
export function normalizeConfig(raw: unknown): { config: GnConfig; warnings: string[] } {
  if (!isRecord(raw))
    throw new ConfigError('config', `the configuration must be a JSON object; got ${show(raw)}`);
  const warnings: string[] = [];
  for (const key of Object.keys(raw))
    if (!KNOWN_TOP.has(key)) warnings.push(`unknown field "${key}" ignored`);
  if (raw.data !== undefined && !isRecord(raw.data))
    throw new ConfigError('data', `data must be an object; got ${show(raw.data)}`);
  const data = (raw.data ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(data))
    if (!KNOWN_DATA.has(key)) warnings.push(`unknown field "data.${key}" ignored`);

  const c = defaultConfig();
  const given: Record<string, boolean> = {};
  for (const row of SCALAR_ROWS) {
    const value = row.path.startsWith('data.') ? data[row.path.slice(5)] : raw[row.path];
    if (value === undefined) continue;
    setPath(c, row.path, strictScalar(row, value));
    given[row.path] = true;
  }
  c.m =
    raw.m !== undefined
      ? strictWidths(raw.m, c.L)
      : Array.from({ length: c.L - 1 }, () => DEFAULT_WIDTH);
  if (raw.m !== undefined) given.m = true;
  if (raw.X !== undefined) {
    const X = strictMatrix('X', raw.X);
    if (raw.d !== undefined && X[0]!.length !== c.d)
      throw new ConfigError('X', `X rows have ${X[0]!.length} entries but d = ${c.d}`);
    c.X = X;
    c.d = X[0]!.length;
    c.data.n = X.length;
  }
  if (raw.weights !== undefined) normalizeWeights(raw, c);
  if (raw.biases !== undefined) normalizeBiases(raw, c);
  applyRulesStrictly(c, given as GivenFields);
  if (raw.Y !== undefined) c.Y = strictMatrix('Y', raw.Y, c.X ? c.X.length : c.data.n, c.k);
  return { config: c, warnings };
}
