import { parsePolarity } from "../engine/polarity";
import { RULE_FIELDS, type RuleField, type RuleFields } from "../engine/rules";
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

/**
 * The words of a yes/no rule field (`amber`, `rated`), the same on an
 * indicator row and in a rules table, in any case: yes is `y`, `yes`, `true`,
 * `1`, `on`; no is `n`, `no`, `false`, `0`, `off`, `no rag`, `not rated`.
 */
const YES = /^(y|yes|true|1|on)$/i;
const NO = /^(n|no|false|0|off|no rag|not rated)$/i;

/** A yes/no cell's text (trimmed): `true`, `false`, or `undefined` when it says neither. */
function parseYesNo(text: string): boolean | undefined {
  return YES.test(text) ? true : NO.test(text) ? false : undefined;
}

/** A cell as text, as a sheet shows it: no-break spaces as spaces, trimmed; blank for an empty cell. */
function cellText(raw: RawCellValue): string {
  if (raw === null || raw === undefined) return "";
  const text = String(raw);
  return (text.includes("\u00a0") ? text.replace(/\u00a0/g, " ") : text).trim();
}

function ruleNumber(raw: RawCellValue, numberFormat?: string): number | undefined {
  const value = parseCellValue(raw, numberFormat);
  return value.kind === "number" ? value.value : undefined;
}

type FieldParser<F extends RuleField> = (
  raw: RawCellValue,
  numberFormat?: string
) => RuleFields[F] | null | undefined;

const FIELD_PARSERS: { readonly [F in RuleField]: FieldParser<F> } = {
  polarity: (raw) => parsePolarity(cellText(raw)),
  target: ruleNumber,
  floor: ruleNumber,
  lower: ruleNumber,
  upper: ruleNumber,
  tolerance: (raw, numberFormat) => parseTolerance(raw, numberFormat),
  amber: (raw) => parseYesNo(cellText(raw)),
  rated: (raw) => parseYesNo(cellText(raw)),
  gaps: (raw) => parseGaps(cellText(raw)),
};

/**
 * One rule field from one cell, read the same wherever the cell is: an
 * indicator row's own column (with the cell's number format, so a number
 * under `0%` is a percentage) or a rules table (a CSV or the Rules sheet).
 * `undefined` when the cell (blank included) is not a value of the field;
 * `null` when it is one that leaves the field unset (`gaps`: `auto`).
 *
 * @example parseRuleField("amber", "No") // false
 * @example parseRuleField("polarity", "Lower is better") // "minimise"
 */
export function parseRuleField<F extends RuleField>(
  field: F,
  raw: RawCellValue,
  numberFormat?: string
): RuleFields[F] | null | undefined {
  return FIELD_PARSERS[field](raw, numberFormat);
}

/** What a problem calls a field whose cell is not valid. */
const FIELD_WHAT: Readonly<Record<RuleField, string>> = {
  polarity: "polarity",
  target: "target",
  floor: "floor",
  lower: "lower",
  upper: "upper",
  tolerance: "tolerance",
  amber: "amber (yes/no)",
  rated: "rated (yes/no)",
  gaps: "gaps (skip or strict)",
};

const isRuleField = (role: string | undefined): role is RuleField =>
  (RULE_FIELDS as readonly (string | undefined)[]).includes(role);

/**
 * The role of a rules table's header cell: a rule field, `code`, another
 * column role (ignored), or none. `Tolerance` is never a polarity column here,
 * nor `Trend gaps` a trend one.
 */
export function rulesHeaderRole(cell: unknown): string | undefined {
  if (typeof cell !== "string") return undefined;
  const normal = normaliseHeader(cell);
  if (normal === "tolerance") return "tolerance";
  if (GAPS_HEADERS.has(normal)) return "gaps";
  return roleOfHeader(cell);
}

/** The canonical key of an indicator code: case, inner spacing and a trailing colon do not matter. */
export function codeKey(code: string): string {
  // Rating, the checks and the plan key every row's code several times; most codes (PI12) are their own key.
  return isOwnKey(code) ? code : code.trim().replace(/:$/, "").replace(/\s+/g, " ").toUpperCase();
}

/**
 * Whether a code is already its key: printable ASCII with no lower-case letter,
 * no space at either end or beside another, and no colon at its end.
 */
function isOwnKey(code: string): boolean {
  const n = code.length;
  for (let i = 0; i < n; i++) {
    const c = code.charCodeAt(i);
    if (c === 32) {
      if (i === 0 || i === n - 1 || code.charCodeAt(i - 1) === 32) return false;
    } else if (c < 33 || c > 126 || (c >= 97 && c <= 122)) return false;
  }
  return n === 0 || code.charCodeAt(n - 1) !== 58;
}

type MutableRuleFields = { -readonly [K in keyof RuleFields]: RuleFields[K] };

/** Sets `field` from a cell; false when the cell is not a value of it. */
function readField<F extends RuleField>(
  fields: MutableRuleFields,
  field: F,
  raw: RawCellValue,
  numberFormat?: string
): boolean {
  const value = parseRuleField(field, raw, numberFormat);
  if (value === undefined) return false;
  if (value !== null) fields[field] = value;
  return true;
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
  const roles = header.map(rulesHeaderRole);
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
    const fields: MutableRuleFields = {};
    roles.forEach((role, column) => {
      const raw = row[column];
      if (!isRuleField(role) || raw === null || raw === undefined || String(raw).trim() === "")
        return;
      if (!readField(fields, role, raw))
        problems.push({
          line,
          message: `${code}: ${FIELD_WHAT[role]} "${String(raw).trim()}" is not valid`,
        });
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
