/**
 * The lecturer's toolbar: presentation mode, what to hide (travels in the link), the guided
 * tour, the explanations panel and the configuration file tools; plus the tour card.
 */
import { useEffect, useState } from 'react';
import { ConfigTools } from '../export/ConfigTools';
import { appStore } from '../state/store';
import { useAppStore } from '../state/useAppStore';
import { applyQuery } from '../state/urlSync';
import { selectClassroom } from '../state/slices/classroomSlice';
import { TOUR_STEPS } from '../model/tour';
import { CONTROL_IDS, PANEL_TOKENS, hiddenControlIds } from '../model/viewCodec';
import type { ClassroomView, ControlToken, PanelToken } from '../model/viewCodec';
import './classroom.css';

/** CSS selectors of the panels (constants: no text from the link reaches the stylesheet). */
const PANEL_SELECTORS: Readonly<Record<PanelToken, string>> = {
  controls: '.layout > .sidebar',
  headline: '.card.headline',
  bounds: '.card.headline .table-scroll',
  spectrum: '.card:has([data-testid="spectrum-plot"]), [data-export="spectrum"]',
  layers: '[data-testid="layer-breakdown"], [data-export="layers"]',
  direction: '.card:has([data-testid="direction-box"]), [data-export="direction"]',
  sweep: '.card:has([data-testid="sweep-plot"]), [data-export="sweep"]',
  training: '[data-testid="training-panel"], [data-export="training"]',
  data: '[data-testid="data-panel"], [data-export="sigma"]',
  notices: '[data-testid="notices"]',
};

/** The stylesheet that hides what the view hides. */
export function classroomCss(view: ClassroomView): string {
  const selectors = [
    ...view.hidePanels.map((p) => PANEL_SELECTORS[p]),
    ...hiddenControlIds(view).map((id) => `.controls .field:has(#${id})`),
  ];
  const rules =
    selectors.length > 0 ? `${selectors.join(',\n')} { display: none !important; }` : '';
  const wide = view.hidePanels.includes('controls')
    ? '\n.layout { grid-template-columns: minmax(0, 1fr) !important; }'
    : '';
  return rules + wide;
}

const PANEL_LABELS: Readonly<Record<PanelToken, string>> = {
  controls: 'all controls',
  headline: 'result (κ and bounds)',
  bounds: 'bounds table',
  spectrum: 'spectrum',
  layers: 'which layer limits κ',
  direction: 'direction picture',
  sweep: 'sweep plot',
  training: 'training',
  data: 'data panel',
  notices: 'notices',
};

function update(patch: Partial<ClassroomView>): void {
  appStore.getState().updateClassroomView(patch);
  appStore.getState().commitHistory();
}

/** Goes to tour step `step` (1-based; 0 ends the tour), keeping the classroom settings. */
export function goToTourStep(step: number): void {
  const s = appStore.getState();
  const keep = s.classroom;
  const target = TOUR_STEPS[step - 1];
  if (target) applyQuery(appStore, target.query);
  appStore.getState().replaceClassroomView({ ...keep, tour: target ? step : 0 });
  appStore.getState().commitHistory();
}

function HideChooser({ view }: { view: ClassroomView }) {
  // The options exist only while the menu is open, so that their labels ("seed", …) never
  // duplicate the accessible names of the real controls.
  const [open, setOpen] = useState(false);
  const togglePanel = (p: PanelToken, on: boolean) =>
    update({
      hidePanels: on ? [...view.hidePanels, p] : view.hidePanels.filter((x) => x !== p),
    });
  const toggleControl = (c: ControlToken, on: boolean) =>
    update({
      hideControls: on ? [...view.hideControls, c] : view.hideControls.filter((x) => x !== c),
    });
  return (
    <details className="hide-chooser" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Hide panels and controls</summary>
      {open ? (
        <div className="hide-body">
          <fieldset>
            <legend>Panels</legend>
            {PANEL_TOKENS.map((p) => (
              <label key={p} className="hide-option">
                <input
                  type="checkbox"
                  checked={view.hidePanels.includes(p)}
                  onChange={(event) => togglePanel(p, event.target.checked)}
                />{' '}
                {PANEL_LABELS[p]}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Controls (by URL key)</legend>
            {(Object.keys(CONTROL_IDS) as ControlToken[]).map((c) => (
              <label key={c} className="hide-option">
                <input
                  type="checkbox"
                  checked={view.hideControls.includes(c)}
                  onChange={(event) => toggleControl(c, event.target.checked)}
                />{' '}
                {c}
              </label>
            ))}
          </fieldset>
          <p className="field-hint">The choice travels in the link (key hide=).</p>
        </div>
      ) : null}
    </details>
  );
}

function TourCard({ step }: { step: number }) {
  const current = TOUR_STEPS[step - 1];
  if (!current) return null;
  return (
    <section className="card tour-card" aria-labelledby="tour-title" data-testid="tour">
      <p className="tour-count">
        Tour: step {step} of {TOUR_STEPS.length}
      </p>
      <h2 id="tour-title">{current.title}</h2>
      <p data-testid="tour-text">{current.text}</p>
      <div className="tour-buttons">
        <button
          type="button"
          className="button button-outline"
          disabled={step <= 1}
          onClick={() => goToTourStep(step - 1)}
        >
          Previous step
        </button>
        <button
          type="button"
          className="button"
          disabled={step >= TOUR_STEPS.length}
          onClick={() => goToTourStep(step + 1)}
        >
          Next step
        </button>
        <button type="button" className="button-link" onClick={() => update({ tour: 0 })}>
          End the tour
        </button>
      </div>
    </section>
  );
}

export function ClassroomBar() {
  const view = useAppStore(selectClassroom);
  useEffect(() => {
    document.documentElement.classList.toggle('is-classroom', view.classMode);
  }, [view.classMode]);
  const css = classroomCss(view);
  return (
    <>
      {css ? <style data-testid="classroom-style">{css}</style> : null}
      <div className="classroom-bar" role="toolbar" aria-label="Teaching and export">
        <button
          type="button"
          className="button button-outline"
          aria-pressed={view.classMode}
          title="Large type and thick lines for a projector (link key class=1)"
          onClick={() => update({ classMode: !view.classMode })}
        >
          Presentation mode
        </button>
        <button
          type="button"
          className="button button-outline"
          aria-pressed={view.tour > 0}
          title="Step through the key phenomena, one state per step (link key tour=)"
          onClick={() => goToTourStep(view.tour > 0 ? 0 : 1)}
        >
          {view.tour > 0 ? 'End tour' : 'Start the tour'}
        </button>
        <button
          type="button"
          className="button button-outline"
          aria-pressed={view.explain}
          aria-controls={view.explain ? 'explanations' : undefined}
          title="Formulas for what is on screen (link key explain=1)"
          onClick={() => update({ explain: !view.explain })}
        >
          Explanations
        </button>
        <HideChooser view={view} />
        <ConfigTools />
      </div>
      {view.tour > 0 ? <TourCard step={view.tour} /> : null}
    </>
  );
}
