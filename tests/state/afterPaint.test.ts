/**
 * The store one frame late (src/state/afterPaint.ts, docs/architecture.md §7): it shows the
 * source's state only once the frame after a change has run, collapses changes, notifies once,
 * and schedules nothing while nobody reads it.
 */
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createAfterPaintStore } from '../../src/state/afterPaint';

/** A frame clock the test advances by hand. */
function fakeFrames() {
  const queued: (() => void)[] = [];
  return {
    afterFrame: (run: () => void) => void queued.push(run),
    pending: () => queued.length,
    /** the frame is painted: run what waited for it */
    paint() {
      for (const run of queued.splice(0)) run();
    },
  };
}

/** Lets the microtasks queued so far run (the view schedules its catch-up from one). */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('createAfterPaintStore', () => {
  it('shows a change only after the next frame, then tells its listeners once', async () => {
    const source = createStore<{ x: number }>()(() => ({ x: 0 }));
    const frames = fakeFrames();
    const view = createAfterPaintStore(source, frames.afterFrame);
    const seen: number[] = [];
    view.subscribe((state) => seen.push(state.x));
    source.setState({ x: 1 });
    source.setState({ x: 2 });
    source.setState({ x: 3 });
    expect(view.getState().x).toBe(0);
    expect(view.isBehind()).toBe(true);
    await settle();
    // three changes, one frame to wait for
    expect(frames.pending()).toBe(1);
    frames.paint();
    expect(view.getState().x).toBe(3);
    expect(view.isBehind()).toBe(false);
    expect(seen).toEqual([3]);
  });

  it('schedules its catch-up after the task that changed the store', async () => {
    const source = createStore<{ x: number }>()(() => ({ x: 0 }));
    const order: string[] = [];
    const view = createAfterPaintStore(source, (run) => {
      order.push('catch-up scheduled');
      run();
    });
    view.subscribe(() => order.push('caught up'));
    source.setState({ x: 1 });
    order.push('rest of the task');
    await settle();
    expect(order).toEqual(['rest of the task', 'catch-up scheduled', 'caught up']);
  });

  it('schedules nothing without listeners and starts from the present state', async () => {
    const source = createStore<{ x: number }>()(() => ({ x: 0 }));
    const frames = fakeFrames();
    const view = createAfterPaintStore(source, frames.afterFrame);
    source.setState({ x: 5 });
    await settle();
    expect(frames.pending()).toBe(0);
    const stop = view.subscribe(() => undefined);
    expect(view.getState().x).toBe(5);
    stop();
    source.setState({ x: 6 });
    await settle();
    expect(frames.pending()).toBe(0);
    expect(view.getInitialState()).toBe(source.getInitialState());
  });

  it('a change back to the shown state before the frame notifies nobody', async () => {
    const initial = { x: 0 };
    const source = createStore<{ x: number }>()(() => initial);
    const frames = fakeFrames();
    const view = createAfterPaintStore(source, frames.afterFrame);
    let calls = 0;
    view.subscribe(() => calls++);
    source.setState({ x: 1 });
    source.setState(initial, true);
    await settle();
    frames.paint();
    expect(calls).toBe(0);
    expect(view.getState()).toBe(initial);
  });
});

describe('createAfterPaintStore with a hold', () => {
  /** A source whose state says whether a job is computing; a timer the test fires by hand. */
  function held(maxHoldMs = 250) {
    const source = createStore<{ computing: boolean; x: number }>()(() => ({
      computing: false,
      x: 0,
    }));
    const frames = fakeFrames();
    const timers: { run: () => void; ms: number; cleared: boolean }[] = [];
    const view = createAfterPaintStore(source, frames.afterFrame, {
      holdWhile: (s) => s.computing,
      maxHoldMs,
      setTimeout: (run, ms) => timers.push({ run, ms, cleared: false }) - 1,
      clearTimeout: (id) => {
        timers[id as number]!.cleared = true;
      },
    });
    const seen: { computing: boolean; x: number }[] = [];
    view.subscribe((state) => seen.push(state));
    return { source, frames, timers, view, seen };
  }

  it('skips the computing state of a job answered within the hold', async () => {
    const { source, frames, timers, seen } = held();
    source.setState({ computing: true, x: 1 });
    await settle();
    frames.paint();
    expect(seen).toEqual([]);
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBe(250);
    source.setState({ computing: false, x: 2 });
    await settle();
    frames.paint();
    expect(seen).toEqual([{ computing: false, x: 2 }]);
    expect(timers[0]!.cleared).toBe(true);
  });

  it('shows the computing state once the hold runs out', async () => {
    const { source, frames, timers, view, seen } = held();
    source.setState({ computing: true, x: 1 });
    await settle();
    frames.paint();
    expect(view.isBehind()).toBe(true);
    timers[0]!.run();
    expect(seen).toEqual([{ computing: true, x: 1 }]);
    expect(view.isBehind()).toBe(false);
  });

  it('does not hold without a positive time', async () => {
    const { source, frames, seen } = held(0);
    source.setState({ computing: true, x: 1 });
    await settle();
    frames.paint();
    expect(seen).toEqual([{ computing: true, x: 1 }]);
  });
});
