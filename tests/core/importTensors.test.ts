/**
 * src/core/importTensors.ts: tensor files → layers and data → a validated configuration (issue
 * "own network", items 2 and 4). The merge fixes L, d, widths, k (and biases) from the files,
 * drops a Y that no longer fits, refuses files that disagree with each other by name, and never
 * changes the configuration it is given.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { defaultConfig, normalizeConfig } from '../../src/core/config';
import {
  filesLabel,
  importedLines,
  importedSummary,
  readDataFiles,
  readLayerFiles,
  readTensorSources,
  readTensors,
  withImportedTensors,
  type TensorSources,
} from '../../src/core/importTensors';
import type { ImportResult } from '../../src/core/importing';
import type { GnConfig } from '../../src/core/types';
import { npyF64, safetensorsOf, zipBytes } from './io/builders';
import { BranchCounter } from '../helpers/present';

function value<T>(r: ImportResult<T>): T {
  if (!r.ok) expect.fail(r.error);
  return r.value;
}

function refusal<T>(r: ImportResult<T>): { error: string; field?: string } {
  if (r.ok) expect.fail('expected a refusal');
  return r;
}

const matrix = (rows: number, cols: number, at = 0) =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => at + i + j / 10));

/** A state_dict of nn.Sequential layers `dims[0] → dims[1] → …`, F64, optionally with biases. */
function model(dims: number[], withBias: boolean, name = 'model.safetensors') {
  const tensors = [];
  for (let l = 0; l + 1 < dims.length; l++) {
    const w = matrix(dims[l + 1]!, dims[l]!, l);
    tensors.push({
      name: `${2 * l}.weight`,
      shape: [dims[l + 1]!, dims[l]!],
      values: w.flat(),
      dtype: 'F64' as const,
    });
    if (withBias)
      tensors.push({
        name: `${2 * l}.bias`,
        shape: [dims[l + 1]!],
        values: Array.from({ length: dims[l + 1]! }, (_, i) => 0.5 - i),
        dtype: 'F64' as const,
      });
  }
  return { name, bytes: safetensorsOf(tensors) };
}

function batch(n: number, d: number, k: number | null, name = 'batch.npz') {
  const entries = [{ name: 'X.npy', data: npyF64([n, d], matrix(n, d).flat()) }];
  if (k !== null) entries.push({ name: 'Y.npy', data: npyF64([n, k], matrix(n, k, 3).flat()) });
  return { name, bytes: zipBytes(entries) };
}

const base = (raw: Record<string, unknown> = {}): GnConfig => normalizeConfig(raw).config;

