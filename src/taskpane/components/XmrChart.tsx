import * as React from "react";
import { makeStyles, tokens } from "@fluentui/react-components";
import type { RowResult } from "../../workbook/rate-table";
import {
  chartSeries,
  chartSummary,
  formatTick,
  linearScale,
  MARK_LEGEND,
  niceTicks,
  pointVerdict,
  type ChartPoint,
  type ChartSeries,
  type PointMark,
} from "./chart-data";

/**
 * An XmR (individuals) chart of one indicator as a small SVG: the values by
 * period (broken at gaps), the mean, the process limits (dashed), the target
 * line or shaded target range, and each point marked by its Making Data Count
 * verdict with a shape as well as a colour. Colours are Fluent tokens (CSS
 * variables), so the light, dark and high-contrast themes all apply. The
 * drawing is one image with a summary for screen readers; the "Chart data"
 * table below it is the full text alternative.
 *
 * Hand-rolled (linear scales, a tick rule) rather than a charting library:
 * a few KB gzipped, against well over 100 KB for @fluentui/react-charts.
 */

const HEIGHT = 200;
/** Width used before the first measurement (and in tests, where nothing is laid out). */
const DEFAULT_WIDTH = 360;
const MIN_WIDTH = 240;
const MARGIN = { top: 10, right: 10, bottom: 26, left: 46 } as const;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  svg: { display: "block", width: "100%", height: "auto", overflow: "visible" },
  grid: { stroke: tokens.colorNeutralStroke3, strokeWidth: 1 },
  axis: { stroke: tokens.colorNeutralStroke1, strokeWidth: 1 },
  tickText: {
    fill: tokens.colorNeutralForeground2,
    fontSize: "11px",
    fontFamily: tokens.fontFamilyBase,
  },
  values: { fill: "none", stroke: tokens.colorNeutralForeground2, strokeWidth: 1.5 },
  mean: { stroke: tokens.colorNeutralForeground1, strokeWidth: 1 },
  limit: { stroke: tokens.colorNeutralForeground3, strokeWidth: 1, strokeDasharray: "5 3" },
  target: {
    stroke: tokens.colorPaletteRedForeground1,
    strokeWidth: 1.5,
    strokeDasharray: "8 3 2 3",
  },
  // Translucent so the grid shows through; BackgroundN tokens are strong in the dark theme.
  range: { fill: tokens.colorPaletteGreenBackground2, fillOpacity: 0.35, stroke: "none" },
  rangeEdge: {
    stroke: tokens.colorPaletteGreenForeground1,
    strokeWidth: 1,
    strokeDasharray: "2 2",
  },
  improvement: {
    fill: tokens.colorPaletteBlueForeground2,
    stroke: tokens.colorNeutralBackground1,
    strokeWidth: 1,
  },
  concern: {
    fill: tokens.colorPaletteDarkOrangeForeground1,
    stroke: tokens.colorNeutralBackground1,
    strokeWidth: 1,
  },
  neither: {
    fill: tokens.colorPalettePurpleForeground2,
    stroke: tokens.colorNeutralBackground1,
    strokeWidth: 1,
  },
  common: { fill: tokens.colorNeutralForeground3, stroke: "none" },
  unanalysed: { fill: tokens.colorNeutralForeground2, stroke: "none" },
  legend: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    listStyleType: "none",
    margin: 0,
    padding: 0,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
  legendItem: {
    display: "inline-flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalXS,
  },
  details: { fontSize: tokens.fontSizeBase200 },
  summary: { cursor: "pointer", color: tokens.colorNeutralForeground2 },
  table: {
    borderCollapse: "collapse",
    width: "100%",
    marginTop: tokens.spacingVerticalXS,
    "& th, & td": {
      textAlign: "start",
      padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      verticalAlign: "top",
    },
  },
  caption: { textAlign: "start", fontWeight: tokens.fontWeightSemibold },
  period: { whiteSpace: "nowrap" },
  lines: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
});

type Styles = ReturnType<typeof useStyles>;

