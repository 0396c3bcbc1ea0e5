/**
 * `gnlens sweep`: the sweeps the page draws (κ and every bound against depth, width, β or κ(Σ),
 * over several seeds), as CSV or JSON, on every core (worker_threads).
 *
 *   gnlens sweep --url '<page query, view keys included>' [--format csv|json] [--workers w]
 *   gnlens sweep <config.json | -> --axis L|m|beta|kx [--from a] [--to b] [--points p] [--seeds s] [--log]
 *
 * With --url the sweep settings of the link (sweep, from, to, pts, logx, seeds) are used, so the
 * output is exactly the data behind the page's sweep plot; flags override them.
 */
import { LINEAR_BOUND_IDS } from '../core/gn/bounds';
import type { BoundId, GnConfig } from '../core/types';
import {
  decodeUrlState,
  defaultSweepSettings,
  SWEEP_AXES,
  SWEEP_AXIS_ORDER,
  type SweepAxis,
  type SweepSettings,
} from '../model/urlCodec';
import { sweepPlan } from '../model/sweepPlan';
import { CliError } from './cliError';
import { readConfigText } from './readInput';
import { configFromJsonText } from './evalCommand';
import { applyOwnFiles, hasOwnFiles, takeOwnFlags } from './ownNetwork';
import { defaultWorkerCount, evaluateAll, type JobOutcome } from './threadPool';

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--'))
    throw new CliError(`${name} needs a value`, name.slice(2));
  return v;
}

function numberFlag(
  args: string[],
  name: string,
  integer: boolean,
  min: number,
  max: number,
): number | undefined {
  const raw = flag(args, name);
  if (raw === undefined) return undefined;
  const x = Number(raw);
  if (!Number.isFinite(x) || (integer && !Number.isInteger(x)) || x < min || x > max) {
    throw new CliError(
      `${name} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]; got ${JSON.stringify(raw)}`,
      name.slice(2),
    );
  }
  return x;
}

/** Reads the base config and sweep settings from the arguments; CliError on bad input. */
export function parseSweepArgs(argv: string[]): {
  config: GnConfig;
  settings: SweepSettings;
  warnings: string[];
  format: 'csv' | 'json';
  workers: number;
  imported: Record<string, unknown> | null;
} {
  const own = takeOwnFlags(argv);
  const args = own.rest;
  let config: GnConfig;
  let settings: SweepSettings;
  let warnings: string[];
  const url = flag(args, '--url');
  const axisFlag = flag(args, '--axis');
  if (axisFlag !== undefined && !SWEEP_AXIS_ORDER.includes(axisFlag as SweepAxis)) {
    throw new CliError(
      `--axis must be one of ${SWEEP_AXIS_ORDER.join(', ')}; got ${JSON.stringify(axisFlag)}`,
      'axis',
    );
  }
  if (url !== undefined) {
    const decoded = decodeUrlState(url.includes('?') ? url.slice(url.indexOf('?')) : url);
    config = decoded.config;
    settings = decoded.view;
    warnings = decoded.notices;
    if (axisFlag !== undefined && axisFlag !== settings.axis)
      settings = defaultSweepSettings(axisFlag as SweepAxis);
  } else {
    const valueFlags = new Set([
      '--axis',
      '--from',
      '--to',
      '--points',
      '--seeds',
      '--format',
      '--workers',
    ]);
    const file = args.find(
      (a, i) => (a === '-' || !a.startsWith('--')) && !valueFlags.has(args[i - 1] ?? ''),
    );
    if (file === undefined && !hasOwnFiles(own))
      throw new CliError(
        'sweep needs a config file, "-" for standard input, --url "<query>" or --weights FILE',
      );
    ({ config, warnings } =
      file === undefined
        ? configFromJsonText('{}', 'the defaults')
        : configFromJsonText(readConfigText(file), file === '-' ? 'standard input' : file));
    settings = defaultSweepSettings((axisFlag as SweepAxis | undefined) ?? 'L');
  }
  const spec = SWEEP_AXES[settings.axis];
  settings = {
    ...settings,
    from: numberFlag(args, '--from', spec.integer, spec.min, spec.max) ?? settings.from,
    to: numberFlag(args, '--to', spec.integer, spec.min, spec.max) ?? settings.to,
    points: numberFlag(args, '--points', true, 1, 200) ?? settings.points,
    seeds: numberFlag(args, '--seeds', true, 1, 100) ?? settings.seeds,
    logX: args.includes('--log') ? true : settings.logX,
  };
  // Imported weights fix the architecture and imported X the data: the sweep plan skips the
  // points they fix, with the reason in the error column (as for the page's CSV imports).
  let imported: Record<string, unknown> | null = null;
  if (hasOwnFiles(own)) ({ config, warnings, imported } = applyOwnFiles(config, warnings, own));
  const format = flag(args, '--format') ?? 'csv';
  if (format !== 'csv' && format !== 'json')
    throw new CliError(`--format must be csv or json; got ${JSON.stringify(format)}`, 'format');
  const workers = numberFlag(args, '--workers', true, 1, 64) ?? defaultWorkerCount();
  return { config, settings, warnings, format, workers, imported };
}