describe('withImportedTensors', () => {
  it('weights fix L, widths, d and k (saying what they changed); biases switch bias on', () => {
    const sources: TensorSources = { layers: value(readLayerFiles([model([5, 4, 3, 2], true)])) };
    const before = base({ L: 2, m: 7, d: 9 });
    const snapshot = JSON.stringify(before);
    const r = withImportedTensors(before, sources);
    const c = value(r);
    expect([c.L, c.d, c.k, c.m, c.bias]).toStrictEqual([3, 5, 2, [4, 3], true]);
    expect(c.biases).toStrictEqual([
      [0.5, -0.5, -1.5, -2.5],
      [0.5, -0.5, -1.5],
      [0.5, -0.5],
    ]);
    expect(c.weights![1]).toStrictEqual(matrix(3, 4, 1));
    if (r.ok)
      expect(r.warnings).toContain(
        'model.safetensors fixes L = 3 (not 2), widths 4, 3 (not 7), d = 5 (not 9), k = 2 (not 10)',
      );
    expect(JSON.stringify(before)).toBe(snapshot); // the input is never changed
  });

  it('weights without biases turn bias off and drop the biases of the configuration', () => {
    const before = base({ L: 1, d: 2, k: 2, biases: [[1, 2]] });
    const r = withImportedTensors(before, {
      layers: value(readLayerFiles([model([3, 2], false)])),
    });
    const c = value(r);
    expect([c.bias, c.biases]).toStrictEqual([false, undefined]);
    if (r.ok) expect(r.warnings).toContain('model.safetensors has no biases: bias is off');
  });

  it('a data batch fixes X (n, d) and Y (k); weights and data must agree, by name', () => {
    const layers = value(readLayerFiles([model([3, 4, 2], false)]));
    const c = value(
      withImportedTensors(base(), { layers, data: value(readDataFiles([batch(7, 3, 2)])) }),
    );
    expect([c.data.n, c.d, c.k, c.X!.length, c.Y!.length]).toStrictEqual([7, 3, 2, 7, 7]);
    const wrongD = refusal(
      withImportedTensors(base(), { layers, data: value(readDataFiles([batch(7, 5, 2)])) }),
    );
    expect(wrongD).toStrictEqual({
      ok: false,
      field: 'X',
      error: 'batch.npz: X is 7 × 5 but the first layer of model.safetensors takes d = 3 inputs',
    });
    const wrongK = refusal(
      withImportedTensors(base(), { layers, data: value(readDataFiles([batch(7, 3, 4)])) }),
    );
    expect(wrongK.field).toBe('Y');
    expect(wrongK.error).toMatch(/Y is 7 × 4 but the last layer of model.safetensors gives k = 2/);
    // data alone: X's columns are d, Y's are k
    const alone = value(
      withImportedTensors(base(), { data: value(readDataFiles([batch(6, 4, 3)])) }),
    );
    expect([alone.d, alone.k, alone.data.n]).toStrictEqual([4, 3, 6]);
  });

  it('data against weights already in the configuration; a Y that no longer fits is dropped', () => {
    const withWeights = value(
      withImportedTensors(base(), { layers: value(readLayerFiles([model([3, 2], false)])) }),
    );
    const wrong = refusal(
      withImportedTensors(withWeights, { data: value(readDataFiles([batch(5, 4, null)])) }),
    );
    expect(wrong.error).toBe(
      'batch.npz: X is 5 × 4 but the first layer of the imported weights takes d = 3 inputs',
    );
    const withData = value(
      withImportedTensors(withWeights, { data: value(readDataFiles([batch(5, 3, 2)])) }),
    );
    // new weights with another k: the old Y goes (with a warning), X stays
    const r = withImportedTensors(withData, {
      layers: value(readLayerFiles([model([3, 4], false, 'other.safetensors')])),
    });
    const c = value(r);
    expect([c.Y, c.X?.length, c.k]).toStrictEqual([undefined, 5, 4]);
    if (r.ok)
      expect(r.warnings).toContain(
        'the targets Y of the configuration were removed: they have 2 columns, other.safetensors gives k = 4',
      );
    // and new weights whose d does not fit the X of the configuration are refused by name
    const wrongX = refusal(
      withImportedTensors(withData, {
        layers: value(readLayerFiles([model([6, 2], false, 'six.safetensors')])),
      }),
    );
    expect(wrongX.field).toBe('weights[0]');
    expect(wrongX.error).toMatch(
      /six.safetensors: the first layer, layer 1 ← 0.weight 2 × 6, takes 6 inputs but the imported X has 3 columns/,
    );
  });

  it('refuses weights for the CNN, and configuration errors come back as ConfigError fields', () => {
    const layers = value(readLayerFiles([model([3, 2], false)]));
    expect(refusal(withImportedTensors(base({ model: 'cnn1d' }), { layers })).field).toBe('model');
    // a width above the table's maximum is the configuration's error, named by its field
    const wide = value(readLayerFiles([model([2, 4097, 1], false)]));
    expect(refusal(withImportedTensors(base(), { layers: wide })).field).toMatch(/^m/);
    expect(refusal(withImportedTensors(base(), {}))).toStrictEqual({
      ok: false,
      error: 'no file given',
    });
  });
});

