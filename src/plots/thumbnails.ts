/**
 * Thumbnails of image data as the network sees them: image `index` of a preview, downsampled by
 * `stride` exactly as the features are (x[0::s, 0::s], src/core/data/images.ts), as RGBA grey
 * levels for a canvas (0 = black, the largest value = white). Pure.
 */
export interface ThumbnailSource {
  rows: number;
  cols: number;
  maxValue: number;
  /** uint8 pixels, image by image, row-major */
  pixels: Uint8Array;
}

export interface Thumbnail {
  width: number;
  height: number;
  /** width·height·4 bytes, row-major RGBA */
  rgba: Uint8ClampedArray;
}

/** The downsampled image, or null when the preview does not hold image `index`. */
export function thumbnailImage(
  source: ThumbnailSource,
  index: number,
  stride: number,
): Thumbnail | null {
  const { rows, cols, maxValue, pixels } = source;
  const s = Math.max(1, Math.floor(stride));
  const base = index * rows * cols;
  if (index < 0 || base + rows * cols > pixels.length) return null;
  const height = Math.ceil(rows / s);
  const width = Math.ceil(cols / s);
  const rgba = new Uint8ClampedArray(width * height * 4);
  let p = 0;
  for (let i = 0; i < rows; i += s) {
    for (let j = 0; j < cols; j += s) {
      const v = Math.round((255 * pixels[base + i * cols + j]!) / Math.max(1, maxValue));
      rgba[p++] = v;
      rgba[p++] = v;
      rgba[p++] = v;
      rgba[p++] = 255;
    }
  }
  return { width, height, rgba };
}

/** Class names of the shipped data sets, by label. */
export const CLASS_NAMES: Readonly<
  Record<'mnist' | 'fashion-mnist' | 'digits', readonly string[]>
> = {
  mnist: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  'fashion-mnist': [
    'T-shirt/top',
    'Trouser',
    'Pullover',
    'Dress',
    'Coat',
    'Sandal',
    'Shirt',
    'Sneaker',
    'Bag',
    'Ankle boot',
  ],
  digits: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
};
