/**
 * Imported matrices (CSV) in the page (issue "Robustness"): data X, targets Y, or weights (one
 * file per layer, taken in natural file-name order: w1, w2, …, w10). Each file's size is checked
 * before it is read; reading and parsing run in a short-lived worker; the matrices are validated
 * against the configuration like a JSON import (src/core/importing.ts). Every message is plain
 * text for the notice area (React renders it as text, never as HTML).
 *
 * Your own network (issue "own network", item 2): `.safetensors`, `.npz` and `.npy` files (several
 * `.npy` at once = a folder's worth, one tensor per file) as the weights (a state_dict) or as the
 * data (X, and Y when the file has it), read and mapped in the same worker, merged by
 * src/core/importTensors.ts; the mapping used is returned for the page to show.
 */
import type { ImportWorkerApi } from '../../workers/import.worker';
import {
  MATRIX_TARGET_NAMES,
  MAX_IMPORT_BYTES,
  withImportedMatrices,
  withoutImported,
} from '../core/importing';
import type { ImportResult, MatrixTarget } from '../core/importing';
import type { AppStore } from '../state/store';
import { clipText } from '../core/text';
import {
  importedLines,
  withImportedTensors,
  type TensorRole,
  type TensorSources,
} from '../core/importTensors';
import { createWorkerClient } from './workerClient';
import { errorMessage } from './workerPool';
import type { WorkerLike } from './workerClient';

export type MatrixParser = (file: File, name: string) => Promise<ImportResult<number[][]>>;

/**
 * How long one file's parse may take before its worker is stopped (a 64 MB CSV parses in a few
 * seconds; this only catches a worker that hangs).
 */
export const IMPORT_TIME_LIMIT_MS = 2 * 60_000;

/**
 * Parses each file in a worker from `spawn` that is stopped afterwards (nothing stays in
 * memory). A worker that fails to load (a 404, a syntax error) or hangs rejects the parse,
 * which the import reports as a notice, instead of waiting forever.
 */
export function workerParserFrom(
  spawn: () => WorkerLike,
  timeLimitMs = IMPORT_TIME_LIMIT_MS,
): MatrixParser {
  return async (file, name) => {
    const client = createWorkerClient<ImportWorkerApi>(spawn, { label: 'the import worker' });
    try {
      return await client.call<ImportResult<number[][]>>((remote) => remote.parseFile(file, name), {
        timeLimitMs,
      });
    } finally {
      client.terminate();
    }
  };
}

/** The page's parser: workers/import.worker.ts. */
export const workerParser: MatrixParser = workerParserFrom(
  () =>
    new Worker(new URL('../../workers/import.worker.ts', import.meta.url), {
      type: 'module',
      name: 'import',
    }),
);

/** Files in natural name order (w2.csv before w10.csv). */
export function naturalOrder(files: readonly File[]): File[] {
  return [...files].sort((a, b) =>
    a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }),
  );
}

/**
 * Loads `files` as `target` into the store; returns what happened, in words (also added to the
 * notices when it failed or had warnings).
 */
export async function importMatrixFiles(
  store: AppStore,
  target: MatrixTarget,
  files: readonly File[],
  parse: MatrixParser = workerParser,
): Promise<string> {
  const what = MATRIX_TARGET_NAMES[target];
  const fail = (message: string) => {
    store.getState().addNotices([message]);
    return message;
  };
  if (files.length === 0) return 'No file chosen';
  if (target !== 'weights' && files.length > 1)
    return fail(`Import of ${what}: choose one CSV file (got ${files.length})`);
  const ordered = target === 'weights' ? naturalOrder(files) : [...files];
  for (const file of ordered) {
    if (file.size > MAX_IMPORT_BYTES)
      return fail(
        `Import of ${what}: ${clipText(file.name, 60)} is larger than ${MAX_IMPORT_BYTES} bytes`,
      );
  }
  const matrices: number[][][] = [];
  for (const file of ordered) {
    const name = clipText(file.name || 'the file', 60);
    let parsed: ImportResult<number[][]>;
    try {
      parsed = await parse(file, name);
    } catch (error) {
      return fail(`Import of ${what}: ${name} could not be read (${errorMessage(error)})`);
    }
    if (!parsed.ok) return fail(`Import of ${what} failed: ${parsed.error}`);
    matrices.push(parsed.value);
  }
  const s = store.getState();
  const result = withImportedMatrices(s.params, target, matrices);
  if (!result.ok) {
    const field = result.field ? ` (field "${result.field}")` : '';
    return fail(`Import of ${what} failed${field}: ${result.error}`);
  }
  s.replaceParams(result.value);
  s.commitHistory();
  s.addNotices(result.warnings.map((w) => `Import of ${what}: ${w}`));
  const sizes = matrices.map((m) => `${m.length} × ${m[0]!.length}`).join(', ');
  const names = ordered.map((f) => clipText(f.name, 60)).join(', ');
  return `Imported ${what} (${sizes}) from ${names}`;
}

/** Drops the imported `target`; the page generates it again. */
export function removeImportedMatrix(store: AppStore, target: MatrixTarget): string {
  const s = store.getState();
  s.replaceParams(withoutImported(s.params, target));
  s.commitHistory();
  return `Removed the imported ${MATRIX_TARGET_NAMES[target]}`;
}

/** The tensor files the import reads besides CSV. */
/**
 * Files read as tensors. PyTorch's own formats are among them so that they reach the tensor
 * reader, which refuses pickles with the two lines of Python that save a safetensors/npz file.
 */
export const TENSOR_EXTENSIONS = [
  '.safetensors',
  '.npz',
  '.npy',
  '.pt',
  '.pth',
  '.pkl',
  '.ckpt',
] as const;

