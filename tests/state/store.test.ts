import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/core/config';
import type { EvalResult } from '../../src/core/types';
import { selectShownSweep } from '../../src/state/selectors';
import { createAppStore } from '../../src/state/store';

function fakeResult(kappa: number): EvalResult {
  return {
    kappa,
    rank: 2,
    size: 2,
    method: 'reduced-kd',
    eigenvalues: [kappa, 1],
    discarded: [],
    zeroCount: 0,
    params: 2,
    rankTheory: 2,
    kappaSigma: 1,
    rankSigma: 1,
    sigmaEigenvalues: [1],
    bounds: {
      convex: {
        id: 'convex',
        value: 2 * kappa,
        kind: 'upper',
        applies: true,
        proved: true,
        ratio: 2,
      },
      max: {
        id: 'max',
        value: null,
        kind: 'upper',
        applies: false,
        proved: true,
        ratio: null,
        reason: 'a bottleneck',
      },
    },
    warnings: [],
    kernel: 'fake',
    ms: 1,
  };
}

describe('params slice', () => {
  it('starts on the defaults', () => {
    expect(createAppStore().getState().params).toEqual(DEFAULT_CONFIG);
  });

  it('clamps and rounds numbers as the URL carries them', () => {
    const store = createAppStore();
    store.getState().updateParams({ beta: 0.123456789, L: 200, data: { kappa: 12345.678 } });
    const { params } = store.getState();
    expect(params.beta).toBe(0.123457);
    expect(params.L).toBe(64);
    expect(params.data.kappa).toBe(12350);
    expect(params.data.n).toBe(DEFAULT_CONFIG.data.n);
  });

  it('keeps the widths consistent with the depth', () => {
    const store = createAppStore();
    store.getState().updateParams({ L: 5 });
    expect(store.getState().params.m).toEqual([100, 100, 100, 100]);
    store.getState().setWidth(33.4);
    expect(store.getState().params.m).toEqual([33, 33, 33, 33]);
    store.getState().updateParams({ L: 1 });
    expect(store.getState().params.m).toEqual([]);
  });

  it('draws a new seed and keeps everything else', () => {
    const seeds = [1, 42];
    const store = createAppStore({ deps: { randomSeed: () => seeds.shift() ?? 0 } });
    store.getState().updateParams({ L: 4 });
    const before = store.getState().params;
    store.getState().newSeed(); // draws 1 = the current seed, so it must move on
    expect(store.getState().params.seed).toBe(2);
    store.getState().newSeed();
    expect(store.getState().params).toEqual({ ...before, seed: 42 });
  });

  it('resets to the defaults', () => {
    const store = createAppStore();
    store.getState().updateParams({ L: 7, activation: 'relu' });
    store.getState().resetParams();
    expect(store.getState().params).toEqual(DEFAULT_CONFIG);
  });
});

describe('view slice', () => {
  it('switching the axis loads that axis defaults but keeps seeds and band', () => {
    const store = createAppStore();
    store.getState().updateSweepSettings({ seeds: 5, spread: 'sd' });
    store.getState().setSweepAxis('kx');
    expect(store.getState().sweepSettings).toEqual({
      axis: 'kx',
      from: 1,
      to: 1e6,
      points: 7,
      seeds: 5,
      logX: true,
      spread: 'sd',
      compare: null,
      showBound: null,
    });
  });

  it('keeps the sweep range non-empty and clamps counts', () => {
    const store = createAppStore();
    store.getState().updateSweepSettings({ from: 20 });
    let s = store.getState().sweepSettings;
    expect([s.from, s.to]).toEqual([20, 20]);
    store.getState().updateSweepSettings({ to: 30, points: 1000, seeds: 0 });
    s = store.getState().sweepSettings;
    expect([s.from, s.to, s.points, s.seeds]).toEqual([20, 30, 40, 1]);
  });

  it('adds and dismisses notices', () => {
    const store = createAppStore();
    store.getState().addNotices(['a', 'b']);
    const [first] = store.getState().notices;
    store.getState().dismissNotice(first!.id);
    expect(store.getState().notices.map((n) => n.text)).toEqual(['b']);
    store.getState().dismissAllNotices();
    expect(store.getState().notices).toEqual([]);
  });
});

