/**
 * Per-figure tools under a plot: an "Export" menu (SVG, PNG at a chosen size and theme, the data
 * as CSV and JSON) and a visually hidden text summary for screen readers. The figure is found on
 * the page by its test id at click time, so the plot components need no change.
 */
import { useId, useState } from 'react';
import { configToJson } from '../core/config';
import { selectShownResult, selectShownSweep } from '../state/selectors';
import { actions, useAppStore, useAppStoreShallow } from '../state/useAppStore';
import { EXPORT_SIZES, figureSvgText, readLegend } from './figureSvg';
import type { ExportTheme } from './figureSvg';
import {
  sigmaTable,
  spectrumTable,
  sweepTable,
  tableToCsv,
  tableToJson,
  trainingTable,
} from './plotData';
import type { DataTable, FigureId } from './plotData';
import { downloadBlob, downloadText, svgToPngBlob } from './rasterize';
import { sigmaSummary, spectrumSummary, sweepSummary } from './summaries';
import type { AppState } from '../state/storeTypes';
import { appStore } from '../state/store';

interface FigureSpec {
  /** the word used in button names: "Export spectrum as SVG" */
  name: string;
  title: string;
  /** test ids of the plot boxes holding an `<svg class="plot">` (several: one file each) */
  plots: { testId: string; name: string; title: string }[];
}

export const FIGURES: Readonly<Record<FigureId, FigureSpec>> = {
  spectrum: {
    name: 'spectrum',
    title: 'Gauss–Newton eigenvalue spectrum',
    plots: [
      { testId: 'spectrum-plot', name: 'spectrum', title: 'Gauss–Newton eigenvalue spectrum' },
    ],
  },
  sweep: {
    name: 'sweep',
    title: 'κ(G) and its bounds',
    plots: [{ testId: 'sweep-plot', name: 'sweep', title: 'κ(G) and its bounds' }],
  },
  sigma: {
    name: 'Σ spectrum',
    title: 'Spectrum of the data covariance Σ',
    plots: [
      { testId: 'sigma-plot', name: 'Σ spectrum', title: 'Spectrum of the data covariance Σ' },
    ],
  },
  training: {
    name: 'training',
    title: 'Training',
    plots: [
      { testId: 'training-loss-plot', name: 'training loss', title: 'Training loss' },
      { testId: 'training-kappa-plot', name: 'training κ', title: 'κ(G) during training' },
    ],
  },
};

function fileStem(name: string): string {
  return `gnlens-${name
    .replace(/Σ/g, 'sigma')
    .replace(/κ/g, 'kappa')
    .replace(/[^a-z0-9]+/gi, '-')}`;
}

/** The data table of a figure from the store's state (null: nothing to export yet). */
export function figureTable(state: AppState, figure: FigureId): DataTable | null {
  const result = selectShownResult(state);
  switch (figure) {
    case 'spectrum':
      return result ? spectrumTable(result) : null;
    case 'sigma':
      return result ? sigmaTable(result) : null;
    case 'sweep': {
      const { run } = selectShownSweep(state);
      return run ? sweepTable(run) : null;
    }
    case 'training':
      return state.training.runs.length > 0 ? trainingTable(state.training.runs) : null;
  }
}

function findPlotSvg(testId: string): { svg: SVGSVGElement; card: Element } | null {
  const box = document.querySelector(`[data-testid="${testId}"]`);
  const svg = box?.querySelector<SVGSVGElement>('svg.plot');
  if (!box || !svg) return null;
  return { svg, card: box.closest('.card') ?? box };
}

export interface FigureToolsProps {
  figure: FigureId;
}

