/**
 * `gnlens eval --url 'data=…'` on the shipped image sets gives numpy's κ⁺(Σ) and rank Σ on the
 * same bytes (tests/fixtures/image-reference.json, made by make_image_reference.py).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectAllClose } from '../helpers/allclose';
import { BUILD_TIMEOUT_MS, ROOT as root, ensureCliBundle } from './cliBundle';

interface ImageCase {
  query: string;
  kappaSigma: number;
  rankSigma: number;
}

const reference = JSON.parse(
  readFileSync(join(root, 'tests/fixtures/image-reference.json'), 'utf8'),
) as { cases: ImageCase[] };

beforeAll(ensureCliBundle, BUILD_TIMEOUT_MS);

describe('gnlens eval on the image data sets', () => {
  const mnist = reference.cases.filter((c) => c.query.startsWith('data=mnist&n=1000'));
  it('has the MNIST cases of the paper’s setting in the fixture', () => {
    expect(mnist.map((c) => c.query)).toContain('data=mnist&n=1000&stride=4&center=0&whiten=0');
    expect(mnist.length).toBeGreaterThanOrEqual(4);
  });
  for (const c of mnist) {
    it(`${c.query}: numpy's κ⁺(Σ) and rank Σ`, () => {
      // L = 1 keeps the GN cheap: κ⁺(Σ) is what is checked.
      const r = spawnSync(process.execPath, ['bin/gnlens.mjs', 'eval', '--url', `${c.query}&L=1`], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(r.status, r.stdout).toBe(0);
      const out = JSON.parse(r.stdout) as { kappaSigma: number; rankSigma: number };
      expect(out.rankSigma).toBe(c.rankSigma);
      expectAllClose([out.kappaSigma], [c.kappaSigma], { rtol: 1e-9 });
    });
  }
});
