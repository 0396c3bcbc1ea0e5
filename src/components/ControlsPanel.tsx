/**
 * The controls, grouped as architecture / data / numerics. Ranges come from the spec tables in
 * src/core/config.ts; sliders stop at sensible UI maxima, the numeric boxes accept the full range.
 */
import { DATA_NUM_SPECS, NUM_SPECS, WIDTH_SPEC } from '../core/config';
import type { NumSpec } from '../core/config';
import type { Activation, DataSource, InitName, SkipPlacement } from '../core/types';
import { markInput } from '../compute/latency';
import { selectParams } from '../state/selectors';
import { actions, useAppStore } from '../state/useAppStore';
import { NumberField } from './NumberField';
import { RangeField } from './RangeField';
import { SelectField } from './SelectField';

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
/** Image data sets come with a later issue; links naming them still decode. */
const DATA_OPTIONS: { value: DataSource; label: string }[] = [
  { value: 'gaussian', label: 'Gaussian, exact κ(Σ)' },
  { value: 'iid', label: 'Gaussian, i.i.d. N(0, 1)' },
];

function range(spec: NumSpec) {
  return { min: spec.min, max: spec.max, integer: spec.integer, digits: spec.digits };
}

const commit = () => actions.commitHistory();

export function ControlsPanel() {
  const params = useAppStore(selectParams);
  const { data } = params;
  const uniformWidth = params.m.every((w) => w === params.m[0]);
  const width = params.m[0] ?? 100;
  const dataOptions = DATA_OPTIONS.some((o) => o.value === data.source)
    ? DATA_OPTIONS
    : [...DATA_OPTIONS, { value: data.source, label: data.source }];

  return (
    <form className="controls" onSubmit={(event) => event.preventDefault()}>
      <fieldset>
        <legend>Architecture</legend>
        <RangeField
          id="ctl-depth"
          label="Depth L (weight matrices)"
          numberLabel="L value"
          value={params.L}
          range={range(NUM_SPECS.L)}
          sliderMax={32}
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
          disabled={params.L === 1}
          hint={
            params.L === 1
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
          hint="0 = no skip connections; hᵢ = (Wⁱ + βI)hᵢ₋₁."
          onValue={(beta) => actions.updateParams({ beta })}
          onCommit={commit}
        />
        <SelectField
          id="ctl-skip"
          label="Skip placement"
          value={params.skip}
          options={SKIP_OPTIONS}
          disabled={params.beta === 0}
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
          onChoose={(activation) => {
            actions.updateParams({ activation });
            commit();
          }}
        />
        {params.activation === 'leaky_relu' ? (
          <RangeField
            id="ctl-alpha"
            label="Leaky-ReLU slope α"
            numberLabel="α value"
            value={params.alpha}
            range={range(NUM_SPECS.alpha)}
            step={0.005}
            onValue={(alpha) => actions.updateParams({ alpha })}
            onCommit={commit}
          />
        ) : null}
        <SelectField
          id="ctl-init"
          label="Initialisation"
          value={params.init}
          options={INIT_OPTIONS}
          onChoose={(init) => {
            actions.updateParams({ init });
            commit();
          }}
        />
        <div className="field seed-field">
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
          options={dataOptions}
          onChoose={(source) => {
            actions.updateParams({ data: { source } });
            commit();
          }}
        />
        <RangeField
          id="ctl-n"
          label="Samples n"
          numberLabel="n value"
          value={data.n}
          range={range(DATA_NUM_SPECS.n)}
          sliderMax={5000}
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
          disabled={data.source !== 'gaussian'}
          hint={
            data.source !== 'gaussian'
              ? 'Only the exact-κ Gaussian source prescribes κ(Σ).'
              : 'Log scale; 1 = exactly white data.'
          }
          onValue={(kappa) => actions.updateParams({ data: { kappa } })}
          onCommit={commit}
        />
        <div className="field checkbox-field">
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
