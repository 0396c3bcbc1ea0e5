/** The three spellings of a configuration (contract.md §1): JSON validation and the URL codec. */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  ConfigError,
  DATA_NUM_SPECS,
  DEFAULT_CONFIG,
  NUM_SPECS,
  decodeQuery,
  defaultConfig,
  encodeQuery,
  normalizeConfig,
  reconcileConfig,
  roundDigits,
} from '../../src/core/config';
import type { GnConfig } from '../../src/core/types';

function errorOf(raw: unknown): ConfigError {
  try {
    normalizeConfig(raw);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('normalizeConfig (JSON)', () => {
  it('fills defaults: {} is the landing state', () => {
    const { config, warnings } = normalizeConfig({});
    expect(config).toStrictEqual(defaultConfig());
    expect(warnings).toStrictEqual([]);
  });

  it('names the bad field and value', () => {
    expect(errorOf({ L: 0 }).message).toBe('L must be an integer in [1, 64]; got 0');
    expect(errorOf({ L: 2.5 }).field).toBe('L');
    expect(errorOf({ activation: 'tanh' }).message).toMatch(
      /activation must be one of "linear", "relu", "leaky_relu"; got "tanh"/,
    );
    expect(errorOf({ data: { n: -3 } }).field).toBe('data.n');
    expect(errorOf({ L: 3, m: [4] }).message).toMatch(/m must list L − 1 = 2 hidden widths; got 1/);
    expect(errorOf({ X: [[1, 2], [3]] }).field).toBe('X[1]');
    expect(errorOf({ X: [[1, 'a']] }).field).toBe('X[0][1]');
    expect(errorOf({ weights: [[[1, 2]], [[1, 2]]] }).message).toBe(
      'weights[1] has 2 columns but weights[0] has 1 rows',
    );
    expect(errorOf([1, 2]).field).toBe('config');
    expect(errorOf({ beta: 'big' }).message).toBe('beta must be a number in [0, 100]; got "big"');
  });

  it('derives L, d, k and widths from explicit weights and n, d from X', () => {
    const { config } = normalizeConfig({
      X: [
        [1, 0],
        [0, 2],
        [1, 1],
      ],
      weights: [
        [
          [1, 0],
          [0, 1],
          [1, 1],
        ],
        [[2, 0, 1]],
      ],
    });
    expect([config.L, config.d, config.k, config.m, config.data.n]).toStrictEqual([
      2,
      2,
      1,
      [3],
      3,
    ]);
    expect(errorOf({ X: [[1, 0, 0]], weights: [[[1, 0]]] }).message).toMatch(
      /weights\[0\] has 2 columns but X rows have d = 3/,
    );
  });

  it('warns about unknown fields instead of failing', () => {
    expect(normalizeConfig({ colour: 'red' }).warnings).toStrictEqual([
      'unknown field "colour" ignored',
    ]);
  });
});

/** Random valid configs as the UI produces them (values already rounded to URL digits). */
const validConfig: fc.Arbitrary<GnConfig> = fc
  .record({
    L: fc.integer({ min: 1, max: 10 }),
    d: fc.integer({ min: 1, max: 300 }),
    k: fc.integer({ min: 1, max: 50 }),
    widths: fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 9, maxLength: 9 }),
    uniform: fc.boolean(),
    activation: fc.constantFrom('linear' as const, 'relu' as const, 'leaky_relu' as const),
    alpha: fc.double({ min: 0, max: 1, noNaN: true }),
    beta: fc.double({ min: 0, max: 100, noNaN: true }),
    skip: fc.constantFrom('all' as const, 'hidden' as const),
    seed: fc.integer({ min: 0, max: 4294967295 }),
    source: fc.constantFrom('gaussian' as const, 'iid' as const),
    n: fc.integer({ min: 1, max: 100000 }),
    kappa: fc.double({ min: 1, max: 1e12, noNaN: true }),
    whiten: fc.boolean(),
    rtol: fc.double({ min: 1e-16, max: 0.1, noNaN: true }),
  })
  .map((r) => {
    const c = defaultConfig();
    c.L = r.L;
    c.d = r.d;
    c.k = r.k;
    c.m = r.uniform
      ? r.widths.slice(0, r.L - 1).map(() => r.widths[0]!)
      : r.widths.slice(0, r.L - 1);
    c.activation = r.activation;
    c.alpha = roundDigits(r.alpha, NUM_SPECS.alpha.digits);
    c.beta = roundDigits(r.beta, NUM_SPECS.beta.digits);
    c.skip = r.skip;
    c.seed = r.seed;
    c.data = {
      ...c.data,
      source: r.source,
      n: r.n,
      kappa: Math.max(1, roundDigits(r.kappa, DATA_NUM_SPECS.kappa.digits)),
      whiten: r.whiten,
    };
    c.rtol = Math.min(0.1, Math.max(1e-16, roundDigits(r.rtol, NUM_SPECS.rtol.digits)));
    return c;
  });

