/**
 * Explicit matrices in a JSON configuration (docs/contract.md §1): data X, targets Y, and the
 * weights in the layouts of each model. Every entry is checked (finite numbers, consistent
 * shapes, a chain of layers) before use; errors name the entry, e.g. `weights[1][0][2]`.
 */
import { NUM_SPECS, ConfigError, MAX_EXPLICIT_ENTRIES } from './specs';
import { showValue as show } from '../paramRows';
import type { GnConfig } from '../types';

export function strictMatrix(field: string, v: unknown, rows?: number, cols?: number): number[][] {
  if (!Array.isArray(v) || v.length === 0)
    throw new ConfigError(field, `${field} must be a non-empty array of rows; got ${show(v)}`);
  if (rows !== undefined && v.length !== rows)
    throw new ConfigError(field, `${field} must have ${rows} rows; got ${v.length}`);
  const first = v[0];
  if (!Array.isArray(first) || first.length === 0)
    throw new ConfigError(
      `${field}[0]`,
      `${field}[0] must be a non-empty array of numbers; got ${show(first)}`,
    );
  const c = cols ?? first.length;
  if (v.length * c > MAX_EXPLICIT_ENTRIES)
    throw new ConfigError(
      field,
      `${field} has ${v.length}×${c} entries; at most ${MAX_EXPLICIT_ENTRIES} are accepted`,
    );
  v.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== c) {
      throw new ConfigError(
        `${field}[${i}]`,
        `${field}[${i}] must be an array of ${c} numbers; got ${show(row)}`,
      );
    }
    row.forEach((x: unknown, j) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new ConfigError(
          `${field}[${i}][${j}]`,
          `${field}[${i}][${j}] must be a finite number; got ${show(x)}`,
        );
      }
    });
  });
  return v as number[][];
}

export function normalizeWeights(raw: Record<string, unknown>, c: GnConfig): void {
  const w = raw.weights;
  if (!Array.isArray(w) || w.length === 0)
    throw new ConfigError(
      'weights',
      `weights must be a non-empty array of matrices; got ${show(w)}`,
    );
  if (c.model === 'cnn1d') {
    normalizeCnnWeights(raw, w, c);
    return;
  }
  if (w.length > NUM_SPECS.L.max)
    throw new ConfigError(
      'weights',
      `weights has ${w.length} matrices; at most ${NUM_SPECS.L.max}`,
    );
  if (raw.L !== undefined && raw.L !== w.length)
    throw new ConfigError('weights', `weights has ${w.length} matrices but L = ${show(raw.L)}`);
  const mats = w.map((mat, l) => strictMatrix(`weights[${l}]`, mat));
  const d0 = mats[0]![0]!.length;
  if (c.X && d0 !== c.d)
    throw new ConfigError(
      'weights[0]',
      `weights[0] has ${d0} columns but X rows have d = ${c.d} entries`,
    );
  if (!c.X && raw.d !== undefined && d0 !== c.d)
    throw new ConfigError('weights[0]', `weights[0] has ${d0} columns but d = ${c.d}`);
  for (let l = 1; l < mats.length; l++) {
    const cols = mats[l]![0]!.length;
    const prevRows = mats[l - 1]!.length;
    if (cols !== prevRows)
      throw new ConfigError(
        `weights[${l}]`,
        `weights[${l}] has ${cols} columns but weights[${l - 1}] has ${prevRows} rows`,
      );
  }
  const kOut = mats[mats.length - 1]!.length;
  if (raw.k !== undefined && kOut !== c.k)
    throw new ConfigError(
      `weights[${mats.length - 1}]`,
      `the last weight matrix has ${kOut} rows but k = ${c.k}`,
    );
  const widths = mats.slice(0, -1).map((mat) => mat.length);
  if (raw.m !== undefined) {
    const given =
      typeof raw.m === 'number' ? widths.map(() => raw.m as number) : (raw.m as number[]);
    if (given.length !== widths.length || given.some((x, i) => x !== widths[i])) {
      throw new ConfigError(
        'm',
        `m = ${show(raw.m)} does not match the widths of weights (${widths.join(', ')})`,
      );
    }
  }
  c.weights = mats;
  c.L = mats.length;
  c.d = d0;
  c.k = kOut;
  c.m = widths;
}

