/**
 * Pure edits of the configuration the page computes: a patch applied, clamped and rounded as
 * the URL carries it, then reconciled. The store applies them; the look-ahead predicts with the
 * same functions, so a correct guess has exactly the key the store produces.
 */
import { DATA_NUM_SPECS, NUM_SPECS, WIDTH_SPEC, reconcileConfig } from '../core/config';
import { clampToRow } from '../core/paramRows';
import type { DataSpec, GnConfig } from '../core/types';
import { widthsForDepth } from './sweepPlan';
import { strideForSource } from './controlStates';
import { isImageSource } from '../core/data/images';

/** A change to the params; `data` is merged field by field. */
export type ParamsPatch = Partial<Omit<GnConfig, 'data' | 'm'>> & { data?: Partial<DataSpec> };

function applyPatch(params: GnConfig, patch: ParamsPatch): GnConfig {
  const next: GnConfig = { ...params, ...patch, m: [...params.m], data: { ...params.data } };
  for (const field of Object.keys(NUM_SPECS) as (keyof typeof NUM_SPECS)[]) {
    const value = patch[field];
    if (value !== undefined) next[field] = clampToRow(NUM_SPECS[field], value, params[field]);
  }
  if (patch.data) {
    Object.assign(next.data, patch.data);
    // A newly chosen image set starts at a stride that leaves a readable picture.
    const source = patch.data.source;
    if (source !== undefined && source !== params.data.source && patch.data.stride === undefined)
      if (isImageSource(source)) next.data.stride = strideForSource(source, params.data.stride);
    for (const field of Object.keys(DATA_NUM_SPECS) as (keyof typeof DATA_NUM_SPECS)[]) {
      const value = patch.data[field];
      if (value !== undefined) {
        next.data[field] = clampToRow(DATA_NUM_SPECS[field], value, params.data[field]);
      }
    }
  }
  // New layers get the last width, or the default width from L = 1 (never a width-1 bottleneck).
  if (next.L !== params.L) next.m = widthsForDepth(params.m, next.L);
  return next;
}

/**
 * The configuration {@link ParamsSlice.updateParams} stores for `patch` (applied, clamped,
 * reconciled), and the notices it shows. Pure: the look-ahead uses it to predict the next
 * configuration exactly as the store will make it.
 */
export function nextParams(
  params: GnConfig,
  patch: ParamsPatch,
): { config: GnConfig; notices: string[] } {
  return reconcileConfig(applyPatch(params, patch), {
    d: patch.d !== undefined,
    k: patch.k !== undefined,
  });
}

/** What {@link ParamsSlice.setWidth} stores: every hidden width set to `width` (clamped). */
export function paramsWithWidth(
  params: GnConfig,
  width: number,
): { config: GnConfig; notices: string[] } {
  const w = clampToRow(WIDTH_SPEC, width, params.m[0] ?? WIDTH_SPEC.min);
  return reconcileConfig({ ...params, m: params.m.map(() => w) });
}
