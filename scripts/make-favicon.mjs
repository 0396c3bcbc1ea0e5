#!/usr/bin/env node
/**
 * Renders scripts/assets/favicon.svg to a 64 × 64 PNG and writes it into index.html as the
 * favicon's data: URL. Why a PNG and not the SVG itself: Chromium asks the page for its icon
 * again after every history entry (each slider step writes one), and an SVG icon is parsed as
 * a document of its own on the page's main thread (2–6 ms a step, docs/architecture.md §7),
 * while a PNG is decoded in microseconds. Run after editing the SVG: node scripts/make-favicon.mjs
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from './lib/browser.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SIZE = 64;
const svg = readFileSync(resolve(root, 'scripts/assets/favicon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: ensureChromium('favicon'),
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}svg{display:block}</style>` +
      svg.replace('<svg ', `<svg width="${SIZE}" height="${SIZE}" `),
  );
  const png = await page.locator('svg').screenshot({ omitBackground: true, type: 'png' });
  const href = `data:image/png;base64,${png.toString('base64')}`;
  const htmlPath = resolve(root, 'index.html');
  const html = readFileSync(htmlPath, 'utf8');
  const icon = /<link\s+rel="icon"[^>]*\/>/s;
  if (!icon.test(html)) throw new Error('index.html: no <link rel="icon" … /> to replace');
  writeFileSync(
    htmlPath,
    html.replace(
      icon,
      `<link rel="icon" type="image/png" sizes="${SIZE}x${SIZE}" href="${href}" />`,
    ),
  );
  console.log(`index.html: favicon ${SIZE}×${SIZE} PNG, ${png.length} bytes`);
} finally {
  await browser.close();
}
