/**
 * The data behind each figure as a table (issue "Classroom"): the numbers a plot draws, in the
 * columns a reader needs to redraw it, as CSV or JSON. Pure (no DOM): state pieces in, text out.
 *
 * | figure     | columns                                                        |
 * |------------|----------------------------------------------------------------|
 * | `spectrum` | index, eigenvalue, kept (1: above the rank cut-off, 0: at/below) |
 * | `sweep`    | series, x, seed, kappa, then one column per bound id (empty: n/a) |
 * | `sigma`    | index, eigenvalue (of Σ = XᵀX/n)                                |
 * | `training` | run, step, epoch, loss, kappa, rank, then one column per bound id |
 * | `layers`   | layer, then (linear nets) σ₁(P), σ_k(P), σ₁(Q), σ_d(Q), κ(P)κ(Q), γ, block κ, |
 * |            | or (other nets) params, rank, λmax, λ⁺min, block κ, dead inputs (∞ as null) |
 * | `direction` | end, eigenvalue, then output, input, delta_A (linear nets) or sample, output, delta_f |
 */
import type { LayerBreakdown } from '../core/explain/explain';
import { BOUND_IDS } from '../core/types';
import type { BoundId, EvalResult } from '../core/types';
import type { DirectionResult } from '../core/explain/direction';
import type { SweepRun } from '../state/slices/resultsSlice';
import type { TrainingRun } from '../state/slices/trainingSlice';

export type FigureId = 'spectrum' | 'sweep' | 'sigma' | 'training' | 'layers' | 'direction';

export interface DataTable {
  columns: string[];
  rows: (string | number | null)[][];
}

/** Every bound id, in the order of gn-math.md §5–6 (the CSV column order). */
export const BOUND_COLUMNS: readonly BoundId[] = BOUND_IDS;

export function spectrumTable(result: EvalResult): DataTable {
  const rows: DataTable['rows'] = [];
  result.eigenvalues.forEach((v, i) => rows.push([i + 1, v, 1]));
  result.discarded.forEach((v, i) => rows.push([result.eigenvalues.length + i + 1, v, 0]));
  return { columns: ['index', 'eigenvalue', 'kept'], rows };
}

/** A number for a data file: ∞ and NaN (a bottleneck, a block not computed) as null. */
function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** The per-layer view's numbers (docs/gn-math.md §16); null when the view does not apply. */
export function layersTable(breakdown: LayerBreakdown): DataTable | null {
  if (breakdown.family === 'none') return null;
  if (breakdown.family === 'linear')
    return {
      columns: [
        'layer',
        'sigma_max_P',
        'sigma_min_P',
        'sigma_max_Q',
        'sigma_min_Q',
        'kappaP_kappaQ',
        'gamma',
        'kappa_block',
      ],
      rows: breakdown.layers.map((r) => [
        r.layer,
        r.sigmaMaxP,
        r.sigmaMinP,
        r.sigmaMaxQ,
        r.sigmaMinQ,
        finite(r.kappaPQ),
        r.gamma,
        finite(r.block.kappa),
      ]),
    };
  return {
    columns: ['layer', 'params', 'rank', 'lambda_max', 'lambda_min', 'kappa_block', 'dead_inputs'],
    rows: breakdown.layers.map((r) =>
      'skipped' in r
        ? [r.layer, r.params, null, null, null, null, r.deadInputs]
        : [r.layer, r.params, r.rank, r.lambdaMax, r.lambdaMin, finite(r.kappa), r.deadInputs],
    ),
  };
}

export function sigmaTable(result: EvalResult): DataTable {
  return {
    columns: ['index', 'eigenvalue'],
    rows: result.sigmaEigenvalues.map((v, i) => [i + 1, v]),
  };
}

/** One row per evaluated (series, x, seed); samples not evaluated (skipped, failed) are left out. */
export function sweepTable(run: SweepRun): DataTable {
  const rows: DataTable['rows'] = [];
  run.series.forEach((series, g) => {
    run.seeds.forEach((seed, s) => {
      run.xs.forEach((x, i) => {
        const sample = run.samples[(g * run.seeds.length + s) * run.xs.length + i];
        if (!sample) return;
        rows.push([
          series.label || series.key,
          x,
          seed,
          sample.kappa,
          ...BOUND_COLUMNS.map((id) => sample.bounds[id] ?? null),
        ]);
      });
    });
  });
  return { columns: ['series', 'x', 'seed', 'kappa', ...BOUND_COLUMNS], rows };
}

/**
 * Both ends of a direction (docs/gn-math.md §12): δA entry by entry for networks linear in x
 * (input = d is the bias with biases), the outputs perturbation δf for non-linear nets.
 */
export function directionTable(result: DirectionResult): DataTable | null {
  if (result.kind === 'skipped') return null;
  const rows: DataTable['rows'] = [];
  if (result.kind === 'linear') {
    const { k, inputs } = result;
    for (const [end, dir] of [
      ['min', result.minPositive],
      ['max', result.max],
    ] as const) {
      if (!dir) continue;
      for (let c = 0; c < k; c++)
        for (let i = 0; i < inputs; i++)
          rows.push([end, dir.value, c, i, dir.template[c * inputs + i]!]);
    }
    return { columns: ['end', 'eigenvalue', 'output', 'input', 'delta_A'], rows };
  }
  const { n, k } = result;
  for (const [end, dir] of [
    ['min', result.minPositive],
    ['max', result.max],
  ] as const) {
    if (!dir) continue;
    for (let q = 0; q < n; q++)
      for (let c = 0; c < k; c++) rows.push([end, dir.value, q, c, dir.outputs[q * k + c]!]);
  }
  return { columns: ['end', 'eigenvalue', 'sample', 'output', 'delta_f'], rows };
}

export function trainingTable(runs: readonly TrainingRun[]): DataTable {
  const rows: DataTable['rows'] = [];
  for (const run of runs) {
    for (const r of run.records) {
      rows.push([
        run.label,
        r.step,
        r.epoch,
        r.loss,
        r.kappa,
        r.rank,
        ...BOUND_COLUMNS.map((id) => r.bounds[id] ?? null),
      ]);
    }
  }
  return {
    columns: ['run', 'step', 'epoch', 'loss', 'kappa', 'rank', ...BOUND_COLUMNS],
    rows,
  };
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : 'NaN';
  // RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet never runs it.
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function tableToCsv(table: DataTable): string {
  const lines = [table.columns.join(',')];
  for (const row of table.rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

/** JSON: an array of objects keyed by column (non-finite numbers as null, as JSON requires). */
export function tableToJson(table: DataTable, meta: Record<string, unknown> = {}): string {
  const rows = table.rows.map((row) =>
    Object.fromEntries(
      table.columns.map((c, i) => {
        const v = row[i] ?? null;
        return [c, typeof v === 'number' && !Number.isFinite(v) ? null : v];
      }),
    ),
  );
  return `${JSON.stringify({ ...meta, columns: table.columns, rows }, null, 2)}\n`;
}
