/**
 * NumPy's .npz format: a zip archive of .npy files (np.savez stores them, np.savez_compressed
 * deflates them). The central directory is read first (APPNOTE 6.3.10 §4.3.12–4.3.16, with the
 * zip64 records numpy writes), and the whole archive is refused before anything is inflated
 * when an entry is encrypted, uses a method other than stored/deflate, is not a `.npy`, or the
 * declared sizes exceed the limit. Inflation is bounded by the declared size: the output goes
 * into a buffer of exactly that size, a stream that would write more is stopped at once (a zip
 * bomb costs at most one input chunk of work beyond it), and the CRC-32 must match. Pure.
 */
import { Inflate } from 'fflate';
import { readNpy } from './npy';
import {
  decodeLatin1,
  decodeUtf8,
  fail,
  guard,
  makeContext,
  type ReadContext,
  type ReadOptions,
  type TensorFile,
  type TensorRef,
  type Tensor,
} from './tensor';
import type { ImportResult } from '../importing';
import { clipText } from '../text';

/** One entry of the central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;

/** The pickle-based PyTorch formats, and how to save what gnlens reads instead. */
export const PICKLE_ADVICE =
  'gnlens never unpickles files (a pickle can run any code). Save the state_dict as safetensors ' +
  'or npz instead, e.g. in Python: `from safetensors.torch import save_file; ' +
  'save_file(model.state_dict(), "model.safetensors")` or `import numpy as np; ' +
  'np.savez("model.npz", **{k: v.numpy() for k, v in model.state_dict().items()})`';

export function hasZipMagic(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

function u64(ctx: ReadContext, view: DataView, at: number, what: string): number {
  const lo = view.getUint32(at, true);
  const hi = view.getUint32(at + 4, true);
  // Sizes beyond 2⁵³ cannot be a real file; they exceed every limit.
  if (hi >= 0x200000) fail(ctx, `declares a zip64 ${what} beyond 2^53 bytes`);
  return hi * 2 ** 32 + lo;
}

/** The central directory: its entries and where it starts (entry data lies before it). */
export interface ZipDirectory {
  entries: ZipEntry[];
  offset: number;
}

/** The central directory's entries; nothing is inflated. */
export function readZipDirectory(ctx: ReadContext, bytes: Uint8Array): ZipDirectory {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  // The end record is the last 22 bytes plus a comment of up to 65535 bytes whose length it
  // states; the last candidate whose comment reaches exactly to the end of the file is it.
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
    if (
      view.getUint32(at, true) === EOCD &&
      at + 22 + view.getUint16(at + 20, true) === bytes.length
    ) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) fail(ctx, 'is not a complete zip archive (no end of central directory record)');
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0)
    fail(ctx, 'is a multi-part zip archive, which gnlens does not read');
  let count = view.getUint16(eocd + 10, true);
  let size = view.getUint32(eocd + 12, true);
  let offset = view.getUint32(eocd + 16, true);
  let end = eocd;
  if (count === 0xffff || size === U32_MAX || offset === U32_MAX) {
    const loc = eocd - 20;
    if (loc < 0 || view.getUint32(loc, true) !== ZIP64_LOCATOR)
      fail(ctx, 'has a zip64 end record without its locator');
    const at = u64(ctx, view, loc + 8, 'directory offset');
    if (at + 56 > loc || view.getUint32(at, true) !== ZIP64_EOCD)
      fail(ctx, 'has a zip64 locator that points outside the archive');
    count = u64(ctx, view, at + 32, 'entry count');
    size = u64(ctx, view, at + 40, 'directory size');
    offset = u64(ctx, view, at + 48, 'directory offset');
    end = at;
  }
  if (offset + size > end)
    fail(ctx, `has a central directory (${size} bytes at ${offset}) beyond the archive`);
  // Each central entry takes at least 46 bytes: a count the directory cannot hold is a lie.
  if (count * 46 > size) fail(ctx, `declares ${count} entries in a ${size}-byte directory`);
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let e = 0; e < count; e++) {
    if (at + 46 > offset + size || view.getUint32(at, true) !== CENTRAL)
      fail(ctx, `has a damaged central directory (entry ${e + 1})`);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc32 = view.getUint32(at + 16, true);
    let compressedSize = view.getUint32(at + 20, true);
    let uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let localHeaderOffset = view.getUint32(at + 42, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > offset + size) fail(ctx, `has a damaged central directory (entry ${e + 1})`);
    const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
    const name = (flags & 0x800 ? decodeUtf8(rawName) : null) ?? decodeLatin1(rawName);
    // zip64 extended information (APPNOTE §4.5.3): 8-byte values, only for the fields that
    // are 0xFFFFFFFF, in the order uncompressed, compressed, local header offset.
    if (
      uncompressedSize === U32_MAX ||
      compressedSize === U32_MAX ||
      localHeaderOffset === U32_MAX
    ) {
      let x = at + 46 + nameLength;
      const xEnd = x + extraLength;
      let found = false;
      while (x + 4 <= xEnd) {
        const id = view.getUint16(x, true);
        const len = view.getUint16(x + 2, true);
        if (x + 4 + len > xEnd) break;
        if (id === 1) {
          let p = x + 4;
          const take = (what: string) => {
            if (p + 8 > x + 4 + len)
              fail(ctx, `has a short zip64 field for "${clipText(name, 60)}"`);
            const v = u64(ctx, view, p, what);
            p += 8;
            return v;
          };
          if (uncompressedSize === U32_MAX) uncompressedSize = take('size');
          if (compressedSize === U32_MAX) compressedSize = take('compressed size');
          if (localHeaderOffset === U32_MAX) localHeaderOffset = take('offset');
          found = true;
          break;
        }
        x += 4 + len;
      }
      if (!found) fail(ctx, `lacks the zip64 sizes of "${clipText(name, 60)}"`);
    }
    entries.push({
      name,
      method,
      flags,
      crc32,
      compressedSize,
      uncompressedSize,
      localHeaderOffset,
    });
    at = next;
  }
  return { entries, offset };
}

