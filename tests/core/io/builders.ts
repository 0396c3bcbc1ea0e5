/**
 * Writers of .npy, .safetensors and zip bytes for the reader tests: honest files from random
 * arrays (round-trip properties) and dishonest ones (lying headers, zip bombs). Each follows
 * its format's specification (numpy.lib.format; safetensors' README; APPNOTE 6.3.10 §4.3–4.5)
 * and is checked against real numpy-written files in fixtures.test.ts.
 */
import { deflateSync } from 'fflate';
import { crc32 } from '../../../src/core/io/npz';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** An .npy file with the given header dict text (padded as numpy does) and raw data. */
export function npyBytes(header: string, data: Uint8Array, version = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  let text = header;
  const total = prefix + text.length + 1;
  text += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = new Uint8Array(prefix);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(head.buffer);
  if (version === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  return concat(head, ascii(text), data);
}

/** Little-endian float64 bytes of `values`. */
export function f64Bytes(values: ArrayLike<number>): Uint8Array {
  return new Uint8Array(Float64Array.from(values).buffer);
}

export function f32Bytes(values: ArrayLike<number>): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

/** An .npy of float64 values in C order. */
export function npyF64(shape: number[], values: ArrayLike<number>): Uint8Array {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  return npyBytes(`{'descr': '<f8', 'fortran_order': False, 'shape': ${dims}, }`, f64Bytes(values));
}

/** A safetensors file: `header` is written as given (so it may lie), then `buffer`. */
export function safetensorsBytes(header: unknown, buffer: Uint8Array, length?: number): Uint8Array {
  const text = ascii(JSON.stringify(header));
  const head = new Uint8Array(8);
  new DataView(head.buffer).setBigUint64(0, BigInt(length ?? text.length), true);
  return concat(head, text, buffer);
}

/** An honest safetensors file of named F64/F32 tensors, in the given order. */
export function safetensorsOf(
  tensors: { name: string; shape: number[]; values: ArrayLike<number>; dtype: 'F64' | 'F32' }[],
): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  const blobs: Uint8Array[] = [];
  let at = 0;
  for (const t of tensors) {
    const raw = t.dtype === 'F64' ? f64Bytes(t.values) : f32Bytes(t.values);
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [at, at + raw.length] };
    blobs.push(raw);
    at += raw.length;
  }
  return safetensorsBytes(header, concat(...blobs));
}

export interface ZipEntrySpec {
  name: string;
  data: Uint8Array;
  /** 0 stored, 8 deflated (default), anything else is written as given. */
  method?: number;
  /** The bytes actually stored; default: `data`, deflated when method is 8. */
  stored?: Uint8Array;
  /** Declared uncompressed size (default: data.length); above 0xFFFFFFFF needs zip64. */
  declaredSize?: number;
  crc?: number;
  flags?: number;
  /** Write sizes as 0xFFFFFFFF with a zip64 extra field (as np.savez does). */
  zip64?: boolean;
}

/** A zip archive written entry by entry, local headers then the central directory. */
export function zipBytes(specs: ZipEntrySpec[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const s of specs) {
    const method = s.method ?? 8;
    const stored = s.stored ?? (method === 8 ? deflateSync(s.data) : s.data);
    const size = s.declaredSize ?? s.data.length;
    const crc = s.crc ?? crc32(s.data);
    const name = ascii(s.name);
    const zip64 = s.zip64 || size > 0xfffffffe || stored.length > 0xfffffffe;
    const extra = new Uint8Array(zip64 ? 20 : 0);
    if (zip64) {
      const x = new DataView(extra.buffer);
      x.setUint16(0, 1, true);
      x.setUint16(2, 16, true);
      x.setBigUint64(4, BigInt(size), true);
      x.setBigUint64(12, BigInt(stored.length), true);
    }
    const local = new Uint8Array(30 + name.length + extra.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 45, true);
    l.setUint16(6, s.flags ?? 0, true);
    l.setUint16(8, method, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, zip64 ? 0xffffffff : stored.length, true);
    l.setUint32(22, zip64 ? 0xffffffff : size, true);
    l.setUint16(26, name.length, true);
    l.setUint16(28, extra.length, true);
    local.set(name, 30);
    local.set(extra, 30 + name.length);
    const central = new Uint8Array(46 + name.length + extra.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 45, true);
    c.setUint16(6, 45, true);
    c.setUint16(8, s.flags ?? 0, true);
    c.setUint16(10, method, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, zip64 ? 0xffffffff : stored.length, true);
    c.setUint32(24, zip64 ? 0xffffffff : size, true);
    c.setUint16(28, name.length, true);
    c.setUint16(30, extra.length, true);
    c.setUint32(42, offset, true);
    central.set(name, 46);
    central.set(extra, 46 + name.length);
    locals.push(local, stored);
    centrals.push(central);
    offset += local.length + stored.length;
  }
  const directory = concat(...centrals);
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, specs.length, true);
  e.setUint16(10, specs.length, true);
  e.setUint32(12, directory.length, true);
  e.setUint32(16, offset, true);
  return concat(...locals, directory, end);
}

/**
 * A raw deflate stream (RFC 1951, one fixed-Huffman block) of `prefix` as literals followed by
 * `copies` back-references of length 258 at distance 1: `prefix.length + 258·copies` bytes of
 * output from about 13 bits per copy, a compact zip bomb.
 */
export function deflateBomb(prefix: Uint8Array, copies: number): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let n = 0;
  const put = (value: number, bits: number) => {
    for (let i = 0; i < bits; i++) {
      acc |= ((value >> i) & 1) << n;
      if (++n === 8) {
        out.push(acc);
        acc = 0;
        n = 0;
      }
    }
  };
  // Huffman codes are sent most significant bit first (RFC 1951 §3.1.1).
  const code = (value: number, bits: number) => {
    let r = 0;
    for (let i = 0; i < bits; i++) r |= ((value >> i) & 1) << (bits - 1 - i);
    put(r, bits);
  };
  put(1, 1); // BFINAL
  put(1, 2); // BTYPE = 01, fixed Huffman
  const literal = (b: number) => (b < 144 ? code(0x30 + b, 8) : code(0x190 + b - 144, 9));
  for (const b of prefix) literal(b);
  for (let i = 0; i < copies; i++) {
    code(0xc5, 8); // length code 285 = 258 (codes 280–287 are 8 bits from 0xC0)
    code(0, 5); // distance code 0 = 1
  }
  code(0, 7); // end of block (256)
  if (n > 0) out.push(acc);
  return Uint8Array.from(out);
}
