/** One row per bound (test id `bound-<id>`): value, ratio to κ, kind, provenance, formula. */
import type { EvalResult } from '../core/types';
import { formatNumber } from '../plots/format';
import { BOUND_ORDER, SERIES_STYLE } from '../plots/series';
import { Formula } from './Formula';
import { BOUND_NOTES } from './formulas';

export interface BoundsTableProps {
  result: EvalResult;
}

export function BoundsTable({ result }: BoundsTableProps) {
  const rows = BOUND_ORDER.flatMap((id) => {
    const bound = result.bounds[id];
    return bound ? [bound] : [];
  });
  if (rows.length === 0) return null;
  return (
    <div className="table-scroll">
      <table className="bounds">
        <caption>Bounds on κ(G) (gn-math.md §5–6)</caption>
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
              ÷ κ
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((bound) => {
            const style = SERIES_STYLE[bound.id];
            const applies = bound.applies && bound.value !== null;
            return (
              <tr
                key={bound.id}
                data-testid={`bound-${bound.id}`}
                data-value={applies ? String(bound.value) : ''}
                className={applies ? '' : 'not-applicable'}
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
                  <span className="bound-name">{style.label}</span>
                  <span className="badges">
                    <span className={`badge badge-${bound.kind}`}>
                      {bound.kind === 'upper' ? 'upper' : 'lower'}
                    </span>
                    <span className={`badge ${bound.proved ? 'badge-proved' : 'badge-extension'}`}>
                      {bound.proved ? 'proved' : 'extension'}
                    </span>
                  </span>
                  {applies ? null : (
                    <span className="reason">
                      not applicable{bound.reason ? `: ${bound.reason}` : ''}
                    </span>
                  )}
                </th>
                <td className="formula-cell">
                  <Formula id={bound.id} />
                </td>
                <td className="num">{applies ? formatNumber(bound.value!, 4) : 'n/a'}</td>
                <td className="num">
                  {applies && bound.ratio !== null ? `${formatNumber(bound.ratio, 3)}×` : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