export function FigureTools({ figure }: FigureToolsProps) {
  const spec = FIGURES[figure];
  const idBase = useId();
  const [size, setSize] = useState(0);
  const [theme, setTheme] = useState<ExportTheme>(() =>
    typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
      ? 'dark'
      : 'light',
  );
  const [status, setStatus] = useState('');
  const summary = useAppStoreShallow((s) => {
    const result = selectShownResult(s);
    if (figure === 'spectrum') return result ? spectrumSummary(result) : '';
    if (figure === 'sigma') return result ? sigmaSummary(result) : '';
    if (figure === 'sweep') {
      const { run } = selectShownSweep(s);
      return run ? sweepSummary(run) : '';
    }
    return '';
  });
  const hasTraining = useAppStore((s) => s.training.runs.length > 0);
  if (figure === 'training' && !hasTraining) return null;

  const { width, height } = EXPORT_SIZES[size] ?? EXPORT_SIZES[0]!;

  const fail = (what: string, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    setStatus(`${what} failed: ${message}`);
    actions.addNotices([`Export of the ${spec.name} failed: ${message}`]);
  };

  const exportImage = async (plot: FigureSpec['plots'][number], format: 'svg' | 'png') => {
    try {
      const found = findPlotSvg(plot.testId);
      if (!found) throw new Error('the figure is not drawn yet');
      const text = figureSvgText(found.svg, readLegend(found.card), {
        width,
        height,
        theme,
        title: plot.title,
      });
      const stem = `${fileStem(plot.name)}-${width}x${height}-${theme}`;
      if (format === 'svg') {
        downloadText(text, `${stem}.svg`, 'image/svg+xml');
      } else {
        downloadBlob(await svgToPngBlob(text, width, height), `${stem}.png`);
      }
      setStatus(`Saved ${stem}.${format}`);
    } catch (error) {
      fail(`${format.toUpperCase()} export`, error);
    }
  };

  const exportData = (format: 'csv' | 'json') => {
    try {
      const state = appStore.getState();
      const table = figureTable(state, figure);
      if (!table) throw new Error('there are no data yet');
      const stem = `${fileStem(spec.name)}-data`;
      if (format === 'csv') downloadText(tableToCsv(table), `${stem}.csv`, 'text/csv');
      else {
        const meta = { figure, config: configToJson(state.params) };
        downloadText(tableToJson(table, meta), `${stem}.json`, 'application/json');
      }
      setStatus(`Saved ${stem}.${format}`);
    } catch (error) {
      fail(`${format.toUpperCase()} export`, error);
    }
  };

  return (
    <div className="figure-tools" data-export={figure}>
      {summary ? (
        <p className="visually-hidden" data-testid={`summary-${figure}`}>
          {summary}
        </p>
      ) : null}
      <details className="export-menu">
        <summary>Export {spec.name}</summary>
        <div className="export-body">
          <label htmlFor={`${idBase}-size`}>Size</label>
          <select
            id={`${idBase}-size`}
            value={size}
            onChange={(event) => setSize(Number(event.target.value))}
          >
            {EXPORT_SIZES.map((s, i) => (
              <option key={s.label} value={i}>
                {s.label}
              </option>
            ))}
          </select>
          <label htmlFor={`${idBase}-theme`}>Theme</label>
          <select
            id={`${idBase}-theme`}
            value={theme}
            onChange={(event) => setTheme(event.target.value as ExportTheme)}
          >
            <option value="light">light</option>
            <option value="dark">dark</option>
          </select>
          <div className="export-buttons">
            {spec.plots.flatMap((plot) =>
              (['svg', 'png'] as const).map((format) => (
                <button
                  key={`${plot.testId}-${format}`}
                  type="button"
                  className="button button-outline"
                  onClick={() => void exportImage(plot, format)}
                >
                  Export {plot.name} as {format.toUpperCase()}
                </button>
              )),
            )}
            {(['csv', 'json'] as const).map((format) => (
              <button
                key={format}
                type="button"
                className="button button-outline"
                onClick={() => exportData(format)}
              >
                Export {spec.name} data as {format.toUpperCase()}
              </button>
            ))}
          </div>
          <p className="export-status" role="status" aria-live="polite">
            {status}
          </p>
        </div>
      </details>
    </div>
  );
}
