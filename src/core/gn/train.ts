/**
 * Training mode (issue "Training"): gradient descent on the MSE loss
 * ℓ(θ) = (1/2n) Σᵢ ‖f(xᵢ) − yᵢ‖² of an MLP (linear / ReLU / leaky, residual skips fixed), full
 * batch or mini-batch, with the exact GN spectrum, κ and every bound recorded every few steps
 * (gn-math.md §2–6 via {@link evaluate}, at the current weights). With biases (gn-math.md §11,
 * `bias`), z_l = W̃ˡh_{l−1} + bˡ: the biases get gradients and steps like the weights, and the
 * recorded GN is evaluated with them.
 */
import { createRng, STREAM, type Rng } from '../random';
import { fromRows, toRows, zeros, type Mat } from '../linalg/matrix';
import { isImageSource, oneHotTargets } from '../data/images';
import { DataCache, type ImageProvider } from '../data/synthetic';
import type { BoundId, GnConfig } from '../types';
import { evaluate } from './evaluate';
import { effectiveWeights, networkBiases, networkWeights } from './init';
import { activate, activateDerivative } from './jacobian';
import { applyMasks, pruneMasks, type Mask } from './prune';

export interface TrainSettings {
  /** passes over the data */
  epochs: number;
  /** learning rate η */
  lr: number;
  /** record the GN every `every` steps (step 0 always) */
  every: number;
  /** mini-batch size; undefined or ≥ n = full-batch gradient descent */
  batch?: number;
  /** synthetic data only: standard deviation of the noise added to the teacher's targets */
  noise?: number;
}

export interface TrainRecord {
  step: number;
  epoch: number;
  /** full-data loss (1/2n) Σ ‖f(xᵢ) − yᵢ‖² at this step */
  loss: number;
  kappa: number;
  rank: number;
  bounds: Partial<Record<BoundId, number | null>>;
  /** eigenvalues of the GN at this step (descending), for the animated histogram */
  eigenvalues: number[];
}

/**
 * Targets Y (n × k): explicit `config.Y`; one-hot labels for image data; otherwise a random
 * linear teacher Y = X Tᵀ/√d + noise·N(0, 1), T (k × d) and the noise from the `training` stream.
 */
export function trainingTargets(
  config: GnConfig,
  X: Mat,
  noise: number,
  images?: ImageProvider,
): Mat {
  if (config.Y) return fromRows(config.Y);
  const source = config.data.source;
  if (!config.X && isImageSource(source)) {
    const data = images?.(source);
    if (!data) throw new Error(`the ${source} labels are not loaded`);
    return oneHotTargets(data, X.rows);
  }
  const rng = createRng(config.seed, STREAM.training);
  const { k } = config;
  const d = X.cols;
  const T = zeros(k, d);
  rng.fillNormal(T.data, 1 / Math.sqrt(d));
  const Y = zeros(X.rows, k);
  for (let q = 0; q < X.rows; q++)
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += X.data[q * d + j]! * T.data[c * d + j]!;
      Y.data[q * k + c] = s + (noise > 0 ? noise * rng.normal() : 0);
    }
  return Y;
}

/**
 * Loss and gradients of the MSE on the rows `idx` of X: ℓ = (1/2b) Σ_{i∈idx} ‖f(xᵢ) − yᵢ‖², b = |idx|.
 * Back-propagation in batch form: G_L = E/b, ∇Wˡ = G_lᵀ H_{l−1}, G_{l−1} = (G_l W̃ˡ) ⊙ σ'(Z_{l−1}).
 * Gradients are w.r.t. Wˡ (= w.r.t. W̃ˡ; the skip βE_l is a constant). With `biases` (one per
 * layer, gn-math.md §11) the forward pass adds them and ∇bˡ = G_lᵀ𝟙 (the column sums of G_l);
 * without (none or empty) `biasGrads` is empty. O(b·p).
 */
