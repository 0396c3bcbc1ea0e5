/**
 * networkWeights keeps the layers it drew (src/core/gn/init.ts WEIGHT_PREFIXES): whatever was
 * drawn before, every call returns what one generator drawing layer after layer gives (the
 * reference below draws from scratch with createRng and initMatrix), and callers get copies.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { defaultConfig } from '../../../src/core/config';
import { activationGain, initMatrix, layerSizes, networkWeights } from '../../../src/core/gn/init';
import { createRng, STREAM } from '../../../src/core/random';
import type { GnConfig, InitName } from '../../../src/core/types';

function fromScratch(config: GnConfig) {
  const sizes = layerSizes(config);
  const rng = createRng(config.seed, STREAM.weights);
  const gain = activationGain(config.activation, config.alpha);
  return sizes.slice(1).map((rows, l) => initMatrix(rows, sizes[l]!, config.init, gain, rng));
}

function config(m: number[], seed: number, init: InitName, odd: boolean): GnConfig {
  const c = defaultConfig();
  // odd shapes leave Box–Muller's spare normal for the next layer
  return { ...c, L: m.length + 1, d: odd ? 5 : 4, k: 3, m, seed, init };
}

describe('networkWeights with drawn prefixes kept', () => {
  test.prop(
    [
      fc.array(
        fc.record({
          // few widths and seeds: the calls share prefixes and branch off them
          m: fc.array(fc.constantFrom(2, 3), { maxLength: 5 }),
          seed: fc.integer({ min: 0, max: 1 }),
          init: fc.constantFrom<InitName>('kaiming_normal', 'xavier_normal', 'orthogonal'),
          odd: fc.boolean(),
        }),
        { minLength: 1, maxLength: 8 },
      ),
    ],
    { numRuns: 40 },
  )('a sequence of calls gives what drawing from scratch gives, bit for bit', (steps) => {
    for (const s of steps) {
      const c = config(s.m, s.seed, s.init, s.odd);
      const got = networkWeights(c);
      const want = fromScratch(c);
      expect(got.length).toBe(want.length);
      got.forEach((w, l) => {
        expect([w.rows, w.cols]).toStrictEqual([want[l]!.rows, want[l]!.cols]);
        expect(w.data.every((x, i) => Object.is(x, want[l]!.data[i]))).toBe(true);
      });
    }
  });

  it('a depth step redraws the last layer only, and callers cannot change what is kept', () => {
    const deep = config([7, 7, 7, 7], 11, 'kaiming_normal', true);
    const shallow = { ...deep, L: 4, m: deep.m.slice(0, 3) };
    const first = networkWeights(deep);
    first[0]!.data.fill(42); // a caller's change to its copy
    const again = networkWeights(shallow);
    expect(again[0]!.data.every((x, i) => Object.is(x, fromScratch(shallow)[0]!.data[i]))).toBe(
      true,
    );
    // the first three layers are shared; the last differs in shape (3 × 7 after 7 × 7)
    expect(again.slice(0, 3).map((w) => Array.from(w.data))).toStrictEqual(
      fromScratch(deep)
        .slice(0, 3)
        .map((w) => Array.from(w.data)),
    );
  });
});

describe('Rng.fork', () => {
  it('continues the same stream independently, spare normal included', () => {
    const r = createRng(5, 2);
    r.normal(); // leaves the pair's second value as the spare
    const f = r.fork();
    const a = [r.normal(), r.normal(), r.uniform()];
    const b = [f.normal(), f.normal(), f.uniform()];
    expect(b).toStrictEqual(a);
    expect(r.fork().uniform()).toBe(r.uniform());
  });
});
