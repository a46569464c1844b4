import {
  learnRange,
  learnRule,
  type LearnedRule,
  type PublishedRating,
} from "../engine/learn-rule";
import type { Polarity } from "../engine/polarity";
import { cellAddress, qualified } from "./address";
import { periodRatings } from "./period-ratings";
import { codeKey, parseRuleField, rulesHeaderRole, rulesSheetRows } from "./rules-table";
import type { RunResult } from "./result";
import type { CellScalar, WorkbookSnapshot } from "./snapshot";

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
          cellAddress(sheet.origin.row + i, sheet.origin.column + j)
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
        if (row.value === null || row.target === null || !polarity) continue;
        // A row whose own columns set the Amber/Red boundary needs nothing learned.
        if (
          row.detail.rule.floor !== undefined ||
          row.detail.rule.lower !== undefined ||
          row.detail.rule.upper !== undefined
        )
          continue;
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
  // Earlier periods' ratings beside the latest (last year's RAG/Target pair) count too.
  for (const { key, rating } of periodRatings(run, snapshot)) {
    const entry = byCode.get(key);
    if (!entry) continue;
    entry.ratings.push(rating);
    total++;
  }
  const indicators: LearnedIndicator[] = [];
  for (const entry of byCode.values()) {
    const polarity = [...entry.polarities.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    indicators.push({
      code: entry.code,
      polarity,
      learned:
        polarity === "range"
          ? learnRange(entry.ratings)
          : learnRule(entry.ratings, polarity, hint?.scheme),
      sheets: entry.sheets,
      percent: entry.percent,
    });
  }
  return hint ? { indicators, hint, ratings: total } : { indicators, ratings: total };
}

/** An absolute tolerance as the rules file writes it: `2pp` for percentages, `3 units` otherwise. */
function absoluteText(amount: number, percent: boolean): string {
  return percent
    ? `${String(Number((amount * 100).toPrecision(10)))}pp`
    : `${String(Number(amount.toPrecision(10)))} units`;
}

function numberText(value: number, percent: boolean): string {
  const clean = (x: number): string => String(Number(x.toPrecision(10)));
  return percent ? `${clean(value * 100)}%` : clean(value);
}

/**
 * The rules table for what was learned, in the format `--rules` and the Rules
 * sheet read: `code,floor,tolerance,amber,lower,upper`, one line per indicator with
 * something learned (a floor; a tolerance as `5%`, `2pp` or `3 units`; `no`
 * for two states).
 */
