/**
 * The direction view as a picture (docs/gn-math.md §12): a pure layout from a DirectionResult
 * to a scene of rectangles, lines and texts, which src/plots/directionSvg.ts writes as SVG.
 *
 * - Networks linear in x, image data: one image per output class, pixel (i, j) of image c the
 *   entry of δA's row c, on a diverging scale symmetric about 0 with a colour bar; for more than
 *   {@link MAX_CLASS_IMAGES} outputs, the top singular image of δA instead.
 * - Networks linear in x, other data: bars over the input dimensions, one chart per output (up
 *   to {@link MAX_BAR_CHARTS}), else the top singular vector.
 * - Non-linear nets: the samples the direction moves most, one bar each (‖δf(x_q)‖), with a
 *   thumbnail for image data, and the share of each output.
 */
import { interpolateRdBu, scaleLinear } from 'd3';
import type {
  DirectionEnd,
  DirectionResult,
  LinearDirection,
  OutputsDirection,
} from '../core/explain/direction';
import { formatNumber } from './format';
import { linearTicks } from './ticks';

export const MAX_CLASS_IMAGES = 12;
export const MAX_BAR_CHARTS = 3;
/** Smallest image panel (px) before the grid wraps to another row. */
const MIN_PANEL_PX = 64;
const MAX_PANEL_PX = 120;
const GAP_PX = 12;
const PAD_PX = 12;
const LABEL_PX = 12;
const TICK_PX = 12;
const COLOUR_BAR_PX = 14;
/** Steps of the diverging map (equal neighbours merge into one rectangle). */
const COLOUR_LEVELS = 41;

export interface SceneRect {
  x: number;
  y: number;
  w: number;
  h: number;
  fill: string;
  /** outline (image frames) */
  stroke?: boolean;
}

export interface SceneText {
  x: number;
  y: number;
  text: string;
  anchor: 'start' | 'middle' | 'end';
  size: number;
  /** a vertical axis title, rotated −90° about (x, y) */
  rotate?: boolean;
}

export interface SceneLine {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  kind: 'axis' | 'zero';
}

export interface DirectionScene {
  width: number;
  height: number;
  rects: SceneRect[];
  texts: SceneText[];
  lines: SceneLine[];
  /** what the picture shows, in words (the image's alt text and the panel's caption) */
  description: string;
  /** the picture's kind, for tests and the page */
  kind: 'class-images' | 'singular-image' | 'bars' | 'singular-bars' | 'movers';
}

export interface DirectionLayoutOptions {
  width: number;
  /** class names of image data, by output (else "output c") */
  classNames?: readonly string[] | null;
}

/** The diverging colour of v on the symmetric scale [−vmax, vmax]: red positive, blue negative. */
export function divergingColour(v: number, vmax: number): string {
  const t = vmax > 0 ? Math.max(-1, Math.min(1, v / vmax)) : 0;
  const level = Math.round(((t + 1) / 2) * (COLOUR_LEVELS - 1)) / (COLOUR_LEVELS - 1);
  return interpolateRdBu(1 - level);
}

function greyColour(v: number): string {
  const g = Math.round(255 * Math.max(0, Math.min(1, v)));
  return `rgb(${g}, ${g}, ${g})`;
}

/** A label cut to the characters that fit in `px` (≈ 0.6 em per glyph), with an ellipsis. */
export function fitLabel(text: string, px: number, size = LABEL_PX): string {
  const fits = Math.max(1, Math.floor(px / (size * 0.6)));
  return text.length <= fits ? text : `${text.slice(0, Math.max(1, fits - 1))}…`;
}

/**
 * A rows × cols image as rectangles, runs of equal colour along a row merged into one.
 * `values` row-major; `colour` maps a value to a fill.
 */
