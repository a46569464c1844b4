import type { RawCellValue } from "./values";

export type Granularity = "month" | "quarter" | "year";

/**
 * A reporting period. `index` orders periods of one granularity: months since
 * year 0 (year × 12 + month − 1), financial quarters (start year × 4 + quarter − 1),
 * or years (the starting year of a financial or academic year).
 */
export interface Period {
  readonly granularity: Granularity;
  readonly index: number;
  readonly label: string;
}

/** Periods in one year: how far back "the same period a year earlier" is. */
export const PERIODS_PER_YEAR: Readonly<Record<Granularity, number>> = {
  month: 12,
  quarter: 4,
  year: 1,
};

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s\-/']*(\d{2}|\d{4})$/;
const QUARTER_FIRST =
  /^(?:q|qtr|quarter)\s*([1-4])\s*[,\-–]?\s*(?:fy\s*)?(\d{2}|\d{4})(?:\s*[-/–]\s*(\d{2}|\d{4}))?$/;
const YEAR_FIRST_QUARTER =
  /^(\d{4}|\d{2})\s*[-/–]\s*(\d{2}|\d{4})\s*[,\-–]?\s*(?:q|qtr|quarter)\s*([1-4])$/;
const FINANCIAL_YEAR = /^(?:fy\s*)?(\d{4}|\d{2})\s*[-/–]\s*(\d{2}|\d{4})$/;
const CALENDAR_YEAR = /^(?:19|20)\d{2}$/;

function fullYear(text: string): number {
  const n = Number(text);
  return text.length <= 2 ? 2000 + n : n;
}

/** True when `end` is the year after `start` (e.g. 2022 and 23, or 2022 and 2023). */
function consecutive(start: number, endText: string): boolean {
  const end = fullYear(endText);
  return end === start + 1 || (endText.length <= 2 && (start + 1) % 100 === Number(endText));
}

/** Whether a number format shows a date (`mmm-yy`, `dd/mm/yyyy`), not a number. */
export function isDateFormat(numberFormat: string | undefined): boolean {
  if (!numberFormat) return false;
  // Cells are read along rows and columns that share one format: the last one is kept at hand.
  if (numberFormat === lastFormat) return lastAnswer;
  let answer = dateFormats.get(numberFormat);
  if (answer === undefined) {
    if (dateFormats.size >= 1000) dateFormats.clear();
    answer = readIsDateFormat(numberFormat);
    dateFormats.set(numberFormat, answer);
  }
  lastFormat = numberFormat;
  lastAnswer = answer;
  return answer;
}

// A workbook uses a handful of formats over thousands of cells: each is read once.
const dateFormats = new Map<string, boolean>();
let lastFormat: string | undefined;
let lastAnswer = false;

function readIsDateFormat(numberFormat: string): boolean {
  const section = (numberFormat.split(";")[0] ?? "").replace(/"[^"]*"|\\.|\[[^\]]*\]/g, "");
  return /[dmy]/i.test(section) && !/^general$/i.test(section);
}

/**
 * Reads a period label: `Jun-22`, `Sep 13`, `Dec 2022`, `June 2022` (months);
 * `Q3 22-23`, `Q3 2022/23`, `2022/23 Q3` (financial quarters, Q1 = April–June);
 * `2021-22`, `2021/22`, `21/22`, `2022` (years). A date serial under a date
 * number format (a header typed as 1-Jun-2022 and shown as `Jun-22`) is read as
 * its month. Two-digit years are 20xx. Anything else → `undefined`.
 *
 * Cost: O(length of the label).
 *
 * @example parsePeriod("Q3 22-23") // { granularity: "quarter", index: 8090, label: "Q3 22-23" }
 */
export function parsePeriod(raw: RawCellValue, numberFormat?: string): Period | undefined {
  if (typeof raw === "number") {
    if (!isDateFormat(numberFormat) || !Number.isFinite(raw) || raw < 1 || raw > 2958465)
      return undefined;
    // Excel's day 1 is 1900-01-01 and it counts the non-existent 1900-02-29, so from March 1900 day 25569 is 1970-01-01.
    const date = new Date(Math.round((raw - 25569) * 86400000));
    const label = `${MONTHS[date.getUTCMonth()]![0]!.toUpperCase()}${MONTHS[date.getUTCMonth()]!.slice(1)}-${String(date.getUTCFullYear() % 100).padStart(2, "0")}`;
    return { granularity: "month", index: date.getUTCFullYear() * 12 + date.getUTCMonth(), label };
  }
  if (typeof raw !== "string") return undefined;
  const label = raw.trim();
  if (!mayBeLabel(label)) return undefined;
  const text = label.toLowerCase().replace(/\s+/g, " ");
  const month = MONTH.exec(text);
  if (month)
    return {
      granularity: "month",
      index: fullYear(month[2]!) * 12 + MONTHS.indexOf(month[1]!),
      label,
    };
  const quarter = QUARTER_FIRST.exec(text);
  if (quarter) {
    const start = fullYear(quarter[2]!);
    if (quarter[3] !== undefined && !consecutive(start, quarter[3])) return undefined;
    return { granularity: "quarter", index: start * 4 + Number(quarter[1]) - 1, label };
  }
  const yearQuarter = YEAR_FIRST_QUARTER.exec(text);
  if (yearQuarter) {
    const start = fullYear(yearQuarter[1]!);
    if (!consecutive(start, yearQuarter[2]!)) return undefined;
    return { granularity: "quarter", index: start * 4 + Number(yearQuarter[3]) - 1, label };
  }
  const financial = FINANCIAL_YEAR.exec(text);
  if (financial) {
    const start = fullYear(financial[1]!);
    return consecutive(start, financial[2]!)
      ? { granularity: "year", index: start, label }
      : undefined;
  }
  if (CALENDAR_YEAR.test(text)) return { granularity: "year", index: Number(text), label };
  return undefined;
}

/**
 * Whether a trimmed text could be a period label at all: every label pattern above
 * starts with a month, `q`, `fy` or a digit and ends with a digit. Most cells are
 * neither (`Indicator 12`, `Higher is better`), and are turned down without the patterns.
 */
function mayBeLabel(label: string): boolean {
  const last = label.charCodeAt(label.length - 1);
  if (!(last >= 48 && last <= 57)) return false;
  return LABEL_STARTS.has(label.charAt(0).toLowerCase());
}

const LABEL_STARTS: ReadonlySet<string> = new Set([
  ..."0123456789",
  ...new Set(MONTHS.map((m) => m[0]!)),
  "q",
  "f",
]);

/**
 * Whether `periods` run strictly forward in one granularity (each later than the last).
 * @example isOrdered([parsePeriod("Jun-22")!, parsePeriod("Jul-22")!]) // true
 */
export function isOrdered(periods: readonly Period[]): boolean {
  for (let i = 1; i < periods.length; i++) {
    const previous = periods[i - 1]!;
    const current = periods[i]!;
    if (current.granularity !== previous.granularity || current.index <= previous.index)
      return false;
  }
  return true;
}
