import { ControlsPanel } from './components/ControlsPanel';
import { DataPanel } from './components/DataPanel';
import { DirectionPanel } from './components/DirectionPanel';
import { Header } from './components/Header';
import { HeadlinePanel } from './components/HeadlinePanel';
import { LayerBreakdownPanel } from './components/LayerBreakdownPanel';
import { NoticeArea } from './components/NoticeArea';
import { PanelBoundary } from './components/PanelBoundary';
import { PresetsPanel } from './components/PresetsPanel';
import { SpectrumPanel } from './components/SpectrumPanel';
import { SweepPanel } from './components/SweepPanel';
import { TrainingPanel } from './training/TrainingPanel';
import { AfterPaint, useAppStore } from './state/useAppStore';
import { ClassroomBar } from './classroom/ClassroomBar';
import { EmbedView } from './classroom/EmbedView';
import { ExplainPanel } from './classroom/ExplainPanel';
import { FigureTools } from './export/FigureTools';

export function App() {
  const presetsOpen = useAppStore((s) => s.presetsOpen);
  const embed = useAppStore((s) => s.classroom.embed);
  const explain = useAppStore((s) => s.classroom.explain);
  if (embed) return <EmbedView />;
  return (
    <div className="app">
      <Header />
      {presetsOpen ? (
        <PanelBoundary name="presets">
          <PresetsPanel />
        </PanelBoundary>
      ) : null}
      <PanelBoundary name="classroom">
        <ClassroomBar />
      </PanelBoundary>
      <NoticeArea />
      <div className="layout">
        <aside className="sidebar" aria-label="Configuration">
          <PanelBoundary name="controls">
            <ControlsPanel />
          </PanelBoundary>
        </aside>
        {/* Two columns on a wide screen (the projector dashboard, src/styles.css); one flow below.
            Read-only panels and the figure tools are drawn a frame after κ and the histogram
            (<AfterPaint>, docs/architecture.md §7). */}
        <main className="main">
          <div className="main-col main-col-result">
            <PanelBoundary name="result">
              <HeadlinePanel />
            </PanelBoundary>
            <PanelBoundary name="spectrum">
              <SpectrumPanel />
            </PanelBoundary>
            <AfterPaint>
              <FigureTools figure="spectrum" />
            </AfterPaint>
            <PanelBoundary name="layers">
              <AfterPaint>
                <LayerBreakdownPanel />
              </AfterPaint>
            </PanelBoundary>
            <AfterPaint>
              <FigureTools figure="layers" />
            </AfterPaint>
            <PanelBoundary name="direction">
              <DirectionPanel />
            </PanelBoundary>
            <AfterPaint>
              <FigureTools figure="direction" />
            </AfterPaint>
          </div>
          <div className="main-col main-col-sweep">
            <PanelBoundary name="sweep">
              <SweepPanel />
            </PanelBoundary>
            <AfterPaint>
              <FigureTools figure="sweep" />
            </AfterPaint>
            <PanelBoundary name="training">
              <TrainingPanel />
            </PanelBoundary>
            <AfterPaint>
              <FigureTools figure="training" />
            </AfterPaint>
            <PanelBoundary name="data">
              <AfterPaint>
                <DataPanel />
              </AfterPaint>
            </PanelBoundary>
            <AfterPaint>
              <FigureTools figure="sigma" />
            </AfterPaint>
            {explain ? (
              <PanelBoundary name="explanations">
                <AfterPaint>
                  <ExplainPanel />
                </AfterPaint>
              </PanelBoundary>
            ) : null}
          </div>
        </main>
      </div>
      <footer className="app-footer">
        Every number is computed in your browser (Web Workers, float64); a copied link reproduces it
        exactly, as does <code>npx gnlens eval --url</code>.
      </footer>
    </div>
  );
}
