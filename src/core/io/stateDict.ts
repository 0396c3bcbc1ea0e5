/**
 * From the tensors of a file to what a configuration needs (contract.md §1–§2; docs/gn-math.md
 * §1 and §11): a PyTorch `state_dict` becomes the weights W¹…Wᴸ (Wˡ is m_l × m_{l−1}, exactly
 * PyTorch's `Linear.weight` out × in) and the biases bˡ, and a data file becomes X (n × d) and
 * Y (n × k). Layers are the `<prefix>.weight` matrices in natural order of their prefixes, as
 * nn.Sequential (`0`, `2`, `10`) and named modules (`fc1`, `fc2`, `fc10`) write them; the shapes
 * must chain. Everything not used is listed, with the reason. Pure.
 */
import type { ImportResult } from '../importing';
import { FILE_NAME_CHARS, clipText } from '../text';
import { formatShape, type Tensor } from './tensor';

export interface ImportedLayers {
  /** Wˡ as m_l rows of m_{l−1} numbers, first layer first (docs/gn-math.md §1). */
  weights: number[][][];
  /** bˡ (length m_l) for every layer, or null when the file has no biases (§11). */
  biases: number[][] | null;
  d: number;
  k: number;
  /** Hidden widths m_1 … m_{L−1}. */
  widths: number[];
  L: number;
  /** Where each layer came from: `layer 1 ← 0.weight 100 × 49, 0.bias`. */
  mapping: string[];
  /** Every tensor not used, with the reason. */
  ignored: string[];
}

export interface ImportedData {
  /** n rows of d numbers. */
  X: number[][];
  /** n rows of k numbers, or null when the file has no Y. */
  Y: number[][] | null;
  n: number;
  d: number;
  k: number | null;
  mapping: string[];
  ignored: string[];
}

const q = (name: string) => `"${clipText(name, 60)}"`;
const described = (t: Tensor) => `${q(t.name)} (${formatShape(t.shape)}, ${clipText(t.dtype, 20)})`;

/**
 * Natural order: names split into digit and non-digit runs, digit runs compared as numbers
 * (`fc2` < `fc10`, `net.2` < `net.10`), the rest by code unit.
 */
export function naturalCompare(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      // Compare as integers of any length: strip leading zeros, then length, then digits.
      const sx = x.replace(/^0+(?=\d)/, '');
      const sy = y.replace(/^0+(?=\d)/, '');
      if (sx.length !== sy.length) return sx.length - sy.length;
      if (sx !== sy) return sx < sy ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  return ra.length - rb.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Rows of a row-major matrix, refusing non-finite entries by name and index. */
function rows(file: string, t: Tensor, r: number, c: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < r; i++) {
    const row = Array.from(t.data.subarray(i * c, (i + 1) * c));
    const bad = row.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new MappingError(
        `${file}, tensor ${described(t)}: the value at [${t.shape.length > 1 ? `${i}, ${bad}` : bad}] is ${row[bad]}; gnlens needs finite numbers`,
        t.name,
      );
    out.push(row);
  }
  return out;
}

/** Runs `build`, turning its messages into an {@link ImportResult} (the only throw is ours). */
function result<T>(build: (warnings: string[]) => T, field?: (e: Error) => string | undefined) {
  const warnings: string[] = [];
  try {
    return { ok: true as const, value: build(warnings), warnings };
  } catch (e) {
    const error = (e as Error).message;
    const f = field?.(e as Error);
    return f === undefined
      ? { ok: false as const, error }
      : { ok: false as const, error, field: f };
  }
}

class MappingError extends Error {
  constructor(
    message: string,
    readonly tensor: string,
  ) {
    super(message);
  }
}

const BN_STATS = /(^|\.)(running_mean|running_var|num_batches_tracked)$/;

/**
 * The layers of a PyTorch-style state_dict. `file` names the file in every message.
 * Biases are all or none: when only some layers have one, the others get zeros (with a warning).
 */