describe('reading several files', () => {
  it('one .npy per tensor, named by the stem; duplicate names and the shared budget refused', () => {
    const w0 = { name: 'dir/0.weight.npy', bytes: npyF64([2, 3], [1, 2, 3, 4, 5, 6]) };
    const w2 = { name: 'dir/2.weight.npy', bytes: npyF64([1, 2], [7, 8]) };
    const layers = value(readLayerFiles([w2, w0]));
    expect(layers.file).toBe('dir/2.weight.npy, dir/0.weight.npy (2 files)');
    expect(layers.value.mapping).toStrictEqual([
      'layer 1 ← 0.weight 2 × 3',
      'layer 2 ← 2.weight 1 × 2',
    ]);
    const dup = refusal(readTensors([w0, { ...w0, name: 'other/0.weight.npy' }]));
    expect(dup.error).toBe(
      'other/0.weight.npy, tensor "0.weight": dir/0.weight.npy has a tensor of the same name',
    );
    const budget = refusal(readTensors([w0, w2], 7));
    expect(budget.error).toMatch(
      /^dir\/2\.weight\.npy, tensor "2\.weight" \(1 × 2, <f8\): 1 × 2 elements exceed the limit of 1 numbers per file \(what is left of 7 for all the files: the files before it hold 6\)/,
    );
  });

  it('a lone tensor of another name is read as X; the role picks layers or data', () => {
    const r = readDataFiles([{ name: 'inputs.npy', bytes: npyF64([3, 2], [1, 2, 3, 4, 5, 6]) }]);
    expect(value(r).value.X).toStrictEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    if (r.ok) expect(r.warnings).toContain('inputs.npy: its one tensor "inputs" is read as X');
    expect(Object.keys(value(readTensorSources([batch(2, 2, null)], 'data')))).toStrictEqual([
      'data',
    ]);
    expect(Object.keys(value(readTensorSources([model([2, 1], false)], 'weights')))).toStrictEqual([
      'layers',
    ]);
    expect(refusal(readTensorSources([batch(2, 2, null)], 'weights')).error).toMatch(
      /batch\.npz has no layer weights/,
    );
    expect(refusal(readTensors([])).error).toBe('no file given');
  });

  it('the summary the CLI prints and the lines the page shows', () => {
    const sources: TensorSources = {
      layers: value(readLayerFiles([model([3, 2], true)])),
      data: value(readDataFiles([batch(4, 3, null)])),
    };
    expect(importedSummary(sources)).toStrictEqual({
      weights: 'model.safetensors',
      layers: ['layer 1 ← 0.weight 2 × 3, 0.bias'],
      ignored: [],
      data: 'batch.npz',
      X: '4 × 3',
      Y: null,
    });
    expect(importedLines(sources)).toStrictEqual([
      'from model.safetensors:',
      'layer 1 ← 0.weight 2 × 3, 0.bias',
      'from batch.npz:',
      'X ← 4 × 3',
    ]);
    expect(filesLabel([{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }])).toBe(
      'a, b, c, … (4 files)',
    );
  });
});

describe('property: any chain of layers merges into the configuration it describes', () => {
  const branches = new BranchCounter<'bias' | 'no bias' | 'with data'>();
  const net = fc.record({
    dims: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 5 }),
    bias: fc.boolean(),
    n: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
  });
  test.prop([net], { numRuns: 60 })('L, d, widths, k, weights, biases and X', (c) => {
    const layers = value(readLayerFiles([model(c.dims, c.bias)]));
    const sources: TensorSources = { layers };
    if (c.n !== undefined) sources.data = value(readDataFiles([batch(c.n, c.dims[0]!, null)]));
    const config = value(withImportedTensors(defaultConfig(), sources));
    const L = c.dims.length - 1;
    expect([config.L, config.d, config.k]).toStrictEqual([L, c.dims[0], c.dims[L]]);
    expect(config.m).toStrictEqual(c.dims.slice(1, -1));
    expect(config.weights).toStrictEqual(layers.value.weights);
    expect(config.bias).toBe(c.bias);
    expect(config.biases).toStrictEqual(c.bias ? layers.value.biases : undefined);
    if (c.n !== undefined) expect(config.X).toHaveLength(c.n);
    branches.hit(c.bias ? 'bias' : 'no bias');
    if (c.n !== undefined) branches.hit('with data');
  });
  it('covered every branch', () => branches.expectEach(['bias', 'no bias', 'with data'], 5));
});
