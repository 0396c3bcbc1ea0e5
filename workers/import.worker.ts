/**
 * Reads and parses an imported CSV matrix off the main thread (a file may hold millions of
 * numbers): a thin comlink adapter over src/core/importing.ts `parseMatrixCsv`, which checks the
 * size first and names the row, line, column and value of the first bad entry.
 */
import * as Comlink from 'comlink';
import { MAX_IMPORT_BYTES, parseMatrixCsv } from '../src/core/importing';
import type { ImportResult } from '../src/core/importing';

const api = {
  async parseFile(file: Blob, name: string): Promise<ImportResult<number[][]>> {
    if (file.size > MAX_IMPORT_BYTES)
      return { ok: false, error: `${name} is larger than ${MAX_IMPORT_BYTES} bytes` };
    let text: string;
    try {
      text = await file.text();
    } catch {
      return { ok: false, error: `${name} could not be read` };
    }
    return parseMatrixCsv(text, name);
  },
};

export type ImportWorkerApi = typeof api;

Comlink.expose(api, self as unknown as Comlink.Endpoint);
