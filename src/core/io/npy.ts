/**
 * NumPy's .npy format (numpy.lib.format, versions 1.0, 2.0 and 3.0): the magic `\x93NUMPY`, two
 * version bytes, the header length (uint16 LE in 1.0, uint32 LE after), an ASCII Python dict
 * `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }` and the raw data. The dict is
 * read by a small strict parser (never evaluated); object arrays (pickles), structured, string,
 * complex and date types are refused; the data size is checked before anything is allocated.
 * Pure.
 */
import { decodeElements, ELEMENT_SIZE, type ElementKind } from './dtypes';
import {
  baseName,
  countElements,
  fail,
  guard,
  makeContext,
  type ReadContext,
  type ReadOptions,
  type Tensor,
  type TensorFile,
  type TensorRef,
} from './tensor';
import type { ImportResult } from '../importing';

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Longest header read; numpy itself refuses headers over 10,000 bytes by default. */
export const MAX_NPY_HEADER_BYTES = 65536;

export interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  /** Byte offset of the data. */
  dataOffset: number;
}

export function hasNpyMagic(bytes: Uint8Array): boolean {
  return NPY_MAGIC.every((b, i) => bytes[i] === b);
}

/** Element type and byte order of an npy `descr` such as `<f8`, `>i2`, `|u1`. */
function parseDescr(ctx: ReadContext, descr: string, ref: TensorRef) {
  const m = /^([<>|=])([a-zA-Z])(\d+)$/.exec(descr);
  const kindLetter = m ? m[2]! : descr.replace(/^[<>|=]/, '').charAt(0);
  if (kindLetter === 'O')
    fail(
      ctx,
      'is an object array: its contents are pickled Python objects, which gnlens never unpickles; save numeric arrays (e.g. float64)',
      ref,
    );
  if (!m) fail(ctx, `has the dtype "${descr}", which gnlens does not read`, ref);
  const [, order, letter, digits] = m;
  const size = Number(digits);
  const kinds: Record<string, Partial<Record<number, ElementKind>>> = {
    f: { 8: 'f64', 4: 'f32', 2: 'f16' },
    i: { 8: 'i64', 4: 'i32', 2: 'i16', 1: 'i8' },
    u: { 8: 'u64', 4: 'u32', 2: 'u16', 1: 'u8' },
    b: { 1: 'bool' },
  };
  const kind = kinds[letter!]?.[size];
  if (kind === undefined) {
    const what: Record<string, string> = {
      c: 'complex numbers',
      V: 'a structured or void type',
      S: 'byte strings',
      a: 'byte strings',
      U: 'unicode strings',
      M: 'dates',
      m: 'time spans',
      f: 'a float size gnlens does not read',
    };
    fail(
      ctx,
      `has the dtype "${descr}" (${what[letter!] ?? 'an unsupported type'}); gnlens reads float64/32/16, (u)int64/32/16/8 and bool`,
      ref,
    );
  }
  // One-byte types carry no byte order ('|'); for wider ones the file must say which ('<' or
  // '>'), '=' (this machine's order) would depend on the writer.
  if (size > 1 && order !== '<' && order !== '>')
    fail(ctx, `has the dtype "${descr}" without a byte order ('<' or '>')`, ref);
  return { kind, littleEndian: order !== '>' };
}

