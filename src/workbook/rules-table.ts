import { parsePolarity } from "../engine/polarity";
import { RULE_FIELDS, type RuleFields } from "../engine/rules";
import type { TrendGaps } from "../engine/trends";
import { parseTolerance } from "../engine/tolerance";
import { parseCellValue, type RawCellValue } from "../engine/values";
import { normaliseHeader, roleOfHeader } from "./headers";

/** A user mistake in a rules table, with where it is. */
export interface RulesProblem {
  readonly line: number;
  readonly message: string;
}

export interface RulesTable {
  readonly byCode: ReadonlyMap<string, RuleFields>;
  readonly problems: readonly RulesProblem[];
  /** Line of each code, to report codes no sheet has. */
  readonly lines: ReadonlyMap<string, number>;
}

const YES = /^(y|yes|true|1|on)$/i;
const NO = /^(n|no|false|0|off)$/i;

/** Headers of the gaps column, once normalised ("Trend gaps" would otherwise read as a trend column). */
const GAPS_HEADERS = new Set(["gaps", "gap", "trend gaps", "trend gap", "trends across gaps"]);

/**
 * A gaps value: `skip` (`compare with latest available`, `latest earlier period`)
 * or `strict` (`previous period only`); `auto` / `default` leave it to the
 * workbook's setting (`null`). Case, spacing and punctuation do not matter.
 *
 * @example parseGaps("Compare with latest available") // "skip"
 */
export function parseGaps(text: string): TrendGaps | null | undefined {
  const normal = text
    .toLowerCase()
    .replace(/[^a-z' ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (
    /^(skip( gaps?| missing( periods| years| values)?)?|(compare (with|to|against) )?(the )?latest (available|earlier)( period| year| value)?( with a value)?)$/.test(
      normal
    )
  )
    return "skip";
  if (
    /^(strict|(compare (with|to|against) )?(the )?previous( period| year)?( only)?|(do not|don't|never|no) skip(ping)?( gaps)?)$/.test(
      normal
    )
  )
    return "strict";
  if (/^(auto|automatic|default)$/.test(normal)) return null;
  return undefined;
}

/** The canonical key of an indicator code: case, inner spacing and a trailing colon do not matter. */
export function codeKey(code: string): string {
  return code.trim().replace(/:$/, "").replace(/\s+/g, " ").toUpperCase();
}

/**
 * Reads a rules table (a CSV file or the "Rules" sheet): one row per indicator
 * code with any of polarity, target, floor, lower, upper, tolerance, amber
 * (yes/no), rated (yes/no), gaps (`skip` / `compare with latest available`,
 * or `strict` / `previous period only`; see `parseGaps`). Headers are matched as forgivingly as a
 * scorecard's. Bad values are reported with their line and left out, never
 * guessed. `firstLine` is the line number of `rows[0]` (1 for a file).
 *
 * Cost: O(cells).
 */
export function parseRulesTable(
  rows: readonly (readonly RawCellValue[])[],
  firstLine = 1
): RulesTable {
  const problems: RulesProblem[] = [];
  const byCode = new Map<string, RuleFields>();
  const lines = new Map<string, number>();
  const headerIndex = rows.findIndex((row) =>
    row.some((cell) => typeof cell === "string" && roleOfHeader(cell) === "code")
  );
  if (headerIndex < 0) {
    return {
      byCode,
      lines,
      problems: [
        {
          line: firstLine,
          message:
            'no header row with a "code" column (e.g. code,polarity,target,floor,lower,upper,tolerance,amber,rated,gaps)',
        },
      ],
    };
  }
  const header = rows[headerIndex]!;
  const roles = header.map((cell) => {
    const text = typeof cell === "string" ? cell : "";
    const normal = normaliseHeader(text);
    if (normal === "tolerance") return "tolerance";
    if (GAPS_HEADERS.has(normal)) return "gaps";
    return roleOfHeader(text);
  });
  header.forEach((cell, i) => {
    if (typeof cell === "string" && cell.trim() && !roles[i]) {
      problems.push({
        line: firstLine + headerIndex,
        message: `unknown column "${cell.trim()}" (known: code, polarity, target, floor, lower, upper, tolerance, amber, rated)`,
      });
    }
  });
  const codeColumn = roles.indexOf("code");
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const row = rows[i]!;
    const line = firstLine + i;
    if (row.every((cell) => cell === null || cell === undefined || String(cell).trim() === ""))
      continue;
    const code = String(row[codeColumn] ?? "").trim();
    if (!code) {
      problems.push({ line, message: "no indicator code" });
      continue;
    }
    const fields: { -readonly [K in keyof RuleFields]: RuleFields[K] } = {};
    roles.forEach((role, column) => {
      const raw = row[column];
      if (raw === null || raw === undefined || String(raw).trim() === "" || role === "code") return;
      const text = String(raw).trim();
      const bad = (what: string): void =>
        void problems.push({ line, message: `${code}: ${what} "${text}" is not valid` });
      switch (role) {
        case "polarity": {
          const polarity = parsePolarity(text);
          if (polarity) fields.polarity = polarity;
          else bad("polarity");
          break;
        }
        case "target":
        case "floor":
        case "lower":
        case "upper": {
          const value = parseCellValue(raw);
          if (value.kind === "number") fields[role] = value.value;
          else bad(role);
          break;
        }
        case "tolerance": {
          const tolerance = parseTolerance(raw);
          if (tolerance) fields.tolerance = tolerance;
          else bad("tolerance");
          break;
        }
        case "amber":
        case "rated":
          if (YES.test(text)) fields[role] = true;
          else if (NO.test(text)) fields[role] = false;
          else bad(`${role} (yes/no)`);
          break;
        case "gaps": {
          const gaps = parseGaps(text);
          if (gaps) fields.gaps = gaps;
          else if (gaps === undefined) bad("gaps (skip or strict)");
          break;
        }
        default:
          break;
      }
    });
    const key = codeKey(code);
    if (byCode.has(key))
      problems.push({
        line,
        message: `${code}: duplicate code (first on line ${lines.get(key)}); this line is used`,
      });
    byCode.set(key, fields);
    lines.set(key, line);
  }
  return { byCode, problems, lines };
}

/**
 * The Rules sheet the add-in creates on request: a header the rules reader
 * understands (code, then every rule field) and one blank row per code, for the
 * officer to fill in.
 */
export function rulesSheetRows(codes: readonly string[]): string[][] {
  return [["code", ...RULE_FIELDS], ...codes.map((code) => [code, ...RULE_FIELDS.map(() => "")])];
}
