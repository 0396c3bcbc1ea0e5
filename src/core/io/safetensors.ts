/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length N, N
 * bytes of UTF-8 JSON `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {…}}`,
 * then the byte buffer the offsets point into (little-endian, row-major). Every entry is checked
 * (dtype known, shape of non-negative integers, offsets inside the buffer, end − begin =
 * prod(shape) × itemsize, no two tensors overlapping, the element budget) before any tensor is
 * allocated. Pure.
 */
import { decodeElements, ELEMENT_SIZE, type ElementKind } from './dtypes';
import {
  countElements,
  decodeUtf8,
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

/** Longest JSON header read (the reference implementation's limit is 100 MB too). */
export const MAX_SAFETENSORS_HEADER_BYTES = 100_000_000;

const DTYPES: Readonly<Record<string, ElementKind>> = {
  F64: 'f64',
  F32: 'f32',
  F16: 'f16',
  BF16: 'bf16',
  I64: 'i64',
  I32: 'i32',
  I16: 'i16',
  I8: 'i8',
  U64: 'u64',
  U32: 'u32',
  U16: 'u16',
  U8: 'u8',
  BOOL: 'bool',
};

/** Could this be a safetensors file: a header length that fits, then JSON starting with `{`? */
export function looksLikeSafetensors(bytes: Uint8Array): boolean {
  return bytes.length >= 10 && bytes[8] === 0x7b && bytes[6] === 0 && bytes[7] === 0;
}

interface Entry {
  name: string;
  kind: ElementKind;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
  count: number;
}

function checkEntry(ctx: ReadContext, name: string, info: unknown, bufferLength: number): Entry {
  const ref: TensorRef = { tensor: name };
  if (typeof info !== 'object' || info === null || Array.isArray(info))
    fail(ctx, 'has a header entry that is not an object', ref);
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  if (typeof dtype !== 'string') fail(ctx, 'has no dtype string in the header', ref);
  ref.dtype = dtype;
  if (
    !Array.isArray(shape) ||
    shape.length > 64 ||
    !shape.every((s): s is number => Number.isSafeInteger(s) && (s as number) >= 0)
  )
    fail(ctx, 'has a shape that is not a list of non-negative integers', ref);
  ref.shape = shape;
  const kind = DTYPES[dtype];
  if (kind === undefined)
    fail(
      ctx,
      `has the dtype ${dtype}, which gnlens does not read (F64, F32, F16, BF16, I64…I8, U64…U8, BOOL)`,
      ref,
    );
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o): o is number => Number.isSafeInteger(o) && (o as number) >= 0)
  )
    fail(ctx, 'has data_offsets that are not two non-negative integers', ref);
  const [begin, end] = offsets as [number, number];
  if (begin > end) fail(ctx, `has data_offsets [${begin}, ${end}] with begin after end`, ref);
  if (end > bufferLength)
    fail(
      ctx,
      `has data_offsets [${begin}, ${end}] beyond the ${bufferLength}-byte data buffer`,
      ref,
    );
  const count = countElements(ctx, shape, ref);
  ctx.used += count; // reserved: the next entries count against what is left
  const need = count * ELEMENT_SIZE[kind];
  if (end - begin !== need)
    fail(
      ctx,
      `has data_offsets [${begin}, ${end}] (${end - begin} bytes) but its shape and dtype need ${need} bytes`,
      ref,
    );
  return { name, kind, dtype, shape, begin, end, count };
}

/** All tensors of a safetensors file, in the file's data order. */
export function readSafetensors(ctx: ReadContext, bytes: Uint8Array): Tensor[] {
  if (bytes.length < 8) fail(ctx, 'is too short for a safetensors file (no 8-byte header length)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const lo = view.getUint32(0, true);
  const hi = view.getUint32(4, true);
  const headerLength = hi * 2 ** 32 + lo;
  if (headerLength > MAX_SAFETENSORS_HEADER_BYTES)
    fail(
      ctx,
      `declares a safetensors header of ${headerLength} bytes; gnlens reads at most ${MAX_SAFETENSORS_HEADER_BYTES}`,
    );
  if (8 + headerLength > bytes.length)
    fail(
      ctx,
      `declares a safetensors header of ${headerLength} bytes but the file has only ${bytes.length - 8} after the length`,
    );
  const text = decodeUtf8(bytes.subarray(8, 8 + headerLength));
  if (text === null) fail(ctx, 'has a safetensors header that is not valid UTF-8');
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(ctx, `has a safetensors header that is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    fail(ctx, 'has a safetensors header that is not a JSON object');
  const bufferStart = 8 + headerLength;
  const bufferLength = bytes.length - bufferStart;
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    entries.push(checkEntry(ctx, name, info, bufferLength));
  }
  // No two tensors may share bytes (the format forbids it; shared bytes would also let a small
  // file claim many copies of the same data).
  const filled = entries.filter((e) => e.end > e.begin).sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < filled.length; i++) {
    const prev = filled[i - 1]!;
    const cur = filled[i]!;
    if (cur.begin < prev.end)
      fail(
        ctx,
        `has data_offsets [${cur.begin}, ${cur.end}] overlapping those of "${prev.name}" [${prev.begin}, ${prev.end}]`,
        { tensor: cur.name, shape: cur.shape, dtype: cur.dtype },
      );
  }
  // Every check passed: only now is any tensor allocated (the budget was counted per entry).
  ctx.used = 0;
  entries.sort((a, b) => a.begin - b.begin);
  return entries.map((e) => ({
    name: e.name,
    shape: e.shape,
    dtype: e.dtype,
    data: decodeElements(
      ctx,
      bytes,
      {
        kind: e.kind,
        littleEndian: true,
        offset: bufferStart + e.begin,
        shape: e.shape,
        fortran: false,
      },
      e.count,
      { tensor: e.name, shape: e.shape, dtype: e.dtype },
    ),
  }));
}

/** A whole safetensors file. Never throws. */
export function parseSafetensors(
  bytes: Uint8Array,
  name: string,
  opts: ReadOptions = {},
): ImportResult<TensorFile> {
  const ctx = makeContext(name, opts);
  return guard(ctx, () => ({ format: 'safetensors', tensors: readSafetensors(ctx, bytes) }));
}
