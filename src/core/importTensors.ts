/**
 * Your own network from the files researchers save (issue "own network", items 2 and 4): the
 * tensors of `.safetensors` / `.npz` / `.npy` files (src/core/io) mapped to layers and data and
 * merged into a configuration, which {@link normalizeConfig} then validates like any JSON
 * configuration (every error a ConfigError naming the field). The weights fix L, d, the widths
 * and k (and the biases, switching `bias` on); a data file fixes X (n and d) and Y. Shared by
 * the CLI (`--weights FILE --data FILE`) and the page's import worker. Pure.
 */
import { ConfigError, configToJson, MAX_EXPLICIT_ENTRIES, normalizeConfig } from './config';
import type { ImportResult } from './importing';
import {
  dataArrays,
  parseTensorFile,
  stateDictToLayers,
  type ImportedData,
  type ImportedLayers,
  type Tensor,
} from './io';
import { FILE_NAME_CHARS, clipText } from './text';
import type { GnConfig } from './types';

/** One file as bytes, with the name every message uses. */
export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

/** What was read, and from where (`file` names the file or, for several .npy, the set). */
export interface TensorSources {
  layers?: { file: string; value: ImportedLayers };
  data?: { file: string; value: ImportedData };
}

/** The name used for a set of files: the one file's name, or `a.npy, b.npy (2 files)`. */
export function filesLabel(files: readonly { name: string }[]): string {
  if (files.length === 1) return clipText(files[0]!.name, FILE_NAME_CHARS);
  const names = files.slice(0, 3).map((f) => clipText(f.name, 40));
  return `${names.join(', ')}${files.length > 3 ? ', …' : ''} (${files.length} files)`;
}

/**
 * The tensors of several files together, at most `maxElements` numbers in all (each file is
 * read with what is left of the budget). Names must be unique across the files.
 */
export function readTensors(
  files: readonly NamedBytes[],
  maxElements: number = MAX_EXPLICIT_ENTRIES,
): ImportResult<Tensor[]> {
  if (files.length === 0) return { ok: false, error: 'no file given' };
  const tensors: Tensor[] = [];
  const warnings: string[] = [];
  const seen = new Map<string, string>();
  let used = 0;
  for (const file of files) {
    const parsed = parseTensorFile(file.bytes, file.name, { maxElements: maxElements - used });
    if (!parsed.ok)
      return used > 0 && /exceed the limit/.test(parsed.error)
        ? {
            ...parsed,
            error: `${parsed.error} (what is left of ${maxElements} for all the files: the files before it hold ${used})`,
          }
        : parsed;
    for (const t of parsed.value.tensors) {
      const other = seen.get(t.name);
      if (other !== undefined)
        return {
          ok: false,
          field: t.name,
          error: `${clipText(file.name, FILE_NAME_CHARS)}, tensor "${clipText(t.name, 60)}": ${clipText(other, 60)} has a tensor of the same name`,
        };
      seen.set(t.name, file.name);
      used += t.data.length;
      tensors.push(t);
    }
    warnings.push(...parsed.warnings);
  }
  return { ok: true, value: tensors, warnings };
}

/** Layers W¹…Wᴸ (and biases) of a state_dict held by `files` (one file, or one .npy per tensor). */
export function readLayerFiles(
  files: readonly NamedBytes[],
  maxElements?: number,
): ImportResult<{ file: string; value: ImportedLayers }> {
  const file = filesLabel(files);
  const tensors = readTensors(files, maxElements);
  if (!tensors.ok) return tensors;
  const layers = stateDictToLayers(tensors.value, file);
  if (!layers.ok) return layers;
  return {
    ok: true,
    value: { file, value: layers.value },
    warnings: [...tensors.warnings, ...layers.warnings],
  };
}

/**
 * X (and Y) of a data file: tensors named `X` and `Y`; a file holding one tensor of another
 * name (a lone `.npy`) is read as X.
 */
export function readDataFiles(
  files: readonly NamedBytes[],
  maxElements?: number,
): ImportResult<{ file: string; value: ImportedData }> {
  const file = filesLabel(files);
  const tensors = readTensors(files, maxElements);
  if (!tensors.ok) return tensors;
  let list = tensors.value;
  const warnings = [...tensors.warnings];
  if (list.length === 1 && list[0]!.name !== 'X' && list[0]!.name !== 'Y') {
    warnings.push(`${file}: its one tensor "${clipText(list[0]!.name, 60)}" is read as X`);
    list = [{ ...list[0]!, name: 'X' }];
  }
  const data = dataArrays(list, file);
  if (!data.ok) return data;
  return {
    ok: true,
    value: { file, value: data.value },
    warnings: [...warnings, ...data.warnings],
  };
}

/** What a set of tensor files is imported as: a network's layers, or a data batch. */
export type TensorRole = 'weights' | 'data';

/** {@link readLayerFiles} or {@link readDataFiles} by `role`, as {@link TensorSources}. */
export function readTensorSources(
  files: readonly NamedBytes[],
  role: TensorRole,
  maxElements?: number,
): ImportResult<TensorSources> {
  if (role === 'weights') {
    const layers = readLayerFiles(files, maxElements);
    return layers.ok ? { ...layers, value: { layers: layers.value } } : layers;
  }
  const data = readDataFiles(files, maxElements);
  return data.ok ? { ...data, value: { data: data.value } } : data;
}

