/**
 * The controls, grouped as architecture / data / numerics, driven by the parameter table
 * (src/core/configParams.ts: label, range, slider end, choices, tooltip) and by
 * controlStates(params) (src/model/controlStates.ts: shown, disabled and why). Sliders stop at
 * the row's slider end; the numeric boxes accept the row's full range.
 */
import { memo } from 'react';
import type { ReactNode } from 'react';
import { CONFIG_PARAMS } from '../core/configParams';
import type { ParamRow } from '../core/paramRows';
import type { GnConfig } from '../core/types';
import { markInput } from '../compute/latency';
import { controlStates } from '../model/controlStates';
import type { ControlState } from '../model/controlStates';
import type { ParamsPatch } from '../model/paramEdits';
import type { ControlToken } from '../model/schema';
import { controlTip } from '../model/schema';
import { selectParams } from '../state/selectors';
import { actions, useAppStore } from '../state/useAppStore';
import { PruneField } from '../training/PruneField';
import { MatrixImport } from './MatrixImport';
import { NumberField } from './NumberField';
import { RangeField } from './RangeField';
import { SelectField } from './SelectField';

type Row = ParamRow & { control: string };

const ROWS = new Map(CONFIG_PARAMS.map((r) => [r.key as string, r as ParamRow as Row]));
const row = (token: ControlToken): Row => ROWS.get(token)!;

/** The controls of each group, in the order they are shown. */
const ARCHITECTURE: readonly ControlToken[] = [
  'model',
  'filters',
  'kernel',
  'conv',
  'L',
  'm',
  'beta',
  'skip',
  'act',
  'alpha',
  'bn',
  'bias',
  'prune',
  'init',
  'seed',
];
const DATA: readonly ControlToken[] = [
  'data',
  'stride',
  'n',
  'd',
  'k',
  'kx',
  'whiten',
  'center',
  'own',
];
const NUMERICS: readonly ControlToken[] = ['rtol'];

const commit = () => actions.commitHistory();

/** The store patch that sets `r`'s field to `value` (data fields go into `data`). */
function patchFor(r: Row, value: unknown): ParamsPatch {
  return r.path.startsWith('data.')
    ? { data: { [r.path.slice(5)]: value } }
    : ({ [r.path]: value } as ParamsPatch);
}

function valueOf(p: GnConfig, r: Row): unknown {
  if (r.key === 'm') return p.m[0] ?? r.default;
  return r.path.startsWith('data.')
    ? (p.data as unknown as Record<string, unknown>)[r.path.slice(5)]
    : (p as unknown as Record<string, unknown>)[r.path];
}

function NumberControl(props: { token: ControlToken; value: number; state: ControlState }) {
  const { token, value, state } = props;
  const r = row(token);
  const max = state.max ?? r.max!;
  const set = (x: number) =>
    token === 'm' ? actions.setWidth(x) : actions.updateParams(patchFor(r, x));
  return (
    <RangeField
      id={r.control}
      label={r.label}
      numberLabel={`${r.short ?? r.key} value`}
      value={value}
      range={{ min: r.min!, max, integer: r.type !== 'number', digits: r.digits! }}
      sliderMax={state.max ?? state.sliderMax ?? r.slider?.max}
      step={r.slider?.step}
      log={r.log ?? false}
      disabled={state.disabled}
      hint={state.hint}
      onValue={set}
      onCommit={commit}
    />
  );
}

function ChoiceControl(props: { token: ControlToken; value: string; state: ControlState }) {
  const { token, value, state } = props;
  const r = row(token);
  const options =
    state.options ?? (r.values ?? []).map((v) => ({ value: v, label: r.choices?.[v] ?? v }));
  return (
    <SelectField
      id={r.control}
      label={r.label}
      value={value}
      options={options}
      disabled={state.disabled}
      hint={state.hint ?? undefined}
      onChoose={(chosen) => {
        actions.updateParams(patchFor(r, token === 'stride' ? Number(chosen) : chosen));
        commit();
      }}
    />
  );
}

