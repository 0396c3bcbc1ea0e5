/**
 * The front door for the files researchers save (issue "own network", item 3): `.npy`, `.npz`
 * and `.safetensors`, recognised by their first bytes (the name only breaks ties), and a clear
 * refusal, with the two lines of Python that convert, for PyTorch's pickle-based `.pt`/`.pth`
 * files. Input is bytes plus the file name; nothing here touches the DOM or Node. Pure.
 */
import { hasNpyMagic, readNpy } from './npy';
import { hasZipMagic, PICKLE_ADVICE, readNpz } from './npz';
import { looksLikeSafetensors, readSafetensors } from './safetensors';
import {
  baseName,
  fail,
  guard,
  makeContext,
  type ReadContext,
  type ReadOptions,
  type TensorFile,
} from './tensor';
import type { ImportResult } from '../importing';

export type { Tensor, TensorFile, TensorFormat, ReadOptions } from './tensor';
export { DEFAULT_MAX_ELEMENTS, formatShape } from './tensor';
export { parseNpy } from './npy';
export { parseNpz, PICKLE_ADVICE } from './npz';
export { parseSafetensors } from './safetensors';
export { stateDictToLayers, dataArrays } from './stateDict';
export type { ImportedLayers, ImportedData } from './stateDict';

/** Extensions of files that hold pickles (torch.save, pickle.dump, joblib). */
const PICKLE_EXTENSIONS = ['.pt', '.pth', '.pkl', '.pickle', '.ckpt', '.bin', '.joblib'];

function read(ctx: ReadContext, bytes: Uint8Array, name: string): TensorFile {
  const lower = name.toLowerCase();
  // torch.save (since PyTorch 1.6) writes a zip with a pickle inside: the npz reader refuses
  // it as such, with the advice, before anything else.
  if (hasZipMagic(bytes)) return { format: 'npz', tensors: readNpz(ctx, bytes) };
  if (hasNpyMagic(bytes))
    return { format: 'npy', tensors: [readNpy(ctx, bytes, baseName(name, '.npy'))] };
  // A pickle stream of protocol 2–5 starts with the PROTO opcode 0x80 and its version.
  if (bytes[0] === 0x80 && bytes[1] !== undefined && bytes[1] >= 2 && bytes[1] <= 5)
    fail(ctx, `is a Python pickle (as torch.save wrote before PyTorch 1.6). ${PICKLE_ADVICE}`);
  if (looksLikeSafetensors(bytes))
    return { format: 'safetensors', tensors: readSafetensors(ctx, bytes) };
  // Unrecognised bytes: the name says which format was meant, and that reader says what is wrong.
  if (lower.endsWith('.safetensors'))
    return { format: 'safetensors', tensors: readSafetensors(ctx, bytes) };
  if (lower.endsWith('.npz')) return { format: 'npz', tensors: readNpz(ctx, bytes) };
  if (lower.endsWith('.npy'))
    return { format: 'npy', tensors: [readNpy(ctx, bytes, baseName(name, '.npy'))] };
  if (PICKLE_EXTENSIONS.some((ext) => lower.endsWith(ext)))
    fail(ctx, `looks like a PyTorch or pickle file, which gnlens does not read. ${PICKLE_ADVICE}`);
  return fail(ctx, 'is not a .npy, .npz or .safetensors file (its first bytes match none of them)');
}

/**
 * The tensors of a `.npy`, `.npz` or `.safetensors` file, each as float64 in row-major order,
 * or an error naming the file, the tensor, its shape and dtype. At most `maxElements` numbers
 * (all tensors together) are ever allocated. Never throws.
 */
export function parseTensorFile(
  bytes: Uint8Array,
  name: string,
  opts: ReadOptions = {},
): ImportResult<TensorFile> {
  const ctx = makeContext(name, opts);
  return guard(ctx, () => read(ctx, bytes, name));
}
