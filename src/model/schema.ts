/**
 * Every parameter of gnlens in one list: the configuration's rows (src/core/configParams.ts)
 * then the view's (src/model/viewParams.ts). The controls take their labels, ranges and
 * tooltips from here, the classroom's `hide=ctl:<key>` tokens and the README's URL table are
 * generated from it (a test keeps the README equal to {@link readmeUrlTable}). Pure.
 */
import { CONFIG_PARAMS } from '../core/configParams';
import type { ParamRow } from '../core/paramRows';
import { rowDefaultText, rowRangeText } from '../core/paramRows';
import { VIEW_PARAMS } from './viewParams';

export const PARAMETERS: readonly ParamRow[] = [...CONFIG_PARAMS, ...VIEW_PARAMS];

/** Rows that drive a control of the configuration panel (they have an element id). */
export const CONTROL_ROWS = CONFIG_PARAMS.filter(
  (r): r is Extract<(typeof CONFIG_PARAMS)[number], { control: string }> => 'control' in r,
);

/** Control tokens (the URL key, as `hide=ctl:<key>` writes it) → the control's element id. */
export const CONTROL_IDS = Object.fromEntries(CONTROL_ROWS.map((r) => [r.key, r.control])) as {
  readonly [R in (typeof CONTROL_ROWS)[number] as R['key']]: R['control'];
};
export type ControlToken = keyof typeof CONTROL_IDS;

const BY_CONTROL = new Map(PARAMETERS.filter((r) => r.control).map((r) => [r.control!, r]));

/** The row a control drives (by element id), or undefined. */
export function rowOfControl(id: string): ParamRow | undefined {
  return BY_CONTROL.get(id);
}

/** The tooltip of control `id`: what it does to the network (from its row). */
export function controlTip(id: string): string | undefined {
  return BY_CONTROL.get(id)?.tip;
}

/** `(view)` marks keys that change what is shown, not what is computed. */
function meaningCell(row: ParamRow): string {
  const isView = row.group === 'sweep' || row.group === 'training' || row.group === 'classroom';
  return isView ? `${row.meaning} (view)` : row.meaning;
}

/**
 * The README's URL table (Markdown), one line per key in table order: key, meaning, range,
 * default. README.md carries it between `<!-- url-table -->` markers.
 */
export function readmeUrlTable(): string {
  const rows = PARAMETERS.map((r) => [
    `\`${r.key}\``,
    meaningCell(r).replace(/\|/g, '\\|'),
    rowRangeText(r),
    rowDefaultText(r),
  ]);
  const head = ['key', 'meaning', 'range', 'default'];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
