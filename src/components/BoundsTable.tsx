/**
 * One row per bound (test id `bound-<id>`): value, ratio to κ, kind, provenance, formula. Bounds
 * that do not apply come last, grouped under their reason in words. For the 1-D CNN a second
 * table holds the §5 bounds on the Toeplitz matrices (test ids `bound-dense-<id>`), which bound
 * the dense-equivalent κ only.
 */
import type { BoundId, BoundResult, EvalResult } from '../core/types';
import { formatNumber } from '../plots/format';
import { BOUND_ORDER, SERIES_STYLE } from '../plots/series';
import { ExplainLink } from '../classroom/ExplainLink';
import { Formula } from './Formula';
import { BOUND_NOTES } from './formulas';

export interface BoundsTableProps {
  result: EvalResult;
  /**
   * While `result` has no bounds yet (its spectrum came first): the last result that had them,
   * whose rows hold the table's place with their values hidden.
   */
  layout?: EvalResult | null;
}

type Bounds = Partial<Record<BoundId, BoundResult>>;

function applies(bound: BoundResult): boolean {
  return bound.applies && bound.value !== null;
}

/** Applicable bounds in the fixed order, then the others grouped by reason (first seen first). */
export function groupBounds(bounds: Bounds): {
  applicable: BoundResult[];
  groups: { reason: string; bounds: BoundResult[] }[];
} {
  const rows = BOUND_ORDER.flatMap((id) => (bounds[id] ? [bounds[id]] : []));
  const groups: { reason: string; bounds: BoundResult[] }[] = [];
  for (const bound of rows.filter((b) => !applies(b))) {
    const reason = bound.reason ?? 'not applicable to this configuration';
    const group = groups.find((g) => g.reason === reason);
    if (group) group.bounds.push(bound);
    else groups.push({ reason, bounds: [bound] });
  }
  return { applicable: rows.filter(applies), groups };
}

function BoundRow(props: {
  bound: BoundResult;
  testPrefix: string;
  compact?: boolean;
  pending?: boolean;
}) {
  const { bound, testPrefix, compact = false, pending = false } = props;
  const style = SERIES_STYLE[bound.id];
  const ok = applies(bound);
  // A pending row is a place holder from the previous result: its name, kind and formula stay
  // (they do not depend on the numbers), its value and ratio are never shown.
  return (
    <tr
      data-testid={`${testPrefix}${pending ? 'pending-' : ''}${bound.id}`}
      data-value={ok && !pending ? String(bound.value) : ''}
      className={[ok ? '' : 'not-applicable', pending ? 'pending' : ''].join(' ').trim()}
    >
      <th scope="row" title={BOUND_NOTES[bound.id]}>
        <span className="swatch" style={{ borderColor: style.color }} aria-hidden="true">
          <svg width="22" height="8">
            <line
              x1="0"
              y1="4"
              x2="22"
              y2="4"
              stroke={style.color}
              strokeWidth="3"
              strokeDasharray={style.dash ?? undefined}
            />
          </svg>
        </span>
        <span className="bound-name">
          <ExplainLink
            id={bound.id}
            title={`${style.label}: its formula, conditions and why it applies or not`}
          >
            {style.label}
          </ExplainLink>
        </span>
        <span className="badges">
          <span className={`badge badge-${bound.kind}`}>
            {bound.kind === 'upper' ? 'upper' : 'lower'}
          </span>
          <span className={`badge ${bound.proved ? 'badge-proved' : 'badge-extension'}`}>
            {bound.proved ? 'proved' : 'extension'}
          </span>
        </span>
      </th>
      <td className="formula-cell">
        {/* Many bounds out for one reason keep their rows (and test ids), not a formula each. */}
        {compact ? null : <Formula id={bound.id} />}
      </td>
      <td className="num">{pending ? '…' : ok ? formatNumber(bound.value!, 4) : 'n/a'}</td>
      <td className="num">
        {pending ? '…' : ok && bound.ratio !== null ? `${formatNumber(bound.ratio, 3)}×` : '—'}
      </td>
    </tr>
  );
}

function BoundsSection(props: {
  bounds: Bounds;
  caption: string;
  ratioHead: string;
  testPrefix: string;
  testId?: string;
  /** the rows of the previous result, values hidden, while the newest bounds compute */
  pending?: boolean;
}) {
  const { applicable, groups } = groupBounds(props.bounds);
  const pending = props.pending ?? false;
  if (applicable.length === 0 && groups.length === 0) return null;
  return (
    <div
      className="table-scroll"
      data-testid={props.testId}
      // focusable so that keyboard users can scroll a table wider than the screen (axe)
      tabIndex={0}
      role="region"
      aria-label="Bounds on κ(G)"
      aria-busy={pending}
    >
      <table className="bounds">
        <caption>
          {props.caption}
          {pending ? (
            <span className="muted" role="status">
              {' '}
              · computing the bounds…
            </span>
          ) : null}
        </caption>
        <thead>
          <tr>
            <th scope="col">Bound</th>
            <th scope="col" className="formula-col">
              Formula
            </th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col" className="num">
              {props.ratioHead}
            </th>
          </tr>
        </thead>
        <tbody>
          {applicable.map((bound) => (
            <BoundRow
              key={bound.id}
              bound={bound}
              testPrefix={props.testPrefix}
              pending={pending}
            />
          ))}
        </tbody>
        {groups.map((group) => (
          <tbody key={group.reason} className="not-applicable-group">
            <tr className="group-row">
              <td colSpan={4}>
                <span className="reason">Not applicable: {pending ? '…' : group.reason}</span>
              </td>
            </tr>
            {group.bounds.map((bound) => (
              <BoundRow
                key={bound.id}
                bound={bound}
                testPrefix={props.testPrefix}
                compact={group.bounds.length >= 3}
                pending={pending}
              />
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

export function BoundsTable({ result, layout = null }: BoundsTableProps) {
  // The worker streams κ and the spectrum first; the bounds arrive a few ms later. Meanwhile the
  // previous result's rows keep the table in place (values hidden), or a line says so.
  const pending = Object.keys(result.bounds).length === 0;
  const shown = pending ? layout : result;
  if (!shown || Object.keys(shown.bounds).length === 0) {
    return (
      <p className="muted" role="status">
        Computing the bounds…
      </p>
    );
  }
  // One wrapper: the panel's own children come and go (the job's progress), and a sibling rule
  // on them (the gap between the two tables) would restyle every formula of the table each time.
  return (
    <div className="bounds-tables">
      <BoundsSection
        bounds={shown.bounds}
        caption="Bounds on κ(G) (gn-math.md §5–6)"
        ratioHead="÷ κ"
        testPrefix="bound-"
        pending={pending}
      />
      {shown.boundsDenseEquivalent ? (
        <BoundsSection
          bounds={shown.boundsDenseEquivalent}
          caption="Bounds on the dense-equivalent κ (Toeplitz entries as free parameters)"
          ratioHead="÷ κ dense"
          testPrefix="bound-dense-"
          testId="bounds-dense"
          pending={pending}
        />
      ) : null}
    </div>
  );
}
