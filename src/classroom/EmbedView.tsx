/**
 * Embed mode (`embed=1&fig=…`): one figure without the page around it, for an `<iframe>` in
 * slides or a course page, with a small link back to the full view (the same link minus the
 * embed keys).
 */
import { HeadlinePanel } from '../components/HeadlinePanel';
import { DataPanel } from '../components/DataPanel';
import { DirectionPanel } from '../components/DirectionPanel';
import { PanelBoundary } from '../components/PanelBoundary';
import { SpectrumPanel } from '../components/SpectrumPanel';
import { LayerBreakdownPanel } from '../components/LayerBreakdownPanel';
import { SweepPanel } from '../components/SweepPanel';
import { appStore } from '../state/store';
import { useAppStore } from '../state/useAppStore';
import { currentQuery } from '../state/urlSync';
import { selectClassroom } from '../state/slices/classroomSlice';
import { FigureTools } from '../export/FigureTools';
import './classroom.css';

/** The full view's link for an embed link: every key except `embed` and `fig`. */
export function fullViewQuery(query: string): string {
  const params = new URLSearchParams(query);
  params.delete('embed');
  params.delete('fig');
  const text = params.toString().replace(/%2C/gi, ',').replace(/%3A/gi, ':');
  return text ? `?${text}` : '?';
}

export function EmbedView() {
  const view = useAppStore(selectClassroom);
  // Re-render on any state change so the link follows the figure's state.
  useAppStore((s) => s.params);
  const href = fullViewQuery(currentQuery(appStore));
  return (
    <div className="embed" data-testid="embed" data-figure={view.figure}>
      <main className="embed-main">
        <h1 className="visually-hidden">gnlens figure</h1>
        <PanelBoundary name={view.figure}>
          {view.figure === 'spectrum' ? (
            <SpectrumPanel />
          ) : view.figure === 'bounds' ? (
            <HeadlinePanel />
          ) : view.figure === 'sigma' ? (
            <DataPanel />
          ) : view.figure === 'layers' ? (
            <LayerBreakdownPanel />
          ) : view.figure === 'direction' ? (
            <DirectionPanel />
          ) : (
            <SweepPanel />
          )}
        </PanelBoundary>
        {view.figure === 'bounds' ? null : (
          <FigureTools figure={view.figure === 'sigma' ? 'sigma' : view.figure} />
        )}
      </main>
      <a className="embed-open" href={href} target="_blank" rel="noopener" data-testid="open-full">
        open in gnlens ↗
      </a>
    </div>
  );
}
