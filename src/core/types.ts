/**
 * Plain, structured-clone-safe types that cross boundaries: JSON config ↔ URL ↔ store params,
 * and worker results ↔ UI ↔ CLI output. Conventions: gn-math.md §1; field names: contract.md §1–2.
 */

export type ModelKind = 'mlp' | 'cnn1d';
export type Activation = 'linear' | 'relu' | 'leaky_relu';
export type InitName = 'kaiming_normal' | 'xavier_normal' | 'orthogonal';
export type SkipPlacement = 'all' | 'hidden';
export type DataSource = 'gaussian' | 'iid' | 'fashion-mnist' | 'mnist' | 'digits';

/** How the data X (n × d) is made (gn-math.md §9). */
export interface DataSpec {
  /** "gaussian": exact covariance with κ(Σ) = kappa; "iid": plain i.i.d. N(0, 1). */
  source: DataSource;
  /** number of samples */
  n: number;
  /** prescribed data condition number κ(Σ) (source "gaussian" only); 1 = exactly white */
  kappa: number;
  /** the paper's whitening X ← UVᵀ */
  whiten: boolean;
  /** subtract the column means first (off by default, as in the paper) */
  center: boolean;
  /** image downsampling stride (image data sets only) */
  stride: number;
}

/** A fully normalised configuration: every field present and validated (contract.md §1). */
export interface GnConfig {
  model: ModelKind;
  /** number of weight matrices */
  L: number;
  d: number;
  k: number;
  /** the L − 1 hidden widths m_1 … m_{L−1} */
  m: number[];
  activation: Activation;
  /** leaky-ReLU slope α */
  alpha: number;
  /** residual strength β (0 = no skips) */
  beta: number;
  skip: SkipPlacement;
  batchNorm: boolean;
  init: InitName;
  seed: number;
  data: DataSpec;
  /** rank cut-off relative to λ_max */
  rtol: number;
  /** fraction of each weight matrix pruned by magnitude */
  prune: number;
  filters: number;
  kernel: number;
  convLayers: number;
  /** explicit data: n rows of length d (overrides `data`) */
  X?: number[][];
  /** explicit weights: L matrices, Wˡ as m_l rows of m_{l−1} (cnn1d: the readout only) */
  weights?: number[][][];
  /** cnn1d only: explicit conv kernels, each [c_out][c_in][K] (JSON: the first entries of "weights") */
  kernels?: number[][][][];
  /** explicit training targets: n rows of length k */
  Y?: number[][];
  /** biases bˡ on every layer (gn-math.md §11) */
  bias: boolean;
  /** explicit biases: one vector per layer, of length m_l (needs `bias`) */
  biases?: number[][];
}

export type BoundId =
  | 'separation'
  | 'convex'
  | 'max'
  | 'layerwise'
  | 'residualWeyl'
  | 'lowerSeparation'
  | 'lowerTrace'
  | 'relu';

/** Every bound id, in the order of gn-math.md §5–6 (tables, CSV columns, legends). */
export const BOUND_IDS: readonly BoundId[] = [
  'separation',
  'convex',
  'max',
  'layerwise',
  'residualWeyl',
  'relu',
  'lowerSeparation',
  'lowerTrace',
];

/** One bound on κ(G), as every surface reports it (gn-math.md §5, contract.md §2). */
export interface BoundResult {
  id: BoundId;
  /** the bound's value, null when it does not apply */
  value: number | null;
  kind: 'upper' | 'lower';
  applies: boolean;
  /** true: proved in the paper; false: an extension (still a valid bound, see gn-math.md §5) */
  proved: boolean;
  /** value / κ, null when it does not apply or κ is not finite */
  ratio: number | null;
  /** why it does not apply, in words (only when applies is false) */
  reason?: string;
}

/** Which matrix was diagonalised (contract.md §2). */
export type SpectrumMethod = 'reduced-kd' | 'reduced-bn' | 'gram-nk' | 'gn-p';

export interface EvalResult {
  /** κ(G) = λ_max / λ_min⁺ (Infinity when the rank is 0) */
  kappa: number;
  rank: number;
  /** side of the matrix diagonalised */
  size: number;
  method: SpectrumMethod;
  /** the non-zero eigenvalues of JᵀJ/n, descending */
  eigenvalues: number[];
  /** eigenvalues at or below the cut-off (the numerically zero part of the diagonalised matrix), descending */
  discarded: number[];
  /** number of zero eigenvalues of the full p × p GN (p − rank) */
  zeroCount: number;
  /** number of parameters p */
  params: number;
  /** the rank gn-math.md §3 predicts (linear nets), null when no formula applies */
  rankTheory: number | null;
  /** κ⁺(Σ) */
  kappaSigma: number;
  /** rank of Σ */
  rankSigma: number;
  /** the eigenvalues of Σ = XᵀX/n, descending */
  sigmaEigenvalues: number[];
  bounds: Partial<Record<BoundId, BoundResult>>;
  /** notes for the user: data adjustments, uncertain rank gaps, … */
  warnings: string[];
  /** name of the eigenvalue kernel used */
  kernel: string;
  /** cnn1d: κ of the dense-equivalent GN (every Toeplitz entry a free parameter, gn-math.md §7) */
  kappaDenseEquivalent?: number;
  /** cnn1d: the §5 bounds evaluated on the Toeplitz matrices; they bound kappaDenseEquivalent only */
  boundsDenseEquivalent?: Partial<Record<BoundId, BoundResult>>;
  /** batch norm: κ of the same network without batch norm, for comparison */
  kappaWithoutBatchNorm?: number;
  /** biases in a (residual) linear net: κ⁺(Σ̃) of the augmented data X̃ = [X, 1] (gn-math.md §11) */
  kappaSigmaAugmented?: number;
  /** wall time of the evaluation in ms */
  ms: number;
}

/**
 * Where a long exact job is (docs/gn-math.md §13): building the matrix, its reduction to
 * tridiagonal form (the fraction of its flops done), QL. `n` is the eigenproblem's size.
 */
export interface JobProgress {
  phase: 'assembly' | 'reduction' | 'ql';
  fraction: number;
  n?: number;
}
