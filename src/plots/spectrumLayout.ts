/**
 * Layout of the GN eigenvalue histogram: bins in log10 λ, a log x axis, count y axis, and
 * labelled rules at λ_max, λ_min⁺ and (when eigenvalues were discarded) the cut-off rtol·λ_max.
 * Where the spectrum is predicted (docs/gn-math.md §12) the prediction is drawn in the bars'
 * units: the expected number of eigenvalues per bin. Pure: data and size in, scales, rectangles
 * and ticks out.
 */
import { line, scaleLinear, scaleLog } from 'd3';
import { theoryMass, type SpectrumTheory } from '../core/explain/spectrumTheory';
import type { ScaleLinear, ScaleLogarithmic } from 'd3';
import { formatNumber } from './format';
import { labelExtent, linearTicks, logTicks } from './ticks';
import type { Tick } from './ticks';

export interface SpectrumInput {
  /** kept (non-zero) eigenvalues, any order, all > 0 */
  eigenvalues: readonly number[];
  /** eigenvalues at or below the cut-off; those ≤ 0 cannot sit on a log axis and are only counted */
  discarded: readonly number[];
  rtol: number;
  width: number;
  height: number;
  /** the predicted spectrum, when one applies */
  theory?: SpectrumTheory | null;
}

/**
 * The prediction over the bars: a step line (exact atoms: the expected count of each bin) or a
 * curve (a continuous law: at each λ, the expected count of a bin of the histogram's width
 * centred there), in inner coordinates.
 */
export interface SpectrumTheoryPath {
  shape: 'steps' | 'curve';
  d: string;
  label: string;
  /** the largest expected count drawn */
  peak: number;
}

export interface SpectrumBin {
  /** λ range [lo, hi) of the bin (the last bin includes hi) */
  lo: number;
  hi: number;
  /** kept eigenvalues in the bin */
  count: number;
  /** discarded eigenvalues in the bin */
  discardedCount: number;
  /** bar geometry in inner coordinates */
  x: number;
  width: number;
  /** top of the kept bar and of the stacked discarded bar */
  y: number;
  discardedY: number;
}

export interface SpectrumRule {
  id: 'max' | 'min' | 'cutoff';
  value: number;
  x: number;
  label: string;
  anchor: 'start' | 'end';
  /** label row from the top (rows avoid overlapping labels) */
  row: number;
}

export interface SpectrumLayout {
  margin: { top: number; right: number; bottom: number; left: number };
  innerWidth: number;
  innerHeight: number;
  x: ScaleLogarithmic<number, number>;
  y: ScaleLinear<number, number>;
  bins: SpectrumBin[];
  xTicks: Tick[];
  yTicks: Tick[];
  rules: SpectrumRule[];
  /** discarded eigenvalues ≤ 0, not drawable on a log axis */
  nonPositiveDiscarded: number;
  /** the predicted spectrum over the bars (null: none applies, or nothing to draw) */
  theory: SpectrumTheoryPath | null;
  /** there is nothing to draw */
  empty: boolean;
}

const RULE_ROW_PX = 16;
const RULE_ROWS = 3;

/** Number of bins: about one per 9 px, at least 8, at most 2√N + 10 (few values, few bins). */
export function binCount(innerWidth: number, values: number): number {
  const byWidth = Math.floor(innerWidth / 9);
  const byData = Math.ceil(2 * Math.sqrt(Math.max(values, 1))) + 10;
  return Math.max(8, Math.min(80, byWidth, byData));
}

/**
 * Places rule labels in rows so that no two labels in a row overlap; a label sits right of its
 * rule unless that would leave the plot, then left of it.
 */
export function placeRuleLabels(
  rules: Omit<SpectrumRule, 'anchor' | 'row'>[],
  innerWidth: number,
  fontPx: number,
): SpectrumRule[] {
  const rows: [number, number][][] = [];
  return rules.map((rule) => {
    const width = labelExtent(rule.label, 'horizontal', fontPx);
    const fitsRight = rule.x + 4 + width <= innerWidth;
    const fitsLeft = rule.x - 4 - width >= 0;
    // The cut-off label goes left, over the faint (discarded) bars it separates; others go right.
    const anchor: 'start' | 'end' =
      rule.id === 'cutoff'
        ? fitsLeft
          ? 'end'
          : 'start'
        : fitsRight || !fitsLeft
          ? 'start'
          : 'end';
    const start = anchor === 'start' ? rule.x + 4 : rule.x - 4 - width;
    const end = start + width;
    let row = 0;
    while (
      row < RULE_ROWS - 1 &&
      (rows[row] ?? []).some(([a, b]) => start < b + 6 && end > a - 6)
    ) {
      row++;
    }
    (rows[row] ??= []).push([start, end]);
    return { ...rule, anchor, row };
  });
}

