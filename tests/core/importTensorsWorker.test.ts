/**
 * The real import worker (workers/import.worker.ts, run by @vitest/web-worker) reading tensor
 * files for the page: the state_dict and the batch tests/fixtures/make_own_network.py wrote, a
 * size refused before reading, and a hostile file named in the result.
 */
import '@vitest/web-worker';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerTensorReader } from '../../src/compute/matrixImport';
import { MAX_IMPORT_BYTES } from '../../src/core/importing';

const OWN = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/own');
const file = (name: string) => new File([readFileSync(join(OWN, name))], name.split('/').pop()!);
const expected = JSON.parse(readFileSync(join(OWN, 'own-expected.json'), 'utf8')) as {
  cases: Record<string, { layers: string[] }>;
};

describe('the import worker reads tensor files', () => {
  it('a state_dict as layers, several .npy together, a batch as data', async () => {
    const a = await workerTensorReader(
      [file('relu_mlp.safetensors')],
      ['relu_mlp.safetensors'],
      'weights',
    );
    if (!a.ok) expect.fail(a.error);
    expect(a.value.layers?.value.mapping).toStrictEqual(expected.cases.relu!.layers);
    expect(a.value.layers?.value.biases?.map((b) => b.length)).toStrictEqual([16, 12, 3]);
    const names = ['0.weight.npy', '2.weight.npy', '4.weight.npy'];
    const b = await workerTensorReader(
      names.map((n) => file(`relu_nobias_npy/${n}`)),
      names,
      'weights',
    );
    if (!b.ok) expect.fail(b.error);
    expect(b.value.layers?.value.mapping).toStrictEqual(expected.cases.relu_nobias!.layers);
    const c = await workerTensorReader([file('relu_batch.npz')], ['relu_batch.npz'], 'data');
    if (!c.ok) expect.fail(c.error);
    expect([c.value.data?.value.n, c.value.data?.value.d, c.value.data?.value.k]).toStrictEqual([
      12, 6, 3,
    ]);
  });

  it('refuses too many bytes before reading, and names a truncated file and its tensor', async () => {
    // a real Blob of that size (a patched .size would not survive the copy into the worker)
    const big = new File([new Uint8Array(MAX_IMPORT_BYTES + 1)], 'big.npz');
    expect(await workerTensorReader([big], ['big.npz'], 'data')).toStrictEqual({
      ok: false,
      error: `big.npz: ${MAX_IMPORT_BYTES + 1} bytes, more than ${MAX_IMPORT_BYTES}`,
    });
    const bytes = readFileSync(join(OWN, 'relu_mlp.safetensors'));
    const cut = new File([bytes.subarray(0, bytes.length - 10)], 'cut.safetensors');
    const r = await workerTensorReader([cut], ['cut.safetensors'], 'weights');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^cut\.safetensors, tensor "4\.bias"/);
  });
});
