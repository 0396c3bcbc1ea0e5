/** The size guard (issues "Beyond linear" and "Robustness"): estimates and verdicts. */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { decodeQuery } from '../../src/core/config';
import { estimateCost, HARD_LIMIT_BYTES, INTERACTIVE_BUDGET_MS } from '../../src/core/cost';
import { evaluate } from '../../src/core/gn/evaluate';

const cfg = (q: string) => decodeQuery(q).config;

describe('estimateCost', () => {
  it('the landing state is interactive and predicts the matrix the evaluation uses', () => {
    const c = cfg('');
    const e = estimateCost(c);
    expect(e.level).toBe('interactive');
    const r = evaluate(c);
    expect(e.size).toBe(r.size);
    expect(e.method).toBe(r.method);
    expect(e.params).toBe(r.params);
  });

  it('predicts size, method and p for nonlinear, batch-norm and CNN configurations', () => {
    for (const q of [
      'act=relu&n=20&m=30',
      'act=leaky_relu&L=4&m=8&n=60&d=5&k=2',
      'bn=1&L=2&m=20&n=15&d=6&k=2',
      'model=cnn1d&filters=3&kernel=4&conv=2&k=2&n=50&d=20',
    ]) {
      const c = cfg(q);
      const e = estimateCost(c);
      const r = evaluate(c);
      expect([e.size, e.method, e.params], q).toStrictEqual([r.size, r.method, r.params]);
    }
  });

  it('asks before the 10⁴ × 10⁴ Gram of n = 1000, k = 10: it fits in 1 GB (packed, streamed rows)', () => {
    const e = estimateCost(cfg('act=relu'));
    expect([e.size, e.method, e.level]).toStrictEqual([10_000, 'gram-nk', 'confirm']);
    expect(e.bytes).toBeLessThan(1e9);
    expect(e.ms).toBeLessThan(600_000);
  });

  it('refuses what cannot fit, with the reason and a smaller n that is interactive', () => {
    const c = cfg('act=relu&n=2000'); // n·k = 20 000 > p = 15 900: JᵀJ/n, 15 900², ~4 GB
    const e = estimateCost(c);
    expect(e.level).toBe('refuse');
    expect(e.reason).toMatch(/15900×15900/);
    const n = Number(/n = (\d+)/.exec(e.suggestion ?? '')?.[1]);
    expect(e.suggestedN).toBe(n);
    expect(n).toBeGreaterThan(1);
    expect(estimateCost(cfg(`act=relu&n=${n}`)).level).toBe('interactive');
    expect(estimateCost(cfg(`act=relu&n=${n + 1}`)).ms).toBeGreaterThan(INTERACTIVE_BUDGET_MS);
  });

  test.prop([fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 300 })], {
    numRuns: 100,
    seed: 51,
  })('cost grows with n for nonlinear nets; refuse ⇔ over a hard limit', (n, m) => {
    const a = estimateCost(cfg(`act=relu&n=${n}&m=${m}`));
    const b = estimateCost(cfg(`act=relu&n=${n + 50}&m=${m}`));
    expect(b.ms).toBeGreaterThanOrEqual(a.ms);
    expect(a.level === 'refuse').toBe(a.bytes > HARD_LIMIT_BYTES || a.ms > 600_000);
  });
});

describe('estimateCost with pruning', () => {
  it('counts only the remaining weights and predicts the matrix used', () => {
    for (const q of [
      'prune=0.5&L=2&m=10&d=6&k=2&n=20',
      'prune=0.3&act=relu&L=3&m=6&d=4&k=2&n=15',
    ]) {
      const c = decodeQuery(q).config;
      const e = estimateCost(c);
      const r = evaluate(c);
      expect([e.size, e.method, e.params], q).toStrictEqual([r.size, r.method, r.params]);
    }
  });
});
