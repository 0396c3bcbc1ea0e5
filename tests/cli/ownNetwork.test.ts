/**
 * Your own network through the CLI (issue "own network", items 2 and 4): `gnlens eval
 * --weights FILE [--data FILE]` on the files tests/fixtures/make_own_network.py wrote, against
 * the numbers that script computed with numpy from the explicit Jacobian; the mapping text;
 * hostile files refused with exit 2 and one JSON error naming the file, within seconds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAllClose } from '../helpers/allclose';
import { BUILD_TIMEOUT_MS, ROOT, ensureCliBundle } from './cliBundle';
import {
  deflateBomb,
  npyF64,
  safetensorsBytes,
  safetensorsOf,
  zipBytes,
} from '../core/io/builders';

const OWN = join(ROOT, 'tests/fixtures/own');
const own = (name: string) => join(OWN, name);

interface Case {
  weights: string;
  data: string;
  layers: string[];
  act: 'relu' | 'linear';
  kappa: number;
  rank: number;
  eigenvalues: number[];
  params: number;
}
const expected = JSON.parse(readFileSync(own('own-expected.json'), 'utf8')) as {
  cases: Record<'relu' | 'relu_nobias' | 'linear' | 'linear_nobias', Case>;
};

function run(args: string[]): { code: number; out: Record<string, unknown>; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['bin/gnlens.mjs', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = r.stdout.trim().split('\n');
  expect(lines.length, r.stdout + r.stderr).toBe(1); // exactly one JSON document
  return {
    code: r.status ?? -1,
    out: JSON.parse(lines[0]!) as Record<string, unknown>,
    ms: Date.now() - t0,
  };
}

beforeAll(ensureCliBundle, BUILD_TIMEOUT_MS);

function expectCase(out: Record<string, unknown>, c: Case): void {
  expect(out.error, String(out.error)).toBeUndefined();
  expect(out.rank).toBe(c.rank);
  expectAllClose(out.kappa as number, c.kappa, { rtol: 1e-9, atol: 0 });
  expectAllClose(out.eigenvalues as number[], c.eigenvalues, { rtol: 1e-9, atol: 0 });
}

describe('gnlens eval --weights --data: the numbers numpy computed from the same files', () => {
  for (const key of ['relu_nobias', 'linear_nobias'] as const) {
    it(`${key}: κ, rank and every eigenvalue of JᵀJ/n to rtol 1e-9`, () => {
      const c = expected.cases[key];
      const { code, out } = run([
        'eval',
        '--url',
        `act=${c.act}`,
        '--weights',
        own(c.weights),
        '--data',
        own(c.data),
      ]);
      expect(code).toBe(0);
      expectCase(out, c);
      expect(out.params).toBe(c.params);
      const imported = out.imported as Record<string, unknown>;
      expect(imported.weights).toBe(own(c.weights));
      expect(imported.layers).toEqual(c.layers);
      expect(imported.ignored).toEqual([]);
      expect(imported.data).toBe(own(c.data));
      expect(imported.X).toMatch(/^\d+ × \d+$/);
      expect(imported.Y).toMatch(/^\d+ × 3$/);
    });
  }

  it('reads a folder of .npy files, one tensor per file named by its stem', () => {
    const c = expected.cases.relu_nobias;
    const { code, out } = run([
      'eval',
      '--url',
      'act=relu',
      '--weights',
      own('relu_nobias_npy'),
      '--data',
      own(c.data),
    ]);
    expect(code).toBe(0);
    expectCase(out, c);
    expect((out.imported as { layers: string[] }).layers).toEqual(c.layers);
  });

  it('takes fc1 … fc10 in natural order (lexicographic order would not chain the shapes)', () => {
    const c = expected.cases.linear;
    const json = join(mkdtempSync(join(tmpdir(), 'gnlens-own-')), 'config.json');
    writeFileSync(json, JSON.stringify({ act: 'linear', L: 2, m: 30 }));
    const { code, out } = run(['eval', json, '--weights', own(c.weights), '--data', own(c.data)]);
    expect(code).toBe(0);
    expectCase(out, c);
    expect((out.imported as { layers: string[] }).layers).toEqual(c.layers);
  });

  for (const key of ['relu', 'linear'] as const) {
    it(`${key} with biases: the bias columns of J are in the spectrum (bias switched on)`, () => {
      const c = expected.cases[key];
      const { code, out } = run([
        'eval',
        '--url',
        `act=${c.act}`,
        '--weights',
        own(c.weights),
        '--data',
        own(c.data),
      ]);
      expect(code).toBe(0);
      expectCase(out, c);
      expect(out.params).toBe(c.params);
      const config = out.config as { bias: boolean; biases: number[][] };
      expect(config.bias).toBe(true);
      expect(config.biases.map((b) => b.length)).toEqual(
        c.layers.map((line) => Number(/(\d+) × \d+/.exec(line)![1])),
      );
      expect((out.imported as { layers: string[] }).layers).toEqual(c.layers);
    });
  }

  it('a config file and the weights alone: the configuration gives the data, the file the shapes', () => {
    const c = expected.cases.linear_nobias;
    const { code, out } = run(['eval', '--url', 'n=50&kx=10&bias=1', '--weights', own(c.weights)]);
    expect(code).toBe(0);
    const config = out.config as { L: number; d: number; k: number; m: number[]; bias: boolean };
    expect([config.L, config.d, config.k, config.bias]).toEqual([10, 4, 3, false]);
    expect(out.warnings).toContain(`${own(c.weights)} has no biases: bias is off`);
    expect(config.m).toEqual([8, 9, 8, 9, 8, 9, 8, 9, 10]);
    expect((out.warnings as string[]).join(' ')).toMatch(/fixes L = 10 \(not 3\)/);
    expect((out.imported as Record<string, unknown>).data).toBeUndefined();
  });
});

describe('sweep and train take the same flags', () => {
  it('a depth sweep skips the depths the weights fix, with the reason', () => {
    const r = spawnSync(
      process.execPath,
      [
        'bin/gnlens.mjs',
        'sweep',
        '--url',
        'act=relu&sweep=L&from=2&to=4&pts=3&seeds=1',
        '--weights',
        own('relu_mlp_nobias.safetensors'),
        '--data',
        own('relu_batch.npz'),
        '--format',
        'json',
        '--workers',
        '1',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.status, r.stdout).toBe(0);
    const out = JSON.parse(r.stdout) as {
      points: { x: number; kappa: number | null; error: string | null }[];
      imported: { layers: string[] };
    };
    expect(out.imported.layers).toEqual(expected.cases.relu_nobias.layers);
    const at3 = out.points.find((p) => p.x === 3)!;
    expectAllClose(at3.kappa!, expected.cases.relu_nobias.kappa, { rtol: 1e-9, atol: 0 });
    for (const p of out.points.filter((q) => q.x !== 3))
      expect(p.error).toMatch(/skipped: .*fixed by your imported weights/);
  });

  it('train starts from the imported weights on the imported batch', () => {
    const c = expected.cases.linear_nobias;
    const r = spawnSync(
      process.execPath,
      [
        'bin/gnlens.mjs',
        'train',
        '--weights',
        own(c.weights),
        '--data',
        own(c.data),
        '--epochs',
        '1',
        '--lr',
        '0.001',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.status, r.stdout).toBe(0);
    const out = JSON.parse(r.stdout) as { steps: { step: number; kappa: number; rank: number }[] };
    expect(out.steps[0]!.step).toBe(0);
    expect(out.steps[0]!.rank).toBe(c.rank);
    expectAllClose(out.steps[0]!.kappa, c.kappa, { rtol: 1e-9, atol: 0 });
  });
});

describe('hostile and mismatched files: exit 2, one JSON error naming the file, within seconds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gnlens-hostile-'));
  const file = (name: string, bytes: Uint8Array) => {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  const good = readFileSync(own('relu_mlp.safetensors'));
  const npy = npyF64([2, 2], [1, 2, 3, 4]);
  const cases: { what: string; path: () => string; flag?: string; error: RegExp }[] = [
    {
      what: 'a truncated safetensors file',
      path: () => file('truncated.safetensors', good.subarray(0, Math.floor(good.length / 2))),
      error: /truncated\.safetensors/,
    },
    {
      what: 'a header that lies about a shape',
      path: () =>
        file(
          'lying.safetensors',
          safetensorsBytes(
            { '0.weight': { dtype: 'F32', shape: [1000, 1000], data_offsets: [0, 16] } },
            new Uint8Array(16),
          ),
        ),
      error: /lying\.safetensors.*"0\.weight"/,
    },
    {
      what: 'shapes that do not chain',
      path: () =>
        file(
          'unchained.safetensors',
          safetensorsOf([
            { name: '0.weight', shape: [4, 3], values: new Array(12).fill(0.5), dtype: 'F32' },
            { name: '2.weight', shape: [2, 5], values: new Array(10).fill(0.5), dtype: 'F32' },
          ]),
        ),
      error: /unchained\.safetensors: the shapes do not chain: layer 2, tensor "2\.weight"/,
    },
    {
      what: 'a zip bomb',
      path: () =>
        file(
          'bomb.npz',
          zipBytes([{ name: '0.weight.npy', data: npy, stored: deflateBomb(npy, 400_000) }]),
        ),
      error: /bomb\.npz/,
    },
    {
      what: 'a pickle .pt',
      path: () => file('model.pt', readFileSync(join(ROOT, 'tests/fixtures/io/legacy.pt'))),
      error: /model\.pt.*pickle[\s\S]*safetensors/,
    },
    {
      what: 'a data file whose X does not fit the first layer',
      flag: '--data',
      path: () => own('linear_batch.npz'),
      error:
        /linear_batch\.npz: X is 30 × 4 but the first layer of .*relu_mlp_nobias\.safetensors takes d = 6/,
    },
    {
      what: 'a missing file',
      path: () => join(dir, 'missing.safetensors'),
      error: /cannot read .*missing\.safetensors \(--weights\): ENOENT/,
    },
  ];
  for (const c of cases) {
    it(c.what, () => {
      const path = c.path();
      const args =
        c.flag === '--data'
          ? ['--weights', own('relu_mlp_nobias.safetensors'), '--data', path]
          : ['--weights', path, '--data', own('relu_batch.npz')];
      const { code, out, ms } = run(['eval', '--url', 'act=relu', ...args]);
      expect(code).toBe(2);
      expect(out.error).toMatch(c.error);
      expect(Object.keys(out).every((k) => k === 'error' || k === 'field')).toBe(true);
      expect(ms).toBeLessThan(20_000);
    });
  }

  it('a file over the size limit is refused from its size alone (a sparse file, never read)', () => {
    const huge = join(dir, 'huge.safetensors');
    writeFileSync(huge, '');
    truncateSync(huge, 100 * 1024 * 1024 + 1);
    const { code, out, ms } = run(['eval', '--weights', huge]);
    expect(code).toBe(2);
    expect(out.error).toBe(
      `${huge} (--weights) is 104857601 bytes; files of at most 104857600 bytes are read`,
    );
    expect(ms).toBeLessThan(20_000);
  });

  it('a folder without .npy files, and --weights without a file', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const a = run(['eval', '--weights', empty]);
    expect(a.code).toBe(2);
    expect(a.out.error).toMatch(/the folder has no \.npy files/);
    const b = run(['eval', '--weights']);
    expect(b.code).toBe(2);
    expect(b.out.field).toBe('weights');
  });

  it('weights for an MLP with a CNN configuration: refused naming the field', () => {
    const { code, out } = run([
      'eval',
      '--url',
      'model=cnn1d',
      '--weights',
      own('relu_mlp_nobias.safetensors'),
    ]);
    expect(code).toBe(2);
    expect(out.field).toBe('model');
    expect(out.error).toMatch(
      /relu_mlp_nobias\.safetensors: weights from tensor files are for the MLP/,
    );
  });
});
