/**
 * The records of one run as a table (test id `training-table`), for screen readers and for
 * copying numbers: step, epoch, loss, κ, rank and each bound. The full-precision values sit in
 * `data-*` attributes (the CLI prints the same numbers). Rows are rendered only while open.
 */
import { useState } from 'react';
import { formatNumber } from '../plots/format';
import { SERIES_STYLE } from '../plots/series';
import { appliedBounds } from './trainingSeries';
import type { TrainingRun } from '../state/slices/trainingSlice';

export function TrainingTable({ run }: { run: TrainingRun }) {
  const [open, setOpen] = useState(false);
  const bounds = appliedBounds(run);
  return (
    <details
      className="training-table"
      onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>
        Data table: {run.records.length} record{run.records.length === 1 ? '' : 's'}
        {run.label ? ` of ${run.label}` : ''}
      </summary>
      {open ? (
        <div className="table-scroll">
          <table className="bounds" data-testid="training-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  step
                </th>
                <th scope="col" className="num">
                  epoch
                </th>
                <th scope="col" className="num">
                  loss
                </th>
                <th scope="col" className="num">
                  κ(G)
                </th>
                <th scope="col" className="num">
                  rank
                </th>
                {bounds.map((id) => (
                  <th key={id} scope="col" className="num">
                    {SERIES_STYLE[id].label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {run.records.map((r) => (
                <tr
                  key={r.step}
                  data-step={r.step}
                  data-loss={String(r.loss)}
                  data-kappa={String(r.kappa)}
                  data-rank={r.rank}
                >
                  <td className="num">{r.step}</td>
                  <td className="num">{r.epoch}</td>
                  <td className="num">{formatNumber(r.loss, 6)}</td>
                  <td className="num">{formatNumber(r.kappa, 6)}</td>
                  <td className="num">{r.rank}</td>
                  {bounds.map((id) => {
                    const v = r.bounds[id];
                    return (
                      <td key={id} className="num" data-bound={id} data-value={v ?? ''}>
                        {v === null || v === undefined ? '—' : formatNumber(v, 6)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </details>
  );
}
