/**
 * What scripts/bench-browser.mjs takes from `gnlens bench` (bundled as
 * dist-node/bench-reference.mjs by scripts/build-node.mjs): numpy as a long-lived process and the
 * alternating rounds, so the Chromium worker's threaded rows stand beside numpy's eigvalsh on the
 * same matrices, timed the same way as the CLI's.
 */
export { NumpyServer } from './numpyServer';
export { alternatingThreadRows, THREAD_ROUNDS } from './benchThreads';
