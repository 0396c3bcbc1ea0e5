/**
 * The curves of the sweep plot and the rows of the bounds table: κ and every bound, in a fixed
 * order with a colour-blind-safe palette (Okabe & Ito, "Color Universal Design", 2008).
 * A lower bound shares the colour of its upper counterpart and is dashed.
 */
import type { BoundId } from '../core/types';

export type SeriesId = 'kappa' | BoundId;

export interface SeriesStyle {
  label: string;
  /** CSS colour (custom properties so that dark mode can lighten them) */
  color: string;
  /** SVG stroke-dasharray, none for solid */
  dash: string | null;
}

export const BOUND_ORDER: readonly BoundId[] = [
  'separation',
  'convex',
  'max',
  'layerwise',
  'residualWeyl',
  'relu',
  'lowerSeparation',
  'lowerTrace',
];

export const SERIES_ORDER: readonly SeriesId[] = ['kappa', ...BOUND_ORDER];

export const SERIES_STYLE: Readonly<Record<SeriesId, SeriesStyle>> = {
  kappa: { label: 'κ(G) actual', color: 'var(--series-kappa)', dash: null },
  separation: { label: 'Separation B0', color: 'var(--okabe-blue)', dash: null },
  convex: { label: 'Convex comb. B1', color: 'var(--okabe-green)', dash: null },
  max: { label: 'Max B2', color: 'var(--okabe-vermillion)', dash: null },
  layerwise: { label: 'Layer-wise B3', color: 'var(--okabe-purple)', dash: null },
  residualWeyl: { label: 'Residual Weyl', color: 'var(--okabe-orange)', dash: null },
  relu: { label: 'Two-layer ReLU', color: 'var(--okabe-skyblue)', dash: null },
  lowerSeparation: { label: 'Separation (lower)', color: 'var(--okabe-blue)', dash: '7 4' },
  lowerTrace: { label: 'Trace (lower)', color: 'var(--okabe-grey)', dash: '2 3' },
};
