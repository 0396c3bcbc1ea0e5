/**
 * The curves of the sweep plot and the rows of the bounds table: κ and every bound, in a fixed
 * order with a colour-blind-safe palette (Okabe & Ito, "Color Universal Design", 2008).
 * A lower bound shares the colour of its upper counterpart and is dashed.
 */
import { BOUND_IDS } from '../core/types';
import type { BoundId } from '../core/types';

/** κ, the CNN's dense-equivalent κ, κ without batch norm, and every bound. */
export type SeriesId = 'kappa' | 'kappaDense' | 'kappaNoBn' | BoundId;

export interface SeriesStyle {
  label: string;
  /** CSS colour (custom properties so that dark mode can lighten them) */
  color: string;
  /** SVG stroke-dasharray, none for solid */
  dash: string | null;
}

export const BOUND_ORDER: readonly BoundId[] = BOUND_IDS;

export const SERIES_ORDER: readonly SeriesId[] = [
  'kappa',
  'kappaDense',
  'kappaNoBn',
  ...BOUND_ORDER,
];

export const SERIES_STYLE: Readonly<Record<SeriesId, SeriesStyle>> = {
  kappa: { label: 'κ(G) actual', color: 'var(--series-kappa)', dash: null },
  kappaDense: { label: 'κ dense-equivalent', color: 'var(--series-kappa)', dash: '8 4' },
  kappaNoBn: { label: 'κ without batch norm', color: 'var(--series-kappa)', dash: '8 4' },
  separation: { label: 'Separation B0', color: 'var(--okabe-blue)', dash: null },
  convex: { label: 'Convex comb. B1', color: 'var(--okabe-green)', dash: null },
  max: { label: 'Max B2', color: 'var(--okabe-vermillion)', dash: null },
  layerwise: { label: 'Layer-wise B3', color: 'var(--okabe-purple)', dash: null },
  residualWeyl: { label: 'Residual Weyl', color: 'var(--okabe-orange)', dash: null },
  relu: { label: 'Two-layer ReLU', color: 'var(--okabe-skyblue)', dash: null },
  lowerSeparation: { label: 'Separation (lower)', color: 'var(--okabe-blue)', dash: '7 4' },
  lowerTrace: { label: 'Trace (lower)', color: 'var(--okabe-grey)', dash: '2 3' },
};

/**
 * Colours of compare series, in order (Okabe–Ito; yellow left out: too faint on white). Each
 * series draws κ solid and its chosen bound dashed in the same colour.
 */
export const COMPARE_COLORS: readonly string[] = [
  'var(--okabe-blue)',
  'var(--okabe-vermillion)',
  'var(--okabe-green)',
  'var(--okabe-orange)',
  'var(--okabe-purple)',
  'var(--okabe-skyblue)',
];

/** Dash of the bound drawn beside each compare series' κ. */
export const COMPARE_BOUND_DASH = '6 4';
