/**
 * Synthetic district scorecards for the Office adapter's tests and benchmark:
 * a title, a two-row header (a "Latest Month" banner over the latest month and
 * a merged "Monthly Trends" banner over the 23 months before it, then PI code,
 * Indicator, Polarity, Floor, Target, the 24 month columns as real dates shown
 * `mmm-yy`, Numerator, Denominator and the published RAG), one row per
 * indicator. Deterministic: the same rows on every run.
 */
import { cellAddress, columnLetter } from "../../src/workbook/address";
import type { FakeCellInput, FakeSheetSpec, FakeWorkbookSpec } from "../fake-excel";

export const DISTRICTS = [
  "Kent",
  "Ashford",
  "Canterbury",
  "Dartford",
  "Dover",
  "Folkestone",
  "Gravesham",
  "Maidstone",
  "Sevenoaks",
  "Swale",
  "Thanet",
  "Tonbridge",
  "Tunbridge Wells",
] as const;

export const PERIOD_COUNT = 24;

/** 0-based columns of the layout. */
export const LAYOUT = {
  code: 0,
  name: 1,
  polarity: 2,
  floor: 3,
  target: 4,
  latest: 5,
  historyFirst: 6,
  historyLast: 5 + PERIOD_COUNT - 1,
  numerator: 5 + PERIOD_COUNT,
  denominator: 6 + PERIOD_COUNT,
  rag: 7 + PERIOD_COUNT,
} as const;

/** 0-based rows: title, banner, header, then the indicators. */
export const HEADER_ROW = 3;
export const FIRST_DATA_ROW = 4;
/** The first output column (RAG), right after the table's published RAG column. */
export const OUTPUT_LEFT = LAYOUT.rag + 1;
/** The four columns, then Variation and Assurance: 24 months of history and targets allow both. */
export const OUTPUT_WIDTH = 6;

/** Excel date serial of the 1st of a month (months counted from Jan-2021). */
function monthSerial(monthsFromJan2021: number): number {
  const date = Date.UTC(2021, monthsFromJan2021, 1);
  return date / 86_400_000 + 25_569;
}

function seeded(seedText: string): () => number {
  let seed = 2_166_136_261;
  for (const ch of seedText) seed = Math.imul(seed ^ ch.charCodeAt(0), 16_777_619) >>> 0;
  return () => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return seed / 4_294_967_296;
  };
}

export interface DistrictOptions {
  /** Indicator rows on the sheet. */
  readonly rows: number;
  /** Cells where the user left a note (`H9`). */
  readonly notes?: Readonly<Record<string, string>>;
  /** Extra cells (`AI7`: "checked"), e.g. user data where the output columns would go. */
  readonly extraCells?: Readonly<Record<string, FakeCellInput>>;
}

/**
 * One district tab. Every seventh indicator's published RAG disagrees with the
 * rule (a flag, so a note on its value cell); every eleventh has a numerator
 * and denominator that do not give the value.
 */
