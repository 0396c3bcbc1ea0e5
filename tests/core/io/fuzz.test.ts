/**
 * Hostile files (issue "Robustness"): random bytes, every truncation of every fixture, flipped
 * header bytes, headers that lie about shapes, offsets and sizes, zip bombs and pickles. The
 * readers return an error naming the file (never throw, never report an internal error) and
 * never hand back more numbers than maxElements; the refusals of lying sizes happen before the
 * allocation they would need (the limit message, with maxElements far below the claim).
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { parseTensorFile, type TensorFile } from '../../../src/core/io';
import { INTERNAL_ERROR } from '../../../src/core/io/tensor';
import type { ImportResult } from '../../../src/core/importing';
import { BINARY_FIXTURES as BINARIES, fixture } from './files';
import {
  concat,
  deflateBomb,
  f64Bytes,
  npyBytes,
  npyF64,
  safetensorsBytes,
  zipBytes,
} from './builders';
import { crc32 } from '../../../src/core/io/npz';

/** The contract every answer keeps, refused or not. */
function checked(r: ImportResult<TensorFile>, name: string, maxElements: number) {
  if (r.ok) {
    const total = r.value.tensors.reduce((n, t) => n + t.data.length, 0);
    expect(total).toBeLessThanOrEqual(maxElements);
    for (const t of r.value.tensors) expect(t.data.length).toBe(t.shape.reduce((a, b) => a * b, 1));
  } else {
    expect(r.error.startsWith(name)).toBe(true);
    expect(r.error).not.toContain(INTERNAL_ERROR);
  }
  return r;
}

function refused(bytes: Uint8Array, name: string, why: RegExp, maxElements = 1000) {
  const r = checked(parseTensorFile(bytes, name, { maxElements }), name, maxElements);
  expect(r).toMatchObject({ ok: false, error: expect.stringMatching(why) });
}

describe('random and damaged bytes', () => {
  test.prop(
    [
      fc.uint8Array({ maxLength: 2048 }),
      fc.constantFrom('a.npy', 'a.npz', 'a.safetensors', 'a.pt', 'a'),
      fc.constantFrom(
        [],
        [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0],
        [0x50, 0x4b, 3, 4],
        [0x80, 4],
      ),
    ],
    { numRuns: 1000 },
  )('random bytes (after any magic) are answered, never thrown', (tail, name, magic) => {
    checked(
      parseTensorFile(concat(Uint8Array.from(magic), tail), name, { maxElements: 500 }),
      name,
      500,
    );
  });

  it.each(BINARIES)('every truncation of %s is refused', (name) => {
    const bytes = fixture(name);
    for (let n = 0; n < bytes.length; n++) {
      const r = checked(parseTensorFile(bytes.subarray(0, n), name), name, 4_000_000);
      expect(r.ok, `${name} cut to ${n} bytes`).toBe(false);
    }
  });

  test.prop([fc.constantFrom(...BINARIES), fc.nat(), fc.integer({ min: 1, max: 255 })], {
    numRuns: 1500,
  })('flipping a header byte never breaks the contract', (name, at, mask) => {
    const bytes = fixture(name).slice();
    // The first 256 bytes hold every npy and safetensors header here; for zips, aim at the
    // central directory and end record (the last 40%) as often as at the local headers.
    const zip = name.endsWith('.npz') || name.endsWith('.pth');
    const span = Math.min(bytes.length, 256);
    const i = zip && at % 2 ? bytes.length - 1 - (at % Math.ceil(bytes.length * 0.4)) : at % span;
    bytes[i]! ^= mask;
    checked(parseTensorFile(bytes, name, { maxElements: 2000 }), name, 2000);
  });
});

