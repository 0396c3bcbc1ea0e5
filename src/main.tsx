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

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
