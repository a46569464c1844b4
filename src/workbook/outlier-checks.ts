import type { SpcPoint } from "../engine/stats/special-cause";
import { funnelProportions } from "../engine/stats/funnel";
import { modifiedZScores } from "../engine/stats/modified-z";
import { formatNumber, type NumberValue } from "../engine/values";
import type { Flag, RowResult, Severity } from "./rate-table";
import { codeKey } from "./rules-table";
import { checkEnabled, type Settings } from "./settings";
import type { RatedTable, TableNote } from "./result";

function push(row: RowResult, kind: string, severity: Severity, message: string): void {
  row.flags.push({ kind, severity, message, cell: row.valueCell } satisfies Flag);
}

const ORDINAL = (n: number): string =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th"}`;

/** How many points at the end of the series the given rule marks. */
function trailingRun(points: readonly SpcPoint[], rule: SpcPoint["rules"][number]): number {
  let run = 0;
  for (let i = points.length - 1; i >= 0 && points[i]!.rules.includes(rule); i--) run++;
  return run;
}

/**
 * XmR chart of each row's own history (Making Data Count, as NHSRplotthedots
 * does it): a sentence when the latest point is a special cause. Rows with
 * fewer points than the minimum get no verdict; the table says so once.
 */
export function spcChecks(t: RatedTable, settings: Settings, notes: TableNote[]): void {
  if (!checkEnabled(settings, "spc")) return;
  const minimum = settings.checks.spcMinimumPoints;
  let tooShort = 0;
  let longest = 0;
  for (const row of t.rows) {
    const length = row.detail.historyLength;
    if (length < 2) continue;
    longest = Math.max(longest, length);
    const latest = row.detail.recentPoint(0)!;
    // The Variation column's own analysis (rowVerdicts), so the sentence and the column agree.
    const result = row.detail.spc;
    if (latest.value.kind !== "number" || result === null) continue;
    if (result.kind === "too-few-points") {
      tooShort++;
      continue;
    }
    const point = result.latest;
    if (!point.specialCause || point.index !== length - 1) continue;
    const shown = latest.value;
    const show = (n: number): string => formatNumber({ ...shown, value: n } as NumberValue);
    const label =
      latest.period?.label && latest.period.label !== "latest" ? latest.period.label : "The latest";
    const { limits } = result;
    const rule = point.rules[0];
    const severity: Severity = point.variation === "concern" ? "warning" : "info";
    const verdict = `special cause, ${row.variation.text}`;
    let sentence: string;
    if (rule === "outside-limits") {
      const above = point.value > limits.upperProcessLimit;
      sentence = `${label} value ${show(point.value)} is ${above ? "above the upper" : "below the lower"} process limit ${show(above ? limits.upperProcessLimit : limits.lowerProcessLimit)} (mean ${show(limits.mean)}): ${verdict}.`;
    } else if (rule === "trend") {
      const run = trailingRun(result.points, "trend");
      sentence = `${label} value ${show(point.value)} ends a run of ${run} ${point.side === "high" ? "rising" : "falling"} points: a trend, ${verdict}.`;
    } else if (rule === "two-in-three") {
      sentence = `${label} value ${show(point.value)} is one of 2 of the last 3 points beyond two sigma ${point.side === "high" ? "above" : "below"} the mean ${show(limits.mean)} (${show(point.side === "high" ? limits.upperTwoSigma : limits.lowerTwoSigma)}): ${verdict}.`;
    } else {
      const run = trailingRun(result.points, "shift");
      sentence = `${label} value ${show(point.value)} is the ${ORDINAL(run)} point in a row ${point.side === "high" ? "above" : "below"} the mean ${show(limits.mean)}: a shift, ${verdict}.`;
    }
    push(row, `spc-${rule}`, severity, sentence);
  }
  if (tooShort > 0) {
    notes.push({
      sheet: t.sheet,
      cell: t.table.id.split("!")[1] ?? "",
      message: `${tooShort} row${tooShort === 1 ? " has" : "s have"} too few points for an SPC verdict (${longest} periods; Making Data Count needs at least ${minimum}).`,
    });
  }
}

