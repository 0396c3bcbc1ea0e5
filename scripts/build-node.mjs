#!/usr/bin/env node
// Builds what Node needs (npm runs this as `prepare` after `npm ci`): the WebAssembly eigen kernel
// (scripts/build-wasm.mjs → src/core/linalg/wasm/eigsymWasm.generated.ts, git-ignored) and the
// CLI bundle (src/cli/main.ts → dist-node/cli.mjs, git-ignored; and what the browser benchmark
// takes from it, dist-node/bench-reference.mjs). Node 20 cannot run .ts itself.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [resolve(root, 'scripts/build-wasm.mjs')], {
  stdio: 'inherit',
  cwd: root,
});
const { build } = await import('rolldown');
const entries = {
  cli: 'src/cli/main.ts',
  'sweep-worker': 'src/cli/sweepWorker.ts',
  // numpy beside the browser benchmark's threaded rows (scripts/bench-browser.mjs)
  'bench-reference': 'src/cli/browserBenchReference.ts',
};
for (const [name, input] of Object.entries(entries)) {
  await build({
    input: resolve(root, input),
    platform: 'node',
    logLevel: 'warn',
    output: { file: resolve(root, `dist-node/${name}.mjs`), format: 'esm' },
  });
}
