/**
 * The "Pruned fraction" control (issue "Pruning"): f of each weight matrix pruned by magnitude at
 * initialisation and frozen at 0 (src/core/gn/prune.ts), with the parameters that remain and the
 * rank of G read from the current result. Lives with the training panel, whose compare runs over
 * f reproduce the paper's Figure 1; the controls panel mounts it.
 */
import { configParam } from '../core/configParams';
import { RangeField } from '../components/RangeField';
import { formatCount } from '../plots/format';
import { selectCurrent, selectParams } from '../state/selectors';
import { actions, useAppStore } from '../state/useAppStore';

/** Every entry of the weight matrices Wˡ (what f = 0 keeps). */
export function denseWeightCount(sizes: readonly number[]): number {
  let p = 0;
  for (let l = 1; l < sizes.length; l++) p += sizes[l]! * sizes[l - 1]!;
  return p;
}

/** Entries left after pruning ⌊f·size⌋ of each matrix (as src/core/gn/prune.ts does). */
export function keptWeightCount(sizes: readonly number[], fraction: number): number {
  let p = 0;
  for (let l = 1; l < sizes.length; l++) {
    const size = sizes[l]! * sizes[l - 1]!;
    p += size - Math.floor(fraction * size);
  }
  return p;
}

const ROW = configParam('prune');

export function PruneField() {
  const params = useAppStore(selectParams);
  const current = useAppStore(selectCurrent);
  const cnn = params.model === 'cnn1d';
  const sizes = [params.d, ...params.m, params.k];
  const dense = denseWeightCount(sizes);
  const kept = keptWeightCount(sizes, params.prune);
  const result = current.status === 'error' ? null : current.result;
  const fresh = result !== null && current.requestKey === current.resultKey;
  const rank = result ? `rank G = ${formatCount(result.rank)}${fresh ? '' : ' (updating…)'}` : '';
  const hint = cnn
    ? 'Pruning applies to the weight matrices of an MLP.'
    : `p = ${formatCount(kept)} of ${formatCount(dense)} weights remain${rank ? ` · ${rank}` : ''}. The smallest |w| of each matrix are 0 from initialisation on.`;
  return (
    <div data-testid="prune-field" data-params={kept} data-rank={result?.rank ?? ''}>
      <RangeField
        id="ctl-prune"
        label={ROW.label}
        numberLabel={`${ROW.short} value`}
        value={params.prune}
        range={{ min: ROW.min, max: ROW.max, integer: false, digits: ROW.digits }}
        step={ROW.slider.step}
        disabled={cnn}
        hint={hint}
        onValue={(prune) => actions.updateParams({ prune })}
        onCommit={() => actions.commitHistory()}
      />
    </div>
  );
}
