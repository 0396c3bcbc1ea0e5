/** The shipped image data sets for Node (CLI, sweep threads): read from public/data beside the bundle. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  decodeImageDataset,
  IMAGE_DATASETS,
  type ImageDataset,
  type ImageSource,
} from '../core/data/images';
import type { ImageProvider } from '../core/data/synthetic';

const loaded = new Map<ImageSource, ImageDataset>();

/** Reads public/data/<file> on first use (the bundle lives in dist-node/, one level below the root). */
export const nodeImageProvider: ImageProvider = (source) => {
  const hit = loaded.get(source);
  if (hit) return hit;
  const file = resolve(
    dirname(fileURLToPath(import.meta.url)),
    '../public/data',
    IMAGE_DATASETS[source].file,
  );
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new Error(`cannot read the ${source} images at ${file}`);
  }
  const dataset = decodeImageDataset(
    source,
    new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  );
  loaded.set(source, dataset);
  return dataset;
};
