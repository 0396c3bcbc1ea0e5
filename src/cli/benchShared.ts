/** What the benchmark modules share: the median and writing a matrix for numpy to read. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** Writes raw float64 (little-endian, as numpy's fromfile reads it) to dir/name. */
export function writeF64(dir: string, name: string, data: Float64Array): string {
  const file = join(dir, name);
  writeFileSync(file, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  return file;
}