describe('.npy headers that lie', () => {
  const header = (shape: string, descr = '<f8', order = 'False') =>
    `{'descr': '${descr}', 'fortran_order': ${order}, 'shape': ${shape}, }`;
  it('a shape larger than the data, or far beyond maxElements (refused before allocating)', () => {
    refused(
      npyBytes(header('(3, 4)'), f64Bytes([1, 2])),
      'w.npy',
      /implies 96 bytes of data but the file has 16/,
    );
    refused(
      npyBytes(header('(1000000, 1000000, 1000000)'), f64Bytes([1])),
      'w.npy',
      /^w\.npy, tensor "w" \(1000000 × 1000000 × 1000000, <f8\): .*exceed the limit of 1000 numbers/,
    );
    refused(npyBytes(header('(99999999999999999999,)'), f64Bytes([1])), 'w.npy', /dimension/);
  });

  it('a header length beyond the file, another version, a bad dict', () => {
    const good = npyF64([2], [1, 2]);
    const long = good.slice();
    new DataView(long.buffer).setUint16(8, 60000, true);
    refused(long, 'w.npy', /declares a header of 60000 bytes but the file ends/);
    const v4 = good.slice();
    v4[6] = 4;
    refused(v4, 'w.npy', /version 4\.0/);
    refused(npyBytes(header('(2,)', '<c16'), new Uint8Array(32)), 'w.npy', /complex numbers/);
    refused(npyBytes(header('(2,)', '|O'), new Uint8Array(16)), 'w.npy', /object array/);
    refused(npyBytes(header('(2,)', '=f8'), new Uint8Array(16)), 'w.npy', /without a byte order/);
    refused(npyBytes(header('(2,)', '<f8', 'maybe'), new Uint8Array(16)), 'w.npy', /fortran_order/);
    refused(
      npyBytes("{'descr': '<f8', 'shape': (2,), }", new Uint8Array(16)),
      'w.npy',
      /fortran_order/,
    );
    refused(
      npyBytes(
        "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}",
        f64Bytes([1, 2]),
      ),
      'w.npy',
      /repeated key/,
    );
    refused(
      npyBytes(header('(2,)') + "__import__('os')", f64Bytes([1, 2])),
      'w.npy',
      /text after the dict/,
    );
    refused(npyBytes(header("(2,), 'x': 1"), f64Bytes([1, 2])), 'w.npy', /unknown key "x"/);
  });

  it('maxElements is exact: a file of N numbers reads with N, is refused with N − 1', () => {
    const bytes = npyF64(
      [3, 4],
      Array.from({ length: 12 }, (_, i) => i),
    );
    expect(parseTensorFile(bytes, 'w.npy', { maxElements: 12 }).ok).toBe(true);
    refused(bytes, 'w.npy', /exceed the limit of 11 numbers/, 11);
  });
});

describe('.safetensors headers that lie', () => {
  const buf = f64Bytes([1, 2, 3, 4]);
  const entry = (shape: number[], offsets: number[], dtype = 'F64') => ({
    dtype,
    shape,
    data_offsets: offsets,
  });
  it('offsets out of range, reversed, of the wrong length, overlapping', () => {
    refused(
      safetensorsBytes({ w: entry([4], [0, 40]) }, buf),
      'm.safetensors',
      /\[0, 40\] beyond the 32-byte data buffer/,
    );
    refused(safetensorsBytes({ w: entry([0], [16, 8]) }, buf), 'm.safetensors', /begin after end/);
    refused(safetensorsBytes({ w: entry([3], [0, 32]) }, buf), 'm.safetensors', /need 24 bytes/);
    refused(
      safetensorsBytes({ a: entry([2], [0, 16]), b: entry([3], [8, 32]) }, buf),
      'm.safetensors',
      /tensor "b" \(3, F64\): has data_offsets \[8, 32\] overlapping those of "a"/,
    );
  });

  it('a shape beyond maxElements, alone or summed over tensors, is refused before allocating', () => {
    refused(
      safetensorsBytes({ w: entry([1e9, 1e9], [0, 32]) }, buf),
      'm.safetensors',
      /"w" \(1000000000 × 1000000000, F64\): .*exceed the limit/,
    );
    const two = safetensorsBytes({ a: entry([2], [0, 16]), b: entry([2], [16, 32]) }, buf);
    expect(parseTensorFile(two, 'm', { maxElements: 4 }).ok).toBe(true);
    refused(two, 'm', /exceed the limit of 3 numbers per file \(2 already read\)/, 3);
  });

  it('a tensor named __proto__ is just a tensor (no prototype is touched)', () => {
    // JSON.parse makes "__proto__" an own key (an object literal would set the prototype).
    const header: unknown = JSON.parse(`{"__proto__": ${JSON.stringify(entry([4], [0, 32]))}}`);
    const r = parseTensorFile(safetensorsBytes(header, buf), 'm');
    expect(r).toMatchObject({ ok: true, value: { tensors: [{ name: '__proto__', shape: [4] }] } });
    expect(({} as Record<string, unknown>).dtype).toBeUndefined();
  });

  it('a header length beyond the file or the cap; headers that are not JSON objects', () => {
    refused(
      safetensorsBytes({ w: entry([4], [0, 32]) }, buf, 5000),
      'm.safetensors',
      /header of 5000 bytes but the file has only/,
    );
    refused(safetensorsBytes({}, buf, 2 ** 40), 'm.safetensors', /gnlens reads at most 100000000/);
    refused(safetensorsBytes('{', buf), 'm.safetensors', /not a JSON object|not valid JSON/);
    refused(safetensorsBytes([1], buf), 'm.safetensors', /not a JSON object/);
    refused(
      safetensorsBytes({ w: entry([4], [0, 32], 'F8_E4M3') }, buf),
      'm.safetensors',
      /dtype F8_E4M3/,
    );
    refused(
      safetensorsBytes({ w: entry([-4], [0, 32]) }, buf),
      'm.safetensors',
      /non-negative integers/,
    );
    refused(safetensorsBytes({ w: entry([4], [0.5, 32]) }, buf), 'm.safetensors', /data_offsets/);
    const bad = safetensorsBytes({ w: entry([4], [0, 32]) }, buf);
    bad[12] = 0xff;
    refused(bad, 'm.safetensors', /not valid UTF-8/);
  });
});

