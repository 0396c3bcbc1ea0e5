/** The command line of contract.md §2, run as a user runs it: `node bin/gnlens.mjs …`. */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAllClose } from '../helpers/allclose';
import { BUILD_TIMEOUT_MS, ROOT as root, ensureCliBundle, newestMtimeMs } from './cliBundle';

function run(
  args: string[],
  input?: string,
): { code: number; out: Record<string, unknown>; raw: string } {
  const r = spawnSync(process.execPath, ['bin/gnlens.mjs', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
  });
  const raw = r.stdout;
  const lines = raw.trim().split('\n');
  expect(lines.length).toBe(1); // exactly one JSON document, nothing else
  return { code: r.status ?? -1, out: JSON.parse(raw) as Record<string, unknown>, raw };
}

beforeAll(ensureCliBundle, BUILD_TIMEOUT_MS);

describe('the bundle under test', () => {
  it('is newer than every source file of the CLI and the core it bundles', () => {
    const built = statSync(join(root, 'dist-node/cli.mjs')).mtimeMs;
    for (const dir of ['src/cli', 'src/core', 'src/model']) {
      expect(built, `dist-node/cli.mjs older than ${dir}`).toBeGreaterThanOrEqual(
        newestMtimeMs(join(root, dir)),
      );
    }
  });
});

describe('gnlens eval', () => {
  it('reports κ⁺(Σ̃) of the augmented data for a link with biases', () => {
    const plain = run(['eval', '--url', 'L=2&m=20&kx=10']);
    const biased = run(['eval', '--url', 'L=2&m=20&kx=10&bias=1']);
    expect(plain.code).toBe(0);
    expect(biased.code).toBe(0);
    expect(plain.out.kappaSigmaAugmented).toBeUndefined();
    expect(typeof biased.out.kappaSigmaAugmented).toBe('number');
    expect(biased.out.kappaSigmaAugmented as number).toBeGreaterThan(1);
    expect(biased.out.size).toBe(10 * 50); // k·rank Σ̃ = 10 · (d + 1)
  });

  it('prints the contract fields for a config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gnlens-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ L: 2, d: 3, k: 2, m: 4, data: { n: 20, kappa: 4 } }));
    const { code, out } = run(['eval', file]);
    expect(code).toBe(0);
    for (const key of [
      'kappa',
      'rank',
      'size',
      'method',
      'eigenvalues',
      'kappaSigma',
      'bounds',
      'config',
      'url',
    ])
      expect(out).toHaveProperty(key);
    expect(out.method).toBe('reduced-kd');
    expect(out.rank).toBe(6);
    expectAllClose(out.kappaSigma as number, 4, { rtol: 1e-10 });
    const bounds = out.bounds as Record<
      string,
      {
        value: number | null;
        kind: string;
        applies: boolean;
        proved: boolean;
        ratio: number | null;
      }
    >;
    expect(Object.keys(bounds).sort()).toStrictEqual([
      'convex',
      'layerwise',
      'lowerSeparation',
      'lowerTrace',
      'max',
      'residualWeyl',
      'separation',
    ]);
    expect(bounds.residualWeyl).toMatchObject({
      value: null,
      applies: false,
      reason: 'no residual skips (β = 0)',
    });
    const eig = out.eigenvalues as number[];
    expectAllClose(out.kappa as number, eig[0]! / eig[eig.length - 1]!, { rtol: 1e-15 });
    expect(out.url).toBe('?v=1&L=2&d=3&k=2&m=4&n=20&kx=4');
  });

  it('--url gives the same numbers as the equivalent JSON config, and stdin works', () => {
    const a = run(['eval', '--url', '?L=4&m=20&kx=100&seed=7&n=200']);
    const b = run(
      ['eval', '-'],
      JSON.stringify({ L: 4, m: 20, seed: 7, data: { kappa: 100, n: 200 } }),
    );
    expect(a.code).toBe(0);
    expect(a.out.kappa).toBe(b.out.kappa);
    expect(a.out.eigenvalues).toStrictEqual(b.out.eigenvalues);
    expect(a.out.url).toBe('?v=1&L=4&m=20&seed=7&n=200&kx=100');
  });

  it('bad configs: exit code 2 and one JSON error naming the field', () => {
    const cases: [string[], string | undefined, RegExp][] = [
      [['eval', '-'], '{"L": -1}', /^L must be an integer in \[1, 64\]; got -1$/],
      [['eval', '-'], '{not json', /standard input is not valid JSON/],
      [
        ['eval', '-'],
        '{"data": {"kappa": 0.5}}',
        /data\.kappa must be a number in \[1, 1000000000000\]; got 0\.5/,
      ],
      [
        ['eval', '/nonexistent/file.json'],
        undefined,
        /cannot read \/nonexistent\/file\.json: ENOENT/,
      ],
      [['eval', '--url'], undefined, /--url needs a query string/],
      [['eval'], undefined, /eval needs a config file/],
      [['frobnicate'], undefined, /unknown command "frobnicate"/],
      [
        ['eval', '-'],
        '{"X": [[1, 2]], "weights": [[[1, 2, 3]]]}',
        /weights\[0\] has 3 columns but X rows have d = 2/,
      ],
    ];
    for (const [args, input, message] of cases) {
      const { code, out } = run(args, input);
      expect(code).toBe(2);
      expect(out.error).toMatch(message);
    }
  });

  it('explicit X and weights: nothing random, the output reproduces a hand computation', () => {
    // One layer, X = diag(1, 2) rows → Σ = diag(1, 4)/2; L = 1 so G = I_k ⊗ Σ: eigenvalues 2, 0.5.
    const { out } = run(
      ['eval', '-'],
      JSON.stringify({
        X: [
          [1, 0],
          [0, 2],
        ],
        weights: [[[0.3, -1]]],
      }),
    );
    expectAllClose(out.eigenvalues as number[], [2, 0.5], { rtol: 1e-14 });
    expectAllClose(out.kappa as number, 4, { rtol: 1e-14 });
  });
});

