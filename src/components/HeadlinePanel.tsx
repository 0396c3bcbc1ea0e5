/**
 * The headline κ(G) with what it rests on: rank, κ⁺(Σ), parameters, the matrix diagonalised,
 * time, warnings; beside it the CNN's dense-equivalent κ or κ without batch norm. When the size
 * guard holds the configuration back, its estimate takes the place of the results.
 */
import { JobProgress } from './JobProgress';
import { memo } from 'react';
import type { ReactNode } from 'react';
import type { EvalResult } from '../core/types';
import { kernelThreads } from '../core/linalg/threadLimit';
import type { ComputeStatus } from '../state/slices/resultsSlice';
import { formatCount, formatDuration, formatNumber } from '../plots/format';
import { selectCurrent, selectParams } from '../state/selectors';
import { AfterPaint, actions, useAfterPaintCaughtUp, useAppStore } from '../state/useAppStore';
import { ExplainLink } from '../classroom/ExplainLink';
import type { ExplainTarget } from '../classroom/ExplainLink';
import { BoundsTable } from './BoundsTable';
import { Formula } from './Formula';
import { SizeGuardPanel } from './SizeGuardPanel';
import { StatusIndicator } from './StatusIndicator';
import { useHeldFor } from './useHeldFor';

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
  const dimmed = useHeldFor(stale);
  // idle once the panels drawn a frame later show this result too (docs/architecture.md §7)
  const caughtUp = useAfterPaintCaughtUp();

  return (
    <section className="card headline" aria-labelledby="headline-title">
      <div className="card-head">
        <h2 id="headline-title">Condition number of the Gauss–Newton matrix</h2>
        <StatusIndicator
          status={caughtUp ? status : 'computing'}
          text={guard ? 'Not computed: size guard' : undefined}
        />
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
      <JobProgress />
      <div className={`headline-body${dimmed ? ' is-stale' : ''}`}>
        <KappaBlock shown={shown} status={status} error={error} guarded={guard !== null} />
        {shown ? <ResultFacts result={shown} /> : null}
      </div>
      <ResultNotes shown={shown} />
      <AfterPaint>
        <Bounds />
      </AfterPaint>
    </section>
  );
}

/**
 * The bounds table of the result shown, drawn a frame after κ (docs/architecture.md §7);
 * memoised (no props), so the headline's own redraws leave it alone.
 */
const Bounds = memo(function Bounds() {
  const current = useAppStore(selectCurrent);
  const shown = current.status === 'error' || current.guard ? null : current.result;
  return shown ? <BoundsTable result={shown} layout={current.boundsLayout} /> : null;
});

/**
 * κ(G) itself ('…' while the first result computes, '—' after an error or when held back), the
 * second κ of a CNN or a batch-norm net beside it, and the error message.
 */
function KappaBlock(props: {
  /** the result on screen (null: none, failed or held back) */
  shown: EvalResult | null;
  status: ComputeStatus;
  error: string | null;
  /** the size guard held the configuration back */
  guarded: boolean;
}) {
  const { shown, status, error, guarded } = props;
  const cnn = shown?.kappaDenseEquivalent !== undefined;
  const bn = shown?.kappaWithoutBatchNorm !== undefined;
  return (
    <div className={`kappa-block${cnn || bn ? ' kappa-pair' : ''}${guarded ? ' is-guarded' : ''}`}>
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
          {shown ? formatNumber(shown.kappa, 5) : status === 'error' || guarded ? '—' : '…'}
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
  );
}

/** One number the headline rests on: its name (linked to its explanation) and its value. */
function Fact(props: {
  explain: ExplainTarget;
  term: string;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={props.wide ? 'fact-wide' : undefined}>
      <dt>
        <ExplainLink id={props.explain}>{props.term}</ExplainLink>
      </dt>
      {props.children}
    </div>
  );
}

/** Rank (with the predicted one), zero eigenvalues, p, κ⁺(Σ), the matrix diagonalised, time. */
function ResultFacts({ result }: { result: EvalResult }) {
  return (
    <dl className="facts">
      <Fact explain="rank" term="rank G">
        <dd>
          {formatCount(result.rank)}
          {result.rankTheory !== null ? (
            <span
              className={result.rankTheory === result.rank ? 'ok' : 'warn'}
              title="rank predicted by q(s + k − q), gn-math.md §3"
            >
              {' '}
              (theory {formatCount(result.rankTheory)})
            </span>
          ) : null}
        </dd>
      </Fact>
      <Fact explain="params" term="zero eigenvalues">
        <dd>{formatCount(result.zeroCount)}</dd>
      </Fact>
      <Fact explain="params" term="parameters p">
        <dd>{formatCount(result.params)}</dd>
      </Fact>
      <Fact explain="sigma" term="κ⁺(Σ)">
        <dd>
          {formatNumber(result.kappaSigma, 4)}{' '}
          <span className="muted">(rank Σ {result.rankSigma})</span>
        </dd>
      </Fact>
      <Fact explain="reduced" term="matrix diagonalised" wide>
        <dd data-testid="method" data-method={result.method}>
          {matrixDescription(result)}
        </dd>
      </Fact>
      <Fact explain="compute" term="compute time">
        <dd title={`eigenvalue kernel: ${result.kernel}`} data-testid="compute-time">
          {formatDuration(result.ms)}{' '}
          <span
            className="muted"
            data-testid="threads"
            data-threads={kernelThreads(result.kernel)}
            title={QUICK_JOB_THREADS}
          >
            {threadsNote(result.kernel)}
          </span>
        </dd>
      </Fact>
    </dl>
  );
}

/** Why an isolated page may still say "1 thread" (gn.worker.ts: quick jobs run on one core). */
const QUICK_JOB_THREADS =
  'A job estimated under 0.3 s runs on one core, beside the page and the look-ahead; larger jobs use every core. The digits are the same either way.';

/** "(2 threads)", or why one: a page without cross-origin isolation cannot share memory. */
function threadsNote(kernel: string): string {
  const threads = kernelThreads(kernel);
  if (threads > 1) return `(${threads} threads)`;
  const scope = globalThis as {
    crossOriginIsolated?: boolean;
    navigator?: { serviceWorker?: { controller: unknown } };
  };
  if (scope.crossOriginIsolated === true) return '(1 thread)';
  // The service worker adds the isolation headers the server does not send, from the next load.
  return scope.navigator?.serviceWorker?.controller
    ? '(1 thread: reload to compute on every core)'
    : '(1 thread: this server sends no cross-origin isolation headers)';
}

/** Why a CNN or a batch-norm net shows two values, and the result's warnings. */
function ResultNotes({ shown }: { shown: EvalResult | null }) {
  return (
    <>
      {shown?.kappaDenseEquivalent !== undefined ? (
        <p className="explain" data-testid="cnn-explain">
          Why two values: the exact GN has one parameter per kernel weight, shared along each
          diagonal of the Toeplitz matrices, while the dense-equivalent GN gives every Toeplitz
          entry its own parameter, a different matrix with a different (usually much smaller) κ; the
          bounds of §5 apply to the dense-equivalent one only.
        </p>
      ) : null}
      {shown?.kappaWithoutBatchNorm !== undefined ? (
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
    </>
  );
}