export function lossAndGradient(
  config: GnConfig,
  eff: readonly Mat[],
  X: Mat,
  Y: Mat,
  idx: readonly number[],
  biases?: readonly Float64Array[] | null,
): { loss: number; grads: Mat[]; biasGrads: Float64Array[] } {
  const { activation, alpha } = config;
  const bias = biases && biases.length > 0 ? biases : null;
  const L = eff.length;
  const b = idx.length;
  const H: Mat[] = [zeros(b, X.cols)];
  idx.forEach((q, r) => H[0]!.data.set(X.data.subarray(q * X.cols, (q + 1) * X.cols), r * X.cols));
  const Z: Mat[] = [];
  for (let l = 0; l < L; l++) {
    const w = eff[l]!;
    const prev = H[l]!;
    const z = zeros(b, w.rows);
    for (let r = 0; r < b; r++)
      for (let i = 0; i < w.rows; i++) {
        let s = 0;
        for (let j = 0; j < w.cols; j++) s += w.data[i * w.cols + j]! * prev.data[r * w.cols + j]!;
        z.data[r * w.rows + i] = bias ? s + bias[l]![i]! : s;
      }
    Z.push(z);
    if (l < L - 1)
      H.push({ rows: b, cols: w.rows, data: z.data.map((v) => activate(v, activation, alpha)) });
  }
  const F = Z[L - 1]!;
  const k = F.cols;
  let loss = 0;
  let G = zeros(b, k);
  idx.forEach((q, r) => {
    for (let c = 0; c < k; c++) {
      const e = F.data[r * k + c]! - Y.data[q * k + c]!;
      loss += e * e;
      G.data[r * k + c] = e / b;
    }
  });
  loss /= 2 * b;
  const grads: Mat[] = new Array<Mat>(L);
  const biasGrads: Float64Array[] = bias ? new Array<Float64Array>(L) : [];
  for (let l = L - 1; l >= 0; l--) {
    const w = eff[l]!;
    const hIn = H[l]!;
    if (bias) {
      const gb = new Float64Array(w.rows);
      for (let r = 0; r < b; r++)
        for (let i = 0; i < w.rows; i++) gb[i] = gb[i]! + G.data[r * w.rows + i]!;
      biasGrads[l] = gb;
    }
    const grad = zeros(w.rows, w.cols);
    for (let r = 0; r < b; r++)
      for (let i = 0; i < w.rows; i++) {
        const g = G.data[r * w.rows + i]!;
        if (g === 0) continue;
        for (let j = 0; j < w.cols; j++)
          grad.data[i * w.cols + j] = grad.data[i * w.cols + j]! + g * hIn.data[r * w.cols + j]!;
      }
    grads[l] = grad;
    if (l === 0) break;
    const zPrev = Z[l - 1]!;
    const next = zeros(b, w.cols);
    for (let r = 0; r < b; r++) {
      for (let i = 0; i < w.rows; i++) {
        const g = G.data[r * w.rows + i]!;
        if (g === 0) continue;
        for (let j = 0; j < w.cols; j++)
          next.data[r * w.cols + j] = next.data[r * w.cols + j]! + g * w.data[i * w.cols + j]!;
      }
      for (let j = 0; j < w.cols; j++)
        next.data[r * w.cols + j] =
          next.data[r * w.cols + j]! *
          activateDerivative(zPrev.data[r * w.cols + j]!, activation, alpha);
    }
    G = next;
  }
  return { loss, grads, biasGrads };
}

/**
 * A training run that advances in chunks (the worker drives it: play, pause, step), with the
 * exact GN recorded every `every` steps, step 0 included. Full batch: one step per epoch.
 * Mini-batch: each epoch visits the samples in a fresh permutation (Fisher–Yates from the
 * `training` stream) in batches of `batch` (the last may be smaller). Deterministic for a given
 * config and settings. Pruned entries (config.prune) stay frozen at 0.
 */
export class Trainer {
  readonly records: TrainRecord[] = [];
  /** steps taken so far */
  step = 0;
  /** epochs completed so far */
  epoch = 0;
  private readonly cache: DataCache;
  private readonly X: Mat;
  private readonly Y: Mat;
  private readonly batch: number;
  private readonly all: number[];
  private readonly rng: Rng;
  private readonly masks: Mask[] | null;
  private raw: Mat[];
  /** b¹ … bᴸ (empty without biases) */
  private biasVectors: Float64Array[];
  private order: number[];
  private cursor = 0;

  /**
   * Prepares data, targets and weights and records step 0.
   * @throws Error for models other than a batch-norm-free MLP, or invalid settings.
   */
  constructor(
    private readonly config: GnConfig,
    private readonly settings: TrainSettings,
    options: { images?: ImageProvider; cache?: DataCache } = {},
  ) {
    if (config.model !== 'mlp') throw new Error('training supports MLPs (model "mlp")');
    if (config.batchNorm)
      throw new Error('training with batch norm is not available; set batchNorm to false');
    const { epochs, lr, every } = settings;
    if (!Number.isInteger(epochs) || epochs < 0)
      throw new Error(`epochs must be a whole number ≥ 0; got ${epochs}`);
    if (!(lr > 0) || !Number.isFinite(lr))
      throw new Error(`lr must be a positive number; got ${lr}`);
    if (!Number.isInteger(every) || every < 1)
      throw new Error(`every must be a whole number ≥ 1; got ${every}`);
    // One data cache for the whole run: X is built once and evaluate sees exactly the same X.
    this.cache = options.cache ?? new DataCache(2, options.images);
    this.X = this.cache.get(config).X;
    const n = this.X.rows;
    this.batch = settings.batch === undefined || settings.batch >= n ? n : settings.batch;
    if (!Number.isInteger(this.batch) || this.batch < 1)
      throw new Error(`batch must be a whole number ≥ 1; got ${settings.batch}`);
    this.Y = trainingTargets(config, this.X, settings.noise ?? 0, options.images);
    this.rng = createRng(config.seed, STREAM.training + 100);
    this.raw = networkWeights(config);
    this.masks = config.prune > 0 ? pruneMasks(this.raw, config.prune) : null;
    if (this.masks) this.raw = applyMasks(this.raw, this.masks);
    this.biasVectors = networkBiases(config);
    this.all = Array.from({ length: n }, (_, i) => i);
    this.order = this.all;
    this.record();
  }

