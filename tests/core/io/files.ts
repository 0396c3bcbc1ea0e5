/** The committed reader fixtures (tests/fixtures/make_io_files.py writes them). */
import { readFileSync, readdirSync } from 'node:fs';

const DIR = new URL('../../fixtures/io/', import.meta.url);

export const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(name, DIR)));

/** Every binary fixture (all but the expected-values JSON). */
export const BINARY_FIXTURES = readdirSync(DIR).filter((f) => !f.endsWith('.json'));