/** A refusal that names the field, in the shape of an {@link ImportResult}. */
const refuse = (field: string, error: string) => ({ ok: false as const, field, error });

/**
 * `config` with the imported layers and/or data in place, validated by {@link normalizeConfig}.
 * Shapes the files fix override the configuration's L, d, m, k and bias (with a warning when
 * they differ); a Y of `config` that no longer fits is dropped with a warning; the two files must
 * agree with each other (X's columns = the first layer's inputs, Y's columns = the last
 * layer's outputs). Nothing is changed on error.
 */
export function withImportedTensors(
  config: GnConfig,
  sources: TensorSources,
): ImportResult<GnConfig> {
  const { layers, data } = sources;
  if (!layers && !data) return { ok: false, error: 'no file given' };
  const raw = configToJson(config);
  const warnings: string[] = [];
  const dropY = (why: string) => {
    if (raw.Y === undefined) return;
    delete raw.Y;
    warnings.push(`the targets Y of the configuration were removed: ${why}`);
  };
  const d = layers ? layers.value.d : config.weights ? config.d : null;
  const k = layers ? layers.value.k : config.weights ? config.k : null;
  const weightsFile = layers ? layers.file : 'the imported weights';
  if (layers) {
    const w = layers.value;
    if (config.model !== 'mlp')
      return refuse(
        'model',
        `${layers.file}: weights from tensor files are for the MLP (model "mlp"); the configuration has model "${config.model}"`,
      );
    const fixed: string[] = [];
    if (config.L !== w.L) fixed.push(`L = ${w.L} (not ${config.L})`);
    if (config.m.join() !== w.widths.join())
      fixed.push(`widths ${w.widths.join(', ') || 'none'} (not ${config.m.join(', ') || 'none'})`);
    if (!data && !config.X && config.d !== w.d) fixed.push(`d = ${w.d} (not ${config.d})`);
    if (config.k !== w.k) fixed.push(`k = ${w.k} (not ${config.k})`);
    if (fixed.length > 0) warnings.push(`${layers.file} fixes ${fixed.join(', ')}`);
    raw.weights = w.weights;
    raw.L = w.L;
    raw.m = [...w.widths];
    raw.k = w.k;
    if (!data && config.X && config.X[0]!.length !== w.d)
      return refuse(
        'weights[0]',
        `${layers.file}: the first layer, ${w.mapping[0]}, takes ${w.d} inputs but the imported X has ${config.X[0]!.length} columns`,
      );
    if (!config.X) raw.d = w.d;
    // The file fixes bias too (contract.md §2.1): on with its biases, off without.
    if (w.biases) {
      raw.biases = w.biases;
      raw.bias = true;
    } else {
      delete raw.biases;
      if (config.bias) warnings.push(`${layers.file} has no biases: bias is off`);
      raw.bias = false;
    }
    if (!data?.value.Y && config.Y && config.Y[0]!.length !== w.k)
      dropY(`they have ${config.Y[0]!.length} columns, ${layers.file} gives k = ${w.k}`);
  }
  if (data) {
    const x = data.value;
    if (d !== null && x.d !== d)
      return refuse(
        'X',
        `${data.file}: X is ${x.n} × ${x.d} but the first layer of ${weightsFile} takes d = ${d} inputs`,
      );
    if (x.Y && k !== null && x.k !== k)
      return refuse(
        'Y',
        `${data.file}: Y is ${x.n} × ${x.k} but the last layer of ${weightsFile} gives k = ${k} outputs`,
      );
    raw.X = x.X;
    raw.d = x.d;
    if (x.Y) {
      raw.Y = x.Y;
      raw.k = x.k;
    } else if (config.Y && config.Y.length !== x.n)
      dropY(`they have ${config.Y.length} rows, X in ${data.file} has ${x.n}`);
  }
  try {
    const { config: next, warnings: more } = normalizeConfig(raw);
    return { ok: true, value: next, warnings: [...warnings, ...more] };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, error: e.message, field: e.field };
    throw e;
  }
}

/** The CLI's `"imported"` object: files, the layer mapping, ignored tensors, X's and Y's shapes. */
export function importedSummary(sources: TensorSources): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (sources.layers) {
    out.weights = sources.layers.file;
    out.layers = sources.layers.value.mapping;
  }
  out.ignored = [...(sources.layers?.value.ignored ?? []), ...(sources.data?.value.ignored ?? [])];
  if (sources.data) {
    const x = sources.data.value;
    out.data = sources.data.file;
    out.X = `${x.n} × ${x.d}`;
    out.Y = x.Y ? `${x.n} × ${x.k}` : null;
  }
  return out;
}

/** The same in lines of text, as the page shows it next to the import. */
export function importedLines(sources: TensorSources): string[] {
  const lines: string[] = [];
  if (sources.layers) {
    lines.push(`from ${sources.layers.file}:`, ...sources.layers.value.mapping);
    for (const i of sources.layers.value.ignored) lines.push(`ignored ${i}`);
  }
  if (sources.data) {
    lines.push(`from ${sources.data.file}:`, ...sources.data.value.mapping);
    for (const i of sources.data.value.ignored) lines.push(`ignored ${i}`);
  }
  return lines;
}
