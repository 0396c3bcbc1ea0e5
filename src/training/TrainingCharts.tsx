/**
 * The training panel's two charts, the loss and κ(G_t) against the step: side by side when the
 * card is wide enough, one above the other otherwise, each with a placeholder before any record.
 */
import { useElementWidth } from '../hooks/useElementWidth';
import { TrajectoryPlot } from './TrajectoryPlot';
import type { TrajectoryPlotProps, TrajectorySeries } from './TrajectoryPlot';

/** Two charts side by side from this width of the card's content on. */
const TWO_COLUMNS_PX = 720;
const CHART_GAP_PX = 20;

export interface TrainingChartsProps {
  loss: readonly TrajectorySeries[];
  kappa: readonly TrajectorySeries[];
  /** several runs (or a comparison planned): the titles say "per run" */
  comparison: boolean;
  /** whether any run has a record yet (before: the placeholders) */
  hasRecords: boolean;
  maxStep: number;
  markerStep: number | null;
  /** a click on a chart picks the record at that step */
  onPick: (step: number) => void;
}

export function TrainingCharts(props: TrainingChartsProps) {
  const { loss, kappa, comparison, hasRecords, maxStep, markerStep, onPick } = props;
  const [chartsRef, chartsWidth] = useElementWidth<HTMLDivElement>();
  const two = chartsWidth >= TWO_COLUMNS_PX;
  const chartWidth = two ? Math.floor((chartsWidth - CHART_GAP_PX) / 2) : chartsWidth;
  const chartHeight = Math.round(Math.min(320, Math.max(230, chartWidth * 0.62)));
  const chartProps = { maxStep, markerStep, width: chartWidth, height: chartHeight, onPick };

  return (
    <div
      ref={chartsRef}
      className={`training-charts${two ? ' is-two' : ''}`}
      style={{ gap: `${CHART_GAP_PX}px` }}
    >
      <TrainingChart
        testId="training-loss-plot"
        title={`Training loss${comparison ? ' per run' : ''}`}
        placeholder="The loss appears here once training starts."
        plot={
          hasRecords
            ? {
                series: loss,
                yTitle: 'loss (log scale)',
                ariaLabel: 'Training loss against the step, log scale',
              }
            : null
        }
        {...chartProps}
      />
      <TrainingChart
        testId="training-kappa-plot"
        title={comparison ? 'κ(G) per run' : 'κ(G) and the bounds that apply'}
        placeholder="κ(G) and its bounds appear here, one point per record."
        plot={
          hasRecords
            ? {
                series: kappa,
                yTitle: 'condition number (log scale)',
                ariaLabel: 'Condition number of the GN matrix against the step, log scale',
              }
            : null
        }
        {...chartProps}
      />
    </div>
  );
}

/** One of the two training charts, or its placeholder before the first record. */
function TrainingChart(
  props: Omit<TrajectoryPlotProps, 'series' | 'yTitle' | 'ariaLabel'> & {
    testId: string;
    title: string;
    placeholder: string;
    plot: Pick<TrajectoryPlotProps, 'series' | 'yTitle' | 'ariaLabel'> | null;
  },
) {
  const { testId, title, placeholder, plot, ...common } = props;
  return (
    <div className="plot-box" data-testid={testId}>
      <h3 className="training-chart-title">{title}</h3>
      {plot ? (
        <TrajectoryPlot {...plot} {...common} />
      ) : (
        <div className="plot-placeholder" style={{ height: common.height }}>
          {placeholder}
        </div>
      )}
    </div>
  );
}