describe('results slice', () => {
  it('commits only the answer to the newest request', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().beginCurrent('a');
    s().beginCurrent('b');
    s().commitCurrent('a', fakeResult(5));
    expect(s().current.status).toBe('computing');
    expect(s().current.result).toBeNull();
    s().commitCurrent('b', fakeResult(7));
    expect(s().current).toMatchObject({ status: 'idle', resultKey: 'b' });
    expect(s().current.result?.kappa).toBe(7);
  });

  it('keeps the last result on screen while computing, and reports errors', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().beginCurrent('a');
    s().commitCurrent('a', fakeResult(5));
    s().beginCurrent('b');
    expect(s().current.result?.kappa).toBe(5);
    s().failCurrent('b', 'boom');
    expect(s().current).toMatchObject({ status: 'error', error: 'boom' });
    s().beginCurrent('c');
    s().commitCurrent('c', fakeResult(6));
    expect(s().current).toMatchObject({ status: 'idle', error: null });
  });

  it('keeps the last bounded result as the table layout while a streamed spectrum waits for its bounds', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().beginCurrent('a');
    s().commitCurrent('a', fakeResult(5));
    expect(s().current.boundsLayout).toBeNull();
    s().beginCurrent('b');
    s().commitSpectrum('b', { ...fakeResult(7), bounds: {} });
    expect(s().current.result?.kappa).toBe(7);
    expect(s().current.boundsLayout?.kappa).toBe(5);
    // a drag: the next spectrum keeps the same layout (the last result that had bounds)
    s().beginCurrent('c');
    s().commitSpectrum('c', { ...fakeResult(8), bounds: {} });
    expect(s().current.boundsLayout?.kappa).toBe(5);
    s().commitCurrent('c', fakeResult(8));
    expect(s().current).toMatchObject({ status: 'idle', boundsLayout: null });
    expect(s().current.result?.bounds.convex?.value).toBe(16);
  });

  it('streams sweep samples and shows the previous sweep until the new one has data', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().beginSweep({ key: 'k1', axis: 'L', xs: [1, 2], seeds: [1] });
    s().addSweepSample('k1', 0, { kappa: 3, bounds: { convex: 4 } });
    s().addSweepSample('k1', 1, { error: 'no' });
    expect(s().sweep).toMatchObject({ done: 2, failed: 1, status: 'done', firstError: 'no' });
    s().beginSweep({ key: 'k2', axis: 'L', xs: [1, 2], seeds: [1] });
    expect(selectShownSweep(s())).toMatchObject({ stale: true });
    expect(selectShownSweep(s()).run?.key).toBe('k1');
    s().addSweepSample('stale-key', 0, { kappa: 1, bounds: {} });
    expect(s().sweep?.done).toBe(0);
    s().addSweepSample('k2', 1, { kappa: 9, bounds: {} });
    expect(selectShownSweep(s())).toMatchObject({ stale: false });
    expect(selectShownSweep(s()).run?.key).toBe('k2');
  });
});

