/** The JSON spelling of a configuration (what `gnlens eval` prints as `config`). */
import type { GnConfig } from '../types';

/** The JSON spelling of a config, m compacted (docs/contract.md §1). */
export function configToJson(c: GnConfig): Record<string, unknown> {
  const { m, kernels, weights, ...rest } = c;
  const uniform = m.length > 0 && m.every((w) => w === m[0]);
  const out: Record<string, unknown> = {
    ...rest,
    m: m.length === 0 ? [] : uniform ? m[0] : [...m],
    data: { ...c.data },
  };
  // cnn1d explicit weights go back to the contract's layout: kernels first, then the readout.
  if (weights) out.weights = kernels ? [...kernels, ...weights] : weights;
  return out;
}
