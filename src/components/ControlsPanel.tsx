/**
 * The controls, grouped as architecture / data / numerics. Ranges come from the spec tables in
 * src/core/config.ts; sliders stop at sensible UI maxima, the numeric boxes accept the full range.
 */
import { DATA_NUM_SPECS, NUM_SPECS, WIDTH_SPEC } from '../core/config';
import type { NumSpec } from '../core/config';
import { IMAGE_DATASETS, imageFeatureCount, isImageSource } from '../core/data/images';
import type { ImageSource } from '../core/data/images';
import type { Activation, DataSource, InitName, ModelKind, SkipPlacement } from '../core/types';
import { markInput } from '../compute/latency';
import { selectParams } from '../state/selectors';
import { actions, useAppStore } from '../state/useAppStore';
import { NumberField } from './NumberField';
import { RangeField } from './RangeField';
import { controlTip } from '../model/schema';
import { MatrixImport, importedShape } from './MatrixImport';
import { SelectField } from './SelectField';
import { PruneField } from '../training/PruneField';

const ACTIVATION_OPTIONS: { value: Activation; label: string }[] = [
  { value: 'linear', label: 'Linear' },
  { value: 'relu', label: 'ReLU' },
  { value: 'leaky_relu', label: 'Leaky ReLU' },
];
const INIT_OPTIONS: { value: InitName; label: string }[] = [
  { value: 'kaiming_normal', label: 'Kaiming normal' },
  { value: 'xavier_normal', label: 'Xavier normal' },
  { value: 'orthogonal', label: 'Orthogonal' },
];
const SKIP_OPTIONS: { value: SkipPlacement; label: string }[] = [
  { value: 'all', label: 'Every layer' },
  { value: 'hidden', label: 'Hidden square layers only' },
];
const MODEL_OPTIONS: { value: ModelKind; label: string }[] = [
  { value: 'mlp', label: 'MLP (fully connected)' },
  { value: 'cnn1d', label: '1-D linear CNN' },
];
const DATA_OPTIONS: { value: DataSource; label: string }[] = [
  { value: 'gaussian', label: 'Gaussian, exact κ(Σ)' },
  { value: 'iid', label: 'Gaussian, i.i.d. N(0, 1)' },
  { value: 'fashion-mnist', label: 'Fashion-MNIST' },
  { value: 'digits', label: 'Digits 8×8' },
];
/** Useful strides: they divide the image side or leave a readable picture. */
const STRIDES: Readonly<Record<ImageSource, readonly number[]>> = {
  'fashion-mnist': [1, 2, 4, 7],
  digits: [1, 2, 4],
};

function strideOptions(source: ImageSource, current: number) {
  const list = STRIDES[source].includes(current) ? STRIDES[source] : [...STRIDES[source], current];
  const { rows, cols } = IMAGE_DATASETS[source];
  return [...list]
    .sort((a, b) => a - b)
    .map((s) => ({
      value: String(s),
      label: `${s} (${Math.ceil(rows / s)}×${Math.ceil(cols / s)} = ${imageFeatureCount(source, s)} pixels)`,
    }));
}

const CNN_OFF = 'Not used by the 1-D CNN.';

function range(spec: NumSpec) {
  return { min: spec.min, max: spec.max, integer: spec.integer, digits: spec.digits };
}

const commit = () => actions.commitHistory();

