/**
 * The paper's experiments (test id `presets`), opened from the header. Each preset is a real
 * link (`<a href="?…">`: open it in a new tab, copy it, share it); a plain click loads it in
 * place through the same path as Back/Forward, so the workers stay warm.
 */
import type { MouseEvent } from 'react';
import { PRESETS, presetById } from '../model/presets';
import type { Preset } from '../model/presets';
import { actions } from '../state/useAppStore';

/** Loads a link in place: a new history entry, then the URL sync's popstate path. */
function followInPlace(event: MouseEvent<HTMLAnchorElement>, query: string): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  window.history.pushState(null, '', query);
  window.dispatchEvent(new PopStateEvent('popstate'));
  actions.setPresetsOpen(false);
  window.scrollTo({ top: 0 });
}

function PresetCard({ preset }: { preset: Preset }) {
  const related = preset.related ? presetById(preset.related.id) : undefined;
  return (
    <article className="preset" data-testid={`preset-${preset.id}`}>
      <h3>
        <span className="preset-number">Experiment {preset.experiment}</span>
        {preset.title}
      </h3>
      <p>{preset.finding}</p>
      <p>
        <strong>Look at:</strong> {preset.lookAt}
      </p>
      {preset.reduced ? <p className="preset-reduced">In the browser: {preset.reduced}</p> : null}
      <p className="preset-links">
        <a
          className="button preset-open"
          href={preset.query}
          data-preset={preset.id}
          aria-label={`Open: ${preset.title}`}
          onClick={(event) => followInPlace(event, preset.query)}
        >
          Open
        </a>
        {related && preset.related ? (
          <span className="muted">
            See also{' '}
            <a href={related.query} onClick={(event) => followInPlace(event, related.query)}>
              {preset.related.text}
            </a>
            .
          </span>
        ) : null}
      </p>
    </article>
  );
}

export function PresetsPanel() {
  return (
    <section
      className="card presets"
      id="presets"
      data-testid="presets"
      aria-labelledby="presets-title"
    >
      <div className="card-head">
        <h2 id="presets-title">The paper’s experiments</h2>
        <button
          type="button"
          className="button button-quiet"
          onClick={() => actions.setPresetsOpen(false)}
        >
          Close
        </button>
      </div>
      <p className="muted presets-intro">
        Zhao, Singh &amp; Lucchi, NeurIPS 2024. Each link sets every control and the sweep; sizes
        are chosen so that each finishes in about 20 s on a 2-core laptop, at Kaiming
        initialisation.
      </p>
      <div className="preset-grid">
        {PRESETS.map((preset) => (
          <PresetCard key={preset.id} preset={preset} />
        ))}
      </div>
    </section>
  );
}
