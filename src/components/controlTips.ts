/**
 * What each control does to the network, in a sentence (issue "Classroom": "tooltips on every
 * control saying what it does to the network"). Keyed by the control's element id; the fields
 * (RangeField, SelectField, checkboxes) show the tip as their tooltip. A browser test checks
 * that every control of the configuration panel has one.
 */
export const CONTROL_TIPS: Readonly<Record<string, string>> = {
  'ctl-model':
    'MLP: fully connected layers W¹…Wᴸ. 1-D CNN: c filters of size K slide along the input (one Toeplitz matrix per convolution), then a linear readout.',
  'ctl-filters':
    'Channels of each convolution: more filters add parameters that share the same input windows.',
  'ctl-kernel':
    'Length of each filter: longer kernels see wider windows and shorten the output (d − K + 1 per convolution).',
  'ctl-conv': 'Number of stacked convolutions before the readout (1 → c, then c → c channels).',
  'ctl-depth':
    'Number of weight matrices L: f(x) = Wᴸ σ(⋯ σ(W¹x)). Each extra layer multiplies one more factor into the products P_l and Q_l, and usually raises κ.',
  'ctl-width':
    'Units in every hidden layer (all L − 1 of them). Wider layers make the products of weights better conditioned.',
  'ctl-beta':
    'Residual connections: every square layer computes (Wˡ + βI)h. β = 0 is a plain network; larger β pulls each layer towards the identity.',
  'ctl-skip':
    'Which layers get the skip βI: every square layer, or only hidden-to-hidden ones (never the input or output layer).',
  'ctl-activation':
    'The nonlinearity between layers: linear (the deep linear network of the theory), ReLU, or leaky ReLU with slope α.',
  'ctl-alpha':
    'Slope of leaky ReLU for negative inputs: σ(z) = max(z, αz). α = 0 is ReLU, α = 1 linear.',
  'ctl-bn':
    'Normalise every hidden layer over the batch (mean 0, variance 1) with a trainable scale γ and shift β per unit.',
  'ctl-prune':
    'Fraction of each weight matrix set to zero and frozen (smallest |w| first): fewer parameters, usually a lower rank of G.',
  'ctl-init':
    'How the weights are drawn: Kaiming normal (variance 2/fan-in with ReLU, 1/fan-in when linear), Xavier normal (2/(fan-in + fan-out)), or orthogonal.',
  'ctl-seed':
    'Seed of the random weights (and of generated data): the same seed gives the same network, in the page and in the CLI.',
  'ctl-data':
    'Where the inputs X come from: Gaussian with an exact κ(Σ), i.i.d. Gaussian, or real images (Fashion-MNIST, 8×8 digits).',
  'ctl-stride':
    'Keeps every s-th pixel in both directions: fewer input features d, a smaller problem.',
  'ctl-n': 'Number of samples n: the rows of X. G is the average over samples of JᵀJ.',
  'ctl-d': 'Input features d: the columns of X and of the first weight matrix.',
  'ctl-k': 'Outputs k: the rows of the last weight matrix; G has k outputs per sample.',
  'ctl-kx':
    'Condition number of the data covariance Σ = XᵀX/n (exact for the Gaussian source). Every bound on κ(G) carries this factor.',
  'ctl-whiten':
    'Replace X by UVᵀ from its SVD: every non-zero eigenvalue of Σ becomes equal, κ⁺(Σ) = 1.',
  'ctl-center':
    'Subtract each column mean from X before anything else (the paper uses the uncentred Σ).',
  'ctl-own':
    'Use your own data X, targets Y or weights from CSV files instead of generated ones; they fix the sizes they define.',
  'ctl-rtol':
    'An eigenvalue counts as non-zero when λ > rtol · λmax: this cut decides the rank and so the smallest eigenvalue in κ.',
};

/** The tip of control `id`, or undefined. */
export function controlTip(id: string): string | undefined {
  return CONTROL_TIPS[id];
}
