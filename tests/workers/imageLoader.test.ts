/**
 * Where a worker finds the shipped data sets (workers/imageLoader.ts): the site's `data/` folder
 * at any sub-path with the build's relative base, and at the root with the dev server's.
 */
import { describe, expect, it } from 'vitest';
import { dataFolder } from '../../workers/imageLoader';

describe('the data folder of a worker', () => {
  it('is beside the page, one folder above the built worker, under any sub-path', () => {
    const worker = 'https://example.org/~lecturer/gnlens/assets/gn.worker-B1c2.js';
    expect(dataFolder('./', worker).href).toBe('https://example.org/~lecturer/gnlens/data/');
    expect(dataFolder('', worker).href).toBe('https://example.org/~lecturer/gnlens/data/');
    expect(dataFolder('./', 'http://127.0.0.1:4173/assets/gn.worker-B1c2.js').href).toBe(
      'http://127.0.0.1:4173/data/',
    );
  });

  it('follows an absolute base (the dev server, or a build for one fixed path)', () => {
    const dev = 'http://127.0.0.1:5173/workers/gn.worker.ts?worker_file&type=module';
    expect(dataFolder('/', dev).href).toBe('http://127.0.0.1:5173/data/');
    expect(dataFolder('/gnlens/', 'https://h.org/gnlens/assets/w.js').href).toBe(
      'https://h.org/gnlens/data/',
    );
    expect(dataFolder('https://cdn.h.org/g/', 'https://h.org/g/assets/w.js').href).toBe(
      'https://cdn.h.org/g/data/',
    );
  });
});
