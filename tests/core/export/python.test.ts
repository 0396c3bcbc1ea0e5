/**
 * "Copy as Python": the numpy snippet rebuilds the same network and data. Its outputs were
 * recorded by tests/fixtures/make_python_export_reference.mjs (python3 + numpy, run once); here
 * the snippets must be unchanged (or the fixture regenerated) and their κ must equal gnlens's.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fixture from '../../fixtures/python-export.json';
import { decodeQuery, normalizeConfig } from '../../../src/core/config';
import { pythonExportSupport, pythonSnippet } from '../../../src/core/export/python';
import { evaluate } from '../../../src/core/gn/evaluate';
import { expectAllClose } from '../../helpers/allclose';

describe('pythonSnippet', () => {
  for (const c of fixture.cases) {
    it(`${c.query}: numpy's κ, rank and κ⁺(Σ) equal gnlens's`, () => {
      const { config } = decodeQuery(c.query);
      const snippet = pythonSnippet(config);
      const hash = createHash('sha256').update(snippet).digest('hex');
      expect(
        hash,
        'the snippet changed: run node tests/fixtures/make_python_export_reference.mjs',
      ).toBe(c.sha256);
      const r = evaluate(config);
      expect(r.rank).toBe(c.rank);
      // libm vs V8 may differ in the last bit of log/sin/cos while rebuilding the data
      expectAllClose(c.kappa, r.kappa, { rtol: 1e-9 });
      expectAllClose(c.kappaSigma, r.kappaSigma, { rtol: 1e-9 });
    });
  }

  it('embeds explicit X and weights, and says what it cannot export', () => {
    const { config } = normalizeConfig({
      X: [
        [1, 0],
        [0, 2],
      ],
      weights: [[[0.5, 1]]],
    });
    expect(pythonSnippet(config)).toContain(
      'X_EXPLICIT = np.array([[1,0],[0,2]], dtype=np.float64)',
    );
    const cnn = decodeQuery('model=cnn1d').config;
    expect(pythonExportSupport(cnn)).toStrictEqual({
      ok: false,
      reason: 'the Python export covers MLPs; the 1-D CNN is not included yet',
    });
    expect(() => pythonSnippet(cnn)).toThrow(/covers MLPs/);
  });
});
