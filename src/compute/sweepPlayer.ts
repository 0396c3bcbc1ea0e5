/**
 * The sweep's play button at work (issue #18, "Motion"): while `sweepPlay.playing`, sets the
 * swept parameter to each of the sweep's values in turn, with the store action its slider uses,
 * and takes the next step only once the page shows the answer for the current one, after the
 * dwell of the chosen speed (the decisions are the pure src/model/sweepMotion.ts). Everything
 * that renders the store (the headline, the histogram, the sweep's marker, the per-layer view)
 * follows each step, and so does the URL (src/state/urlSync.ts).
 *
 * Play pauses when the user changes the configuration or the sweep, at the end (unless looping),
 * and when a step fails or the size guard holds it back (with a notice). Runs outside React, like
 * the orchestrator; the timers are injected so tests can drive it.
 */
import type { GnConfig } from '../core/types';
import { playDecision, playStart, playValues, sweepAxisEdit } from '../model/sweepMotion';
import type { PlayAnswer } from '../model/sweepMotion';
import { sweepAxisValue } from '../model/sweepPlan';
import { SWEEP_AXES } from '../model/urlCodec';
import type { AppState } from '../state/storeTypes';
import type { AppStore } from '../state/store';
import { clockWith, configKey } from './jobs';
import type { Clock } from './jobs';

/** Where the answer for the configuration on screen stands (src/state/slices/resultsSlice.ts). */
export function playAnswer(s: Pick<AppState, 'params' | 'current'>): PlayAnswer {
  const key = configKey(s.params);
  const { current } = s;
  if (current.guard && current.guard.key === key) return 'held';
  if (current.requestKey !== key) return 'pending';
  if (current.status === 'error') return 'failed';
  return current.status === 'idle' && current.resultKey === key ? 'shown' : 'pending';
}

const STOP_NOTICES = {
  failed: (label: string) => `Play stopped: the evaluation at ${label} failed.`,
  held: (label: string) =>
    `Play stopped at ${label}: the size guard waits for "Compute anyway" (see the result).`,
} as const;

/** Starts the player; returns a function that stops it. */
export function startSweepPlayer(store: AppStore, clockOverrides: Partial<Clock> = {}) {
  const clock = clockWith(clockOverrides);
  /** the values being played, and the index of the one on screen (-1: before the first) */
  let values: number[] = [];
  let index = -1;
  let timer: unknown = null;
  /** the configuration the player's own last step made (any other change is the user's) */
  let ownParams: GnConfig | null = null;
  let stepping = false;
  let stepped = false;

  const cancelTimer = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };
  const pause = () => store.getState().setPlaying(false);

  function step(to: number): void {
    const s = store.getState();
    const edit = sweepAxisEdit(s.sweepSettings.axis, values[to]!);
    index = to;
    stepping = true;
    try {
      if (edit.kind === 'width') s.setWidth(edit.width);
      else s.updateParams(edit.patch);
    } finally {
      stepping = false;
    }
    ownParams = store.getState().params;
    stepped = true;
    decide();
  }

  /** Acts on the answer for the step on screen: wait, step after the dwell, or stop. */
  function decide(): void {
    const s = store.getState();
    if (!s.sweepPlay.playing || stepping || timer !== null) return;
    const decision = playDecision({
      values,
      index,
      answer: playAnswer(s),
      loop: s.sweepPlay.loop,
      speed: s.sweepPlay.speed,
    });
    if (decision.kind === 'wait') return;
    if (decision.kind === 'step') {
      timer = clock.setTimeout(() => {
        timer = null;
        if (store.getState().sweepPlay.playing) step(decision.index);
      }, decision.afterMs);
      return;
    }
    if (decision.reason !== 'end') {
      const axis = SWEEP_AXES[s.sweepSettings.axis];
      const label = `${axis.symbol} = ${sweepAxisValue(s.params, s.sweepSettings.axis)}`;
      s.addNotices([STOP_NOTICES[decision.reason](label)]);
    }
    pause();
  }

  function begin(): void {
    const s = store.getState();
    values = playValues(s.sweepSettings);
    ownParams = s.params;
    stepped = false;
    if (values.length < 2) {
      pause();
      return;
    }
    const start = playStart(values, sweepAxisValue(s.params, s.sweepSettings.axis));
    index = start.index;
    if (start.rewind) step(0);
    else decide();
  }

  function end(): void {
    cancelTimer();
    ownParams = null;
    // The last step becomes a history entry of its own: Back returns to before the play.
    if (stepped) store.getState().commitHistory();
    stepped = false;
  }

  const unsubscribe = [
    store.subscribe(
      (s) => s.sweepPlay.playing,
      (playing) => (playing ? begin() : end()),
    ),
    store.subscribe(
      (s) => s.params,
      (params) => {
        if (!store.getState().sweepPlay.playing || stepping) return;
        // A user touching a control (or Back) takes over from the player.
        if (params !== ownParams) pause();
      },
    ),
    store.subscribe(
      (s) => s.sweepSettings,
      () => {
        if (store.getState().sweepPlay.playing) pause();
      },
    ),
    store.subscribe((s) => s.current, decide),
  ];

  return () => {
    cancelTimer();
    for (const off of unsubscribe) off();
  };
}
