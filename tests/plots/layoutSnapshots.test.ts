/**
 * Snapshots of the pure plot layouts (spectrum histogram with its predicted spectrum,
 * bound-versus-actual sweep, Σ spectrum, the per-layer view):
 * data and size in, scales, bars, paths, ticks and labels out. A change to any of them shows up
 * as a reviewed snapshot diff (`npx vitest run tests/plots/layoutSnapshots.test.ts -u` after
 * checking it), never silently. Numbers, including those inside SVG paths, are rounded to 3
 * significant digits first, so the snapshots do not depend on the last bits of Math.log10 or
 * Math.pow on a given machine. Under CI (CI=true) vitest never writes a missing snapshot: the
 * test fails instead, so the committed __snapshots__ file is what CI checks.
 *
 * The plot sizes are the panels' (src/components/SpectrumPanel.tsx, SweepPanel.tsx,
 * DataPanel.tsx): a 760 px wide desktop panel and a 340 px phone, heights from their formulas.
 */
import { describe, expect, it } from 'vitest';
import { spectrumLayout } from '../../src/plots/spectrumLayout';
import type { SpectrumInput } from '../../src/plots/spectrumLayout';
import { sweepLayout } from '../../src/plots/sweepLayout';
import type { SweepLayoutInput } from '../../src/plots/sweepLayout';
import { sigmaLayout } from '../../src/plots/sigmaLayout';
import { layerLayout } from '../../src/plots/layerLayout';
import { normalizeConfig } from '../../src/core/config';
import { evaluate } from '../../src/core/gn/evaluate';
import { explain } from '../../src/core/explain/explain';
import { geometricValues, logUniformSpectrum } from '../helpers/matrices';

const DESKTOP = 760;
const PHONE = 340;
const spectrumHeight = (w: number) => Math.round(Math.min(340, Math.max(240, w * 0.42)));
const sweepHeight = (w: number) => Math.round(Math.min(420, Math.max(280, w * 0.5)));
const sigmaHeight = (w: number) => Math.round(Math.min(280, Math.max(200, w * 0.32)));

/** x rounded to 3 significant digits (−0 → 0); non-finite values unchanged. */
function sig3(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  return Number(x.toPrecision(3));
}

const NUMBER_IN_TEXT = /-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi;
/** Keys whose strings are SVG path data: their numbers are rounded too. */
const PATH_KEYS = new Set(['line', 'band', 'path', 'd']);

interface ScaleLike {
  domain(): unknown[];
  range(): unknown[];
}

function isScale(v: unknown): v is ScaleLike {
  return typeof v === 'function' && 'domain' in v && 'range' in v;
}

/** A plain, rounded copy of a layout for snapshotting (scales become their domain and range). */
function snapshotOf(value: unknown, key = ''): unknown {
  if (typeof value === 'number') return sig3(value);
  if (typeof value === 'string')
    return PATH_KEYS.has(key)
      ? value.replace(NUMBER_IN_TEXT, (m) => String(sig3(Number(m))))
      : value;
  if (isScale(value))
    return { domain: snapshotOf(value.domain()), range: snapshotOf(value.range()) };
  if (typeof value === 'function') throw new Error(`unexpected function at "${key}"`);
  if (Array.isArray(value)) return value.map((v) => snapshotOf(v, key));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, snapshotOf(v, k)]));
  return value;
}

describe('snapshot helpers', () => {
  it('round to 3 significant digits, in numbers and in path data only', () => {
    expect([123456, 0.00123456, -1.005e-12, -0, Infinity, 2].map(sig3)).toStrictEqual([
      123000,
      0.00123,
      -1.01e-12,
      0,
      Infinity,
      2,
    ]);
    expect(snapshotOf({ line: 'M0,12.3456L1e-7,-3.14159Z', label: '10.123' })).toStrictEqual({
      line: 'M0,12.3L1e-7,-3.14Z',
      label: '10.123',
    });
  });
});

describe('spectrum layout snapshots', () => {
  // like the landing page: ~500 kept eigenvalues over a few decades, some discarded below the
  // cut-off 1e-10·λ_max (two of them ≤ 0, only counted)
  const page: SpectrumInput = {
    eigenvalues: logUniformSpectrum(490, -1, 2.3, 1),
    discarded: [...logUniformSpectrum(12, -16, -13.5, 2), 0, -1e-17],
    rtol: 1e-10,
    width: DESKTOP,
    height: spectrumHeight(DESKTOP),
  };

  it('default page', () => {
    expect(snapshotOf(spectrumLayout(page))).toMatchSnapshot();
  });

  it('phone width', () => {
    expect(
      snapshotOf(spectrumLayout({ ...page, width: PHONE, height: spectrumHeight(PHONE) })),
    ).toMatchSnapshot();
  });

  it('one eigenvalue (κ = 1)', () => {
    expect(
      snapshotOf(spectrumLayout({ ...page, eigenvalues: [2.5], discarded: [] })),
    ).toMatchSnapshot();
  });

  // L = 2 on white data, d = 20, k = 6, m = 40: the Marchenko–Pastur sum over the bars
  const white = normalizeConfig({ L: 2, d: 20, k: 6, m: [40], data: { n: 40, kappa: 1 } }).config;
  const whiteResult = evaluate(white);
  const mp: SpectrumInput = {
    eigenvalues: whiteResult.eigenvalues,
    discarded: whiteResult.discarded,
    rtol: white.rtol,
    width: DESKTOP,
    height: spectrumHeight(DESKTOP),
    theory: explain(white).theory,
  };

  it('with the predicted spectrum (MP sum), desktop and phone', () => {
    expect(snapshotOf(spectrumLayout(mp))).toMatchSnapshot();
    expect(
      snapshotOf(spectrumLayout({ ...mp, width: PHONE, height: spectrumHeight(PHONE) })),
    ).toMatchSnapshot();
  });
});

