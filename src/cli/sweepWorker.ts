/**
 * worker_threads entry for CLI sweeps and benchmarks (bundled to dist-node/sweep-worker.mjs):
 * evaluates configurations sent by {@link ./threadPool}, one message per job. A thin adapter over
 * the same core the browser worker uses.
 */
import { parentPort } from 'node:worker_threads';
import { DataCache } from '../core/data/synthetic';
import { evaluate } from '../core/gn/evaluate';
import { installFastestKernel } from '../core/linalg/kernels';
import type { GnConfig } from '../core/types';
import { nodeImageProvider } from './images';

installFastestKernel();
const cache = new DataCache(4, nodeImageProvider);

parentPort?.on('message', (msg: { id: number; config: GnConfig }) => {
  try {
    const result = evaluate(msg.config, { cache });
    parentPort?.postMessage({ id: msg.id, result });
  } catch (e) {
    parentPort?.postMessage({ id: msg.id, error: (e as Error).message });
  }
});
