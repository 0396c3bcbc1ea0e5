/**
 * Matrix import in the page, with the CSV parser run in-process instead of in a worker, or
 * behind the worker client with a fake worker (tests/workers runs the real one).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_IMPORT_BYTES, parseMatrixCsv } from '../../src/core/importing';
import type { MatrixTarget } from '../../src/core/importing';
import { readTensorSources } from '../../src/core/importTensors';
import {
  importMatrixFiles,
  importOwnFiles,
  workerTensorReaderFrom,
  naturalOrder,
  removeImportedMatrix,
  workerParserFrom,
} from '../../src/compute/matrixImport';
import type { MatrixParser, TensorReader } from '../../src/compute/matrixImport';
import { createAppStore } from '../../src/state/store';
import { FakeWorker } from './fakeWorkers';

const inProcess: MatrixParser = async (file, name) => parseMatrixCsv(await file.text(), name);

function csvFile(name: string, rows: (number | string)[][]): File {
  return new File([rows.map((r) => r.join(',')).join('\n')], name, { type: 'text/csv' });
}

const notices = (store: ReturnType<typeof createAppStore>) =>
  store
    .getState()
    .notices.map((n) => n.text)
    .join('\n');

describe('importing matrix files in the page', () => {
  it('loads X, fixes n and d, and removes it again', async () => {
    const store = createAppStore();
    const rows = Array.from({ length: 12 }, (_, i) => [i, (i * 7) % 5, 1 + (i % 3)]);
    const message = await importMatrixFiles(store, 'X', [csvFile('x.csv', rows)], inProcess);
    expect(message).toBe('Imported data X (12 × 3) from x.csv');
    expect(store.getState().params.X).toHaveLength(12);
    expect([store.getState().params.d, store.getState().params.data.n]).toStrictEqual([3, 12]);
    expect(removeImportedMatrix(store, 'X')).toBe('Removed the imported data X');
    expect(store.getState().params.X).toBeUndefined();
  });

  it('takes weight files in natural name order (w2 before w10)', async () => {
    const names = ['w10.csv', 'w2.csv', 'w1.csv'].map((n) => new File([''], n));
    expect(naturalOrder(names).map((f) => f.name)).toStrictEqual(['w1.csv', 'w2.csv', 'w10.csv']);
    const store = createAppStore();
    const w1 = [
      [1, 0],
      [0, 1],
      [1, 1],
    ]; // 3 × 2: d = 2, m1 = 3
    const w2 = [[1, 2, 3]]; // 1 × 3: k = 1
    const message = await importMatrixFiles(
      store,
      'weights',
      [csvFile('layer2.csv', w2), csvFile('layer1.csv', w1)],
      inProcess,
    );
    expect(message).toMatch(/Imported weights \(3 × 2, 1 × 3\) from layer1.csv, layer2.csv/);
    const p = store.getState().params;
    expect([p.L, p.d, p.k, p.m]).toStrictEqual([2, 2, 1, [3]]);
  });

  it('a bad value is named by file, row, line, column and value; nothing changes', async () => {
    const store = createAppStore();
    const before = store.getState().params;
    const message = await importMatrixFiles(
      store,
      'X',
      [
        csvFile('bad.csv', [
          ['a', 'b'],
          [1, 2],
          [3, '<img src=x onerror=alert(1)>'],
        ]),
      ],
      inProcess,
    );
    expect(message).toMatch(
      // (spaces separate values too: the bad cell is "<img")
      /Import of data X failed: bad.csv, row 2 \(line 3\), column 2: "<img" is not a finite number/,
    );
    expect(notices(store)).toContain('bad.csv, row 2 (line 3), column 2');
    expect(store.getState().params).toBe(before);
  });

  it('a size that does not fit is refused before the file is read', async () => {
    const store = createAppStore();
    let read = false;
    const big = { name: 'huge.csv', size: 65 * 1024 * 1024 } as File;
    const message = await importMatrixFiles(store, 'X', [big], async () => {
      read = true;
      return { ok: false, error: 'unreachable' };
    });
    expect(read).toBe(false);
    expect(message).toMatch(/huge.csv is larger than 67108864 bytes/);
  });

  it('a shape that does not fit the network names the mismatch', async () => {
    const store = createAppStore(); // default k = 10, n = 1000
    const message = await importMatrixFiles(store, 'Y', [csvFile('y.csv', [[1, 2]])], inProcess);
    expect(message).toMatch(
      /Import of targets Y failed \(field "Y"\): Y must be n × k = 1000 × 10/,
    );
    expect(store.getState().params.Y).toBeUndefined();
  });

  it('a worker that fails to load gives a notice instead of hanging', async () => {
    const store = createAppStore();
    const before = store.getState().params;
    const workers: FakeWorker[] = [];
    // No API, and the `error` event a worker fires when its script is missing (a 404).
    const parse = workerParserFrom(() => {
      const worker = new FakeWorker();
      workers.push(worker);
      setTimeout(() => worker.fail('error'), 0);
      return worker;
    });
    const message = await importMatrixFiles(store, 'X', [csvFile('x.csv', [[1, 2]])], parse);
    expect(message).toBe(
      'Import of data X: x.csv could not be read (the import worker stopped: it could not start)',
    );
    expect(notices(store)).toContain(message);
    expect(store.getState().params).toBe(before);
    expect(workers.map((w) => w.terminated)).toStrictEqual([1]);
  });

  it('a worker that hangs is stopped at the time limit', async () => {
    const store = createAppStore();
    const workers: FakeWorker[] = [];
    const parse = workerParserFrom(() => {
      const worker = new FakeWorker({ parseFile: () => new Promise(() => undefined) });
      workers.push(worker);
      return worker;
    }, 20);
    const message = await importMatrixFiles(store, 'X', [csvFile('x.csv', [[1, 2]])], parse);
    expect(message).toBe(
      'Import of data X: x.csv could not be read (the import worker took longer than 20 ms and was stopped)',
    );
    expect(workers.map((w) => w.terminated)).toStrictEqual([1]);
  });

  it('parses through the worker client and stops the worker afterwards', async () => {
    const store = createAppStore();
    const workers: FakeWorker[] = [];
    const parse = workerParserFrom(() => {
      const worker = new FakeWorker({
        parseFile: async (file: Blob, name: string) => parseMatrixCsv(await file.text(), name),
      });
      workers.push(worker);
      return worker;
    });
    const rows = [
      [1, 2],
      [3, 4],
      [5, 7],
    ];
    const message = await importMatrixFiles(store, 'X', [csvFile('x.csv', rows)], parse);
    expect(message).toBe('Imported data X (3 × 2) from x.csv');
    expect(store.getState().params.X).toStrictEqual(rows);
    expect(workers.map((w) => w.terminated)).toStrictEqual([1]);
  });
});

// ---- your own network: .safetensors, .npz, .npy (issue "own network", item 2) ----

const OWN = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/own');
const ownFile = (name: string, as = basename(name)) =>
  new File([readFileSync(join(OWN, name))], as);
const ownExpected = JSON.parse(readFileSync(join(OWN, 'own-expected.json'), 'utf8')) as {
  cases: Record<string, { layers: string[] }>;
};

const tensorsInProcess: TensorReader = async (files, names, role) =>
  readTensorSources(
    await Promise.all(
      files.map(async (f, i) => ({
        name: names[i]!,
        bytes: new Uint8Array(await f.arrayBuffer()),
      })),
    ),
    role,
  );

const neverRead: TensorReader = () => {
  throw new Error('read although the size was refused');
};

describe('importing your own network in the page', () => {
  it('a state_dict .safetensors as the weights: the shapes fix L, d, widths, k; the mapping is shown', async () => {
    const store = createAppStore();
    const outcome = await importOwnFiles(
      store,
      'weights',
      [ownFile('relu_mlp_nobias.safetensors')],
      inProcess,
      tensorsInProcess,
    );
    expect(outcome.status).toBe(
      'Imported your network (3 layers) from relu_mlp_nobias.safetensors',
    );
    expect(outcome.ok).toBe(true);
    expect(outcome.mapping).toStrictEqual([
      'from relu_mlp_nobias.safetensors:',
      ...ownExpected.cases.relu_nobias!.layers,
    ]);
    const p = store.getState().params;
    expect([p.L, p.d, p.k, p.m, p.bias]).toStrictEqual([3, 6, 3, [16, 12], false]);
    expect(notices(store)).toMatch(/Import of your network: relu_mlp_nobias.safetensors fixes/);
  });

  it('then a batch .npz in the data X row sets X and Y; several .npy are a folder’s worth', async () => {
    const store = createAppStore();
    const npy = ['0.weight.npy', '2.weight.npy', '4.weight.npy'].reverse();
    const a = await importOwnFiles(
      store,
      'weights',
      npy.map((n) => ownFile(`relu_nobias_npy/${n}`)),
      inProcess,
      tensorsInProcess,
    );
    expect(a.mapping.slice(1)).toStrictEqual(ownExpected.cases.relu_nobias!.layers);
    const b = await importOwnFiles(
      store,
      'X',
      [ownFile('relu_batch.npz')],
      inProcess,
      tensorsInProcess,
    );
    expect(b.status).toBe('Imported your data (X 12 × 6, Y 12 × 3) from relu_batch.npz');
    expect(b.mapping).toStrictEqual(['from relu_batch.npz:', 'X ← 12 × 6', 'Y ← 12 × 3']);
    const p = store.getState().params;
    expect([p.X?.length, p.Y?.length, p.data.n, p.d]).toStrictEqual([12, 12, 12, 6]);
  });

  it('biases in the file switch bias on and are kept, one vector per layer', async () => {
    const store = createAppStore();
    const outcome = await importOwnFiles(
      store,
      'weights',
      [ownFile('linear_fc.npz')],
      inProcess,
      tensorsInProcess,
    );
    expect(outcome.status).toBe('Imported your network (10 layers with biases) from linear_fc.npz');
    expect(outcome.mapping.slice(1)).toStrictEqual(ownExpected.cases.linear!.layers);
    const p = store.getState().params;
    expect(p.bias).toBe(true);
    expect(p.biases?.map((b) => b.length)).toStrictEqual([8, 9, 8, 9, 8, 9, 8, 9, 10, 3]);
  });

  it('hostile or mismatched files: the notice names file and tensor; nothing changes', async () => {
    const good = readFileSync(join(OWN, 'relu_mlp.safetensors'));
    const bad: [MatrixTarget, File, RegExp][] = [
      [
        'weights',
        new File([good.subarray(0, 100)], 'cut.safetensors'),
        /Import of your network failed: cut\.safetensors/,
      ],
      [
        'weights',
        new File([readFileSync(join(OWN, '../io/legacy.pt'))], 'model.npz'),
        /model\.npz.*pickle/,
      ],
      [
        'X',
        ownFile('linear_batch.npz'),
        /linear_batch\.npz: X is 30 × 4 but the first layer of the imported weights takes d = 6/,
      ],
    ];
    const store = createAppStore();
    await importOwnFiles(
      store,
      'weights',
      [ownFile('relu_mlp_nobias.safetensors')],
      inProcess,
      tensorsInProcess,
    );
    for (const [target, file, error] of bad) {
      const before = store.getState().params;
      const outcome = await importOwnFiles(store, target, [file], inProcess, tensorsInProcess);
      expect(outcome.status).toMatch(error);
      expect([outcome.ok, outcome.mapping]).toStrictEqual([false, []]);
      expect(notices(store)).toContain(outcome.status);
      expect(store.getState().params).toBe(before);
    }
  });

  it('sizes are refused before anything is read; mixed and misplaced files are refused', async () => {
    const store = createAppStore();
    const before = store.getState().params;
    const big = new File([''], 'big.safetensors');
    Object.defineProperty(big, 'size', { value: MAX_IMPORT_BYTES + 1 });
    const refusals = await Promise.all([
      importOwnFiles(store, 'weights', [big], inProcess, neverRead),
      importOwnFiles(
        store,
        'weights',
        [ownFile('relu_mlp.safetensors'), csvFile('w.csv', [[1]])],
        inProcess,
        neverRead,
      ),
      importOwnFiles(
        store,
        'weights',
        [ownFile('relu_mlp.safetensors'), ownFile('linear_fc.npz')],
        inProcess,
        neverRead,
      ),
      importOwnFiles(store, 'Y', [ownFile('relu_batch.npz')], inProcess, neverRead),
    ]);
    expect(refusals.map((r) => r.status)).toStrictEqual([
      `Import of your network: big.safetensors is larger than ${MAX_IMPORT_BYTES} bytes`,
      'Import of weights: choose CSV files or tensor files (.safetensors, .npz, .npy), not both',
      'Import of your network: choose one .safetensors or .npz file, or several .npy files (one tensor each); got 2 files',
      'Import of targets Y: .safetensors, .npz and .npy files go in the data X row (a file with X and Y sets both)',
    ]);
    expect(store.getState().params).toBe(before);
  });

  it('reads through the worker client, stops the worker, and gives up on a hanging one', async () => {
    const store = createAppStore();
    const workers: FakeWorker[] = [];
    const read = workerTensorReaderFrom(() => {
      const worker = new FakeWorker({
        readTensors: async (files: Blob[], names: string[], role: 'weights' | 'data') =>
          readTensorSources(
            await Promise.all(
              files.map(async (f, i) => ({
                name: names[i]!,
                bytes: new Uint8Array(await f.arrayBuffer()),
              })),
            ),
            role,
          ),
      });
      workers.push(worker);
      return worker;
    });
    const ok = await importOwnFiles(
      store,
      'weights',
      [ownFile('relu_mlp.safetensors')],
      inProcess,
      read,
    );
    expect(ok.status).toBe(
      'Imported your network (3 layers with biases) from relu_mlp.safetensors',
    );
    expect(workers.map((w) => w.terminated)).toStrictEqual([1]);
    const hang = workerTensorReaderFrom(
      () => new FakeWorker({ readTensors: () => new Promise(() => undefined) }),
      20,
    );
    const before = store.getState().params;
    const stopped = await importOwnFiles(store, 'X', [ownFile('relu_batch.npz')], inProcess, hang);
    expect(stopped.status).toBe(
      'Import of your data: relu_batch.npz could not be read (the import worker took longer than 20 ms and was stopped)',
    );
    expect(store.getState().params).toBe(before);
  });
});
