/**
 * Content keys for imported matrices (issue "Robustness": a 4-million-entry X must not cost a
 * JSON string per slider step). Two independent 32-bit hashes of every float64's bit pattern,
 * with the shape, stand for the content in cache keys; fingerprints of the same array object are
 * remembered. A collision would need two different matrices of one shape to agree on 64 bits
 * (probability ~2⁻⁶⁴ per pair). Pure.
 */

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const remembered = new WeakMap<object, string>();

/** A shape-and-content key for a matrix (rows of numbers) or a list of matrices / kernels. */
export function matrixFingerprint(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'undefined';
  const known = remembered.get(value);
  if (known !== undefined) return known;
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  let count = 0;
  const shape: number[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (Array.isArray(node)) {
      if (shape[depth] === undefined) shape[depth] = node.length;
      for (const child of node) visit(child, depth + 1);
      h1 = Math.imul(h1 ^ 0x5bd1e995, 0x01000193) >>> 0; // row boundary: [[1,2]] ≠ [[1],[2]]
      return;
    }
    bits[0] = typeof node === 'number' ? node : NaN;
    for (const w of [words[0]!, words[1]!]) {
      h1 = Math.imul(h1 ^ w, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ w, 0x5bd1e995);
      h2 = (h2 ^ (h2 >>> 15)) >>> 0;
    }
    count++;
  };
  visit(value, 0);
  const key = `${shape.join('x')}:${count}:${h1.toString(36)}:${h2.toString(36)}`;
  remembered.set(value, key);
  return key;
}

const MATRIX_FIELDS: ReadonlySet<string> = new Set(['X', 'Y', 'weights', 'kernels', 'biases']);

/**
 * JSON of a value holding configurations, with every imported matrix (fields X, Y, weights,
 * kernels) replaced by its fingerprint: the key of a request, a cache entry or a sweep.
 */
export function configJson(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) =>
    MATRIX_FIELDS.has(key) && Array.isArray(v) ? `#${matrixFingerprint(v)}` : v,
  );
}
