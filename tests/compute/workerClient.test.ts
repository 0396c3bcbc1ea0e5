/**
 * The worker client (src/compute/workerClient.ts): every call settles, whether the worker
 * answers, dies (a script that fails to load, an unreadable message), is terminated, or the call
 * is aborted or passes its time limit.
 */
import { describe, expect, it } from 'vitest';
import { test as propTest, fc } from '@fast-check/vitest';
import { createWorkerClient } from '../../src/compute/workerClient';
import type { CallOptions, WorkerClientOptions } from '../../src/compute/workerClient';
import { isAbortError } from '../../src/compute/workerPool';
import { FakeWorker } from './fakeWorkers';

/** The API of a test worker: `add` answers, `hang` never does; `sent` counts the calls. */
function makeApi() {
  const api = {
    sent: 0,
    add(a: number, b: number): number {
      api.sent++;
      return a + b;
    },
    hang(): Promise<number> {
      api.sent++;
      return new Promise<number>(() => undefined);
    },
  };
  return api;
}
type TestApi = ReturnType<typeof makeApi>;

function setup(api: object | undefined = makeApi(), options: Partial<WorkerClientOptions> = {}) {
  const worker = new FakeWorker(api);
  const client = createWorkerClient<TestApi>(() => worker, {
    label: 'the test worker',
    ...options,
  });
  return { worker, client };
}

