/**
 * An indicator row as an XmR chart: the points by period (gaps where a value is
 * missing), the mean and process limits, the target or target range, and each
 * point's special-cause verdict, all from the row's own analysis
 * (`detail.spc`, the one the Variation column shows). Pure: no React, no DOM,
 * so the chart and its text alternative are drawn from the same numbers.
 */
import { formatNumber, type NumberValue } from "../../engine";
import type { SpcRule, SpcVariation, XmrLimits } from "../../engine/stats";
import type { RowResult } from "../../workbook/rate-table";

/** How a plotted point is marked: a special-cause kind, or common cause. */
export type PointMark = SpcVariation;

/** One period of the chart. */
export interface ChartPoint {
  /** Position in the row's history (0 = oldest). */
  readonly index: number;
  /** The period label (`Dec-22`), or `Point 3` when the columns carry none. */
  readonly label: string;
  /** The value, or null for a gap (the cell had no number). */
  readonly value: number | null;
  /** The value as the sheet shows it (`76.3%`), or the missing cell's text. */
  readonly text: string;
  /** The point's verdict; null for a gap or when the row was not analysed. */
  readonly mark: PointMark | null;
  /** The rules that mark it, in precedence order; empty for common cause. */
  readonly rules: readonly SpcRule[];
}

/** The target as a line, or the target range as a band (with its target, if any). */
export type ChartTarget =
  | { readonly kind: "line"; readonly value: number }
  | {
      readonly kind: "range";
      readonly lower: number;
      readonly upper: number;
      readonly target: number | null;
    };

export interface ChartSeries {
  readonly code: string;
  readonly points: readonly ChartPoint[];
  /** Runs of consecutive plotted points (history indices): the line breaks at each gap. */
  readonly segments: readonly (readonly number[])[];
  /** The XmR limits; null when the row was not analysed. */
  readonly limits: XmrLimits | null;
  /** Why there are no limits (`8 points, needs 12`), when there are none. */
  readonly notAnalysed: string | null;
  readonly target: ChartTarget | null;
  readonly percent: boolean;
  /** Decimals shown for values (display units), the most any point shows. */
  readonly decimals: number;
  /** The y range to draw: every value, limit and target, padded. */
  readonly domain: readonly [number, number];
  /** Formats a number like the row's values (`74.8%`). */
  readonly format: (n: number) => string;
}

const EMPTY_RULES: readonly SpcRule[] = Object.freeze([]);

/** The words for a point's mark, as the chart's text alternative and legend say them. */
export const MARK_WORDS: Readonly<Record<PointMark, string>> = {
  improvement: "Special cause improvement",
  concern: "Special cause concern",
  neither: "Special cause, neither improvement nor concern",
  common: "Common cause",
};

/** Short legend words for each mark. */
export const MARK_LEGEND: Readonly<Record<PointMark, string>> = {
  improvement: "Improvement",
  concern: "Concern",
  neither: "Neither",
  common: "Common cause",
};

export const RULE_WORDS: Readonly<Record<SpcRule, string>> = {
  "outside-limits": "outside the process limits",
  trend: "a trend of 7 rising or falling points",
  "two-in-three": "2 of 3 points beyond two sigma",
  shift: "a run of 7 points on one side of the mean",
};

/** The chart of one row. Cost: O(periods). */
export function chartSeries(row: RowResult): ChartSeries {
  const history = row.detail.history;
  const spc = row.detail.spc;
  const analysed = spc?.kind === "analysed" ? spc : null;
  const byIndex = new Map(analysed?.points.map((p) => [p.index, p]) ?? []);

  let decimals = row.detail.cellValue.kind === "number" ? row.detail.cellValue.decimals : 0;
  let percent = row.percent;
  for (const h of history)
    if (h.value.kind === "number") {
      decimals = Math.max(decimals, h.value.decimals);
      percent ||= h.value.percent;
    }
  const format = (n: number): string =>
    formatNumber({ kind: "number", value: n, percent, decimals } satisfies NumberValue);

  const points = history.map((h, index): ChartPoint => {
    const label = h.period?.label ?? `Point ${index + 1}`;
    if (h.value.kind !== "number")
      return {
        index,
        label,
        value: null,
        text: h.value.text.trim() || "blank",
        mark: null,
        rules: EMPTY_RULES,
      };
    const analysedPoint = byIndex.get(index);
    return {
      index,
      label,
      value: h.value.value,
      text: formatNumber(h.value),
      mark: analysedPoint?.variation ?? null,
      rules: analysedPoint?.rules ?? EMPTY_RULES,
    };
  });

  const segments: number[][] = [];
  let run: number[] = [];
  for (const p of points) {
    if (p.value === null) {
      if (run.length > 0) segments.push(run);
      run = [];
    } else run.push(p.index);
  }
  if (run.length > 0) segments.push(run);

  const target = chartTarget(row);
  const limits = analysed?.limits ?? null;
  const extent: number[] = points.flatMap((p) => (p.value === null ? [] : [p.value]));
  if (limits) extent.push(limits.lowerProcessLimit, limits.upperProcessLimit, limits.mean);
  if (target?.kind === "line") extent.push(target.value);
  if (target?.kind === "range") extent.push(target.lower, target.upper);

  return {
    code: row.code,
    points,
    segments,
    limits,
    notAnalysed:
      spc === null
        ? row.variation.kind === "na"
          ? row.variation.reason
          : "no latest value"
        : spc.kind === "too-few-points"
          ? `${spc.points} point${spc.points === 1 ? "" : "s"}, needs ${spc.minimum}`
          : null,
    target,
    percent,
    decimals,
    domain: paddedDomain(extent),
    format,
  };
}

