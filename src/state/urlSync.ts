/**
 * All URL side effects (docs/architecture.md §1): decode the link on start, write the URL when params or
 * the sweep change, restore state on Back/Forward. The environment is injected so tests can use
 * a fake history.
 *
 * History policy: a deliberate commit (slider released, button, select) makes the current entry
 * final; the next change pushes a new entry, and further changes (a drag) replace that entry until
 * the next commit. Back therefore returns to the state before the last deliberate change.
 */
import { shallow } from 'zustand/shallow';
import { selectHistoryCommits, selectUrlState } from './selectors';
import type { AppStore } from './store';
import { decodeQuery } from '../core/config';
import { VIEW_QUERY_KEYS, decodeUrlState, encodeUrlState } from '../model/urlCodec';
import { decodeTrainingQuery, encodeTrainingView } from '../model/trainCodec';
import { decodeClassroomView, encodeClassroomView } from '../model/viewCodec';
import { decodePlayView, encodePlayView } from '../model/sweepMotion';

export interface UrlEnv {
  location: { pathname: string; search: string; hash: string };
  history: {
    pushState(data: unknown, unused: string, url?: string | null): void;
    replaceState(data: unknown, unused: string, url?: string | null): void;
  };
  addEventListener(type: 'popstate', listener: () => void): void;
  removeEventListener(type: 'popstate', listener: () => void): void;
  setTimeout(handler: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/** Quiet time after the last change before the URL is rewritten while dragging. */
export const URL_WRITE_DEBOUNCE_MS = 200;
/**
 * A committed entry is written this long after the commit, or after the step's answer when that
 * is computed (after the frame it is shown in)…
 */
export const COMMIT_WRITE_DELAY_MS = 20;
/** … and at the latest this long after the commit, however long the computation runs. */
export const COMMIT_WRITE_MAX_WAIT_MS = 1000;

/** The newest request's spectrum is in the store (or nothing computes). */
function answered(s: ReturnType<AppStore['getState']>): boolean {
  return s.current.status !== 'computing' || s.current.resultKey === s.current.requestKey;
}

/** The shareable query string for the store's current state. */
export function currentQuery(store: AppStore): string {
  const s = store.getState();
  return (
    encodeUrlState(s.params, s.sweepSettings) +
    encodePlayView(s.sweepPlay) +
    encodeTrainingView(s.training.view) +
    encodeClassroomView(s.classroom)
  );
}

/** Loads the state of a query string into the store, reporting bad values as notices. */
export function applyQuery(store: AppStore, search: string): void {
  const { config, view, notices } = decodeUrlState(search);
  const s = store.getState();
  s.replaceParams(config);
  s.replaceSweepSettings(view);
  s.addNotices(notices);
  const others = decodeQuery(search, VIEW_QUERY_KEYS).other;
  // the sweep's play speed and loop (src/model/sweepMotion.ts)
  const play = decodePlayView(others);
  s.setPlaySpeed(play.play.speed);
  s.setPlayLoop(play.play.loop);
  s.addNotices(play.notices);
  const training = decodeTrainingQuery(search);
  s.replaceTrainingView(training.view);
  s.addNotices(training.notices);
  // presentation mode, hidden items, tour, explanations, embed: src/classroom/viewCodec.ts
  const classroom = decodeClassroomView(others);
  s.replaceClassroomView(classroom.view);
  s.addNotices(classroom.notices);
}

/** Starts syncing; returns a function that stops it. */
export function startUrlSync(
  store: AppStore,
  env: UrlEnv,
  debounceMs = URL_WRITE_DEBOUNCE_MS,
): () => void {
  const initialSearch = env.location.search;
  applyQuery(store, initialSearch);
  // A link with bad or non-canonical values is rewritten to what is actually shown, so that a
  // copy of the address bar reproduces the page. A bare landing URL stays bare.
  if (initialSearch !== '' && initialSearch !== '?') {
    env.history.replaceState(null, '', urlFor(currentQuery(store)));
  }

  let entryIsFinal = true;
  let timer: unknown = null;

  function urlFor(query: string): string {
    return env.location.pathname + query + env.location.hash;
  }
  function cancelPendingWrite(): void {
    if (timer !== null) env.clearTimeout(timer);
    timer = null;
  }
  function write(query: string): void {
    if (query === env.location.search) return;
    if (entryIsFinal) env.history.pushState(null, '', urlFor(query));
    else env.history.replaceState(null, '', urlFor(query));
    entryIsFinal = false;
  }
  function writeNow(): void {
    cancelPendingWrite();
    write(currentQuery(store));
  }

  const stopState = store.subscribe(
    selectUrlState,
    () => {
      cancelPendingWrite();
      timer = env.setTimeout(writeNow, debounceMs);
    },
    { equalityFn: shallow },
  );
  // A commit (a slider step, a click) writes its entry just after the frame that shows the
  // step's answer: pushState costs ~4 ms in Chromium (and the browser asks the page for its icon
  // again), which neither the step's frame nor the computation sharing the cores should wait
  // for. The entry holds the state as it was at the commit, whatever changed since.
  let commit: { timer: unknown; maxTimer: unknown; query: string; waiting: boolean } | null = null;
  function writeCommitted(): void {
    if (commit === null) return;
    const { query, timer, maxTimer } = commit;
    env.clearTimeout(timer);
    env.clearTimeout(maxTimer);
    commit = null;
    // A change made since keeps its own (debounced) write, into the next entry.
    write(query);
    entryIsFinal = true;
  }
  /** Writes the commit now if its answer is in, else once it is (at the latest at maxTimer). */
  function writeWhenAnswered(): void {
    if (commit === null) return;
    if (answered(store.getState())) return writeCommitted();
    commit.waiting = true;
  }
  const stopAnswers = store.subscribe(answered, (isAnswered) => {
    if (!isAnswered || commit === null || !commit.waiting) return;
    commit.waiting = false;
    commit.timer = env.setTimeout(writeCommitted, COMMIT_WRITE_DELAY_MS);
  });
  const stopCommits = store.subscribe(selectHistoryCommits, () => {
    // Two commits in one frame are two entries: the first is written before the second starts.
    writeCommitted();
    cancelPendingWrite();
    commit = {
      timer: env.setTimeout(writeWhenAnswered, COMMIT_WRITE_DELAY_MS),
      maxTimer: env.setTimeout(writeCommitted, COMMIT_WRITE_MAX_WAIT_MS),
      query: currentQuery(store),
      waiting: false,
    };
  });
  /** Forgets a commit whose entry is not written yet. */
  function dropCommit(): void {
    if (commit === null) return;
    env.clearTimeout(commit.timer);
    env.clearTimeout(commit.maxTimer);
    commit = null;
  }
  const onPopState = () => {
    // Back or Forward before a step's entry was written: the browser has already left the entry
    // that was current, so writing the step now would push it over the entry just reached (and
    // cut the forward history). The unwritten step is dropped instead: Back lands where the
    // browser took it, and the history keeps every entry it had.
    dropCommit();
    cancelPendingWrite();
    store.getState().dismissAllNotices();
    applyQuery(store, env.location.search);
    // The restored state equals the entry's URL: the state subscription's write is a no-op,
    // and the next change must push rather than overwrite the entry we returned to.
    cancelPendingWrite();
    entryIsFinal = true;
  };
  env.addEventListener('popstate', onPopState);

  return () => {
    dropCommit();
    cancelPendingWrite();
    stopState();
    stopCommits();
    stopAnswers();
    env.removeEventListener('popstate', onPopState);
  };
}

/** The browser's environment. */
export function browserUrlEnv(): UrlEnv {
  return {
    location: window.location,
    history: window.history,
    addEventListener: (type, listener) => window.addEventListener(type, listener),
    removeEventListener: (type, listener) => window.removeEventListener(type, listener),
    setTimeout: (handler, ms) => window.setTimeout(handler, ms),
    clearTimeout: (id) => window.clearTimeout(id as number),
  };
}
