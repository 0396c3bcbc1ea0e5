import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/state/store';
import {
  COMMIT_WRITE_DELAY_MS,
  COMMIT_WRITE_MAX_WAIT_MS,
  currentQuery,
  startUrlSync,
} from '../../src/state/urlSync';
import type { UrlEnv } from '../../src/state/urlSync';

/** A history with entries and a manual clock, like the browser's but synchronous. */
function fakeEnv(search: string) {
  const entries = [search];
  let index = 0;
  const listeners = new Set<() => void>();
  const timers = new Map<number, () => void>();
  const delays = new Map<number, number>();
  let nextTimer = 1;
  const calls: string[] = [];
  const location = { pathname: '/app/', search, hash: '' };
  const setUrl = (url: string) => {
    const q = url.slice(location.pathname.length);
    location.search = q;
    return q;
  };
  const env: UrlEnv = {
    location,
    history: {
      pushState: (_d, _u, url) => {
        const q = setUrl(url!);
        entries.splice(index + 1, entries.length, q);
        index++;
        calls.push(`push ${q}`);
      },
      replaceState: (_d, _u, url) => {
        const q = setUrl(url!);
        entries[index] = q;
        calls.push(`replace ${q}`);
      },
    },
    addEventListener: (_t, l) => listeners.add(l),
    removeEventListener: (_t, l) => listeners.delete(l),
    setTimeout: (handler, ms) => {
      timers.set(nextTimer, handler);
      delays.set(nextTimer, ms);
      return nextTimer++;
    },
    clearTimeout: (id) => timers.delete(id as number),
  };
  return {
    env,
    entries: () => entries,
    calls,
    flushTimers: () => {
      for (const [id, handler] of [...timers]) {
        timers.delete(id);
        handler();
      }
    },
    /** Runs the pending timers set for at most `ms` (the short ones, not the long ones). */
    runShortTimers: (ms: number) => {
      for (const [id, handler] of [...timers]) {
        if (delays.get(id)! > ms) continue;
        timers.delete(id);
        handler();
      }
    },
    go: (delta: number) => {
      index += delta;
      location.search = entries[index]!;
      listeners.forEach((l) => l());
    },
    listenerCount: () => listeners.size,
  };
}