/**
 * cnn1d layout (contract.md §1): the conv kernels first, each [c_out][c_in][K] (c_in = 1 for the
 * first, c after), then the readout as k rows of c·d_last numbers. Sets filters, kernel,
 * convLayers and k from the shapes; d must come from X or the config.
 */
function normalizeCnnWeights(raw: Record<string, unknown>, w: unknown[], c: GnConfig): void {
  if (w.length < 2)
    throw new ConfigError(
      'weights',
      `a cnn1d needs at least one kernel and the readout; got ${w.length} entries`,
    );
  const kernels = w.slice(0, -1).map((kern, l) => strictKernel(`weights[${l}]`, kern));
  const first = kernels[0]!;
  const filters = first.length;
  const K = first[0]![0]!.length;
  kernels.forEach((kern, l) => {
    const cIn = l === 0 ? 1 : filters;
    if (kern.length !== filters || kern[0]!.length !== cIn || kern[0]![0]!.length !== K) {
      throw new ConfigError(
        `weights[${l}]`,
        `weights[${l}] must be a [${filters}][${cIn}][${K}] kernel; got [${kern.length}][${kern[0]!.length}][${kern[0]![0]!.length}]`,
      );
    }
    kern.forEach((outRow, o) =>
      outRow.forEach((inRow, i) => {
        if (inRow.length !== K)
          throw new ConfigError(
            `weights[${l}][${o}][${i}]`,
            `weights[${l}][${o}][${i}] must have K = ${K} entries; got ${inRow.length}`,
          );
      }),
    );
  });
  const dLast = c.d - kernels.length * (K - 1);
  if (dLast < 1)
    throw new ConfigError(
      'weights',
      `d = ${c.d} is too short for ${kernels.length} convolutions of size ${K}`,
    );
  const readout = strictMatrix(
    `weights[${kernels.length}]`,
    w[w.length - 1],
    undefined,
    filters * dLast,
  );
  if (raw.k !== undefined && readout.length !== c.k)
    throw new ConfigError(
      `weights[${kernels.length}]`,
      `the readout has ${readout.length} rows but k = ${c.k}`,
    );
  c.kernels = kernels;
  c.weights = [readout];
  c.filters = filters;
  c.kernel = K;
  c.convLayers = kernels.length;
  c.k = readout.length;
}

function strictKernel(field: string, v: unknown): number[][][] {
  if (!Array.isArray(v) || v.length === 0)
    throw new ConfigError(field, `${field} must be a [c_out][c_in][K] kernel; got ${show(v)}`);
  return v.map((row, o) => strictMatrix(`${field}[${o}]`, row));
}

/**
 * Explicit biases (docs/contract.md §1): one vector per layer, bˡ of length m_l, finite
 * numbers; they switch `bias` on (a JSON that says `"bias": false` beside them is refused).
 */
export function normalizeBiases(raw: Record<string, unknown>, c: GnConfig): void {
  const b = raw.biases;
  if (raw.bias === false)
    throw new ConfigError(
      'biases',
      'biases are given but bias is false: leave bias out or set it true',
    );
  if (c.model !== 'mlp')
    throw new ConfigError('biases', 'the 1-D CNN of gn-math.md §7 has no biases');
  const sizes = [...c.m, c.k];
  if (!Array.isArray(b) || b.length !== c.L)
    throw new ConfigError(
      'biases',
      `biases must list L = ${c.L} vectors (one per layer); got ${Array.isArray(b) ? b.length : show(b)}`,
    );
  c.biases = b.map((v: unknown, l) => {
    const len = sizes[l]!;
    if (!Array.isArray(v) || v.length !== len)
      throw new ConfigError(
        `biases[${l}]`,
        `biases[${l}] must be ${len} numbers (layer ${l + 1} has ${len} outputs); got ${show(v)}`,
      );
    v.forEach((x: unknown, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x))
        throw new ConfigError(
          `biases[${l}][${i}]`,
          `biases[${l}][${i}] must be a finite number; got ${show(x)}`,
        );
    });
    return v as number[];
  });
  c.bias = true;
}
