import { describe, expect, it } from 'vitest';
import { tableToCsv, tableToJson } from '../../src/export/plotData';

describe('plot data tables', () => {
  it('writes CSV with quoting, empty cells for null and no formulas', () => {
    const csv = tableToCsv({
      columns: ['series', 'x', 'kappa'],
      rows: [
        ['m = 50', 1, 2.5],
        ['a,"b"', 2, null],
        ['=cmd()', 3, Infinity],
      ],
    });
    expect(csv).toBe('series,x,kappa\nm = 50,1,2.5\n"a,""b""",2,\n\'=cmd(),3,Infinity\n');
  });

  it('writes JSON rows keyed by column, non-finite as null', () => {
    const json = JSON.parse(
      tableToJson({ columns: ['x', 'y'], rows: [[1, NaN]] }, { figure: 'f' }),
    );
    expect(json).toEqual({ figure: 'f', columns: ['x', 'y'], rows: [{ x: 1, y: null }] });
  });
});
