/**
 * Per-figure tools under a plot: an "Export" menu (SVG, PNG at a chosen size and theme, the data
 * as CSV and JSON) and a visually hidden text summary for screen readers. The figure is found on
 * the page by its test id at click time, so the plot components need no change.
 */
import { useId, useMemo, useState } from 'react';
import { configToJson } from '../core/config';
import { selectShownResult, selectShownSweep, shownExplanation } from '../state/selectors';
import { actions, useAppStore, useAppStoreShallow } from '../state/useAppStore';
import { EXPORT_SIZES, figureSvgText, readLegend } from './figureSvg';
import type { ExportTheme } from './figureSvg';
import { directionScene } from '../plots/directionLayout';
import { directionEndOf } from '../components/DirectionPanel';
import { directionSvgText } from '../plots/directionSvg';
import { isImageSource } from '../core/data/images';
import { CLASS_NAMES } from '../plots/thumbnails';
import {
  layersTable,
  directionTable,
  sigmaTable,
  spectrumTable,
  sweepTable,
  tableToCsv,
  tableToJson,
  trainingTable,
} from './plotData';
import type { DataTable, FigureId } from './plotData';
import { downloadBlob, downloadText, svgToPngBlob } from './rasterize';
import { layersSummary, sigmaSummary, spectrumSummary, sweepSummary } from './summaries';
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
  layers: {
    name: 'layers',
    title: 'Which layer limits κ',
    plots: [{ testId: 'layer-plot', name: 'layers', title: 'Which layer limits κ' }],
  },
  direction: {
    name: 'direction',
    title: 'The slowest or steepest direction of the GN matrix',
    plots: [
      {
        testId: 'direction-image',
        name: 'direction',
        title: 'The slowest or steepest direction of the GN matrix',
      },
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
    case 'layers': {
      const shown = shownExplanation(state);
      return shown ? layersTable(shown.layers) : null;
    }
    case 'direction':
      return state.direction.result ? directionTable(state.direction.result) : null;
  }
}

/** The direction figure's scene as the page draws it (null: nothing drawn yet). */
function directionFigureScene(
  result: AppState['direction']['result'],
  endKey: AppState['classroom']['directionEnd'],
  source: AppState['params']['data']['source'],
  width: number,
) {
  if (!result) return null;
  const classNames = isImageSource(source) ? CLASS_NAMES[source] : null;
  return directionScene(result, directionEndOf(endKey), { width, classNames });
}

/** The direction figure as SVG text of the export size (it is an image, not an `svg.plot`). */
function directionExportSvg({ width, height, theme }: ImageOptions): string {
  const state = appStore.getState();
  const { direction, classroom, params } = state;
  const scene = directionFigureScene(
    direction.result,
    classroom.directionEnd,
    params.data.source,
    Math.min(760, width),
  );
  if (!scene) throw new Error('the figure is not drawn yet');
  const title =
    state.classroom.directionEnd === 'max'
      ? 'The steepest direction (λmax) of the GN matrix'
      : 'The slowest direction (λmin⁺) of the GN matrix';
  return directionSvgText(scene, { theme, size: { width, height }, title });
}

function findPlotSvg(testId: string): { svg: SVGSVGElement; card: Element } | null {
  const box = document.querySelector(`[data-testid="${testId}"]`);
  const svg = box?.querySelector<SVGSVGElement>('svg.plot');
  if (!box || !svg) return null;
  return { svg, card: box.closest('.card') ?? box };
}

type FigurePlot = FigureSpec['plots'][number];
type ImageFormat = 'svg' | 'png';
type DataFormat = 'csv' | 'json';

interface ImageOptions {
  width: number;
  height: number;
  theme: ExportTheme;
}

/** Saves one plot of the page as SVG or PNG; the file name saved, or throws why not. */
async function saveFigureImage(
  plot: FigurePlot,
  format: ImageFormat,
  { width, height, theme }: ImageOptions,
): Promise<string> {
  let text: string;
  if (plot.testId === 'direction-image') {
    text = directionExportSvg({ width, height, theme });
  } else {
    const found = findPlotSvg(plot.testId);
    if (!found) throw new Error('the figure is not drawn yet');
    text = figureSvgText(found.svg, readLegend(found.card), {
      width,
      height,
      theme,
      title: plot.title,
    });
  }
  const stem = `${fileStem(plot.name)}-${width}x${height}-${theme}`;
  if (format === 'svg') {
    downloadText(text, `${stem}.svg`, 'image/svg+xml');
  } else {
    downloadBlob(await svgToPngBlob(text, width, height), `${stem}.png`);
  }
  return `${stem}.${format}`;
}

/** Saves a figure's data table as CSV or JSON (with the configuration); the file name, or throws. */
function saveFigureData(figure: FigureId, format: DataFormat): string {
  const state = appStore.getState();
  const table = figureTable(state, figure);
  if (!table) throw new Error('there are no data yet');
  const stem = `${fileStem(FIGURES[figure].name)}-data`;
  if (format === 'csv') downloadText(tableToCsv(table), `${stem}.csv`, 'text/csv');
  else {
    const meta = { figure, config: configToJson(state.params) };
    downloadText(tableToJson(table, meta), `${stem}.json`, 'application/json');
  }
  return `${stem}.${format}`;
}

