/**
 * The GN worker: a thin comlink adapter over the pure core (src/core). Every computation the
 * page asks for runs here, never on the main thread. Stateless: each call is independent.
 */
import * as Comlink from 'comlink';
import { DataCache } from '../src/core/data/synthetic';
import { evaluate } from '../src/core/gn/evaluate';
import { installFastestKernel } from '../src/core/linalg/kernels';
import type { GnConfig } from '../src/core/types';

installFastestKernel();

// Moving an architecture slider keeps the data: reuse X and Σ (keyed by the data settings).
const dataCache = new DataCache(4);

const api = {
  /** Exact GN spectrum, κ and every bound for one configuration (gn-math.md §2–5). */
  evaluate(config: GnConfig) {
    return evaluate(config, { cache: dataCache });
  },
  /** Warms the JIT and the eigen kernel so the first real request is not cold. */
  warmUp(): number {
    const t0 = performance.now();
    evaluate({ ...structuredClone(WARM_CONFIG) });
    return performance.now() - t0;
  },
};

const WARM_CONFIG: GnConfig = {
  model: 'mlp',
  L: 2,
  d: 8,
  k: 3,
  m: [8],
  activation: 'linear',
  alpha: 0.01,
  beta: 0,
  skip: 'all',
  batchNorm: false,
  init: 'kaiming_normal',
  seed: 1,
  data: { source: 'gaussian', n: 32, kappa: 1, whiten: false, center: false, stride: 4 },
  rtol: 1e-10,
  prune: 0,
  filters: 2,
  kernel: 3,
  convLayers: 1,
};

export type GnWorkerApi = typeof api;

// Under @vitest/web-worker, expose() without an explicit endpoint hangs (toolchain-notes.md).
Comlink.expose(api, self as unknown as Comlink.Endpoint);
