import { layoutBars, niceMax, ticks } from '../chart-scale';
import { ChartSvg } from './ChartFrame';

const WIDTH = 460;
const HEIGHT = 200;
const MARGIN = { top: 10, right: 8, bottom: 30, left: 36 };
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

export interface BarDatum {
  /** Shown under the bar (when `labelEvery` allows) and in the tooltip. */
  label: string;
  value: number;
}

interface BarChartProps {
  data: BarDatum[];
  titleId: string;
  descId: string;
  /** Label every n-th bar, so 30 days or 24 hours stay readable. */
  labelEvery?: number;
  format?: (value: number) => string;
  /** Counts: gridlines only on whole numbers. */
  integer?: boolean;
}

const plain = (value: number) => String(value);

/** A vertical bar chart in plain SVG, scaled to fit its container. */
export function BarChart({
  data,
  titleId,
  descId,
  labelEvery = 1,
  format = plain,
  integer = true,
}: BarChartProps) {
  const max = niceMax(data.map((d) => d.value));
  const bars = layoutBars(
    data.map((d) => d.value),
    { width: PLOT_W, height: PLOT_H, max },
  );
  return (
    <ChartSvg titleId={titleId} descId={descId} width={WIDTH} height={HEIGHT}>
      <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
        {ticks(max, { integer }).map((tick) => {
          const y = PLOT_H - (tick / max) * PLOT_H;
          return (
            <g key={tick}>
              <line x1={0} x2={PLOT_W} y1={y} y2={y} className="stroke-line" />
              <text x={-6} y={y} dy="0.32em" textAnchor="end" fontSize={12} className="fill-muted">
                {format(tick)}
              </text>
            </g>
          );
        })}
        {bars.map((bar, i) => {
          const datum = data[i]!;
          return (
            <g key={datum.label}>
              <rect
                x={bar.x}
                y={bar.y}
                width={bar.width}
                height={bar.height}
                className="fill-primary-strong"
              >
                <title>{`${datum.label}: ${format(datum.value)}`}</title>
              </rect>
              {i % labelEvery === 0 && (
                <text
                  x={bar.x + bar.width / 2}
                  y={PLOT_H + 18}
                  textAnchor="middle"
                  fontSize={12}
                  className="fill-muted"
                >
                  {datum.label}
                </text>
              )}
            </g>
          );
        })}
        <line x1={0} x2={PLOT_W} y1={PLOT_H} y2={PLOT_H} className="stroke-control" />
      </g>
    </ChartSvg>
  );
}
