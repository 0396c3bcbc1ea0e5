/**
 * The size guard's count of the structured GN assembly (src/core/gn/structuredGramCost.ts):
 * its kernel flops equal those the assembly really hands to the matrix-product kernel (counted
 * by a wrapping kernel), on both branches and pruned; and the two-layer ReLU benchmark sizes
 * get the verdicts the issue asks for (m = 100, n = 1000: confirm, not refuse).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { defaultConfig } from '../../../src/core/config';
import { estimateCost, HARD_LIMIT_MS } from '../../../src/core/cost';
import { effectiveWeights, networkWeights } from '../../../src/core/gn/init';
import { applyMasks, keptCount, pruneMasks } from '../../../src/core/gn/prune';
import { structuredGnP, structuredGramNk } from '../../../src/core/gn/structuredGram';
import { structuredGramCost } from '../../../src/core/gn/structuredGramCost';
import {
  gemmTs,
  installFastestGemm,
  setGemmKernel,
  type GemmKernel,
} from '../../../src/core/linalg/gemm';
import { fromRows } from '../../../src/core/linalg/matrix';
import { expectAllClose } from '../../helpers/allclose';
import { explicitConfig } from '../../helpers/configs';

/** Flops (2 per multiply-add) of every product handed to the kernel since the last reset. */
let counted = 0;
const counting: GemmKernel = (m, n, k, a, ta, b, tb, c, minDiag) => {
  let entries = 0;
  for (let i = 0; i < m; i++) entries += Math.max(0, n - Math.max(0, i + minDiag));
  counted += 2 * k * entries;
  gemmTs(m, n, k, a, ta, b, tb, c, minDiag);
};

describe('structuredGramCost', () => {
  afterAll(() => {
    installFastestGemm();
  });

  test.prop(
    [
      fc.record({
        widths: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 5 }),
        n: fc.integer({ min: 1, max: 40 }),
        seed: fc.integer({ min: 1, max: 1e6 }),
        prune: fc.constantFrom(0, 0, 0.3, 0.6),
      }),
    ],
    { numRuns: 60, seed: 81 },
  )('counts exactly the kernel flops the assembly spends, on the branch it takes', (r) => {
    setGemmKernel('counting', counting);
    const config = explicitConfig({ ...r, activation: 'leaky_relu', alpha: 0.1 });
    const raw = networkWeights(config);
    const masks = r.prune > 0 ? pruneMasks(raw, r.prune) : null;
    const eff = effectiveWeights(config, masks ? applyMasks(raw, masks) : raw);
    const X = fromRows(config.X!);
    const sizes = r.widths;
    const k = sizes[sizes.length - 1]!;
    let p = 0;
    for (let l = 1; l < sizes.length; l++) p += sizes[l]! * sizes[l - 1]!;
    const kept = masks ? keptCount(masks) : p;
    const nkBranch = r.n * k <= kept;
    const pruned = sizes.slice(1).map((_, l) => (masks ? masks[l]!.some((v) => v === 0) : false));
    counted = 0;
    (nkBranch ? structuredGramNk : structuredGnP)(eff, X, 'leaky_relu', 0.1, masks);
    const model = structuredGramCost(sizes, r.n, nkBranch, pruned, kept);
    expectAllClose(model.gemmFlops, counted, { rtol: 1e-12, atol: 0 });
  });
});

describe('the size guard on the two-layer ReLU benchmark (n = 1000, k = 10, d = 49)', () => {
  const twoLayer = (m: number) => {
    const c = defaultConfig();
    Object.assign(c, { L: 2, m: [m], activation: 'relu' });
    return c;
  };

  it('m = 100 (p = 5900, JᵀJ/n): confirm, under the hard limit', () => {
    const e = estimateCost(twoLayer(100));
    expect([e.method, e.size, e.params]).toStrictEqual(['gn-p', 5900, 5900]);
    expect(e.level).toBe('confirm');
    expect(e.ms).toBeLessThan(HARD_LIMIT_MS);
  });

  it('m = 20 (p = 1180): not refused, a 1180 × 1180 JᵀJ/n', () => {
    const e = estimateCost(twoLayer(20));
    expect([e.method, e.size]).toStrictEqual(['gn-p', 1180]);
    expect(e.level).not.toBe('refuse');
  });
});
