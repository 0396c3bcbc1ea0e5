/**
 * Hostile input for the CLI's config path (issue "Robustness"): random JSON documents and
 * near-valid configurations never escape as anything but a CliError naming a field, and every
 * accepted one evaluates to a finite κ or a clear error. In-process (the same functions the CLI
 * runs) so hundreds of cases fit in a few seconds; cli.test.ts covers the real process.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { CliError } from '../../src/cli/cliError';
import { configFromJsonText, runEval } from '../../src/cli/evalCommand';
import { estimateCost } from '../../src/core/cost';

let tried = 0;

function check(text: string): void {
  tried++;
  let parsed;
  try {
    parsed = configFromJsonText(text, 'fuzz');
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).message.length).toBeGreaterThan(0);
    return;
  }
  if (estimateCost(parsed.config).ms > 300) return; // keep the suite fast; the guard itself is tested elsewhere
  try {
    const out = runEval(parsed.config, parsed.warnings);
    expect(JSON.parse(JSON.stringify(out))).toBeTruthy();
    expect(out.kappa === null || (typeof out.kappa === 'number' && out.kappa >= 1 - 1e-9)).toBe(
      true,
    );
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
  }
}

const nearValid = fc.record(
  {
    L: fc.oneof(fc.integer({ min: -3, max: 6 }), fc.double(), fc.string(), fc.constant(null)),
    d: fc.oneof(fc.integer({ min: -2, max: 8 }), fc.constant('7')),
    k: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant([])),
    m: fc.oneof(
      fc.integer({ min: 0, max: 9 }),
      fc.array(fc.integer({ min: -1, max: 9 }), { maxLength: 6 }),
      fc.constant({}),
    ),
    activation: fc.constantFrom('linear', 'relu', 'leaky_relu', 'tanh', 3),
    beta: fc.oneof(fc.double({ min: -1, max: 200 }), fc.constant(Number.NaN)),
    model: fc.constantFrom('mlp', 'cnn1d', 'transformer'),
    data: fc.oneof(
      fc.record(
        {
          n: fc.integer({ min: -5, max: 40 }),
          kappa: fc.double({ min: -10, max: 1e13 }),
          source: fc.constantFrom('gaussian', 'iid', 'digits', 'nope'),
        },
        { requiredKeys: [] },
      ),
      fc.constant('data'),
    ),
    X: fc.array(
      fc.array(fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constant('x')), {
        maxLength: 4,
      }),
      { maxLength: 5 },
    ),
    weights: fc.array(
      fc.array(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { maxLength: 4 }), {
        maxLength: 4,
      }),
      { maxLength: 3 },
    ),
    prune: fc.double({ min: -0.5, max: 1.5 }),
    rtol: fc.oneof(fc.double({ min: 0, max: 1 }), fc.constant(-1)),
  },
  { requiredKeys: [] },
);

describe('CLI config fuzzing', () => {
  test.prop([fc.json({ maxDepth: 4 })], { numRuns: 300, seed: 91 })(
    'random JSON documents',
    (text) => check(text),
  );
  test.prop([nearValid], { numRuns: 400, seed: 92 })('near-valid configurations', (raw) =>
    check(JSON.stringify(raw)),
  );
  test.prop([fc.string({ maxLength: 200 })], { numRuns: 200, seed: 93 })('random text', (text) =>
    check(text),
  );
  test.prop([fc.constant(0)], { numRuns: 1 })('counts what was tried', () => {
    expect(tried).toBeGreaterThanOrEqual(900);
  });
});