describe('zip archives that lie', () => {
  const npy = npyF64([2, 2], [1, 2, 3, 4]);
  it('refuses encryption, unknown methods, non-.npy names, duplicates, bad CRCs', () => {
    refused(
      zipBytes([{ name: 'w.npy', data: npy, flags: 1 }]),
      'm.npz',
      /tensor "w\.npy": is encrypted/,
    );
    refused(
      zipBytes([{ name: 'w.npy', data: npy, method: 12, stored: npy }]),
      'm.npz',
      /compression method 12/,
    );
    refused(
      zipBytes([{ name: 'notes.txt', data: npy }]),
      'm.npz',
      /"notes\.txt": is not a \.npy entry/,
    );
    refused(
      zipBytes([
        { name: 'w.npy', data: npy },
        { name: 'w.npy', data: npy },
      ]),
      'm.npz',
      /appears twice/,
    );
    refused(zipBytes([{ name: 'w.npy', data: npy, crc: 1234 }]), 'm.npz', /CRC-32/);
    refused(
      zipBytes([{ name: 'w.npy', data: npy, method: 0, declaredSize: 10 }]),
      'm.npz',
      /is stored but declares/,
    );
  });

  it('refuses a zip bomb declaring 10 GB before inflating anything', () => {
    const bomb = zipBytes([
      { name: 'w.npy', data: npy, stored: deflateBomb(npy, 1000), declaredSize: 10 * 2 ** 30 },
    ]);
    refused(bomb, 'm.npz', /declares 10737418240 bytes .* beyond the limit of \d+ bytes/);
  });

  it('refuses an entry whose real output is larger than it declares (even with a matching CRC)', () => {
    // The first `declared` bytes are a valid .npy with their own CRC: a reader that merely
    // truncated at the declared size would accept them. ~40 MB of real output from ~250 kB.
    const bomb = deflateBomb(npy, 150_000);
    refused(
      zipBytes([
        { name: 'w.npy', data: npy, stored: bomb, crc: crc32(npy), declaredSize: npy.length },
      ]),
      'm.npz',
      /"w": inflates to more than the 160 bytes it declares/,
    );
  });

  it('refuses an entry that inflates to less than it declares, and damaged deflate data', () => {
    const big = npyF64([4], [1, 2, 3, 4]);
    refused(
      zipBytes([{ name: 'w.npy', data: big, declaredSize: big.length + 8 }]),
      'm.npz',
      /inflates to \d+ bytes but declares/,
    );
    refused(
      zipBytes([{ name: 'w.npy', data: big, stored: Uint8Array.from([0xff, 0xff, 0xff]) }]),
      'm.npz',
      /not valid deflate data/,
    );
  });

  it('reads zip64 sizes as np.savez writes them, and refuses zip64 sizes beyond the limit', () => {
    expect(parseTensorFile(zipBytes([{ name: 'w.npy', data: npy, zip64: true }]), 'm.npz').ok).toBe(
      true,
    );
    refused(
      zipBytes([{ name: 'w.npy', data: npy, zip64: true, declaredSize: 2 ** 52 }]),
      'm.npz',
      /beyond the limit/,
    );
  });

  it('a pickle stream of any protocol from 2 to 5 is refused as a pickle', () => {
    for (const protocol of [2, 3, 4, 5])
      refused(
        Uint8Array.from([0x80, protocol, 0x7d, 0x71, 0x00, 0x2e]),
        'model.pt',
        /Python pickle.*save_file/,
      );
  });
});

