/**
 * numpy beside our timings (`gnlens bench`, scripts/bench-browser.mjs): scripts/bench_numpy.py
 * as a long-lived single-threaded process.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// this module is bundled into dist-node/, beside which scripts/ lies one level up
const scriptDir = dirname(fileURLToPath(import.meta.url));

export interface NumpyReply {
  numpy: string;
  kernels: { n: number; ms: number }[];
  evals: { name: string; ms: number; kappa: number }[];
}

/**
 * scripts/bench_numpy.py kept running single-threaded (`--serve`): one JSON job per line in, one
 * reply per line out, so numpy rounds can alternate with ours without paying python's start-up
 * and numpy's import each time. Every reply is null once python3 or numpy turned out missing
 * (or the process died).
 */
export class NumpyServer {
  private readonly child: ChildProcessByStdio<Writable, Readable, null>;
  private readonly waiting: ((reply: NumpyReply | null) => void)[] = [];
  private dead = false;

  constructor() {
    const script = resolve(scriptDir, '../scripts/bench_numpy.py');
    const env: Record<string, string | undefined> = {
      ...process.env,
      OPENBLAS_NUM_THREADS: '1',
      OMP_NUM_THREADS: '1',
      MKL_NUM_THREADS: '1',
    };
    // The machine sets OPENBLAS_CORETYPE/L2_SIZE for old OpenBLAS builds; they slow a current
    // numpy, so they are unset together for this one command (env README).
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
    this.child = spawn('python3', [script, '--serve'], {
      env,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const fail = (): void => {
      this.dead = true;
      for (const w of this.waiting.splice(0)) w(null);
    };
    this.child.on('error', fail); // e.g. no python3
    this.child.on('exit', fail); // e.g. no numpy: the import fails
    this.child.stdin.on('error', fail); // EPIPE after an early exit
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      let reply: NumpyReply | null;
      try {
        reply = JSON.parse(line) as NumpyReply;
      } catch {
        reply = null;
      }
      this.waiting.shift()?.(reply);
    });
  }

  /** Runs one job (see scripts/bench_numpy.py); null when numpy is unavailable. */
  run(job: unknown): Promise<NumpyReply | null> {
    if (this.dead) return Promise.resolve(null);
    return new Promise((done) => {
      this.waiting.push(done);
      this.child.stdin.write(`${JSON.stringify(job)}\n`);
    });
  }

  /** Closes python's stdin (it exits) and waits for it to end. */
  async close(): Promise<void> {
    if (this.dead) return;
    const ended = new Promise<void>((done) => {
      this.child.once('exit', () => done());
      this.child.once('error', () => done());
    });
    this.child.stdin.end();
    await ended;
  }
}