/** Is this zip a PyTorch checkpoint (torch.save's zip format holds `<archive>/data.pkl`)? */
export function isTorchZip(entries: readonly ZipEntry[]): boolean {
  return entries.some((e) => /(^|\/)data\.pkl$/.test(e.name) || e.name.endsWith('.pkl'));
}

/** Every refusal that needs only the directory, before any byte is inflated. */
function checkEntries(ctx: ReadContext, entries: readonly ZipEntry[], dataEnd: number): void {
  if (isTorchZip(entries))
    fail(ctx, `is a PyTorch checkpoint (a zip holding a pickle, data.pkl). ${PICKLE_ADVICE}`);
  const seen = new Set<string>();
  let total = 0;
  for (const e of entries) {
    const ref: TensorRef = { tensor: e.name };
    if (!e.name.endsWith('.npy'))
      fail(ctx, 'is not a .npy entry; an .npz archive holds only .npy files', ref);
    if (seen.has(e.name)) fail(ctx, 'appears twice in the archive', ref);
    seen.add(e.name);
    if (e.flags & 0x41) fail(ctx, 'is encrypted; gnlens reads unencrypted archives only', ref);
    if (e.method !== 0 && e.method !== 8)
      fail(
        ctx,
        `uses zip compression method ${e.method}; gnlens reads stored (0) and deflated (8) entries`,
        ref,
      );
    if (e.method === 0 && e.compressedSize !== e.uncompressedSize)
      fail(
        ctx,
        `is stored but declares ${e.compressedSize} bytes stored, ${e.uncompressedSize} bytes long`,
        ref,
      );
    total += e.uncompressedSize;
    if (total > ctx.maxBytes)
      fail(
        ctx,
        `declares ${e.uncompressedSize} bytes (${total} in all so far), beyond the limit of ${ctx.maxBytes} bytes`,
        ref,
      );
    if (e.localHeaderOffset + 30 > dataEnd)
      fail(ctx, 'has its local header outside the archive', ref);
  }
}

