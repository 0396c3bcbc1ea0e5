/**
 * The explanation views of the current point (issue #18): which layer limits κ
 * (./layerBreakdown.ts) and the predicted spectrum (./spectrumTheory.ts), computed from the same
 * data and weights as the evaluation (src/core/gn/evaluate.ts). Pure and synchronous; the page
 * runs it in a worker after the main result, for the current point only.
 */
import { prepareData, sigmaInfo, type DataCache, type ImageProvider } from '../data/synthetic';
import type { GnConfig } from '../types';
import { withOnes } from '../gn/biasAugment';
import { checkedWeights } from '../gn/evaluate';
import { networkBiases } from '../gn/init';
import { leftProducts, reducedTerms, rightProducts } from '../gn/linear';
import { layerBlocks } from './layerBlocks';
import { blockBreakdown, linearBreakdown, type LayerBreakdown } from './layerBreakdown';
import { spectrumTheory, type SpectrumTheory } from './spectrumTheory';

export type { LayerBreakdown, LinearLayerRow, BlockLayerRow } from './layerBreakdown';
export type { SpectrumTheory, TheoryAtom } from './spectrumTheory';
export type { BlockStats, LayerBlock } from './layerBlocks';

/**
 * What the explanation views show for one configuration (structured-cloneable). Each field is
 * one view; more views add fields.
 */
export interface ExplainResult {
  layers: LayerBreakdown;
  theory: SpectrumTheory;
}

export interface ExplainOptions {
  /** reuse X and Σ (the worker's data cache, shared with the evaluation) */
  cache?: DataCache;
  images?: ImageProvider;
}

/** The per-layer breakdown of an MLP (docs/gn-math.md §16), or why there is none. */
function breakdown(
  config: GnConfig,
  X: Parameters<typeof layerBlocks>[1],
  factor: Parameters<typeof reducedTerms>[2],
): LayerBreakdown {
  if (config.model === 'cnn1d')
    return {
      family: 'none',
      reason:
        'The per-layer view covers MLPs; for the 1-D CNN compare the weight-shared and the dense-equivalent κ (gn-math.md §7).',
    };
  if (config.batchNorm)
    return {
      family: 'none',
      reason:
        'Not computed with batch norm: every output depends on every sample through the batch statistics (gn-math.md §8), so the layers are not separated here.',
    };
  const { eff, masks } = checkedWeights(config);
  if (config.activation === 'linear' && !config.bias && !masks) {
    const terms = reducedTerms(eff, leftProducts(eff), factor);
    return linearBreakdown(config, terms, rightProducts(eff));
  }
  const net = { activation: config.activation, alpha: config.alpha, rtol: config.rtol };
  return blockBreakdown(config, layerBlocks(eff, X, net, masks, networkBiases(config)));
}

/** Both explanation views for `config` (docs/gn-math.md §12, §16). */
export function explain(config: GnConfig, options: ExplainOptions = {}): ExplainResult {
  const data = options.cache ? options.cache.get(config) : prepareData(config, options.images);
  // L = 1 with biases: M = I_k ⊗ Σ̃ with Σ̃ of the augmented data [X, 1] (gn-math.md §11.1)
  const sigma =
    config.bias && config.L === 1 && config.model === 'mlp'
      ? sigmaInfo(withOnes(data.X))
      : data.sigma;
  return {
    layers: breakdown(config, data.X, data.sigma.factor),
    theory: spectrumTheory(config, sigma),
  };
}
