/**
 * The CLI tests run `node bin/gnlens.mjs`, i.e. the bundle dist-node/cli.mjs: a bundle left over
 * from older sources would be tested instead of the code in the tree. `ensureCliBundle()` (call it
 * in a `beforeAll`) runs `node scripts/build-node.mjs` once per vitest run, however many test
 * files and workers ask for it: the first caller takes a lock directory and builds, the others
 * wait for its stamp (the run's token, tests/helpers/globalSetup.ts). `npm test`
 * (scripts/test-all.mjs) builds the bundle itself just before and sets GNLENS_CLI_BUILT=1, so
 * it is not built twice.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = join(ROOT, 'node_modules/.cache');
const STAMP = join(CACHE, 'gnlens-cli-build.json');
const LOCK = join(CACHE, 'gnlens-cli-build.lock');
/** A lock older than this belongs to a build that died: take it over. */
const STALE_LOCK_MS = 5 * 60_000;

/** Enough for the build on a loaded 2-core machine (about 5 s when idle). */
export const BUILD_TIMEOUT_MS = 180_000;

interface Stamp {
  token: string;
  ok: boolean;
  output: string;
}

function readStamp(): Stamp | null {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8')) as Stamp;
  } catch {
    return null;
  }
}

function takeLock(): boolean {
  try {
    mkdirSync(LOCK);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    try {
      if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true });
    } catch {
      // another waiter removed it first
    }
    return false;
  }
}

function result(stamp: Stamp): void {
  if (!stamp.ok) throw new Error(`node scripts/build-node.mjs failed:\n${stamp.output}`);
}

/** The newest modification time (ms) of the files under `dir` (recursively). */
export function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds dist-node/ once for this vitest run (see the file comment); throws if the build fails. */
export async function ensureCliBundle(): Promise<void> {
  if (process.env.GNLENS_CLI_BUILT === '1') return;
  const token = inject('runToken');
  if (typeof token !== 'string' || token === '')
    throw new Error('no run token: vite.config.ts must list tests/helpers/globalSetup.ts');
  mkdirSync(CACHE, { recursive: true });
  for (;;) {
    const before = readStamp();
    if (before?.token === token) return result(before);
    if (takeLock()) {
      try {
        const again = readStamp();
        if (again?.token === token) return result(again);
        const r = spawnSync(process.execPath, ['scripts/build-node.mjs'], {
          cwd: ROOT,
          encoding: 'utf8',
        });
        const output = `${r.error ? `${r.error.message}\n` : ''}${r.stdout ?? ''}${r.stderr ?? ''}`;
        const stamp = { token, ok: r.status === 0, output };
        writeFileSync(STAMP, JSON.stringify(stamp));
        return result(stamp);
      } finally {
        rmSync(LOCK, { recursive: true, force: true });
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
