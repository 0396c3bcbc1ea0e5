/**
 * Runs once per vitest run, in the main process: gives the run a token that the test files can
 * `inject`, so work that must happen once per run (tests/cli/cliBundle.ts rebuilds the CLI
 * bundle) can tell this run from an earlier one.
 */
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** unique per vitest run */
    runToken: string;
  }
}

export default function setup(project: TestProject): void {
  project.provide('runToken', `${process.pid}-${Date.now()}-${Math.floor(performance.now())}`);
}
