import { learnRule, type LearnedRule, type PublishedRating } from "../engine/learn-rule";
import type { Polarity } from "../engine/polarity";
import { qualified } from "./address";
import { codeKey } from "./rules-table";
import type { RunResult } from "./run";
import type { WorkbookSnapshot } from "./snapshot";

/** The rating key a sheet prints ("Amber: floor standard achieved but target not met"), read as a hint. */
export interface SchemeHint {
  readonly scheme: "floor" | "relative";
  /** For "slightly below target (<5%)": the tolerance the key states, as a fraction. */
  readonly tolerance?: number;
  readonly text: string;
  readonly where: string;
}

/** What learning found for one indicator code. */
export interface LearnedIndicator {
  readonly code: string;
  readonly polarity: Polarity;
  readonly learned: LearnedRule;
  /** The sheets its ratings came from, in workbook order. */
  readonly sheets: readonly string[];
  /** Whether the values are percentages (so the rules file writes `75%`, `2pp`). */
  readonly percent: boolean;
}

export interface LearnedRules {
  readonly indicators: readonly LearnedIndicator[];
  readonly hint?: SchemeHint;
  /** Ratings learned from, in all. */
  readonly ratings: number;
}

const FLOOR_KEY = /floor\s+standard\s+(?:achieved|met)/i;
const RELATIVE_KEY =
  /slightly\s+below\s+target[^0-9<]*(?:\(\s*)?(?:<|less than|within)\s*(\d+(?:\.\d+)?)\s*%/i;

/**
 * The rating key printed on any sheet, as a hint for the scheme: a floor
 * ("floor standard achieved but target not met", brief §2b) or a relative
 * tolerance ("slightly below target (less than 5%)", §2a).
 *
 * Cost: O(text cells).
 */
export function schemeHint(snapshot: WorkbookSnapshot): SchemeHint | undefined {
  for (const sheet of snapshot.sheets)
    for (let i = 0; i < sheet.values.length; i++) {
      const row = sheet.values[i]!;
      for (let j = 0; j < row.length; j++) {
        const text = row[j];
        if (typeof text !== "string" || text.length < 12) continue;
        const where = qualified(
          sheet.name,
          `${columnName(sheet.origin.column + j)}${sheet.origin.row + i + 1}`
        );
        if (FLOOR_KEY.test(text)) return { scheme: "floor", text: text.trim(), where };
        const relative = RELATIVE_KEY.exec(text);
        if (relative)
          return {
            scheme: "relative",
            tolerance: Number(relative[1]) / 100,
            text: text.trim(),
            where,
          };
      }
    }
  return undefined;
}

function columnName(column: number): string {
  let n = column + 1;
  let text = "";
  while (n > 0) {
    text = String.fromCharCode(65 + ((n - 1) % 26)) + text;
    n = Math.floor((n - 1) / 26);
  }
  return text;
}

/**
 * Learns each indicator's rule from the ratings the workbook already
 * publishes: every row, on every rated sheet, with a published Green, Amber
 * or Red, a value, a target and a polarity is one rating of its code (see
 * `learnRule` for how a rule is chosen). `run` is a rating of the workbook
 * with the rules to learn left out (their defaults do not matter: only the
 * values, targets, polarities and published ratings are read).
 *
 * Cost: O(rated rows) plus, per code, O(ratings²).
 */
export function learnRules(run: RunResult, snapshot: WorkbookSnapshot): LearnedRules {
  const hint = schemeHint(snapshot);
  const byCode = new Map<
    string,
    {
      code: string;
      ratings: PublishedRating[];
      polarities: Map<Polarity, number>;
      sheets: string[];
      percent: boolean;
    }
  >();
  let total = 0;
  for (const sheet of run.sheets)
    for (const table of sheet.tables) {
      const statusColumn = table.mapping.status?.column;
      for (const row of table.rows) {
        const status = row.publishedStatus;
        const polarity = row.detail.rule.polarity;
        if (status !== "Green" && status !== "Amber" && status !== "Red") continue;
        if (row.value === null || row.target === null || !polarity || polarity === "range")
          continue;
        // A row whose own columns set the Amber/Red boundary needs nothing learned.
        if (row.detail.rule.floor !== undefined) continue;
        const key = codeKey(row.code);
        if (!key) continue;
        const entry = byCode.get(key) ?? {
          code: row.code.trim(),
          ratings: [],
          polarities: new Map<Polarity, number>(),
          sheets: [],
          percent: row.percent,
        };
        entry.ratings.push({
          value: row.value,
          target: row.target,
          status,
          where: qualified(
            sheet.name,
            statusColumn ? `${statusColumn}${row.sheetRow}` : row.valueCell
          ),
        });
        entry.polarities.set(polarity, (entry.polarities.get(polarity) ?? 0) + 1);
        if (!entry.sheets.includes(sheet.name)) entry.sheets.push(sheet.name);
        byCode.set(key, entry);
        total++;
      }
    }
  const indicators: LearnedIndicator[] = [];
  for (const entry of byCode.values()) {
    const polarity = [...entry.polarities.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    indicators.push({
      code: entry.code,
      polarity,
      learned: learnRule(entry.ratings, polarity, hint?.scheme),
      sheets: entry.sheets,
      percent: entry.percent,
    });
  }
  return hint ? { indicators, hint, ratings: total } : { indicators, ratings: total };
}

function numberText(value: number, percent: boolean): string {
  const clean = (x: number): string => String(Number(x.toPrecision(10)));
  return percent ? `${clean(value * 100)}%` : clean(value);
}

/**
 * The rules table for what was learned, in the format `--rules` and the Rules
 * sheet read: `code,floor,tolerance,amber`, one line per indicator with
 * something learned (a floor; a tolerance as `5%`, `2pp` or `3 units`; `no`
 * for two states).
 */
export function learnedRulesRows(learned: LearnedRules): string[][] {
  const rows: string[][] = [["code", "floor", "tolerance", "amber"]];
  for (const { code, learned: rule, percent } of learned.indicators) {
    const { floor, tolerance, amber } = rule.fields;
    if (floor === undefined && tolerance === undefined && amber === undefined) continue;
    rows.push([
      code,
      floor === undefined ? "" : numberText(floor, percent),
      tolerance === undefined
        ? ""
        : tolerance.kind === "relative"
          ? numberText(tolerance.fraction, true)
          : percent
            ? `${String(Number((tolerance.amount * 100).toPrecision(10)))}pp`
            : `${String(Number(tolerance.amount.toPrecision(10)))} units`,
      amber === false ? "no" : "",
    ]);
  }
  return rows;
}

/** One line of evidence for an indicator: the rule, how many ratings, the tightest values either side. */
export function describeLearned(indicator: LearnedIndicator): string {
  const { learned, percent } = indicator;
  const show = (x: number): string => numberText(x, percent);
  const counts = `${learned.counts.Green} Green, ${learned.counts.Amber} Amber, ${learned.counts.Red} Red`;
  const n = learned.counts.Green + learned.counts.Amber + learned.counts.Red;
  const from = `from ${n} published rating${n === 1 ? "" : "s"} (${counts})`;
  const tight = [
    learned.evidence.inside
      ? `worst Amber ${show(learned.evidence.inside.value)} at ${learned.evidence.inside.where}`
      : "",
    learned.evidence.outside
      ? `best Red ${show(learned.evidence.outside.value)} at ${learned.evidence.outside.where}`
      : "",
  ]
    .filter(Boolean)
    .join(", ");
  const interval = learned.interval;
  const between = (lowText: string, highText: string): string =>
    `${interval?.lowOpen ? "(" : "["}${lowText}, ${highText}${interval?.highOpen ? ")" : "]"}`;
  switch (learned.kind) {
    case "floor": {
      const range = interval
        ? ` (any floor in ${between(Number.isFinite(interval.low) ? show(interval.low) : "−∞", Number.isFinite(interval.high) ? show(interval.high) : "∞")} fits)`
        : "";
      return `${indicator.code}: floor ${show(learned.fields.floor!)}${range} ${from}${tight ? `; ${tight}` : ""}.`;
    }
    case "relative":
    case "absolute": {
      const tolerance = learned.fields.tolerance!;
      const text =
        tolerance.kind === "relative"
          ? numberText(tolerance.fraction, true)
          : percent
            ? `${Number((tolerance.amount * 100).toPrecision(10))} pp`
            : `${Number(tolerance.amount.toPrecision(10))} units`;
      return `${indicator.code}: Amber within ${text} of target ${from}${tight ? `; ${tight}` : ""}.`;
    }
    case "two-state":
      return `${indicator.code}: two states (no Amber published) ${from}.`;
    default:
      return `${indicator.code}: nothing to learn beyond the target ${from}.`;
  }
}
