/**
 * The favicon is a PNG data URL (docs/architecture.md §7.1: Chromium re-reads the icon after
 * every history entry, and an SVG icon is parsed as a document on the main thread each time),
 * made from scripts/assets/favicon.svg by scripts/make-favicon.mjs at the size it declares.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const html = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');

describe('favicon', () => {
  it('is one PNG data URL of the declared size, with its SVG source beside the script', () => {
    const links = [...html.matchAll(/<link\s+rel="icon"([^>]*)\/>/gs)].map((m) => m[1]!);
    expect(links).toHaveLength(1);
    const link = links[0]!;
    expect(link).toMatch(/type="image\/png"/);
    const size = /sizes="(\d+)x(\d+)"/.exec(link);
    const data = /href="data:image\/png;base64,([A-Za-z0-9+/=]+)"/.exec(link);
    expect(size).not.toBeNull();
    expect(data).not.toBeNull();
    const png = Buffer.from(data![1]!, 'base64');
    // PNG signature, then the IHDR chunk: width and height as big-endian 32-bit integers
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([
      Number(size![1]),
      Number(size![2]),
    ]);
    const svg = readFileSync(new URL('../../scripts/assets/favicon.svg', import.meta.url), 'utf8');
    expect(svg).toMatch(/^<svg [^>]*viewBox=/);
  });
});
