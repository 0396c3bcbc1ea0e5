/** Bound-versus-actual curves (test id `sweep-plot`) with the sweep's own controls. */
import { memo, useCallback, useMemo, useState } from 'react';
import type { BoundId } from '../core/types';
import { poolSizeFor } from '../compute/client';
import { useElementWidth } from '../hooks/useElementWidth';
import { SERIES_STYLE } from '../plots/series';
import { SweepPlot } from '../plots/SweepPlot';
import {
  inapplicableBounds,
  isCompareRun,
  sweepLegend,
  sweepPlotSeries,
} from '../plots/sweepSeries';
import { selectParams, selectShownSweep, selectSweepSettings } from '../state/selectors';
import {
  COMPARE_KINDS,
  COMPARE_KIND_ORDER,
  compareConflicts,
  compareNote,
  defaultCompare,
  parseCompareValues,
} from '../model/compare';
import type { CompareKind } from '../model/compare';
import { formatMs } from '../model/sizeGuard';
import { sweepAxisNote, sweepAxisValue } from '../model/sweepPlan';
import { SHOWABLE_BOUNDS, SWEEP_AXES, SWEEP_AXIS_ORDER } from '../model/urlCodec';
import type { SweepAxis, SweepSettings } from '../model/urlCodec';
import { viewParam } from '../model/viewParams';
import type { SweepRun } from '../state/slices/resultsSlice';
import type { NumberRange } from './NumberField';
import { AfterPaint, actions, useAppStore, useAppStoreShallow } from '../state/useAppStore';
import { NumberField } from './NumberField';
import { SelectField } from './SelectField';
import { SweepPlayBar, onSweepPanelKeyDown } from './SweepPlayBar';
import { LegendSwatch } from './LegendSwatch';
import { useHeldFor } from './useHeldFor';

const AXIS_OPTIONS = SWEEP_AXIS_ORDER.map((axis) => ({
  value: axis,
  label: SWEEP_AXES[axis].label,
}));
const BOUND_OPTIONS: { value: BoundId | 'none'; label: string }[] = [
  { value: 'none', label: 'κ only' },
  ...SHOWABLE_BOUNDS.map((id) => ({ value: id, label: `κ and ${SERIES_STYLE[id].label}` })),
];
/** Curves more than this many decades above κ leave the top of the plot (see sweepLayout). */
const CLIP_DECADES = 3;
/** Workers that share a sweep here (for the time shown before a long sweep). */
const WORKERS = poolSizeFor(globalThis.navigator?.hardwareConcurrency);

const commit = () => actions.commitHistory();

/** The compare values as typed, applied on Enter or when the box loses focus. */
function CompareValuesField({ kind, values }: { kind: CompareKind; values: readonly string[] }) {
  const text = values.join(', ');
  const [draft, setDraft] = useState<string | null>(null);
  const finish = () => {
    if (draft === null) return;
    const parsed = parseCompareValues(kind, draft, `series values "${draft}"`);
    actions.addNotices(parsed.notices);
    if (parsed.values.length > 0) actions.setCompare({ kind, values: parsed.values });
    setDraft(null);
    commit();
  };
  return (
    <div className="field compare-values">
      <label htmlFor="sweep-compare-values">Series values</label>
      <input
        id="sweep-compare-values"
        className="text-input"
        type="text"
        value={draft ?? text}
        spellCheck={false}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={finish}
        onKeyDown={(event) => {
          if (event.key === 'Enter') finish();
          if (event.key === 'Escape') setDraft(null);
        }}
      />
      <p className="field-hint">{COMPARE_KINDS[kind].hint}</p>
    </div>
  );
}

