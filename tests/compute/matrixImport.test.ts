/**
 * Matrix import in the page, with the CSV parser run in-process instead of in a worker, or
 * behind the worker client with a fake worker (tests/workers runs the real one).
 */
import { describe, expect, it } from 'vitest';
import { parseMatrixCsv } from '../../src/core/importing';
import {
  importMatrixFiles,
  naturalOrder,
  removeImportedMatrix,
  workerParserFrom,
} from '../../src/compute/matrixImport';
import type { MatrixParser } from '../../src/compute/matrixImport';
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