/** The element's laid-out width, kept up to date as the pane is resized. */
function useWidth(ref: React.RefObject<HTMLElement>): number {
  const [width, setWidth] = React.useState(DEFAULT_WIDTH);
  React.useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const measure = (): void => {
      const w = Math.round(element.clientWidth);
      if (w > 0) setWidth(Math.max(MIN_WIDTH, w));
    };
    measure();
    if (typeof ResizeObserver === "undefined") return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/** A point's marker: a shape per verdict, so colour is never the only cue. */
export function Marker({
  mark,
  x,
  y,
  styles,
}: {
  readonly mark: PointMark | null;
  readonly x: number;
  readonly y: number;
  readonly styles: Styles;
}): React.JSX.Element {
  switch (mark) {
    case "improvement":
      return (
        <circle data-mark="improvement" cx={x} cy={y} r={4.5} className={styles.improvement} />
      );
    case "concern": {
      const d = 5.5;
      return (
        <path
          data-mark="concern"
          d={`M${x} ${y - d}L${x + d} ${y}L${x} ${y + d}L${x - d} ${y}Z`}
          className={styles.concern}
        />
      );
    }
    case "neither":
      return (
        <rect
          data-mark="neither"
          x={x - 4}
          y={y - 4}
          width={8}
          height={8}
          className={styles.neither}
        />
      );
    case "common":
      return <circle data-mark="common" cx={x} cy={y} r={2.5} className={styles.common} />;
    default:
      return <circle data-mark="none" cx={x} cy={y} r={2.5} className={styles.unanalysed} />;
  }
}

/** A small swatch for the key: a marker or a line sample. */
function KeySwatch({ children }: { readonly children: React.ReactNode }): React.JSX.Element {
  return (
    <svg width={18} height={12} viewBox="0 0 18 12" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

function Key({ series, styles }: { readonly series: ChartSeries; readonly styles: Styles }) {
  const marks = new Set(series.points.map((p) => p.mark).filter((m) => m !== null));
  const order: PointMark[] = ["improvement", "concern", "neither", "common"];
  return (
    <ul className={styles.legend} aria-label="Chart key">
      {series.limits && (
        <>
          <li className={styles.legendItem}>
            <KeySwatch>
              <line x1={1} x2={17} y1={6} y2={6} className={styles.mean} />
            </KeySwatch>
            Mean
          </li>
          <li className={styles.legendItem}>
            <KeySwatch>
              <line x1={1} x2={17} y1={6} y2={6} className={styles.limit} />
            </KeySwatch>
            Process limits
          </li>
        </>
      )}
      {series.target?.kind === "line" && (
        <li className={styles.legendItem}>
          <KeySwatch>
            <line x1={1} x2={17} y1={6} y2={6} className={styles.target} />
          </KeySwatch>
          Target
        </li>
      )}
      {series.target?.kind === "range" && (
        <li className={styles.legendItem}>
          <KeySwatch>
            <rect x={1} y={2} width={16} height={8} className={styles.range} />
          </KeySwatch>
          Target range
        </li>
      )}
      {order
        .filter((m) => marks.has(m))
        .map((m) => (
          <li key={m} className={styles.legendItem}>
            <KeySwatch>
              <Marker mark={m} x={9} y={6} styles={styles} />
            </KeySwatch>
            {MARK_LEGEND[m]}
          </li>
        ))}
    </ul>
  );
}

function DataTable({ series, styles }: { readonly series: ChartSeries; readonly styles: Styles }) {
  const f = series.format;
  const l = series.limits;
  const t = series.target;
  return (
    <details className={styles.details}>
      <summary className={styles.summary}>Chart data</summary>
      <ul className={styles.lines}>
        {l ? (
          <>
            <li>Mean {f(l.mean)}</li>
            <li>
              Process limits {f(l.lowerProcessLimit)} to {f(l.upperProcessLimit)}
            </li>
          </>
        ) : (
          <li>No process limits: {series.notAnalysed}</li>
        )}
        {t?.kind === "line" && <li>Target {f(t.value)}</li>}
        {t?.kind === "range" && (
          <li>
            Target range {f(t.lower)} to {f(t.upper)}
          </li>
        )}
      </ul>
      <table className={styles.table}>
        <caption className={styles.caption}>Values of {series.code} by period</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">Value</th>
            <th scope="col">Variation</th>
          </tr>
        </thead>
        <tbody>
          {series.points.map((p) => (
            <tr key={p.index}>
              <th scope="row" className={styles.period}>
                {p.label}
              </th>
              <td>{p.text}</td>
              <td>{pointVerdict(p)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export interface XmrChartProps {
  readonly row: RowResult;
}

/** The XmR chart of one indicator row, its key, and its data as a table. */
export default function XmrChart({ row }: XmrChartProps): React.JSX.Element {
  const styles = useStyles();
  const ref = React.useRef<HTMLDivElement>(null);
  const width = useWidth(ref);
  const series = React.useMemo(() => chartSeries(row), [row]);
  const summary = React.useMemo(() => chartSummary(series), [series]);

  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const top = MARGIN.top;
  const bottom = HEIGHT - MARGIN.bottom;
  const y = linearScale(series.domain, [bottom, top]);
  const n = series.points.length;
  const x = (i: number): number =>
    n <= 1 ? (left + right) / 2 : left + (i / (n - 1)) * (right - left);
  const { ticks, step } = niceTicks(series.domain[0], series.domain[1], 4);
  const plotted = series.points.filter(
    (p): p is ChartPoint & { value: number } => p.value !== null
  );
  const hline = (v: number, className: string): React.JSX.Element => (
    <line x1={left} x2={right} y1={y(v)} y2={y(v)} className={className} />
  );
  const first = series.points[0];
  const last = series.points[n - 1];
  const middle = n >= 5 && width >= 300 ? series.points[Math.floor((n - 1) / 2)] : undefined;
  const t = series.target;

  return (
    <div className={styles.root} ref={ref}>
      <svg
        role="img"
        aria-label={summary}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        className={styles.svg}
        focusable="false"
      >
        {ticks.map((v) => (
          <g key={v}>
            {hline(v, styles.grid)}
            <text x={left - 6} y={y(v)} dy="0.32em" textAnchor="end" className={styles.tickText}>
              {formatTick(v, step, series.percent)}
            </text>
          </g>
        ))}
        {t?.kind === "range" && (
          <>
            <rect
              x={left}
              width={right - left}
              y={y(t.upper)}
              height={Math.max(0, y(t.lower) - y(t.upper))}
              className={styles.range}
            />
            {hline(t.lower, styles.rangeEdge)}
            {hline(t.upper, styles.rangeEdge)}
            {t.target !== null && hline(t.target, styles.target)}
          </>
        )}
        {series.limits && (
          <>
            {hline(series.limits.upperProcessLimit, styles.limit)}
            {hline(series.limits.lowerProcessLimit, styles.limit)}
            {hline(series.limits.mean, styles.mean)}
          </>
        )}
        {t?.kind === "line" && hline(t.value, styles.target)}
        <line x1={left} x2={right} y1={bottom} y2={bottom} className={styles.axis} />
        {series.segments
          .filter((s) => s.length > 1)
          .map((s) => (
            <path
              key={s[0]}
              d={s
                .map((i, k) => `${k === 0 ? "M" : "L"}${x(i)} ${y(series.points[i]!.value!)}`)
                .join("")}
              className={styles.values}
            />
          ))}
        {plotted.map((p) => (
          <Marker key={p.index} mark={p.mark} x={x(p.index)} y={y(p.value)} styles={styles} />
        ))}
        {first && (
          <text
            x={x(0)}
            y={HEIGHT - 8}
            textAnchor={n <= 1 ? "middle" : "start"}
            className={styles.tickText}
          >
            {first.label}
          </text>
        )}
        {middle && (
          <text x={x(middle.index)} y={HEIGHT - 8} textAnchor="middle" className={styles.tickText}>
            {middle.label}
          </text>
        )}
        {last && n > 1 && (
          <text x={x(n - 1)} y={HEIGHT - 8} textAnchor="end" className={styles.tickText}>
            {last.label}
          </text>
        )}
      </svg>
      <Key series={series} styles={styles} />
      <DataTable series={series} styles={styles} />
    </div>
  );
}