describe('random headers: accepted exactly when they are valid', () => {
  const SIZES: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, U8: 1, BOOL: 1 };
  const entry = fc.record({
    dtype: fc.constantFrom('F64', 'F32', 'F16', 'BF16', 'I64', 'U8', 'BOOL', 'F8_E5M2', 'c64'),
    shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
    honest: fc.boolean(),
    begin: fc.integer({ min: 0, max: 300 }),
    end: fc.integer({ min: 0, max: 300 }),
  });
  test.prop(
    [
      fc.array(entry, { maxLength: 5 }),
      fc.integer({ min: 0, max: 300 }),
      fc.integer({ min: 0, max: 80 }),
    ],
    {
      numRuns: 1500,
    },
  )('safetensors', (entries, bufferLength, maxElements) => {
    // Honest entries are laid out one after the other; the others take random offsets.
    let at = 0;
    const header: Record<string, unknown> = {};
    const spans: { begin: number; end: number; count: number; size: number | undefined }[] = [];
    entries.forEach((e, i) => {
      const count = e.shape.reduce((a, b) => a * b, 1);
      const size = SIZES[e.dtype];
      const [begin, end] = e.honest ? [at, at + count * (size ?? 1)] : [e.begin, e.end];
      at = Math.max(at, end);
      header[`t${i}`] = { dtype: e.dtype, shape: e.shape, data_offsets: [begin, end] };
      spans.push({ begin, end, count, size });
    });
    const valid =
      spans.every(
        (x) =>
          x.size !== undefined &&
          x.begin <= x.end &&
          x.end <= bufferLength &&
          x.end - x.begin === x.count * x.size,
      ) &&
      spans.reduce((n, x) => n + x.count, 0) <= maxElements &&
      spans
        .filter((x) => x.end > x.begin)
        .every((x, i, all) => all.every((y, j) => i === j || x.end <= y.begin || y.end <= x.begin));
    const r = checked(
      parseTensorFile(safetensorsBytes(header, new Uint8Array(bufferLength)), 'f.safetensors', {
        maxElements,
      }),
      'f.safetensors',
      maxElements,
    );
    expect(r.ok).toBe(valid);
  });

  const NPY_SIZES: Record<string, number> = {
    '<f8': 8,
    '>f4': 4,
    '<f2': 2,
    '<i8': 8,
    '|u1': 1,
    '|b1': 1,
    '>u2': 2,
  };
  test.prop(
    [
      fc.constantFrom('<f8', '>f4', '<f2', '<i8', '|u1', '|b1', '>u2', '<c8', '|O', '<U3', '|f8'),
      fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }),
      fc.boolean(),
      fc.integer({ min: -3, max: 3 }),
      fc.integer({ min: 0, max: 60 }),
      fc.constantFrom(1, 2, 3),
    ],
    { numRuns: 1500 },
  )('npy', (descr, shape, fortran, extra, maxElements, version) => {
    const count = shape.reduce((a, b) => a * b, 1);
    const size = NPY_SIZES[descr];
    const length = Math.max(0, count * (size ?? 1) + extra);
    const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
    const bytes = npyBytes(
      `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${dims}, }`,
      new Uint8Array(length),
      version,
    );
    const valid = size !== undefined && length === count * size && count <= maxElements;
    const r = checked(parseTensorFile(bytes, 'a.npy', { maxElements }), 'a.npy', maxElements);
    expect(r.ok).toBe(valid);
  });

  const zipEntry = fc.record({
    name: fc.constantFrom('a.npy', 'b.npy', 'c.npy', 'notes.txt', 'data.pkl'),
    values: fc.array(fc.double(), { maxLength: 6 }),
    method: fc.constantFrom(0, 8, 8, 12),
    encrypted: fc.constantFrom(false, false, false, true),
    sizeLie: fc.constantFrom(0, 0, 0, -1, 1, 1000),
    crcLie: fc.boolean(),
    zip64: fc.boolean(),
  });
  test.prop([fc.array(zipEntry, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 20 })], {
    numRuns: 800,
  })('npz', (specs, maxElements) => {
    const zip = zipBytes(
      specs.map((e) => {
        const data = npyF64([e.values.length], e.values);
        return {
          name: e.name,
          data,
          method: e.method,
          ...(e.method === 12 ? { stored: data } : {}),
          declaredSize: data.length + e.sizeLie,
          ...(e.crcLie ? { crc: (crc32(data) ^ 1) >>> 0 } : {}),
          flags: e.encrypted ? 1 : 0,
          zip64: e.zip64,
        };
      }),
    );
    const names = specs.map((e) => e.name);
    const valid =
      new Set(names).size === names.length &&
      names.every((n) => n.endsWith('.npy')) &&
      specs.every((e) => e.method !== 12 && !e.encrypted && e.sizeLie === 0 && !e.crcLie) &&
      specs.reduce((n, e) => n + e.values.length, 0) <= maxElements;
    const r = checked(parseTensorFile(zip, 'm.npz', { maxElements }), 'm.npz', maxElements);
    expect(r.ok).toBe(valid);
  });
});
