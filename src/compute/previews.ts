/**
 * Thumbnails of the image data set in use (docs/architecture.md §3): fetched and decoded
 * by a worker at the current point's priority whenever the data source becomes an image set the
 * store has no preview of. A newer source cancels the older request.
 */
import { isImageSource } from '../core/data/images';
import type { AppStore } from '../state/store';
import { CURRENT_PRIORITY } from './jobs';
import type { EvaluateApi } from './jobs';
import { errorMessage, isAbortError } from './workerPool';
import type { WorkerPool } from './workerPool';

/** Thumbnails shown for image data. */
export const PREVIEW_COUNT = 16;

/** Starts loading previews as the data source changes; returns the function that stops it. */
export function startPreviews(
  store: AppStore,
  pool: Pick<WorkerPool<EvaluateApi>, 'submit'>,
): () => void {
  let active: AbortController | null = null;
  const unsubscribe = store.subscribe(
    (s) => s.params.data.source,
    (source) => {
      if (!isImageSource(source) || store.getState().preview?.source === source) return;
      active?.abort();
      const abort = new AbortController();
      active = abort;
      pool
        .submit((api) => api.datasetPreview(source, PREVIEW_COUNT), {
          priority: CURRENT_PRIORITY,
          signal: abort.signal,
        })
        .then(
          (preview) => {
            if (!abort.signal.aborted) store.getState().setPreview({ source, ...preview });
          },
          (error: unknown) => {
            if (!abort.signal.aborted && !isAbortError(error))
              store.getState().failPreview(source, errorMessage(error));
          },
        );
    },
    { fireImmediately: true },
  );
  return () => {
    unsubscribe();
    active?.abort();
  };
}
