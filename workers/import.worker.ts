/**
 * Reads and parses imported files off the main thread (a file may hold millions of numbers): a
 * thin comlink adapter over src/core/importing.ts `parseMatrixCsv` (CSV; names the row, line,
 * column and value of the first bad entry) and src/core/importTensors.ts `readTensorSources`
 * (`.safetensors`, `.npz`, `.npy`: a network's layers or a data batch; names the file, tensor,
 * shape and dtype). Sizes are checked before anything is read.
 */
import * as Comlink from 'comlink';
import { MAX_IMPORT_BYTES, parseMatrixCsv } from '../src/core/importing';
import type { ImportResult } from '../src/core/importing';
import { filesLabel, readTensorSources } from '../src/core/importTensors';
import type { NamedBytes, TensorRole, TensorSources } from '../src/core/importTensors';

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

  /** The tensors of `files` (all together at most MAX_IMPORT_BYTES) as layers or data. */
  async readTensors(
    files: Blob[],
    names: string[],
    role: TensorRole,
  ): Promise<ImportResult<TensorSources>> {
    const label = filesLabel(names.map((name) => ({ name })));
    const total = files.reduce((sum, f) => sum + f.size, 0);
    if (files.length === 0 || files.length !== names.length)
      return { ok: false, error: 'no file given' };
    if (total > MAX_IMPORT_BYTES)
      return { ok: false, error: `${label}: ${total} bytes, more than ${MAX_IMPORT_BYTES}` };
    const named: NamedBytes[] = [];
    for (const [i, file] of files.entries()) {
      try {
        named.push({ name: names[i]!, bytes: new Uint8Array(await file.arrayBuffer()) });
      } catch {
        return { ok: false, error: `${names[i]!} could not be read` };
      }
    }
    return readTensorSources(named, role);
  },
};

export type ImportWorkerApi = typeof api;

Comlink.expose(api, self as unknown as Comlink.Endpoint);
