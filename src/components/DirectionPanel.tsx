/**
 * The slowest (λ_min⁺) or steepest (λ_max) direction of the GN matrix as a picture
 * (docs/gn-math.md §12; test id `direction-image`, docs/contract.md §3): the layout of
 * src/plots/directionLayout.ts written as SVG into an `<img>`, with a switch between the two ends
 * (link key `dir`) and a sentence on how to read it. The worker computes both ends at once
 * (src/compute/directionRunner.ts), so the switch redraws without computing.
 */
import { memo, useMemo } from 'react';
import type { DirectionEnd, DirectionResult } from '../core/explain/direction';
import { isImageSource } from '../core/data/images';
import { ExplainLink } from '../classroom/ExplainLink';
import { useElementWidth } from '../hooks/useElementWidth';
import { directionScene } from '../plots/directionLayout';
import { directionSvgText, type DirectionTheme } from '../plots/directionSvg';
import { formatNumber } from '../plots/format';
import { CLASS_NAMES } from '../plots/thumbnails';
import { selectParams } from '../state/selectors';
import { selectDirection } from '../state/slices/directionSlice';
import { appStore } from '../state/store';
import { AfterPaint, useAppStore } from '../state/useAppStore';
import { useHeldFor } from './useHeldFor';

function pageTheme(): DirectionTheme {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light';
}

/** The end the link asks for, in the core's words. */
export function directionEndOf(key: 'min' | 'max'): DirectionEnd {
  return key === 'max' ? 'max' : 'minPositive';
}

function placeholder(
  result: DirectionResult | null,
  status: string,
  error: string | null,
): string | null {
  if (status === 'error') return `No direction: ${error ?? 'the computation failed'}.`;
  if (!result)
    return status === 'computing' ? 'Computing the direction…' : 'Waiting for the spectrum…';
  if (result.kind === 'skipped') return `Not computed: ${result.reason}.`;
  if (!result.max) return 'The GN matrix is zero (rank 0): there is no direction to draw.';
  return null;
}

export function DirectionPanel() {
  const endKey = useAppStore((s) => s.classroom.directionEnd);
  return (
    <section className="card" aria-labelledby="direction-title">
      <div className="card-head">
        <h2 id="direction-title">Slowest and steepest direction</h2>
        <fieldset className="segmented" aria-label="Direction shown">
          {(
            [
              ['min', 'Slowest (λmin⁺)'],
              ['max', 'Steepest (λmax)'],
            ] as const
          ).map(([key, label]) => (
            <label key={key}>
              <input
                type="radio"
                name="direction-end"
                value={key}
                checked={endKey === key}
                onChange={() => {
                  // a history entry, as the classroom toolbar's switches make (Back undoes it)
                  appStore.getState().updateClassroomView({ directionEnd: key });
                  appStore.getState().commitHistory();
                }}
              />
              {label}
            </label>
          ))}
        </fieldset>
      </div>
      {/* the picture follows a frame after κ (docs/architecture.md §7); the switch stays live */}
      <AfterPaint>
        <DirectionFigure />
      </AfterPaint>
    </section>
  );
}

/** The picture and its caption, for the end the link asks for (memoised: no props). */
const DirectionFigure = memo(function DirectionFigure() {
  const direction = useAppStore(selectDirection);
  const requestKey = useAppStore((s) => s.current.requestKey);
  const endKey = useAppStore((s) => s.classroom.directionEnd);
  const source = useAppStore(selectParams).data.source;
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const end = directionEndOf(endKey);
  const result = direction.result;
  const held = useAppStore((s) => s.current.guard !== null || s.current.status === 'error');
  const message = held
    ? 'Not computed: see the size guard or the error above.'
    : placeholder(result, direction.status, direction.error);
  const theme = pageTheme();
  const scene = useMemo(() => {
    if (!result || message || width <= 0) return null;
    const classNames = isImageSource(source) ? CLASS_NAMES[source] : null;
    return directionScene(result, end, { width: Math.min(width, 760), classNames });
  }, [result, message, width, end, source]);
  const src = useMemo(
    () =>
      scene
        ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(directionSvgText(scene, { theme }))}`
        : null,
    [scene, theme],
  );
  const stale = direction.status === 'computing' || direction.resultKey !== requestKey;
  const dimmed = useHeldFor(stale);
  const pair = result && result.kind !== 'skipped' ? result[end] : null;

  return (
    <>
      <div
        ref={ref}
        className={`plot-box direction-box${dimmed ? ' is-stale' : ''}`}
        data-stale={stale ? 'true' : undefined}
        data-testid="direction-box"
        data-end={end}
      >
        {src && scene ? (
          <img
            data-testid="direction-image"
            data-kind={scene.kind}
            src={src}
            alt={scene.description}
            width={scene.width}
            height={scene.height}
          />
        ) : (
          <div className="plot-placeholder" style={{ height: 160 }}>
            {message ?? 'Drawing…'}
          </div>
        )}
      </div>
      {scene && pair ? (
        <p className="plot-note" data-testid="direction-caption">
          {scene.description} Its eigenvalue is {formatNumber(pair.value, 4)}: the curvature of the
          loss along this direction (G = JᵀJ/n),{' '}
          {end === 'minPositive'
            ? 'the smallest of any direction that changes the outputs, so gradient descent moves slowest here.'
            : 'the largest, which caps the stable step size.'}{' '}
          <ExplainLink id="direction">How to read it</ExplainLink>
        </p>
      ) : null}
    </>
  );
});
