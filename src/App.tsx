import { ControlsPanel } from './components/ControlsPanel';
import { Header } from './components/Header';
import { HeadlinePanel } from './components/HeadlinePanel';
import { NoticeArea } from './components/NoticeArea';
import { PanelBoundary } from './components/PanelBoundary';
import { SpectrumPanel } from './components/SpectrumPanel';
import { SweepPanel } from './components/SweepPanel';

export function App() {
  return (
    <div className="app">
      <Header />
      <NoticeArea />
      <div className="layout">
        <aside className="sidebar" aria-label="Configuration">
          <PanelBoundary name="controls">
            <ControlsPanel />
          </PanelBoundary>
        </aside>
        <main className="main">
          <PanelBoundary name="result">
            <HeadlinePanel />
          </PanelBoundary>
          <PanelBoundary name="spectrum">
            <SpectrumPanel />
          </PanelBoundary>
          <PanelBoundary name="sweep">
            <SweepPanel />
          </PanelBoundary>
        </main>
      </div>
      <footer className="app-footer">
        Every number is computed in your browser (Web Workers, float64); a copied link reproduces it
        exactly, as does <code>npx gnlens eval --url</code>.
      </footer>
    </div>
  );
}