function chartTarget(row: RowResult): ChartTarget | null {
  const rule = row.detail.rule;
  const finite = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n);
  if (rule.polarity === "range" && finite(rule.lower) && finite(rule.upper))
    return {
      kind: "range",
      lower: Math.min(rule.lower, rule.upper),
      upper: Math.max(rule.lower, rule.upper),
      target: finite(rule.target) ? rule.target : null,
    };
  return finite(rule.target) ? { kind: "line", value: rule.target } : null;
}

/** min–max of the numbers, padded by 8% of the span each side (or around a lone value). */
export function paddedDomain(values: readonly number[]): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [0, 1];
  let min = Math.min(...finite);
  let max = Math.max(...finite);
  if (max === min) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    return [min - pad, max + pad];
  }
  const pad = (max - min) * 0.08;
  min -= pad;
  max += pad;
  return [min, max];
}

/** A linear map from a domain to a range (`d3.scaleLinear` without d3). */
export function linearScale(
  [d0, d1]: readonly [number, number],
  [r0, r1]: readonly [number, number]
): (v: number) => number {
  const span = d1 - d0;
  return span === 0 ? () => (r0 + r1) / 2 : (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/**
 * About `count` round tick values inside [min, max]: steps of 1, 2 or 5 × 10ᵏ
 * (d3's `ticks`). Percentages are fractions, so 0.05 steps are 5% steps.
 */
export function niceTicks(min: number, max: number, count = 4): { ticks: number[]; step: number } {
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max))
    return { ticks: Number.isFinite(min) ? [min] : [], step: 0 };
  const rough = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  // d3's thresholds: √50, √10, √2.
  const step =
    (fraction >= Math.SQRT2 * 5
      ? 10
      : fraction >= Math.sqrt(10)
        ? 5
        : fraction >= Math.SQRT2
          ? 2
          : 1) * power;
  const ticks: number[] = [];
  // Whole multiples of the step, so 0.1 + 0.2 drift never shows as 0.30000000000000004.
  for (let k = Math.ceil(min / step); k * step <= max + step * 1e-9; k++)
    ticks.push(Number((k * step).toPrecision(12)));
  return { ticks, step };
}

/** A tick formatted like the values (percentages as `%`), with just the decimals its step needs. */
export function formatTick(value: number, step: number, percent: boolean): string {
  const shownStep = percent ? step * 100 : step;
  const decimals =
    shownStep > 0 ? Math.min(4, Math.max(0, -Math.floor(Math.log10(shownStep) + 1e-9))) : 0;
  return formatNumber({ kind: "number", value: value, percent, decimals });
}

/** The chart's one-sentence summary: its aria-label. */
export function chartSummary(series: ChartSeries): string {
  const plotted = series.points.filter((p) => p.value !== null);
  const first = series.points[0];
  const last = series.points[series.points.length - 1];
  const parts = [
    `XmR chart of ${series.code}: ${series.points.length} period${series.points.length === 1 ? "" : "s"}` +
      (first && last && series.points.length > 1 ? `, ${first.label} to ${last.label}` : "") +
      (plotted.length < series.points.length
        ? `, ${series.points.length - plotted.length} without a value`
        : ""),
  ];
  if (series.limits) {
    const l = series.limits;
    parts.push(
      `mean ${series.format(l.mean)}, process limits ${series.format(l.lowerProcessLimit)} to ${series.format(l.upperProcessLimit)}`
    );
  } else if (series.notAnalysed) parts.push(`no process limits (${series.notAnalysed})`);
  const t = series.target;
  if (t?.kind === "line") parts.push(`target ${series.format(t.value)}`);
  if (t?.kind === "range")
    parts.push(`target range ${series.format(t.lower)} to ${series.format(t.upper)}`);
  if (series.limits) {
    const special = plotted.filter((p) => p.mark !== null && p.mark !== "common");
    const named = (p: ChartPoint): string => `${p.label} (${MARK_LEGEND[p.mark!].toLowerCase()})`;
    if (special.length === 0) parts.push("no special-cause points");
    else if (special.length <= 3) parts.push(`special cause at ${special.map(named).join(", ")}`);
    else {
      const counts = (["improvement", "concern", "neither"] as const)
        .map((m) => [m, special.filter((p) => p.mark === m).length] as const)
        .filter(([, count]) => count > 0)
        .map(([m, count]) => `${count} ${MARK_LEGEND[m].toLowerCase()}`);
      parts.push(
        `${special.length} special-cause points (${counts.join(", ")}), the latest ${named(special[special.length - 1]!)}`
      );
    }
  }
  return `${parts.join("; ")}.`;
}

/** What the text alternative says of one point's variation. */
export function pointVerdict(point: ChartPoint): string {
  if (point.value === null) return "No value";
  if (point.mark === null) return "Not analysed";
  if (point.mark === "common") return MARK_WORDS.common;
  return `${MARK_WORDS[point.mark]}: ${point.rules.map((r) => RULE_WORDS[r]).join("; ")}`;
}