describe('url sync', () => {
  it('decodes the link on start, reports notices and rewrites it canonically', () => {
    const store = createAppStore();
    const h = fakeEnv('?L=abc&m=30&foo=1&sweep=m');
    startUrlSync(store, h.env);
    const s = store.getState();
    expect(s.params.m).toEqual([30, 30]);
    expect(s.sweepSettings.axis).toBe('m');
    expect(s.notices.length).toBe(2);
    expect(h.calls).toEqual(['replace ?v=1&m=30&sweep=m']);
  });

  it('carries the sweep’s play speed and loop, not whether it plays', () => {
    const store = createAppStore();
    const h = fakeEnv('?L=4&speed=2&loop=1');
    startUrlSync(store, h.env);
    expect(store.getState().sweepPlay).toEqual({ playing: false, speed: 2, loop: true });
    expect(h.calls).toEqual(['replace ?v=1&L=4&speed=2&loop=1']);
    store.getState().setPlaySpeed(0.5);
    store.getState().setPlayLoop(false);
    store.getState().commitHistory();
    h.flushTimers();
    expect(h.entries().at(-1)).toBe('?v=1&L=4&speed=0.5');
    store.getState().setPlaying(true);
    h.flushTimers();
    expect(h.entries().at(-1)).toBe('?v=1&L=4&speed=0.5');
    // a bad speed keeps the default and says so
    const other = createAppStore();
    startUrlSync(other, fakeEnv('?speed=3&loop=yes').env);
    expect(other.getState().sweepPlay.speed).toBe(1);
    expect(other.getState().sweepPlay.loop).toBe(false);
    expect(
      other
        .getState()
        .notices.map((n) => n.text)
        .join('\n'),
    ).toMatch(/speed=3[\s\S]*loop=yes/);
  });

  it('leaves a bare landing URL alone', () => {
    const h = fakeEnv('');
    startUrlSync(createAppStore(), h.env);
    expect(h.calls).toEqual([]);
  });

  it('pushes the first change after a commit and replaces while dragging', () => {
    const store = createAppStore();
    const h = fakeEnv('');
    startUrlSync(store, h.env);
    store.getState().updateParams({ L: 4 });
    store.getState().updateParams({ L: 5 });
    expect(h.calls).toEqual([]); // debounced
    h.flushTimers();
    store.getState().updateParams({ L: 6 });
    h.flushTimers();
    store.getState().commitHistory();
    h.flushTimers();
    expect(h.calls).toEqual(['push ?v=1&L=5', 'replace ?v=1&L=6']);
    expect(h.entries()).toEqual(['', '?v=1&L=6']);
    // The next deliberate change gets its own entry.
    store.getState().updateParams({ L: 7 });
    store.getState().commitHistory();
    h.flushTimers();
    expect(h.entries()).toEqual(['', '?v=1&L=6', '?v=1&L=7']);
  });

  it('writes a committed entry after the frame of the step, as it was at the commit', () => {
    const store = createAppStore();
    const h = fakeEnv('');
    startUrlSync(store, h.env);
    store.getState().updateParams({ L: 4 });
    store.getState().commitHistory();
    expect(h.calls).toEqual([]); // not in the input's task: after the frame (COMMIT_WRITE_DELAY_MS)
    // Two quick commits: the first is written when the second comes, each its own entry.
    store.getState().updateParams({ L: 5 });
    store.getState().commitHistory();
    expect(h.calls).toEqual(['push ?v=1&L=4']);
    // A change before the committed write: the entry keeps L = 5, the change goes to the next.
    store.getState().updateParams({ L: 6 });
    h.flushTimers();
    expect(h.entries()).toEqual(['', '?v=1&L=4', '?v=1&L=5', '?v=1&L=6']);
  });

  it('waits for a computing step’s answer before writing its entry, at most COMMIT_WRITE_MAX_WAIT_MS', () => {
    const store = createAppStore();
    const h = fakeEnv('');
    startUrlSync(store, h.env);
    store.getState().updateParams({ L: 4 });
    store.getState().commitHistory();
    store.getState().beginCurrent('k4');
    h.runShortTimers(COMMIT_WRITE_DELAY_MS);
    expect(h.calls).toEqual([]); // the worker computes: pushState would share its cores
    store.getState().commitSpectrum('k4', store.getState().current.result!);
    expect(h.calls).toEqual([]); // the answer is in: written after its frame
    h.runShortTimers(COMMIT_WRITE_DELAY_MS);
    expect(h.calls).toEqual(['push ?v=1&L=4']);

    // A computation that outlasts the longest wait: the entry is written anyway.
    store.getState().updateParams({ L: 5 });
    store.getState().commitHistory();
    store.getState().beginCurrent('k5');
    h.runShortTimers(COMMIT_WRITE_DELAY_MS);
    expect(h.calls).toEqual(['push ?v=1&L=4']);
    h.runShortTimers(COMMIT_WRITE_MAX_WAIT_MS);
    expect(h.calls).toEqual(['push ?v=1&L=4', 'push ?v=1&L=5']);
    store.getState().commitSpectrum('k5', store.getState().current.result!);
    h.flushTimers();
    expect(h.entries()).toEqual(['', '?v=1&L=4', '?v=1&L=5']);
  });

  it('restores the state of an entry on Back/Forward without writing', () => {
    const store = createAppStore();
    const h = fakeEnv('');
    startUrlSync(store, h.env);
    store.getState().updateParams({ L: 4 });
    store.getState().commitHistory();
    h.flushTimers();
    store.getState().setSweepAxis('beta');
    store.getState().commitHistory();
    h.flushTimers();
    expect(h.entries()).toEqual(['', '?v=1&L=4', '?v=1&L=4&sweep=beta']);
    const writes = h.calls.length;
    h.go(-2);
    expect(store.getState().params.L).toBe(3);
    expect(store.getState().sweepSettings.axis).toBe('L');
    h.go(+1);
    expect(store.getState().params.L).toBe(4);
    h.flushTimers();
    expect(h.calls.length).toBe(writes);
    // A change after going back pushes a new entry, dropping the forward ones.
    store.getState().updateParams({ L: 9 });
    store.getState().commitHistory();
    h.flushTimers();
    expect(h.entries()).toEqual(['', '?v=1&L=4', '?v=1&L=9']);
  });

  it('Back before a step’s entry is written drops the step, keeping every entry', () => {
    const store = createAppStore();
    const h = fakeEnv('');
    startUrlSync(store, h.env);
    for (const L of [4, 5]) {
      store.getState().updateParams({ L });
      store.getState().commitHistory();
      h.flushTimers();
    }
    expect(h.entries()).toEqual(['', '?v=1&L=4', '?v=1&L=5']);
    // A step to L = 6, and Back before its entry is written (within the write's delay).
    store.getState().updateParams({ L: 6 });
    store.getState().commitHistory();
    h.go(-1);
    h.flushTimers();
    expect(store.getState().params.L).toBe(4);
    expect(h.entries()).toEqual(['', '?v=1&L=4', '?v=1&L=5']);
    h.go(-1);
    expect(store.getState().params.L).toBe(3);
    h.go(+2);
    expect(store.getState().params.L).toBe(5);
  });

  it('stops cleanly', () => {
    const store = createAppStore();
    const h = fakeEnv('');
    const stop = startUrlSync(store, h.env);
    stop();
    store.getState().updateParams({ L: 4 });
    store.getState().commitHistory();
    h.flushTimers();
    h.flushTimers();
    expect(h.calls).toEqual([]);
    expect(h.listenerCount()).toBe(0);
    expect(currentQuery(store)).toBe('?v=1&L=4');
  });
});
