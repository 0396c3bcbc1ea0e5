import { describe, expect, it } from 'vitest';
import { poolSizeFor } from '../../src/compute/client';
import { WorkerPool, isAbortError } from '../../src/compute/workerPool';
import type { PoolWorker } from '../../src/compute/workerPool';

interface Call {
  worker: number;
  input: string;
  resolve: (v: string) => void;
  reject: (e: Error) => void;
}
type Api = { run(input: string): Promise<string> };

function setup(size: number, abortGraceMs = 0, reservedSlots = 0) {
  const calls: Call[] = [];
  const terminated: number[] = [];
  const timers: (() => void)[] = [];
  let created = 0;
  const factory = (): PoolWorker<Api> => {
    const worker = created++;
    return {
      api: {
        run: (input) =>
          new Promise((resolve, reject) => calls.push({ worker, input, resolve, reject })),
      },
      terminate: () => terminated.push(worker),
    };
  };
  const pool = new WorkerPool(factory, {
    size,
    abortGraceMs,
    reservedSlots,
    setTimeout: (h) => timers.push(h),
    clearTimeout: () => undefined,
  });
  const tick = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return { pool, calls, terminated, timers, tick, created: () => created };
}

describe('worker pool', () => {
  it('clamps the size to the cores, between 1 and 4', () => {
    expect(poolSizeFor(undefined)).toBe(1);
    expect(poolSizeFor(0)).toBe(1);
    expect(poolSizeFor(2)).toBe(2);
    expect(poolSizeFor(64)).toBe(4);
  });

  it('runs at most `size` jobs at once, lower priority numbers first', async () => {
    const { pool, calls, tick } = setup(2);
    const results: string[] = [];
    for (const input of ['s1', 's2', 's3']) {
      void pool.submit((api) => api.run(input), { priority: 1 }).then((r) => results.push(r));
    }
    void pool.submit((api) => api.run('current'), { priority: 0 }).then((r) => results.push(r));
    expect(calls.map((c) => c.input)).toEqual(['s1', 's2']);
    expect(pool.queued).toBe(2);
    calls[0]!.resolve('S1');
    await tick();
    expect(calls.map((c) => c.input)).toEqual(['s1', 's2', 'current']);
    expect(calls[2]!.worker).toBe(calls[0]!.worker); // the warm worker is reused
    calls[2]!.resolve('C');
    await tick();
    expect(calls[3]!.input).toBe('s3');
    expect(results).toEqual(['S1', 'C']);
  });

  it('keeps reserved slots free for urgent jobs', async () => {
    const { pool, calls, tick } = setup(3, 0, 1);
    for (const input of ['s1', 's2', 's3'])
      void pool.submit((api) => api.run(input), { priority: 1 });
    expect(calls.map((c) => c.input)).toEqual(['s1', 's2']);
    void pool.submit((api) => api.run('urgent'), { priority: 0 });
    expect(calls.map((c) => c.input)).toEqual(['s1', 's2', 'urgent']);
    calls[0]!.resolve('S1');
    await tick();
    expect(calls.map((c) => c.input)).toEqual(['s1', 's2', 'urgent']); // s3 waits: one slot stays free
    calls[2]!.resolve('U');
    await tick();
    expect(calls.at(-1)!.input).toBe('s3');
  });

  it('drops an aborted queued job without running it', async () => {
    const { pool, calls, tick } = setup(1);
    void pool.submit((api) => api.run('a'));
    const abort = new AbortController();
    const b = pool.submit((api) => api.run('b'), { signal: abort.signal });
    abort.abort();
    await expect(b).rejects.toSatisfy(isAbortError);
    calls[0]!.resolve('A');
    await tick();
    expect(calls.map((c) => c.input)).toEqual(['a']);
  });

  it('rejects a job aborted before submission', async () => {
    const { pool, calls } = setup(1);
    const abort = new AbortController();
    abort.abort();
    await expect(pool.submit((api) => api.run('x'), { signal: abort.signal })).rejects.toSatisfy(
      isAbortError,
    );
    expect(calls).toEqual([]);
  });

  it('terminates the worker of an aborted running job and replaces it lazily', async () => {
    const { pool, calls, terminated, tick, created } = setup(1);
    const abort = new AbortController();
    const stale = pool.submit((api) => api.run('stale'), { signal: abort.signal });
    expect(created()).toBe(1);
    abort.abort();
    await expect(stale).rejects.toSatisfy(isAbortError);
    expect(terminated).toEqual([0]);
    expect(created()).toBe(1); // lazily: no job, no new worker
    const fresh = pool.submit((api) => api.run('fresh'));
    expect(created()).toBe(2);
    calls[0]!.resolve('late answer of a dead worker');
    calls[1]!.resolve('F');
    await tick();
    await expect(fresh).resolves.toBe('F');
  });

  it('keeps a worker that finishes its stale job within the grace time', async () => {
    const { pool, calls, terminated, timers, tick, created } = setup(1, 150);
    const abort = new AbortController();
    const stale = pool.submit((api) => api.run('stale'), { signal: abort.signal });
    abort.abort();
    await expect(stale).rejects.toSatisfy(isAbortError);
    const next = pool.submit((api) => api.run('next'));
    expect(calls).toHaveLength(1); // the slot is draining
    calls[0]!.resolve('ignored');
    await tick();
    expect(calls.map((c) => c.input)).toEqual(['stale', 'next']);
    expect(calls[1]!.worker).toBe(0);
    timers.forEach((fire) => fire()); // the grace timer fires late: nothing to terminate
    expect(terminated).toEqual([]);
    calls[1]!.resolve('N');
    await expect(next).resolves.toBe('N');
    expect(created()).toBe(1);
  });

  it('terminates a worker whose stale job outlives the grace time', async () => {
    const { pool, calls, terminated, timers, created } = setup(1, 150);
    const abort = new AbortController();
    pool.submit((api) => api.run('long'), { signal: abort.signal }).catch(() => undefined);
    abort.abort();
    void pool.submit((api) => api.run('next'));
    timers.forEach((fire) => fire());
    expect(terminated).toEqual([0]);
    expect(created()).toBe(2);
    expect(calls.map((c) => [c.input, c.worker])).toEqual([
      ['long', 0],
      ['next', 1],
    ]);
  });

  it('passes errors through and keeps serving', async () => {
    const { pool, calls, tick } = setup(1);
    const failing = pool.submit((api) => api.run('bad'));
    calls[0]!.reject(new Error('L must be an integer'));
    await expect(failing).rejects.toThrow('L must be an integer');
    const ok = pool.submit((api) => api.run('good'));
    await tick();
    calls[1]!.resolve('G');
    await expect(ok).resolves.toBe('G');
  });

  it('disposes: every job rejected, every worker terminated', async () => {
    const { pool, terminated } = setup(2);
    const jobs = ['a', 'b', 'c'].map((x) => pool.submit((api) => api.run(x)));
    pool.dispose();
    for (const job of jobs) await expect(job).rejects.toSatisfy(isAbortError);
    expect(terminated.sort()).toEqual([0, 1]);
  });
});