const METHOD_WORDS = {
  wilson: "Wilson score interval",
  byar: "Byar's method",
  "exact-poisson": "exact Poisson interval",
} as const;

/**
 * Against each benchmark column (England, the region, statistical neighbours),
 * as Fingertips compares: a sentence for a row whose 95% interval lies wholly
 * above or below the benchmark, saying the Benchmark column's word and the
 * numbers behind it. Similar, untested (no numerator and denominator) and not
 * compared rows get no sentence; their column says so.
 */
export function benchmarkChecks(t: RatedTable, settings: Settings): void {
  if (!checkEnabled(settings, "benchmark")) return;
  for (const row of t.rows) {
    const shown = row.detail.cellValue;
    if (shown.kind !== "number") continue;
    const show = (n: number): string => formatNumber({ ...shown, value: n });
    for (const cell of row.benchmarks) {
      const c = cell.comparison;
      if (c.kind !== "compared" || c.interval === null || c.method === "value") continue;
      if (c.verdict === "similar" || c.verdict === "same") continue;
      const relation = c.interval.lower > c.benchmark ? "above" : "below";
      push(
        row,
        "benchmark",
        "info",
        `${c.text} than ${cell.header}: ${show(c.value)} (95% interval ${show(c.interval.lower)} to ${show(c.interval.upper)}, ${METHOD_WORDS[c.method]}) lies wholly ${relation} ${show(c.benchmark)}.`
      );
    }
  }
}

const TOTAL_WORDS =
  /\b(totals?|county|overall|all (districts|areas|localities)|whole (county|area))\b/i;

/**
 * Tabs that add up the others (a county total beside its districts): comparing a
 * total with its parts would always make it the outlier. A tab is a total when its
 * name or table title says so ("Kent (county total)"), or when for some indicator
 * its numerator and denominator are the sums of at least two other tabs' figures.
 * Returns each such sheet with the reason.
 */
export function aggregateSheets(tables: readonly RatedTable[]): Map<string, string> {
  const totals = new Map<string, string>();
  const sheets = new Set(tables.map((t) => t.sheet));
  if (sheets.size < 3) return totals;
  for (const t of tables) {
    const named = [t.sheet, t.table.title ?? ""].find((text) => TOTAL_WORDS.test(text));
    if (named !== undefined && !totals.has(t.sheet))
      totals.set(t.sheet, `"${named.trim()}" names a total`);
  }
  const parts = new Map<string, { sheet: string; numerator: number; denominator: number }[]>();
  for (const t of tables) {
    if (t.table.layout === "long") continue;
    for (const row of t.rows) {
      const { numerator, denominator } = row.detail;
      if (!row.code || numerator?.kind !== "number" || denominator?.kind !== "number") continue;
      const list = parts.get(codeKey(row.code)) ?? [];
      list.push({ sheet: t.sheet, numerator: numerator.value, denominator: denominator.value });
      parts.set(codeKey(row.code), list);
    }
  }
  for (const [, list] of parts) {
    if (list.length < 3) continue;
    const sumNumerator = list.reduce((sum, p) => sum + p.numerator, 0);
    const sumDenominator = list.reduce((sum, p) => sum + p.denominator, 0);
    for (const p of list) {
      const sumsOthers =
        p.numerator > 0 &&
        Math.abs(sumNumerator - p.numerator - p.numerator) < 0.5 &&
        Math.abs(sumDenominator - p.denominator - p.denominator) < 0.5;
      if (sumsOthers && !totals.has(p.sheet))
        totals.set(p.sheet, "its numerators and denominators are the sums of the other tabs'");
    }
  }
  return totals;
}

/**
 * The same indicator across district tabs: modified z-scores of the latest
 * values (Iglewicz and Hoaglin: |0.6745 (x − median) / MAD| > 3.5) and, where
 * numerator and denominator exist, a funnel plot of proportions
 * (Spiegelhalter: outside 99.8% is a flag, outside 95% a note).
 */
