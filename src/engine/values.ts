import { naturalDecimals } from "./numeric";

/** What a spreadsheet cell can hold once read: Excel errors arrive as their text (`#N/A`). */
export type RawCellValue = string | number | boolean | null | undefined;

/** Why a cell has no usable number. */
export type MissingReason =
  "blank" | "redacted" | "not-available" | "placeholder" | "excel-error" | "not-a-number";

/**
 * A number read from a cell, with how it is displayed.
 * Percentages are stored as fractions, as Excel stores them (31.5% → 0.315);
 * `decimals` counts the decimal places shown in display units (percent points for
 * percentages), so 0.0% gives 1.
 */
export interface NumberValue {
  readonly kind: "number";
  readonly value: number;
  readonly percent: boolean;
  readonly decimals: number;
}

/** A cell with no usable number, and why. `text` is what the cell showed. */
export interface MissingValue {
  readonly kind: "missing";
  readonly reason: MissingReason;
  readonly text: string;
}

export type CellValue = NumberValue | MissingValue;

const EXCEL_ERRORS = new Set([
  "#N/A",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#NULL!",
  "#SPILL!",
  "#CALC!",
  "#GETTING_DATA",
  "#BUSY!",
  "#FIELD!",
  "#BLOCKED!",
  "#CONNECT!",
  "#UNKNOWN!",
  "#EXTERNAL!",
  "#TIMEOUT!",
  "#PYTHON!",
]);

const REDACTED =
  /^(redacted|suppressed|supressed|\*+|c|<\s*\d+|1\s*[-–]\s*5|small numbers?( suppressed)?|withheld|dk)$/;
const NOT_AVAILABLE =
  /^(n\/?a|n\.a\.?|na\b.*|not available.*|not applicable|no data.*|data not available.*|.*\bnot available\b.*|.*\bnot yet available\b.*|tbc|tba|awaiting.*|pending|x|\.\.|:|nil return|no return)$/;
const PLACEHOLDER = /^[-–—_?\s]+$/;
const NUMBER =
  /^(?<sign>[-+−]?)\s*(?<currency>[£$€])?\s*(?<digits>\d{1,3}(?:,\d{3})+|\d+)?(?<fraction>\.\d+)?\s*(?<percent>%)?$/;

/** A missing value with its reason, keeping what the cell showed. */
export function missing(reason: MissingReason, text: string): MissingValue {
  return { kind: "missing", reason, text };
}

/** A plain number cell, displayed as General. */
export function numberValue(value: number, percent = false, decimals?: number): NumberValue {
  return {
    kind: "number",
    value,
    percent,
    decimals: decimals ?? naturalDecimals(percent ? value * 100 : value),
  };
}

/**
 * Decimal places a number format shows, and whether it is a percentage.
 * Reads the first section of the format (`0.0%;[Red]-0.0%` → `0.0%`), ignoring
 * quoted literals. `General` (or an empty format) returns `undefined` decimals.
 *
 * @example displayOf("0.0%") // { percent: true, decimals: 1 }
 */
export function displayOf(numberFormat: string | undefined): Display {
  if (!numberFormat) return GENERAL_DISPLAY;
  // Cells are read along rows and columns that share one format: the last one is kept at hand.
  if (numberFormat === lastFormat) return lastDisplay;
  // A workbook uses a handful of formats over thousands of cells: read each once.
  let display = displays.get(numberFormat);
  if (!display) {
    if (displays.size >= 1000) displays.clear();
    display = Object.freeze(readDisplay(numberFormat));
    displays.set(numberFormat, display);
  }
  lastFormat = numberFormat;
  lastDisplay = display;
  return display;
}

/** How a number format shows a number: as a percentage or not, with how many decimals. */
export interface Display {
  readonly percent: boolean;
  readonly decimals: number | undefined;
}

const GENERAL_DISPLAY: Display = Object.freeze({ percent: false, decimals: undefined });
const displays = new Map<string, Display>();
let lastFormat: string | undefined;
let lastDisplay: Display = GENERAL_DISPLAY;

