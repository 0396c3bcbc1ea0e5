/**
 * Every property test is reproducible: fast-check draws from a fixed seed unless a test sets
 * its own (FC_SEED=<n> explores others; a failure prints the seed and path to replay it).
 */
import { fc } from '@fast-check/vitest';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261128) });