export function districtChecks(
  tables: readonly RatedTable[],
  settings: Settings,
  notes: TableNote[]
): void {
  const totals = aggregateSheets(tables);
  for (const [sheet, why] of totals) {
    const table = tables.find((t) => t.sheet === sheet)!;
    notes.push({
      sheet,
      cell: table.table.id.split("!")[1] ?? "",
      message: `"${sheet}" is treated as a total of the other tabs (${why}), so it is not compared with them as a district.`,
    });
  }
  const byCode = new Map<string, { sheet: string; row: RowResult }[]>();
  for (const t of tables) {
    if (t.table.layout === "long" || totals.has(t.sheet)) continue;
    for (const row of t.rows) {
      if (!row.code) continue;
      const key = codeKey(row.code);
      const list = byCode.get(key) ?? [];
      list.push({ sheet: t.sheet, row });
      byCode.set(key, list);
    }
  }
  for (const [code, entries] of byCode) {
    const sheets = new Set(entries.map((e) => e.sheet));
    if (sheets.size < 3 || sheets.size !== entries.length) continue;
    const valued = entries.filter((e) => e.row.detail.cellValue.kind === "number");
    if (checkEnabled(settings, "district-outlier") && valued.length >= 3) {
      const values = valued.map((e) => (e.row.detail.cellValue as NumberValue).value);
      const z = modifiedZScores(values);
      const display = valued[0]!.row.detail.cellValue as NumberValue;
      const show = (n: number): string => formatNumber({ ...display, value: n });
      // The median of an even count can fall between two displayed values: show one more decimal only then.
      const showMedian = (n: number): string => {
        const plain = show(n);
        const finer = formatNumber({ ...display, value: n, decimals: display.decimals + 1 });
        const withoutExtraZero = finer.replace(/0(%?)$/, "$1").replace(/\.(%?)$/, "$1");
        return withoutExtraZero === plain ? plain : finer;
      };
      if (z.madIsZero) {
        if (new Set(values).size > 1) {
          notes.push({
            sheet: valued[0]!.sheet,
            cell: valued[0]!.row.valueCell,
            message: `${code}: most districts report the same value (MAD is 0), so no district is flagged by modified z-score.`,
          });
        }
      } else {
        z.scores.forEach((score, i) => {
          if (Math.abs(score) <= settings.checks.modifiedZThreshold) return;
          const { sheet, row } = valued[i]!;
          push(
            row,
            "district-outlier",
            "warning",
            `${sheet}'s ${show(values[i]!)} is far ${score > 0 ? "above" : "below"} the other districts (median ${showMedian(z.median)}, modified z ${score.toFixed(1)}): check it before publication.`
          );
        });
      }
    }
    const withParts = entries.filter(
      (e) =>
        e.row.detail.numerator?.kind === "number" && e.row.detail.denominator?.kind === "number"
    );
    if (checkEnabled(settings, "funnel") && withParts.length >= 3) {
      const units = withParts.map((e) => ({
        numerator: (e.row.detail.numerator as NumberValue).value,
        denominator: (e.row.detail.denominator as NumberValue).value,
      }));
      const funnel = funnelProportions(units);
      const pct = (p: number): string => `${(p * 100).toFixed(1)}%`;
      funnel.units.forEach((unit, i) => {
        if (unit.band === "not-comparable" || unit.band === "within") return;
        const { sheet, row } = withParts[i]!;
        const high = unit.direction === "high";
        const outer = unit.band === "outside-99.8";
        const limit = outer
          ? high
            ? unit.upper998
            : unit.lower998
          : high
            ? unit.upper95
            : unit.lower95;
        const polarity = row.detail.rule.polarity;
        const judgement =
          polarity === "maximise"
            ? high
              ? "better"
              : "worse"
            : polarity === "minimise"
              ? high
                ? "worse"
                : "better"
              : high
                ? "higher"
                : "lower";
        push(
          row,
          outer ? "funnel-99.8" : "funnel-95",
          outer ? "warning" : "info",
          `${sheet}'s ${units[i]!.numerator} / ${units[i]!.denominator} = ${pct(unit.proportion)} is ${high ? "above" : "below"} the ${outer ? "99.8%" : "95%"} funnel limit ${pct(limit)} around the all-district ${pct(funnel.p0)}: ${judgement} than the other districts${outer ? "" : " (a note, not a flag)"}.`
        );
      });
    }
  }
}