export function pixelRects(
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  x0: number,
  y0: number,
  cell: number,
  colour: (v: number) => string,
): SceneRect[] {
  const rects: SceneRect[] = [];
  for (let i = 0; i < rows; i++) {
    let j = 0;
    while (j < cols) {
      const fill = colour(values[i * cols + j]!);
      let end = j + 1;
      while (end < cols && colour(values[i * cols + end]!) === fill) end++;
      rects.push({ x: x0 + j * cell, y: y0 + i * cell, w: (end - j) * cell, h: cell, fill });
      j = end;
    }
  }
  return rects;
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

function outputName(c: number, names: readonly string[] | null | undefined): string {
  return names?.[c] ?? `output ${c}`;
}

function endWords(end: DirectionEnd): string {
  return end === 'minPositive' ? 'slowest direction (λmin⁺)' : 'steepest direction (λmax)';
}

/** The scene of one end of a direction, or null when there is none (skipped, or rank 0). */
export function directionScene(
  result: DirectionResult,
  end: DirectionEnd,
  options: DirectionLayoutOptions,
): DirectionScene | null {
  if (result.kind === 'skipped') return null;
  if (result.kind === 'linear') {
    const dir = result[end];
    if (!dir) return null;
    const inputs = result.inputs;
    const d = result.bias ? inputs - 1 : inputs;
    if (result.image && result.image.rows * result.image.cols === d)
      return imageScene(dir, result.k, inputs, result.image, end, options);
    return barScene(dir, result.k, inputs, d, end, options);
  }
  const dir = result[end];
  if (!dir) return null;
  return moversScene(dir, result.k, result.image, end, options);
}

/** One image per output class (or the top singular image) with a colour bar. */
function imageScene(
  dir: LinearDirection,
  k: number,
  inputs: number,
  image: { rows: number; cols: number },
  end: DirectionEnd,
  { width, classNames }: DirectionLayoutOptions,
): DirectionScene {
  const d = image.rows * image.cols;
  const perClass = k <= MAX_CLASS_IMAGES;
  const panels = perClass
    ? Array.from({ length: k }, (_, c) => ({
        values: dir.template.subarray(c * inputs, c * inputs + d),
        label: outputName(c, classNames),
      }))
    : [{ values: dir.top.input.subarray(0, d), label: 'top singular image' }];
  const vmax = Math.max(...panels.map((p) => maxAbs(p.values)));
  const barRoom = COLOUR_BAR_PX + 8 + 7 * TICK_PX * 0.6 + PAD_PX;
  const available = Math.max(MIN_PANEL_PX, width - 2 * PAD_PX - barRoom);
  const cols = Math.max(
    1,
    Math.min(panels.length, Math.floor((available + GAP_PX) / (MIN_PANEL_PX + GAP_PX)), 5),
  );
  const rowsOfPanels = Math.ceil(panels.length / cols);
  const cell = Math.max(
    1,
    Math.floor(
      Math.min(MAX_PANEL_PX, (available - (cols - 1) * GAP_PX) / cols) /
        Math.max(image.rows, image.cols),
    ),
  );
  const panelW = cell * image.cols;
  const panelH = cell * image.rows;
  const rects: SceneRect[] = [];
  const texts: SceneText[] = [];
  const colour = (v: number) => divergingColour(v, vmax);
  panels.forEach((p, i) => {
    const x = PAD_PX + (i % cols) * (panelW + GAP_PX);
    const y = PAD_PX + Math.floor(i / cols) * (panelH + LABEL_PX + 10 + GAP_PX);
    rects.push(...pixelRects(p.values, image.rows, image.cols, x, y, cell, colour));
    rects.push({ x, y, w: panelW, h: panelH, fill: 'none', stroke: true });
    texts.push({
      x: x + panelW / 2,
      y: y + panelH + LABEL_PX + 2,
      text: fitLabel(p.label, panelW + GAP_PX - 2),
      anchor: 'middle',
      size: LABEL_PX,
    });
  });
  const gridW = cols * panelW + (cols - 1) * GAP_PX;
  const gridH = rowsOfPanels * (panelH + LABEL_PX + 10 + GAP_PX) - GAP_PX;
  const bar = colourBar(PAD_PX + gridW + 16, PAD_PX, Math.max(90, panelH), vmax);
  rects.push(...bar.rects);
  texts.push(...bar.texts);
  const description = perClass
    ? `The ${endWords(end)} as the change δA of the end-to-end map: one image per output, pixel (i, j) of image c is δA[c, pixel]. Red: raising that pixel raises output c along this direction; blue: it lowers it; white: no effect. Colours are on one scale, ±${formatNumber(vmax, 3)}.`
    : `The ${endWords(end)} as the top singular image of δA (${formatNumber(100 * dir.top.share, 3)}% of ‖δA‖²; ${k} outputs are too many to draw one by one). Red and blue: pixels that move the outputs in opposite senses; white: no effect.`;
  return {
    width: Math.max(width, PAD_PX + gridW + barRoom),
    height: Math.max(gridH, 90 + 2 * TICK_PX) + 2 * PAD_PX,
    rects,
    texts,
    lines: [],
    description,
    kind: perClass ? 'class-images' : 'singular-image',
  };
}

/** A vertical colour bar from −vmax (bottom) to +vmax (top), three labelled ticks. */
function colourBar(
  x: number,
  y: number,
  h: number,
  vmax: number,
): { rects: SceneRect[]; texts: SceneText[] } {
  const steps = COLOUR_LEVELS;
  const rects: SceneRect[] = [];
  const step = h / steps;
  for (let s = 0; s < steps; s++) {
    const v = vmax * (1 - (2 * (s + 0.5)) / steps);
    rects.push({
      x,
      y: y + s * step,
      w: COLOUR_BAR_PX,
      h: step + 0.5,
      fill: divergingColour(v, vmax),
    });
  }
  rects.push({ x, y, w: COLOUR_BAR_PX, h, fill: 'none', stroke: true });
  const texts: SceneText[] = [vmax, 0, -vmax].map((v, i) => ({
    x: x + COLOUR_BAR_PX + 4,
    y: y + (i * h) / 2 + TICK_PX * 0.35,
    text: formatNumber(v, 3),
    anchor: 'start',
    size: TICK_PX,
  }));
  return { rects, texts };
}

/** Bars over the input dimensions: one chart per output, or the top singular vector. */
function barScene(
  dir: LinearDirection,
  k: number,
  inputs: number,
  d: number,
  end: DirectionEnd,
  { width }: DirectionLayoutOptions,
): DirectionScene {
  const perOutput = k <= MAX_BAR_CHARTS;
  const charts = perOutput
    ? Array.from({ length: k }, (_, c) => ({
        values: dir.template.subarray(c * inputs, (c + 1) * inputs),
        title: `output ${c}`,
      }))
    : [{ values: dir.top.input, title: 'top singular vector' }];
  const vmax = Math.max(...charts.map((c) => maxAbs(c.values))) || 1;
  const chartH = 120;
  const left = 64;
  const right = PAD_PX;
  const plotW = Math.max(80, width - left - right);
  const rects: SceneRect[] = [];
  const texts: SceneText[] = [];
  const lines: SceneLine[] = [];
  const x = scaleLinear()
    .domain([0.5, inputs + 0.5])
    .range([left, left + plotW]);
  const band = plotW / inputs;
  let top = PAD_PX + LABEL_PX + 6;
  charts.forEach((chart) => {
    const y = scaleLinear()
      .domain([-vmax, vmax])
      .range([top + chartH, top]);
    texts.push({ x: left, y: top - 6, text: chart.title, anchor: 'start', size: LABEL_PX });
    for (let i = 0; i < chart.values.length; i++) {
      const v = chart.values[i]!;
      const y0 = y(Math.max(0, v));
      rects.push({
        x: x(i + 1) - band * 0.4,
        y: y0,
        w: Math.max(1, band * 0.8),
        h: Math.abs(y(v) - y(0)),
        fill: divergingColour(v >= 0 ? vmax : -vmax, vmax),
      });
    }
    lines.push({ x1: left, y1: y(0), x2: left + plotW, y2: y(0), kind: 'zero' });
    lines.push({ x1: left, y1: top, x2: left, y2: top + chartH, kind: 'axis' });
    for (const t of linearTicks(-vmax, vmax, y, chartH, 'vertical'))
      texts.push({
        x: left - 6,
        y: t.position + TICK_PX * 0.35,
        text: t.label,
        anchor: 'end',
        size: TICK_PX,
      });
    top += chartH + GAP_PX + LABEL_PX + 6;
  });
  const axisY = top - GAP_PX - LABEL_PX - 6;
  lines.push({ x1: left, y1: axisY, x2: left + plotW, y2: axisY, kind: 'axis' });
  const xTicks = linearTicks(1, inputs, x, plotW, 'horizontal', true);
  for (const t of xTicks)
    texts.push({
      x: t.position,
      y: axisY + TICK_PX + 4,
      text: t.value === inputs && inputs > d ? 'bias' : t.label,
      anchor: 'middle',
      size: TICK_PX,
    });
  texts.push({
    x: left + plotW / 2,
    y: axisY + 2 * TICK_PX + 12,
    text: inputs > d ? 'input dimension (last: the bias)' : 'input dimension',
    anchor: 'middle',
    size: LABEL_PX,
  });
  texts.push({
    x: 14,
    y: PAD_PX + LABEL_PX + 6 + chartH / 2,
    text: perOutput ? 'δA[c, i]' : 'v₁[i]',
    anchor: 'middle',
    size: LABEL_PX,
    rotate: true,
  });
  const description = perOutput
    ? `The ${endWords(end)} as the change δA of the end-to-end map: for each output c, bar i is δA[c, i], how much input dimension i moves output c along this direction (red up, blue down).`
    : `The ${endWords(end)} as the top singular vector v₁ of δA over the input dimensions (${formatNumber(100 * dir.top.share, 3)}% of ‖δA‖²; ${k} outputs are too many to draw one by one).`;
  return {
    width,
    height: axisY + 2 * TICK_PX + 12 + PAD_PX,
    rects,
    texts,
    lines,
    description,
    kind: perOutput ? 'bars' : 'singular-bars',
  };
}

/** The samples the direction moves most (bars of ‖δf(x_q)‖, thumbnails for images) and the share of each output. */
function moversScene(
  dir: OutputsDirection,
  k: number,
  image: { rows: number; cols: number } | null,
  end: DirectionEnd,
  { width, classNames }: DirectionLayoutOptions,
): DirectionScene {
  const rowH = image ? 32 : 22;
  const thumb = image ? 28 : 0;
  const labelW = 84;
  const left = PAD_PX + (image ? thumb + 8 : 0) + labelW;
  const valueW = 56;
  const barW = Math.max(60, width - left - valueW - PAD_PX);
  const rects: SceneRect[] = [];
  const texts: SceneText[] = [];
  const lines: SceneLine[] = [];
  const top = PAD_PX + LABEL_PX + 8;
  texts.push({
    x: PAD_PX,
    y: PAD_PX + LABEL_PX,
    text: 'samples moved most, ‖δf(x)‖',
    anchor: 'start',
    size: LABEL_PX,
  });
  const biggest = dir.movers[0]?.norm ?? 0;
  dir.movers.forEach((m, r) => {
    const y = top + r * rowH;
    if (image && m.pixels) {
      const cell = Math.max(1, Math.floor(thumb / Math.max(image.rows, image.cols)));
      rects.push(...pixelRects(m.pixels, image.rows, image.cols, PAD_PX, y, cell, greyColour));
      rects.push({
        x: PAD_PX,
        y,
        w: cell * image.cols,
        h: cell * image.rows,
        fill: 'none',
        stroke: true,
      });
    }
    texts.push({
      x: left - 8,
      y: y + rowH / 2 + 4,
      text: `sample ${m.index}`,
      anchor: 'end',
      size: LABEL_PX,
    });
    const w = biggest > 0 ? (barW * m.norm) / biggest : 0;
    rects.push({
      x: left,
      y: y + rowH * 0.2,
      w: Math.max(1, w),
      h: rowH * 0.6,
      fill: divergingColour(0.6, 1),
    });
    texts.push({
      x: left + w + 4,
      y: y + rowH / 2 + 4,
      text: formatNumber(m.norm, 3),
      anchor: 'start',
      size: TICK_PX,
    });
  });
  let y = top + dir.movers.length * rowH + GAP_PX + LABEL_PX;
  lines.push({ x1: left, y1: top, x2: left, y2: top + dir.movers.length * rowH, kind: 'axis' });
  const showShares = k > 1 && k <= MAX_CLASS_IMAGES;
  if (showShares) {
    texts.push({
      x: PAD_PX,
      y,
      text: 'share of the change per output',
      anchor: 'start',
      size: LABEL_PX,
    });
    const shareH = 60;
    const plotW = width - 2 * PAD_PX;
    const slot = plotW / k;
    const base = y + 8 + TICK_PX + shareH;
    const largest = Math.max(...dir.classShares);
    for (let c = 0; c < k; c++) {
      const share = dir.classShares[c]!;
      // heights relative to the largest share, the share itself written above each bar
      const h = largest > 0 ? (shareH * share) / largest : 0;
      const x = PAD_PX + c * slot;
      rects.push({
        x: x + slot * 0.15,
        y: base - h,
        w: slot * 0.7,
        h: Math.max(0.5, h),
        fill: divergingColour(-0.6, 1),
      });
      texts.push({
        x: x + slot / 2,
        y: base - h - 3,
        text: fitLabel(share < 0.005 ? '<1%' : `${Math.round(100 * share)}%`, slot - 2, TICK_PX),
        anchor: 'middle',
        size: TICK_PX,
      });
      texts.push({
        x: x + slot / 2,
        y: base + TICK_PX + 2,
        text: fitLabel(outputName(c, classNames), slot - 2, TICK_PX),
        anchor: 'middle',
        size: TICK_PX,
      });
    }
    lines.push({ x1: PAD_PX, y1: base, x2: PAD_PX + plotW, y2: base, kind: 'axis' });
    y = base + TICK_PX + 4;
  }
  const topShare = Array.from(dir.classShares).reduce(
    (best, v, c, all) => (v > all[best]! ? c : best),
    0,
  );
  const description = `The ${endWords(end)} as a change of the network's outputs: the ${dir.movers.length} samples it moves most (bar: ‖δf(x)‖ for the unit perturbation of all n·k outputs)${showShares ? `, and how the change splits over the outputs (largest: ${outputName(topShare, classNames)}, ${formatNumber(100 * dir.classShares[topShare]!, 3)}%)` : ''}.`;
  return { width, height: y + PAD_PX, rects, texts, lines, description, kind: 'movers' };
}
