/**
 * The parameter table's row type and the generic readers every spelling derives from
 * (docs/architecture.md, "Parameters"): one row describes a parameter once (URL key, where it
 * lives, type, range, digits, default, label, tooltip, whether it can be swept, the control it
 * drives), and these functions turn a row into strict JSON validation, the lenient link decoder
 * (clamp, notice, never throw), the encoder, and the one clamp the store and the forms use.
 * Pure: no DOM, no store.
 */
import { clipText } from './text';

export type ParamType = 'integer' | 'number' | 'boolean' | 'enum' | 'widths' | 'text';

/** Which part of the page a parameter belongs to (the README table's sections follow it). */
export type ParamGroup =
  'format' | 'network' | 'data' | 'numerics' | 'sweep' | 'training' | 'classroom';

/** How a parameter is swept (only rows that can be). */
export interface SweepRowSpec {
  /** the axis' name in the sweep select */
  label: string;
  /** what the x axis says */
  symbol: string;
  /** whether the user may choose between a linear and a log axis */
  logChoice: boolean;
  defaults: { from: number; to: number; points: number; logX: boolean };
}

export interface ParamRow {
  /** the URL key */
  key: string;
  /** where the value lives: a config path (`L`, `data.n`) or a view path (`sweep.from`) */
  path: string;
  group: ParamGroup;
  type: ParamType;
  /** range of a number (each entry of a width list) */
  min?: number;
  max?: number;
  /** significant digits a link keeps (numbers) */
  digits?: number;
  /** whether a slider for it is log-scaled */
  log?: boolean;
  /** the allowed values of an enum */
  values?: readonly string[];
  /** the landing value (null: none) */
  default: number | boolean | string | null;
  /** the control's label and the name notices use */
  label: string;
  /** what it means, for the README's URL table */
  meaning: string;
  /** the README's range column where the row's numbers do not say it */
  rangeText?: string;
  /** the README's default column where the default value does not say it */
  defaultText?: string;
  /** what the control does to the network, in a sentence (its tooltip) */
  tip?: string;
  /** the element id of the control it drives, if any */
  control?: string;
  /** the symbol the control's number box is named by ("L value") */
  short?: string;
  /** the slider's end and step, when narrower than the range (the box takes the whole range) */
  slider?: { max?: number; step?: number };
  /** what an enum's select shows for each value */
  choices?: Readonly<Record<string, string>>;
  /** how it is swept, if it can be */
  sweep?: SweepRowSpec;
}

/** A numeric row, the shape the clamp and the readers need. */
export interface NumericRow {
  key: string;
  label: string;
  type: 'integer' | 'number' | 'widths' | ParamType;
  min?: number;
  max?: number;
  digits?: number;
}

/** Rounds to `digits` significant digits (what the URL can carry). */
export function roundDigits(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(digits));
}

function isInteger(row: NumericRow): boolean {
  return row.type === 'integer' || row.type === 'widths';
}

function bounds(row: NumericRow): { min: number; max: number } {
  return { min: row.min ?? -Infinity, max: row.max ?? Infinity };
}

/**
 * The one clamp: into the row's range, rounded as the URL carries it (integers, or the row's
 * significant digits); a non-finite `x` gives `fallback`. Store edits, forms and sweeps use it,
 * so a value round-trips through a link exactly.
 */
export function clampToRow(row: NumericRow, x: number, fallback: number): number {
  if (!Number.isFinite(x)) return fallback;
  const { min, max } = bounds(row);
  const clamped = Math.min(max, Math.max(min, x));
  return isInteger(row) ? Math.round(clamped) : roundDigits(clamped, row.digits ?? 17);
}

/** How a number is written into a link. */
export function formatRowNumber(row: NumericRow, x: number): string {
  return String(isInteger(row) ? Math.round(x) : roundDigits(x, row.digits ?? 17));
}

/** "an integer in [1, 64]" / "a number in [0, 1]". */
export function rangePhrase(row: NumericRow): string {
  const { min, max } = bounds(row);
  return `${isInteger(row) ? 'an integer' : 'a number'} in [${min}, ${max}]`;
}

// ---------------------------------------------------------------------------------------------
// The one notice wording for a link's bad values: "<label> (<key>=<value>) <problem>; <action>".

function said(row: { key: string; label: string }, raw: string): string {
  return `${row.label} (${row.key}=${clipText(raw)})`;
}

