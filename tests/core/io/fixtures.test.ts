/**
 * Files as numpy and a hand-written safetensors writer save them (tests/fixtures/make_io_files.py)
 * parse to exactly the values numpy reads, after each file's own rounding (float16 by numpy,
 * bfloat16 by round-to-nearest-even), and the state_dicts map to the layers numpy lists.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import expected from '../../fixtures/io/io-expected.json';
import {
  dataArrays,
  parseNpy,
  parseNpz,
  parseSafetensors,
  parseTensorFile,
  stateDictToLayers,
  type TensorFile,
} from '../../../src/core/io';
import { bfloat16ToNumber, decodeUtf8, halfToNumber } from '../../../src/core/io/tensor';
import { crc32 } from '../../../src/core/io/npz';
import { fixture } from './files';
import { concat, f32Bytes, f64Bytes, npyBytes } from './builders';

type Expected = { name: string; shape: number[]; dtype: string; values: (number | string)[] };
const files = expected.files as Record<string, Expected[]>;
const num = (v: number | string) =>
  typeof v === 'number' ? v : v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity;

/** The bytes inside a larger buffer at an odd offset: readers must honour byteOffset. */
function offsetCopy(bytes: Uint8Array): Uint8Array {
  const big = new Uint8Array(bytes.length + 7);
  big.set(bytes, 3);
  return big.subarray(3, 3 + bytes.length);
}

/** A fixture's tensors; at an odd byte offset (DataView path) unless `aligned` (typed-array copy). */
function parsed(name: string, aligned = false): TensorFile {
  const bytes = fixture(name);
  const r = parseTensorFile(aligned ? bytes : offsetCopy(bytes), name);
  if (!r.ok) expect.fail(r.error);
  return r.value;
}

describe('fixtures parse to the values numpy reads', () => {
  it.each(Object.keys(files).flatMap((f) => [[f, false] as const, [f, true] as const]))(
    '%s (aligned: %s)',
    (name, aligned) => {
      const file = parsed(name, aligned);
      const want = files[name]!;
      expect(file.tensors.map((t) => t.name)).toStrictEqual(want.map((t) => t.name));
      for (const [i, t] of file.tensors.entries()) {
        const w = want[i]!;
        expect(t.shape, t.name).toStrictEqual(w.shape);
        expect(t.dtype, t.name).toBe(w.dtype);
        // Exact: toStrictEqual tells -0 from 0 and treats NaN as equal to NaN.
        expect(Array.from(t.data), t.name).toStrictEqual(w.values.map(num));
      }
    },
  );

  it('detects each format by its bytes, whatever the name says', () => {
    expect(parseTensorFile(fixture('mlp_f32.safetensors'), 'weights.bin')).toMatchObject({
      ok: true,
      value: { format: 'safetensors' },
    });
    expect(parseTensorFile(fixture('fc_stored.npz'), 'x.npy')).toMatchObject({
      ok: true,
      value: { format: 'npz' },
    });
    expect(parseTensorFile(fixture('fortran.npy'), 'x.npz')).toMatchObject({
      ok: true,
      value: { format: 'npy', tensors: [{ name: 'x.npz' }] },
    });
  });

  it('the format readers agree with the front door', () => {
    expect(parseNpy(fixture('int.npy'), 'int.npy')).toStrictEqual(
      parseTensorFile(fixture('int.npy'), 'int.npy'),
    );
    expect(parseNpz(fixture('data.npz'), 'data.npz')).toStrictEqual(
      parseTensorFile(fixture('data.npz'), 'data.npz'),
    );
    expect(parseSafetensors(fixture('specials.safetensors'), 's')).toStrictEqual(
      parseTensorFile(fixture('specials.safetensors'), 's'),
    );
  });

  it('warns when 64-bit integers beyond 2^53 round', () => {
    const r = parseTensorFile(fixture('dtypes.npz'), 'dtypes.npz');
    expect(r.ok && r.warnings.join('\n')).toMatch(/i8_le.*beyond 2\^53/);
  });
});

describe('state_dict fixtures map to layers', () => {
  const layers = expected.layers as Record<
    string,
    { weights: number[][][]; biases: number[][]; d: number; k: number; widths: number[]; L: number }
  >;
  it.each(Object.keys(layers))('%s', (name) => {
    const r = stateDictToLayers(parsed(name).tensors, name);
    if (!r.ok) expect.fail(r.error);
    expect(r.value).toMatchObject(layers[name]!);
  });

  it('lists what it used and what it ignored (batch norm, counters)', () => {
    const r = stateDictToLayers(parsed('mlp_f64.safetensors').tensors, 'mlp_f64.safetensors');
    if (!r.ok) expect.fail(r.error);
    expect(r.value.mapping).toStrictEqual([
      'layer 1 ← net.0.weight 6 × 4, net.0.bias',
      'layer 2 ← net.4.weight 5 × 6, net.4.bias',
      'layer 3 ← net.10.weight 3 × 5, net.10.bias',
    ]);
    expect(r.value.ignored.map((s) => s.split(':')[0]).sort()).toStrictEqual(
      [
        'net.1.bias',
        'net.1.num_batches_tracked',
        'net.1.running_mean',
        'net.1.running_var',
        'net.1.weight',
      ].sort(),
    );
    expect(r.warnings.join('\n')).toMatch(/normalisation layers "net\.1" were ignored/);
    const fc = stateDictToLayers(parsed('fc_deflated.npz').tensors, 'fc_deflated.npz');
    expect(fc.ok && fc.value.ignored).toStrictEqual(['epoch: not a .weight or .bias of a layer']);
  });
});

