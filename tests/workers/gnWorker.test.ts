/**
 * The worker adapters: the real worker files under @vitest/web-worker, through comlink directly
 * and through the page's worker client (src/compute/workerClient.ts via client.ts, trainClient.ts
 * and matrixImport.ts).
 */
import '@vitest/web-worker';
import { describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import type { GnWorkerApi } from '../../workers/gn.worker';
import { defaultConfig } from '../../src/core/config';
import { evaluate } from '../../src/core/gn/evaluate';
import { explain } from '../../src/core/explain/explain';
import type { EvalResult } from '../../src/core/types';
import { createGnWorker } from '../../src/compute/client';
import { createTrainWorker } from '../../src/compute/trainClient';
import { workerParser } from '../../src/compute/matrixImport';
import { expectAllClose } from '../helpers/allclose';
import { present } from '../helpers/present';

function smallConfig() {
  const c = defaultConfig();
  Object.assign(c, { L: 3, d: 6, k: 3, m: [8, 8], seed: 4 });
  c.data = { ...c.data, n: 40, kappa: 10 };
  return c;
}

describe('gn worker', () => {
  it('explains a configuration as the core does, structured-cloned intact (∞ included)', async () => {
    const worker = new Worker(new URL('../../workers/gn.worker.ts', import.meta.url), {
      type: 'module',
    });
    const api = Comlink.wrap<GnWorkerApi>(worker);
    // a bottleneck (m₁ = 2 < d = 6) makes some κ(P_l)κ(Q_l) infinite
    const config = { ...smallConfig(), m: [2, 8] };
    expect(await api.explain(config)).toStrictEqual(explain(config));
    worker.terminate();
  });

  it('the real worker file computes the same κ as the core, through comlink', async () => {
    const worker = new Worker(new URL('../../workers/gn.worker.ts', import.meta.url), {
      type: 'module',
    });
    const api = Comlink.wrap<GnWorkerApi>(worker);
    const config = smallConfig();
    const remote = await api.evaluate(config);
    const local = evaluate(config);
    expect(remote.kappa).toBe(local.kappa);
    expect(remote.eigenvalues).toStrictEqual(local.eigenvalues);
    expect(remote.bounds.convex?.value).toBe(local.bounds.convex?.value);
    expect(await api.warmUp()).toBeGreaterThanOrEqual(0);
    // spectrum first: the proxy callback sees κ before the bounds exist, and its answer says
    // whether the bounds are still wanted
    const seen: number[] = [];
    const streamed = await api.evaluate(
      config,
      Comlink.proxy((p: EvalResult) => {
        seen.push(p.kappa, Object.keys(p.bounds).length);
        return true;
      }),
    );
    expect(seen).toStrictEqual([local.kappa, 0]);
    expect(streamed.kappa).toBe(local.kappa);
    expect(streamed.bounds.convex?.value).toBe(local.bounds.convex?.value);
    // a superseded request (the callback answers false) skips the bounds
    const superseded = await api.evaluate(
      config,
      Comlink.proxy(() => false),
    );
    expect(superseded.kappa).toBe(local.kappa);
    expect(superseded.bounds).toStrictEqual({});
    // a core error crosses the worker boundary as a rejected promise with the same message
    const bad = {
      ...config,
      L: 1,
      m: [],
      weights: [
        [
          [NaN, 1, 0, 0, 0, 0],
          [0, 1, 0, 0, 0, 0],
          [0, 0, 1, 0, 0, 0],
        ],
      ],
    };
    await expect(api.evaluate(bad)).rejects.toThrow(/weights\[0\] contains NaN or Infinity/);
    worker.terminate();
  });
});

describe('train worker', () => {
  it('starts, advances in chunks to the same trajectory as train(), and stops', async () => {
    const { train } = await import('../../src/core/gn/train');
    const { normalizeConfig } = await import('../../src/core/config');
    const worker = new Worker(new URL('../../workers/train.worker.ts', import.meta.url), {
      type: 'module',
    });
    const api = Comlink.wrap<import('../../workers/train.worker').TrainWorkerApi>(worker);
    const { config } = normalizeConfig({ L: 2, d: 4, k: 2, m: 6, data: { n: 20 } });
    const settings = { epochs: 12, lr: 0.1, every: 4 };
    const { first, totalSteps } = await api.start(7, config, settings);
    expect(totalSteps).toBe(12);
    const records = [first];
    let done = false;
    while (!done) {
      const chunk = await api.advance(7, 5);
      records.push(...chunk.records);
      done = chunk.done;
    }
    const direct = train(config, settings);
    expect(records.map((r) => [r.step, r.loss, r.kappa])).toStrictEqual(
      direct.map((r) => [r.step, r.loss, r.kappa]),
    );
    expect(await api.stop(7)).toBe(true);
    await expect(api.advance(7, 1)).rejects.toThrow(/no training run 7/);
    worker.terminate();
  });
});

describe("the page's clients of the real workers", () => {
  it('the pool worker streams the spectrum, then the bounds; terminating it ends its calls', async () => {
    const worker = createGnWorker();
    const config = smallConfig();
    const local = evaluate(config);
    const seen: number[] = [];
    const result = await worker.api.evaluate(config, (partial) => {
      seen.push(partial.kappa, Object.keys(partial.bounds).length);
      return true;
    });
    expect(seen).toStrictEqual([local.kappa, 0]);
    expect(result.kappa).toBe(local.kappa);
    expect(result.bounds.convex?.value).toBe(local.bounds.convex?.value);
    const brief = await worker.api.evaluateBrief(config);
    expect(brief.kappa).toBe(local.kappa);
    // the direction view's call: the same eigenvalues as the core's spectrum, both ends
    const dir = await worker.api.direction(config);
    if (dir.kind !== 'linear') expect.unreachable(`a linear net gave a ${dir.kind} direction`);
    expectAllClose(present(dir.max, 'max').value, local.eigenvalues[0]!, { rtol: 1e-10 });
    expectAllClose(
      present(dir.minPositive, 'minPositive').value,
      local.eigenvalues[local.rank - 1]!,
      { rtol: 1e-8 },
    );
    expect(dir.max?.template.length).toBe(config.k * config.d);
    const pending = worker.api.evaluate({ ...config, seed: 5 });
    worker.terminate();
    await expect(pending).rejects.toThrow('the computation worker was terminated');
    expect(worker.isDead?.()).toBe(true);
  });

  it('the training worker starts and advances a run', async () => {
    const { normalizeConfig } = await import('../../src/core/config');
    const handle = createTrainWorker();
    const { config } = normalizeConfig({ L: 2, d: 4, k: 2, m: 6, data: { n: 20 } });
    const { totalSteps } = await handle.api.start(1, config, { epochs: 3, lr: 0.1, every: 1 });
    expect(totalSteps).toBe(3);
    const chunk = await handle.api.advance(1, 10);
    expect(chunk.done).toBe(true);
    handle.terminate();
    expect(handle.isDead?.()).toBe(true);
  });

  it('the import worker parses a CSV file', async () => {
    const file = new File(['1,2\n3,4\n'], 'x.csv', { type: 'text/csv' });
    await expect(workerParser(file, 'x.csv')).resolves.toStrictEqual({
      ok: true,
      value: [
        [1, 2],
        [3, 4],
      ],
      warnings: [],
    });
  });
});
