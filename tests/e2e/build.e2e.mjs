/**
 * The production build's security properties (issue "Robustness"): a Content-Security-Policy with
 * no inline script and no eval, no inline <script> elements, and no source of remote code in
 * the HTML or the bundles. Reads dist/ (built by `npm test` before the browser tests).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const decode = (s) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

for (const page of ['index.html', 'bench.html']) {
  test(`${page}: strict CSP, no inline or remote script`, () => {
    const html = readFileSync(join(dist, page), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    assert.ok(meta, 'a CSP meta tag is present');
    const policy = decode(meta[1]);
    const scriptSrc = /script-src ([^;]+)/.exec(policy)?.[1] ?? '';
    assert.doesNotMatch(
      scriptSrc,
      /'unsafe-inline'|'unsafe-eval'|https?:|\*/,
      `script-src is strict: ${scriptSrc}`,
    );
    assert.match(policy, /default-src 'self'/);
    assert.match(policy, /object-src 'none'/);
    // relative to the page (base './', vite.config.ts): the site works from any sub-path
    for (const tag of html.match(/<script\b[^>]*>/g) ?? [])
      assert.match(tag, /\ssrc="\.\/[^"]+"/, `every script has a page-relative src: ${tag}`);
    assert.doesNotMatch(html, /(src|href)="\/(?!\/)/, 'no root-absolute src/href');
    assert.doesNotMatch(html, /<script\b[^>]*>\s*[^<\s]/, 'no inline script bodies');
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, 'no remote src/href');
  });
}

test('bundles load no remote code', () => {
  const assets = join(dist, 'assets');
  const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
  assert.ok(files.length > 0);
  for (const f of files) {
    const js = readFileSync(join(assets, f), 'utf8');
    assert.doesNotMatch(
      js,
      /(import|importScripts|fetch)\(\s*["'`]https?:/,
      `${f} loads no remote code`,
    );
    assert.doesNotMatch(js, /\beval\(|new Function\(/, `${f} uses no eval`);
  }
});
