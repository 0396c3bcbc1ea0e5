import { describe, expect, it } from 'vitest';
import { IMAGE_DATASETS, imageFeatures } from '../../src/core/data/images';
import { thumbnailImage } from '../../src/plots/thumbnails';

describe('thumbnails', () => {
  const rows = 5;
  const cols = 7;
  const pixels = Uint8Array.from({ length: 2 * rows * cols }, (_, i) => (i * 37) % 256);
  const source = { rows, cols, maxValue: 255, pixels };

  it('downsample exactly as the network input does (x[0::s, 0::s])', () => {
    const dataset = {
      info: { ...IMAGE_DATASETS['fashion-mnist'], rows, cols, count: 2 },
      pixels,
      labels: new Uint8Array(2),
    };
    for (const stride of [1, 2, 3, 4]) {
      const X = imageFeatures(dataset, 2, stride);
      for (const index of [0, 1]) {
        const t = thumbnailImage(source, index, stride)!;
        expect(t.width * t.height).toBe(X.cols);
        const grey = Array.from({ length: X.cols }, (_, f) => t.rgba[4 * f]!);
        const expected = Array.from(X.data.subarray(index * X.cols, (index + 1) * X.cols)).map(
          (x) => Math.round(255 * x),
        );
        expect(grey).toEqual(expected);
        expect(t.rgba[3]).toBe(255);
      }
    }
  });

  it('is null for an image the preview does not hold', () => {
    expect(thumbnailImage(source, 2, 1)).toBeNull();
    expect(thumbnailImage(source, -1, 1)).toBeNull();
  });
});
