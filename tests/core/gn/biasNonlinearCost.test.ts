/**
 * The size guard's count of the structured assembly with biases (src/core/gn/structuredGramCost.ts,
 * docs/gn-math.md §11: inputs augmented to H̃_l = [H_l, 𝟙]): its kernel flops equal those the
 * assembly hands to the matrix-product kernel (counted by a wrapping kernel), on both branches and
 * pruned; and the estimate's p and side N count the biases.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { defaultConfig } from '../../../src/core/config';
import { estimateCost } from '../../../src/core/cost';
import { effectiveWeights, networkBiases, networkWeights } from '../../../src/core/gn/init';
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
import { BranchCounter } from '../../helpers/present';

/** Flops (2 per multiply-add) of every product handed to the kernel since the last reset. */
let counted = 0;
const counting: GemmKernel = (m, n, k, a, ta, b, tb, c, minDiag) => {
  let entries = 0;
  for (let i = 0; i < m; i++) entries += Math.max(0, n - Math.max(0, i + minDiag));
  counted += 2 * k * entries;
  gemmTs(m, n, k, a, ta, b, tb, c, minDiag);
};

describe('structuredGramCost with biases', () => {
  afterAll(() => {
    installFastestGemm();
  });

  const ran = new BranchCounter<'nk' | 'p' | 'pruned'>();
  test.prop(
    [
      fc.record({
        widths: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 5 }),
        n: fc.integer({ min: 1, max: 40 }),
        seed: fc.integer({ min: 1, max: 1e6 }),
        prune: fc.constantFrom(0, 0, 0.3, 0.6),
      }),
    ],
    { numRuns: 60, seed: 131 },
  )('counts exactly the kernel flops the assembly spends, on the branch it takes', (r) => {
    setGemmKernel('counting', counting);
    const config = {
      ...explicitConfig({ ...r, activation: 'leaky_relu', alpha: 0.1 }),
      bias: true,
    };
    const raw = networkWeights(config);
    const masks = r.prune > 0 ? pruneMasks(raw, r.prune) : null;
    const eff = effectiveWeights(config, masks ? applyMasks(raw, masks) : raw);
    const biases = networkBiases(config);
    const X = fromRows(config.X!);
    const sizes = r.widths;
    const k = sizes[sizes.length - 1]!;
    let p = 0;
    for (let l = 1; l < sizes.length; l++) p += (sizes[l - 1]! + 1) * sizes[l]!;
    const nb = sizes.slice(1).reduce((a, b) => a + b, 0);
    const kept = masks ? keptCount(masks) + nb : p;
    const nkBranch = r.n * k <= kept;
    const pruned = sizes.slice(1).map((_, l) => (masks ? masks[l]!.some((v) => v === 0) : false));
    ran.hit(nkBranch ? 'nk' : 'p');
    if (pruned.some((v) => v)) ran.hit('pruned');
    counted = 0;
    (nkBranch ? structuredGramNk : structuredGnP)(eff, X, 'leaky_relu', 0.1, masks, biases);
    const model = structuredGramCost(sizes, r.n, nkBranch, pruned, kept, true);
    expectAllClose(model.gemmFlops, counted, { rtol: 1e-12, atol: 0 });
  });
  it('exercised both branches and pruning', () => {
    ran.expectEach(['nk', 'p', 'pruned'], 3);
  });

  it('the estimate counts the biases in p and in the side of JᵀJ/n', () => {
    const c = defaultConfig();
    Object.assign(c, { L: 2, m: [20], activation: 'relu', bias: true });
    const e = estimateCost(c);
    const p = (c.d + 1) * 20 + 21 * c.k;
    expect([e.method, e.size, e.params]).toStrictEqual(['gn-p', p, p]);
  });
});
