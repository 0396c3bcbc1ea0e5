/**
 * Assertions that a value a test is about to check is really there, so that a missing value
 * fails the test instead of silently skipping the check (no `if (x) expect(…)`, no `x?.y` on
 * the checked side).
 */
import { expect } from 'vitest';

/** Returns `value`, failing the test (naming `what`) when it is null or undefined. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) {
    expect.unreachable(`${what} is ${value === null ? 'null' : 'undefined'}`);
  }
  return value;
}

/**
 * Counts how often each conditional check of a property ran, so a test can assert afterwards
 * that every branch was exercised (a branch that never ran checked nothing).
 */
export class BranchCounter<K extends string> {
  private readonly counts = new Map<K, number>();

  hit(branch: K): void {
    this.counts.set(branch, (this.counts.get(branch) ?? 0) + 1);
  }

  count(branch: K): number {
    return this.counts.get(branch) ?? 0;
  }

  /** Fails unless every listed branch ran at least `min` times. */
  expectEach(branches: readonly K[], min = 1): void {
    for (const b of branches) {
      expect(this.count(b), `checks of "${b}" that ran`).toBeGreaterThanOrEqual(min);
    }
  }
}