export function learnedRulesRows(learned: LearnedRules): string[][] {
  const rows: string[][] = [["code", "floor", "tolerance", "amber", "lower", "upper"]];
  for (const { code, learned: rule, percent } of learned.indicators) {
    const { floor, tolerance, amber, lower, upper } = rule.fields;
    if (
      floor === undefined &&
      tolerance === undefined &&
      amber === undefined &&
      lower === undefined &&
      upper === undefined
    )
      continue;
    rows.push([
      code,
      floor === undefined ? "" : numberText(floor, percent),
      tolerance === undefined
        ? ""
        : tolerance.kind === "relative"
          ? numberText(tolerance.fraction, true)
          : absoluteText(tolerance.amount, percent),
      amber === false ? "no" : "",
      lower === undefined ? "" : numberText(lower, percent),
      upper === undefined ? "" : numberText(upper, percent),
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
    case "range":
      return `${indicator.code}: Green from ${show(learned.fields.lower!)} to ${show(learned.fields.upper!)} ${from}.`;
    default:
      return `${indicator.code}: nothing to learn beyond the target ${from}.`;
  }
}

/** The Amber/Red fields learning fills in, in the Rules sheet's column order. */
export type LearnedField = "floor" | "tolerance" | "amber" | "lower" | "upper";
const LEARNED_FIELDS: readonly LearnedField[] = ["floor", "tolerance", "amber", "lower", "upper"];

/** The learned fields of one indicator as the Rules sheet writes them (`75%`, `5%`, `2pp`, `no`); absent when nothing was learned. */
function learnedTexts(indicator: LearnedIndicator): Partial<Record<LearnedField, string>> {
  const row = learnedRulesRows({ indicators: [indicator], ratings: 0 })[1];
  const texts: Partial<Record<LearnedField, string>> = {};
  if (!row) return texts;
  LEARNED_FIELDS.forEach((field, i) => {
    const text = row[i + 1] ?? "";
    if (text) texts[field] = text;
  });
  return texts;
}

/**
 * The proposed rule in a few words, for the task pane: `floor 75%`,
 * `Amber within 5% of target`, `Amber within 2pp of target`, `two states (no Amber)`.
 *
 * @example learnedRuleText(indicator) // "floor 75%"
 */
export function learnedRuleText(indicator: LearnedIndicator): string {
  const texts = learnedTexts(indicator);
  switch (indicator.learned.kind) {
    case "floor":
      return `floor ${texts.floor ?? ""}`.trim();
    case "relative":
    case "absolute":
      return `Amber within ${texts.tolerance ?? ""} of target`;
    case "two-state":
      return "two states (no Amber)";
    case "range":
      return `Green from ${texts.lower ?? "…"} to ${texts.upper ?? "…"}`;
    default:
      return "target only (nothing to learn)";
  }
}

/** One published rating quoted as evidence: its value as the sheet shows it, and its cell. */
export interface EvidenceRating {
  readonly value: string;
  /** `Dover!F8`, `'Tunbridge Wells'!F8`. */
  readonly where: string;
}

/** The evidence for one indicator's proposed rule, in parts the task pane lays out. */
export interface LearnedEvidence {
  /** Published ratings learned from. */
  readonly ratings: number;
  readonly counts: Readonly<Record<"Green" | "Amber" | "Red", number>>;
  /** The Amber furthest from target that the rule still makes Amber. */
  readonly worstAmber?: EvidenceRating;
  /** The Red closest to target that the rule still makes Red. */
  readonly bestRed?: EvidenceRating;
  /** Which other thresholds reproduce the ratings as well: `any floor above 74.1% and at most 75.3% fits`. */
  readonly fits?: string;
}

/** The evidence behind `learnedRuleText`: how many ratings, the tightest either side, what else would fit. */
export function learnedEvidence(indicator: LearnedIndicator): LearnedEvidence {
  const { learned, percent } = indicator;
  const show = (x: number): string => numberText(x, percent);
  const ratings = learned.counts.Green + learned.counts.Amber + learned.counts.Red;
  const { inside, outside } = learned.evidence;
  const interval = learned.interval;
  let fits: string | undefined;
  if (interval && learned.kind !== "two-state" && learned.kind !== "target-only") {
    const scale =
      learned.kind === "floor"
        ? show
        : learned.kind === "relative"
          ? (x: number) => numberText(x, true)
          : (x: number) => absoluteText(x, percent);
    const ends = [
      Number.isFinite(interval.low)
        ? `${interval.lowOpen ? "above" : "at least"} ${scale(interval.low)}`
        : "",
      Number.isFinite(interval.high)
        ? `${interval.highOpen ? "below" : "at most"} ${scale(interval.high)}`
        : "",
    ].filter(Boolean);
    if (ends.length > 0)
      fits = `any ${learned.kind === "floor" ? "floor" : "tolerance"} ${ends.join(" and ")} fits`;
  }
  return {
    ratings,
    counts: learned.counts,
    ...(inside ? { worstAmber: { value: show(inside.value), where: inside.where } } : {}),
    ...(outside ? { bestRed: { value: show(outside.value), where: outside.where } } : {}),
    ...(fits ? { fits } : {}),
  };
}

/** A cell the merge writes, 0-based within the merged rows. */
export interface RulesSheetCell {
  readonly row: number;
  readonly column: number;
  readonly text: string;
}

/** A learned value not written, because the officer's Rules sheet already says something else. */
export interface KeptRuleCell {
  readonly code: string;
  /** The field learning proposed, and its text (`75%`). */
  readonly field: LearnedField;
  readonly learned: string;
  /** The officer's field that decides instead (the same field, or one that sets the Amber/Red boundary another way). */
  readonly officerField: LearnedField;
  /** What the officer's cell holds, as text. */
  readonly officer: string;
  /** The officer's cell, 0-based within the rows. */
  readonly row: number;
  readonly column: number;
}

/** The Rules sheet after writing what was learned into it, and exactly what to write. */
export interface MergedRulesSheet {
  /** The whole sheet after the merge, aligned with `existing` (same first cell); the officer's rows, columns and order kept. */
  readonly rows: CellScalar[][];
  /** The only cells to write, every one text (codes and `75%` alike); every other cell stays as it is. */
  readonly writes: readonly RulesSheetCell[];
  /** There was no rules table (no sheet, or an empty one): `rows` is a new sheet, from A1. */
  readonly created: boolean;
  /** Rows appended for learned codes the sheet did not have. */
  readonly added: number;
  /** The officer's rows with at least one empty cell filled in. */
  readonly updated: number;
  /** Learned values refused because the officer's cell (or another boundary field of theirs) already holds a rule. */
  readonly kept: readonly KeptRuleCell[];
}

const blank = (cell: CellScalar | undefined): boolean =>
  cell === null || cell === undefined || String(cell).trim() === "";

/** Whether the officer's cell says the same as the learned text (`0.75` and `75%` for a floor), as the rules reader reads both. */
function sameRule(field: LearnedField, officer: CellScalar, learned: string): boolean {
  if (field === "amber") {
    const a = parseRuleField(field, officer);
    return typeof a === "boolean" && a === parseRuleField(field, learned);
  }
  if (field === "tolerance") {
    const a = parseRuleField(field, officer);
    const b = parseRuleField(field, learned);
    if (!a || !b || a.kind !== b.kind) return false;
    const x = a.kind === "relative" ? a.fraction : a.amount;
    const y = b.kind === "relative" ? b.fraction : b.amount;
    return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y));
  }
  const a = parseRuleField(field, officer);
  const b = parseRuleField(field, learned);
  return (
    typeof a === "number" &&
    typeof b === "number" &&
    Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b))
  );
}

