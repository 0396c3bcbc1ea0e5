/** The training view in the page's URL: decoded on start, written on change, restored on Back. */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/state/store';
import { currentQuery, startUrlSync } from '../../src/state/urlSync';
import type { UrlEnv } from '../../src/state/urlSync';

function fakeEnv(search: string) {
  const entries = [search];
  let index = 0;
  const listeners = new Set<() => void>();
  const timers = new Map<number, () => void>();
  let nextTimer = 1;
  const location = { pathname: '/', search, hash: '' };
  const env: UrlEnv = {
    location,
    history: {
      pushState: (_d, _u, url) => {
        location.search = url!.slice(1);
        entries.splice(index + 1, entries.length, location.search);
        index++;
      },
      replaceState: (_d, _u, url) => {
        location.search = url!.slice(1);
        entries[index] = location.search;
      },
    },
    addEventListener: (_t, l) => listeners.add(l),
    removeEventListener: (_t, l) => listeners.delete(l),
    setTimeout: (handler) => {
      timers.set(nextTimer, handler);
      return nextTimer++;
    },
    clearTimeout: (id) => timers.delete(id as number),
  };
  return {
    env,
    location,
    flushTimers: () => {
      for (const [id, handler] of [...timers]) {
        timers.delete(id);
        handler();
      }
    },
    back: () => {
      index--;
      location.search = entries[index]!;
      listeners.forEach((l) => l());
    },
  };
}

describe('training view in the URL', () => {
  it('a training link sets the view, bad values become notices, the URL is corrected', () => {
    const store = createAppStore();
    const fake = fakeEnv('?v=1&L=4&tlr=0.2&tbatch=32&tev=abc&tcmp=prune:0,0.9');
    startUrlSync(store, fake.env);
    const t = store.getState().training.view;
    expect(t.settings.lr).toBe(0.2);
    expect(t.settings.batch).toBe(32);
    expect(t.compare).toEqual({ kind: 'prune', values: ['0', '0.9'] });
    const notices = store.getState().notices.map((n) => n.text);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/tev=abc/);
    expect(fake.location.search).toBe('?v=1&L=4&tlr=0.2&tbatch=32&tcmp=prune:0,0.9');
  });

  it('writes training settings to the URL and restores them on Back', () => {
    const store = createAppStore();
    const fake = fakeEnv('');
    startUrlSync(store, fake.env);
    store.getState().setTrainingSettings({ epochs: 20 });
    store.getState().commitHistory();
    fake.flushTimers();
    expect(fake.location.search).toBe('?v=1&tep=20');
    expect(currentQuery(store)).toBe('?v=1&tep=20');
    store.getState().setTrainingCompare({ kind: 'm', values: ['10', '20'] });
    store.getState().commitHistory();
    fake.flushTimers();
    expect(fake.location.search).toBe('?v=1&tep=20&tcmp=m:10,20');
    fake.back();
    expect(store.getState().training.view.compare).toBeNull();
    expect(store.getState().training.view.settings.epochs).toBe(20);
  });
});