/** Runs the sweep and returns the text to print. */
export async function runSweep(args: string[]): Promise<string> {
  const { config, settings, warnings, format, workers, imported } = parseSweepArgs(args);
  const plan = sweepPlan(config, settings);
  // Points the size guard refuses are skipped (with the reason in the error column), as on the
  // page, unless --force evaluates them anyway.
  const force = args.includes('--force');
  const evaluated = plan.configs.map((_, idx) => force || plan.skipped[idx] === null);
  const todo = plan.configs.filter((_, idx) => evaluated[idx]);
  const done = await evaluateAll(todo, workers);
  const outcomes: JobOutcome[] = [];
  let next = 0;
  plan.configs.forEach((_, idx) =>
    outcomes.push(evaluated[idx] ? done[next++]! : { error: `skipped: ${plan.skipped[idx]}` }),
  );
  const ids: BoundId[] = [...LINEAR_BOUND_IDS, 'relu'];
  const perSeries = plan.seeds.length * plan.xs.length;
  const rows = plan.configs.map((c, idx) => {
    const x = plan.xs[idx % plan.xs.length]!;
    const o = outcomes[idx]!;
    const bounds: Record<string, number | null> = {};
    for (const id of ids) bounds[id] = o.result?.bounds[id]?.value ?? null;
    return {
      series: plan.series[Math.floor(idx / perSeries)]?.key ?? 'all',
      x,
      seed: c.seed,
      kappa: o.result && Number.isFinite(o.result.kappa) ? o.result.kappa : null,
      rank: o.result?.rank ?? null,
      // the companion κs the page draws dashed (the CNN's dense-equivalent GN, the net without
      // batch norm), null where the configuration has none
      kappaDenseEquivalent: o.result?.kappaDenseEquivalent ?? null,
      kappaWithoutBatchNorm: o.result?.kappaWithoutBatchNorm ?? null,
      bounds,
      error: o.error ?? null,
    };
  });
  if (format === 'json') {
    return JSON.stringify({
      axis: settings.axis,
      xs: plan.xs,
      seeds: plan.seeds,
      series: plan.series,
      settings,
      warnings,
      ...(imported ? { imported } : {}),
      points: rows,
    });
  }
  const header = [
    'series',
    'axis',
    'x',
    'seed',
    'kappa',
    'rank',
    ...ids,
    'kappaDenseEquivalent',
    'kappaWithoutBatchNorm',
    'error',
  ];
  const csvCell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = rows.map((r) =>
    [
      r.series,
      settings.axis,
      r.x,
      r.seed,
      r.kappa,
      r.rank,
      ...ids.map((id) => r.bounds[id]),
      r.kappaDenseEquivalent,
      r.kappaWithoutBatchNorm,
      r.error,
    ]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...lines].join('\n');
}
