import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'katex/dist/katex.min.css';
import './styles.css';
import { App } from './App';
import { createGnPool } from './compute/client';
import { markResult } from './compute/latency';
import { startComputation } from './compute/orchestrator';
import { appStore } from './state/store';
import { browserUrlEnv, startUrlSync } from './state/urlSync';

// Order matters: the link is decoded into the store before the first computation starts.
startUrlSync(appStore, browserUrlEnv());
const pool = createGnPool();
pool.warmUp((api) => api.warmUp());
startComputation(appStore, pool, { onResult: markResult });
// Browser-test hook (tests/e2e/robustness.e2e.mjs): stop the running or the next worker job as
// if the worker had crashed. It can only make the page recompute, nothing more.
Object.assign(window, {
  __gnlensPool: {
    killRunning: () => pool.killRunning(),
    killNextJob: () => pool.killNextJob(),
  },
});
// Offline once loaded: public/sw.js caches the app shell, assets and data (production only).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register('/sw.js')
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
