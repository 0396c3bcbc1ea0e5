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
import { useAppStore } from './state/useAppStore';
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
        {/* Two columns on a wide screen (the projector dashboard, src/styles.css); one flow below. */}
        <main className="main">
          <div className="main-col main-col-result">
            <PanelBoundary name="result">
              <HeadlinePanel />
            </PanelBoundary>
            <PanelBoundary name="spectrum">
              <SpectrumPanel />
            </PanelBoundary>
            <FigureTools figure="spectrum" />
            <PanelBoundary name="layers">
              <LayerBreakdownPanel />
            </PanelBoundary>
            <FigureTools figure="layers" />
            <PanelBoundary name="direction">
              <DirectionPanel />
            </PanelBoundary>
            <FigureTools figure="direction" />
          </div>
          <div className="main-col main-col-sweep">
            <PanelBoundary name="sweep">
              <SweepPanel />
            </PanelBoundary>
            <FigureTools figure="sweep" />
            <PanelBoundary name="training">
              <TrainingPanel />
            </PanelBoundary>
            <FigureTools figure="training" />
            <PanelBoundary name="data">
              <DataPanel />
            </PanelBoundary>
            <FigureTools figure="sigma" />
            {explain ? (
              <PanelBoundary name="explanations">
                <ExplainPanel />
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