  /** Total steps the settings ask for. */
  get totalSteps(): number {
    return this.settings.epochs * Math.ceil(this.X.rows / this.batch);
  }

  get done(): boolean {
    return this.step >= this.totalSteps;
  }

  /** The current weights Wˡ (pruned entries 0), as nested rows. */
  weights(): number[][][] {
    return this.raw.map(toRows);
  }

  /** The current biases b¹ … bᴸ (empty without biases). */
  biases(): number[][] {
    return this.biasVectors.map((b) => Array.from(b));
  }

  /** Takes up to `maxSteps` steps; returns the records made meanwhile. */
  advance(maxSteps: number): TrainRecord[] {
    const made: TrainRecord[] = [];
    const n = this.X.rows;
    for (let t = 0; t < maxSteps && !this.done; t++) {
      if (this.cursor === 0)
        this.order = this.batch === n ? this.all : shuffled(this.all, this.rng);
      const idx = this.order.slice(this.cursor, this.cursor + this.batch);
      const { grads, biasGrads } = lossAndGradient(
        this.config,
        effectiveWeights(this.config, this.raw),
        this.X,
        this.Y,
        idx,
        this.biasVectors,
      );
      const lr = this.settings.lr;
      this.raw = this.raw.map((w, l) => {
        const g = grads[l]!;
        const mask = this.masks?.[l];
        const out = { rows: w.rows, cols: w.cols, data: new Float64Array(w.data.length) };
        for (let i = 0; i < w.data.length; i++)
          out.data[i] = mask && !mask[i] ? 0 : w.data[i]! - lr * g.data[i]!;
        return out;
      });
      // biases are never pruned (gn-math.md §11)
      this.biasVectors = this.biasVectors.map((b, l) =>
        b.map((v, i) => v - lr * biasGrads[l]![i]!),
      );
      this.step++;
      this.cursor += this.batch;
      if (this.cursor >= n) {
        this.cursor = 0;
        this.epoch++;
      }
      if (
        this.raw.some((w) => w.data.some((v) => !Number.isFinite(v))) ||
        this.biasVectors.some((b) => b.some((v) => !Number.isFinite(v)))
      ) {
        throw new Error(
          `training diverged at step ${this.step} (weights overflowed): lower the learning rate (lr = ${lr})`,
        );
      }
      if (this.step % this.settings.every === 0) made.push(this.record());
    }
    return made;
  }

  private record(): TrainRecord {
    const eff = effectiveWeights(this.config, this.raw);
    const { loss } = lossAndGradient(this.config, eff, this.X, this.Y, this.all, this.biasVectors);
    const r = evaluate(
      {
        ...this.config,
        weights: this.raw.map(toRows),
        ...(this.config.bias ? { biases: this.biases() } : {}),
      },
      { cache: this.cache, ...(this.masks ? { masks: this.masks } : {}) },
    );
    const bounds: Partial<Record<BoundId, number | null>> = {};
    for (const [id, b] of Object.entries(r.bounds)) bounds[id as BoundId] = b ? b.value : null;
    const rec: TrainRecord = {
      step: this.step,
      epoch: this.epoch,
      loss,
      kappa: r.kappa,
      rank: r.rank,
      bounds,
      eigenvalues: r.eigenvalues,
    };
    this.records.push(rec);
    return rec;
  }
}

/** Trains to the end and returns the whole trajectory (the CLI and tests). */
export function train(
  config: GnConfig,
  settings: TrainSettings,
  options: { images?: ImageProvider; cache?: DataCache } = {},
): TrainRecord[] {
  const trainer = new Trainer(config, settings, options);
  while (!trainer.done) trainer.advance(1000);
  return trainer.records;
}

function shuffled(items: readonly number[], rng: { uniform(): number }): number[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}
