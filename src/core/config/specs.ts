/**
 * The configuration's defaults and numeric ranges, derived from the parameter table
 * (src/core/configParams.ts): nothing here is written twice.
 */
import { CONFIG_PARAMS, DEFAULT_WIDTH, configParam } from '../configParams';
import type { ConfigParamRow } from '../configParams';
import type { GnConfig } from '../types';

export { ParamError as ConfigError } from '../paramRows';

/** Current version of the URL format (key `v`); bump with a migration in the link decoder. */
export const URL_VERSION = 1;

/** The largest explicit matrices accepted from JSON (entries), checked before use. */
export const MAX_EXPLICIT_ENTRIES = 4_000_000;

/** A numeric parameter as sliders, forms and readers see it (a view of its table row). */
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
  type: 'integer' | 'number' | 'widths';
}

type Row = ConfigParamRow;
type NumericRowOf<R> = R extends { type: 'integer' | 'number' } ? R : never;
type TopNumericPath = Exclude<Extract<NumericRowOf<Row>['path'], keyof GnConfig>, never>;
type DataNumericPath = Extract<NumericRowOf<Row>['path'], `data.${string}`>;
type DataField<P> = P extends `data.${infer F}` ? F : never;

function specOf(row: Row): NumSpec {
  const r = row as Row & { min: number; max: number; digits: number; log?: boolean };
  return {
    key: r.key,
    integer: r.type !== 'number',
    min: r.min,
    max: r.max,
    digits: r.digits,
    log: r.log ?? false,
    label: r.label,
    type: r.type as NumSpec['type'],
  };
}

const isNumeric = (r: Row) => r.type === 'integer' || r.type === 'number';

/** Numeric top-level fields (config path → spec), from the table. */
export const NUM_SPECS = Object.fromEntries(
  CONFIG_PARAMS.filter((r) => isNumeric(r) && !r.path.includes('.') && r.key !== 'v').map((r) => [
    r.path,
    specOf(r),
  ]),
) as Readonly<Record<Exclude<TopNumericPath, 'v'>, NumSpec>>;

/** Numeric fields of `data` (field → spec), from the table. */
export const DATA_NUM_SPECS = Object.fromEntries(
  CONFIG_PARAMS.filter((r) => isNumeric(r) && r.path.startsWith('data.')).map((r) => [
    r.path.slice(5),
    specOf(r),
  ]),
) as Readonly<Record<DataField<DataNumericPath>, NumSpec>>;

/** Hidden width range (each entry of `m`). */
export const WIDTH_SPEC: NumSpec = specOf(configParam('m'));

/**
 * The landing configuration: every scalar row's default at its path, the widths at the default
 * width (L − 1 of them). Nothing here names a parameter: a new row brings its default along.
 */
export const DEFAULT_CONFIG: Readonly<GnConfig> = Object.freeze(defaultsFromTable());

function defaultsFromTable(): GnConfig {
  const c = { data: {} } as GnConfig;
  for (const row of CONFIG_PARAMS) {
    if (row.type === 'widths' || row.type === 'text' || row.key === 'v') continue;
    setPath(c, row.path, row.default);
  }
  c.m = Array.from({ length: c.L - 1 }, () => DEFAULT_WIDTH);
  return c;
}

export function cloneConfig(c: Readonly<GnConfig>): GnConfig {
  return { ...c, m: [...c.m], data: { ...c.data } };
}

/** A copy of the defaults that the caller may mutate. */
export function defaultConfig(): GnConfig {
  return cloneConfig(DEFAULT_CONFIG);
}

/** The value at a config path (`L`, `data.n`). */
export function getPath(c: GnConfig, path: string): unknown {
  if (path.startsWith('data.'))
    return (c.data as unknown as Record<string, unknown>)[path.slice(5)];
  return (c as unknown as Record<string, unknown>)[path];
}

/** Sets the value at a config path (`L`, `data.n`) in place. */
export function setPath(c: GnConfig, path: string, value: unknown): void {
  if (path.startsWith('data.'))
    (c.data as unknown as Record<string, unknown>)[path.slice(5)] = value;
  else (c as unknown as Record<string, unknown>)[path] = value;
}

/**
 * Rows of the table that are one scalar field of the configuration (not the link version, the
 * widths list or the imported-matrix note).
 */
export const SCALAR_ROWS: readonly Row[] = CONFIG_PARAMS.filter(
  (r) => r.type !== 'widths' && r.type !== 'text' && r.key !== 'v',
);
