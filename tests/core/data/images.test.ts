/**
 * The shipped image data (issue "Real data"): features by the selection rule, and κ⁺(Σ) and
 * rank Σ equal to an independent numpy computation (tests/fixtures/make_image_reference.py).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fixture from '../../fixtures/image-reference.json';
import { decodeQuery } from '../../../src/core/config';
import {
  decodeImageDataset,
  IMAGE_DATASETS,
  imageFeatures,
  oneHotTargets,
  type ImageSource,
} from '../../../src/core/data/images';
import { prepareData } from '../../../src/core/data/synthetic';
import { expectAllClose } from '../../helpers/allclose';

const root = resolve(__dirname, '../../..');
function load(source: ImageSource) {
  const bytes = readFileSync(resolve(root, 'public/data', IMAGE_DATASETS[source].file));
  return decodeImageDataset(
    source,
    new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  );
}
const images = (source: ImageSource) => load(source);

describe('image features', () => {
  it('first n images, pixels in [0, 1], x[0::s, 0::s] row-major, one-hot labels', () => {
    const data = load('digits');
    const X = imageFeatures(data, 3, 2);
    expect([X.rows, X.cols]).toStrictEqual([3, 16]);
    // feature (i, j) of image q is pixel (2i, 2j) / 16
    for (let q = 0; q < 3; q++)
      for (let i = 0; i < 4; i++)
        for (let j = 0; j < 4; j++)
          expect(X.data[q * 16 + i * 4 + j]).toBe(data.pixels[q * 64 + 2 * i * 8 + 2 * j]! / 16);
    const Y = oneHotTargets(data, 3);
    for (let q = 0; q < 3; q++)
      expect(Array.from(Y.data.subarray(q * 10, q * 10 + 10)).indexOf(1)).toBe(data.labels[q]);
    expect(() => imageFeatures(data, 5000, 1)).toThrow(/only the first 1797 images/);
  });

  it('rejects a file of the wrong size', () => {
    expect(() => decodeImageDataset('digits', new Uint8Array(10))).toThrow(
      /has 10 bytes; expected 116805/,
    );
  });

  for (const c of fixture.cases) {
    it(`κ⁺(Σ) and rank Σ equal numpy's for ${c.query}`, () => {
      const { config, notices } = decodeQuery(c.query);
      expect(notices).toStrictEqual([]);
      expect(config.d).toBe(c.d);
      const { sigma } = prepareData(config, images);
      expect(sigma.rank).toBe(c.rankSigma);
      // the smallest non-zero eigenvalue carries a relative error ~ε·κ⁺(Σ): scale the tolerance
      const rtol = Math.max(1e-9, 1e3 * Number.EPSILON * c.kappaSigma);
      expectAllClose(sigma.kappaPlus, c.kappaSigma, { rtol });
      expectAllClose(sigma.eigenvalues[0]!, c.sigmaTop, { rtol: 1e-12 });
    });
  }

  it('image sources fix d and k from the data set, with notices for conflicting links', () => {
    const { config, notices } = decodeQuery('data=fashion-mnist&stride=2&d=10&k=3&n=5000');
    expect([config.d, config.k, config.data.n]).toStrictEqual([196, 10, 2000]);
    expect(notices.join('\n')).toMatch(
      /d = 10 does not match fashion-mnist at stride 2; using its 196 features/,
    );
    expect(notices.join('\n')).toMatch(
      /only the first 2000 images of fashion-mnist are shipped; clamped to 2000/,
    );
  });
});
