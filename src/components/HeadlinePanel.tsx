/** The headline κ(G) with what it rests on: rank, κ⁺(Σ), parameters, method, time, warnings. */
import { formatCount, formatDuration, formatNumber } from '../plots/format';
import { selectCurrent } from '../state/selectors';
import { useAppStore } from '../state/useAppStore';
import { BoundsTable } from './BoundsTable';
import { Formula } from './Formula';
import { StatusIndicator } from './StatusIndicator';

const METHOD_TEXT: Record<string, string> = {
  'reduced-kd': 'reduced k·d matrix',
  'gram-nk': 'Gram matrix JJᵀ/n',
  'gn-p': 'full GN JᵀJ/n',
};

export function HeadlinePanel() {
  const current = useAppStore(selectCurrent);
  const { result, status, error } = current;
  const shown = status === 'error' ? null : result;
  const stale = status === 'computing' && result !== null;

  return (
    <section className="card headline" aria-labelledby="headline-title">
      <div className="card-head">
        <h2 id="headline-title">Condition number of the Gauss–Newton matrix</h2>
        <StatusIndicator status={status} />
      </div>
      <div className={`headline-body${stale ? ' is-stale' : ''}`}>
        <div className="kappa-block">
          <div className="kappa-label">
            <Formula id="kappa" />
          </div>
          <output
            className={`kappa-value${shown ? '' : ' is-empty'}`}
            data-testid="kappa"
            data-value={shown ? String(shown.kappa) : ''}
            aria-live="polite"
          >
            {shown ? formatNumber(shown.kappa, 5) : status === 'error' ? '—' : '…'}
          </output>
          {status === 'error' ? (
            <p className="error-text" role="alert">
              Could not compute this configuration: {error}
            </p>
          ) : null}
        </div>
        {shown ? (
          <dl className="facts">
            <div>
              <dt>rank G</dt>
              <dd>
                {formatCount(shown.rank)}
                {shown.rankTheory !== null ? (
                  <span
                    className={shown.rankTheory === shown.rank ? 'ok' : 'warn'}
                    title="rank predicted by q(s + k − q), gn-math.md §3"
                  >
                    {' '}
                    (theory {formatCount(shown.rankTheory)})
                  </span>
                ) : null}
              </dd>
            </div>
            <div>
              <dt>zero eigenvalues</dt>
              <dd>{formatCount(shown.zeroCount)}</dd>
            </div>
            <div>
              <dt>parameters p</dt>
              <dd>{formatCount(shown.params)}</dd>
            </div>
            <div>
              <dt>κ⁺(Σ)</dt>
              <dd>
                {formatNumber(shown.kappaSigma, 4)}{' '}
                <span className="muted">(rank Σ {shown.rankSigma})</span>
              </dd>
            </div>
            <div>
              <dt>matrix</dt>
              <dd>
                {METHOD_TEXT[shown.method] ?? shown.method}, {formatCount(shown.size)}²
              </dd>
            </div>
            <div>
              <dt>compute time</dt>
              <dd title={`eigenvalue kernel: ${shown.kernel}`}>{formatDuration(shown.ms)}</dd>
            </div>
          </dl>
        ) : null}
      </div>
      {shown && shown.warnings.length > 0 ? (
        <ul className="warnings" aria-label="Warnings">
          {shown.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      {shown ? <BoundsTable result={shown} /> : null}
    </section>
  );
}
