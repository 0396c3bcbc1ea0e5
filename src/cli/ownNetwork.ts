/**
 * `--weights FILE [--data FILE]` for eval, sweep and train (issue "own network", item 2;
 * contract.md §1–2): a `.safetensors`, `.npz` or `.npy` state_dict (or a folder of `.npy`
 * files, one tensor per file named by its stem, e.g. `0.weight.npy`) and a data batch with X
 * (and Y). Sizes are checked from `statSync` before anything is read; the tensors are parsed,
 * mapped and merged by src/core/importTensors.ts and validated by normalizeConfig. Every
 * refusal is a CliError (exit 2) naming the file, and the tensor when there is one.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  importedSummary,
  readDataFiles,
  readLayerFiles,
  withImportedTensors,
  type NamedBytes,
  type TensorSources,
} from '../core/importTensors';
import type { ImportResult } from '../core/importing';
import type { GnConfig } from '../core/types';
import { CliError } from './cliError';
import { MAX_CONFIG_BYTES } from './readInput';

/** The flags this file reads, each followed by a value. */
export const OWN_FLAGS = ['--weights', '--data'] as const;

export interface OwnFlags {
  weights?: string;
  data?: string;
  /** The arguments without these flags and their values. */
  rest: string[];
}

/** Takes `--weights FILE` and `--data FILE` out of `args`. */
export function takeOwnFlags(args: readonly string[]): OwnFlags {
  const out: OwnFlags = { rest: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--weights' || a === '--data') {
      const v = args[i + 1];
      if (v === undefined || (v.startsWith('--') && v.length > 2))
        throw new CliError(`${a} needs a file, e.g. ${a} model.safetensors`, a.slice(2));
      if (out[a === '--weights' ? 'weights' : 'data'] !== undefined)
        throw new CliError(`${a} is given twice`, a.slice(2));
      out[a === '--weights' ? 'weights' : 'data'] = v;
      i++;
    } else out.rest.push(a);
  }
  return out;
}

export const hasOwnFiles = (own: OwnFlags): boolean =>
  own.weights !== undefined || own.data !== undefined;

/**
 * The files behind `path`: the file itself, or every `.npy` of a folder (sorted by name).
 * Their sizes together must not exceed {@link MAX_CONFIG_BYTES}; checked before reading.
 */
export function readTensorPaths(path: string, flag: string): NamedBytes[] {
  let paths: string[];
  let sizes: number[];
  try {
    const st = statSync(path);
    if (st.isDirectory()) {
      paths = readdirSync(path)
        .filter((f) => f.toLowerCase().endsWith('.npy'))
        .sort()
        .map((f) => join(path, f));
      if (paths.length === 0)
        throw new CliError(
          `${flag} ${path}: the folder has no .npy files (one tensor per file, e.g. 0.weight.npy)`,
          flag.slice(2),
        );
      sizes = paths.map((p) => statSync(p).size);
    } else {
      paths = [path];
      sizes = [st.size];
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(
      `cannot read ${path} (${flag}): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      flag.slice(2),
    );
  }
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total > MAX_CONFIG_BYTES)
    throw new CliError(
      `${path} (${flag}) is ${total} bytes; files of at most ${MAX_CONFIG_BYTES} bytes are read`,
      flag.slice(2),
    );
  return paths.map((p) => {
    try {
      return { name: p, bytes: new Uint8Array(readFileSync(p)) };
    } catch (e) {
      throw new CliError(
        `cannot read ${p} (${flag}): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        flag.slice(2),
      );
    }
  });
}

function unwrap<T>(result: ImportResult<T>, warnings: string[]): T {
  if (!result.ok) throw new CliError(result.error, result.field);
  warnings.push(...result.warnings);
  return result.value;
}

/**
 * `config` with the network of `--weights` and the data of `--data` in place, validated; the
 * `"imported"` object the output carries. Throws CliError (exit 2) on any problem.
 */
export function applyOwnFiles(
  config: GnConfig,
  warnings: readonly string[],
  own: OwnFlags,
): { config: GnConfig; warnings: string[]; imported: Record<string, unknown> } {
  const notes = [...warnings];
  const sources: TensorSources = {};
  if (own.weights !== undefined)
    sources.layers = unwrap(readLayerFiles(readTensorPaths(own.weights, '--weights')), notes);
  if (own.data !== undefined)
    sources.data = unwrap(readDataFiles(readTensorPaths(own.data, '--data')), notes);
  const next = unwrap(withImportedTensors(config, sources), notes);
  return { config: next, warnings: notes, imported: importedSummary(sources) };
}