/** The sweep's settings, each control from its row of the view table (src/model/viewParams.ts). */
function SweepSettingsForm({ settings }: { settings: SweepSettings }) {
  const axisSpec = SWEEP_AXES[settings.axis];
  const axisRange = {
    min: axisSpec.min,
    max: axisSpec.max,
    integer: axisSpec.integer,
    digits: axisSpec.digits,
  };
  const count = (key: 'pts' | 'seeds') => {
    const r = viewParam(key);
    return { min: r.min, max: r.max, integer: true, digits: r.digits };
  };
  const numberField = (
    key: 'from' | 'to' | 'pts' | 'seeds',
    value: number,
    range: NumberRange,
    onValue: (x: number) => void,
  ) => (
    <div className="field">
      <label htmlFor={viewParam(key).control}>{viewParam(key).label}</label>
      <NumberField
        id={viewParam(key).control}
        value={value}
        range={range}
        onValue={onValue}
        onCommit={commit}
      />
    </div>
  );
  const band = viewParam('band');
  return (
    <form className="sweep-controls" onSubmit={(event) => event.preventDefault()}>
      <SelectField
        id={viewParam('sweep').control}
        label={viewParam('sweep').label}
        value={settings.axis}
        options={AXIS_OPTIONS}
        onChoose={(axis: SweepAxis) => {
          actions.setSweepAxis(axis);
          commit();
        }}
      />
      {numberField('from', settings.from, axisRange, (from) =>
        actions.updateSweepSettings({ from }),
      )}
      {numberField('to', settings.to, axisRange, (to) => actions.updateSweepSettings({ to }))}
      {numberField('pts', settings.points, count('pts'), (points) =>
        actions.updateSweepSettings({ points }),
      )}
      {numberField('seeds', settings.seeds, count('seeds'), (seeds) =>
        actions.updateSweepSettings({ seeds }),
      )}
      <SelectField
        id={band.control}
        label={band.label}
        value={settings.spread}
        options={band.values.map((v) => ({ value: v, label: band.choices[v] }))}
        onChoose={(spread) => {
          actions.updateSweepSettings({ spread });
          commit();
        }}
      />
      {axisSpec.logChoice ? (
        <div className="field checkbox-field">
          <input
            id={viewParam('logx').control}
            type="checkbox"
            checked={settings.logX}
            onChange={(event) => {
              actions.updateSweepSettings({ logX: event.target.checked });
              commit();
            }}
          />
          <label htmlFor={viewParam('logx').control}>{viewParam('logx').label}</label>
        </div>
      ) : null}
    </form>
  );
}

/** Compare series: the kind, its values and the bound drawn beside κ. */
function CompareForm({ settings }: { settings: SweepSettings }) {
  const compare = settings.compare;
  return (
    <form className="sweep-controls compare-controls" onSubmit={(e) => e.preventDefault()}>
      <div className="field select-field">
        <label htmlFor="sweep-compare">Compare series</label>
        <select
          id="sweep-compare"
          value={compare?.kind ?? 'none'}
          onChange={(event) => {
            const kind = event.target.value as CompareKind | 'none';
            actions.setCompare(kind === 'none' ? null : defaultCompare(kind));
            commit();
          }}
        >
          <option value="none">None: κ and every bound</option>
          {COMPARE_KIND_ORDER.map((kind) => (
            <option key={kind} value={kind} disabled={compareConflicts(kind, settings.axis)}>
              {COMPARE_KINDS[kind].label}
              {compareConflicts(kind, settings.axis) ? ' (the swept parameter)' : ''}
            </option>
          ))}
        </select>
      </div>
      {compare ? (
        <>
          <CompareValuesField
            key={`${compare.kind}:${compare.values.join(',')}`}
            kind={compare.kind}
            values={compare.values}
          />
          <SelectField
            id="sweep-showb"
            label="Curves per series"
            value={settings.showBound ?? 'none'}
            options={BOUND_OPTIONS}
            onChoose={(id) => {
              actions.setShowBound(id === 'none' ? null : id);
              commit();
            }}
          />
        </>
      ) : null}
    </form>
  );
}

/** The sweep's progress bar and, before a long sweep, the question whether to run it. */
function SweepProgress({ latest }: { latest: SweepRun | null }) {
  const progress = latest && latest.total > 0 ? latest.done / latest.total : 0;
  const running = latest !== null && latest.status !== 'done';
  return (
    <>
      <div className="sweep-progress" aria-hidden={!running}>
        <div
          className="progress-bar"
          role="progressbar"
          aria-label="Sweep progress"
          aria-valuemin={0}
          aria-valuemax={latest?.total ?? 0}
          aria-valuenow={latest?.done ?? 0}
        >
          <div className="progress-fill" style={{ width: `${Math.round(progress * 100)}%` }} />
        </div>
        <span className="progress-text">
          {latest
            ? latest.status === 'waiting'
              ? 'waiting for the current point…'
              : latest.status === 'confirm'
                ? `${latest.total} evaluations, waiting for you`
                : `${latest.done} / ${latest.total} evaluations`
            : ''}
        </span>
      </div>
      {latest && latest.status === 'confirm' ? (
        <div
          className="guard-panel"
          data-testid="sweep-confirm"
          role="group"
          aria-label="Long sweep"
        >
          <p>
            This sweep runs <strong>{latest.total}</strong> evaluations, estimated at ~
            {formatMs(latest.estimateMs)} of computation (about{' '}
            {formatMs(latest.estimateMs / WORKERS)} with {WORKERS} worker{WORKERS === 1 ? '' : 's'}
            ). Fewer points, runs per point or series make it quicker.
          </p>
          <button type="button" className="button" onClick={() => actions.approveSweep(latest.key)}>
            Run the sweep
          </button>
        </div>
      ) : null}
    </>
  );
}