/** A tiny tokenizer for the header dict: strings, True/False, integers, ( ) [ ] { } : , */
function parseHeaderDict(ctx: ReadContext, text: string, ref: TensorRef) {
  let i = 0;
  const bad = (why: string): never =>
    fail(ctx, `has a malformed header (${why} at character ${i + 1})`, ref);
  const skip = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n')) i++;
  };
  const expect = (c: string) => {
    skip();
    if (text[i] !== c) bad(`expected "${c}"`);
    i++;
  };
  const str = (): string => {
    skip();
    const q = text[i];
    if (q !== "'" && q !== '"') bad('expected a quoted string');
    const end = text.indexOf(q!, i + 1);
    if (end < 0) bad('unterminated string');
    const s = text.slice(i + 1, end);
    if (s.includes('\\')) bad('escape sequences are not accepted');
    i = end + 1;
    return s;
  };
  const int = (): number => {
    skip();
    const m = /^\d{1,16}/.exec(text.slice(i, i + 17));
    if (!m || /\d/.test(text.charAt(i + m[0].length))) bad('expected a dimension');
    i += m![0].length;
    const v = Number(m![0]);
    if (!Number.isSafeInteger(v)) bad('dimension too large');
    // Python also accepts a trailing L in old files (Python 2 longs).
    if (text[i] === 'L') i++;
    return v;
  };
  const value = (key: string): string | boolean | number[] => {
    skip();
    const c = text[i];
    if (c === "'" || c === '"') return str();
    if (text.startsWith('True', i)) return ((i += 4), true);
    if (text.startsWith('False', i)) return ((i += 5), false);
    if (c === '(') {
      i++;
      const dims: number[] = [];
      skip();
      while (text[i] !== ')') {
        dims.push(int());
        skip();
        if (text[i] === ',') i++;
        else if (text[i] !== ')') bad('expected "," or ")"');
        skip();
      }
      i++;
      return dims;
    }
    if (c === '[' && key === 'descr')
      fail(ctx, 'has a structured dtype (a list of named fields); save plain numeric arrays', ref);
    return bad(`unexpected value for "${key}"`);
  };
  const entries = new Map<string, string | boolean | number[]>();
  expect('{');
  skip();
  while (text[i] !== '}') {
    const key = str();
    if (key !== 'descr' && key !== 'fortran_order' && key !== 'shape') bad(`unknown key "${key}"`);
    if (entries.has(key)) bad(`repeated key "${key}"`);
    expect(':');
    entries.set(key, value(key));
    skip();
    if (text[i] === ',') i++;
    else if (text[i] !== '}') bad('expected "," or "}"');
    skip();
  }
  i++;
  skip();
  if (i !== text.length) bad('text after the dict');
  const descr = entries.get('descr');
  const fortran = entries.get('fortran_order');
  const shape = entries.get('shape');
  if (typeof descr !== 'string') return bad('"descr" must be a string');
  if (typeof fortran !== 'boolean') return bad('"fortran_order" must be True or False');
  if (!Array.isArray(shape)) return bad('"shape" must be a tuple');
  return { descr, fortranOrder: fortran, shape };
}

/** The header of an .npy file in `bytes`; refuses before reading any data. */
export function readNpyHeader(ctx: ReadContext, bytes: Uint8Array, ref: TensorRef): NpyHeader {
  if (bytes.length < 10 || !hasNpyMagic(bytes))
    fail(ctx, 'is not a .npy file (it does not start with \\x93NUMPY)', ref);
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (minor !== 0 || major < 1 || major > 3)
    fail(ctx, `has .npy version ${major}.${minor}; gnlens reads 1.0, 2.0 and 3.0`, ref);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  if (major > 1 && bytes.length < 12) fail(ctx, 'ends inside its .npy header', ref);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (headerLength > MAX_NPY_HEADER_BYTES)
    fail(
      ctx,
      `declares a header of ${headerLength} bytes; gnlens reads at most ${MAX_NPY_HEADER_BYTES}`,
      ref,
    );
  if (start + headerLength > bytes.length)
    fail(
      ctx,
      `declares a header of ${headerLength} bytes but the file ends after ${bytes.length - start}`,
      ref,
    );
  let text = '';
  for (let i = start; i < start + headerLength; i++) {
    const b = bytes[i]!;
    if ((b < 0x20 || b > 0x7e) && b !== 0x0a && b !== 0x09)
      fail(ctx, `has a header byte 0x${b.toString(16)} that is not printable ASCII`, ref);
    text += String.fromCharCode(b);
  }
  return { ...parseHeaderDict(ctx, text, ref), dataOffset: start + headerLength };
}

/** One .npy file as a tensor named `tensor`; the data must be exactly what the header says. */
export function readNpy(ctx: ReadContext, bytes: Uint8Array, tensor: string): Tensor {
  const header = readNpyHeader(ctx, bytes, { tensor });
  const ref: TensorRef = { tensor, shape: header.shape, dtype: header.descr };
  const { kind, littleEndian } = parseDescr(ctx, header.descr, ref);
  const count = countElements(ctx, header.shape, ref);
  const need = count * ELEMENT_SIZE[kind];
  const have = bytes.length - header.dataOffset;
  if (have !== need)
    fail(ctx, `the header implies ${need} bytes of data but the file has ${have}`, ref);
  const data = decodeElements(
    ctx,
    bytes,
    {
      kind,
      littleEndian,
      offset: header.dataOffset,
      shape: header.shape,
      fortran: header.fortranOrder,
    },
    count,
    ref,
  );
  return { name: tensor, shape: header.shape, dtype: header.descr, data };
}

/** A whole .npy file: one tensor, named after the file (`W1.npy` → `W1`). Never throws. */
export function parseNpy(
  bytes: Uint8Array,
  name: string,
  opts: ReadOptions = {},
): ImportResult<TensorFile> {
  const ctx = makeContext(name, opts);
  return guard(ctx, () => ({
    format: 'npy',
    tensors: [readNpy(ctx, bytes, baseName(name, '.npy'))],
  }));
}
