/**
 * The command line against the numpy oracle (tests/fixtures/gn-reference.json, made by
 * tests/fixtures/make_gn_reference.py): `node bin/gnlens.mjs eval <config>` reproduces rank, κ
 * and the spectrum of a deep linear and a two-layer ReLU case. tests/core/gn/reference.test.ts
 * checks every case in-process; this checks that the built bundle computes the same.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import fixture from '../fixtures/gn-reference.json';
import { expectAllClose } from '../helpers/allclose';
import { present } from '../helpers/present';
import { BUILD_TIMEOUT_MS, ROOT, ensureCliBundle } from './cliBundle';

interface ReferenceCase {
  name: string;
  config: Record<string, unknown>;
  expected: { kappa: number; rank: number; eigenvalues: number[] };
}

/** As in tests/core/gn/reference.test.ts: both sides diagonalise different matrices. */
const RTOL = 1e-9;
const cases = (fixture as unknown as { cases: ReferenceCase[] }).cases;

beforeAll(ensureCliBundle, BUILD_TIMEOUT_MS);

describe('CLI eval on fixture cases', () => {
  it.each(['L4_deep', 'relu_L2_bound_applies'])('node bin/gnlens.mjs eval <%s>', (name) => {
    const c = present(
      cases.find((x) => x.name === name),
      `fixture case ${name}`,
    );
    const dir = mkdtempSync(join(tmpdir(), 'gnlens-ref-'));
    try {
      const file = join(dir, 'config.json');
      writeFileSync(file, JSON.stringify(c.config));
      const stdout = execFileSync(process.execPath, ['bin/gnlens.mjs', 'eval', file], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      const out = JSON.parse(stdout) as { kappa: number; rank: number; eigenvalues: number[] };
      expect(out.rank).toBe(c.expected.rank);
      expectAllClose(out.kappa, c.expected.kappa, { rtol: RTOL, atol: 0 });
      const top = present(c.expected.eigenvalues[0], `${name}: λ_max`);
      expectAllClose(out.eigenvalues, c.expected.eigenvalues, { rtol: RTOL, atol: 1e-12 * top });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
