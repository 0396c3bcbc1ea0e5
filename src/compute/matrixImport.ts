/**
 * Imported matrices (CSV) in the page (issue "Robustness"): data X, targets Y, or weights (one
 * file per layer, taken in natural file-name order: w1, w2, …, w10). Each file's size is checked
 * before it is read; reading and parsing run in a short-lived worker; the matrices are validated
 * against the configuration like a JSON import (src/core/importing.ts). Every message is plain
 * text for the notice area (React renders it as text, never as HTML).
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