/** The legend: click an entry to show or hide its curve. */
function SweepLegend(props: {
  legend: ReturnType<typeof sweepLegend>;
  hidden: ReadonlySet<string>;
  onToggle: (group: string) => void;
  compareRun: boolean;
  showBound: BoundId | null;
  /** the compare series carry the CNN's dense-equivalent κ, dashed */
  denseDashed: boolean;
  inapplicable: readonly BoundId[];
  fullRange: boolean;
  onFullRange: (full: boolean) => void;
}) {
  const { legend, hidden, inapplicable } = props;
  if (legend.length === 0) return null;
  return (
    <ul className="legend" aria-label="Legend (click to show or hide a curve)">
      {legend.map((entry) => (
        <li key={entry.group}>
          <button
            type="button"
            className="legend-item"
            aria-pressed={!hidden.has(entry.group)}
            title={hidden.has(entry.group) ? 'Show this curve' : 'Hide this curve'}
            onClick={() => props.onToggle(entry.group)}
          >
            <LegendSwatch stroke={entry.color} width={entry.thick ? 3.5 : 2.5} dash={entry.dash} />
            {entry.label}
          </button>
        </li>
      ))}
      {props.compareRun ? (
        <li className="legend-muted">
          solid: κ(G)
          {props.showBound
            ? `; dashed: ${SERIES_STYLE[props.showBound].label}`
            : props.denseDashed
              ? `; dashed: ${SERIES_STYLE.kappaDense.label}`
              : ''}
        </li>
      ) : null}
      {inapplicable.length > 0 ? (
        <li className="legend-muted">
          not applicable: {inapplicable.map((id) => SERIES_STYLE[id].label).join(', ')}
        </li>
      ) : null}
      <li className="legend-range">
        <label>
          <input
            type="checkbox"
            checked={props.fullRange}
            onChange={(event) => props.onFullRange(event.target.checked)}
          />{' '}
          full y range
        </label>
      </li>
    </ul>
  );
}

/** What the plot box says while there is no curve to draw. */
function placeholderText(latest: SweepRun | null): string {
  if (latest && latest.failed > 0 && latest.failed === latest.done && latest.done > 0)
    return 'Every evaluation of this sweep failed.';
  if (latest && latest.status === 'confirm') return 'The sweep waits for you (see above).';
  if (latest && latest.total === 0) return 'Every point of this sweep was skipped (see below).';
  return 'The sweep starts once the current point is computed…';
}

