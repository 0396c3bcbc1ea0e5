/**
 * Which controls of the configuration panel are shown, which are disabled and why, for a given
 * configuration: the cross-field rules (docs/architecture.md, "Parameters") as the controls
 * show them. Pure and node-tested; ControlsPanel renders what this returns.
 */
import { IMAGE_DATASETS, imageFeatureCount, isImageSource } from '../core/data/images';
import type { ImageSource } from '../core/data/images';
import type { GnConfig } from '../core/types';
import type { ControlToken } from './schema';

export interface ControlState {
  /** whether the control is rendered at all (α only for leaky ReLU, stride only for images) */
  visible: boolean;
  disabled: boolean;
  /** the line under the control: why it is disabled, or what it means now */
  hint: string | null;
  /** a narrower upper end than the row's range (the CNN's kernel must fit the signal) */
  max?: number;
  /** the slider's end when it depends on the configuration (n: the images shipped) */
  sliderMax?: number;
  /** the choices of a select when they depend on the configuration (the image strides) */
  options?: readonly { value: string; label: string }[];
}

const CNN_OFF = 'Not used by the 1-D CNN.';

/** Strides that divide the image side or leave a readable picture, per image data set. */
const USEFUL_STRIDES: Readonly<Record<string, readonly number[]>> = {
  'fashion-mnist': [1, 2, 4, 7],
  mnist: [1, 2, 4, 5, 7],
  digits: [1, 2],
};

/** The strides offered for `source` (the current one included). */
export function usefulStrides(source: ImageSource): readonly number[] {
  return USEFUL_STRIDES[source] ?? [1, 2, 4];
}

/**
 * The stride a newly chosen image data set starts with: the current one when it leaves a
 * readable picture for that set, else the set's largest useful stride that keeps at least 16
 * pixels (8 × 8 digits at stride 4 would be 2 × 2 = 4 pixels).
 */
export function strideForSource(source: ImageSource, current: number): number {
  const useful = usefulStrides(source);
  if (useful.includes(current) && imageFeatureCount(source, current) >= 16) return current;
  const readable = useful.filter((s) => imageFeatureCount(source, s) >= 16);
  return readable.at(-1) ?? 1;
}

function strideOptions(source: ImageSource, current: number) {
  const base = usefulStrides(source);
  const list = base.includes(current) ? base : [...base, current];
  const { rows, cols } = IMAGE_DATASETS[source];
  return [...list]
    .sort((a, b) => a - b)
    .map((s) => ({
      value: String(s),
      label: `${s} (${Math.ceil(rows / s)}×${Math.ceil(cols / s)} = ${imageFeatureCount(source, s)} pixels)`,
    }));
}

function shape(m: readonly (readonly number[])[]): string {
  return `${m.length} × ${m[0]?.length ?? 0}`;
}

const on = (hint: string | null = null): ControlState => ({ visible: true, disabled: false, hint });
const off = (hint: string | null): ControlState => ({ visible: true, disabled: true, hint });
const hidden: ControlState = { visible: false, disabled: true, hint: null };

