/**
 * Cell values as Excel shows and parses them: the `text` of a value under a number format, the value types, and the
 * way Excel turns a typed string into a number, boolean or formula when it is written through `range.values`.
 */

export type CellScalar = string | number | boolean;

export const ERROR_VALUES: ReadonlySet<string> = new Set([
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
  "#GETTING_DATA",
  "#SPILL!",
  "#CALC!",
  "#FIELD!",
  "#BLOCKED!",
  "#CONNECT!",
  "#BUSY!",
  "#UNKNOWN!",
]);

export function isErrorValue(value: unknown): boolean {
  return typeof value === "string" && ERROR_VALUES.has(value);
}

export type FakeValueType = "Empty" | "String" | "Double" | "Boolean" | "Error";

export function valueTypeOf(value: CellScalar | null | undefined): FakeValueType {
  if (value === null || value === undefined || value === "") return "Empty";
  if (typeof value === "number") return "Double";
  if (typeof value === "boolean") return "Boolean";
  return isErrorValue(value) ? "Error" : "String";
}

/** Rounds half away from zero at `decimals`, on the 15-significant-digit value as Excel does (1.005 → 1.01). */
function roundDecimal(value: number, decimals: number): number {
  const clean = Number(value.toPrecision(15));
  const sign = clean < 0 ? -1 : 1;
  const shifted = Number(`${Math.abs(clean)}e${decimals}`);
  return sign * Number(`${Math.round(shifted)}e-${decimals}`);
}

