/**
 * The sweep player (src/compute/sweepPlayer.ts) against a real store with answers written by
 * hand (as the orchestrator would) and a fake clock: it steps only after each answer and the
 * dwell, stops at the end or loops, pauses when the user touches a control, and stops with a
 * notice when a step fails or the size guard holds it back.
 */
import { describe, expect, it } from 'vitest';
import { configKey } from '../../src/compute/jobs';
import { playAnswer, startSweepPlayer } from '../../src/compute/sweepPlayer';
import { PLAY_DWELL_MS } from '../../src/model/sweepMotion';
import { createAppStore } from '../../src/state/store';
import { fakeResult } from './fakeWorkers';

function setup() {
  const store = createAppStore();
  const timers: { id: number; at: number; run: () => void }[] = [];
  let now = 0;
  let nextId = 1;
  const stop = startSweepPlayer(store, {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = nextId++;
      timers.push({ id, at: now + ms, run });
      return id;
    },
    clearTimeout: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
  });
  /** Answers the configuration on screen, as the orchestrator would. */
  const answer = () => {
    const { params } = store.getState();
    const key = configKey(params);
    store.getState().beginCurrent(key);
    store.getState().commitCurrent(key, fakeResult(params));
  };
  /** Lets `ms` pass, running the timers that come due. */
  const advance = (ms: number) => {
    now += ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers.splice(timers.indexOf(due), 1);
      due.run();
    }
  };
  const depth = () => store.getState().params.L;
  const playing = () => store.getState().sweepPlay.playing;
  return { store, timers, answer, advance, depth, playing, stop };
}

describe('the sweep player', () => {
  it('steps depth once each answer is shown and the dwell has passed, and stops at the end', () => {
    const t = setup();
    t.store.getState().updateSweepSettings({ from: 1, to: 5, points: 5 });
    t.answer(); // depth 3, the landing state
    t.store.getState().setPlaying(true);
    expect(t.depth()).toBe(3);
    t.advance(PLAY_DWELL_MS - 1);
    expect(t.depth()).toBe(3);
    t.advance(1);
    expect(t.depth()).toBe(4);
    // no answer yet: however long it takes, no further step
    t.advance(10 * PLAY_DWELL_MS);
    expect(t.depth()).toBe(4);
    expect(playAnswer(t.store.getState())).toBe('pending');
    t.answer();
    expect(playAnswer(t.store.getState())).toBe('shown');
    t.advance(PLAY_DWELL_MS);
    expect(t.depth()).toBe(5);
    t.answer();
    expect(t.playing()).toBe(false); // the last value: stop, not loop
    expect(t.timers).toHaveLength(0);
    t.stop();
  });

  it('rewinds at the end, loops when asked, and follows the speed', () => {
    const t = setup();
    t.store.getState().updateSweepSettings({ from: 1, to: 3, points: 3 });
    t.store.getState().setPlayLoop(true);
    t.store.getState().setPlaySpeed(2);
    t.answer();
    t.store.getState().setPlaying(true); // depth 3 is the end: back to 1 at once
    expect(t.depth()).toBe(1);
    const seen = [t.depth()];
    for (let i = 0; i < 5; i++) {
      t.answer();
      t.advance(PLAY_DWELL_MS / 2);
      seen.push(t.depth());
    }
    expect(seen).toEqual([1, 2, 3, 1, 2, 3]);
    expect(t.playing()).toBe(true);
    t.store.getState().setPlaying(false);
    t.answer();
    t.advance(10 * PLAY_DWELL_MS);
    expect(t.depth()).toBe(3);
    t.stop();
  });

  it('waits for the first answer when play is pressed while the page computes', () => {
    const t = setup();
    t.store.getState().setPlaying(true);
    t.advance(5 * PLAY_DWELL_MS);
    expect(t.depth()).toBe(3);
    t.answer();
    t.advance(PLAY_DWELL_MS);
    expect(t.depth()).toBe(4);
    t.stop();
  });

  it('pauses when the user moves a control or changes the sweep, not when the speed changes', () => {
    const t = setup();
    t.answer();
    t.store.getState().setPlaying(true);
    t.store.getState().setPlaySpeed(0.5);
    expect(t.playing()).toBe(true);
    t.advance(2 * PLAY_DWELL_MS);
    expect(t.depth()).toBe(4);
    const commits = t.store.getState().historyCommits;
    t.store.getState().updateParams({ beta: 0.5 });
    expect(t.playing()).toBe(false);
    // the played step became a history entry of its own
    expect(t.store.getState().historyCommits).toBe(commits + 1);
    t.answer();
    t.advance(10 * PLAY_DWELL_MS);
    expect(t.depth()).toBe(4);

    t.store.getState().setPlaying(true);
    t.store.getState().updateSweepSettings({ points: 4 });
    expect(t.playing()).toBe(false);
    expect(t.timers).toHaveLength(0);
    t.stop();
  });

  it('steps the width with the width control’s action (every hidden layer)', () => {
    const t = setup();
    t.store.getState().setSweepAxis('m');
    t.store.getState().updateSweepSettings({ from: 10, to: 40, points: 4, logX: false });
    t.store.getState().setWidth(20);
    t.answer();
    t.store.getState().setPlaying(true);
    t.advance(PLAY_DWELL_MS);
    expect(t.store.getState().params.m).toEqual([30, 30]);
    t.stop();
  });

  it('stops with a notice when a step fails or the size guard holds it back', () => {
    const t = setup();
    t.answer();
    t.store.getState().setPlaying(true);
    t.advance(PLAY_DWELL_MS);
    const key = configKey(t.store.getState().params);
    t.store.getState().beginCurrent(key);
    t.store.getState().failCurrent(key, 'out of memory');
    expect(t.playing()).toBe(false);
    expect(t.store.getState().notices.map((n) => n.text)).toContain(
      'Play stopped: the evaluation at depth L = 4 failed.',
    );

    t.answer();
    t.store.getState().setPlaying(true);
    t.advance(PLAY_DWELL_MS);
    const held = t.store.getState().params;
    t.store.getState().guardCurrent({
      key: configKey(held),
      estimate: { level: 'confirm', ms: 60_000, bytes: 1, reason: 'large' } as never,
      suggestedN: null,
    });
    expect(t.playing()).toBe(false);
    expect(t.store.getState().notices.at(-1)?.text).toMatch(
      /^Play stopped at depth L = 5: the size/,
    );
    t.stop();
  });

  it('does nothing once stopped', () => {
    const t = setup();
    t.answer();
    t.stop();
    t.store.getState().setPlaying(true);
    t.advance(5 * PLAY_DWELL_MS);
    expect(t.depth()).toBe(3);
    expect(t.timers).toHaveLength(0);
  });
});