export const isTensorFile = (file: { name: string }): boolean =>
  TENSOR_EXTENSIONS.some((ext) => file.name.toLowerCase().endsWith(ext));

/** Reads tensor files as a network's layers or a data batch (in a worker, in the page). */
export type TensorReader = (
  files: readonly File[],
  names: string[],
  role: TensorRole,
) => Promise<ImportResult<TensorSources>>;

/** {@link workerParserFrom} for tensor files: one short-lived worker, stopped afterwards. */
export function workerTensorReaderFrom(
  spawn: () => WorkerLike,
  timeLimitMs = IMPORT_TIME_LIMIT_MS,
): TensorReader {
  return async (files, names, role) => {
    const client = createWorkerClient<ImportWorkerApi>(spawn, { label: 'the import worker' });
    try {
      return await client.call<ImportResult<TensorSources>>(
        (remote) => remote.readTensors([...files], names, role),
        { timeLimitMs },
      );
    } finally {
      client.terminate();
    }
  };
}

/** The page's tensor reader: workers/import.worker.ts. */
export const workerTensorReader: TensorReader = workerTensorReaderFrom(
  () =>
    new Worker(new URL('../../workers/import.worker.ts', import.meta.url), {
      type: 'module',
      name: 'import',
    }),
);

/** What an import did, in words, and the mapping it used (shown next to the import). */
export interface ImportOutcome {
  /** Whether the configuration changed. */
  ok: boolean;
  status: string;
  /** `from model.safetensors:`, `layer 1 ← 0.weight 100 × 49, 0.bias`, `ignored …`. */
  mapping: string[];
}

/**
 * Loads tensor files (`.safetensors`, `.npz`, `.npy`) as `target`: the weights row reads a
 * state_dict (one file, or one `.npy` per tensor), the data X row a batch with X (and Y).
 * Sizes are checked before anything is read; on any error nothing changes and the notice
 * names the file, tensor, shape and dtype.
 */
export async function importTensorFiles(
  store: AppStore,
  target: MatrixTarget,
  files: readonly File[],
  read: TensorReader = workerTensorReader,
): Promise<ImportOutcome> {
  const fail = (message: string): ImportOutcome => {
    store.getState().addNotices([message]);
    return { ok: false, status: message, mapping: [] };
  };
  const what = target === 'weights' ? 'your network' : 'your data';
  if (files.length === 0) return { ok: false, status: 'No file chosen', mapping: [] };
  if (target === 'Y')
    return fail(
      'Import of targets Y: .safetensors, .npz and .npy files go in the data X row (a file with X and Y sets both)',
    );
  const several = files.length > 1;
  if (several && !files.every((f) => f.name.toLowerCase().endsWith('.npy')))
    return fail(
      `Import of ${what}: choose one .safetensors or .npz file, or several .npy files (one tensor each); got ${files.length} files`,
    );
  let total = 0;
  for (const file of files) {
    total += file.size;
    if (file.size > MAX_IMPORT_BYTES || total > MAX_IMPORT_BYTES)
      return fail(
        `Import of ${what}: ${clipText(file.name, 60)}${several ? ' and the files before it are' : ' is'} larger than ${MAX_IMPORT_BYTES} bytes`,
      );
  }
  const ordered = naturalOrder(files);
  const names = ordered.map((f) => clipText(f.name || 'the file', 60));
  let readResult: ImportResult<TensorSources>;
  try {
    readResult = await read(ordered, names, target === 'weights' ? 'weights' : 'data');
  } catch (error) {
    return fail(
      `Import of ${what}: ${names.join(', ')} could not be read (${errorMessage(error)})`,
    );
  }
  if (!readResult.ok) return fail(`Import of ${what} failed: ${readResult.error}`);
  const s = store.getState();
  const merged = withImportedTensors(s.params, readResult.value);
  if (!merged.ok) {
    const field = merged.field ? ` (field "${merged.field}")` : '';
    return fail(`Import of ${what} failed${field}: ${merged.error}`);
  }
  s.replaceParams(merged.value);
  s.commitHistory();
  s.addNotices([...readResult.warnings, ...merged.warnings].map((w) => `Import of ${what}: ${w}`));
  const { layers, data } = readResult.value;
  const status = layers
    ? `Imported your network (${layers.value.L} layer${layers.value.L === 1 ? '' : 's'}${layers.value.biases ? ' with biases' : ''}) from ${layers.file}`
    : `Imported your data (X ${data!.value.n} × ${data!.value.d}${data!.value.Y ? `, Y ${data!.value.n} × ${data!.value.k}` : ''}) from ${data!.file}`;
  return { ok: true, status, mapping: importedLines(readResult.value) };
}

/** CSV files through {@link importMatrixFiles}, tensor files through {@link importTensorFiles}. */
export async function importOwnFiles(
  store: AppStore,
  target: MatrixTarget,
  files: readonly File[],
  parse: MatrixParser = workerParser,
  read: TensorReader = workerTensorReader,
): Promise<ImportOutcome> {
  const tensors = files.filter(isTensorFile).length;
  if (tensors === 0) {
    const before = store.getState().params;
    const status = await importMatrixFiles(store, target, files, parse);
    return { ok: store.getState().params !== before, status, mapping: [] };
  }
  if (tensors < files.length) {
    const message = `Import of ${MATRIX_TARGET_NAMES[target]}: choose CSV files or tensor files (.safetensors, .npz, .npy), not both`;
    store.getState().addNotices([message]);
    return { ok: false, status: message, mapping: [] };
  }
  return importTensorFiles(store, target, files, read);
}
