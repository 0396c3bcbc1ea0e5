/**
 * The assembly's progress (src/core/gn/assemblyProgress.ts, docs/gn-math.md §13): every structured
 * assembly (JᵀJ/n over sample blocks and pair tiles, JJᵀ/n over row blocks for dense and per
 * sample for pruned layers, and the row-by-row JJᵀ/n) reports fractions that rise and end at
 * exactly 1, and reporting changes no digit of the matrix. Sizes are chosen to cross the blocks
 * (more than 512 samples for JᵀJ/n, more than 512 rows of JJᵀ/n), so there are several reports.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { setAssemblyProgressSink, upperEntries } from '../../../src/core/gn/assemblyProgress';
import { effectiveWeights, networkWeights } from '../../../src/core/gn/init';
import { pruneMasks } from '../../../src/core/gn/prune';
import { structuredGnP, structuredGramNk } from '../../../src/core/gn/structuredGram';
import { structuredGramNkRows } from '../../../src/core/gn/structuredGramRows';
import { fromRows, type Mat } from '../../../src/core/linalg/matrix';
import { explicitConfig } from '../../helpers/configs';

function network(widths: number[], n: number, seed: number) {
  const config = explicitConfig({ widths, n, seed, activation: 'relu', beta: 0, alpha: 0.1 });
  return { eff: effectiveWeights(config, networkWeights(config)), X: fromRows(config.X!) };
}

/** The fractions reported while `run` runs, and its result. */
function recorded<T>(run: () => T): { fractions: number[]; result: T } {
  const fractions: number[] = [];
  setAssemblyProgressSink((f) => fractions.push(f));
  try {
    return { fractions, result: run() };
  } finally {
    setAssemblyProgressSink(null);
  }
}

function expectRisingToOne(fractions: number[], atLeast: number): void {
  expect(fractions.length).toBeGreaterThanOrEqual(atLeast);
  for (let i = 1; i < fractions.length; i++)
    expect(fractions[i]!).toBeGreaterThanOrEqual(fractions[i - 1]!);
  expect(fractions[0]!).toBeGreaterThan(0);
  expect(fractions[fractions.length - 1]).toBe(1);
}

function sameBits(a: Mat, b: Mat): boolean {
  return a.data.length === b.data.length && a.data.every((x, i) => Object.is(x, b.data[i]));
}

afterEach(() => setAssemblyProgressSink(null));

describe('assembly progress', () => {
  it('JᵀJ/n: over sample blocks and pair tiles, the same bits', () => {
    // n = 700 > 512 samples: two sample blocks, three layer-pair blocks each
    const { eff, X } = network([3, 4, 2, 2], 700, 11);
    const plain = structuredGnP(eff, X, 'relu', 0.1);
    const { fractions, result } = recorded(() => structuredGnP(eff, X, 'relu', 0.1));
    expectRisingToOne(fractions, 6);
    expect(sameBits(result, plain)).toBe(true);
  });

  it('JJᵀ/n: over row blocks of each dense layer, the same bits', () => {
    // nk = 300 · 2 = 600 > 512 rows: two row blocks per layer, three layers
    const { eff, X } = network([3, 4, 5, 2], 300, 12);
    const plain = structuredGramNk(eff, X, 'relu', 0.1);
    const { fractions, result } = recorded(() => structuredGramNk(eff, X, 'relu', 0.1));
    expectRisingToOne(fractions, 6);
    expect(sameBits(result, plain)).toBe(true);
  });

  it('JJᵀ/n with pruned layers: sample by sample, the same bits', () => {
    const { eff, X } = network([3, 4, 2], 20, 13);
    const masks = pruneMasks(eff, 0.3);
    const plain = structuredGramNk(eff, X, 'relu', 0.1, masks);
    const { fractions, result } = recorded(() => structuredGramNk(eff, X, 'relu', 0.1, masks));
    // 20 samples per pruned layer, two layers
    expectRisingToOne(fractions, 40);
    expect(sameBits(result, plain)).toBe(true);
  });

  it('JJᵀ/n row by row: over the blocks the kernel asks for', () => {
    const { eff, X } = network([3, 4, 2], 300, 14);
    const { fractions } = recorded(() => {
      const rows = structuredGramNkRows(eff, X, 'relu', 0.1);
      const out = new Float64Array(rows.N);
      for (let r = 0; r < rows.N; r++) rows.fill(r, out.subarray(0, rows.N - r));
    });
    expectRisingToOne(fractions, 2);
  });

  it('reports nothing without a sink, and counts upper-triangle entries by rows', () => {
    const { eff, X } = network([3, 4, 2], 30, 15);
    let calls = 0;
    setAssemblyProgressSink(() => calls++);
    setAssemblyProgressSink(null);
    structuredGnP(eff, X, 'relu', 0.1);
    structuredGramNk(eff, X, 'relu', 0.1);
    expect(calls).toBe(0);
    // rows 0…N−1 of an N × N upper triangle are N(N+1)/2 entries, whatever the split
    const N = 1037;
    expect(upperEntries(N, 0, 512) + upperEntries(N, 512, 1024) + upperEntries(N, 1024, N)).toBe(
      (N * (N + 1)) / 2,
    );
    expect(upperEntries(N, N - 1, N)).toBe(1);
  });
});
