/**
 * Explanations in place (issue "Classroom"): the formulas behind what is on screen, rendered by
 * KaTeX from the constant strings below only (no text from the link or a file reaches KaTeX's
 * HTML), each with an anchor (`#explain-<id>`) the result panel can link to; and, for each bound
 * that does not apply to the current configuration, the reason the computation gave (as text).
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import katex from 'katex';
import { FORMULAS, BOUND_NOTES } from '../components/formulas';
import type { BoundId } from '../core/types';
import { selectShownResult } from '../state/selectors';
import { useAppStore } from '../state/useAppStore';
import { BOUND_COLUMNS } from '../export/plotData';

const EXTRA = {
  gn: String.raw`G=\frac1n\,J^\top J,\qquad J=\frac{\partial\,\mathrm{vec}\,f(X)}{\partial\theta}\in\mathbb R^{nk\times p}`,
  reduced: String.raw`M=\sum_{l=1}^{L}\bigl(P_lP_l^\top\bigr)\otimes\bigl(Q_l\,\Sigma\,Q_l^\top\bigr),\quad P_l=W^{L:l+1},\ Q_l=W^{l-1:1},\ \Sigma=\tfrac1n X^\top X`,
  kappa: FORMULAS.kappa,
  rank: String.raw`\begin{gathered}\operatorname{rank}G=q\,(s+k-q),\quad s=\operatorname{rank}\Sigma,\\ q=\min(k,\,s,\,m_1,\dots,m_{L-1})\end{gathered}`,
  params: String.raw`\begin{gathered}p=\sum_{l=1}^{L} m_l\,m_{l-1}\quad(m_0=d,\ m_L=k),\\ \#\{\lambda(G)=0\}=p-\operatorname{rank}G\end{gathered}`,
  sigma: String.raw`\kappa^{+}(\Sigma)=\frac{\lambda_{\max}(\Sigma)}{\lambda^{+}_{\min}(\Sigma)},\qquad \Sigma=\tfrac1n X^\top X\in\mathbb R^{d\times d}`,
  layers: String.raw`\begin{gathered}\kappa(P_l)\,\kappa(Q_l)=\frac{\sigma_1(P_l)\,\sigma_1(Q_l)}{\sigma_k(P_l)\,\sigma_d(Q_l)},\qquad \gamma_l=\frac{b_l^2}{\sum_j b_j^2},\quad b_l=\sigma_k(P_l)\,\sigma_d(Q_l)\\ \kappa^{+}\bigl(G_{ll}\bigr),\quad G_{ll}=\tfrac1n J_l^\top J_l\ \text{(the parameters of layer } l\text{)}\end{gathered}`,
  theory: String.raw`\begin{gathered}L=1:\ \lambda(G)=\lambda(\Sigma)\ (k\text{ times each});\qquad L=2,\ \Sigma=\sigma^2I:\ \lambda=\sigma^2\bigl(\lambda_i(W^2W^{2\top})+\lambda_j(W^{1\top}W^1)\bigr)\\ \rho_{\mathrm{MP}(r)}(x)=\frac{\sqrt{(\lambda_+-x)(x-\lambda_-)}}{2\pi r x},\quad \lambda_\pm=(1\pm\sqrt r)^2,\qquad \text{per bin: }N\,P(\lambda\in\text{bin})\end{gathered}`,
  direction: String.raw`\delta A\ \propto\ \bigl(I_k\otimes\Sigma^{-1/2}\bigr)\,u,\qquad M u=\lambda u,\quad \lambda\in\{\lambda^{+}_{\min},\,\lambda_{\max}\}`,
  compute: String.raw`\begin{gathered}A\ \xrightarrow{\ \text{Householder}\ }\ T\ \xrightarrow{\ \text{implicit QL}\ }\ \lambda_1,\dots,\lambda_N\\ \approx\tfrac43N^3\ \text{flops}\end{gathered}`,
} as const;

type ExplainId = keyof typeof EXTRA | BoundId;

const TITLES: Readonly<Record<keyof typeof EXTRA, string>> = {
  gn: 'The Gauss–Newton matrix',
  reduced: 'The reduced matrix M (“matrix diagonalised”)',
  kappa: 'The condition number κ(G)',
  rank: 'The rank of G and its theory value',
  params: 'Parameters p and zero eigenvalues',
  sigma: 'κ⁺(Σ): how well conditioned the data are',
  direction: 'The slowest and the steepest direction',
  compute: 'Compute time: how the spectrum is found',
  layers: 'Which layer limits κ',
  theory: 'The predicted spectrum over the histogram',
};

const TEXT: Readonly<Record<keyof typeof EXTRA, string>> = {
  gn: 'The Gauss–Newton matrix of the squared loss: the Jacobian J of all n·k network outputs with respect to all p parameters, multiplied with itself. It is the Hessian without the term weighted by the residuals.',
  reduced:
    'For linear networks G has the same non-zero eigenvalues as the small matrix M (size k·d at most), a sum over layers of Kronecker products of the weights above and below layer l and the data covariance Σ. gnlens diagonalises M, not the p × p matrix.',
  kappa:
    'The condition number counts only non-zero eigenvalues: the zero eigenvalues of G (p − rank of them) come from symmetries of the parameterisation and do not slow gradient descent down within its range.',
  rank: 'For deep linear networks with generic weights, gn-math.md §3 predicts the rank exactly; the page shows it beside the numerical rank (eigenvalues above rtol · λmax). A mismatch means special weights, ill-conditioning, or a cut-off that should be moved (the rank tolerance control).',
  params:
    'Every weight is a parameter, so G is p × p; most of its eigenvalues are exactly zero (rescaling one layer and undoing it in the next changes nothing, for example). Only the non-zero ones count for κ.',
  sigma:
    'The data enter the GN matrix through their second moment Σ. Every bound on κ(G) carries the factor κ⁺(Σ): ill-conditioned data make ill-conditioned curvature, whatever the network. Whitening sets κ⁺(Σ) = 1.',
  layers:
    'For linear networks every layer l contributes (PₗPₗᵀ) ⊗ (QₗΣQₗᵀ) to M: the product of the layers above it, Pₗ, and below it, Qₗ. The convex-combination bound weighs each layer’s κ(Pₗ)²κ(Qₗ)² by γₗ, so the layer whose products are nearest to singular — or a width bottleneck, which makes some σ_min exactly 0 — limits κ. For every MLP the chart also shows κ of the layer’s own diagonal block of G, the curvature of its parameters alone (for ReLU nets the only per-layer view: dead units make a block singular).',
  theory:
    'Where the spectrum is known, the curve is what theory expects in each bin of the histogram, in the bars’ units. One layer: the spectrum is Σ’s, exactly. Two layers on white data: every eigenvalue is a sum of one eigenvalue of W²W²ᵀ and one of W¹ᵀW¹; at Gaussian initialisation both follow Marchenko–Pastur laws in the wide limit, so the histogram follows their convolution (finite widths fluctuate around it). Elsewhere (ReLU, depth 3 and more, non-white data) no closed form is claimed and the page says so.',
  direction:
    'κ(G) compares two directions in parameter space: the steepest (eigenvector of λmax) and the slowest one that still changes the outputs (eigenvector of λmin⁺). For a linear network an eigenvector u of M is a change δA of the end-to-end map A = Wᴸ⋯W¹: row c of δA is a template over the inputs for output c, drawn as an image for image data. Bright red or blue pixels are those whose change moves output c most along the direction; a slow direction made of faint, noisy pixels means the data barely vary there (small eigenvalues of Σ). For non-linear networks the picture shows which samples and outputs the direction moves.',
  compute:
    'The time of this evaluation in a Web Worker of your browser: building the smallest faithful matrix (N = k·rank Σ for linear networks), then its eigenvalues by a WebAssembly SIMD kernel, all in float64, then every bound.',
};

const rendered = new Map<ExplainId, string>();

function tex(id: ExplainId): string {
  let html = rendered.get(id);
  if (html === undefined) {
    const source = id in EXTRA ? EXTRA[id as keyof typeof EXTRA] : FORMULAS[id as BoundId];
    html = katex.renderToString(source, { displayMode: true, throwOnError: false });
    rendered.set(id, html);
  }
  return html;
}

function Tex({ id }: { id: ExplainId }) {
  const html = useMemo(() => tex(id), [id]);
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  // A formula wider than a narrow screen scrolls sideways; keyboard users must reach it (axe).
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(el);
    return () => observer.disconnect();
  }, [html]);
  return (
    <div
      ref={ref}
      className="formula-display"
      {...(scrolls
        ? { tabIndex: 0, role: 'region', 'aria-label': 'Formula (scrolls sideways)' }
        : {})}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

const BOUND_TITLES: Readonly<Record<BoundId, string>> = {
  separation: 'Separation bound',
  convex: 'Convex-combination bound (B1)',
  max: 'Max bound (B2)',
  layerwise: 'Layer-wise bound',
  residualWeyl: 'Residual bound with Weyl’s inequality',
  relu: 'Two-layer (leaky-)ReLU bound',
  lowerSeparation: 'Lower bound from the separation argument',
  lowerTrace: 'Lower bound from traces',
};

export function ExplainPanel() {
  const result = useAppStore(selectShownResult);
  return (
    <section
      id="explanations"
      className="card explain-panel"
      aria-labelledby="explain-title"
      data-testid="explanations"
    >
      <h2 id="explain-title">What the numbers mean</h2>
      {(
        [
          'gn',
          'reduced',
          'kappa',
          'rank',
          'params',
          'sigma',
          'layers',
          'theory',
          'direction',
          'compute',
        ] as const
      ).map((id) => (
        <article key={id} id={`explain-${id}`} className="explain-item" tabIndex={-1}>
          <h3>{TITLES[id]}</h3>
          <Tex id={id} />
          <p>{TEXT[id]}</p>
        </article>
      ))}
      <h3>The bounds on κ(G)</h3>
      {BOUND_COLUMNS.map((id) => {
        const bound = result?.bounds[id];
        return (
          <article key={id} id={`explain-${id}`} className="explain-item" tabIndex={-1}>
            <h4>{BOUND_TITLES[id]}</h4>
            <Tex id={id} />
            <p>
              <strong>Conditions:</strong> {BOUND_NOTES[id]}
            </p>
            {bound && !bound.applies ? (
              <p className="explain-reason" data-testid={`explain-reason-${id}`}>
                <strong>Not applicable now:</strong> {bound.reason ?? 'its conditions do not hold'}
              </p>
            ) : bound ? (
              <p className="explain-ok">Applies to the current configuration.</p>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}
