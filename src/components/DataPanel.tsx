/**
 * What the network sees (test id `data-panel`): for image data the first 16 images at the
 * chosen stride (canvas thumbnails from the worker's `datasetPreview`), and for all data the
 * spectrum of Σ = XᵀX/n with κ⁺(Σ), rank Σ and the zero eigenvalues marked.
 */
import { useEffect, useRef } from 'react';
import { IMAGE_DATASETS, isImageSource } from '../core/data/images';
import { useElementWidth } from '../hooks/useElementWidth';
import { formatCount, formatNumber } from '../plots/format';
import { SigmaPlot } from '../plots/SigmaPlot';
import { sigmaLayout } from '../plots/sigmaLayout';
import { CLASS_NAMES, thumbnailImage } from '../plots/thumbnails';
import type { Thumbnail } from '../plots/thumbnails';
import { PREVIEW_COUNT } from '../compute/orchestrator';
import {
  selectParams,
  selectPreview,
  selectPreviewError,
  selectShownResult,
} from '../state/selectors';
import { useAppStore } from '../state/useAppStore';

/** One thumbnail: a canvas of the image's own pixel size, scaled up by CSS (pixelated). */
function ThumbnailCanvas({ image, label }: { image: Thumbnail; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    context.putImageData(
      new ImageData(new Uint8ClampedArray(image.rgba), image.width, image.height),
      0,
      0,
    );
  }, [image]);
  return (
    <figure className="thumb">
      <canvas
        ref={ref}
        width={image.width}
        height={image.height}
        role="img"
        aria-label={`${label}, ${image.width}×${image.height} pixels`}
      />
      <figcaption>{label}</figcaption>
    </figure>
  );
}

export function DataPanel() {
  const params = useAppStore(selectParams);
  const preview = useAppStore(selectPreview);
  const previewError = useAppStore(selectPreviewError);
  const result = useAppStore(selectShownResult);
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const { data } = params;
  const image = isImageSource(data.source) ? data.source : null;
  const info = image ? IMAGE_DATASETS[image] : null;
  const thumbs =
    image && preview && preview.source === image
      ? Array.from({ length: PREVIEW_COUNT }, (_, i) => ({
          image: thumbnailImage(preview, i, data.stride),
          label: CLASS_NAMES[image][preview.labels[i] ?? 0] ?? '?',
        })).flatMap((t) => (t.image ? [{ image: t.image, label: t.label }] : []))
      : [];
  const eigenvalues = result?.sigmaEigenvalues ?? null;
  const summary = eigenvalues ? sigmaLayout({ eigenvalues, width: 400, height: 200 }) : null;
  const height = Math.round(Math.min(280, Math.max(200, width * 0.32)));

  return (
    <section className="card" aria-labelledby="data-title" data-testid="data-panel">
      <div className="card-head">
        <h2 id="data-title">The data: what the network sees</h2>
        {summary ? (
          <p className="card-summary" data-testid="sigma-summary">
            κ⁺(Σ) = <strong>{formatNumber(summary.kappaPlus, 4)}</strong> · rank Σ ={' '}
            <strong>{summary.rank}</strong> of d = {summary.points.length} ·{' '}
            {formatCount(summary.zeroCount)} zero eigenvalue{summary.zeroCount === 1 ? '' : 's'}
          </p>
        ) : null}
      </div>
      {info ? (
        <div className="thumbs-block">
          <p className="plot-note">
            The first {PREVIEW_COUNT} of the n = {formatCount(data.n)} images, every{' '}
            {data.stride === 1 ? 'pixel' : `${data.stride}th pixel in each direction`} (
            {Math.ceil(info.rows / data.stride)}×{Math.ceil(info.cols / data.stride)} = {params.d}{' '}
            inputs){data.center || data.whiten ? ', before centring and whitening' : ''}.
          </p>
          {thumbs.length > 0 ? (
            <div className="thumbs" data-testid="thumbnails">
              {thumbs.map((t, i) => (
                <ThumbnailCanvas key={i} image={t.image} label={t.label} />
              ))}
            </div>
          ) : (
            <p className="plot-placeholder thumbs-placeholder">
              {previewError && previewError.source === image
                ? `The images could not be shown: ${previewError.message}`
                : 'Loading the images…'}
            </p>
          )}
        </div>
      ) : null}
      <div ref={ref} className="plot-box" data-testid="sigma-plot">
        {eigenvalues ? (
          <SigmaPlot eigenvalues={eigenvalues} width={width} height={height} />
        ) : (
          <div className="plot-placeholder" style={{ height }}>
            Σ’s spectrum appears with the computed result.
          </div>
        )}
      </div>
      <p className="plot-note">
        Σ = XᵀX/n is the uncentred second moment of the inputs (the paper’s convention); every bound
        carries its condition number κ⁺(Σ) = λmax/λ⁺min. Eigenvalues below 10⁻¹²·λmax count as zero
        (crosses in the bottom strip), so κ uses the smallest non-zero one.{' '}
        {info
          ? 'Constant border pixels, black in every image, give a rank-deficient Σ. '
          : data.source === 'gaussian'
            ? 'This source prescribes the spectrum exactly: λᵢ = κ(Σ)^−(i−1)/(d−1), from 1 down to 1/κ(Σ). '
            : ''}
        {data.n < params.d ? `With n = ${data.n} < d = ${params.d}, rank Σ ≤ n. ` : ''}
        Whitening (X ← UVᵀ) makes every non-zero eigenvalue equal, so κ⁺(Σ) = 1.
      </p>
    </section>
  );
}
