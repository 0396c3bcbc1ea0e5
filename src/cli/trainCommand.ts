/**
 * `gnlens train <config.json | - | --url q> --epochs E --lr η --every s [--batch b] [--noise σ]
 *  [--format json|csv] [--eigenvalues]` (contract.md §2): MSE training with the GN recorded every
 * s steps, step 0 included. With explicit X, weights, Y and full-batch GD the trajectory is
 * deterministic and reproducible by any correct implementation.
 */
import { train, type TrainSettings } from '../core/gn/train';
import { LINEAR_BOUND_IDS } from '../core/gn/bounds';
import type { GnConfig } from '../core/types';
import { CliError } from './cliError';
import { readConfigText } from './readInput';
import { configFromJsonText, configFromUrl } from './evalCommand';
import { nodeImageProvider } from './images';
import { applyOwnFiles, hasOwnFiles, takeOwnFlags } from './ownNetwork';

function value(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || (v.startsWith('--') && v.length > 2))
    throw new CliError(`${name} needs a value`, name.slice(2));
  return v;
}

function num(
  args: string[],
  name: string,
  opts: { integer?: boolean; min: number; max: number; required?: boolean },
): number | undefined {
  const raw = value(args, name);
  if (raw === undefined) {
    if (opts.required) throw new CliError(`train needs ${name}`, name.slice(2));
    return undefined;
  }
  const x = Number(raw);
  if (
    !Number.isFinite(x) ||
    (opts.integer && !Number.isInteger(x)) ||
    x < opts.min ||
    x > opts.max
  ) {
    throw new CliError(
      `${name} must be ${opts.integer ? 'a whole number' : 'a number'} in [${opts.min}, ${opts.max}]; got ${JSON.stringify(raw)}`,
      name.slice(2),
    );
  }
  return x;
}

export function parseTrainArgs(argv: string[]): {
  config: GnConfig;
  warnings: string[];
  settings: TrainSettings;
  format: 'json' | 'csv';
  withEigenvalues: boolean;
  imported: Record<string, unknown> | null;
} {
  const own = takeOwnFlags(argv);
  const args = own.rest;
  const url = value(args, '--url');
  let parsed: { config: GnConfig; warnings: string[] };
  if (url !== undefined) parsed = configFromUrl(url);
  else {
    const valued = new Set(['--epochs', '--lr', '--every', '--batch', '--noise', '--format']);
    const file = args.find(
      (a, i) => (a === '-' || !a.startsWith('--')) && !valued.has(args[i - 1] ?? ''),
    );
    if (file === undefined && !hasOwnFiles(own))
      throw new CliError(
        'train needs a config file, "-" for standard input, --url "<query>" or --weights FILE',
      );
    parsed =
      file === undefined
        ? configFromJsonText('{}', 'the defaults')
        : configFromJsonText(readConfigText(file), file === '-' ? 'standard input' : file);
  }
  let imported: Record<string, unknown> | null = null;
  if (hasOwnFiles(own)) {
    const applied = applyOwnFiles(parsed.config, parsed.warnings, own);
    parsed = { config: applied.config, warnings: applied.warnings };
    imported = applied.imported;
  }
  const batch = num(args, '--batch', { integer: true, min: 1, max: 1e6 });
  const noise = num(args, '--noise', { min: 0, max: 1e3 });
  const settings: TrainSettings = {
    epochs: num(args, '--epochs', { integer: true, min: 0, max: 100000, required: true })!,
    lr: num(args, '--lr', { min: 1e-12, max: 1e3, required: true })!,
    every: num(args, '--every', { integer: true, min: 1, max: 1e9 }) ?? 1,
    ...(batch !== undefined ? { batch } : {}),
    ...(noise !== undefined ? { noise } : {}),
  };
  const format = value(args, '--format') ?? 'json';
  if (format !== 'json' && format !== 'csv')
    throw new CliError(`--format must be json or csv; got ${JSON.stringify(format)}`, 'format');
  return {
    ...parsed,
    settings,
    format,
    withEigenvalues: args.includes('--eigenvalues'),
    imported,
  };
}

export function runTrain(args: string[]): string {
  const { config, warnings, settings, format, withEigenvalues, imported } = parseTrainArgs(args);
  let records;
  try {
    records = train(config, settings, { images: nodeImageProvider });
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  if (format === 'csv') {
    const ids = LINEAR_BOUND_IDS.filter((id) => records.some((r) => r.bounds[id] !== undefined));
    const extra = records.some((r) => r.bounds.relu !== undefined) ? (['relu'] as const) : [];
    const cols = [...ids, ...extra];
    const lines = records.map((r) =>
      [
        r.step,
        r.epoch,
        r.loss,
        finite(r.kappa) ?? '',
        r.rank,
        ...cols.map((id) => r.bounds[id] ?? ''),
      ].join(','),
    );
    return [['step', 'epoch', 'loss', 'kappa', 'rank', ...cols].join(','), ...lines].join('\n');
  }
  return JSON.stringify({
    steps: records.map((r) => ({
      step: r.step,
      epoch: r.epoch,
      loss: r.loss,
      kappa: finite(r.kappa),
      rank: r.rank,
      bounds: r.bounds,
      ...(withEigenvalues ? { eigenvalues: r.eigenvalues } : {}),
    })),
    settings,
    warnings,
    ...(imported ? { imported } : {}),
  });
}
