/**
 * The parameter table is the one description of every parameter: the README's URL table, the
 * link codec's keys, the controls' tips and the classroom tokens must all follow it.
 * `UPDATE_README=1 npx vitest run tests/model/schema.test.ts` rewrites the README's table from
 * the schema (then run prettier on README.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_QUERY_KEYS,
  DEFAULT_CONFIG,
  decodeQuery,
  encodeQuery,
  normalizeConfig,
} from '../../src/core/config';
import { CONFIG_PARAMS } from '../../src/core/configParams';
import {
  CONTROL_IDS,
  CONTROL_ROWS,
  PARAMETERS,
  controlTip,
  readmeUrlTable,
} from '../../src/model/schema';
import { VIEW_QUERY_KEYS } from '../../src/model/urlCodec';

const README = resolve(__dirname, '../../README.md');
const START = '<!-- url-table:start (generated from src/model/schema.ts) -->';
const END = '<!-- url-table:end -->';

/** Table rows as trimmed cells (prettier pads cells and widens the rule line). */
function cells(markdown: string): string[][] {
  return markdown
    .trim()
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    )
    .filter((row) => !row.every((c) => /^-+$/.test(c)));
}

describe('the parameter table', () => {
  it('is what the README URL table says, row for row', () => {
    const text = readFileSync(README, 'utf8');
    const i = text.indexOf(START);
    const j = text.indexOf(END);
    expect(i, 'README.md has the url-table markers').toBeGreaterThan(0);
    expect(j).toBeGreaterThan(i);
    const expected = readmeUrlTable();
    if (process.env.UPDATE_README === '1') {
      writeFileSync(
        README,
        `${text.slice(0, i + START.length)}\n\n${expected}\n\n${text.slice(j)}`,
      );
    }
    const current = readFileSync(README, 'utf8');
    expect(
      cells(current.slice(current.indexOf(START) + START.length, current.indexOf(END))),
    ).toEqual(cells(expected));
  });

  it('gives every key once, config keys and view keys apart', () => {
    const keys = PARAMETERS.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(CONFIG_QUERY_KEYS).toEqual(CONFIG_PARAMS.map((r) => r.key));
    expect(VIEW_QUERY_KEYS.filter((k) => CONFIG_QUERY_KEYS.includes(k))).toEqual([]);
    expect([...CONFIG_QUERY_KEYS, ...VIEW_QUERY_KEYS].sort()).toEqual([...keys].sort());
  });

  it('gives every control a label and a tooltip, and the classroom a token for each', () => {
    expect(CONTROL_ROWS.length).toBeGreaterThan(20);
    for (const row of CONTROL_ROWS) {
      expect(row.label.length, row.key).toBeGreaterThan(2);
      expect(controlTip(row.control)?.length ?? 0, row.key).toBeGreaterThan(20);
      expect((CONTROL_IDS as Record<string, string>)[row.key]).toBe(row.control);
    }
  });

  it('has defaults that are the landing configuration and encode to the bare link', () => {
    expect(encodeQuery(DEFAULT_CONFIG)).toBe('?v=1');
    expect(normalizeConfig({}).config).toEqual(DEFAULT_CONFIG);
    expect(decodeQuery('').config).toEqual(DEFAULT_CONFIG);
  });

  it('round-trips a non-default value of every numeric row through a link and JSON', () => {
    let checked = 0;
    for (const row of CONFIG_PARAMS) {
      if (row.type !== 'integer' && row.type !== 'number') continue;
      if (row.key === 'v') continue;
      const value = row.max === row.min ? row.min : row.default === row.max ? row.min : row.max;
      const { config, notices } = decodeQuery(`?${row.key}=${value}`);
      expect(notices, row.key).toEqual([]);
      const path = row.path.split('.');
      const got =
        path.length === 2
          ? (config.data as unknown as Record<string, number>)[path[1]!]
          : (config as unknown as Record<string, number>)[path[0]!];
      expect(got, row.key).toBe(value);
      expect(encodeQuery(config), row.key).toContain(
        `${row.key}=${encodeURIComponent(String(value))}`,
      );
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(14);
  });
});
