/** Reading a configuration file or standard input, with the size checked before parsing. */
import { readFileSync, statSync } from 'node:fs';
import { CliError } from './cliError';

/** Largest configuration accepted (explicit X/weights of up to 4·10⁶ numbers fit). */
export const MAX_CONFIG_BYTES = 100 * 1024 * 1024;

/** The text of `path` ("-" = standard input); CliError (exit 2) when missing or too large. */
export function readConfigText(path: string): string {
  const what = path === '-' ? 'standard input' : path;
  try {
    if (path !== '-') {
      const size = statSync(path).size;
      if (size > MAX_CONFIG_BYTES)
        throw new CliError(
          `${what} is ${size} bytes; configurations of at most ${MAX_CONFIG_BYTES} bytes are read`,
        );
    }
    const text = readFileSync(path === '-' ? 0 : path, 'utf8');
    if (text.length > MAX_CONFIG_BYTES)
      throw new CliError(
        `${what} is over ${MAX_CONFIG_BYTES} bytes; configurations of at most ${MAX_CONFIG_BYTES} bytes are read`,
      );
    return text;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(
      `cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}