/** Where an entry's stored bytes are, from its local header (whose sizes may be zip64 0xFF…). */
function entryData(ctx: ReadContext, bytes: Uint8Array, e: ZipEntry, dataEnd: number) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const at = e.localHeaderOffset;
  const ref: TensorRef = { tensor: e.name };
  if (view.getUint32(at, true) !== LOCAL) fail(ctx, 'has a damaged local header', ref);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + e.compressedSize > dataEnd)
    fail(
      ctx,
      `declares ${e.compressedSize} compressed bytes, which run past the end of the data`,
      ref,
    );
  return bytes.subarray(start, start + e.compressedSize);
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (ISO-HDLC, the zip checksum; polynomial 0xEDB88320 reflected). */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Deflated input is fed to the inflater in chunks, and the output is checked after each: one
 * chunk of c bytes inflates to at most 1032·c bytes (deflate's largest ratio: a 258-byte match
 * per 2 bits), so a stream that lies about its size is stopped within 1032·c bytes of work.
 * The chunk is a sixteenth of what is still expected, between 4 kB (a bomb declaring a few
 * bytes is stopped within 4 MB) and 64 kB (honest entries inflate at full speed; smaller chunks
 * cost fflate a window copy each). Measured on 2 shared cores, rounds interleaved: an 8 MB
 * float64 entry inflates in 0.15–0.29 s (inflateSync alone: 0.13–0.21 s); a bomb of 1 GB real
 * output declaring 160 bytes is refused in 2–5 ms (inflateSync into a 160-byte buffer: 4–6 s).
 */
const MIN_CHUNK = 4096;
const MAX_CHUNK = 65536;

/** Exactly `size` bytes inflated from `input`, or a refusal; never more than that is kept. */
function inflateExactly(ctx: ReadContext, input: Uint8Array, size: number, ref: TensorRef) {
  const out = new Uint8Array(size);
  let written = 0;
  let overflow = false;
  const stream = new Inflate((chunk: Uint8Array) => {
    if (written + chunk.length > size) {
      overflow = true;
      throw new RangeError('overflow');
    }
    out.set(chunk, written);
    written += chunk.length;
  });
  try {
    if (input.length === 0) stream.push(input, true);
    for (let at = 0; at < input.length;) {
      const chunk = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.ceil((size - written) / 16)));
      const end = Math.min(input.length, at + chunk);
      stream.push(input.subarray(at, end), end === input.length);
      at = end;
    }
  } catch (e) {
    if (overflow)
      fail(ctx, `inflates to more than the ${size} bytes it declares (refused, not inflated)`, ref);
    fail(ctx, `is not valid deflate data (${(e as Error).message})`, ref);
  }
  if (written !== size) fail(ctx, `inflates to ${written} bytes but declares ${size}`, ref);
  return out;
}

/** All tensors of an .npz archive, in the archive's order. */
export function readNpz(ctx: ReadContext, bytes: Uint8Array): Tensor[] {
  const directory = readZipDirectory(ctx, bytes);
  // Folder entries (written by some zip tools) hold nothing.
  const entries = directory.entries.filter(
    (e) => !(e.name.endsWith('/') && e.uncompressedSize === 0),
  );
  const dataEnd = directory.offset;
  checkEntries(ctx, entries, dataEnd);
  const tensors: Tensor[] = [];
  for (const e of entries) {
    const tensor = e.name.slice(0, -'.npy'.length);
    const ref: TensorRef = { tensor };
    const raw = entryData(ctx, bytes, e, dataEnd);
    const npy = e.method === 0 ? raw : inflateExactly(ctx, raw, e.uncompressedSize, ref);
    if (crc32(npy) !== e.crc32)
      fail(ctx, 'fails its CRC-32 check (the archive is damaged or was altered)', ref);
    tensors.push(readNpy(ctx, npy, tensor));
  }
  if (tensors.length === 0) fail(ctx, 'is an empty archive (no .npy entries)');
  return tensors;
}

/** A whole .npz file. Never throws. */
export function parseNpz(
  bytes: Uint8Array,
  name: string,
  opts: ReadOptions = {},
): ImportResult<TensorFile> {
  const ctx = makeContext(name, opts);
  return guard(ctx, () => ({ format: 'npz', tensors: readNpz(ctx, bytes) }));
}