function readDisplay(numberFormat: string): Display {
  const section = (numberFormat.split(";")[0] ?? "").replace(/"[^"]*"|\\./g, "");
  if (/^general$/i.test(section.trim())) return { percent: false, decimals: undefined };
  const percent = section.includes("%");
  const fraction = /\.([0#?]+)/.exec(section);
  const hasDigits = /[0#?]/.test(section);
  return { percent, decimals: fraction?.[1] ? fraction[1].length : hasDigits ? 0 : undefined };
}

/**
 * Reads a cell into a typed value: a number (with its display), or a missing
 * value with its reason. Never guesses: text that is not clearly a number is
 * missing (`not-a-number`), and no input throws.
 *
 * Numbers: plain numbers; a number under a percent format (0.315 with `0.0%`);
 * text such as `31.5%`, `1,037`, `£1,200`, ` 82 `, `−5` (Unicode minus).
 * Missing: blank, `Redacted`/`Suppressed`/`*`/`<5` (redacted); `N/A`,
 * `NA 21/22 … not available yet`, `TBC` (not available); `_`, `-` (placeholder);
 * Excel errors such as `#N/A`, `#DIV/0!`.
 *
 * Cost: O(length of the text).
 *
 * @example parseCellValue("31.5%") // { kind: "number", value: 0.315, percent: true, decimals: 1 }
 * @example parseCellValue("Redacted") // { kind: "missing", reason: "redacted", text: "Redacted" }
 */
export function parseCellValue(raw: RawCellValue, numberFormat?: string): CellValue {
  if (raw === null || raw === undefined) return missing("blank", "");
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return missing("not-a-number", String(raw));
    return numberInDisplay(raw, displayOf(numberFormat));
  }
  if (typeof raw === "boolean") return missing("not-a-number", raw ? "TRUE" : "FALSE");
  const text = String(raw);
  const trimmed = text.replace(/\u00a0/g, " ").trim();
  if (trimmed === "") return missing("blank", text);
  if (EXCEL_ERRORS.has(trimmed.toUpperCase())) return missing("excel-error", trimmed);
  const match = NUMBER.exec(trimmed);
  if (match?.groups && (match.groups.digits || match.groups.fraction)) {
    const { sign, digits = "0", fraction = "", percent } = match.groups;
    const magnitude = Number(digits.replace(/,/g, "") + fraction);
    const shown = sign === "-" || sign === "−" ? -magnitude : magnitude;
    const decimals = fraction ? fraction.length - 1 : 0;
    return percent
      ? { kind: "number", value: shown / 100, percent: true, decimals }
      : { kind: "number", value: shown, percent: false, decimals };
  }
  const lower = trimmed.toLowerCase().replace(/\s+/g, " ");
  if (REDACTED.test(lower)) return missing("redacted", text);
  if (PLACEHOLDER.test(lower)) return missing("placeholder", text);
  if (NOT_AVAILABLE.test(lower)) return missing("not-available", text);
  return missing("not-a-number", text);
}

/**
 * A finite number cell under a format of display `display`: what
 * `parseCellValue` reads it as (its decimals the display's, or the number's own
 * under General). Each (display, number) is made once and the frozen value
 * shared, as a table's figures repeat over its rows and histories.
 *
 * Cost: O(1), a map look-up.
 *
 * @example numberInDisplay(0.315, displayOf("0.0%")) // { kind: "number", value: 0.315, percent: true, decimals: 1 }
 */
export function numberInDisplay(raw: number, display: Display): NumberValue {
  // -0 is not kept: a Map takes it for 0.
  let known = display === lastValuesDisplay ? lastValues : numberValues.get(display);
  let value = known?.get(raw);
  if (value === undefined) {
    const shown = display.percent ? raw * 100 : raw;
    value = Object.freeze<NumberValue>({
      kind: "number",
      value: raw,
      percent: display.percent,
      decimals: display.decimals ?? naturalDecimals(shown),
    });
    if (!Object.is(raw, -0)) {
      if (!known || known.size >= NUMBER_VALUES_LIMIT) {
        if (!known && numberValues.size >= 1000) numberValues.clear();
        known = new Map<number, NumberValue>();
        numberValues.set(display, known);
      }
      known.set(raw, value);
    }
  }
  lastValuesDisplay = display;
  lastValues = known;
  return value;
}

const NUMBER_VALUES_LIMIT = 20_000;
/** Numbers read from cells, by the display of their format (displayOf's), then by the number. */
const numberValues = new Map<Display, Map<number, NumberValue>>();
/** The last display's numbers (cells of one column share a display), or undefined before any. */
let lastValuesDisplay: Display | undefined;
let lastValues: Map<number, NumberValue> | undefined;

/** The value as shown, in display units (percent points for percentages), rounded to its displayed decimals. */
export function displayedNumber(value: NumberValue): number {
  const shown = value.percent ? value.value * 100 : value.value;
  const factor = 10 ** value.decimals;
  return Math.round(Number((shown * factor).toPrecision(15))) / factor;
}

/**
 * The value as an officer would write it: `82`, `31.5%`, `1,037`.
 * @example formatNumber({ kind: "number", value: 0.315, percent: true, decimals: 1 }) // "31.5%"
 */
export function formatNumber(value: NumberValue): string {
  // A scorecard shows the same few thousand figures in its values, targets and messages: each
  // is formatted once, by its decimals and percent (-0 is not kept: a Map takes it for 0).
  const byDecimals = value.percent ? formattedPercents : formattedPlain;
  let known = byDecimals.get(value.decimals);
  let text = known?.get(value.value);
  if (text === undefined) {
    const shown = displayedNumber(value);
    const figure = formatterFor(value.decimals, Math.abs(shown) >= 10000).format(shown);
    text = value.percent ? `${figure}%` : figure;
    if (!Object.is(value.value, -0)) {
      if (!known || known.size >= FORMATTED_LIMIT) {
        known = new Map<number, string>();
        byDecimals.set(value.decimals, known);
      }
      known.set(value.value, text);
    }
  }
  return text;
}

const FORMATTED_LIMIT = 10_000;
/** Formatted figures (percentages, and the rest) by decimals, then by the number. */
const formattedPercents = new Map<number, Map<number, string>>();
const formattedPlain = new Map<number, Map<number, string>>();

// toLocaleString builds a new formatter per call (tens of microseconds); messages format
// numbers for every row, so one formatter per (decimals, grouping) is kept.
const formatters = new Map<number, Intl.NumberFormat>();

function formatterFor(decimals: number, grouping: boolean): Intl.NumberFormat {
  const key = decimals * 2 + (grouping ? 1 : 0);
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-GB", {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
      useGrouping: grouping,
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** A short description of why a value is missing, for messages. */
export function describeMissing(value: MissingValue): string {
  switch (value.reason) {
    case "blank":
      return "the value is blank";
    case "redacted":
      return `the value is redacted ("${value.text.trim()}")`;
    case "not-available":
      return `the value is not available ("${value.text.trim()}")`;
    case "placeholder":
      return `the value is a placeholder ("${value.text.trim()}")`;
    case "excel-error":
      return `the cell shows the Excel error ${value.text.trim()}`;
    case "not-a-number":
      return `"${value.text.trim()}" is not a number`;
  }
}
