/**
 * Image data sets shipped with the app (public/data, made by scripts/make_datasets.py and
 * scripts/make_mnist.mjs): 2000 class-balanced MNIST training digits (image i is sample ⌊i/10⌋
 * of digit i mod 10, docs/gn-math.md §9), the first images of Fashion-MNIST's training split
 * and the 8×8 digits, as raw uint8 pixels. Selection rule (issue "Real data"): the first n
 * images in file order, pixels scaled to [0, 1], downsampled by stride s (x[0::s, 0::s]),
 * flattened row-major, uncentred unless asked; one-hot targets, k = 10.
 * Pure: the bytes are handed in (fetched by the worker, read from disk by the CLI).
 */
import { zeros, type Mat } from '../linalg/matrix';
import type { DataSource } from '../types';

export type ImageSource = Extract<DataSource, 'mnist' | 'fashion-mnist' | 'digits'>;

export interface ImageDatasetInfo {
  source: ImageSource;
  /** file under public/data */
  file: string;
  /** number of images shipped */
  count: number;
  rows: number;
  cols: number;
  /** largest pixel value in the originals (255 for MNIST and Fashion-MNIST, 16 for the digits) */
  maxValue: number;
  classes: number;
  title: string;
  licence: string;
}

/** What is shipped; must match scripts/make_mnist.mjs and scripts/make_datasets.py. */
export const IMAGE_DATASETS: Readonly<Record<ImageSource, ImageDatasetInfo>> = {
  mnist: {
    source: 'mnist',
    file: 'mnist-train-2000.bin',
    count: 2000,
    rows: 28,
    cols: 28,
    maxValue: 255,
    classes: 10,
    title: 'MNIST (2000 training digits, 200 per class)',
    licence: 'CC BY-SA 3.0 (LeCun & Cortes)',
  },
  'fashion-mnist': {
    source: 'fashion-mnist',
    file: 'fashion-mnist-train-2000.bin',
    count: 2000,
    rows: 28,
    cols: 28,
    maxValue: 255,
    classes: 10,
    title: 'Fashion-MNIST (first 2000 training images)',
    licence: 'MIT (Zalando Research)',
  },
  digits: {
    source: 'digits',
    file: 'digits-8x8-1797.bin',
    count: 1797,
    rows: 8,
    cols: 8,
    maxValue: 16,
    classes: 10,
    title: 'Handwritten digits 8×8 (UCI, via scikit-learn)',
    licence: 'CC BY 4.0',
  },
};

export function isImageSource(source: DataSource): source is ImageSource {
  return source === 'mnist' || source === 'fashion-mnist' || source === 'digits';
}

/** Features after downsampling by `stride`: ⌈rows/s⌉·⌈cols/s⌉. */
export function imageFeatureCount(source: ImageSource, stride: number): number {
  const info = IMAGE_DATASETS[source];
  return Math.ceil(info.rows / stride) * Math.ceil(info.cols / stride);
}

/** A decoded data set file: `count` images of rows×cols uint8 pixels, then `count` labels. */
export interface ImageDataset {
  info: ImageDatasetInfo;
  pixels: Uint8Array;
  labels: Uint8Array;
}

/**
 * Checks and wraps the bytes of a data set file (layout: pixels image by image, row-major, then
 * one label byte per image). @throws Error when the size does not match the manifest.
 */
export function decodeImageDataset(source: ImageSource, bytes: Uint8Array): ImageDataset {
  const info = IMAGE_DATASETS[source];
  const pixelsLength = info.count * info.rows * info.cols;
  if (bytes.length !== pixelsLength + info.count) {
    throw new Error(
      `${info.file} has ${bytes.length} bytes; expected ${pixelsLength + info.count} (${info.count} images of ${info.rows}×${info.cols} and their labels)`,
    );
  }
  const labels = bytes.subarray(pixelsLength);
  for (let i = 0; i < labels.length; i++)
    if (labels[i]! >= info.classes)
      throw new Error(
        `${info.file}: label ${labels[i]} of image ${i} is not a class 0–${info.classes - 1}`,
      );
  return { info, pixels: bytes.subarray(0, pixelsLength), labels };
}

/**
 * X (n × ⌈rows/s⌉·⌈cols/s⌉): the first n images, pixel/maxValue in [0, 1], x[0::s, 0::s]
 * flattened row-major. @throws Error when n exceeds the images shipped.
 */
export function imageFeatures(data: ImageDataset, n: number, stride: number): Mat {
  const { rows, cols, count, maxValue } = data.info;
  if (n > count)
    throw new Error(
      `only the first ${count} images of ${data.info.title.split(' (')[0]} are shipped; n = ${n} is too many`,
    );
  const r = Math.ceil(rows / stride);
  const c = Math.ceil(cols / stride);
  const X = zeros(n, r * c);
  for (let q = 0; q < n; q++) {
    const base = q * rows * cols;
    let f = 0;
    for (let i = 0; i < rows; i += stride)
      for (let j = 0; j < cols; j += stride)
        X.data[q * r * c + f++] = data.pixels[base + i * cols + j]! / maxValue;
  }
  return X;
}

/** One-hot targets Y (n × classes) of the first n images. */
export function oneHotTargets(data: ImageDataset, n: number): Mat {
  const Y = zeros(n, data.info.classes);
  for (let q = 0; q < n; q++) Y.data[q * data.info.classes + data.labels[q]!] = 1;
  return Y;
}
