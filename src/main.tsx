import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'katex/dist/katex.min.css';
import './styles.css';
import { App } from './App';
import { createGnPool } from './compute/client';
import { markResult } from './compute/latency';
import { startComputation } from './compute/orchestrator';
import { startSweepPlayer } from './compute/sweepPlayer';
import { afterNextPaint } from './state/afterPaint';
import { appStore } from './state/store';
import { browserUrlEnv, startUrlSync } from './state/urlSync';

// Order matters: the link is decoded into the store before the first computation starts.
startUrlSync(appStore, browserUrlEnv());
const pool = createGnPool();
pool.warmUp((api) => api.warmUp());
const computation = startComputation(appStore, pool, {
  onResult: markResult,
  // A slider step back, or onto the value computed ahead while the page was idle, answers at
  // once; sweeps wait for the sliders to rest (src/compute/orchestrator.ts).
  cacheSize: 48,
  lookAhead: true,
  // which layer limits κ and the predicted spectrum, for each answered current point
  explain: true,
  sweepQuietMs: 300,
  // the direction view waits for the sliders to rest, as the sweep does
  directions: true,
  directionQuietMs: 300,
  afterFrame: afterNextPaint,
});
// The sweep's play button: steps the swept parameter once each step is answered.
startSweepPlayer(appStore);
// Browser-test hooks (tests/e2e/robustness.e2e.mjs, scripts/bench-browser.mjs): stop the running
// or the next worker job as if the worker had crashed; compute every request from scratch (the
// benchmark's cold run). They can only make the page recompute, nothing more.
Object.assign(window, {
  __gnlensPool: {
    killRunning: () => pool.killRunning(),
    killNextJob: () => pool.killNextJob(),
    setLookAhead: (on: boolean) => computation.setLookAhead(on === true),
  },
});
// Offline once loaded: public/sw.js caches the app shell, assets and data (production only).
// Registered relative to the page, so the site works from any sub-path: the worker's scope is
// the page's folder (`/~lecturer/gnlens/`), and so is everything it caches.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register(new URL('sw.js', document.baseURI))
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        // What loaded before the worker took control (the first visit), cached now.
        const urls = performance.getEntriesByType('resource').map((entry) => entry.name);
        registration.active?.postMessage({ type: 'cache-urls', urls });
      })
      .catch(() => undefined);
  });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
