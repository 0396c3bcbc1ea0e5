/**
 * The direction picture's layout (src/plots/directionLayout.ts) and its SVG (directionSvg.ts):
 * every pixel's colour is its δA entry on the symmetric scale, labels never overlap and stay
 * inside the picture at the phone and desktop widths, and each kind of result gets its picture.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  topSingularPair,
  type DirectionResult,
  type LinearDirection,
  type OutputsDirection,
} from '../../src/core/explain/direction';
import {
  directionScene,
  divergingColour,
  fitLabel,
  type DirectionScene,
  type SceneText,
} from '../../src/plots/directionLayout';
import { directionSvgText } from '../../src/plots/directionSvg';
import { CLASS_NAMES } from '../../src/plots/thumbnails';
import { gaussianMatrix } from '../helpers/matrices';
import { present as presentValue } from '../helpers/present';

const present = (scene: DirectionScene | null): DirectionScene => presentValue(scene, 'the scene');

const WIDTHS = [358, 760];

function linearDirection(k: number, inputs: number, seed: number): LinearDirection {
  const template = gaussianMatrix(k, inputs, seed);
  return { value: 0.5, template, top: topSingularPair(template, k, inputs) };
}

function linearResult(
  k: number,
  d: number,
  image: { rows: number; cols: number } | null,
  bias = false,
): Extract<DirectionResult, { kind: 'linear' }> {
  const inputs = d + (bias ? 1 : 0);
  return {
    kind: 'linear',
    method: 'reduced-kd',
    size: k * d,
    k,
    inputs,
    bias,
    image,
    ms: 1,
    max: linearDirection(k, inputs, 1),
    minPositive: linearDirection(k, inputs, 2),
  };
}

function textBox(t: SceneText): { x0: number; x1: number; y0: number; y1: number } {
  const w = t.text.length * t.size * 0.6;
  const x0 = t.anchor === 'start' ? t.x : t.anchor === 'middle' ? t.x - w / 2 : t.x - w;
  return { x0, x1: x0 + w, y0: t.y - t.size, y1: t.y + 0.25 * t.size };
}

/** No two horizontal labels overlap, and every shape and label is inside the picture. */
function expectReadable(scene: DirectionScene): void {
  const flat = scene.texts.filter((t) => !t.rotate).map(textBox);
  for (let i = 0; i < flat.length; i++)
    for (let j = i + 1; j < flat.length; j++) {
      const a = flat[i]!;
      const b = flat[j]!;
      const overlap = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
      expect(
        overlap,
        `labels ${JSON.stringify(scene.texts.filter((t) => !t.rotate)[i])} and ${j} overlap`,
      ).toBe(false);
    }
  for (const box of flat) {
    expect(box.x0).toBeGreaterThanOrEqual(0);
    expect(box.x1).toBeLessThanOrEqual(scene.width + 0.5);
    expect(box.y1).toBeLessThanOrEqual(scene.height + 0.5);
  }
  for (const r of scene.rects) {
    expect(r.x).toBeGreaterThanOrEqual(0);
    expect(r.x + r.w).toBeLessThanOrEqual(scene.width + 0.5);
    expect(r.y + r.h).toBeLessThanOrEqual(scene.height + 0.5);
  }
}

/** The fill of the pixel at (x, y), from the merged rectangles. */
function fillAt(scene: DirectionScene, x: number, y: number): string | undefined {
  return scene.rects.find(
    (r) => !r.stroke && x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h,
  )?.fill;
}

describe('directionScene: image data', () => {
  it.each(WIDTHS)(
    'one image per class, each pixel coloured by its δA entry (width %d)',
    (width) => {
      const image = { rows: 4, cols: 4 };
      const result = linearResult(10, 16, image);
      const names = ['0', '1', '2', '3', '4', '5', '6', '7', '8', 'a long class name'];
      const scene = present(directionScene(result, 'minPositive', { width, classNames: names }));
      expect(scene.kind).toBe('class-images');
      const template = result.minPositive!.template;
      const vmax = Math.max(...Array.from(template, Math.abs));
      const frames = scene.rects.filter((r) => r.stroke && r.w !== 14);
      expect(frames).toHaveLength(10);
      frames.forEach((frame, c) => {
        const cell = frame.w / image.cols;
        for (let i = 0; i < image.rows; i++)
          for (let j = 0; j < image.cols; j++)
            expect(fillAt(scene, frame.x + (j + 0.5) * cell, frame.y + (i + 0.5) * cell)).toBe(
              divergingColour(template[c * 16 + i * 4 + j]!, vmax),
            );
      });
      // the symmetric scale: its ends are the colour bar's labels
      expect(scene.texts.some((t) => t.text === '0')).toBe(true);
      expectReadable(scene);
      expect(scene.description).toMatch(/one image per output/);
    },
  );

  it('more outputs than images: the top singular image, with its share in words', () => {
    const scene = present(
      directionScene(linearResult(20, 9, { rows: 3, cols: 3 }), 'max', { width: 600 }),
    );
    expect(scene.kind).toBe('singular-image');
    expect(scene.description).toMatch(/top singular image/);
    expect(scene.description).toMatch(/steepest/);
    expectReadable(scene);
  });

  it('with biases the image is the d pixels (the bias column is not a pixel)', () => {
    const scene = present(
      directionScene(linearResult(2, 4, { rows: 2, cols: 2 }, true), 'minPositive', {
        width: 500,
      }),
    );
    expect(scene.kind).toBe('class-images');
  });
});