describe('data fixtures', () => {
  const data = expected.data as Record<
    string,
    { X: number[][]; Y: number[][]; n: number; d: number; k: number }
  >;
  it.each(Object.keys(data))('%s gives X and Y', (name) => {
    const r = dataArrays(parsed(name).tensors, name);
    if (!r.ok) expect.fail(r.error);
    expect(r.value).toMatchObject(data[name]!);
  });
});

describe('pickles are refused with the two lines of Python that convert', () => {
  it.each([
    ['legacy.pt', /Python pickle/],
    ['checkpoint.pth', /PyTorch checkpoint \(a zip holding a pickle, data\.pkl\)/],
    ['object.npy', /object array.*pickled/],
    ['structured.npy', /structured dtype/],
  ])('%s', (name, why) => {
    const r = parseTensorFile(fixture(name), name);
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(why) });
    expect(r).toMatchObject({ error: expect.stringMatching(new RegExp(`^${name}`)) });
  });

  it.each(['legacy.pt', 'checkpoint.pth'])('%s: the message gives both lines of Python', (name) => {
    const r = parseTensorFile(fixture(name), name);
    const error = r.ok ? '' : r.error;
    expect(error).toContain(
      'from safetensors.torch import save_file; save_file(model.state_dict(), "model.safetensors")',
    );
    expect(error).toContain(
      'import numpy as np; np.savez("model.npz", **{k: v.numpy() for k, v in model.state_dict().items()})',
    );
  });

  it('a file named .pt that is no pickle still gets the advice', () => {
    const r = parseTensorFile(Uint8Array.from([1, 2, 3, 4]), 'model.pt');
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^model\.pt: .*save_file/) });
  });
});

describe('decoders', () => {
  // Node's TextDecoder in fatal mode is the oracle for the strict UTF-8 decoder.
  const oracle = (bytes: Uint8Array) => {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      return null;
    }
  };
  test.prop(
    [
      fc.oneof(
        fc.uint8Array({ maxLength: 64 }),
        fc.string({ unit: 'grapheme', maxLength: 32 }).map((t) => new TextEncoder().encode(t)),
        fc
          .tuple(fc.string({ unit: 'binary', maxLength: 16 }), fc.nat(), fc.nat(255))
          .map(([t, at, b]) => {
            const bytes = new TextEncoder().encode(t);
            if (bytes.length > 0) bytes[at % bytes.length] = b;
            return bytes;
          }),
      ),
    ],
    { numRuns: 2000 },
  )('strict UTF-8 agrees with TextDecoder (fatal)', (bytes) => {
    expect(decodeUtf8(bytes)).toBe(oracle(bytes));
  });

  test.prop(
    [
      fc.float64Array({ minLength: 0, maxLength: 20000, noDefaultInfinity: true }),
      fc.boolean(),
      fc.integer({ min: 0, max: 7 }),
    ],
    { numRuns: 40 },
  )(
    'floats at any byte offset, across 64 kB scratch chunks, read exactly',
    (values, wide, shift) => {
      const raw = wide ? f64Bytes(values) : f32Bytes(values);
      const descr = wide ? '<f8' : '<f4';
      const npy = npyBytes(
        `{'descr': '${descr}', 'fortran_order': False, 'shape': (${values.length},), }`,
        raw,
      );
      const bytes = concat(new Uint8Array(shift), npy).subarray(shift);
      const r = parseTensorFile(bytes, 'a.npy', { maxElements: 20000 });
      const want = wide ? Array.from(values) : Array.from(values, Math.fround);
      expect(r.ok && Array.from(r.value.tensors[0]!.data)).toStrictEqual(want);
    },
  );

  it('CRC-32 gives the standard check value of "123456789" (0xCBF43926)', () => {
    expect(crc32(Uint8Array.from('123456789', (c) => c.charCodeAt(0)))).toBe(0xcbf43926);
  });

  it('binary16: 1, the largest finite (65504), the smallest subnormal (2^-24), ±∞, NaN', () => {
    expect(halfToNumber(0x3c00)).toBe(1);
    expect(halfToNumber(0x7bff)).toBe(65504);
    expect(halfToNumber(0x0001)).toBe(2 ** -24);
    expect(halfToNumber(0x0400)).toBe(2 ** -14);
    expect(halfToNumber(0xfc00)).toBe(-Infinity);
    expect(halfToNumber(0x7e00)).toBeNaN();
    expect(Object.is(halfToNumber(0x8000), -0)).toBe(true);
  });

  it('binary16 and bfloat16 are strictly increasing over the positive finite patterns', () => {
    for (const [decode, top] of [
      [halfToNumber, 0x7c00],
      [bfloat16ToNumber, 0x7f80],
    ] as const) {
      const values = Array.from({ length: top }, (_, h) => decode(h));
      const firstBad = values.findIndex((v, h) => h > 0 && !(v > values[h - 1]!));
      expect(firstBad).toBe(-1);
      expect(values[0]).toBe(0);
      expect(decode(top)).toBe(Infinity);
    }
  });
});
