/**
 * The alternating rounds of the threaded benchmark rows (src/cli/benchThreads.ts), shared by
 * `gnlens bench` and scripts/bench-browser.mjs: ours and numpy alternate round by round, rows are
 * the medians per thread count, a row is `identical` only when every round was, and numpy's
 * fields appear only when numpy answered. The timings here are scripted, not measured.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alternatingThreadRows, type NumpyRun, type ThreadRound } from '../../src/cli/benchThreads';
import { benchMatrix } from '../../src/core/benchmark';

const dir = mkdtempSync(join(tmpdir(), 'gnlens-bench-rounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Ours: per round, 1, 2 and 4 threads at the listed times; `differs` marks a round whose 2-thread bits differ. */
function scriptedRound(times: number[][], differs = -1): { round: ThreadRound; log: string[] } {
  const log: string[] = [];
  let r = 0;
  const round: ThreadRound = (n) => {
    log.push(`ours ${n}`);
    const t = times[r]!;
    const out = [1, 2, 4].map((threads, i) => ({
      threads,
      ms: t[i]!,
      identical: !(r === differs && threads === 2),
    }));
    r++;
    return Promise.resolve(out);
  };
  return { round, log };
}

describe('alternatingThreadRows', () => {
  it('alternates ours and numpy, takes medians, and hands numpy the same matrix', async () => {
    const { round, log } = scriptedRound([
      [30, 20, 25],
      [10, 12, 40],
      [20, 16, 35],
    ]);
    const npTimes = [9, 7, 8];
    const jobs: { n: number; file: string; reps: number; warmup: boolean }[] = [];
    const numpy: NumpyRun = (job) => {
      const k = job.kernels[0]!;
      jobs.push(k);
      log.push(`numpy ${k.n}`);
      return Promise.resolve({ kernels: [{ n: k.n, ms: npTimes[jobs.length - 1]! }] });
    };
    const rows = await alternatingThreadRows(6, round, numpy, dir, 3);
    expect(log).toEqual(['ours 6', 'numpy 6', 'ours 6', 'numpy 6', 'ours 6', 'numpy 6']);
    expect(jobs.map((j) => j.warmup)).toEqual([true, false, false]);
    const bytes = readFileSync(jobs[0]!.file);
    const written = new Float64Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    expect(Array.from(written)).toEqual(Array.from(benchMatrix(6)));
    expect(rows.map((r) => [r.threads, r.ms, r.roundsMs])).toEqual([
      [1, 20, [30, 10, 20]],
      [2, 16, [20, 12, 16]],
      [4, 35, [25, 40, 35]],
    ]);
    for (const r of rows) {
      expect(r.identical).toBe(true);
      expect(r.numpyMs).toBe(8);
      expect(r.numpyRoundsMs).toEqual([9, 7, 8]);
      expect(r.ratio).toBe(r.ms / 8);
    }
  });

  it('marks a thread count whose bits differed in any round, and leaves numpy out without it', async () => {
    const { round } = scriptedRound(
      [
        [5, 4, 6],
        [5, 4, 6],
      ],
      1,
    );
    const rows = await alternatingThreadRows(4, round, () => Promise.resolve(null), dir, 2);
    expect(rows.map((r) => r.identical)).toEqual([true, false, true]);
    for (const r of rows) {
      expect(r.numpyMs).toBeUndefined();
      expect(r.ratio).toBeUndefined();
      expect(r.numpyRoundsMs).toBeUndefined();
    }
  });

  it('gives no rows when the threaded kernel is unavailable (an empty round)', async () => {
    const rows = await alternatingThreadRows(
      4,
      () => Promise.resolve([]),
      () => Promise.resolve(null),
      dir,
      2,
    );
    expect(rows).toEqual([]);
  });
});
