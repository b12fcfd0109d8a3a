import { useId, type ReactNode } from 'react';

export interface ChartRow {
  label: string;
  values: (string | number)[];
}

interface ChartFrameProps {
  title: string;
  /** One sentence for screen readers: what the chart shows and its headline numbers. */
  summary: string;
  /** Shown instead of the chart when there is nothing to draw. */
  empty?: string | null;
  /** The numbers behind the chart, as a table under a disclosure. */
  table: { columns: string[]; rows: ChartRow[] };
  children: (ids: ChartIds) => ReactNode;
}

/** The ids of a chart card's title and summary, which name and describe its SVG. */
export interface ChartIds {
  titleId: string;
  descId: string;
}

/** A chart's SVG of `width` × `height` units, scaled to fit; an image named by its card. */
export function ChartSvg({
  titleId,
  descId,
  width,
  height,
  children,
}: ChartIds & { width: number; height: number; children: ReactNode }) {
  return (
    <svg
      role="img"
      aria-labelledby={titleId}
      aria-describedby={descId}
      viewBox={`0 0 ${width} ${height}`}
      className="h-auto w-full"
    >
      {children}
    </svg>
  );
}

/** A chart's card: title, the SVG (named and described), and its data as a table. */
export function ChartFrame({ title, summary, empty, table, children }: ChartFrameProps) {
  const titleId = useId();
  const descId = useId();
  return (
    <figure
      aria-labelledby={titleId}
      className="m-0 flex flex-col gap-3 rounded-xl border border-line bg-raised p-4"
    >
      <h3 id={titleId} className="text-lg">
        {title}
      </h3>
      {empty ? (
        <p className="rounded-lg bg-surface p-4 text-muted">{empty}</p>
      ) : (
        <>
          <p id={descId} className="sr-only">
            {summary}
          </p>
          {children({ titleId, descId })}
          <details className="text-sm">
            <summary className="inline-flex min-h-11 cursor-pointer items-center rounded-lg font-semibold text-primary-strong">
              Show the numbers
            </summary>
            <div className="overflow-x-auto">
              <table className="mt-2 w-full border-collapse text-left">
                <caption className="sr-only">{title}</caption>
                <thead>
                  <tr>
                    {table.columns.map((column) => (
                      <th key={column} scope="col" className="border-b border-line px-2 py-1">
                        {column}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {table.rows.map((row) => (
                    <tr key={row.label}>
                      <th scope="row" className="border-b border-line px-2 py-1 font-normal">
                        {row.label}
                      </th>
                      {row.values.map((value, i) => (
                        <td key={i} className="border-b border-line px-2 py-1 tabular-nums">
                          {value}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </figure>
  );
}
