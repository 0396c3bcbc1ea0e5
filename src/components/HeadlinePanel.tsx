/**
 * The headline κ(G) with what it rests on: rank, κ⁺(Σ), parameters, the matrix diagonalised,
 * time, warnings; beside it the CNN's dense-equivalent κ or κ without batch norm. When the size
 * guard holds the configuration back, its estimate takes the place of the results.
 */
import type { EvalResult } from '../core/types';
import { formatCount, formatDuration, formatNumber } from '../plots/format';
import { selectCurrent, selectParams } from '../state/selectors';
import { actions, useAppStore } from '../state/useAppStore';
import { ExplainLink } from '../classroom/ExplainLink';
import { BoundsTable } from './BoundsTable';
import { Formula } from './Formula';
import { SizeGuardPanel } from './SizeGuardPanel';
import { StatusIndicator } from './StatusIndicator';

/** Which matrix was diagonalised, in words with its size. */
export function matrixDescription(
  result: Pick<EvalResult, 'method' | 'size' | 'rankSigma'>,
): string {
  const side = formatCount(result.size);
  switch (result.method) {
    case 'reduced-kd': {
      const k = result.rankSigma > 0 ? result.size / result.rankSigma : 0;
      return `reduced k·rank(Σ) matrix, ${k}·${result.rankSigma} = ${side} × ${side}`;
    }
    case 'reduced-bn':
      return `reduced batch-norm matrix k·(rank C + 1) = ${side} × ${side}`;
    case 'gram-nk':
      return `JJᵀ/n, n·k = ${side} × ${side}`;
    case 'gn-p':
      return `JᵀJ/n, p × p = ${side} × ${side}`;
  }
}

function SecondKappa(props: { label: string; value: number; testId: string; note: string }) {
  return (
    <div className="kappa-second">
      <div className="kappa-label">
        <ExplainLink id="kappa">{props.label}</ExplainLink>
      </div>
      <output
        className="kappa-value kappa-value-second"
        data-testid={props.testId}
        data-value={String(props.value)}
      >
        {formatNumber(props.value, 5)}
      </output>
      <p className="kappa-note">{props.note}</p>
    </div>
  );
}

export function HeadlinePanel() {
  const current = useAppStore(selectCurrent);
  const params = useAppStore(selectParams);
  const { result, status, error, guard } = current;
  const shown = status === 'error' || guard ? null : result;
  // Dim an old result while the next computes; a streamed spectrum of this request is current.
  const stale =
    status === 'computing' && result !== null && current.resultKey !== current.requestKey;
  const cnn = shown?.kappaDenseEquivalent !== undefined;
  const bn = shown?.kappaWithoutBatchNorm !== undefined;

  return (
    <section className="card headline" aria-labelledby="headline-title">
      <div className="card-head">
        <h2 id="headline-title">Condition number of the Gauss–Newton matrix</h2>
        <StatusIndicator status={status} text={guard ? 'Not computed: size guard' : undefined} />
      </div>
      {guard ? (
        <SizeGuardPanel
          guard={guard}
          n={params.data.n}
          onCompute={() => actions.forceCurrent(guard.key)}
          onUseN={(n) => {
            actions.updateParams({ data: { n } });
            actions.commitHistory();
          }}
        />
      ) : null}
      <div className={`headline-body${stale ? ' is-stale' : ''}`}>
        <div
          className={`kappa-block${cnn || bn ? ' kappa-pair' : ''}${guard ? ' is-guarded' : ''}`}
        >
          <div>
            <div className="kappa-label">
              {cnn ? (
                <span className="kappa-caption">κ(G), weight-shared (exact)</span>
              ) : bn ? (
                <span className="kappa-caption">κ(G) with batch norm</span>
              ) : null}
              <ExplainLink id="kappa">
                <Formula id="kappa" />
              </ExplainLink>
            </div>
            <output
              className={`kappa-value${shown ? '' : ' is-empty'}`}
              data-testid="kappa"
              data-value={shown ? String(shown.kappa) : ''}
              aria-live="polite"
            >
              {shown ? formatNumber(shown.kappa, 5) : status === 'error' || guard ? '—' : '…'}
            </output>
            {cnn || bn ? <p className="kappa-note" aria-hidden="true" /> : null}
          </div>
          {shown && shown.kappaDenseEquivalent !== undefined ? (
            <SecondKappa
              label="κ, dense-equivalent"
              value={shown.kappaDenseEquivalent}
              testId="kappa-dense"
              note="Every Toeplitz entry treated as a free parameter (the authors’ code)."
            />
          ) : null}
          {shown && shown.kappaWithoutBatchNorm !== undefined ? (
            <SecondKappa
              label="κ(G) without batch norm"
              value={shown.kappaWithoutBatchNorm}
              testId="kappa-no-bn"
              note="The same weights and data, batch norm removed."
            />
          ) : null}
          {status === 'error' ? (
            <p className="error-text" role="alert">
              Could not compute this configuration: {error}
            </p>
          ) : null}
        </div>
        {shown ? (
          <dl className="facts">
            <div>
              <dt>
                <ExplainLink id="rank">rank G</ExplainLink>
              </dt>
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
              <dt>
                <ExplainLink id="params">zero eigenvalues</ExplainLink>
              </dt>
              <dd>{formatCount(shown.zeroCount)}</dd>
            </div>
            <div>
              <dt>
                <ExplainLink id="params">parameters p</ExplainLink>
              </dt>
              <dd>{formatCount(shown.params)}</dd>
            </div>
            <div>
              <dt>
                <ExplainLink id="sigma">κ⁺(Σ)</ExplainLink>
              </dt>
              <dd>
                {formatNumber(shown.kappaSigma, 4)}{' '}
                <span className="muted">(rank Σ {shown.rankSigma})</span>
              </dd>
            </div>
            <div className="fact-wide">
              <dt>
                <ExplainLink id="reduced">matrix diagonalised</ExplainLink>
              </dt>
              <dd data-testid="method" data-method={shown.method}>
                {matrixDescription(shown)}
              </dd>
            </div>
            <div>
              <dt>
                <ExplainLink id="compute">compute time</ExplainLink>
              </dt>
              <dd title={`eigenvalue kernel: ${shown.kernel}`}>{formatDuration(shown.ms)}</dd>
            </div>
          </dl>
        ) : null}
      </div>
      {cnn ? (
        <p className="explain" data-testid="cnn-explain">
          Why two values: the exact GN has one parameter per kernel weight, shared along each
          diagonal of the Toeplitz matrices, while the dense-equivalent GN gives every Toeplitz
          entry its own parameter, a different matrix with a different (usually much smaller) κ; the
          bounds of §5 apply to the dense-equivalent one only.
        </p>
      ) : null}
      {bn ? (
        <p className="explain">
          Batch norm couples the samples (every output depends on the whole batch), so its GN uses
          the full-batch Jacobian with γ and β as parameters; no bound is proved for it.
        </p>
      ) : null}
      {shown && shown.warnings.length > 0 ? (
        <ul className="warnings" aria-label="Warnings">
          {shown.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      {shown ? <BoundsTable result={shown} layout={current.boundsLayout} /> : null}
    </section>
  );
}