/** Excel's "General" display: at most 11 characters, scientific beyond that. */
export function formatGeneral(value: number): string {
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e11 || abs < 1e-9) {
    const [mantissa = "0", exponent = "0"] = value.toExponential(5).split("e");
    const m = mantissa.replace(/\.?0+$/, "");
    const e = Number(exponent);
    return `${m}E${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  for (let digits = 11; digits >= 1; digits--) {
    const text = String(Number(value.toPrecision(digits)));
    if (!text.includes("e") && text.length <= 11) return text;
  }
  return String(value);
}

function groupThousands(integer: string): string {
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

interface Section {
  prefix: string;
  suffix: string;
  grouping: boolean;
  minDecimals: number;
  maxDecimals: number;
  percent: boolean;
  hasDigits: boolean;
  literal: string;
}

/** Splits a format section into literal text and the digit placeholder run (`#,##0.00`). */
function parseSection(section: string): Section {
  let literal = "";
  let pattern = "";
  let inPattern = false;
  let afterPattern = false;
  let prefix = "";
  let suffix = "";
  let percent = false;
  for (let i = 0; i < section.length; i++) {
    const ch = section[i]!;
    let text: string | undefined;
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      text = section.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? section.length : end;
    } else if (ch === "\\") {
      text = section[i + 1] ?? "";
      i++;
    } else if (ch === "[") {
      const end = section.indexOf("]", i);
      const inner = section.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? section.length : end;
      const currency = /^\$([^-]*)/.exec(inner);
      text = currency ? currency[1]! : "";
    } else if (ch === "_") {
      text = " ";
      i++;
    } else if (ch === "*") {
      text = "";
      i++;
    } else if ("#0?,.".includes(ch) && !afterPattern) {
      inPattern = true;
      pattern += ch;
      continue;
    } else if (ch === "%") {
      percent = true;
      text = "%";
    } else {
      text = ch;
    }
    if (inPattern) {
      inPattern = false;
      afterPattern = true;
    }
    if (afterPattern) suffix += text;
    else prefix += text;
    literal += text;
  }
  const [integerPart = "", fractionPart = ""] = pattern.split(".");
  return {
    prefix,
    suffix,
    grouping: integerPart.includes(","),
    minDecimals: (fractionPart.match(/0/g) ?? []).length,
    maxDecimals: (fractionPart.match(/[0#?]/g) ?? []).length,
    percent,
    hasDigits: /[0#?]/.test(pattern),
    literal,
  };
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function isDateFormat(format: string): boolean {
  const stripped = format
    .replace(/"[^"]*"/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\\./g, "");
  return (
    /[dy]/i.test(stripped) ||
    /m{3,}/i.test(stripped) ||
    (/h/i.test(stripped) && /[ms]/i.test(stripped))
  );
}

/** Serial day number (1900 date system, with Excel's phantom 29 Feb 1900) to a UTC date. */
export function serialToDate(serial: number): Date {
  const days = Math.floor(serial);
  const adjusted = days > 59 ? days - 1 : days;
  const ms = Math.round((serial - days) * 86_400_000);
  return new Date(Date.UTC(1899, 11, 31) + adjusted * 86_400_000 + ms);
}

function formatDate(serial: number, format: string): string {
  const date = serialToDate(serial);
  const tokens = /("[^"]*"|\\.|yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|AM\/PM|.)/gi;
  let out = "";
  let lastWasHour = false;
  for (const match of format.matchAll(tokens)) {
    const token = match[0];
    const lower = token.toLowerCase();
    const pad = (n: number) => String(n).padStart(2, "0");
    if (token.startsWith('"')) out += token.slice(1, -1);
    else if (token.startsWith("\\")) out += token.slice(1);
    else if (lower === "yyyy") out += String(date.getUTCFullYear());
    else if (lower === "yy") out += pad(date.getUTCFullYear() % 100);
    else if (lower === "mmmm") out += MONTHS[date.getUTCMonth()];
    else if (lower === "mmm") out += MONTHS[date.getUTCMonth()]!.slice(0, 3);
    else if (lower === "mm")
      out += lastWasHour ? pad(date.getUTCMinutes()) : pad(date.getUTCMonth() + 1);
    else if (lower === "m")
      out += lastWasHour ? String(date.getUTCMinutes()) : String(date.getUTCMonth() + 1);
    else if (lower === "dddd") out += DAYS[date.getUTCDay()];
    else if (lower === "ddd") out += DAYS[date.getUTCDay()]!.slice(0, 3);
    else if (lower === "dd") out += pad(date.getUTCDate());
    else if (lower === "d") out += String(date.getUTCDate());
    else if (lower === "hh") out += pad(date.getUTCHours());
    else if (lower === "h") out += String(date.getUTCHours());
    else if (lower === "ss") out += pad(date.getUTCSeconds());
    else if (lower === "s") out += String(date.getUTCSeconds());
    else if (lower === "am/pm") out += date.getUTCHours() < 12 ? "AM" : "PM";
    else if (token !== "[" && token !== "]") out += token;
    lastWasHour =
      lower.startsWith("h") || (lastWasHour && (token === ":" || lower.startsWith("m")));
  }
  return out;
}

function formatNumber(value: number, section: Section, negativeSection: boolean): string {
  if (!section.hasDigits) return section.literal;
  let n = section.percent ? value * 100 : value;
  if (negativeSection) n = Math.abs(n);
  const rounded = roundDecimal(n, section.maxDecimals);
  const abs = Math.abs(rounded);
  let [integer = "0", fraction = ""] = abs.toFixed(section.maxDecimals).split(".");
  fraction = fraction.replace(/0+$/, "");
  while (fraction.length < section.minDecimals) fraction += "0";
  if (section.grouping) integer = groupThousands(integer);
  const sign = rounded < 0 ? "-" : "";
  return `${section.prefix}${sign}${integer}${fraction ? `.${fraction}` : ""}${section.suffix}`;
}

/** The text Excel displays for `value` under `numberFormat` (common formats only; dates in the 1900 system). */
export function formatCellText(
  value: CellScalar | null | undefined,
  numberFormat: string | undefined
): string {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return value;
  const format = numberFormat ?? "General";
  if (format === "General" || format === "@" || format === "") return formatGeneral(value);
  const sections = format.split(";");
  if (isDateFormat(sections[0]!))
    return value < 0 ? "#".repeat(8) : formatDate(value, sections[0]!);
  if (value < 0 && sections.length > 1)
    return formatNumber(value, parseSection(sections[1]!), true);
  if (value === 0 && sections.length > 2)
    return formatNumber(value, parseSection(sections[2]!), false);
  const first = sections[0]!;
  if (/^general$/i.test(first.trim())) return formatGeneral(value);
  return formatNumber(value, parseSection(first), false);
}

export interface ParsedInput {
  value: CellScalar | null;
  formula?: string;
  /** A number format Excel applies when it recognises the input (e.g. "50%" → `0%`). */
  impliedFormat?: string;
}

const NUMBER = /^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * How Excel stores a value written through `range.values`: numeric strings become numbers, "TRUE"/"FALSE" become
 * booleans, "50%" becomes 0.5 (formatted `0%`), "=..." becomes a formula, a leading apostrophe forces text, and
 * strings starting with "+" or "-" that are not numbers become formulas. Cells formatted as text (`@`) keep strings.
 */
export function parseInput(input: CellScalar, currentFormat: string | undefined): ParsedInput {
  if (typeof input !== "string") return { value: input };
  if (input === "") return { value: null };
  if (currentFormat === "@") return { value: input };
  if (input.startsWith("'")) return { value: input.slice(1) === "" ? null : input.slice(1) };
  if (input.startsWith("=") && input.length > 1) return { value: null, formula: input };
  const trimmed = input.trim();
  if (NUMBER.test(trimmed) && /\d/.test(trimmed)) {
    const grouped = trimmed.includes(",");
    return {
      value: Number(trimmed.replace(/,/g, "")),
      ...(grouped ? { impliedFormat: "#,##0" } : {}),
    };
  }
  const percent = /^([+-]?(\d+)?(\.(\d+))?)%$/.exec(trimmed);
  if (percent && /\d/.test(percent[1]!)) {
    const decimals = percent[4]?.length ?? 0;
    return {
      value: roundDecimal(Number(percent[1]) / 100, decimals + 2),
      impliedFormat: decimals > 0 ? "0.00%" : "0%",
    };
  }
  if (/^true$/i.test(trimmed)) return { value: true };
  if (/^false$/i.test(trimmed)) return { value: false };
  if (/^[+-]./.test(input)) return { value: "#NAME?", formula: `=${input}` };
  return { value: input };
}
