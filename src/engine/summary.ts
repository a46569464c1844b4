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
  // One pass: counts and code lists ("A; B; C") per status, and per RAG colour the
  // rows deteriorating long term. No per-status arrays.
  let green = 0;
  let amber = 0;
  let red = 0;
  let notRated = 0;
  let na = 0;
  let greenCodes = "";
  let amberCodes = "";
  let redCodes = "";
  let notRatedCodes = "";
  let naCodes = "";
  let greenDet = 0;
  let amberDet = 0;
  let redDet = 0;
  let greenDetCodes = "";
  let amberDetCodes = "";
  let redDetCodes = "";
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const code = row.code;
    const det = row.longTrend === "DET";
    switch (row.status) {
      case "Green":
        greenCodes += green++ === 0 ? code : "; " + code;
        if (det) greenDetCodes += greenDet++ === 0 ? code : "; " + code;
        break;
      case "Amber":
        amberCodes += amber++ === 0 ? code : "; " + code;
        if (det) amberDetCodes += amberDet++ === 0 ? code : "; " + code;
        break;
      case "Red":
        redCodes += red++ === 0 ? code : "; " + code;
        if (det) redDetCodes += redDet++ === 0 ? code : "; " + code;
        break;
      case "Not rated":
        notRatedCodes += notRated++ === 0 ? code : "; " + code;
        break;
      case "NA":
        naCodes += na++ === 0 ? code : "; " + code;
        break;
    }
  }
  const counts: Record<Status, number> = {
    Green: green,
    Amber: amber,
    Red: red,
    "Not rated": notRated,
    NA: na,
  };
  const lines = [`The total number of measures is ${rows.length}`];
  if (green)
    lines.push(
      `${measures(green)} ${green === 1 ? "met its" : "met their"} target [${greenCodes}]`
    );
  if (amber)
    lines.push(
      `${measures(amber)} ${amber === 1 ? "was" : "were"} slightly below target [${amberCodes}]`
    );
  if (red)
    lines.push(
      `${measures(red)} ${red === 1 ? "was" : "were"} significantly below target [${redCodes}]`
    );
  if (notRated)
    lines.push(
      `${measures(notRated)} ${notRated === 1 ? "is" : "are"} not rated [${notRatedCodes}]`
    );
  if (na)
    lines.push(
      `${measures(na)} ${na === 1 ? "is" : "are"} not available this ${periodWord} [${naCodes}]`
    );
  if (greenDet) lines.push(deteriorating("green", green, greenDet, greenDetCodes));
  if (amberDet) lines.push(deteriorating("amber", amber, amberDet, amberDetCodes));
  if (redDet) lines.push(deteriorating("red", red, redDet, redDetCodes));
  return { total: rows.length, counts, lines };
}

/** "The green measure is…", "Both red measures are…", "All 3 amber measures are…", "1 of the 6 green measures are…". */
function deteriorating(colour: string, n: number, k: number, codes: string): string {
  const subject =
    n === 1
      ? `The ${colour} measure is`
      : k === n
        ? n === 2
          ? `Both ${colour} measures are`
          : `All ${n} ${colour} measures are`
        : `${k} of the ${n} ${colour} measures are`;
  return `${subject} deteriorating long term [${codes}]`;
}
