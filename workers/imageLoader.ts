/**
 * Loading the shipped image data sets inside a worker (both workers need them): fetched from the
 * site's `data/` folder (public/data/) once per worker and decoded by the pure core. Keyed by
 * source.
 */
import {
  decodeImageDataset,
  IMAGE_DATASETS,
  isImageSource,
  type ImageDataset,
  type ImageSource,
} from '../src/core/data/images';
import type { ImageProvider } from '../src/core/data/synthetic';
import type { GnConfig } from '../src/core/types';

const images = new Map<ImageSource, ImageDataset>();

/**
 * The site's `data/` folder. A build has a relative base (`./`, vite.config.ts: the site works
 * from any sub-path), and a relative URL in a worker resolves against the worker's own script,
 * which a build puts in `assets/`, one folder below the page: hence `../data/`. The dev server
 * has an absolute base (`/`).
 */
export function dataFolder(base: string, workerUrl: string): URL {
  return base.startsWith('/') || /^[a-z]+:/i.test(base)
    ? new URL(`${base}data/`, workerUrl)
    : new URL('../data/', workerUrl);
}

/** Synchronous access for the core (after {@link ensureImages} resolved). */
export const workerImages: ImageProvider = (source) => images.get(source);

/** Fetches and decodes the image data set a configuration needs, if any and not yet loaded. */
export async function ensureImages(config: Pick<GnConfig, 'X' | 'data'>): Promise<void> {
  const source = config.data.source;
  if (config.X || !isImageSource(source) || images.has(source)) return;
  const folder = dataFolder(import.meta.env.BASE_URL, self.location.href);
  const url = new URL(IMAGE_DATASETS[source].file, folder).href;
  const response = await fetch(url);
  if (!response.ok)
    throw new Error(`could not load the ${source} images (${url}: HTTP ${response.status})`);
  images.set(source, decodeImageDataset(source, new Uint8Array(await response.arrayBuffer())));
}
