/** Untrusted imports (issue "Robustness"): JSON configs and CSV matrices. */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { importConfigText, parseMatrixCsv, MAX_IMPORT_BYTES } from '../../src/core/importing';
import { configToJson, decodeQuery } from '../../src/core/config';
import { BranchCounter } from '../helpers/present';

describe('importConfigText', () => {
  it('imports an exported config (or a whole exported result) to the same config', () => {
    const { config } = decodeQuery('L=4&m=20&kx=100&act=relu&n=30');
    const back = importConfigText(JSON.stringify(configToJson(config)));
    expect(back.ok && back.value).toStrictEqual(config);
    const wrapped = importConfigText(JSON.stringify({ kappa: 3, config: configToJson(config) }));
    expect(wrapped.ok && wrapped.value).toStrictEqual(config);
  });

  it('names the field and value of a bad config, and rejects non-JSON and oversized text', () => {
    expect(importConfigText('{"L": "deep"}')).toStrictEqual({
      ok: false,
      error: 'L must be an integer in [1, 64]; got "deep"',
      field: 'L',
    });
    expect(importConfigText('{oops')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/is not valid JSON/),
    });
    expect(importConfigText(' '.repeat(MAX_IMPORT_BYTES + 1))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/larger than/),
    });
  });

  test.prop([fc.string({ maxLength: 300 })], { numRuns: 300, seed: 101 })(
    'never throws on any text',
    (s) => {
      expect(typeof importConfigText(s).ok).toBe('boolean');
    },
  );
});

describe('parseMatrixCsv', () => {
  it('reads numbers with a header line and mixed separators', () => {
    const r = parseMatrixCsv('x1,x2,x3\n1, 2.5, -3e-2\n\n4;5\t6\n');
    expect(r).toStrictEqual({
      ok: true,
      value: [
        [1, 2.5, -0.03],
        [4, 5, 6],
      ],
      warnings: ['line 1 read as a header: x1,x2,x3'],
    });
  });

  it('names row, line, column and value of the first problem', () => {
    expect(parseMatrixCsv('1,2\n3,abc\n')).toMatchObject({
      ok: false,
      error: 'the CSV file, row 2 (line 2), column 2: "abc" is not a finite number',
    });
    expect(parseMatrixCsv('1,2\n3,4,5\n')).toMatchObject({
      ok: false,
      error: 'the CSV file, row 2 (line 2) has 3 values; the first row has 2',
    });
    expect(parseMatrixCsv('1,NaN')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/"NaN" is not a finite number/),
    });
    expect(parseMatrixCsv('1,1e999')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/"1e999" is not a finite number/),
    });
    expect(parseMatrixCsv('')).toMatchObject({
      ok: false,
      error: 'the CSV file contains no numbers',
    });
    expect(parseMatrixCsv('<script>alert(1)</script>')).toMatchObject({ ok: false });
  });

  const parsedCsv = new BranchCounter<'accepted' | 'refused'>();
  const csvLike = fc.oneof(
    fc.string({ maxLength: 400 }),
    fc
      .array(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), {
          minLength: 2,
          maxLength: 2,
        }),
        {
          minLength: 1,
          maxLength: 5,
        },
      )
      .map((rows) => rows.map((r) => r.join(',')).join('\n')),
  );
  test.prop([csvLike], { numRuns: 300, seed: 102 })(
    'never throws; accepted matrices are rectangular and finite',
    (s) => {
      const r = parseMatrixCsv(s);
      parsedCsv.hit(r.ok ? 'accepted' : 'refused');
      if (r.ok) {
        const w = r.value[0]!.length;
        expect(r.value.every((row) => row.length === w && row.every(Number.isFinite))).toBe(true);
      }
    },
  );
  test('parsed both accepted and refused texts above', () => {
    parsedCsv.expectEach(['accepted', 'refused'], 20);
  });
});