export const notice = {
  notNumber: (row: { key: string; label: string }, raw: string, using: unknown) =>
    `${said(row, raw)} is not a number; using ${using}`,
  outside: (row: NumericRow, raw: string, clamped: number) => {
    const { min, max } = bounds(row);
    return `${said(row, raw)} is outside [${min}, ${max}]; clamped to ${clamped}`;
  },
  notInteger: (row: { key: string; label: string }, raw: string, rounded: number) =>
    `${said(row, raw)} must be an integer; rounded to ${rounded}`,
  notOneOf: (
    row: { key: string; label: string },
    raw: string,
    values: readonly string[],
    using: string,
  ) => `${said(row, raw)} is not one of ${values.join(', ')}; using ${using}`,
  notBoolean: (row: { key: string; label: string }, raw: string, using: boolean) =>
    `${said(row, raw)} must be 0 or 1; using ${using ? 1 : 0}`,
  ignored: (row: { key: string; label: string }, raw: string, why: string) =>
    `${said(row, raw)} ${why}; ignored`,
};

/**
 * Reads a number from a link leniently: never throws; not a number → `current`; outside the
 * range → clamped; a fraction for an integer → rounded; each with a notice.
 */
export function readLenientNumber(
  row: NumericRow,
  raw: string | undefined,
  current: number,
  notices: string[],
  currentText: string = String(current),
): number {
  if (raw === undefined) return current;
  const x = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(x)) {
    notices.push(notice.notNumber(row, raw, currentText));
    return current;
  }
  const { min, max } = bounds(row);
  const rounded = isInteger(row) ? Math.round(x) : x;
  if (rounded < min || rounded > max || x < min || x > max) {
    const clamped = clampToRow(row, x, current);
    notices.push(notice.outside(row, raw, clamped));
    return clamped;
  }
  if (rounded !== x) notices.push(notice.notInteger(row, raw, rounded));
  return isInteger(row) ? rounded : x;
}

/** Reads an enum value from a link leniently (unknown → `current`, with a notice). */
export function readLenientEnum<T extends string>(
  row: { key: string; label: string; values?: readonly string[] },
  raw: string | undefined,
  current: T,
  notices: string[],
): T {
  if (raw === undefined) return current;
  const values = row.values ?? [];
  if (values.includes(raw)) return raw as T;
  notices.push(notice.notOneOf(row, raw, values, current));
  return current;
}

/** Reads 0/1 (or true/false) from a link leniently. */
export function readLenientBoolean(
  row: { key: string; label: string },
  raw: string | undefined,
  current: boolean,
  notices: string[],
): boolean {
  if (raw === undefined) return current;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  notices.push(notice.notBoolean(row, raw, current));
  return current;
}

/**
 * A value as a strict reader shows it in an error: JSON-quoted strings, at most 60 characters.
 * Control characters are escaped by JSON (or replaced by clipText for non-JSON values).
 */
export function showValue(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return clipText(s ?? String(v), 60);
  } catch {
    return clipText(String(v), 60);
  }
}

/** A strict reader's failure: the field (JSON path) and the message naming the bad value. */
export class ParamError extends Error {
  constructor(
    public readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads a JSON number strictly: finite, in range, an integer where the row says so. */
export function strictNumber(field: string, v: unknown, row: NumericRow): number {
  const { min, max } = bounds(row);
  if (
    typeof v !== 'number' ||
    !Number.isFinite(v) ||
    (isInteger(row) && !Number.isInteger(v)) ||
    v < min ||
    v > max
  ) {
    throw new ParamError(field, `${field} must be ${rangePhrase(row)}; got ${showValue(v)}`);
  }
  return v;
}

/** Reads a JSON enum value strictly. */
export function strictEnum<T extends string>(field: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ParamError(
      field,
      `${field} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}; got ${showValue(v)}`,
    );
  }
  return v as T;
}

/** Reads a JSON boolean strictly. */
export function strictBoolean(field: string, v: unknown): boolean {
  if (typeof v !== 'boolean')
    throw new ParamError(field, `${field} must be true or false; got ${showValue(v)}`);
  return v;
}

/** A parameter's README range column: its text, or the numbers of the row. */
export function rowRangeText(row: ParamRow): string {
  if (row.rangeText !== undefined) return row.rangeText;
  if (row.type === 'boolean') return '0/1';
  if (row.type === 'enum' || row.type === 'text') return '';
  const fmt = (x: number) =>
    Math.abs(x) >= 1e6 || (x !== 0 && Math.abs(x) < 1e-3)
      ? x.toExponential().replace('e+', 'e')
      : String(x);
  const each = row.type === 'widths' ? ' each' : '';
  return `${fmt(row.min ?? 0)}–${fmt(row.max ?? 0)}${each}`;
}

/** A parameter's README default column. */
export function rowDefaultText(row: ParamRow): string {
  if (row.defaultText !== undefined) return row.defaultText;
  if (row.default === null) return 'none';
  if (typeof row.default === 'boolean') return row.default ? '1' : '0';
  if (typeof row.default === 'string') return `\`${row.default}\``;
  return String(row.default);
}
