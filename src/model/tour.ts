/**
 * The guided tour of the key phenomena (issue "Classroom"): each step is a state of the page (a
 * canonical query string: config + sweep keys) and two or three sentences on what to see. The
 * tour step itself travels in the link as `tour=<step>` (src/classroom/viewCodec.ts). Sizes are
 * the landing page's (n = 1000 Gaussian samples, d = 49, k = 10), so every step computes in a
 * few seconds; tests/classroom/tour.test.ts checks that each query decodes without notices.
 */
export interface TourStep {
  id: string;
  title: string;
  /** canonical query string for the step's state */
  query: string;
  text: string;
}

export const TOUR_STEPS: readonly TourStep[] = [
  {
    id: 'depth-hurts',
    title: 'Depth hurts',
    query: '?v=1',
    text: 'A deep linear network at Kaiming initialisation: κ(G) grows quickly with the depth L at a fixed width m = 100. Every extra weight matrix multiplies in its own spread of singular values.',
  },
  {
    id: 'width-helps',
    title: 'Width helps',
    query: '?v=1&sweep=m',
    text: 'The same depth-3 network, now against the width m on a log axis: κ(G) falls towards κ(Σ) as the layers widen, because the singular values of a wide random matrix concentrate.',
  },
  {
    id: 'width-prop-depth',
    title: 'Width in proportion to depth',
    query: '?v=1&cmp=mprop:5,20&showb=convex',
    text: 'If the width grows with the depth (m = c·L), κ(G) stays bounded instead of blowing up; the larger the factor c, the flatter the curve. Dashed lines are the convex bound for each series.',
  },
  {
    id: 'residuals-help',
    title: 'Residual connections help',
    query: '?v=1&L=6&sweep=beta',
    text: 'A depth-6 network with skips h ← (W + βI)h, against the residual strength β: once β is of the order of the largest singular value of the weights, κ(G) drops by orders of magnitude.',
  },
  {
    id: 'whitening-helps',
    title: 'Whitening the data helps',
    query: '?v=1&kx=1000&cmp=whiten:0,1&showb=convex',
    text: 'Data with κ(Σ) = 1000, raw against whitened. Every bound is κ(Σ) times a term of the weights only, so whitening (κ(Σ) = 1) removes a factor of about 1000 at every depth.',
  },
  {
    id: 'convex-tight',
    title: 'The convex-combination bound is tight',
    query: '?v=1&cmp=m:50,200&showb=convex',
    text: 'Solid lines are κ(G), dashed lines the convex-combination bound, for widths 50 and 200. The bound follows κ within a small factor at every depth: look at its ratio in the bounds table.',
  },
  {
    id: 'max-loose',
    title: 'The max bound is loose',
    query: '?v=1&L=6&cmp=m:50,200&showb=max',
    text: 'The same comparison with the max bound, which takes the worst layer alone: it sits orders of magnitude above κ(G) in deep networks, and does not apply where a layer is a bottleneck.',
  },
];