/**
 * Writes what was learned into the officer's Rules sheet, never over what
 * they typed. `existing` is the sheet's cells (its used range, from its first
 * cell), `undefined` when there is no Rules sheet.
 *
 * - No sheet, or an empty one: `rulesSheetRows` of the learned codes (header
 *   `code` and every rule field) with the learned floor, tolerance and amber
 *   filled in, in `learnedRulesRows`'s text (`75%`, `5%`, `2pp`, `3 units`, `no`).
 * - The officer's sheet: its header row is found as the rules reader finds
 *   it (the first with a code column), codes are matched with `codeKey` (the
 *   last row of a code, the one the reader uses), and a learned value is
 *   written only into an EMPTY cell, and only if no other cell of that row
 *   sets the Amber/Red boundary another way (a floor beside the officer's
 *   tolerance would override it; `amber` `no` beside their floor likewise).
 *   Each refusal is in `kept`. Codes the sheet lacks get a row appended at
 *   the bottom; a field column it lacks is added at the right. Nothing else
 *   moves: the officer's other rows, columns and their order stay.
 * - A non-empty sheet with no code header: the new table is appended below
 *   what is there, after a blank row, so nothing of the officer's is touched.
 *
 * Cost: O(cells of the sheet + learned indicators).
 */
export function mergeLearnedRules(
  existing: readonly (readonly CellScalar[])[] | undefined,
  learned: LearnedRules
): MergedRulesSheet {
  const proposals = learned.indicators
    .map((indicator) => ({ code: indicator.code, texts: learnedTexts(indicator) }))
    .filter((p) => Object.keys(p.texts).length > 0);
  const rows: CellScalar[][] = (existing ?? []).map((row) => [...row]);
  const writes: RulesSheetCell[] = [];
  const set = (row: number, column: number, text: string): void => {
    const cells = (rows[row] ??= []);
    while (cells.length < column) cells.push(null);
    cells[column] = text;
    writes.push({ row, column, text });
  };
  const empty = rows.every((row) => row.every(blank));
  const headerIndex = empty
    ? -1
    : rows.findIndex((row) => row.some((c) => rulesHeaderRole(c) === "code"));

  if (headerIndex < 0) {
    // A new table: at the top of an empty sheet, or below what a sheet without a code header holds.
    const top = empty ? 0 : rows.length + 1;
    if (empty) rows.length = 0;
    if (proposals.length === 0)
      return { rows, writes, created: empty, added: 0, updated: 0, kept: [] };
    const table = rulesSheetRows(proposals.map((p) => p.code));
    const header = table[0]!;
    proposals.forEach((p, i) => {
      const row = table[i + 1]!;
      for (const field of LEARNED_FIELDS) {
        const text = p.texts[field];
        if (text) row[header.indexOf(field)] = text;
      }
    });
    while (rows.length < top) rows.push([]);
    table.forEach((row, i) =>
      row.forEach((text, j) => {
        if (text) set(top + i, j, text);
        else (rows[top + i] ??= [])[j] = "";
      })
    );
    return { rows, writes, created: empty, added: proposals.length, updated: 0, kept: [] };
  }

  const header = rows[headerIndex]!;
  const roles = header.map(rulesHeaderRole);
  const codeColumn = roles.indexOf("code");
  const columnsOf = (field: LearnedField): number[] =>
    roles.flatMap((role, i) => (role === field ? [i] : []));
  const columns: Record<LearnedField, number[]> = {
    floor: columnsOf("floor"),
    tolerance: columnsOf("tolerance"),
    amber: columnsOf("amber"),
    lower: columnsOf("lower"),
    upper: columnsOf("upper"),
  };
  let width = rows.reduce((w, row) => Math.max(w, row.length), 0);
  /** The column a field is written to: the first of its columns, or a new one at the right. */
  const columnFor = (field: LearnedField): number => {
    if (columns[field].length === 0) {
      columns[field] = [width];
      set(headerIndex, width, field);
      width++;
    }
    return columns[field][0]!;
  };
  const lastRow = new Map<string, number>();
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const key = codeKey(String(rows[i]![codeColumn] ?? ""));
    if (key) lastRow.set(key, i);
  }

  const kept: KeptRuleCell[] = [];
  const updatedRows = new Set<number>();
  let added = 0;
  for (const { code, texts } of proposals) {
    const at = lastRow.get(codeKey(code));
    if (at === undefined) {
      const row = rows.length;
      set(row, codeColumn, code);
      for (const field of LEARNED_FIELDS) {
        const text = texts[field];
        if (text) set(row, columnFor(field), text);
      }
      lastRow.set(codeKey(code), row);
      added++;
      continue;
    }
    const cells = rows[at]!;
    /** The officer's value of a field in this row: the last non-empty of its columns, as the reader takes it. */
    const officer = (field: LearnedField): { column: number; value: CellScalar } | undefined => {
      let found: { column: number; value: CellScalar } | undefined;
      for (const column of columns[field])
        if (!blank(cells[column])) found = { column, value: cells[column]! };
      return found;
    };
    const own = {
      floor: officer("floor"),
      tolerance: officer("tolerance"),
      amber: officer("amber"),
      lower: officer("lower"),
      upper: officer("upper"),
    };
    const twoStates = own.amber !== undefined && parseRuleField("amber", own.amber.value) === false;
    for (const field of LEARNED_FIELDS) {
      const text = texts[field];
      if (!text) continue;
      const refuse = (by: LearnedField): void => {
        const cell = own[by]!;
        kept.push({
          code: String(cells[codeColumn] ?? code).trim(),
          field,
          learned: text,
          officerField: by,
          officer: String(cell.value).trim(),
          row: at,
          column: cell.column,
        });
      };
      const mine = own[field];
      if (mine) {
        if (!sameRule(field, mine.value, text)) refuse(field);
        continue;
      }
      // Another of the officer's fields already sets the Amber/Red boundary: a learned one would override it.
      const other: LearnedField | undefined =
        field === "lower" || field === "upper"
          ? undefined
          : field === "floor"
            ? own.tolerance
              ? "tolerance"
              : twoStates
                ? "amber"
                : undefined
            : field === "tolerance"
              ? own.floor
                ? "floor"
                : twoStates
                  ? "amber"
                  : undefined
              : own.floor
                ? "floor"
                : own.tolerance
                  ? "tolerance"
                  : undefined;
      if (other) {
        refuse(other);
        continue;
      }
      set(at, columnFor(field), text);
      updatedRows.add(at);
    }
  }
  return { rows, writes, created: false, added, updated: updatedRows.size, kept };
}

/** A run of adjacent cells in one row to write, as one range. */
export interface RulesSheetRun {
  readonly row: number;
  readonly column: number;
  readonly texts: readonly string[];
}

/**
 * The merge's cells as runs of adjacent cells in a row (top to bottom, left
 * to right), so a host writes each run as one range and no cell in between.
 *
 * Cost: O(w log w) for w cells.
 */
export function rulesSheetRuns(writes: readonly RulesSheetCell[]): RulesSheetRun[] {
  const sorted = [...writes].sort((a, b) => a.row - b.row || a.column - b.column);
  const runs: { row: number; column: number; texts: string[] }[] = [];
  for (const cell of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.row === cell.row && last.column + last.texts.length === cell.column)
      last.texts.push(cell.text);
    else runs.push({ row: cell.row, column: cell.column, texts: [cell.text] });
  }
  return runs;
}
