/**
 * The paper's experiments as links (Zhao, Singh & Lucchi, NeurIPS 2024, arXiv 2411.02139): each
 * preset is a canonical query string that sets every control and the sweep, with a paragraph on
 * what the paper found and what to look at. Sizes are chosen so that every sweep finishes within
 * about 20 s on a 2-core laptop (checked with src/core/cost.ts in tests/state/presets.test.ts
 * and timed in the browser by tests/e2e/presets.e2e.mjs); where that needs fewer samples or
 * seeds than the paper used, the text says so.
 */

export interface Preset {
  /** stable id (test ids, screenshots) */
  id: string;
  /** the paper's experiment it reproduces, 1–9 */
  experiment: number;
  title: string;
  /** canonical query string (decodes without notices and re-encodes to itself) */
  query: string;
  /** what the paper found */
  finding: string;
  /** what to look at on the page */
  lookAt: string;
  /** how the browser version differs from the paper's run, if it does */
  reduced?: string;
  /** a companion preset */
  related?: { id: string; text: string };
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'depth-width',
    experiment: 1,
    title: 'Depth and width: κ and the convex-combination bound',
    query: '?v=1&data=mnist&whiten=1&cmp=m:50,100,200&showb=convex',
    finding:
      'For deep linear networks at Kaiming initialisation on whitened 7×7 MNIST digits (k = 10), the paper’s Figure 2 setting, κ(G) grows quickly with depth at a fixed width, and more slowly the wider the network; the convex-combination bound follows κ within a small factor at every depth and width.',
    lookAt:
      'Solid lines are κ(G) for m = 50, 100 and 200 against depth L = 1…10; dashed lines in the same colour are the convex bound B1. The bands show the spread over 3 seeds.',
    reduced:
      'The paper’s setting: n = 1000 MNIST digits (a class-balanced subset of the 2000 shipped), 7×7 (stride 4), whitened, Kaiming, 3 seeds per point.',
  },
  {
    id: 'width-prop-depth',
    experiment: 2,
    title: 'Width growing in proportion to depth',
    query: '?v=1&data=mnist&whiten=1&to=12&pts=12&cmp=mprop:5,10,20&showb=convex',
    finding:
      'When the width grows with the depth (m = c·L), κ(G) no longer blows up with depth: the larger the factor c, the flatter the curve, in line with the wide limit κ(G) → κ(Σ).',
    lookAt:
      'Each colour is one factor c (m = 5L, 10L, 20L). Compare with the fixed-width curves of experiment 1, which keep rising.',
    reduced:
      'The paper’s data: n = 1000 whitened 7×7 MNIST digits, 3 seeds; depths up to 12 (the page’s choice).',
    related: { id: 'depth-width', text: 'fixed widths (experiment 1)' },
  },
  {
    id: 'convex-vs-max',
    experiment: 3,
    title: 'The convex-combination bound against the max bound, one hidden layer',
    query: '?v=1&L=2&data=mnist&whiten=1&sweep=m&to=1000&pts=10',
    finding:
      'With one hidden layer (L = 2) the convex-combination bound is close to κ(G) at every width, while the max bound, which takes the worst layer alone, is looser and needs every layer free of bottlenecks; in deeper networks the gap grows to orders of magnitude (in experiment 1, pick the max bound under “Curves per series”). All of them approach κ as the width grows.',
    lookAt:
      'Green is the convex bound B1, vermillion the max bound B2, black κ(G), against the width on a log axis. Below m = 49 (= d) the hidden layer is a bottleneck: the max bound does not apply there and its curve starts later.',
    reduced: 'The paper’s data: n = 1000 whitened 7×7 MNIST digits, 3 seeds.',
  },
  {
    id: 'residual-beta',
    experiment: 4,
    title: 'Residual connections: how strong β must be',
    query: '?v=1&data=mnist&whiten=1&from=2&to=12&pts=11&cmp=beta:0,isqrt,inv,1,2',
    finding:
      'Skip connections h ← (W + βI)h lower κ(G) sharply once β is of the order of σ₁(W) or larger; without skips κ grows with depth, and at Kaiming initialisation (σ₁(W) ≈ 2 for m = 100) the small schedules that shrink with depth, 1/√(L−1) and 1/(L−1), barely help.',
    lookAt:
      'One curve per β schedule, evaluated at each depth: β = 0 (no skips), 1/√(L−1), 1/(L−1), 1 and 2. Switch the sweep to β to see the transition at a fixed depth.',
    reduced: 'The paper’s data: n = 1000 whitened 7×7 MNIST digits, 3 seeds, width 100.',
  },
  {
    id: 'data-whitening',
    experiment: 5,
    title: 'Data conditioning: raw against whitened images',
    query: '?v=1&data=mnist&cmp=whiten:0,1&showb=convex',
    finding:
      'κ(G) carries the condition number of the data: every bound is κ⁺(Σ) times a term of the weights only, and whitening (κ⁺(Σ) = 1) removes that factor. Raw images are far worse conditioned at every depth.',
    lookAt:
      'Two series against depth: raw and whitened 7×7 MNIST digits, κ solid and the convex bound dashed. The data panel shows Σ’s spectrum; toggle “Whiten the data” to see it collapse to one value.',
    reduced: 'The paper’s data: n = 1000 MNIST digits at 7×7, 3 seeds.',
    related: { id: 'data-kappa', text: 'synthetic data with a prescribed κ(Σ)' },
  },
  {
    id: 'data-kappa',
    experiment: 5,
    title: 'Data conditioning: synthetic κ(Σ) from 1 to 10⁶',
    query: '?v=1&sweep=kx',
    finding:
      'With Gaussian data of exactly prescribed κ(Σ), κ(G) grows in proportion to κ(Σ) (a straight line on log–log axes), and so do the bounds.',
    lookAt:
      'κ(G) and every bound against κ(Σ) on log axes, for the default depth-3 network (m = 100, d = 49, k = 10, n = 1000).',
    related: { id: 'data-whitening', text: 'raw against whitened images' },
  },
  {
    id: 'relu-leaky',
    experiment: 6,
    title: 'Two-layer ReLU and leaky ReLU against linear',
    query:
      '?v=1&L=2&m=20&act=relu&data=mnist&whiten=1&sweep=m&from=5&to=40&pts=5&seeds=2&cmp=act:linear,relu,leaky_relu',
    finding:
      'For two-layer networks the paper bounds κ(G) through the data Gram matrix and the feature Gram matrix ΦᵀΦ; ReLU networks are worse conditioned than linear ones, dead units (zero columns of Φ) hurt, and the leaky slope α keeps every unit alive.',
    lookAt:
      'κ against the width m = 5…40 for linear, ReLU and leaky ReLU (α = 0.01) on the paper’s n = 1000 whitened 7×7 MNIST digits, every point an exact GN spectrum (up to a 2360 × 2360 JᵀJ/n, the structured assembly of §6). Narrow ReLU networks have dead units and the worst κ; the leaky slope narrows the gap.',
    reduced:
      'The paper’s n = 1000 samples, 2 seeds instead of 3, widths up to 40 so that the 30 spectra compute while you watch; m = 100 (a 5900 × 5900 matrix, about 40 s) is one click away: set the width to 100, the page asks first and shows the progress. The two-layer bound of §6 needs m ≥ n = 1000 here; see the companion preset for it.',
    related: { id: 'relu-bound', text: 'the two-layer bound, at n = 100' },
  },
  {
    id: 'relu-bound',
    experiment: 6,
    title: 'The two-layer ReLU bound (n = 100)',
    query:
      '?v=1&L=2&act=relu&data=mnist&n=100&whiten=1&sweep=m&pts=6&cmp=act:linear,relu,leaky_relu&showb=relu',
    finding:
      'The paper’s bound for two-layer ReLU networks holds when the features of the n samples span them (m ≥ n, no dead unit); it then follows κ(G) across widths.',
    lookAt:
      'κ against the width for linear, ReLU and leaky ReLU (α = 0.01); dashed: the two-layer ReLU bound, which applies from m ≥ n = 100 when no unit is dead. Narrow ReLU networks have dead units and the worst κ.',
    reduced:
      'n = 100 whitened 7×7 MNIST digits instead of the paper’s n = 1000, so that the widths where the bound applies (m ≥ n) stay interactive; 3 seeds.',
    related: { id: 'relu-leaky', text: 'the paper’s n = 1000' },
  },
  {
    id: 'cnn-filters',
    experiment: 7,
    title: '1-D CNN: the number of filters',
    query: '?v=1&model=cnn1d&data=fashion-mnist&whiten=1&sweep=filters',
    finding:
      'The paper reports that for convolutional layers more filters raise κ(G), as depth does for an MLP, and larger kernels lower it, as width does. It also separates the exact GN, whose parameters are shared along the Toeplitz diagonals, from the dense-equivalent GN (every Toeplitz entry a free parameter, what the authors’ code computes); the bounds of §5 hold for the latter only.',
    lookAt:
      'Solid: κ of the exact weight-shared GN; dashed: the dense-equivalent κ, against c = 1…8 filters of size K = 3 on whitened 7×7 images, one convolution. At this initialisation the exact κ falls as filters are added: the readout sees c·(d − K + 1) features, so here filters widen the network. Try two convolution layers, raw data or other seeds.',
    reduced: 'n = 1000 images, 3 seeds, at initialisation.',
    related: { id: 'cnn-kernel', text: 'the kernel size' },
  },
  {
    id: 'cnn-kernel',
    experiment: 7,
    title: '1-D CNN: the kernel size',
    query: '?v=1&model=cnn1d&data=fashion-mnist&whiten=1&sweep=kernel',
    finding:
      'The paper reports that larger kernels lower κ(G) of a convolutional layer, much as extra width does for an MLP, while the dense-equivalent κ (every Toeplitz entry free) is the one its bounds control.',
    lookAt:
      'κ (solid) and the dense-equivalent κ (dashed) against K = 1…25 with c = 2 filters on whitened 7×7 images (d = 49). At this initialisation the exact κ rises with K while the dense-equivalent one stays small: a longer kernel leaves fewer outputs, c·(d − K + 1), for the readout.',
    reduced: 'n = 1000 images, 3 seeds, at initialisation.',
    related: { id: 'cnn-filters', text: 'the number of filters' },
  },
  {
    id: 'cnn-authors',
    experiment: 7,
    title: '1-D CNN in the authors’ setting: filters 2–5, kernels 7, 9, 11',
    query:
      '?v=1&model=cnn1d&data=mnist&stride=5&kernel=7&sweep=filters&from=2&to=5&pts=4&seeds=5&cmp=kernel:7,9,11',
    finding:
      'The authors’ code for the CNN figure (MNIST at stride 5, d = 36, one convolution, linear, not whitened, Kaiming, 5 initialisations, n = 1000) computes the dense-equivalent GN, in which every Toeplitz entry is a free parameter; their statement “more filters raise κ, larger kernels lower it” rests on that curve. The exact GN shares each kernel along its Toeplitz diagonals and behaves differently.',
    lookAt:
      'One colour per kernel size K = 7, 9, 11, against c = 2…5 filters (mean over 5 seeds, band min–max). Solid: κ of the exact weight-shared GN; it falls as filters are added (geometric mean about 7·10³ → 2.4·10³ at K = 7, 2.3·10⁴ → 6.8·10³ at K = 11: every filter adds d − K + 1 features for the readout) and is largest at K = 11. Dashed: the dense-equivalent κ, which stays between about 1.9·10³ and 4.1·10³, close to κ⁺(Σ) ≈ 1.4·10³ of the raw digits: it falls only slightly with c and rises with K. Neither curve shows the paper’s sentence that more filters raise κ.',
    reduced:
      'The authors’ setting (data, stride, filters, kernels, init, n, 5 seeds); 1-D convolutions over the flattened 6×6 image (the authors’ convolutions are 1-D too).',
    related: { id: 'cnn-filters', text: 'c = 1…8 at K = 3' },
  },
  {
    id: 'batch-norm',
    experiment: 8,
    title: 'Batch normalisation against none, one hidden layer',
    query: '?v=1&L=2&bn=1&data=digits&stride=1&sweep=m&from=16&to=1000&pts=6&seeds=5&cmp=bn:0,1',
    finding:
      'The paper finds empirically that batch normalisation after the hidden layer lowers κ(G) and keeps the trend with width (no bound is proved).',
    lookAt:
      'κ with and without batch norm against the width (16…1000, log axis), on n = 1000 grayscale 8×8 digits (d = 64); the headline shows both κs for the current width. The batch-norm GN is exact at any n: on the batch the network is affine in the centred input, so its non-zero spectrum is that of a k(d+1) × k(d+1) matrix (gn-math.md §8).',
    reduced:
      'The paper uses 8×8 grayscale CIFAR-10, which is not available here: this preset uses the 8×8 handwritten digits instead (n = 1000, d = 64, 5 seeds, widths up to 1000, Kaiming, not whitened).',
  },
  {
    id: 'rank-cutoff',
    experiment: 9,
    title: 'Rank sensitivity: κ as the cut-off rtol moves',
    query: '?v=1&data=fashion-mnist&sweep=rtol',
    finding:
      'κ(G) depends on which eigenvalues count as zero: raw images have many tiny eigenvalues, so moving the rank cut-off rtol changes the rank and κ by orders of magnitude (the paper stresses this sensitivity after training).',
    lookAt:
      'κ against rtol on log axes, raw 7×7 images, depth 3: flat while the cut-off lies in the gap below the smallest true eigenvalue, then κ ≈ 1/rtol once it cuts into the spectrum. Hover a point for the value; the spectrum panel marks the cut-off.',
    reduced: 'n = 1000 images, 3 seeds, at initialisation (not after training).',
  },
  {
    id: 'pruning',
    experiment: 10,
    title: 'Pruning: removing weights worsens conditioning (the paper’s Figure 1)',
    query: '?v=1&m=50&data=fashion-mnist&whiten=1&sweep=prune&seeds=2',
    finding:
      'The paper opens with magnitude pruning at initialisation: the larger the pruned fraction, the larger κ(G) and the slower the training. The pruned weights are frozen at 0, so the GN is taken over the remaining weights only.',
    lookAt:
      'κ(G) against the pruned fraction f = 0…0.9 for a 3-layer linear network of width 50 on whitened 7×7 Fashion-MNIST images; the separation bound still applies to pruned weights, the bounds that need dense layers say why they do not. The Training panel’s pruning example shows loss and κ over steps for several f.',
    reduced:
      'width 50 and n = 1000 images, 2 seeds; the paper prunes larger networks and trains them on more data.',
  },
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
