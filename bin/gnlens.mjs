#!/usr/bin/env node
// Entry point of `npx gnlens`: runs the bundled CLI (built by `npm ci` through the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, resolve } from 'node:path';

const bundle = resolve(dirname(fileURLToPath(import.meta.url)), '../dist-node/cli.mjs');
if (!existsSync(bundle)) {
  process.stdout.write(
    `${JSON.stringify({ error: 'the CLI is not built yet: run "npm run build:node" (npm ci does it)' })}\n`,
  );
  process.exit(2);
}
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