/** Lets the promise callbacks run (no messages involved). */
const microtasks = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('worker client', () => {
  it('answers through comlink', async () => {
    const { client, worker } = setup();
    await expect(client.call((remote) => remote.add(2, 3))).resolves.toBe(5);
    expect(client.isDead()).toBe(false);
    client.terminate();
    expect(worker.terminated).toBe(1);
  });

  it('a worker that fails to load rejects the pending call and every later one', async () => {
    // No API: the script never ran, as for a 404 or a syntax error in the module.
    const { client, worker } = setup(undefined);
    const pending = client.call((remote) => remote.hang());
    setTimeout(() => worker.fail('error'), 0);
    await expect(pending).rejects.toThrow('the test worker stopped: it could not start');
    expect(client.isDead()).toBe(true);
    expect(worker.terminated).toBe(1);
    await expect(client.call((remote) => remote.add(1, 1))).rejects.toThrow(
      'the test worker stopped: it could not start',
    );
  });

  it.each([
    [
      'error',
      'SyntaxError: Unexpected token',
      'the test worker stopped: SyntaxError: Unexpected token',
    ],
    ['messageerror', undefined, 'the test worker stopped: a message could not be read'],
  ] as const)('a worker dying with %s says why', async (type, detail, message) => {
    const { client, worker } = setup();
    const pending = client.call((remote) => remote.hang());
    worker.fail(type, detail);
    await expect(pending).rejects.toThrow(message);
    expect(worker.terminated).toBe(1);
  });

  it('an abort rejects the call with an AbortError and terminates the worker', async () => {
    const { client, worker } = setup();
    const abort = new AbortController();
    const aborted = client.call((remote) => remote.hang(), { signal: abort.signal });
    const other = client.call((remote) => remote.hang());
    abort.abort();
    await expect(aborted).rejects.toSatisfy(isAbortError);
    // the worker is gone, so the other call cannot be answered either
    await expect(other).rejects.toThrow('the test worker was stopped (a call was cancelled)');
    expect(worker.terminated).toBe(1);
    expect(client.isDead()).toBe(true);
  });

  it('a call aborted before it is sent is never sent, and the worker stays', async () => {
    const api = makeApi();
    const { client, worker } = setup(api);
    const abort = new AbortController();
    abort.abort();
    await expect(
      client.call((remote) => remote.add(1, 2), { signal: abort.signal }),
    ).rejects.toSatisfy(isAbortError);
    await expect(client.call((remote) => remote.add(1, 2))).resolves.toBe(3);
    expect(api.sent).toBe(1);
    expect(worker.terminated).toBe(0);
    client.terminate();
  });

  it('a call past its time limit is stopped with its worker; an answer in time clears the timer', async () => {
    const timers: { id: number; ms: number; run: () => void }[] = [];
    const cleared: unknown[] = [];
    const { client, worker } = setup(makeApi(), {
      setTimeout: (run, ms) => timers.push({ id: timers.length + 1, ms, run }),
      clearTimeout: (id) => cleared.push(id),
    });
    const limit: CallOptions = { timeLimitMs: 5000 };
    await expect(client.call((remote) => remote.add(1, 1), limit)).resolves.toBe(2);
    expect(cleared).toStrictEqual([1]);
    const hung = client.call((remote) => remote.hang(), limit);
    expect(timers.map((t) => t.ms)).toStrictEqual([5000, 5000]);
    timers[1]!.run();
    await expect(hung).rejects.toThrow('the test worker took longer than 5 s and was stopped');
    await expect(hung).rejects.toMatchObject({ name: 'JobTimeoutError' });
    expect(worker.terminated).toBe(1);
    expect(client.isDead()).toBe(true);
  });

  it('terminating rejects the calls still pending', async () => {
    const { client, worker } = setup();
    const pending = client.call((remote) => remote.hang());
    client.terminate();
    client.terminate();
    await expect(pending).rejects.toThrow('the test worker was terminated');
    expect(worker.terminated).toBe(1);
  });

  it('a worker that cannot be created rejects every call', async () => {
    const client = createWorkerClient<TestApi>(
      () => {
        throw new Error('blocked by the Content-Security-Policy');
      },
      { label: 'the test worker' },
    );
    expect(client.isDead()).toBe(true);
    await expect(client.call((remote) => remote.add(1, 1))).rejects.toThrow(
      'the test worker could not start: blocked by the Content-Security-Policy',
    );
  });

  // Any order of answers, failures, aborts and a death: every call settles exactly as the rules
  // say, and the worker is terminated at most once. The calls' answers are held by the test
  // (`send` returns the test's promise), so the order is exact.
  const events = (calls: number) =>
    fc.array(
      fc.oneof(
        fc.record({
          kind: fc.constantFrom('answer' as const, 'fail' as const, 'abort' as const),
          call: fc.integer({ min: 0, max: calls - 1 }),
        }),
        fc.constant({ kind: 'die' as const }),
        fc.constant({ kind: 'terminate' as const }),
      ),
      { maxLength: 12 },
    );
  propTest.prop(
    [fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.constant(n), events(n)))],
    { numRuns: 120 },
  )('every call settles by the first of its answer, its abort or the end', async ([n, script]) => {
    const { client, worker } = setup(undefined);
    const held = Array.from({ length: n }, () => {
      let resolve!: (v: number) => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<number>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject, abort: new AbortController() };
    });
    const seen: (string | null)[] = held.map(() => null);
    held.forEach((h, i) => {
      client
        .call(() => h.promise, { signal: h.abort.signal })
        .then(
          (v) => {
            seen[i] = `value ${v}`;
          },
          (e: Error) => {
            seen[i] = isAbortError(e) ? 'aborted' : e.message;
          },
        );
    });
    // the model: the first event that concerns a call decides it
    const expected: (string | null)[] = held.map(() => null);
    let end: string | null = null;
    const endAll = (message: string) => {
      if (end !== null) return;
      end = message;
      expected.forEach((e, i) => (expected[i] = e ?? message));
    };
    for (const event of script) {
      if (event.kind === 'die') {
        worker.fail('error');
        endAll('the test worker stopped: it could not start');
      } else if (event.kind === 'terminate') {
        client.terminate();
        endAll('the test worker was terminated');
      } else {
        const h = held[event.call]!;
        const undecided = expected[event.call] === null;
        if (event.kind === 'answer') h.resolve(event.call);
        if (event.kind === 'fail') h.reject(new Error(`failed ${event.call}`));
        if (event.kind === 'abort') h.abort.abort();
        if (undecided && event.kind === 'answer') expected[event.call] = `value ${event.call}`;
        if (undecided && event.kind === 'fail') expected[event.call] = `failed ${event.call}`;
        if (undecided && event.kind === 'abort') {
          expected[event.call] = 'aborted';
          endAll('the test worker was stopped (a call was cancelled)');
        }
      }
      await microtasks();
      expect(seen).toStrictEqual(expected);
    }
    expect(worker.terminated).toBe(end === null ? 0 : 1);
    expect(client.isDead()).toBe(end !== null);
    client.terminate();
  });
});
