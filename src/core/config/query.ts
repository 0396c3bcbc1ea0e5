/**
 * The link spelling of a configuration (docs/contract.md §1, URL keys), derived from the
 * parameter table: {@link encodeQuery} writes every row that differs from its default, in table
 * order, with bounded digits; {@link decodeQuery} reads each row leniently (never throws;
 * unknown keys ignored, bad values replaced or clamped, each named in a notice), then applies
 * the cross-field rules leniently. Pure: the CLI (`gnlens eval --url`) and the page decode
 * links with the same code.
 */
import { CONFIG_PARAMS, DEFAULT_WIDTH } from '../configParams';
import {
  clampToRow,
  formatRowNumber,
  readLenientBoolean,
  readLenientEnum,
  readLenientNumber,
} from '../paramRows';
import { clipText as clip } from '../text';
import type { GnConfig } from '../types';
import { applyRulesLeniently, derivedFields } from './rules';
import {
  DEFAULT_CONFIG,
  SCALAR_ROWS,
  URL_VERSION,
  WIDTH_SPEC,
  defaultConfig,
  getPath,
  setPath,
} from './specs';

/** Every query key the config codec understands (the view keys belong to src/model). */
export const CONFIG_QUERY_KEYS: readonly string[] = CONFIG_PARAMS.map((r) => r.key);

/** Longest query string decoded; the rest is ignored with a notice. */
export const MAX_QUERY_LENGTH = 4096;

/** Which matrices of `c` were given explicitly (imported), in a fixed order: X, weights, Y. */
export function importedMatrixNames(c: Pick<GnConfig, 'X' | 'weights' | 'Y' | 'biases'>): string[] {
  return [
    c.X ? 'X' : '',
    c.weights ? 'weights' : '',
    c.biases ? 'biases' : '',
    c.Y ? 'Y' : '',
  ].filter((x) => x !== '');
}

function encodeValue(row: (typeof CONFIG_PARAMS)[number], value: unknown): string {
  if (row.type === 'boolean') return value ? '1' : '0';
  if (row.type === 'integer' || row.type === 'number') return formatRowNumber(row, value as number);
  return String(value);
}

function encodeWidths(m: readonly number[]): string {
  return m.length > 0 && m.every((w) => w === m[0]) ? String(m[0]) : m.join(',');
}

/**
 * The shareable query string for a configuration (without explicit X/weights, which a URL
 * cannot carry): `v=1` then every field that differs from the defaults, in table order.
 * Numbers are rounded to the table's digits. Pure.
 */
export function encodeQuery(c: GnConfig): string {
  const parts: [string, string][] = [];
  const derived = derivedFields(c);
  for (const row of CONFIG_PARAMS) {
    if (derived.has(row.path)) continue;
    if (row.key === 'v') parts.push(['v', String(URL_VERSION)]);
    else if (row.type === 'widths') {
      if (c.m.length > 0 && encodeWidths(c.m) !== String(DEFAULT_WIDTH))
        parts.push([row.key, encodeWidths(c.m)]);
    } else if (row.key === 'own') {
      // A link cannot carry imported matrices; it says which were used, so that whoever opens
      // it is told the numbers will differ (decodeQuery's notice) instead of silently seeing
      // others.
      const names = importedMatrixNames(c).join(',');
      if (names !== '') parts.push([row.key, names]);
    } else {
      const value = encodeValue(row, getPath(c, row.path));
      if (value !== encodeValue(row, getPath(DEFAULT_CONFIG as GnConfig, row.path)))
        parts.push([row.key, value]);
    }
  }
  return '?' + parts.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

function decodeWidths(raw: string | undefined, L: number, notices: string[]): number[] {
  const fallback = DEFAULT_WIDTH;
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
    const y = clampToRow(WIDTH_SPEC, x, fallback);
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

function ownNotice(own: string): string {
  const names = own
    .split(',')
    .map((x) => x.trim())
    .filter((x) => ['X', 'weights', 'biases', 'Y'].includes(x));
  return names.length > 0
    ? `this link was made with imported ${names.join(', ')}, which a link cannot carry: the numbers here use generated ones instead (the configuration JSON carries them)`
    : `own=${clip(own)} is not a list of X, weights, biases, Y; ignored`;
}

/** Splits the query into config keys, known view keys (`other`) and unknown keys (notice). */
function sortKeys(
  params: [string, string][],
  knownViewKeys: readonly string[],
  notices: string[],
): { seen: Map<string, string>; other: Record<string, string> } {
  const seen = new Map<string, string>();
  const other: Record<string, string> = {};
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
  return { seen, other };
}

/**
 * Decodes a query string (with or without the leading `?`) into a valid configuration.
 * Never throws: each unknown key, unparsable value or out-of-range value is ignored, replaced
 * by the default or clamped, and named in `notices`. Keys outside {@link CONFIG_QUERY_KEYS}
 * that the caller knows are returned in `other` (the view keys). Pure.
 */
export function decodeQuery(
  search: string,
  knownViewKeys: readonly string[] = [],
): { config: GnConfig; notices: string[]; other: Record<string, string> } {
  const notices: string[] = [];
  const c = defaultConfig();
  let text = typeof search === 'string' ? search : '';
  if (text.length > MAX_QUERY_LENGTH) {
    notices.push(
      `the link is ${text.length} characters long; only the first ${MAX_QUERY_LENGTH} were read`,
    );
    text = text.slice(0, MAX_QUERY_LENGTH);
  }
  const { seen, other } = sortKeys(parseQuery(text), knownViewKeys, notices);
  const v = seen.get('v');
  if (v !== undefined && v !== String(URL_VERSION))
    notices.push(`link version v=${clip(v)} is not known; read as v=${URL_VERSION}`);
  const given: Record<string, boolean> = {};
  for (const row of SCALAR_ROWS) {
    const raw = seen.get(row.key);
    if (raw === undefined) continue;
    given[row.path] = true;
    const current = getPath(c, row.path);
    let value: unknown;
    if (row.type === 'boolean') value = readLenientBoolean(row, raw, current as boolean, notices);
    else if (row.type === 'enum') value = readLenientEnum(row, raw, current as string, notices);
    else value = readLenientNumber(row, raw, current as number, notices);
    setPath(c, row.path, value);
  }
  const own = seen.get('own');
  if (own !== undefined && own.trim() !== '') notices.push(ownNotice(own));
  c.m = decodeWidths(seen.get('m'), c.L, notices);
  notices.push(...applyRulesLeniently(c, given));
  return { config: c, notices, other };
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