/** What the figures' summaries are made of (null where a figure does not need it). */
interface SummaryInputs {
  result: ReturnType<typeof selectShownResult>;
  run: ReturnType<typeof selectShownSweep>['run'];
  explanation: ReturnType<typeof shownExplanation>;
  direction: AppState['direction']['result'];
  end: AppState['classroom']['directionEnd'];
  source: AppState['params']['data']['source'];
}

function summaryInputs(s: AppState, figure: FigureId): SummaryInputs {
  const wants = (id: FigureId | readonly FigureId[]) =>
    typeof id === 'string' ? id === figure : id.includes(figure);
  return {
    result: wants(['spectrum', 'sigma']) ? selectShownResult(s) : null,
    run: wants('sweep') ? selectShownSweep(s).run : null,
    explanation: wants('layers') ? shownExplanation(s) : null,
    direction: wants('direction') ? s.direction.result : null,
    end: s.classroom.directionEnd,
    source: s.params.data.source,
  };
}

function figureSummary(figure: FigureId, inputs: SummaryInputs): string {
  const { result, run, explanation, direction } = inputs;
  if (figure === 'spectrum') return result ? spectrumSummary(result) : '';
  if (figure === 'sigma') return result ? sigmaSummary(result) : '';
  if (figure === 'sweep') return run ? sweepSummary(run) : '';
  if (figure === 'layers') return explanation ? layersSummary(explanation.layers) : '';
  if (figure === 'direction')
    return directionFigureScene(direction, inputs.end, inputs.source, 600)?.description ?? '';
  return '';
}

/**
 * The screen-reader summary of a figure's current data ('' when there is none), rebuilt only when
 * what it reads changes (the direction's needs the picture's whole layout).
 */
function useFigureSummary(figure: FigureId): string {
  const inputs = useAppStoreShallow((s) => summaryInputs(s, figure));
  const { result, run, explanation, direction, end, source } = inputs;
  return useMemo(
    () => figureSummary(figure, { result, run, explanation, direction, end, source }),
    [figure, result, run, explanation, direction, end, source],
  );
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
  const summary = useFigureSummary(figure);
  const hasTraining = useAppStore((s) => s.training.runs.length > 0);
  if (figure === 'training' && !hasTraining) return null;

  const { width, height } = EXPORT_SIZES[size] ?? EXPORT_SIZES[0]!;

  const fail = (format: ImageFormat | DataFormat, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    setStatus(`${format.toUpperCase()} export failed: ${message}`);
    actions.addNotices([`Export of the ${spec.name} failed: ${message}`]);
  };

  const exportImage = async (plot: FigurePlot, format: ImageFormat) => {
    try {
      setStatus(`Saved ${await saveFigureImage(plot, format, { width, height, theme })}`);
    } catch (error) {
      fail(format, error);
    }
  };

  const exportData = (format: DataFormat) => {
    try {
      setStatus(`Saved ${saveFigureData(figure, format)}`);
    } catch (error) {
      fail(format, error);
    }
  };

  return (
    <div className="figure-tools" data-export={figure}>
      {summary ? (
        <p className="visually-hidden" data-testid={`summary-${figure}`}>
          {summary}
        </p>
      ) : null}
      <ExportMenu
        spec={spec}
        idBase={idBase}
        size={size}
        onSize={setSize}
        theme={theme}
        onTheme={setTheme}
        status={status}
        onImage={(plot, format) => void exportImage(plot, format)}
        onData={exportData}
      />
    </div>
  );
}

interface ExportMenuProps {
  spec: FigureSpec;
  /** prefix of the select ids (from FigureTools' useId, whose value depends on where it is called) */
  idBase: string;
  /** index into EXPORT_SIZES */
  size: number;
  onSize: (size: number) => void;
  theme: ExportTheme;
  onTheme: (theme: ExportTheme) => void;
  status: string;
  onImage: (plot: FigurePlot, format: ImageFormat) => void;
  onData: (format: DataFormat) => void;
}

/** The "Export …" menu: size and theme of the images, one button per file, the last outcome. */
function ExportMenu(props: ExportMenuProps) {
  const { spec, idBase, size, onSize, theme, onTheme, status, onImage, onData } = props;
  return (
    <details className="export-menu">
      <summary>Export {spec.name}</summary>
      <div className="export-body">
        <label htmlFor={`${idBase}-size`}>Size</label>
        <select
          id={`${idBase}-size`}
          value={size}
          onChange={(event) => onSize(Number(event.target.value))}
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
          onChange={(event) => onTheme(event.target.value as ExportTheme)}
        >
          <option value="light">light</option>
          <option value="dark">dark</option>
        </select>
        <ExportButtons spec={spec} onImage={onImage} onData={onData} />
        <p className="export-status" role="status" aria-live="polite">
          {status}
        </p>
      </div>
    </details>
  );
}

/** SVG and PNG of every plot of the figure, then its data as CSV and JSON. */
function ExportButtons({
  spec,
  onImage,
  onData,
}: Pick<ExportMenuProps, 'spec' | 'onImage' | 'onData'>) {
  return (
    <div className="export-buttons">
      {spec.plots.flatMap((plot) =>
        (['svg', 'png'] as const).map((format) => (
          <button
            key={`${plot.testId}-${format}`}
            type="button"
            className="button button-outline"
            onClick={() => onImage(plot, format)}
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
          onClick={() => onData(format)}
        >
          Export {spec.name} data as {format.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
