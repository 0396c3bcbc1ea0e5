/**
 * The gnlens command line (contract.md §2). Bundled to dist-node/cli.mjs by scripts/build-node.mjs
 * (Node 20 cannot run TypeScript), started by bin/gnlens.mjs.
 */
import { installFastestKernel, installThreadedKernel } from '../core/linalg/kernels';
import {
  createNodeThreadedEigvals,
  createNodeThreadedGemm,
  defaultEigenThreads,
} from './eigThreads';
import { installThreadedGemm } from '../core/linalg/gemm';
import { CliError } from './cliError';
import { readConfigText } from './readInput';
import { runBench } from './bench';
import { configFromJsonText, configFromUrl, runEval } from './evalCommand';
import { runSweep } from './sweepCommand';
import { runTrain } from './trainCommand';
import { applyOwnFiles, hasOwnFiles, takeOwnFlags } from './ownNetwork';
import type { GnConfig } from '../core/types';

const USAGE = `gnlens: exact Gauss-Newton spectra and condition-number bounds

Usage:
  gnlens eval <config.json | ->        evaluate a JSON configuration (file or stdin)
  gnlens eval --url '<query string>'   evaluate a shareable link's query string
      [--force]                        run even above the size guard's hard limit
  gnlens eval [config.json | - | --url q] --weights FILE [--data FILE]
                                       your own network: a state_dict as .safetensors, .npz,
                                       .npy or a folder of .npy (0.weight.npy, …); a data
                                       batch .npz with X (n × d) and Y (n × k); prints
                                       "imported" (files, layer mapping, ignored tensors)
  gnlens sweep --url '<query>' [--axis L|m|beta|kx] [--from a] [--to b] [--points p]
               [--seeds s] [--log] [--format csv|json] [--workers w]
               [--weights FILE] [--data FILE]   (imported shapes skip the points they fix)
  gnlens sweep <config.json | -> --axis ...   the same from a JSON configuration
  gnlens train <config.json | - | --url q> --epochs E --lr η [--every s] [--batch b]
               [--noise σ] [--format json|csv] [--eigenvalues] [--weights FILE] [--data FILE]
                                       MSE training, GN spectrum and bounds every s steps
  gnlens bench [--json] [--quick] [--large]
                                       time the eigen kernels, whole evaluations and sweeps
                                       (--large: also two-layer ReLU m = 100 beside numpy,
                                        and eigenvalues at N = 4000 and 10,000 on all threads)
  gnlens help                          this text

Output: one JSON object on stdout. Errors: {"error": "..."} on stdout, exit code 2.`;

function evalCommand(argv: string[]): Record<string, unknown> {
  const own = takeOwnFlags(argv);
  const args = own.rest;
  const force = args.includes('--force');
  let base: { config: GnConfig; warnings: string[] };
  const urlAt = args.indexOf('--url');
  const file = args.find((a) => !a.startsWith('--') || a === '-');
  if (urlAt >= 0) {
    const query = args[urlAt + 1];
    if (query === undefined)
      throw new CliError('--url needs a query string, e.g. --url "L=4&m=20"');
    base = configFromUrl(query);
  } else if (file !== undefined)
    base = configFromJsonText(readConfigText(file), file === '-' ? 'standard input' : file);
  else if (hasOwnFiles(own)) base = configFromJsonText('{}', 'the defaults');
  else
    throw new CliError(
      'eval needs a config file, "-" for standard input, --url "<query>" or --weights FILE',
    );
  if (!hasOwnFiles(own)) return runEval(base.config, base.warnings, force);
  const { config, warnings, imported } = applyOwnFiles(base.config, base.warnings, own);
  return { ...runEval(config, warnings, force), imported };
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    installFastestKernel();
    if (command === 'bench') {
      const report = await runBench(rest);
      if (rest.includes('--json')) process.stdout.write(`${JSON.stringify(report)}\n`);
      return 0;
    }
    if (command === 'sweep') {
      process.stdout.write(`${await runSweep(rest)}\n`);
      return 0;
    }
    if (command === 'train') {
      process.stdout.write(`${runTrain(rest)}\n`);
      return 0;
    }
    if (command === 'eval') {
      // All cores for the eigenvalues: the same bits as one thread (src/core/linalg/eigWasm.ts).
      const threaded = await createNodeThreadedEigvals(defaultEigenThreads());
      if (threaded) installThreadedKernel(threaded.kernel);
      // and the GN assembly's matrix products (the same bits as one thread, gemmWasm.ts)
      const products = await createNodeThreadedGemm(defaultEigenThreads());
      if (products) installThreadedGemm(products);
      process.stdout.write(`${JSON.stringify(evalCommand(rest))}\n`);
      return 0;
    }
    throw new CliError(`unknown command "${command}"; try "gnlens help"`);
  } catch (e) {
    const message =
      e instanceof CliError ? e.message : `internal error: ${(e as Error).message ?? String(e)}`;
    const body: Record<string, string> = { error: message };
    if (e instanceof CliError && e.field !== undefined) body.field = e.field;
    process.stdout.write(`${JSON.stringify(body)}\n`);
    return 2;
  }
}