describe('directionScene: other data', () => {
  test.prop(
    [
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 120 }),
      fc.constantFrom(...WIDTHS),
      fc.boolean(),
    ],
    {
      numRuns: 30,
      seed: 5,
    },
  )('bars over the input dimensions with readable axes', (k, d, width, bias) => {
    const result = linearResult(k, d, null, bias);
    const scene = present(directionScene(result, 'minPositive', { width }));
    expect(scene.kind).toBe(k <= 3 ? 'bars' : 'singular-bars');
    const bars = scene.rects.filter((r) => !r.stroke);
    expect(bars).toHaveLength((k <= 3 ? k : 1) * (d + (bias ? 1 : 0)));
    expectReadable(scene);
    expect(scene.texts.some((t) => t.text.startsWith('input dimension'))).toBe(true);
  });
});

describe('directionScene: non-linear nets', () => {
  function outputs(n: number, k: number, pixels: boolean): OutputsDirection {
    const raw = gaussianMatrix(n, k, 9);
    const norms = Array.from({ length: n }, (_, q) =>
      Math.hypot(...raw.subarray(q * k, (q + 1) * k)),
    );
    const order = norms.map((v, q) => [v, q] as const).sort((a, b) => b[0] - a[0]);
    return {
      value: 2,
      outputs: raw,
      sampleNorms: Float64Array.from(norms),
      classShares: new Float64Array(k).fill(1 / k),
      movers: order.slice(0, 8).map(([norm, index]) => ({
        index,
        norm,
        pixels: pixels ? new Float64Array(16).fill(0.5) : null,
      })),
    };
  }

  it.each(WIDTHS)(
    'one bar per mover, thumbnails for images, shares per output (width %d)',
    (width) => {
      const dir = outputs(30, 10, true);
      const result: DirectionResult = {
        kind: 'outputs',
        method: 'gram-nk',
        size: 300,
        n: 30,
        k: 10,
        image: { rows: 4, cols: 4 },
        ms: 1,
        max: dir,
        minPositive: dir,
      };
      const scene = present(
        directionScene(result, 'max', {
          width,
          classNames: CLASS_NAMES['fashion-mnist'],
        }),
      );
      expect(scene.kind).toBe('movers');
      expect(scene.texts.filter((t) => t.text.startsWith('sample '))).toHaveLength(8);
      expect(scene.rects.filter((r) => r.stroke)).toHaveLength(8); // thumbnail frames
      expectReadable(scene);
    },
  );
});

describe('what has no picture, and the SVG text', () => {
  it('skipped and rank-0 results have no scene', () => {
    expect(
      directionScene({ kind: 'skipped', reason: 'x', size: 5000, method: 'gram-nk' }, 'max', {
        width: 500,
      }),
    ).toBeNull();
    const zero = { ...linearResult(1, 2, null), max: null, minPositive: null };
    expect(directionScene(zero, 'minPositive', { width: 500 })).toBeNull();
  });

  it('writes every shape and escapes every text; export size scales it under a title', () => {
    const scene = present(directionScene(linearResult(2, 3, null), 'max', { width: 500 }));
    scene.texts.push({ x: 10, y: 10, text: '<b>&"', anchor: 'start', size: 12 });
    const svg = directionSvgText(scene, { theme: 'dark' });
    expect(svg.match(/<rect /g)).toHaveLength(scene.rects.length + 1); // + background
    expect(svg).toContain('&#60;b&#62;&#38;&#34;');
    expect(svg).not.toContain('<b>');
    const big = directionSvgText(scene, {
      theme: 'light',
      size: { width: 1600, height: 1000 },
      title: 'T',
    });
    expect(big).toMatch(/width="1600" height="1000"/);
    expect(big).toMatch(/scale\(/);
  });

  it('fitLabel keeps short labels and cuts long ones to the room', () => {
    expect(fitLabel('Coat', 80)).toBe('Coat');
    const cut = fitLabel('Ankle boot and more', 50);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length * 12 * 0.6).toBeLessThanOrEqual(50);
  });
});
