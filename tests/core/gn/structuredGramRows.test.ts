/**
 * JJᵀ/n row by row (src/core/gn/structuredGramRows.ts, docs/gn-math.md §13.1): every row equals
 * the full assembly structuredGramNk to the last bit (same blocks, products and order), across
 * the 512-row block boundary, with and without biases; the streamed eigenvalues equal those of
 * the full matrix bit for bit on the WebAssembly kernel; a non-finite Gram is reported in the
 * words of the other paths. The full assembly itself is checked against the brute-force
 * Jacobian in nonlinear.test.ts.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { effectiveWeights, networkWeights } from '../../../src/core/gn/init';
import { structuredGramNk } from '../../../src/core/gn/structuredGram';
import {
  streamedGramEigenvalues,
  structuredGramNkRows,
} from '../../../src/core/gn/structuredGramRows';
import { eigvalsSym } from '../../../src/core/linalg/eigSym';
import { installFastestKernel } from '../../../src/core/linalg/kernels';
import { fromRows, type Mat } from '../../../src/core/linalg/matrix';
import { createRng } from '../../../src/core/random';
import { explicitConfig } from '../../helpers/configs';

installFastestKernel();

function network(widths: number[], n: number, seed: number, activation: 'relu' | 'leaky_relu') {
  const config = explicitConfig({ widths, n, seed, activation, beta: 0, alpha: 0.1 });
  return { eff: effectiveWeights(config, networkWeights(config)), X: fromRows(config.X!), config };
}

function biasesFor(eff: readonly Mat[], seed: number): Float64Array[] {
  const rng = createRng(seed);
  return eff.map((w) => Float64Array.from({ length: w.rows }, () => rng.normal() * 0.3));
}

function expectRowsEqualFull(
  eff: Mat[],
  X: Mat,
  activation: 'relu' | 'leaky_relu',
  biases?: Float64Array[],
) {
  const full = structuredGramNk(eff, X, activation, 0.1, null, biases);
  const rows = structuredGramNkRows(eff, X, activation, 0.1, biases);
  const N = full.rows;
  expect(rows.N).toBe(N);
  let differing = 0;
  for (let r = 0; r < N; r++) {
    const out = new Float64Array(N - r);
    rows.fill(r, out);
    for (let c = r; c < N; c++) if (!Object.is(out[c - r], full.data[r * N + c])) differing++;
  }
  expect(differing).toBe(0);
}

describe('structuredGramNkRows', () => {
  test.prop(
    [
      fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 3, maxLength: 4 }),
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 1e6 }),
      fc.constantFrom('relu' as const, 'leaky_relu' as const),
      fc.boolean(),
    ],
    { numRuns: 25 },
  )('rows equal the full assembly bit for bit', (widths, n, seed, activation, withBiases) => {
    const { eff, X } = network(widths, n, seed, activation);
    expectRowsEqualFull(eff, X, activation, withBiases ? biasesFor(eff, seed) : undefined);
  });

  it('across the 512-row blocks (n·k = 1200), and the eigenvalues are the same bits', () => {
    const { eff, X } = network([20, 12, 10], 120, 7, 'relu');
    expectRowsEqualFull(eff, X, 'relu');
    const full = structuredGramNk(eff, X, 'relu', 0.1);
    const streamed = streamedGramEigenvalues(structuredGramNkRows(eff, X, 'relu', 0.1));
    const direct = eigvalsSym(full.data, full.rows);
    expect(Array.from(streamed).findIndex((v, i) => !Object.is(v, direct[i]))).toBe(-1);
  });

  it('reports a non-finite GN matrix in the words of the other paths', () => {
    const { eff, X } = network([4, 3, 2], 5, 3, 'relu');
    eff[0]!.data[0] = 1e300;
    eff[1]!.data.fill(1e300);
    expect(() => streamedGramEigenvalues(structuredGramNkRows(eff, X, 'relu', 0.1))).toThrow(
      'the GN matrix overflowed float64 (entries are not finite)',
    );
  });
});
