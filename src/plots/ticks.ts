/**
 * Axis ticks whose labels never overlap: candidate ticks from d3, then a greedy pass that keeps
 * a tick only if its label clears the previous one. Pure.
 */
import { scaleLinear, scaleLog } from 'd3';
import { formatNumber, formatPowerOfTen } from './format';

export interface Tick {
  value: number;
  /** position along the axis in px */
  position: number;
  label: string;
}

export type Orientation = 'horizontal' | 'vertical';

/** Axis label font size in px (the CSS uses the same). */
export const TICK_FONT_PX = 13;
/** Minimum free space between neighbouring labels in px. */
export const TICK_GAP_PX = 8;

/**
 * Estimated extent of a label along the axis: its width on a horizontal axis (average glyph
 * ≈ 0.6 em; superscripts are narrower but counted full, erring on the side of space), its
 * height on a vertical one.
 */
export function labelExtent(label: string, orientation: Orientation, fontPx = TICK_FONT_PX) {
  return orientation === 'horizontal' ? label.length * fontPx * 0.6 : fontPx * 1.2;
}

/** Keeps ticks, in order of position, whose labels do not overlap the previously kept one. */
export function dropOverlapping(ticks: Tick[], orientation: Orientation, fontPx = TICK_FONT_PX) {
  const sorted = [...ticks].sort((a, b) => a.position - b.position);
  const kept: Tick[] = [];
  let lastEnd = -Infinity;
  for (const tick of sorted) {
    const half = labelExtent(tick.label, orientation, fontPx) / 2;
    if (tick.position - half >= lastEnd + TICK_GAP_PX || kept.length === 0) {
      kept.push(tick);
      lastEnd = tick.position + half;
    }
  }
  return kept;
}

/** Whether any two labels overlap (for tests and assertions). */
export function ticksOverlap(ticks: Tick[], orientation: Orientation, fontPx = TICK_FONT_PX) {
  const sorted = [...ticks].sort((a, b) => a.position - b.position);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    const gap =
      b.position -
      a.position -
      (labelExtent(a.label, orientation, fontPx) + labelExtent(b.label, orientation, fontPx)) / 2;
    if (gap < 0) return true;
  }
  return false;
}

/**
 * Ticks for a log axis from `lo` to `hi` (> 0) over `lengthPx` (`position(value)` maps to px).
 * With two or more powers of ten in range: every k-th power (10ᵏ labels), k the smallest of
 * 1, 2, 3, 5, 10, … that fits. Otherwise d3's sub-decade ticks, thinned.
 */
export function logTicks(
  lo: number,
  hi: number,
  position: (value: number) => number,
  lengthPx: number,
  orientation: Orientation,
): Tick[] {
  const first = Math.ceil(Math.log10(lo) - 1e-9);
  const last = Math.floor(Math.log10(hi) + 1e-9);
  const inRange = (v: number) => v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12);
  // Few decades: 1-2-5 ticks carry more information, if they fit without thinning.
  if (last - first < 3) {
    const count = Math.max(2, Math.floor(lengthPx / 50));
    const candidates = scaleLog()
      .domain([lo, hi])
      .ticks(count)
      .filter(inRange)
      .filter((v) =>
        [1, 2, 5].includes(Number((v / 10 ** Math.floor(Math.log10(v) + 1e-9)).toPrecision(3))),
      );
    const ticks = candidates.map((value) => ({
      value,
      position: position(value),
      label: formatNumber(value, 3),
    }));
    const kept = dropOverlapping(ticks, orientation);
    if (kept.length === ticks.length && kept.length >= 3) return kept;
  }
  if (last - first >= 1) {
    const decades = Math.log10(hi) - Math.log10(lo);
    const pxPerDecade = lengthPx / Math.max(decades, 1e-9);
    const widest = Math.max(
      labelExtent(formatPowerOfTen(first), orientation),
      labelExtent(formatPowerOfTen(last), orientation),
    );
    const steps = [1, 2, 3, 5, 10, 20, 25, 50, 100];
    const step = steps.find((s) => s * pxPerDecade >= widest + TICK_GAP_PX) ?? 100;
    const ticks: Tick[] = [];
    for (let k = Math.ceil(first / step) * step; k <= last; k += step) {
      const value = 10 ** k;
      ticks.push({ value, position: position(value), label: formatPowerOfTen(k) });
    }
    if (ticks.length >= 2) return dropOverlapping(ticks, orientation);
  }
  const count = Math.max(2, Math.floor(lengthPx / 60));
  const ticks = scaleLog()
    .domain([lo, hi])
    .ticks(count)
    .filter(inRange)
    .map((value) => ({ value, position: position(value), label: formatNumber(value, 3) }));
  return dropOverlapping(ticks, orientation);
}

/** Ticks for a linear axis; `integer` keeps whole numbers only (depth, counts). */
export function linearTicks(
  lo: number,
  hi: number,
  position: (value: number) => number,
  lengthPx: number,
  orientation: Orientation,
  integer = false,
): Tick[] {
  const spacing = orientation === 'horizontal' ? 90 : 40;
  const make = (values: number[]) =>
    values
      .filter((v) => !integer || Number.isInteger(v))
      .map((value) => ({ value, position: position(value), label: formatNumber(value, 4) }));
  // d3 may return a single "nice" tick on a short axis; ask for more until two labels fit.
  const base = Math.max(2, Math.floor(lengthPx / spacing));
  for (let count = base; count <= base + 4; count++) {
    const ticks = dropOverlapping(make(scaleLinear().domain([lo, hi]).ticks(count)), orientation);
    if (ticks.length >= 2) return ticks;
  }
  // Last resort: the ends of the axis.
  const ends = integer ? [Math.ceil(lo), Math.floor(hi)] : [lo, hi];
  return dropOverlapping(make([...new Set(ends)]), orientation);
}