function CheckboxControl(props: { token: ControlToken; value: boolean; state: ControlState }) {
  const { token, value, state } = props;
  const r = row(token);
  return (
    <>
      <div
        className={`field checkbox-field${state.disabled ? ' is-disabled' : ''}`}
        title={controlTip(r.control)}
      >
        <input
          id={r.control}
          type="checkbox"
          checked={value}
          disabled={state.disabled}
          onChange={(event) => {
            markInput();
            actions.updateParams(patchFor(r, event.target.checked));
            commit();
          }}
        />
        <label htmlFor={r.control}>{r.label}</label>
      </div>
      {state.hint ? <p className="field-hint checkbox-hint">{state.hint}</p> : null}
    </>
  );
}

function SeedControl(props: { value: number }) {
  const r = row('seed');
  return (
    <div className="field seed-field" title={controlTip(r.control)}>
      <label htmlFor={r.control}>{r.label}</label>
      <div className="seed-row">
        <NumberField
          id={r.control}
          value={props.value}
          range={{ min: r.min!, max: r.max!, integer: true, digits: r.digits! }}
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
  );
}

interface ControlProps {
  token: ControlToken;
  /** the parameter's value (ignored by the controls with a component of their own) */
  value: unknown;
  state: ControlState;
}

/** One control, chosen by its row's type (a few have a component of their own). */
function ControlBody({ token, value, state }: ControlProps) {
  if (!state.visible) return null;
  if (token === 'prune') return <PruneField />;
  if (token === 'own') return <MatrixImport />;
  if (token === 'seed') return <SeedControl value={value as number} />;
  const r = row(token);
  if (r.type === 'boolean')
    return <CheckboxControl token={token} value={value as boolean} state={state} />;
  if (r.type === 'enum' || token === 'stride')
    return <ChoiceControl token={token} value={String(value)} state={state} />;
  return <NumberControl token={token} value={value as number} state={state} />;
}

function sameState(a: ControlState, b: ControlState): boolean {
  const sameOptions =
    a.options === b.options ||
    (a.options !== undefined &&
      b.options !== undefined &&
      a.options.length === b.options.length &&
      a.options.every(
        (o, i) => o.value === b.options![i]!.value && o.label === b.options![i]!.label,
      ));
  return (
    a.visible === b.visible &&
    a.disabled === b.disabled &&
    a.hint === b.hint &&
    a.max === b.max &&
    a.sliderMax === b.sliderMax &&
    sameOptions
  );
}

/**
 * A control re-renders only when its own value or state changes: a depth step redraws the depth
 * slider, not the 26 other fields (their handlers depend on the token alone).
 */
const Control = memo(
  ControlBody,
  (a, b) => a.token === b.token && Object.is(a.value, b.value) && sameState(a.state, b.state),
);

/** The parameter behind `token` in `params` (null for the matrix import, which has none). */
function controlValue(params: GnConfig, token: ControlToken): unknown {
  return token === 'own' ? null : valueOf(params, row(token));
}

function Group(props: {
  legend: string;
  tokens: readonly ControlToken[];
  params: GnConfig;
  states: Record<ControlToken, ControlState>;
  children?: ReactNode;
}) {
  const { legend, tokens, params, states } = props;
  return (
    <fieldset>
      <legend>{legend}</legend>
      {tokens.map((token) => (
        <Control
          key={token}
          token={token}
          value={controlValue(params, token)}
          state={states[token]}
        />
      ))}
      {props.children}
    </fieldset>
  );
}

export function ControlsPanel() {
  const params = useAppStore(selectParams);
  const states = controlStates(params);
  const cnn = params.model === 'cnn1d';
  return (
    <form className="controls" onSubmit={(event) => event.preventDefault()}>
      <fieldset>
        <legend>Architecture</legend>
        <Control token="model" value={params.model} state={states.model} />
        {cnn ? (
          <p className="field-note">
            c filters of size K slide along the flattened input (stride 1, no padding), then a
            linear readout to k outputs (gn-math.md §7). It is linear: depth, width, β, the
            activation and batch norm below do not apply.
          </p>
        ) : null}
        {ARCHITECTURE.slice(1).map((token) => (
          <Control
            key={token}
            token={token}
            value={controlValue(params, token)}
            state={states[token]}
          />
        ))}
      </fieldset>
      <Group legend="Data" tokens={DATA} params={params} states={states} />
      <Group legend="Numerics" tokens={NUMERICS} params={params} states={states}>
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
      </Group>
    </form>
  );
}
