/**
 * The state_dict → layers mapping (contract.md §2 `--weights`; docs/gn-math.md §1: Wˡ is
 * m_l × m_{l−1}, PyTorch's Linear.weight out × in) and the data file → X, Y mapping.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { dataArrays, parseTensorFile, stateDictToLayers, type Tensor } from '../../../src/core/io';
import { naturalCompare } from '../../../src/core/io/stateDict';
import { safetensorsOf, npyF64, zipBytes } from './builders';

const t = (name: string, shape: number[], values?: number[]): Tensor => {
  const count = shape.reduce((a, b) => a * b, 1);
  return {
    name,
    shape,
    dtype: 'F64',
    data: Float64Array.from(values ?? Array.from({ length: count }, (_, i) => i + 1)),
  };
};

describe('natural order of layer names', () => {
  it('orders Sequential indices, numbered modules and nested prefixes as PyTorch writes them', () => {
    const sorted = (names: string[]) => [...names].sort(naturalCompare);
    expect(sorted(['10', '2', '0'])).toStrictEqual(['0', '2', '10']);
    expect(sorted(['fc10', 'fc2', 'fc1'])).toStrictEqual(['fc1', 'fc2', 'fc10']);
    expect(sorted(['net.10', 'net.2', 'net.0'])).toStrictEqual(['net.0', 'net.2', 'net.10']);
    expect(sorted(['layers.1.lin', 'layers.0.lin', 'head'])).toStrictEqual([
      'head',
      'layers.0.lin',
      'layers.1.lin',
    ]);
    expect(sorted(['b.010', 'b.9', 'b.00011'])).toStrictEqual(['b.9', 'b.010', 'b.00011']);
  });

  test.prop(
    [
      fc.uniqueArray(fc.bigInt({ min: 0n, max: 10n ** 30n }), { minLength: 1, maxLength: 12 }),
      fc.constantFrom('', 'fc', 'net.', 'model.layers.'),
    ],
    { numRuns: 200 },
  )('sorting shuffled names gives the numbers in increasing order', (ids, prefix) => {
    const names = ids.map((i) => `${prefix}${i}`);
    const sorted = [...names].reverse().sort(naturalCompare);
    const byNumber = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(sorted).toStrictEqual(byNumber.map((i) => `${prefix}${i}`));
  });
});

describe('stateDictToLayers', () => {
  it('refuses shapes that do not chain, naming both tensors and both shapes', () => {
    const r = stateDictToLayers(
      [t('fc1.weight', [5, 4]), t('fc2.weight', [3, 6]), t('fc10.weight', [2, 3])],
      'net.safetensors',
    );
    expect(r).toStrictEqual({
      ok: false,
      field: 'fc2.weight',
      error:
        'net.safetensors: the shapes do not chain: layer 2, tensor "fc2.weight" (3 × 6, F64), takes 6 inputs but layer 1, tensor "fc1.weight" (5 × 4, F64), gives 5 outputs (layers are taken in natural order of their names: "fc1", "fc2", "fc10")',
    });
  });

  it('fills missing biases with zeros and says so', () => {
    const r = stateDictToLayers(
      [t('0.weight', [2, 3]), t('0.bias', [2], [7, 8]), t('2.weight', [1, 2])],
      'm.npz',
    );
    if (!r.ok) expect.fail(r.error);
    expect(r.value.biases).toStrictEqual([[7, 8], [0]]);
    expect(r.value.mapping).toStrictEqual([
      'layer 1 ← 0.weight 2 × 3, 0.bias',
      'layer 2 ← 2.weight 1 × 2 (no bias: zeros)',
    ]);
    expect(r.warnings).toStrictEqual([
      'm.npz: biases are all or none, so layers without one get zeros: layer 2',
    ]);
  });

  it('gives null biases when there are none, and the architecture', () => {
    const r = stateDictToLayers([t('a.weight', [4, 3]), t('b.weight', [2, 4])], 'f');
    expect(r).toMatchObject({
      ok: true,
      value: { biases: null, d: 3, k: 2, widths: [4], L: 2 },
      warnings: [],
    });
    expect(r.ok && r.value.weights[0]).toStrictEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
      [10, 11, 12],
    ]);
  });

  it('refuses a bias of the wrong length, a conv kernel, no weights, non-finite values', () => {
    expect(stateDictToLayers([t('0.weight', [2, 3]), t('0.bias', [3])], 'f')).toStrictEqual({
      ok: false,
      field: '0.bias',
      error:
        'f: tensor "0.bias" (3, F64) must be a vector of length 2, the rows of "0.weight" (2 × 3, F64)',
    });
    expect(stateDictToLayers([t('conv.weight', [4, 3, 3, 3])], 'f')).toMatchObject({
      ok: false,
      field: 'conv.weight',
      error: expect.stringMatching(/"conv\.weight" \(4 × 3 × 3 × 3, F64\): a 4-D weight/),
    });
    expect(stateDictToLayers([t('x', [3]), t('y.bias', [2])], 'f')).toStrictEqual({
      ok: false,
      error: 'f has no layer weights: no 2-D tensor named <prefix>.weight (found "x", "y.bias")',
    });
    expect(stateDictToLayers([t('0.weight', [1, 2], [1, NaN])], 'f')).toStrictEqual({
      ok: false,
      field: '0.weight',
      error:
        'f, tensor "0.weight" (1 × 2, F64): the value at [0, 1] is NaN; gnlens needs finite numbers',
    });
  });

  it('lists the keys it does not use', () => {
    const r = stateDictToLayers(
      [t('0.weight', [2, 2]), t('orphan.bias', [2]), t('step', []), t('bn.running_var', [2])],
      'f',
    );
    expect(r.ok && r.value.ignored).toStrictEqual([
      'orphan.bias: 1-D tensor without a weight',
      'step: not a .weight or .bias of a layer',
      'bn.running_var: normalisation running statistics',
    ]);
  });

  // A random MLP written as safetensors or npz (names in any style, tensors in any order, some
  // layers without bias) reads back as the same layers.
  const mlp = fc.record({
    widths: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 6 }),
    style: fc.constantFrom('seq', 'fc', 'net'),
    biasMask: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    format: fc.constantFrom('F64', 'F32', 'npz'),
    seed: fc.integer(),
  });
  test.prop([mlp], { numRuns: 150 })('round trip of random MLP state_dicts', (c) => {
    const L = c.widths.length - 1;
    const prefix = (l: number) =>
      c.style === 'seq' ? `${2 * l}` : c.style === 'fc' ? `fc${l + 1}` : `net.${3 * l}`;
    let s = c.seed | 0;
    const rand = () => {
      s = (Math.imul(s, 1103515245) + 12345) | 0;
      return ((s >>> 8) / 2 ** 24) * 2 - 1;
    };
    const round = (v: number) => (c.format === 'F32' ? Math.fround(v) : v);
    const tensors: { name: string; shape: number[]; values: number[] }[] = [];
    const weights: number[][][] = [];
    const biases: (number[] | null)[] = [];
    for (let l = 0; l < L; l++) {
      const [inp, out] = [c.widths[l]!, c.widths[l + 1]!];
      const w = Array.from({ length: out }, () => Array.from({ length: inp }, () => round(rand())));
      weights.push(w);
      tensors.push({ name: `${prefix(l)}.weight`, shape: [out, inp], values: w.flat() });
      if (c.biasMask[l]) {
        const b = Array.from({ length: out }, () => round(rand()));
        biases.push(b);
        tensors.push({ name: `${prefix(l)}.bias`, shape: [out], values: b });
      } else biases.push(null);
    }
    tensors.reverse();
    const bytes =
      c.format === 'npz'
        ? zipBytes(
            tensors.map((x, i) => ({
              name: `${x.name}.npy`,
              data: npyF64(x.shape, x.values),
              method: i % 2 === 0 ? 8 : 0,
            })),
          )
        : safetensorsOf(tensors.map((x) => ({ ...x, dtype: c.format as 'F64' | 'F32' })));
    const file = parseTensorFile(bytes, 'model');
    if (!file.ok) expect.fail(file.error);
    const r = stateDictToLayers(file.value.tensors, 'model');
    if (!r.ok) expect.fail(r.error);
    expect(r.value.weights).toStrictEqual(weights);
    expect(r.value.L).toBe(L);
    expect(r.value.widths).toStrictEqual(c.widths.slice(1, -1));
    const anyBias = biases.some((b) => b !== null);
    expect(r.value.biases).toStrictEqual(
      anyBias ? biases.map((b, l) => b ?? new Array(c.widths[l + 1]).fill(0)) : null,
    );
    expect(r.warnings.length).toBe(anyBias && biases.includes(null) ? 1 : 0);
  });
});

describe('dataArrays', () => {
  it('takes X and Y, a 1-D Y as n × 1, and lists the rest', () => {
    const r = dataArrays([t('X', [2, 2]), t('Y', [2], [5, 6]), t('meta', [1])], 'd.npz');
    expect(r).toStrictEqual({
      ok: true,
      value: {
        X: [
          [1, 2],
          [3, 4],
        ],
        Y: [[5], [6]],
        n: 2,
        d: 2,
        k: 1,
        mapping: ['X ← 2 × 2', 'Y ← 2 (as 2 × 1)'],
        ignored: ['meta: not X or Y'],
      },
      warnings: [],
    });
    expect(dataArrays([t('X', [3, 1])], 'd')).toMatchObject({
      ok: true,
      value: { Y: null, k: null },
    });
  });

  it('says how integer labels are read', () => {
    const labels = { ...t('Y', [2], [3, 7]), dtype: '<i8' };
    const r = dataArrays([t('X', [2, 2]), labels], 'mnist.npz');
    expect(r).toMatchObject({
      ok: true,
      value: { Y: [[3], [7]], k: 1 },
      warnings: [
        'mnist.npz: Y holds integers (<i8), used as one regression target per sample; for class labels save one-hot targets (n × k)',
      ],
    });
  });

  it('refuses a missing or 1-D X and a Y with another n', () => {
    expect(dataArrays([t('x', [2, 2])], 'd.npz')).toStrictEqual({
      ok: false,
      field: 'X',
      error: 'd.npz has no tensor named X (found "x")',
    });
    expect(dataArrays([t('X', [4])], 'd')).toMatchObject({
      ok: false,
      field: 'X',
      error: expect.stringMatching(/"X" \(4, F64\): X must be a non-empty matrix/),
    });
    expect(dataArrays([t('X', [3, 2]), t('Y', [2, 1])], 'd')).toStrictEqual({
      ok: false,
      field: 'Y',
      error:
        'd: tensor "Y" (2 × 1, F64) must be n × k or a vector of length n, with n = 3 the rows of "X" (3 × 2, F64)',
    });
  });
});