export function ControlsPanel() {
  const params = useAppStore(selectParams);
  const { data } = params;
  const uniformWidth = params.m.every((w) => w === params.m[0]);
  const width = params.m[0] ?? 100;
  const cnn = params.model === 'cnn1d';
  const image = isImageSource(data.source) ? data.source : null;
  const imageInfo = image ? IMAGE_DATASETS[image] : null;
  const dLast = params.d - params.convLayers * (params.kernel - 1);
  // Imported matrices fix what they define; the controls concerned say so.
  const ownX = importedShape(params, 'X');
  const ownW = importedShape(params, 'weights');
  const byX = ownX ? `Fixed by your X (${ownX}).` : null;
  const byW = ownW ? `Fixed by your weights (${ownW}).` : null;
  const maxKernel = Math.max(1, Math.floor((params.d - 1) / params.convLayers) + 1);

  return (
    <form className="controls" onSubmit={(event) => event.preventDefault()}>
      <fieldset>
        <legend>Architecture</legend>
        <SelectField
          id="ctl-model"
          label="Model"
          value={params.model}
          options={MODEL_OPTIONS}
          disabled={ownW !== null}
          hint={byW ?? undefined}
          onChoose={(model) => {
            actions.updateParams({ model });
            commit();
          }}
        />
        {cnn ? (
          <>
            <p className="field-note">
              c filters of size K slide along the flattened input (stride 1, no padding), then a
              linear readout to k outputs (gn-math.md §7). It is linear: depth, width, β, the
              activation and batch norm below do not apply.
            </p>
            <RangeField
              id="ctl-filters"
              label="Filters c"
              numberLabel="c value"
              value={params.filters}
              range={range(NUM_SPECS.filters)}
              sliderMax={16}
              onValue={(filters) => actions.updateParams({ filters })}
              onCommit={commit}
            />
            <RangeField
              id="ctl-kernel"
              label="Kernel size K"
              numberLabel="K value"
              value={params.kernel}
              range={{ ...range(NUM_SPECS.kernel), max: Math.min(NUM_SPECS.kernel.max, maxKernel) }}
              sliderMax={Math.min(NUM_SPECS.kernel.max, maxKernel)}
              hint={`At most ${maxKernel} for d = ${params.d} and ${params.convLayers} convolution${params.convLayers > 1 ? 's' : ''}; output length ${dLast}.`}
              onValue={(kernel) => actions.updateParams({ kernel })}
              onCommit={commit}
            />
            <RangeField
              id="ctl-conv"
              label="Convolution layers"
              numberLabel="layers value"
              value={params.convLayers}
              range={range(NUM_SPECS.convLayers)}
              hint="The first maps 1 → c channels, the others c → c."
              onValue={(convLayers) => actions.updateParams({ convLayers })}
              onCommit={commit}
            />
          </>
        ) : null}
        <RangeField
          id="ctl-depth"
          label="Depth L (weight matrices)"
          numberLabel="L value"
          value={params.L}
          range={range(NUM_SPECS.L)}
          sliderMax={32}
          disabled={cnn || ownW !== null}
          hint={cnn ? CNN_OFF : byW}
          onValue={(L) => actions.updateParams({ L })}
          onCommit={commit}
        />
        <RangeField
          id="ctl-width"
          label="Width m (hidden units)"
          numberLabel="m value"
          value={width}
          range={range(WIDTH_SPEC)}
          sliderMax={512}
          disabled={params.L === 1 || cnn || ownW !== null}
          hint={
            cnn
              ? CNN_OFF
              : byW
                ? byW
                : params.L === 1
                  ? 'L = 1 is linear regression: no hidden layer.'
                  : uniformWidth
                    ? null
                    : `Widths from the link: ${params.m.join(', ')}. Moving this sets all.`
          }
          onValue={(m) => actions.setWidth(m)}
          onCommit={commit}
        />
        <RangeField
          id="ctl-beta"
          label="Residual strength β"
          numberLabel="β value"
          value={params.beta}
          range={range(NUM_SPECS.beta)}
          sliderMax={5}
          step={0.01}
          disabled={cnn}
          hint={cnn ? CNN_OFF : '0 = no skip connections; hᵢ = (Wⁱ + βI)hᵢ₋₁.'}
          onValue={(beta) => actions.updateParams({ beta })}
          onCommit={commit}
        />
        <SelectField
          id="ctl-skip"
          label="Skip placement"
          value={params.skip}
          options={SKIP_OPTIONS}
          disabled={params.beta === 0 || cnn}
          onChoose={(skip) => {
            actions.updateParams({ skip });
            commit();
          }}
        />
        <SelectField
          id="ctl-activation"
          label="Activation"
          value={params.activation}
          options={ACTIVATION_OPTIONS}
          disabled={cnn}
          hint={cnn ? 'The 1-D CNN of gn-math.md §7 is linear.' : undefined}
          onChoose={(activation) => {
            actions.updateParams({ activation });
            commit();
          }}
        />
        {params.activation === 'leaky_relu' && !cnn ? (
          <RangeField
            id="ctl-alpha"
            label="Leaky-ReLU slope α"
            numberLabel="α value"
            value={params.alpha}
            range={range(NUM_SPECS.alpha)}
            step={0.005}
            hint="σ(z) = max(z, αz); α = 0 is ReLU."
            onValue={(alpha) => actions.updateParams({ alpha })}
            onCommit={commit}
          />
        ) : null}
        <div
          className={`field checkbox-field${cnn || params.L === 1 ? ' is-disabled' : ''}`}
          title={controlTip('ctl-bn')}
        >
          <input
            id="ctl-bn"
            type="checkbox"
            checked={params.batchNorm}
            disabled={cnn || params.L === 1}
            onChange={(event) => {
              markInput();
              actions.updateParams({ batchNorm: event.target.checked });
              commit();
            }}
          />
          <label htmlFor="ctl-bn">Batch norm after each hidden layer</label>
        </div>
        {cnn || params.L === 1 ? (
          <p className="field-hint checkbox-hint">
            {cnn ? CNN_OFF : 'L = 1 has no hidden layer to normalise.'}
          </p>
        ) : params.batchNorm ? (
          <p className="field-hint checkbox-hint">
            Batch statistics over all n samples, γ and β trainable (gn-math.md §8).
          </p>
        ) : null}
        <PruneField />
        <SelectField
          id="ctl-init"
          label="Initialisation"
          value={params.init}
          options={INIT_OPTIONS}
          disabled={ownW !== null}
          hint={byW ?? undefined}
          onChoose={(init) => {
            actions.updateParams({ init });
            commit();
          }}
        />
        <div className="field seed-field" title={controlTip('ctl-seed')}>
          <label htmlFor="ctl-seed">Seed</label>
          <div className="seed-row">
            <NumberField
              id="ctl-seed"
              value={params.seed}
              range={range(NUM_SPECS.seed)}
              onValue={(seed) => actions.updateParams({ seed })}
              onCommit={commit}
            />
            <button
              type="button"
              className="button"
              title="Draw a new random network (and new generated data) of the same shape"
              onClick={() => {
                markInput();
                actions.newSeed();
                commit();
              }}
            >
              New seed
            </button>
          </div>
        </div>
      </fieldset>

      <fieldset>
        <legend>Data</legend>
        <SelectField
          id="ctl-data"
          label="Data source"
          value={data.source}
          options={DATA_OPTIONS}
          disabled={ownX !== null}
          hint={
            byX ?? (imageInfo ? `${imageInfo.title}; licence ${imageInfo.licence}.` : undefined)
          }
          onChoose={(source) => {
            actions.updateParams({ data: { source } });
            commit();
          }}
        />
        {image && !ownX ? (
          <SelectField
            id="ctl-stride"
            label="Image stride"
            value={String(data.stride)}
            options={strideOptions(image, data.stride)}
            hint="Keeps every s-th pixel in both directions (x[0::s, 0::s])."
            onChoose={(stride) => {
              actions.updateParams({ data: { stride: Number(stride) } });
              commit();
            }}
          />
        ) : null}
        <RangeField
          id="ctl-n"
          label="Samples n"
          numberLabel="n value"
          value={data.n}
          range={range(DATA_NUM_SPECS.n)}
          sliderMax={imageInfo ? imageInfo.count : 5000}
          disabled={ownX !== null}
          hint={byX ?? (imageInfo ? `The first ${imageInfo.count} images are shipped.` : null)}
          onValue={(n) => actions.updateParams({ data: { n } })}
          onCommit={commit}
        />
        <RangeField
          id="ctl-d"
          label="Input dimension d"
          numberLabel="d value"
          value={params.d}
          range={range(NUM_SPECS.d)}
          sliderMax={256}
          disabled={imageInfo !== null || ownX !== null || ownW !== null}
          hint={
            byX ??
            byW ??
            (imageInfo
              ? `Fixed by the images: ${Math.ceil(imageInfo.rows / data.stride)}×${Math.ceil(imageInfo.cols / data.stride)} pixels at stride ${data.stride}.`
              : null)
          }
          onValue={(d) => actions.updateParams({ d })}
          onCommit={commit}
        />
        <RangeField
          id="ctl-k"
          label="Output dimension k"
          numberLabel="k value"
          value={params.k}
          range={range(NUM_SPECS.k)}
          sliderMax={64}
          disabled={(imageInfo !== null && !ownX) || ownW !== null}
          hint={
            byW ??
            (imageInfo && !ownX
              ? `Fixed by the images: ${imageInfo.classes} classes (one-hot).`
              : null)
          }
          onValue={(k) => actions.updateParams({ k })}
          onCommit={commit}
        />
        <RangeField
          id="ctl-kx"
          label="Data condition number κ(Σ)"
          numberLabel="κ(Σ) value"
          value={data.kappa}
          range={range(DATA_NUM_SPECS.kappa)}
          log
          disabled={data.source !== 'gaussian' || ownX !== null}
          hint={
            ownX
              ? 'Your X defines Σ = XᵀX/n.'
              : data.source !== 'gaussian'
                ? 'Only the exact-κ Gaussian source prescribes κ(Σ).'
                : 'Log scale; 1 = exactly white data.'
          }
          onValue={(kappa) => actions.updateParams({ data: { kappa } })}
          onCommit={commit}
        />
        <div className="field checkbox-field" title={controlTip('ctl-whiten')}>
          <input
            id="ctl-whiten"
            type="checkbox"
            checked={data.whiten}
            onChange={(event) => {
              markInput();
              actions.updateParams({ data: { whiten: event.target.checked } });
              commit();
            }}
          />
          <label htmlFor="ctl-whiten">Whiten the data (X ← UVᵀ)</label>
        </div>
        <div className="field checkbox-field" title={controlTip('ctl-center')}>
          <input
            id="ctl-center"
            type="checkbox"
            checked={data.center}
            onChange={(event) => {
              markInput();
              actions.updateParams({ data: { center: event.target.checked } });
              commit();
            }}
          />
          <label htmlFor="ctl-center">Centre the data (subtract column means)</label>
        </div>
        <MatrixImport />
      </fieldset>

      <fieldset>
        <legend>Numerics</legend>
        <RangeField
          id="ctl-rtol"
          label="Rank tolerance rtol"
          numberLabel="rtol value"
          value={params.rtol}
          range={range(NUM_SPECS.rtol)}
          log
          hint="λ counts as non-zero when λ > rtol · λmax."
          onValue={(rtol) => actions.updateParams({ rtol })}
          onCommit={commit}
        />
        <button
          type="button"
          className="button button-quiet"
          title="Back to the landing network: L = 3, m = 100, d = 49, k = 10, white Gaussian data"
          onClick={() => {
            markInput();
            actions.resetParams();
            commit();
          }}
        >
          Reset to defaults
        </button>
      </fieldset>
    </form>
  );
}
