/**
 * The TypeScript core (and the CLI) against the independent numpy oracle
 * tests/fixtures/make_gn_reference.py → tests/fixtures/gn-reference.json (regenerate with
 * `python3 tests/fixtures/make_gn_reference.py`). The oracle builds the full Jacobian J exactly and
 * diagonalises JᵀJ/n (p × p); the core works on the reduced kd × kd matrix (linear nets) or the
 * smaller Gram (nonlinear nets), so agreement checks gn-math.md §2–§6 end to end.
 *
 * Tolerance rtol 1e-9 (looser than the default 1e-10): the two sides diagonalise different
 * matrices, whose small eigenvalues carry float64 errors of order ε·κ (fixture κ ≤ ~1e5).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import fixture from '../../fixtures/gn-reference.json';
import { normalizeConfig } from '../../../src/core/config';
import { evaluate } from '../../../src/core/gn/evaluate';
import type { BoundId, BoundResult, EvalResult } from '../../../src/core/types';
import { expectAllClose } from '../../helpers/allclose';

interface ExpectedBound {
  value: number | null;
  applies: boolean;
}

interface ReferenceCase {
  name: string;
  config: Record<string, unknown>;
  expected: {
    kappa: number;
    rank: number;
    eigenvalues: number[];
    kappaSigma: number;
    rankTheory: number | null;
    bounds: Record<string, ExpectedBound>;
    relu: ExpectedBound | null;
  };
}

const RTOL = 1e-9;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const cases = (fixture as unknown as { cases: ReferenceCase[] }).cases;

const results = new Map<string, EvalResult>();
function run(c: ReferenceCase): EvalResult {
  let r = results.get(c.name);
  if (r === undefined) {
    r = evaluate(normalizeConfig(c.config).config);
    results.set(c.name, r);
  }
  return r;
}

function checkBound(got: BoundResult | undefined, want: ExpectedBound, label: string): void {
  expect(got, `${label} missing`).toBeDefined();
  if (got === undefined) return;
  expect(got.applies, `${label}.applies`).toBe(want.applies);
  if (want.applies) {
    expect(got.value, `${label}.value`).not.toBeNull();
    expectAllClose(got.value ?? NaN, want.value ?? NaN, { rtol: RTOL, atol: 0 });
  } else {
    expect(got.value, `${label}.value`).toBeNull();
  }
}

function expectSpectrum(actual: readonly number[], expected: readonly number[]): void {
  const top = expected[0] ?? 0;
  expectAllClose(actual, expected, { rtol: RTOL, atol: 1e-12 * top });
}

describe('fixture gn-reference.json', () => {
  it('has the expected shape', () => {
    expect(fixture.generator).toBe('tests/fixtures/make_gn_reference.py');
    expect(cases.length).toBeGreaterThanOrEqual(25);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
});

describe.each(cases.map((c) => [c.name, c] as const))('reference case %s', (_name, c) => {
  const exp = c.expected;

  it('rank, rankTheory and eigenvalues of JᵀJ/n', () => {
    const r = run(c);
    expect(r.rank).toBe(exp.rank);
    expect(r.rankTheory).toBe(exp.rankTheory);
    expectSpectrum(r.eigenvalues, exp.eigenvalues);
  });

  it('κ(G) and κ⁺(Σ)', () => {
    const r = run(c);
    expectAllClose(r.kappa, exp.kappa, { rtol: RTOL, atol: 0 });
    expectAllClose(r.kappaSigma, exp.kappaSigma, { rtol: RTOL, atol: 0 });
  });

  it('bounds (gn-math.md §5, §6)', () => {
    const r = run(c);
    for (const [id, want] of Object.entries(exp.bounds)) {
      checkBound(r.bounds[id as BoundId], want, `${c.name}: bounds.${id}`);
    }
    // The §6 bound is being added to the core separately: assert it once the core reports it.
    if (exp.relu !== null && r.bounds.relu !== undefined) {
      checkBound(r.bounds.relu, exp.relu, `${c.name}: bounds.relu`);
    }
  });
});

describe('CLI eval on a fixture case', () => {
  const cliBundle = join(ROOT, 'dist-node', 'cli.mjs');

  beforeAll(() => {
    if (!existsSync(cliBundle)) {
      execFileSync(process.execPath, ['scripts/build-node.mjs'], { cwd: ROOT, stdio: 'pipe' });
    }
  }, 120_000);

  for (const name of ['L4_deep', 'relu_L2_bound_applies']) {
    it(`node bin/gnlens.mjs eval <${name}>`, () => {
      const c = cases.find((x) => x.name === name);
      expect(c, `fixture case ${name}`).toBeDefined();
      if (c === undefined) return;
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
        expectSpectrum(out.eigenvalues, c.expected.eigenvalues);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
