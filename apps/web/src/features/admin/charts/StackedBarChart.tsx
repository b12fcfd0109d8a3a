import { niceMax, stackSegments } from '../chart-scale';
import { ChartSvg } from './ChartFrame';

const WIDTH = 460;
const ROW = 34;
const LABEL_W = 120;
const RIGHT = 40;

export interface StackedRow<K extends string> {
  label: string;
  parts: { key: K; value: number }[];
}

interface StackedBarChartProps<K extends string> {
  rows: StackedRow<K>[];
  series: { key: K; label: string; color: string }[];
  titleId: string;
  descId: string;
}

/** Horizontal bars split by series (reports by reason, split by status), with a legend. */
export function StackedBarChart<K extends string>({
  rows,
  series,
  titleId,
  descId,
}: StackedBarChartProps<K>) {
  const totals = rows.map((row) => row.parts.reduce((sum, part) => sum + part.value, 0));
  const max = niceMax(totals);
  const plotW = WIDTH - LABEL_W - RIGHT;
  const height = rows.length * ROW + 8;
  const colorOf = new Map(series.map((s) => [s.key, s.color]));
  const labelOf = new Map(series.map((s) => [s.key, s.label]));
  return (
    <div className="flex flex-col gap-2">
      <ChartSvg titleId={titleId} descId={descId} width={WIDTH} height={height}>
        {rows.map((row, i) => {
          const y = i * ROW + 4;
          return (
            <g key={row.label} transform={`translate(0,${y})`}>
              <text
                x={LABEL_W - 8}
                y={ROW / 2}
                dy="0.32em"
                textAnchor="end"
                fontSize={13}
                className="fill-ink"
              >
                {row.label}
              </text>
              {stackSegments(row.parts, { width: plotW, max }).map((segment) => (
                <rect
                  key={segment.key}
                  x={LABEL_W + segment.x}
                  y={4}
                  width={segment.width}
                  height={ROW - 10}
                  style={{ fill: colorOf.get(segment.key) }}
                  className="stroke-raised"
                >
                  <title>{`${row.label}, ${labelOf.get(segment.key) ?? segment.key}: ${segment.value}`}</title>
                </rect>
              ))}
              <text
                x={LABEL_W + ((totals[i] ?? 0) / max) * plotW + 6}
                y={ROW / 2}
                dy="0.32em"
                fontSize={13}
                className="fill-muted"
              >
                {totals[i]}
              </text>
            </g>
          );
        })}
      </ChartSvg>
      <ul aria-label="Legend" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {series.map((s) => (
          <li key={s.key} className="flex items-center gap-2">
            <span
              aria-hidden="true"
              className="inline-block size-3 rounded-sm"
              style={{ background: s.color }}
            />
            {s.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