export function districtSheet(name: string, options: DistrictOptions): FakeSheetSpec {
  const random = seeded(name);
  const width = LAYOUT.rag + 1;
  const rows: FakeCellInput[][] = [];
  const blank = (): FakeCellInput[] => Array.from({ length: width }, () => null);
  const title = blank();
  title[0] = `Directorate Scorecard: ${name}`;
  rows.push(title, blank());
  const banner = blank();
  banner[LAYOUT.latest] = "Latest Month";
  banner[LAYOUT.historyFirst] = "Monthly Trends";
  rows.push(banner);
  const header = blank();
  header[LAYOUT.code] = "PI code";
  header[LAYOUT.name] = "Indicator";
  header[LAYOUT.polarity] = "Polarity";
  header[LAYOUT.floor] = "Floor";
  header[LAYOUT.target] = "Target";
  header[LAYOUT.latest] = monthSerial(PERIOD_COUNT - 1);
  for (let m = 0; m < PERIOD_COUNT - 1; m++) header[LAYOUT.historyFirst + m] = monthSerial(m);
  header[LAYOUT.numerator] = "Numerator";
  header[LAYOUT.denominator] = "Denominator";
  header[LAYOUT.rag] = "RAG";
  rows.push(header);
  for (let i = 0; i < options.rows; i++) {
    const row = blank();
    const higherIsBetter = i % 2 === 0;
    const target = 0.8;
    const floor = higherIsBetter ? 0.7 : 0.9;
    row[LAYOUT.code] = `PI${String(i + 1).padStart(5, "0")}`;
    row[LAYOUT.name] = `Percentage of cases meeting standard ${i + 1}`;
    row[LAYOUT.polarity] = higherIsBetter ? "H" : "L";
    row[LAYOUT.floor] = floor;
    row[LAYOUT.target] = target;
    const history = Array.from(
      { length: PERIOD_COUNT },
      () => Math.round((0.6 + random() * 0.35) * 1000) / 1000
    );
    history.forEach((v, m) => {
      if (m < PERIOD_COUNT - 1) row[LAYOUT.historyFirst + m] = v;
    });
    // The latest value is what its numerator and denominator give, to the precision shown.
    const denominator = 200 + (i % 50);
    const numerator = Math.round(history[PERIOD_COUNT - 1]! * denominator);
    const latest = Math.round((numerator / denominator) * 1000) / 1000;
    row[LAYOUT.latest] = latest;
    row[LAYOUT.denominator] = denominator;
    row[LAYOUT.numerator] = i % 11 === 5 ? numerator + 25 : numerator;
    const met = higherIsBetter ? latest >= target : latest <= target;
    const aboveFloor = higherIsBetter ? latest >= floor : latest <= floor;
    const rag = met ? "Green" : aboveFloor ? "Amber" : "Red";
    row[LAYOUT.rag] = i % 7 === 3 ? (rag === "Green" ? "Red" : "Green") : rag;
    rows.push(row);
  }
  const last = FIRST_DATA_ROW + options.rows - 1;
  const percent = `${columnLetter(LAYOUT.floor)}${FIRST_DATA_ROW + 1}:${cellAddress(last, LAYOUT.historyLast)}`;
  for (const [address, value] of Object.entries(options.extraCells ?? {})) {
    const match = /^([A-Z]+)(\d+)$/.exec(address)!;
    const r = Number(match[2]) - 1;
    let c = 0;
    for (const ch of match[1]!) c = c * 26 + ch.charCodeAt(0) - 64;
    while (rows.length <= r) rows.push(blank());
    const target = rows[r]!;
    while (target.length < c) target.push(null);
    target[c - 1] = value;
  }
  return {
    name,
    rows,
    numberFormats: {
      [`${cellAddress(HEADER_ROW, LAYOUT.latest)}:${cellAddress(HEADER_ROW, LAYOUT.historyLast)}`]:
        "mmm-yy",
      ...(options.rows > 0 ? { [percent]: "0.0%" } : {}),
    },
    merged: [
      `${cellAddress(HEADER_ROW - 1, LAYOUT.historyFirst)}:${cellAddress(HEADER_ROW - 1, LAYOUT.historyLast)}`,
    ],
    bold: [`${cellAddress(HEADER_ROW, 0)}:${cellAddress(HEADER_ROW, LAYOUT.rag)}`],
    ...(options.notes ? { notes: { ...options.notes } } : {}),
  };
}

/** A workbook of district tabs, `rows` indicators on each (the first `sheets` districts). */
export function scorecardWorkbook(
  rows: number,
  sheets: number = DISTRICTS.length
): FakeWorkbookSpec {
  return {
    name: "District scorecard.xlsx",
    sheets: DISTRICTS.slice(0, sheets).map((name) => districtSheet(name, { rows })),
  };
}

/** The columns of the narrow table: PI code, Indicator, Polarity, Target, Value. */
export const NARROW_WIDTH = 5;

/**
 * A narrow indicator table from A1 (header row, then `rows` indicators): for
 * tests that grow the rows to 50,000 on 13 tabs and must stay fast.
 */
export function narrowSheet(name: string, rows: number): FakeSheetSpec {
  const cells: FakeCellInput[][] = [["PI code", "Indicator", "Polarity", "Target", "Value"]];
  for (let i = 0; i < rows; i++)
    cells.push([`PI${i + 1}`, `Indicator ${i + 1}`, "H", 0.8, 0.6 + ((i * 7919) % 100) / 250]);
  return {
    name,
    rows: cells,
    numberFormats: rows > 0 ? { [`D2:E${rows + 1}`]: "0.0%" } : {},
  };
}

export function narrowWorkbook(rows: number, sheets: number = DISTRICTS.length): FakeWorkbookSpec {
  return {
    name: "Narrow scorecard.xlsx",
    sheets: DISTRICTS.slice(0, sheets).map((name) => narrowSheet(name, rows)),
  };
}
