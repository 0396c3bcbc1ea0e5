/**
 * What the tensor-file readers share (issue "own network", item 3): the tensor type, the read
 * limits, the one error type the readers throw internally (and the front doors turn into an
 * {@link ImportResult}), exact decoders for the 16-bit floats, and a strict UTF-8 decoder (this
 * folder runs in workers, the CLI and tests with lib ES2022 only, so no TextDecoder). Pure.
 */
import type { ImportResult } from '../importing';
import { FILE_NAME_CHARS, clipText } from '../text';

/** One array of a file, converted to float64 in row-major (C) order. */
export interface Tensor {
  name: string;
  /** Dimensions, outermost first; `[]` for a scalar (one element). */
  shape: number[];
  /** The dtype as the file spells it (`<f4`, `>i8`, `F16`, `BF16`, …), for messages. */
  dtype: string;
  data: Float64Array;
}

export type TensorFormat = 'npy' | 'npz' | 'safetensors';

export interface TensorFile {
  format: TensorFormat;
  /** In the order the file stores them. */
  tensors: Tensor[];
}

export interface ReadOptions {
  /** Most numbers read from one file (all its tensors together); checked before allocating. */
  maxElements?: number;
  /** Most bytes a zip may inflate to (all entries); default 8·maxElements + 1 MiB of headers. */
  maxBytes?: number;
}

/** The default {@link ReadOptions.maxElements}: the configuration's cap on explicit numbers. */
export const DEFAULT_MAX_ELEMENTS = 4_000_000;

/** What a reader needs while it works: the file name, the limits, the elements used so far. */
export interface ReadContext {
  file: string;
  maxElements: number;
  maxBytes: number;
  /** Elements allocated so far for this file (every tensor counts against maxElements). */
  used: number;
  warnings: string[];
}

export function makeContext(name: string, opts: ReadOptions = {}): ReadContext {
  const maxElements = Math.max(0, Math.floor(opts.maxElements ?? DEFAULT_MAX_ELEMENTS));
  return {
    file: clipText(name || 'the file', FILE_NAME_CHARS),
    maxElements,
    maxBytes: Math.max(0, Math.floor(opts.maxBytes ?? 8 * maxElements + 1024 * 1024)),
    used: 0,
    warnings: [],
  };
}

/** The tensor an error is about (any part may be unknown yet). */
export interface TensorRef {
  tensor?: string;
  shape?: readonly number[];
  dtype?: string;
}

/** A refused file. Thrown inside this folder only; the exported readers return it as data. */
export class TensorFileError extends Error {
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message);
    this.name = 'TensorFileError';
    this.field = field;
  }
}

/** `3 × 4`, `scalar`, `0` (for an empty 1-D array `0`). */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join(' × ');
}

/** `file, tensor "w" (3 × 4, <f8)`: how every message starts. */
export function describeRef(file: string, ref: TensorRef = {}): string {
  if (ref.tensor === undefined) return file;
  const parts: string[] = [];
  if (ref.shape) parts.push(formatShape(ref.shape));
  if (ref.dtype !== undefined) parts.push(clipText(ref.dtype, 20));
  const what = parts.length > 0 ? ` (${parts.join(', ')})` : '';
  return `${file}, tensor "${clipText(ref.tensor, 60)}"${what}`;
}

export function fail(ctx: ReadContext, message: string, ref: TensorRef = {}): never {
  throw new TensorFileError(`${describeRef(ctx.file, ref)}: ${message}`, ref.tensor);
}

/**
 * The number of elements of `shape`, refused when beyond what is left of the file's budget.
 * Checked factor by factor, so a shape like (10⁹, 10⁹, 0) cannot overflow on the way.
 */
export function countElements(ctx: ReadContext, shape: readonly number[], ref: TensorRef): number {
  if (shape.includes(0)) return 0;
  const left = ctx.maxElements - ctx.used;
  let count = 1;
  for (const dim of shape) {
    count *= dim;
    if (count > left)
      fail(
        ctx,
        `${formatShape(shape)} elements exceed the limit of ${ctx.maxElements} numbers per file` +
          (ctx.used > 0 ? ` (${ctx.used} already read)` : ''),
        ref,
      );
  }
  return count;
}

/** Allocates a tensor's data after {@link countElements}; the only allocation of tensor data. */
export function allocate(ctx: ReadContext, count: number): Float64Array {
  ctx.used += count;
  return new Float64Array(count);
}

/** Runs a reader, turning its refusal into data; anything else is a bug, reported as such. */
export function guard<T>(ctx: ReadContext, read: () => T): ImportResult<T> {
  try {
    const value = read();
    return { ok: true, value, warnings: ctx.warnings };
  } catch (e) {
    if (e instanceof TensorFileError)
      return e.field === undefined
        ? { ok: false, error: e.message }
        : { ok: false, error: e.message, field: e.field };
    return { ok: false, error: `${ctx.file}: ${INTERNAL_ERROR} (${String(e)})` };
  }
}

/** Marks a failure that is a bug in gnlens, not in the file (the fuzz tests look for it). */
export const INTERNAL_ERROR = 'could not be read because of an internal error';

// ---- 16-bit floats ----

/**
 * IEEE 754 binary16 → float64, exactly: sign, 5 exponent bits (bias 15), 10 fraction bits;
 * exponent 0 is subnormal (f·2⁻²⁴), 31 is ±∞ or NaN. Every half is a float64, so nothing rounds.
 */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1024 + frac) * 2 ** (exp - 25);
}

const f32Scratch = new DataView(new ArrayBuffer(4));

/** bfloat16 → float64, exactly: the upper half of a float32 (lower 16 bits zero). */
export function bfloat16ToNumber(b: number): number {
  f32Scratch.setUint32(0, (b & 0xffff) << 16);
  return f32Scratch.getFloat32(0);
}

// ---- text ----

/**
 * Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF; null when
 * `bytes` is not valid UTF-8.
 */
export function decodeUtf8(bytes: Uint8Array): string | null {
  const out: string[] = [];
  let chunk: number[] = [];
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    let cp: number;
    let extra: number;
    if (b < 0x80) {
      cp = b;
      extra = 0;
    } else if (b >= 0xc2 && b < 0xe0) {
      cp = b & 0x1f;
      extra = 1;
    } else if (b >= 0xe0 && b < 0xf0) {
      cp = b & 0x0f;
      extra = 2;
    } else if (b >= 0xf0 && b < 0xf5) {
      cp = b & 0x07;
      extra = 3;
    } else return null;
    for (let j = 1; j <= extra; j++) {
      const c = bytes[i + j];
      if (c === undefined || (c & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (
      (extra === 2 && (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000))) ||
      (extra === 3 && (cp < 0x10000 || cp > 0x10ffff))
    )
      return null;
    chunk.push(cp);
    if (chunk.length >= 4096) {
      out.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
    i += extra + 1;
  }
  out.push(String.fromCodePoint(...chunk));
  return out.join('');
}

/** Bytes as Latin-1 text (zip names without the UTF-8 flag are CP437; ASCII agrees). */
export function decodeLatin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096)
    s += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 4096)));
  return s;
}

/** The file name without folders and without `ext`, as the name of a lone tensor. */
export function baseName(name: string, ext: string): string {
  const last = name.split(/[\\/]/).pop() ?? name;
  return last.toLowerCase().endsWith(ext) ? last.slice(0, last.length - ext.length) : last;
}