function architectureStates(p: GnConfig, byW: string | null) {
  const cnn = p.model === 'cnn1d';
  const maxKernel = Math.max(1, Math.floor((p.d - 1) / p.convLayers) + 1);
  const dLast = p.d - p.convLayers * (p.kernel - 1);
  const uniform = p.m.every((w) => w === p.m[0]);
  const cnnOnly = (state: ControlState) => (cnn ? state : hidden);
  const widthHint = cnn
    ? CNN_OFF
    : (byW ??
      (p.L === 1
        ? 'L = 1 is linear regression: no hidden layer.'
        : uniform
          ? null
          : `Widths from the link: ${p.m.join(', ')}. Moving this sets all.`));
  return {
    model: byW ? off(byW) : on(),
    filters: cnnOnly(on()),
    kernel: cnnOnly({
      ...on(
        `At most ${maxKernel} for d = ${p.d} and ${p.convLayers} convolution${p.convLayers > 1 ? 's' : ''}; output length ${dLast}.`,
      ),
      max: maxKernel,
    }),
    conv: cnnOnly(on('The first maps 1 → c channels, the others c → c.')),
    L: cnn ? off(CNN_OFF) : byW ? off(byW) : on(),
    m: cnn || byW || p.L === 1 ? off(widthHint) : on(widthHint),
    beta: cnn ? off(CNN_OFF) : on('0 = no skip connections; hᵢ = (Wⁱ + βI)hᵢ₋₁.'),
    skip: p.beta === 0 || cnn ? off(null) : on(),
    act: cnn ? off('The 1-D CNN of gn-math.md §7 is linear.') : on(),
    alpha: p.activation === 'leaky_relu' && !cnn ? on('σ(z) = max(z, αz); α = 0 is ReLU.') : hidden,
    bn:
      cnn || p.L === 1
        ? off(cnn ? CNN_OFF : 'L = 1 has no hidden layer to normalise.')
        : on(
            p.batchNorm
              ? 'Batch statistics over all n samples, γ and β trainable (gn-math.md §8).'
              : null,
          ),
    bias: cnn
      ? off('The 1-D CNN has no biases.')
      : p.biases
        ? off('Fixed by your biases.')
        : on(
            p.bias && p.batchNorm
              ? p.activation === 'linear'
                ? 'Batch norm after a linear layer makes its bias a null direction of G (the batch mean removes it); the readout bias remains.'
                : 'Batch norm follows the activation: a hidden bias moves the kinks, so it stays a direction of G (gn-math.md §11).'
              : null,
          ),
    prune: cnn ? off('Pruning applies to the weight matrices of an MLP.') : on(),
    init: byW ? off(byW) : on(),
    seed: on(),
  } satisfies Partial<Record<ControlToken, ControlState>>;
}

function dataStates(p: GnConfig, byX: string | null, byW: string | null) {
  const { data } = p;
  const image = isImageSource(data.source) ? data.source : null;
  const info = image ? IMAGE_DATASETS[image] : null;
  const pixels = info
    ? `${Math.ceil(info.rows / data.stride)}×${Math.ceil(info.cols / data.stride)} pixels at stride ${data.stride}`
    : '';
  const dHint = byX ?? byW ?? (info ? `Fixed by the images: ${pixels}.` : null);
  const kHint =
    byW ?? (info && !byX ? `Fixed by the images: ${info.classes} classes (one-hot).` : null);
  const kxHint = byX
    ? 'Your X defines Σ = XᵀX/n.'
    : data.source !== 'gaussian'
      ? 'Only the exact-κ Gaussian source prescribes κ(Σ).'
      : 'Log scale; 1 = exactly white data.';
  const sourceHint = byX ?? (info ? `${info.title}; licence ${info.licence}.` : null);
  return {
    data: byX ? off(byX) : on(sourceHint),
    stride:
      image && !byX
        ? {
            ...on('Keeps every s-th pixel in both directions (x[0::s, 0::s]).'),
            options: strideOptions(image, data.stride),
          }
        : hidden,
    n: byX
      ? off(byX)
      : {
          ...on(info ? `The first ${info.count} images are shipped.` : null),
          sliderMax: info?.count,
        },
    d: info || byX || byW ? off(dHint) : on(),
    k: (info && !byX) || byW ? off(kHint) : on(),
    kx: data.source !== 'gaussian' || byX ? off(kxHint) : on(kxHint),
    whiten: on(),
    center: on(),
    own: on(),
    rtol: on('λ counts as non-zero when λ > rtol · λmax.'),
  } satisfies Partial<Record<ControlToken, ControlState>>;
}

/** Every control's state for configuration `p`. */
export function controlStates(p: GnConfig): Record<ControlToken, ControlState> {
  // Imported matrices fix what they define; the controls concerned say so.
  const byX = p.X ? `Fixed by your X (${shape(p.X)}).` : null;
  const byW =
    p.weights && !p.kernels ? `Fixed by your weights (${p.weights.map(shape).join(', ')}).` : null;
  return { ...architectureStates(p, byW), ...dataStates(p, byX, byW) };
}