describe('URL codec', () => {
  test.prop([validConfig], { numRuns: 300, seed: 1 })(
    'decode(encode(c)) = c with no notices',
    (c) => {
      const { config, notices } = decodeQuery(encodeQuery(c));
      expect(notices).toStrictEqual([]);
      expect(config).toStrictEqual(c);
    },
  );

  test.prop([fc.string({ maxLength: 300 })], { numRuns: 500, seed: 2 })(
    'decode never throws on any string and re-encodes to a valid link',
    (s) => {
      const { config } = decodeQuery(s);
      const again = decodeQuery(encodeQuery(config));
      expect(again.notices).toStrictEqual([]);
      expect(again.config).toStrictEqual(config);
    },
  );

  test.prop(
    [
      fc.array(
        fc.tuple(
          fc.constantFrom(
            'L',
            'd',
            'k',
            'm',
            'kx',
            'n',
            'rtol',
            'beta',
            'act',
            'seed',
            'whiten',
            'x',
          ),
          fc.string({ maxLength: 12 }),
        ),
        { maxLength: 8 },
      ),
    ],
    { numRuns: 500, seed: 3 },
  )('hostile values for real keys: never throws, always in range', (pairs) => {
    const q = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    const { config } = decodeQuery(q);
    expect(config.L).toBeGreaterThanOrEqual(1);
    expect(config.m.length).toBe(config.L - 1);
    expect(config.data.kappa).toBeGreaterThanOrEqual(1);
    expect(Number.isFinite(config.rtol)).toBe(true);
  });

  it('reports what it ignored or clamped', () => {
    const { config, notices } = decodeQuery('?L=abc&m=-5&kx=1e99&foo=bar');
    expect(config.L).toBe(DEFAULT_CONFIG.L);
    expect(config.m).toStrictEqual([1, 1]);
    expect(config.data.kappa).toBe(1e12);
    expect(notices.join('\n')).toMatch(/unknown key ignored: "foo"/);
    expect(notices.join('\n')).toMatch(/Depth L \(weight matrices\) \(L=abc\) is not a number/);
    expect(notices.join('\n')).toMatch(
      /κ\(Σ\) \(kx=1e99\) is outside \[1, 1000000000000\]; clamped/,
    );
  });

  it('writes readable keys, only non-defaults, with bounded digits', () => {
    const c = defaultConfig();
    expect(encodeQuery(c)).toBe('?v=1');
    c.L = 4;
    c.m = [20, 20, 20];
    c.data.kappa = 100;
    c.beta = 0.1 + 0.2; // 0.30000000000000004
    expect(encodeQuery(c)).toBe('?v=1&L=4&m=20&beta=0.3&kx=100');
  });

  it('comma lists of widths, with padding when the depth needs more', () => {
    expect(decodeQuery('L=4&m=5,6,7').config.m).toStrictEqual([5, 6, 7]);
    const { config, notices } = decodeQuery('L=4&m=5,6');
    expect(config.m).toStrictEqual([5, 6, 6]);
    expect(notices[0]).toMatch(/has 2 entries but depth L = 4 needs 3/);
  });

  it('a link made with imported matrices says so, and opening it tells the reader', () => {
    const c = defaultConfig();
    c.X = [
      [1, 2],
      [3, 4],
      [5, 7],
    ];
    c.d = 2;
    c.data.n = 3;
    c.Y = [[1], [2], [3]];
    c.k = 1;
    const query = encodeQuery(c);
    expect(query).toMatch(/&own=X%2CY$/);
    const { config, notices } = decodeQuery(query);
    expect(config.X).toBeUndefined();
    expect(notices.join('\n')).toMatch(
      /made with imported X, Y, which a link cannot carry: the numbers here use generated ones/,
    );
    expect(decodeQuery('?own=junk').notices.join('\n')).toMatch(/own=junk is not a list/);
    expect(encodeQuery(defaultConfig())).not.toMatch(/own/);
  });

  it('caps very long query strings', () => {
    const { notices } = decodeQuery('x='.padEnd(10_000, 'a'));
    expect(notices[0]).toMatch(/only the first 4096 were read/);
  });
});

describe('reconcileConfig', () => {
  it('fixes derived fields after a change and says what it changed', () => {
    const c = defaultConfig();
    c.data.source = 'digits';
    c.data.stride = 2;
    c.data.n = 5000;
    const { config, notices } = reconcileConfig(c);
    expect([config.d, config.k, config.data.n]).toStrictEqual([16, 10, 1797]);
    expect(notices).toStrictEqual([
      'Samples n = 5000: only the first 1797 images of digits are shipped; clamped to 1797',
    ]);
    const cnn = {
      ...defaultConfig(),
      model: 'cnn1d' as const,
      d: 10,
      kernel: 8,
      convLayers: 2,
      activation: 'relu' as const,
    };
    const r = reconcileConfig(cnn);
    expect(r.config.kernel).toBe(5);
    expect(r.config.activation).toBe('linear');
    expect(r.notices).toHaveLength(2);
    const deeper = { ...defaultConfig(), L: 5 };
    expect(reconcileConfig(deeper).config.m).toStrictEqual([100, 100, 100, 100]);
  });
});
