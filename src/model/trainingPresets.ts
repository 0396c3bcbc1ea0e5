/**
 * Two training experiments as links (canonical query strings: config keys, then training keys),
 * shown in the training panel. Sized so that a 2-core laptop finishes each in about a minute or
 * less; what was scaled down from the paper is said in `scaled`.
 */
export interface TrainingPreset {
  id: string;
  title: string;
  query: string;
  /** what to look at */
  lookAt: string;
  /** how the browser run differs from the paper's */
  scaled: string;
}

export const TRAINING_PRESETS: readonly TrainingPreset[] = [
  {
    id: 'training-fashion',
    title: 'The paper’s training experiment',
    query: '?v=1&m=300&data=fashion-mnist&n=2000&whiten=1&tlr=2&tbatch=64&tep=6&tev=16',
    lookAt:
      'A deep linear network (L = 3) on whitened 7×7 Fashion-MNIST trained with SGD on the one-hot labels: the loss falls while κ(G) stays of the order of its value at initialisation and the convex-combination bound B1 stays within a small factor of κ.',
    scaled:
      'Scaled to the browser: the first 2000 Fashion-MNIST training images (the subset shipped with gnlens), hidden width 300, 6 epochs of SGD with batches of 64 (192 steps; about 30–50 s on a 2-core laptop), the GN recorded every 16 steps.',
  },
  {
    id: 'training-pruning',
    title: 'Pruning at initialisation: f = 0, 0.5, 0.8, 0.9',
    query: '?v=1&n=500&tep=60&tcmp=prune:0,0.5,0.8,0.9',
    lookAt:
      'Four runs of the same depth-3 linear network with 0%, 50%, 80% and 90% of each weight matrix pruned by magnitude and frozen at 0: the more is pruned, the larger κ(G) and the slower the loss falls (the paper’s Figure 1).',
    scaled:
      'Scaled to the browser: a random linear teacher on n = 500 white Gaussian samples, full-batch gradient descent for 60 steps (η = 0.05), the GN every 5 steps.',
  },
];