describe('reconciling every change', () => {
  it('derives d and k from image data, caps n, and reports it', () => {
    const store = createAppStore();
    store.getState().updateParams({ data: { source: 'digits', n: 5000, stride: 2 } });
    const { params, notices } = store.getState();
    expect([params.d, params.k, params.data.n]).toEqual([16, 10, 1797]);
    expect(notices.map((n) => n.text).join('\n')).toMatch(/1797/);
    store.getState().updateParams({ d: 30 });
    expect(store.getState().params.d).toBe(16);
    expect(
      store
        .getState()
        .notices.map((n) => n.text)
        .join('\n'),
    ).toMatch(/d = 30/);
  });

  it('keeps the CNN linear and its kernel within the signal', () => {
    const store = createAppStore();
    store.getState().updateParams({ activation: 'relu', batchNorm: true });
    store.getState().updateParams({ model: 'cnn1d', kernel: 60 });
    const { params, notices } = store.getState();
    expect(params.activation).toBe('linear');
    expect(params.batchNorm).toBe(false);
    expect(params.kernel).toBe(49);
    expect(notices).toHaveLength(3);
  });

  it('does not repeat a notice already on screen', () => {
    const store = createAppStore({
      params: {
        ...DEFAULT_CONFIG,
        model: 'cnn1d',
        m: [100, 100],
        data: { ...DEFAULT_CONFIG.data },
      },
    });
    store.getState().updateParams({ kernel: 60 });
    store.getState().updateParams({ kernel: 61 });
    store.getState().addNotices(['x', 'x']);
    expect(
      store
        .getState()
        .notices.map((n) => n.text)
        .filter((t) => t === 'x'),
    ).toHaveLength(1);
    expect(store.getState().notices.filter((n) => /Kernel size K = 6/.test(n.text))).toHaveLength(
      2,
    );
  });
});

describe('compare settings', () => {
  it('sets and clears compare series with the bound shown', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().setShowBound('convex');
    expect(s().sweepSettings.showBound).toBeNull(); // only with a comparison
    s().setCompare({ kind: 'm', values: ['50', '100'] });
    s().setShowBound('convex');
    expect(s().sweepSettings).toMatchObject({
      compare: { kind: 'm', values: ['50', '100'] },
      showBound: 'convex',
    });
    s().setCompare(null);
    expect(s().sweepSettings).toMatchObject({ compare: null, showBound: null });
  });

  it('drops a comparison that sets the new sweep axis, with a notice', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().setCompare({ kind: 'm', values: ['50'] });
    s().setSweepAxis('beta');
    expect(s().sweepSettings.compare).toEqual({ kind: 'm', values: ['50'] });
    s().setSweepAxis('m');
    expect(s().sweepSettings.compare).toBeNull();
    expect(s().notices).toHaveLength(1);
    s().setCompare({ kind: 'mprop', values: ['5'] });
    expect(s().sweepSettings.compare).toBeNull(); // conflicts with the width axis
  });
});

describe('size guard and long sweeps in the store', () => {
  it('holds a request back with status idle', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().beginCurrent('a');
    s().commitCurrent('a', fakeResult(5));
    s().guardCurrent({
      key: 'b',
      estimate: {
        size: 9,
        method: 'gram-nk',
        params: 1,
        flops: 1,
        bytes: 1,
        ms: 9000,
        level: 'confirm',
      },
      suggestedN: 10,
    });
    expect(s().current).toMatchObject({ status: 'idle', requestKey: 'b' });
    expect(s().current.guard?.suggestedN).toBe(10);
    s().beginCurrent('b');
    expect(s().current.guard).toBeNull();
  });

  it('waits for approval before a long sweep and never counts skipped points', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().beginSweep(
      {
        key: 'k',
        axis: 'L',
        xs: [1, 2],
        seeds: [1],
        series: [{ key: 'all', label: '' }],
        skipped: [null, 'too large'],
        jobs: 1,
        estimateMs: 40_000,
      },
      true,
    );
    expect(s().sweep).toMatchObject({ status: 'confirm', total: 1 });
    s().approveSweep('k');
    expect(s().sweep?.status).toBe('waiting');
    expect(s().approvedSweepKey).toBe('k');
    s().markSweepRunning('k');
    s().addSweepSample('k', 1, { kappa: 1, bounds: {} }); // skipped: ignored
    expect(s().sweep?.done).toBe(0);
    s().addSweepSample('k', 0, { kappa: 2, bounds: {} });
    expect(s().sweep).toMatchObject({ status: 'done', done: 1 });
  });
});
