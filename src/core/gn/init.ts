/**
 * Weight initialisations (gn-math.md §9). Every draw comes from the seeded `weights` stream, layer
 * by layer, row-major, so a configuration and its seed give the same weights in every engine.
 */
import { createRng, STREAM, type Rng } from '../random';
import { clone, fromRows, transpose, zeros, type Mat } from '../linalg/matrix';
import { LruCache } from '../lruCache';
import { orthonormalColumns } from '../linalg/qr';
import type { Activation, GnConfig, InitName } from '../types';

/** Kaiming gain of an activation: 1 (linear), √2 (ReLU), √(2/(1+α²)) (leaky ReLU). */
export function activationGain(activation: Activation, alpha: number): number {
  if (activation === 'relu') return Math.SQRT2;
  if (activation === 'leaky_relu') return Math.sqrt(2 / (1 + alpha * alpha));
  return 1;
}

/** Layer sizes m_0 = d, m_1 … m_{L−1}, m_L = k (gn-math.md §1). */
export function layerSizes(config: Pick<GnConfig, 'd' | 'k' | 'm'>): number[] {
  return [config.d, ...config.m, config.k];
}

/**
 * One weight matrix `rows × cols` (fan_out × fan_in):
 * - kaiming_normal: N(0, gain²/fan_in);
 * - xavier_normal: N(0, 2/(fan_in + fan_out));
 * - orthogonal: orthonormal rows or columns from the QR of a Gaussian matrix (R with positive
 *   diagonal), gain 1 — the semi-orthogonal matrix with all singular values 1.
 */
export function initMatrix(
  rows: number,
  cols: number,
  init: InitName,
  gain: number,
  rng: Rng,
): Mat {
  if (init === 'orthogonal') {
    const tall = rows >= cols;
    const g = zeros(tall ? rows : cols, tall ? cols : rows);
    rng.fillNormal(g.data);
    const q = orthonormalColumns(g);
    return tall ? q : transpose(q);
  }
  const sd = init === 'xavier_normal' ? Math.sqrt(2 / (rows + cols)) : gain / Math.sqrt(cols);
  const w = zeros(rows, cols);
  rng.fillNormal(w.data, sd);
  return w;
}

/**
 * The L weight matrices W¹…Wᴸ of a configuration: the explicit `weights` when given, else
 * drawn from the seed. Does not apply residual skips (see {@link effectiveWeights}).
 */
export function networkWeights(config: GnConfig): Mat[] {
  if (config.weights) {
    checkExplicitWeights(config, config.weights);
    return config.weights.map((w) => fromRows(w));
  }
  const sizes = layerSizes(config);
  const gain = activationGain(config.activation, config.alpha);
  // Layer l's draws depend on (seed, init, gain) and the shapes of layers 1…l only: a depth step
  // finds all but the last layer drawn before (WEIGHT_PREFIXES) and draws one layer.
  const keys: string[] = [];
  let key = `${config.seed}|${config.init}|${gain}`;
  for (let l = 1; l <= config.L; l++) keys.push((key += `|${sizes[l]}x${sizes[l - 1]}`));
  const out: Mat[] = [];
  let rng: Rng | null = null;
  for (let l = 1; l <= config.L; l++) {
    const hit = WEIGHT_PREFIXES.get(keys[l - 1]!);
    if (!hit) break;
    out.push(clone(hit.w));
    rng = hit.rng;
  }
  rng = rng ? rng.fork() : createRng(config.seed, STREAM.weights);
  for (let l = out.length + 1; l <= config.L; l++) {
    const w = initMatrix(sizes[l]!, sizes[l - 1]!, config.init, gain, rng);
    WEIGHT_PREFIXES.set(keys[l - 1]!, { w, rng: rng.fork() });
    out.push(clone(w));
  }
  return out;
}

/** Matrices drawn by {@link networkWeights} kept for the next call (at most this many doubles). */
const WEIGHT_CACHE_DOUBLES = 4 << 20; // 32 MB

/**
 * Layers drawn before, by the key of the prefix that ends with them, with the generator's state
 * after them; least recently used out first. Callers get copies, so nothing they do reaches it.
 */
const WEIGHT_PREFIXES = new LruCache<{ w: Mat; rng: Rng }>(
  WEIGHT_CACHE_DOUBLES,
  (e) => e.w.data.length,
);

/**
 * The L bias vectors b¹…bᴸ (bˡ of length m_l, gn-math.md §11): the explicit `biases` when given,
 * else zeros. Empty when `bias` is false. Biases are never drawn from the seed, so turning them on
 * leaves the weights unchanged.
 * @throws Error naming the layer when an explicit vector does not fit its layer
 */
export function networkBiases(config: GnConfig): Float64Array[] {
  if (!config.bias) return [];
  const sizes = layerSizes(config);
  return sizes.slice(1).map((len, i) => {
    const given = config.biases?.[i];
    if (given === undefined) return new Float64Array(len);
    if (given.length !== len)
      throw new Error(
        `biases[${i}] has ${given.length} entries but layer ${i + 1} has ${len} outputs`,
      );
    return Float64Array.from(given);
  });
}

/**
 * Explicit weights must match the architecture fields (depth, d, widths, k): a page control or a
 * sweep that moved one of them would otherwise pair the weights with the wrong shapes.
 * @throws Error naming the layer and both shapes
 */
function checkExplicitWeights(config: GnConfig, weights: readonly number[][][]): void {
  if (config.model !== 'mlp') return; // the CNN's readout is checked by its own builder
  if (weights.length !== config.L)
    throw new Error(
      `the imported weights have ${weights.length} layers but the depth is L = ${config.L}`,
    );
  const sizes = layerSizes(config);
  weights.forEach((w, i) => {
    const rows = w.length;
    const cols = w[0]?.length ?? 0;
    if (rows !== sizes[i + 1] || cols !== sizes[i])
      throw new Error(
        `weights[${i}] is ${rows} × ${cols} but layer ${i + 1} of this network needs ${sizes[i + 1]} × ${sizes[i]}`,
      );
  });
}

/** Whether layer l (1-based) carries the residual skip β·E_l (gn-math.md §4). */
export function hasSkip(
  config: Pick<GnConfig, 'beta' | 'skip' | 'L'>,
  l: number,
  rows: number,
  cols: number,
): boolean {
  if (config.beta === 0) return false;
  if (config.skip === 'all') return true;
  // "hidden": square hidden-to-hidden layers only.
  return l > 1 && l < config.L && rows === cols;
}

/** Effective weights W̃ˡ = Wˡ + β E_l on the layers with skips (gn-math.md §4). Pure. */
export function effectiveWeights(config: GnConfig, weights: readonly Mat[]): Mat[] {
  return weights.map((w, i) => {
    if (!hasSkip(config, i + 1, w.rows, w.cols)) return w;
    const out = { rows: w.rows, cols: w.cols, data: w.data.slice() };
    for (let j = 0; j < Math.min(w.rows, w.cols); j++)
      out.data[j * w.cols + j] = out.data[j * w.cols + j]! + config.beta;
    return out;
  });
}