describe('size guard in the CLI', () => {
  it('refuses a job over the hard limit with the reason and a suggestion, exit code 2', () => {
    const { code, out } = run(['eval', '--url', 'act=relu&n=2000']);
    expect(code).toBe(2);
    expect(out.field).toBe('size');
    expect(out.error).toMatch(
      /too large to compute here: a 15900×15900 matrix .*use n = \d+ samples .*--force/,
    );
  });
});

describe('real data in the CLI', () => {
  it('data=fashion-mnist&n=1000&stride=4 reports numpy’s κ⁺(Σ) and rank (tests/fixtures/image-reference.json)', () => {
    const { code, out } = run(['eval', '--url', 'data=fashion-mnist&n=1000&stride=4']);
    expect(code).toBe(0);
    expect(out.rankSigma).toBe(48);
    expectAllClose(out.kappaSigma as number, 112732.51767646617, { rtol: 1e-9 });
  });
});

describe('gnlens train', () => {
  it('prints {"steps": [...]} with step 0 and every s steps; CSV on request; errors exit 2', () => {
    const { code, out } = run([
      'train',
      '--url',
      'L=2&m=8&d=4&k=2&n=30',
      '--epochs',
      '6',
      '--lr',
      '0.1',
      '--every',
      '3',
    ]);
    expect(code).toBe(0);
    const steps = out.steps as {
      step: number;
      loss: number;
      kappa: number;
      bounds: Record<string, number | null>;
    }[];
    expect(steps.map((s) => s.step)).toStrictEqual([0, 3, 6]);
    expect(steps[2]!.loss).toBeLessThan(steps[0]!.loss);
    expect(steps[0]!.bounds.convex).toBeGreaterThanOrEqual(steps[0]!.kappa);
    const csv = spawnSync(
      process.execPath,
      [
        'bin/gnlens.mjs',
        'train',
        '--url',
        'L=2&m=8&d=4&k=2&n=30',
        '--epochs',
        '2',
        '--lr',
        '0.1',
        '--format',
        'csv',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(csv.stdout.split('\n')[0]).toBe(
      'step,epoch,loss,kappa,rank,separation,convex,max,layerwise,residualWeyl,lowerSeparation,lowerTrace',
    );
    expect(csv.stdout.trim().split('\n')).toHaveLength(4);
    const bad = run(['train', '--url', 'L=2', '--epochs', '2']);
    expect(bad.code).toBe(2);
    expect(bad.out).toStrictEqual({ error: 'train needs --lr', field: 'lr' });
  });
});

describe('gnlens sweep', () => {
  it('prints the page’s sweep as CSV, one row per (series, point, seed), compare series included', () => {
    const r = spawnSync(
      process.execPath,
      ['bin/gnlens.mjs', 'sweep', '--url', 'L=3&sweep=L&to=3&pts=3&seeds=2&cmp=m:20,50'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'series,axis,x,seed,kappa,rank,separation,convex,max,layerwise,residualWeyl,lowerSeparation,lowerTrace,relu,kappaDenseEquivalent,kappaWithoutBatchNorm,error',
    );
    expect(lines).toHaveLength(1 + 2 * 3 * 2);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toContain('m:50,L,3,2');
    const one = run(['eval', '--url', 'L=3&m=50&seed=2']);
    const row = lines.find((l) => l.startsWith('m:50,L,3,2,'))!;
    expect(Number(row.split(',')[4])).toBe(one.out.kappa);
  });
});