/** [min, max] by a loop: spreading 10⁵ eigenvalues into Math.min would overflow the stack. */
function extent(values: readonly number[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

export function spectrumLayout(input: SpectrumInput): SpectrumLayout {
  const margin = { top: 8 + RULE_ROWS * RULE_ROW_PX, right: 16, bottom: 44, left: 56 };
  const innerWidth = Math.max(40, input.width - margin.left - margin.right);
  const innerHeight = Math.max(40, input.height - margin.top - margin.bottom);
  const kept = input.eigenvalues.filter((v) => v > 0 && Number.isFinite(v));
  const faint = input.discarded.filter((v) => v > 0 && Number.isFinite(v));
  const nonPositiveDiscarded = input.discarded.length - faint.length;
  const all = [...kept, ...faint];
  const empty = all.length === 0;

  let [lo, hi] = empty ? [1, 10] : extent(all);
  // A spectrum of equal values (κ = 1) still needs a visible span: half a decade each side.
  if (hi / lo < 1.0001) {
    lo /= Math.sqrt(10);
    hi *= Math.sqrt(10);
  }
  const logLo = Math.log10(lo);
  const logHi = Math.log10(hi);
  const x = scaleLog().domain([lo, hi]).range([0, innerWidth]);

  const nBins = binCount(innerWidth, all.length);
  const step = (logHi - logLo) / nBins;
  const counts = new Array<number>(nBins).fill(0);
  const faintCounts = new Array<number>(nBins).fill(0);
  const binOf = (v: number) =>
    Math.min(nBins - 1, Math.max(0, Math.floor((Math.log10(v) - logLo) / step)));
  for (const v of kept) counts[binOf(v)]!++;
  for (const v of faint) faintCounts[binOf(v)]!++;

  const edges = (i: number): [number, number] => [
    10 ** (logLo + i * step),
    i === nBins - 1 ? hi : 10 ** (logLo + (i + 1) * step),
  ];
  const expected = empty
    ? null
    : theoryValues(input.theory, { nBins, edges, binOf, lo, hi, logLo, logHi, step });
  const maxCount = Math.max(
    1,
    extent(counts.map((c, i) => c + faintCounts[i]!))[1],
    expected ? expected.peak : 0,
  );
  const y = scaleLinear().domain([0, maxCount]).nice().range([innerHeight, 0]);
  const bins: SpectrumBin[] = counts.map((count, i) => {
    const binLo = 10 ** (logLo + i * step);
    const binHi = i === nBins - 1 ? hi : 10 ** (logLo + (i + 1) * step);
    const x0 = x(binLo);
    const x1 = x(binHi);
    const discardedCount = faintCounts[i]!;
    return {
      lo: binLo,
      hi: binHi,
      count,
      discardedCount,
      x: x0,
      width: Math.max(1, x1 - x0 - 1),
      y: y(count),
      discardedY: y(count + discardedCount),
    };
  });

  const rules: Omit<SpectrumRule, 'anchor' | 'row'>[] = [];
  if (kept.length > 0) {
    const [lambdaMin, lambdaMax] = extent(kept);
    rules.push({
      id: 'max',
      value: lambdaMax,
      x: x(lambdaMax),
      label: `λmax = ${formatNumber(lambdaMax, 3)}`,
    });
    if (lambdaMin < lambdaMax) {
      rules.push({
        id: 'min',
        value: lambdaMin,
        x: x(lambdaMin),
        label: `λ⁺min = ${formatNumber(lambdaMin, 3)}`,
      });
    }
    const cutoff = input.rtol * lambdaMax;
    if (faint.length > 0 && cutoff >= lo && cutoff <= hi) {
      rules.push({
        id: 'cutoff',
        value: cutoff,
        x: x(cutoff),
        label: `cut-off ${formatNumber(input.rtol, 2)}·λmax`,
      });
    }
  }

  const theory =
    expected && input.theory && input.theory.kind !== 'none' && expected.peak > 0
      ? {
          shape: expected.shape,
          label: input.theory.label,
          peak: expected.peak,
          d:
            line<[number, number]>()
              .x((p) => x(p[0]))
              .y((p) => y(p[1]))(expected.points) ?? '',
        }
      : null;
  return {
    margin,
    innerWidth,
    innerHeight,
    x,
    y,
    bins,
    theory,
    xTicks: logTicks(lo, hi, x, innerWidth, 'horizontal'),
    yTicks: linearTicks(0, y.domain()[1]!, y, innerHeight, 'vertical', true),
    rules: placeRuleLabels(rules, innerWidth, 12),
    nonPositiveDiscarded,
    empty,
  };
}

export const SPECTRUM_RULE_ROW_PX = RULE_ROW_PX;

/** Samples of the curve per histogram bin (a continuous prediction). */
const CURVE_SAMPLES_PER_BIN = 4;

/**
 * The expected counts of a prediction as (λ, count) points: per bin for atoms (a step line
 * along the bin edges), or per sample for a continuous law (the count of a bin of width `step`
 * in log10 λ centred at the sample).
 */
function theoryValues(
  theory: SpectrumTheory | null | undefined,
  grid: {
    nBins: number;
    edges: (i: number) => [number, number];
    /** the bars' own bin index of a value */
    binOf: (v: number) => number;
    lo: number;
    hi: number;
    logLo: number;
    logHi: number;
    step: number;
  },
): { shape: 'steps' | 'curve'; points: [number, number][]; peak: number } | null {
  if (!theory || theory.kind === 'none') return null;
  const { nBins, edges, logLo, logHi, step } = grid;
  const points: [number, number][] = [];
  if (theory.kind === 'atoms') {
    // binned by the bars' own rule, so an exact prediction draws exactly the bars; atoms
    // outside the axis (beyond rounding) are not drawn
    const counts = new Array<number>(nBins).fill(0);
    for (const { value, count } of theory.atoms)
      if (value >= grid.lo * (1 - 1e-9) && value <= grid.hi * (1 + 1e-9))
        counts[grid.binOf(value)]! += count;
    counts.forEach((count, i) => points.push([edges(i)[0], count], [edges(i)[1], count]));
    return { shape: 'steps', points, peak: Math.max(0, ...counts) };
  }
  const mass = theoryMass(theory);
  let peak = 0;
  const samples = nBins * CURVE_SAMPLES_PER_BIN;
  for (let t = 0; t <= samples; t++) {
    const at = logLo + ((logHi - logLo) * t) / samples;
    const count = mass(10 ** (at - step / 2), 10 ** (at + step / 2));
    peak = Math.max(peak, count);
    points.push([10 ** at, count]);
  }
  return { shape: 'curve', points, peak };
}

/** Rounds a coordinate for a path: hundredths of a pixel are below what a screen shows. */
const px = (v: number) => Math.round(v * 100) / 100;

/** The bin holds eigenvalues, kept or discarded (it has a bar and a hover target). */
export function binHolds(bin: SpectrumBin): boolean {
  return bin.count + bin.discardedCount > 0;
}

/**
 * Top and bottom of a bin's bar of one kind, in inner coordinates: kept from the axis up to its
 * count, discarded the faint segment stacked on it (empty when top ≥ bottom).
 */
export function barSpan(
  bin: SpectrumBin,
  kind: 'kept' | 'discarded',
  innerHeight: number,
): [top: number, bottom: number] {
  return kind === 'kept' ? [bin.y, innerHeight] : [bin.discardedY, bin.y];
}

/**
 * The bars of one kind as a single path (kept: from the axis up to the count; discarded: the
 * faint segment stacked on top), one closed rectangle per non-empty bin. One element instead of
 * one per bin keeps a slider step's DOM update and paint to a single attribute.
 */
export function barsPath(
  layout: Pick<SpectrumLayout, 'bins' | 'innerHeight'>,
  kind: 'kept' | 'discarded',
): string {
  let d = '';
  for (const bin of layout.bins) {
    const [top, bottom] = barSpan(bin, kind, layout.innerHeight);
    const count = kind === 'kept' ? bin.count : bin.discardedCount;
    if (count === 0 || bottom - top <= 0) continue;
    d += `M${px(bin.x)},${px(top)}h${px(bin.width)}V${px(bottom)}h${px(-bin.width)}Z`;
  }
  return d;
}

/**
 * The non-empty bin under inner x coordinate `x` (each bin's target reaches half a pixel past
 * its bar on both sides, so the 1 px gaps between bars belong to a bar), or null.
 */
export function binAt(bins: readonly SpectrumBin[], x: number): number | null {
  for (let i = 0; i < bins.length; i++) {
    const bin = bins[i]!;
    if (!binHolds(bin)) continue;
    if (x >= bin.x - 0.5 && x <= bin.x + bin.width + 0.5) return i;
  }
  return null;
}

/** The next non-empty bin from `from` in direction `step` (±1), or `from` when none is left. */
export function nextBin(
  bins: readonly SpectrumBin[],
  from: number | null,
  step: 1 | -1,
): number | null {
  let i = from ?? (step > 0 ? -1 : bins.length);
  for (i += step; i >= 0 && i < bins.length; i += step) {
    if (binHolds(bins[i]!)) return i;
  }
  return from;
}

/**
 * The bin a key moves the reading to (←/→: the previous/next non-empty bin, Home/End: the first
 * and last, Escape: none), or undefined for a key the histogram leaves alone.
 */
export function binForKey(
  bins: readonly SpectrumBin[],
  from: number | null,
  key: string,
): number | null | undefined {
  if (key === 'ArrowRight') return nextBin(bins, from, 1);
  if (key === 'ArrowLeft') return nextBin(bins, from, -1);
  if (key === 'Home') return nextBin(bins, null, 1);
  if (key === 'End') return nextBin(bins, null, -1);
  if (key === 'Escape') return null;
  return undefined;
}