/** The legend's hidden curves (ephemeral, not in the URL). */
function useHiddenSeries() {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  // stable, so the memoised figure does not redraw when only the forms change
  const toggle = useCallback(
    (id: string) =>
      setHidden((current) => {
        const next = new Set(current);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  return [hidden, toggle] as const;
}

export function SweepPanel() {
  const settings = useAppStore(selectSweepSettings);
  const params = useAppStore(selectParams);
  // Curves switched off in the legend, and the full y range.
  const [hidden, toggleSeries] = useHiddenSeries();
  const [fullRange, setFullRange] = useState(false);

  return (
    <section
      className="card sweep-card"
      aria-labelledby="sweep-title"
      onKeyDown={onSweepPanelKeyDown}
    >
      <div className="card-head">
        <h2 id="sweep-title">Bounds versus actual κ</h2>
        <p className="card-summary">
          mean over {settings.seeds} seed{settings.seeds === 1 ? '' : 's'} ({params.seed}
          {settings.seeds > 1 ? `…${params.seed + settings.seeds - 1}` : ''}), band ={' '}
          {settings.spread === 'range' ? 'min–max' : '±1 sd'}
        </p>
      </div>
      <SweepSettingsForm settings={settings} />
      <CompareForm settings={settings} />
      <SweepPlayBar />
      {/* the plot follows a frame after κ (docs/architecture.md §7); the forms above stay live */}
      <AfterPaint>
        <SweepFigure
          hidden={hidden}
          onToggle={toggleSeries}
          fullRange={fullRange}
          onFullRange={setFullRange}
        />
      </AfterPaint>
    </section>
  );
}

/**
 * The sweep's notes, progress, plot and legend (read-only: the legend's switches are props).
 * Memoised: it redraws when the store one frame late or its switches change, not with the forms.
 */
const SweepFigure = memo(function SweepFigure(props: {
  hidden: ReadonlySet<string>;
  onToggle: (id: string) => void;
  fullRange: boolean;
  onFullRange: (on: boolean) => void;
}) {
  const { hidden, fullRange } = props;
  const settings = useAppStore(selectSweepSettings);
  const params = useAppStore(selectParams);
  const { run, stale } = useAppStoreShallow(selectShownSweep);
  const dimmed = useHeldFor(stale);
  const latest = useAppStore((s) => s.sweep);
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const height = Math.round(Math.min(420, Math.max(280, width * 0.5)));
  const axisSpec = SWEEP_AXES[settings.axis];
  const compare = settings.compare;
  const notes = [
    sweepAxisNote(params, settings.axis, compare),
    compareNote(params, compare),
  ].filter((n): n is string => n !== null);
  const allSeries = useMemo(
    () => (run ? sweepPlotSeries(run, settings.showBound) : []),
    [run, settings.showBound],
  );
  const shownSeries = useMemo(
    () => allSeries.filter((s) => !hidden.has(s.group)),
    [allSeries, hidden],
  );
  const legend = useMemo(() => (run ? sweepLegend(run, allSeries) : []), [run, allSeries]);
  const inapplicable = useMemo(
    () => (run ? inapplicableBounds(run, allSeries) : []),
    [run, allSeries],
  );
  const sweepState =
    latest === null
      ? 'idle'
      : latest.status === 'done'
        ? 'done'
        : latest.status === 'confirm'
          ? 'confirm'
          : 'running';
  const skippedReasons = latest ? latest.skipped.filter((r): r is string => r !== null) : [];

  return (
    <>
      {notes.map((note) => (
        <p key={note} className="plot-note">
          {note}
        </p>
      ))}
      <SweepProgress latest={latest} />
      <div
        ref={ref}
        className={`plot-box${dimmed ? ' is-stale' : ''}`}
        data-testid="sweep-plot"
        tabIndex={0}
        role="group"
        aria-label="Sweep plot (space plays and pauses the sweep)"
        data-state={sweepState}
        data-done={latest?.done ?? 0}
        data-total={latest?.total ?? 0}
        data-series={run ? run.series.length : 0}
        data-current-x={sweepAxisValue(params, settings.axis)}
      >
        {run && run.done - run.failed > 0 ? (
          <SweepPlot
            xs={run.xs}
            series={shownSeries}
            logX={settings.logX}
            integerX={axisSpec.integer}
            currentX={sweepAxisValue(params, settings.axis)}
            spread={settings.spread}
            clipDecades={fullRange ? null : CLIP_DECADES}
            xTitle={axisSpec.symbol}
            width={width}
            height={height}
          />
        ) : (
          <div className="plot-placeholder" style={{ height }}>
            {placeholderText(latest)}
          </div>
        )}
      </div>
      <SweepLegend
        legend={legend}
        hidden={hidden}
        onToggle={props.onToggle}
        compareRun={run !== null && isCompareRun(run)}
        showBound={settings.showBound}
        denseDashed={shownSeries.some((s) => s.id.endsWith('|kappaDense'))}
        inapplicable={inapplicable}
        fullRange={fullRange}
        onFullRange={props.onFullRange}
      />
      {skippedReasons.length > 0 ? (
        <p className="plot-note warn" data-testid="sweep-skipped">
          {skippedReasons.length} of {latest!.samples.length} evaluations skipped (gaps in the
          curves): {skippedReasons[0]}
        </p>
      ) : null}
      {latest && latest.failed > 0 ? (
        <p className="plot-note warn">
          {latest.failed} of {latest.done} evaluations failed: {latest.firstError}
        </p>
      ) : null}
    </>
  );
});