describe('layer layout snapshots', () => {
  const layerHeight = (w: number, linear: boolean) =>
    Math.round(Math.min(300, Math.max(220, w * 0.36))) + (linear ? 40 : 0);
  // the default page's depth with a bottleneck, and a ReLU net (src/components/LayerBreakdownPanel.tsx)
  const linear = explain(
    normalizeConfig({ L: 5, d: 8, k: 3, m: [12, 2, 12, 12], data: { n: 40 } }).config,
  ).layers;
  const relu = explain(
    normalizeConfig({ L: 4, d: 8, k: 3, m: [12, 12, 12], activation: 'relu', data: { n: 30 } })
      .config,
  ).layers;

  it('linear net with a bottleneck (∞ on the top edge, γ strip), desktop and phone', () => {
    if (linear.family !== 'linear') throw new Error('expected the linear breakdown');
    for (const width of [DESKTOP, PHONE])
      expect(
        snapshotOf(layerLayout({ breakdown: linear, width, height: layerHeight(width, true) })),
      ).toMatchSnapshot();
  });

  it('ReLU net (block κ only)', () => {
    if (relu.family !== 'blocks') throw new Error('expected the block breakdown');
    expect(
      snapshotOf(
        layerLayout({ breakdown: relu, width: DESKTOP, height: layerHeight(DESKTOP, false) }),
      ),
    ).toMatchSnapshot();
  });
});

describe('sweep layout snapshots', () => {
  const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  /** three seeds per point, a factor `spread` apart */
  const seeds = (f: (L: number) => number, spread = 1.3) =>
    xs.map((L) => [f(L) / spread, f(L), f(L) * spread]);
  // depth sweep: κ grows ~10× per layer; B1 a little above; the layer-wise B3 far off scale
  const depth: SweepLayoutInput = {
    xs,
    series: [
      { id: 'kappa', reference: true, label: 'κ', values: seeds((L) => 3 * 10 ** L) },
      { id: 'convex', label: 'B1', values: seeds((L) => 8 * 10 ** L) },
      { id: 'max', label: 'Max B2', values: seeds((L) => 10 ** (1.5 * L)) },
      { id: 'layerwise', label: 'Layer-wise B3', values: seeds((L) => 10 ** (4 * L), 1) },
    ],
    logX: false,
    integerX: true,
    currentX: 3,
    spread: 'range',
    width: DESKTOP,
    height: sweepHeight(DESKTOP),
    clipDecades: 3,
  };

  it('default page: a depth sweep with an off-scale bound', () => {
    const layout = sweepLayout(depth);
    expect(layout.offScale.map((m) => m.id)).toContain('layerwise');
    expect(snapshotOf(layout)).toMatchSnapshot();
  });

  it('phone width: shorter off-scale labels, fewer ticks', () => {
    expect(
      snapshotOf(sweepLayout({ ...depth, width: PHONE, height: sweepHeight(PHONE) })),
    ).toMatchSnapshot();
  });

  it('κ(Σ) sweep on a log x axis, ±1 sd bands, full range', () => {
    const kx = [1, 10, 100, 1e3, 1e4, 1e5, 1e6];
    expect(
      snapshotOf(
        sweepLayout({
          ...depth,
          xs: kx,
          logX: true,
          integerX: false,
          currentX: 100,
          spread: 'sd',
          clipDecades: null,
          series: [
            { id: 'kappa', reference: true, values: kx.map((k) => [k * 2, k * 3, k * 5]) },
            { id: 'separation', values: kx.map((k) => [k * 9, k * 10]) },
          ],
        }),
      ),
    ).toMatchSnapshot();
  });
});

describe('Σ spectrum layout snapshots', () => {
  // d = 20 with κ⁺(Σ) = 1e4 and three exact zeros (rank-deficient data)
  const eigenvalues = [...geometricValues(17, 1e4).map((v) => v * 1e-3), 0, 0, 1e-19];

  it('default page', () => {
    expect(
      snapshotOf(sigmaLayout({ eigenvalues, width: DESKTOP, height: sigmaHeight(DESKTOP) })),
    ).toMatchSnapshot();
  });

  it('phone width', () => {
    expect(
      snapshotOf(sigmaLayout({ eigenvalues, width: PHONE, height: sigmaHeight(PHONE) })),
    ).toMatchSnapshot();
  });

  it('one eigenvalue', () => {
    expect(
      snapshotOf(sigmaLayout({ eigenvalues: [0.7], width: DESKTOP, height: sigmaHeight(DESKTOP) })),
    ).toMatchSnapshot();
  });
});
