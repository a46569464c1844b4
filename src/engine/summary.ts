import type { Status } from "./status";
import type { Trend } from "./trends";

/** What the summary needs of a row: its code, the status it ends with, and its long trend. */
export interface SummaryRow {
  readonly code: string;
  readonly status: Status;
  readonly longTrend: Trend;
}

export interface TableSummary {
  readonly total: number;
  readonly counts: Readonly<Record<Status, number>>;
  /** The narrative, one published line per entry, codes in table order. */
  readonly lines: readonly string[];
}

export interface SummaryOptions {
  /** The reporting period word in "not available this quarter". Default `quarter`. */
  readonly periodWord?: string;
}

const measures = (n: number): string => `${n} ${n === 1 ? "measure" : "measures"}`;
function codes(rows: readonly SummaryRow[]): string {
  let text = "[";
  for (let i = 0; i < rows.length; i++) text += (i ? "; " : "") + rows[i]!.code;
  return text + "]";
}

/**
 * Counts by status and the narrative officers publish above each programme:
 *
 * ```
 * The total number of measures is 6
 * 1 measure met its target [PH23]
 * 3 measures were slightly below target [PH13; PH17; PH8]
 * 2 measures were significantly below target [PH14; PH15]
 * The green measure is deteriorating long term [PH23]
 * Both red measures are deteriorating long term [PH14; PH15]
 * ```
 *
 * Lines for statuses with no rows are left out. Deterioration lines follow for
 * green, amber and red in turn: "The green measure is…" (1 of 1), "Both red
 * measures are…" (2 of 2), "All 3 amber measures are…" (all of 3+), and
 * otherwise "1 of the 6 green measures are…", as published.
 *
 * Cost: O(rows).
 */
export function summarise(rows: readonly SummaryRow[], options: SummaryOptions = {}): TableSummary {
  const periodWord = options.periodWord ?? "quarter";
  const byStatus: Record<Status, SummaryRow[]> = {
    Green: [],
    Amber: [],
    Red: [],
    "Not rated": [],
    NA: [],
  };
  for (const row of rows) byStatus[row.status].push(row);
  const counts: Record<Status, number> = {
    Green: byStatus.Green.length,
    Amber: byStatus.Amber.length,
    Red: byStatus.Red.length,
    "Not rated": byStatus["Not rated"].length,
    NA: byStatus.NA.length,
  };
  const lines = [`The total number of measures is ${rows.length}`];
  const { Green: green, Amber: amber, Red: red } = byStatus;
  if (green.length)
    lines.push(
      `${measures(green.length)} ${green.length === 1 ? "met its" : "met their"} target ${codes(green)}`
    );
  if (amber.length)
    lines.push(
      `${measures(amber.length)} ${amber.length === 1 ? "was" : "were"} slightly below target ${codes(amber)}`
    );
  if (red.length)
    lines.push(
      `${measures(red.length)} ${red.length === 1 ? "was" : "were"} significantly below target ${codes(red)}`
    );
  const notRated = byStatus["Not rated"];
  if (notRated.length)
    lines.push(
      `${measures(notRated.length)} ${notRated.length === 1 ? "is" : "are"} not rated ${codes(notRated)}`
    );
  const na = byStatus.NA;
  if (na.length)
    lines.push(
      `${measures(na.length)} ${na.length === 1 ? "is" : "are"} not available this ${periodWord} ${codes(na)}`
    );
  for (const [colour, group] of [
    ["green", green],
    ["amber", amber],
    ["red", red],
  ] as const) {
    const deteriorating = group.filter((row) => row.longTrend === "DET");
    const k = deteriorating.length;
    if (k === 0) continue;
    const n = group.length;
    const subject =
      n === 1
        ? `The ${colour} measure is`
        : k === n
          ? n === 2
            ? `Both ${colour} measures are`
            : `All ${n} ${colour} measures are`
          : `${k} of the ${n} ${colour} measures are`;
    lines.push(`${subject} deteriorating long term ${codes(deteriorating)}`);
  }
  return { total: rows.length, counts, lines };
}