export function stateDictToLayers(
  tensors: readonly Tensor[],
  file: string,
): ImportResult<ImportedLayers> {
  const name = clipText(file, FILE_NAME_CHARS);
  return result(
    (warnings) => {
      const byName = new Map(tensors.map((t) => [t.name, t]));
      const ignored: string[] = [];
      const prefixes: string[] = [];
      const norms: string[] = [];
      for (const t of tensors) {
        if (BN_STATS.test(t.name)) {
          ignored.push(`${t.name}: normalisation running statistics`);
          continue;
        }
        const w = /^(.*)\.weight$/.exec(t.name);
        const b = /^(.*)\.bias$/.exec(t.name);
        if (w) {
          const prefix = w[1]!;
          if (t.shape.length === 2) prefixes.push(prefix);
          else if (t.shape.length === 1) {
            ignored.push(`${t.name}: 1-D weight (the scale of a normalisation layer)`);
            norms.push(prefix);
          } else
            throw new MappingError(
              `${name}, tensor ${described(t)}: a ${t.shape.length}-D weight (a convolution or embedding?); gnlens reads linear layers, weights out × in`,
              t.name,
            );
        } else if (b) {
          const owner = byName.get(`${b[1]!}.weight`);
          if (!owner || owner.shape.length !== 2)
            ignored.push(
              owner
                ? `${t.name}: shift of a normalisation layer`
                : `${t.name}: ${t.shape.length}-D tensor without a weight`,
            );
        } else ignored.push(`${t.name}: not a .weight or .bias of a layer`);
      }
      if (prefixes.length === 0)
        throw new MappingError(
          `${name} has no layer weights: no 2-D tensor named <prefix>.weight (found ${
            tensors
              .slice(0, 6)
              .map((t) => q(t.name))
              .join(', ') || 'no tensors'
          }${tensors.length > 6 ? ', …' : ''})`,
          '',
        );
      if (norms.length > 0)
        warnings.push(
          `${name}: the normalisation layers ${norms.map(q).join(', ')} were ignored (set batchNorm to model batch norm; it starts at γ = 1, β = 0)`,
        );
      prefixes.sort(naturalCompare);
      const order = `layers are taken in natural order of their names: ${prefixes.map(q).join(', ')}`;
      const weights: number[][][] = [];
      const biases: (number[][] | null)[] = [];
      const mapping: string[] = [];
      let prev: Tensor | null = null;
      for (const [l, prefix] of prefixes.entries()) {
        const w = byName.get(`${prefix}.weight`)!;
        const [out, inp] = w.shape as [number, number];
        if (out === 0 || inp === 0)
          throw new MappingError(
            `${name}, tensor ${described(w)}: a layer needs at least one row and column`,
            w.name,
          );
        if (prev && prev.shape[0] !== inp)
          throw new MappingError(
            `${name}: the shapes do not chain: layer ${l + 1}, tensor ${described(w)}, takes ${inp} inputs but layer ${l}, tensor ${described(prev)}, gives ${prev.shape[0]} outputs (${order})`,
            w.name,
          );
        weights.push(rows(name, w, out, inp));
        const bias = byName.get(`${prefix}.bias`);
        let line = `layer ${l + 1} ← ${clipText(w.name, 60)} ${formatShape(w.shape)}`;
        if (bias) {
          if (bias.shape.length !== 1 || bias.shape[0] !== out)
            throw new MappingError(
              `${name}: tensor ${described(bias)} must be a vector of length ${out}, the rows of ${described(w)}`,
              bias.name,
            );
          biases.push(rows(name, bias, 1, out));
          line += `, ${clipText(bias.name, 60)}`;
        } else biases.push(null);
        mapping.push(line);
        prev = w;
      }
      const withBias = biases.filter((b) => b !== null).length;
      let allBiases: number[][] | null = null;
      if (withBias > 0) {
        allBiases = biases.map((b, l) => b?.[0] ?? new Array<number>(weights[l]!.length).fill(0));
        const missing = biases.flatMap((b, l) => (b === null ? [l] : []));
        if (missing.length > 0) {
          warnings.push(
            `${name}: biases are all or none, so layers without one get zeros: layer ${missing.map((l) => l + 1).join(', ')}`,
          );
          for (const l of missing) mapping[l] += ' (no bias: zeros)';
        }
      }
      const L = weights.length;
      return {
        weights,
        biases: allBiases,
        d: weights[0]![0]!.length,
        k: weights[L - 1]!.length,
        widths: weights.slice(0, -1).map((w) => w.length),
        L,
        mapping,
        ignored,
      };
    },
    (e) => (e instanceof MappingError && e.tensor !== '' ? e.tensor : undefined),
  );
}

/** X (n × d) and optional Y (n × k, or a 1-D Y of length n as n × 1) of a data file. */
export function dataArrays(tensors: readonly Tensor[], file: string): ImportResult<ImportedData> {
  const name = clipText(file, FILE_NAME_CHARS);
  return result(
    (warnings) => {
      const X = tensors.find((t) => t.name === 'X');
      const Y = tensors.find((t) => t.name === 'Y');
      const ignored = tensors.filter((t) => t !== X && t !== Y).map((t) => `${t.name}: not X or Y`);
      if (!X)
        throw new MappingError(
          `${name} has no tensor named X (found ${
            tensors
              .slice(0, 6)
              .map((t) => q(t.name))
              .join(', ') || 'no tensors'
          })`,
          'X',
        );
      if (X.shape.length !== 2 || X.shape[0] === 0 || X.shape[1] === 0)
        throw new MappingError(
          `${name}, tensor ${described(X)}: X must be a non-empty matrix, n samples × d features (a single feature as X[:, None])`,
          'X',
        );
      const [n, d] = X.shape as [number, number];
      const mapping = [`X ← ${formatShape(X.shape)}`];
      let y: number[][] | null = null;
      let k: number | null = null;
      if (Y) {
        const two = Y.shape.length === 2 ? (Y.shape as [number, number]) : null;
        const ok =
          (two && two[0] === n && two[1] > 0) || (Y.shape.length === 1 && Y.shape[0] === n);
        if (!ok)
          throw new MappingError(
            `${name}: tensor ${described(Y)} must be n × k or a vector of length n, with n = ${n} the rows of ${described(X)}`,
            'Y',
          );
        k = two ? two[1] : 1;
        y = rows(name, Y, n, k);
        mapping.push(`Y ← ${formatShape(Y.shape)}${two ? '' : ` (as ${n} × 1)`}`);
        // Integer labels (e.g. MNIST's digits) are not one-hot targets; say how they are read.
        if (!two && /^([<>|=]?[iub]\d+|[IU]\d+|BOOL)$/.test(Y.dtype))
          warnings.push(
            `${name}: Y holds integers (${clipText(Y.dtype, 20)}), used as one regression target per sample; for class labels save one-hot targets (n × k)`,
          );
      }
      return { X: rows(name, X, n, d), Y: y, n, d, k, mapping, ignored };
    },
    (e) => (e instanceof MappingError ? e.tensor : undefined),
  );
}
