/**
 * The fuzz corpus: valid-but-odd workbooks and malformed files, generated
 * deterministically from a seed into a folder (nothing binary is committed).
 *
 *   npx tsx test/fuzz/generate.ts <folder> [seed]    writes the corpus and lists it
 *
 * Valid-but-odd (about 320): random layouts written by ExcelJS (headers in odd
 * places, titles and merged cells, sections, notes, Excel tables, formulas,
 * huge / tiny / negative numbers and number-like text, long and unicode text,
 * many or empty sheets, tables at the sheet's edges, hidden rows, a saved
 * state of the wrong shape, a Rules or Findings sheet), and others written as
 * raw XML (numbers a double cannot hold, `t="d"` dates, inline and rich
 * shared strings, shared formulas, cells without addresses, dates beyond
 * Excel's calendar).
 *
 * Malformed (about 40): empty, wrong magic, CSV, old .xls, encrypted, empty
 * and truncated zips, missing or wrong parts, broken XML, bad shared-string
 * indices, damaged deflate data, unknown compression, zip bombs of a few MB
 * (honest and lying directories, overlapping parts, too many rows, cells,
 * shared strings or parts), a directory, a FIFO, /dev/zero and a huge sparse
 * file.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { workbookBytes } from "../exceljs/serialize";
import {
  columnLetters,
  deflateConcat,
  numberCell,
  sharedCell,
  textCell,
  workbookBytesOf,
  workbookParts,
  xmlEscape,
  zipBytes,
  type RawEntry,
  type SheetSpec,
} from "./xlsx-builder";

export interface FuzzCase {
  /** The file's name in the corpus folder (stable for a seed: use it to repro). */
  readonly name: string;
  readonly path: string;
  readonly group: "valid" | "malformed";
  /** What the file is, for a failure message. */
  readonly what: string;
  /** Run in a child process with a memory cap (bombs, devices, huge files). */
  readonly isolate: boolean;
  /** The command-line options after `rate <file>` (an output is added by the runner). */
  readonly options: readonly string[];
  /** Exit codes this case may end with (a subset of 0, 1, 3). */
  readonly exits: readonly number[];
  /** What stderr must say, when the case fails. */
  readonly message?: RegExp;
  /** The largest sheet's bounding box (last row × last column): the cost of a scan of every position. */
  readonly box?: number;
  /** Rate the output again (with these options) when the first run succeeds. */
  readonly rerun?: readonly string[];
}

/** mulberry32: small, fast, and the same on every platform. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

const MAX_ROW = 1_048_576;
const MAX_COL = 16_384;

const CODE_HEADERS = [
  "PI code",
  "Code",
  "Ref",
  "KPI",
  "PI Ref.",
  "  code  ",
  "CÓDIGO",
  "Measure ID",
];
const NAME_HEADERS = ["Indicator", "Measure", "Description", "Indicator name", "INDICATOR", "Name"];
const ROLE_HEADERS = [
  "Polarity",
  "Target",
  "Floor",
  "Lower",
  "Upper",
  "Tolerance",
  "RAG",
  "Status",
  "Numerator",
  "Denominator",
  "Short trend",
  "Long trend",
  "Amber",
  "Rated",
  "Benchmark",
  "Target 22/23",
  "Good is",
];
const PERIODS = [
  "Jun-22",
  "Jul-22",
  "Aug-22",
  "Q1 22-23",
  "Q2 22-23",
  "Q3 22-23",
  "2020/21",
  "2021/22",
  "2022/23",
  "Dec-20",
  "Jan-21",
  "Latest",
  "Previous",
  "Mar 2023",
  "FY21",
];
const POLARITIES = ["High", "Low", "H", "L", "T", "Higher is better", "lower", "n/a", "", "?", "⬆"];
const WORDS = [
  "N/A",
  "Redacted",
  "*",
  "-",
  "",
  " ",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e400",
  "12%",
  "£1,234",
  "1,234.5",
  "  42 ",
  "n/a",
  "TBC",
  "<5",
  "#N/A",
  "Green",
  "Amber",
  "Red",
  "Ünïcödé ✓ 📊",
  "العربية",
  "中文指标",
  "zero\u200bwidth",
  "\u202eRTL",
  "line\nbreak",
  "tab\there",
  "=1+1",
  "'quoted",
  "&<>\"'",
];
const NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  0.875,
  1e308,
  -1e308,
  1.7976931348623157e308,
  5e-324,
  1e-300,
  123456789012345680000,
  Number.MAX_SAFE_INTEGER + 2,
  0.1 + 0.2,
  -12.5,
  99.999999999,
  2958466,
  -700000,
  1e15,
];
const FORMATS = [
  "General",
  "0.0%",
  "0%",
  "mmm-yy",
  "dd/mm/yyyy",
  "0.00",
  "#,##0",
  '"£"#,##0',
  "[Red]0;(0)",
  "@",
  ";;;",
  "0.0E+00",
];
const SHEET_NAMES = [
  "Kent",
  "Ashford",
  "People Q2 22-23",
  "Sheet1",
  "Données",
  "O'Brien's",
  "Δelta",
  "📊 Scores",
  "A very long sheet name, 31 ch",
  "Rules",
  "Findings",
  "Dover (2)",
  "[x]".replace(/[[\]]/g, "_"),
  " Lead space",
  "数据",
];

function oddValue(rng: Rng): ExcelJS.CellValue {
  const k = rng.next();
  if (k < 0.45) return Math.round(rng.next() * 1000 * 10) / 10 - (rng.chance(0.1) ? 500 : 0);
  if (k < 0.6) return rng.pick(NUMBERS);
  if (k < 0.78) return rng.pick(WORDS);
  if (k < 0.81) return rng.chance(0.5);
  if (k < 0.84)
    return { error: rng.pick(["#DIV/0!", "#N/A", "#VALUE!", "#REF!"]) } as ExcelJS.CellErrorValue;
  if (k < 0.88) return new Date(Date.UTC(rng.int(1900, 2100), rng.int(0, 11), rng.int(1, 28)));
  if (k < 0.92)
    return { formula: "1+1", result: rng.pick([2, 1e308, -1, 0]) } as ExcelJS.CellFormulaValue;
  if (k < 0.94) return { richText: [{ text: "rich " }, { font: { bold: true }, text: "text" }] };
  if (k < 0.95) return "x".repeat(rng.int(256, 32767));
  if (k < 0.96)
    return { text: "a link", hyperlink: "https://example.org/" } as ExcelJS.CellHyperlinkValue;
  return null;
}

function sheetName(rng: Rng, used: Set<string>, i: number): string {
  let name = rng.chance(0.6) ? rng.pick(SHEET_NAMES) : `Sheet ${i + 1}`;
  name = name.slice(0, 31);
  while (used.has(name.toLowerCase()))
    name = `${name.slice(0, 26)} ${i}${rng.int(0, 9)}`.slice(0, 31);
  used.add(name.toLowerCase());
  return name;
}

/** How far each sheet's content reaches (last row, last column, 1-based): its bounding box. */
const extents = new WeakMap<ExcelJS.Worksheet, { row: number; column: number }>();
function reach(sheet: ExcelJS.Worksheet, row: number, column: number): void {
  const r = extents.get(sheet) ?? { row: 0, column: 0 };
  extents.set(sheet, { row: Math.max(r.row, row), column: Math.max(r.column, column) });
}

/** Merges a range unless it overlaps a merge already there (two random tables may). */
function merge(
  sheet: ExcelJS.Worksheet,
  top: number,
  left: number,
  bottom: number,
  right: number
): boolean {
  try {
    sheet.mergeCells(top, left, bottom, right);
    return true;
  } catch {
    return false;
  }
}

/** A scorecard-like table with a random layout, somewhere on the sheet; its features, for the description. */
function addTable(rng: Rng, sheet: ExcelJS.Worksheet, features: string[]): void {
  const periods = rng.int(0, 8);
  const roles = Array.from({ length: rng.int(0, 6) }, () => rng.pick(ROLE_HEADERS));
  const headers = [
    ...(rng.chance(0.9) ? [rng.pick(CODE_HEADERS)] : []),
    ...(rng.chance(0.8) ? [rng.pick(NAME_HEADERS)] : []),
    ...roles,
    ...Array.from({ length: periods }, () => rng.pick(PERIODS)),
  ];
  if (headers.length === 0) headers.push("Value");
  const width = headers.length;
  const rows = rng.chance(0.03) ? rng.int(200, 800) : rng.int(0, 30);
  const title = rng.chance(0.5);
  const height = rows + 1 + (title ? 2 : 0);
  // Where: usually near the top left; sometimes at the right or bottom edge of the sheet.
  let top = rng.chance(0.6) ? rng.int(0, 5) : rng.int(0, 60);
  let left = rng.chance(0.6) ? 0 : rng.int(0, 25);
  if (rng.chance(0.06)) {
    left = MAX_COL - width - rng.int(0, 4);
    features.push(`table ending at column ${columnLetters(left + width)}`);
  }
  if (rng.chance(0.015)) {
    top = MAX_ROW - height - rng.int(0, 2);
    features.push(`table ending at row ${top + height}`);
  }
  left = Math.max(0, left);
  top = Math.max(0, top);
  let r = top + 1;
  if (title) {
    sheet.getCell(r, left + 1).value = `Directorate Scorecard: ${sheet.name}, ${rng.pick(PERIODS)}`;
    if (rng.chance(0.6) && width > 1) {
      merge(sheet, r, left + 1, r, left + width);
      features.push("merged title");
    }
    r += 2;
  }
  const headerRow = r;
  headers.forEach((h, i) => {
    const cell = sheet.getCell(headerRow, left + 1 + i);
    cell.value = h;
    if (rng.chance(0.05)) cell.note = `Header note ${"é".repeat(rng.int(0, 40))}`;
  });
  const numFmt = rng.pick(FORMATS);
  for (let i = 0; i < rows; i++) {
    const row = headerRow + 1 + i;
    if (rng.chance(0.08) && width > 1) {
      // A section row, sometimes merged across the table.
      sheet.getCell(row, left + 1).value = `Section ${i}`;
      if (rng.chance(0.5)) merge(sheet, row, left + 1, row, left + width);
      continue;
    }
    headers.forEach((h, c) => {
      const cell = sheet.getCell(row, left + 1 + c);
      if (CODE_HEADERS.includes(h))
        cell.value = rng.chance(0.9) ? `PI${rng.int(1, 60)}` : oddValue(rng);
      else if (NAME_HEADERS.includes(h))
        cell.value = rng.chance(0.9) ? `Indicator ${i} ${rng.pick(WORDS)}` : oddValue(rng);
      else if (h === "Polarity" || h === "Good is") cell.value = rng.pick(POLARITIES);
      else if (h === "RAG" || h === "Status")
        cell.value = rng.pick(["Green", "Amber", "Red", "G", "", "N/A", "Blue"]);
      else {
        cell.value = oddValue(rng);
        if (rng.chance(0.3)) cell.numFmt = numFmt;
      }
      if (rng.chance(0.02))
        cell.note = rng.chance(0.5) ? "Target range 10-20" : rng.pick(WORDS) || "note";
    });
    if (rng.chance(0.03)) sheet.getRow(row).hidden = true;
  }
  if (rng.chance(0.05) && rows > 2 && width > 2) {
    // A merge inside the table's body.
    merge(sheet, headerRow + 1, left + 2, headerRow + 2, left + 3);
    features.push("merge inside the table");
  }
  if (rng.chance(0.04)) sheet.getColumn(left + 1).hidden = true;
  reach(sheet, headerRow + rows, left + width);
  features.push(`${rows}x${width} table at ${columnLetters(left + 1)}${headerRow}`);
}

/** An Excel table (ListObject) of scorecard columns. */
function addListObject(rng: Rng, sheet: ExcelJS.Worksheet, features: string[]): void {
  const columns = ["PI code", "Indicator", "Polarity", "Target", rng.pick(PERIODS)];
  const rows = rng.int(1, 12);
  let left = rng.int(0, 10);
  let top = rng.int(0, 10);
  if (rng.chance(0.3)) {
    left = MAX_COL - columns.length;
    features.push("Excel table ending at XFD");
  } else if (rng.chance(0.05)) {
    top = MAX_ROW - rows - 1;
    features.push("Excel table ending at the last row");
  }
  const ref = `${columnLetters(left + 1)}${top + 1}`;
  sheet.addTable({
    name: `T${Math.floor(rng.next() * 1e6)}`,
    ref,
    headerRow: true,
    columns: columns.map((name) => ({ name })),
    rows: Array.from({ length: rows }, (_, i) => [
      `PI${i + 1}`,
      `Thing ${i}`,
      rng.pick(POLARITIES),
      rng.pick([50, 0.8, 1e308, -5]),
      oddValue(rng) ?? 0,
    ]),
  });
  reach(sheet, top + rows + 1, left + columns.length);
  features.push(`Excel table at ${ref}`);
}

const STATES: readonly [string, string][] = [
  ["state: not JSON", "{not json"],
  ["state: empty object", "{}"],
  ["state: version 99", JSON.stringify({ version: 99 })],
  [
    "state: wrong types",
    JSON.stringify({
      version: 1,
      settings: "x",
      overrides: [],
      owned: { S: { blocks: "nope", notes: 5 } },
    }),
  ],
  [
    "state: negative coordinates",
    JSON.stringify({
      version: 1,
      settings: {},
      overrides: {},
      owned: {
        "{sheet}": {
          blocks: [{ tableId: "x", top: -5, bottom: -1, left: -3, width: 4, inserted: true }],
          notes: ["A1"],
        },
      },
    }),
  ],
  [
    "state: coordinates past the sheet",
    JSON.stringify({
      version: 1,
      settings: { tolerance: 5, checks: { x: "yes" } },
      overrides: { a: 1 },
      owned: {
        "{sheet}": {
          blocks: [
            { tableId: "x", top: 2e6, bottom: 3e6, left: 16380, width: 400, inserted: false },
          ],
          notes: [7, "ZZZZ99999999"],
        },
      },
    }),
  ],
  [
    "state: NaN-like numbers",
    '{"version":1,"settings":{"suppressionThreshold":1e400},"overrides":{},"owned":{"{sheet}":{"blocks":[{"tableId":"t","top":1.5,"bottom":0.5,"left":1e400,"width":-4,"inserted":"yes"}],"notes":[]}}}',
  ],
  [
    "state: version 2, wrong shapes",
    JSON.stringify({
      version: 2,
      settings: [],
      overrides: null,
      blocks: { "{sheet}": [{ top: "1" }, null, 5] },
    }),
  ],
];

/** One valid-but-odd workbook written by ExcelJS. */
async function excelJsCase(
  rng: Rng
): Promise<{ bytes: Buffer; what: string; sheets: string[]; box: number }> {
  const workbook = new ExcelJS.Workbook();
  const features: string[] = [];
  const k = rng.next();
  const sheetCount =
    k < 0.4 ? 1 : k < 0.8 ? rng.int(2, 4) : k < 0.95 ? rng.int(5, 12) : rng.int(30, 60);
  if (sheetCount >= 30) features.push(`${sheetCount} sheets`);
  const used = new Set<string>();
  const names: string[] = [];
  for (let i = 0; i < sheetCount; i++) {
    const name = sheetName(rng, used, i);
    names.push(name);
    const sheet = workbook.addWorksheet(name, rng.chance(0.05) ? { state: "hidden" } : {});
    const kind = rng.next();
    if (kind < 0.1) {
      features.push(`empty sheet "${name}"`);
      continue;
    }
    if (kind < 0.18) {
      for (let j = 0; j < rng.int(1, 20); j++)
        sheet.getCell(rng.int(1, 50), rng.int(1, 30)).value = oddValue(rng);
      reach(sheet, 50, 30);
      features.push(`scattered cells on "${name}"`);
      continue;
    }
    if (name === "Rules" && rng.chance(0.7)) {
      sheet.addRow(["code", "polarity", "target", "floor", "tolerance", "rated"]);
      for (let j = 0; j < rng.int(1, 8); j++)
        sheet.addRow([
          `PI${rng.int(1, 60)}`,
          rng.pick(POLARITIES),
          oddValue(rng),
          oddValue(rng),
          rng.pick(["5%", "2pp", "x", ""]),
          rng.pick(["yes", "no", 3]),
        ]);
      features.push("Rules sheet");
      continue;
    }
    const tables = rng.chance(0.15) ? 2 : 1;
    for (let t = 0; t < tables; t++) addTable(rng, sheet, features);
    if (rng.chance(0.1)) addListObject(rng, sheet, features);
    if (rng.chance(0.05)) sheet.views = [{ state: "frozen", ySplit: 1 }];
  }
  if (rng.chance(0.08)) {
    const [label, text] = rng.pick(STATES);
    const state = workbook.addWorksheet("ScorecardRAG_State", { state: "veryHidden" });
    const json = text.replace(/\{sheet\}/g, names[0]!.replace(/"/g, '\\"'));
    // Split across cells of column A, as the add-in does for long states.
    for (let i = 0, r = 1; i < json.length; i += 7, r++)
      state.getCell(r, 1).value = json.slice(i, i + 7);
    features.push(label);
  }
  if (rng.chance(0.03) && !workbook.getWorksheet("Findings")) {
    workbook.addWorksheet("Findings").addRow(["A user's own Findings sheet"]);
    features.push("user's Findings sheet");
  }
  const bytes = !rng.chance(0.15)
    ? await workbookBytes(workbook)
    : Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  const box = Math.max(
    0,
    ...workbook.worksheets.map((ws) => {
      const r = extents.get(ws);
      return r ? r.row * r.column : 0;
    })
  );
  return { bytes, what: features.join("; ") || "plain", sheets: names, box };
}

const STYLES =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
  `<numFmts count="1"><numFmt numFmtId="164" formatCode="mmm\\-yy"/></numFmts>` +
  `<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
  `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
  `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
  `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
  `<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
  `<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
  `<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
  `<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>` +
  `</styleSheet>`;
const STYLES_CT = {
  partName: "/xl/styles.xml",
  contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
};

/** The odd values a raw cell's `<v>` can hold. */
const RAW_NUMBERS = [
  "1e400",
  "-1e400",
  "NaN",
  "1E+308",
  "  7 ",
  "0x1A",
  "1e-400",
  "-0",
  "4.9E-324",
  "12abc",
  "",
  "Infinity",
];

/** One valid-but-odd workbook written as raw XML (what ExcelJS would never write). */
function rawCase(rng: Rng): { bytes: Buffer; what: string; sheets: string[]; box: number } {
  const features: string[] = [];
  const strings = ["PI code", "Indicator", "Target", "Dec-22", "Jan-23", "Polarity", "High", "Low"];
  const sheets: SheetSpec[] = [];
  const count = rng.int(1, 3);
  let usesShared = false;
  let box = 0;
  let styled = false;
  for (let s = 0; s < count; s++) {
    const rowsXml: string[] = [];
    const headerRow = rng.int(1, 6);
    const left = rng.chance(0.1) ? MAX_COL - 5 : rng.int(1, 5);
    const headers = ["PI code", "Indicator", "Polarity", "Target", "Dec-22"];
    const noAddresses = rng.chance(0.08);
    const ref = (row: number, col: number): string => `${columnLetters(col)}${row}`;
    const cell = (xml: string): string => (noAddresses ? xml.replace(/ r="[A-Z]+\d+"/, "") : xml);
    if (noAddresses) features.push("cells without r attributes");
    rowsXml.push(
      `<row r="${headerRow}">` +
        headers
          .map((h, i) => {
            if (rng.chance(0.5)) {
              usesShared = true;
              return cell(sharedCell(ref(headerRow, left + i), strings.indexOf(h)));
            }
            return cell(textCell(ref(headerRow, left + i), h));
          })
          .join("") +
        `</row>`
    );
    const polarityCell = (at: string): string => {
      if (!rng.chance(0.5)) return textCell(at, rng.pick(POLARITIES));
      usesShared = true;
      return sharedCell(at, rng.pick([6, 7]));
    };
    const rows = rng.int(1, 25);
    for (let i = 0; i < rows; i++) {
      const r = headerRow + 1 + i;
      const v = (): string => {
        const k = rng.next();
        const at = ref(r, left + 4);
        if (k < 0.3) return numberCell(at, rng.pick(RAW_NUMBERS));
        if (k < 0.4) {
          styled = true;
          return numberCell(
            at,
            rng.pick(["1e300", "2958466", "-1", "45000", "1e400"]),
            rng.pick([1, 3])
          );
        }
        if (k < 0.5) {
          styled = true;
          return numberCell(at, rng.pick(["0.875", "1e400", "NaN"]), 2);
        }
        if (k < 0.6)
          return `<c r="${at}" t="d"><v>${rng.pick(["2022-12-01", "2022-12-01T10:00:00Z", "not a date", "9999-99-99"])}</v></c>`;
        if (k < 0.7)
          return `<c r="${at}"><f>D${r}*2</f><v>${rng.pick(["1e400", "NaN", "4", ""])}</v></c>`;
        if (k < 0.75) return `<c r="${at}" t="e"><v>#DIV/0!</v></c>`;
        if (k < 0.8) return `<c r="${at}" t="b"><v>${rng.pick(["1", "0", "true", "x"])}</v></c>`;
        if (k < 0.85) return `<c r="${at}" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>`;
        if (k < 0.9)
          return i === 0
            ? `<c r="${at}"><f t="shared" ref="${ref(r, left + 4)}:${ref(r + 3, left + 4)}" si="0">D${r}+1</f><v>3</v></c>`
            : `<c r="${at}"><f t="shared" si="0"/><v>${rng.pick(["3", "1e400"])}</v></c>`;
        return numberCell(at, (rng.next() * 100).toFixed(rng.int(0, 6)));
      };
      rowsXml.push(
        `<row${noAddresses && rng.chance(0.5) ? "" : ` r="${r}"`}>` +
          cell(textCell(ref(r, left), `PI${i}`)) +
          cell(textCell(ref(r, left + 1), rng.pick(WORDS))) +
          cell(polarityCell(ref(r, left + 2))) +
          cell(numberCell(ref(r, left + 3), rng.pick(["50", "0.8", "1e400", "-1e308", "NaN"]))) +
          cell(v()) +
          `</row>`
      );
    }
    let extent = (headerRow + rows) * (left + 4);
    if (rng.chance(0.025)) {
      extent = MAX_ROW * MAX_COL;
      rowsXml.push(`<row r="${MAX_ROW}">${numberCell(`XFD${MAX_ROW}`, 1)}</row>`);
      features.push("a cell at XFD1048576");
    }
    box = Math.max(box, extent);
    const merge = rng.chance(0.2)
      ? `<mergeCells count="1"><mergeCell ref="${ref(headerRow + 1, left)}:${ref(headerRow + 2, left + 1)}"/></mergeCells>`
      : "";
    if (merge) features.push("merged cells");
    const dimension = rng.chance(0.2) ? `<dimension ref="A1:B2"/>` : "";
    sheets.push({
      name: rng.chance(0.3) ? rng.pick(SHEET_NAMES) + (s > 0 ? ` ${s}` : "") : `Raw ${s + 1}`,
      whole: true,
      xml:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
        `${dimension}<sheetData>${rowsXml.join("")}</sheetData>${merge}</worksheet>`,
    });
  }
  const rich = rng.chance(0.3);
  const sharedStringsXml =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
    strings
      .map((s) =>
        rich && s === "Target"
          ? `<si><r><rPr><b/></rPr><t>Tar</t></r><r><t>get</t></r></si>`
          : `<si><t>${xmlEscape(s)}</t></si>`
      )
      .join("") +
    `</sst>`;
  if (rich) features.push("rich shared string");
  features.push(usesShared ? "shared and inline strings" : "inline strings");
  if (styled) features.push("date and percent styles on odd numbers");
  const parts = workbookParts({
    sheets,
    sharedStrings: strings,
    parts: {
      "xl/sharedStrings.xml": sharedStringsXml,
      ...(styled ? { "xl/styles.xml": STYLES } : {}),
    },
    contentTypes: styled ? [STYLES_CT] : [],
    method: rng.chance(0.2) ? 0 : 8,
  });
  if (styled) {
    // Styles need a relationship from the workbook.
    const rels = parts.find((p) => p.name === "xl/_rels/workbook.xml.rels")!;
    const text = String(rels.data).replace(
      "</Relationships>",
      `<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`
    );
    parts[parts.indexOf(rels)] = { name: rels.name, data: text };
  }
  return {
    bytes: zipBytes(parts),
    what: `raw XML: ${features.join("; ")}`,
    sheets: sheets.map((s) => s.name),
    box,
  };
}

const SHEET_OPEN = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`;
const SHEET_CLOSE = `</sheetData></worksheet>`;

/** A workbook whose one sheet's XML is `body` (pre-compressed), claiming `claimedSize`. */
function bombWorkbook(sheetBody: Buffer, realSize: number, claimedSize = realSize): Buffer {
  const parts = workbookParts({ sheets: [{ name: "Bomb", xml: "" }] }).map((p): RawEntry =>
    p.name === "xl/worksheets/sheet1.xml"
      ? { name: p.name, data: Buffer.alloc(0), compressed: sheetBody, claimedSize }
      : p
  );
  return zipBytes(parts);
}

/** Rows of `cells` number cells each, repeated: a compact bomb body. */
function rowsXml(rows: number, cells: number, start = 1): string {
  const out: string[] = [];
  for (let r = start; r < start + rows; r++) {
    let row = `<row r="${r}">`;
    for (let c = 1; c <= cells; c++) row += `<c r="${columnLetters(c)}${r}"><v>1</v></c>`;
    out.push(`${row}</row>`);
  }
  return out.join("");
}

function deflateParts(...texts: string[]): { body: Buffer; size: number } {
  const data = Buffer.from(texts.join(""), "utf8");
  return { body: deflateRawSync(data, { level: 1 }), size: data.length };
}

/**
 * Overlapping parts: `count` directory entries all pointing at the same
 * compressed body (150 MB of spaces), claiming its true size or 1 kB.
 */
function overlapBomb(count: number, lying: boolean): Buffer {
  const { body, size } = deflateConcat([{ text: " ", times: 150_000_000 }]);
  const parts: RawEntry[] = [
    ...workbookParts({ sheets: [{ name: "Kent", xml: rowsXml(2, 2) }] }),
    {
      name: "xl/media/shared.bin",
      data: Buffer.alloc(0),
      compressed: body,
      claimedSize: lying ? 1000 : size,
    },
  ];
  const zip = zipBytes(parts);
  const end = zip.length - 22;
  const dirStart = zip.readUInt32LE(end + 16);
  const directory = zip.subarray(dirStart, end);
  const last = directory.lastIndexOf(Buffer.from("PK\x01\x02", "latin1"));
  const entry = directory.subarray(last, last + 46);
  const copies = Array.from({ length: count }, (_, i) => {
    const name = Buffer.from(`xl/media/copy${i}.bin`);
    const header = Buffer.from(entry);
    header.writeUInt16LE(name.length, 28);
    return Buffer.concat([header, name]);
  });
  const all = Buffer.concat([directory, ...copies]);
  const tail = Buffer.alloc(22);
  tail.writeUInt32LE(0x06054b50, 0);
  tail.writeUInt16LE(parts.length + count, 8);
  tail.writeUInt16LE(parts.length + count, 10);
  tail.writeUInt32LE(all.length, 12);
  tail.writeUInt32LE(dirStart, 16);
  return Buffer.concat([zip.subarray(0, dirStart), all, tail]);
}

interface Written {
  readonly cases: FuzzCase[];
}

/**
 * Writes the corpus into `dir` (which must exist) and lists its cases.
 * `valid` is how many valid-but-odd workbooks to write.
 */
export async function generateCorpus(
  dir: string,
  { seed = 20_240_601, valid = 320 }: { seed?: number; valid?: number } = {}
): Promise<FuzzCase[]> {
  const rng = new Rng(random(seed));
  const out: Written = { cases: [] };
  const add = (
    c: Omit<FuzzCase, "path" | "isolate" | "options" | "exits"> & Partial<FuzzCase>,
    bytes?: Buffer
  ): void => {
    const path = c.path ?? join(dir, c.name);
    if (bytes) writeFileSync(path, bytes);
    out.cases.push({ isolate: false, options: [], exits: [0, 1, 3], ...c, path });
  };

  // Valid but odd.
  for (let i = 0; i < valid; i++) {
    const raw = rng.chance(0.25);
    const made = raw ? rawCase(rng) : await excelJsCase(rng);
    const k = rng.next();
    const options =
      k < 0.55
        ? []
        : k < 0.65
          ? ["--json"]
          : k < 0.72
            ? ["--findings"]
            : k < 0.77
              ? ["--clear"]
              : k < 0.82
                ? ["-n", "--json"]
                : k < 0.87
                  ? ["--tolerance", rng.pick(["2pp", "10%", "±3"])]
                  : k < 0.92
                    ? ["--sheets", made.sheets[0]!]
                    : k < 0.96
                      ? ["--in-place"]
                      : ["--rules", "RULES"];
    add(
      {
        name: `valid-${String(i).padStart(3, "0")}.xlsx`,
        group: "valid",
        what: made.what,
        box: made.box,
        options,
        // ExcelJS wrote it, so ExcelJS reads it; raw XML may hold what ExcelJS cannot read (exit 3).
        exits: raw ? [0, 1, 3] : [0, 1],
        ...(rng.chance(0.15) ? { rerun: rng.chance(0.5) ? ["--clear"] : [] } : {}),
      },
      made.bytes
    );
  }
  writeFileSync(
    join(dir, "rules.csv"),
    "code,polarity,target,tolerance\nPI1,High,50,5%\nPI2,x,1e400,-3%\n,,,\n"
  );

  // Malformed.
  const good = workbookBytesOf({
    sheets: [
      {
        name: "Kent",
        xml:
          `<row r="1">${textCell("A1", "PI code")}${textCell("B1", "Indicator")}${textCell("C1", "Target")}${textCell("D1", "Dec-22")}</row>` +
          `<row r="2">${textCell("A2", "PI1")}${textCell("B2", "Thing")}${numberCell("C2", 50)}${numberCell("D2", 45)}</row>`,
      },
    ],
  });
  const shared = (cells: string, sharedStrings: string[] | null): Buffer =>
    workbookBytesOf({
      sheets: [{ name: "Kent", xml: `<row r="1">${cells}</row>` }],
      sharedStrings,
    });
  const damaged = /is damaged or not an \.xlsx workbook/;
  const m = (
    name: string,
    what: string,
    bytes: Buffer | undefined,
    message: RegExp,
    extra: Partial<FuzzCase> = {}
  ): void => add({ name, group: "malformed", what, exits: [3], message, ...extra }, bytes);

  m("bad-empty.xlsx", "an empty file", Buffer.alloc(0), /is empty/);
  m(
    "bad-magic.xlsx",
    "random bytes",
    Buffer.from(Array.from({ length: 4096 }, () => rng.int(0, 255))),
    /not a zip file/
  );
  m("bad-csv.xlsx", "a CSV file named .xlsx", Buffer.from("code,value\nPI1,3\n"), /not a zip file/);
  m(
    "bad-ole2.xlsx",
    "an old .xls (OLE2)",
    Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(2000),
    ]),
    /old-style \.xls/
  );
  m(
    "bad-encrypted.xlsx",
    "a password-protected .xlsx",
    Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(500),
      Buffer.from("EncryptionInfo", "utf16le"),
    ]),
    /encrypted/
  );
  m(
    "bad-empty-zip.xlsx",
    "an empty zip",
    Buffer.from([0x50, 0x4b, 0x05, 0x06, ...Array(18).fill(0)]),
    /empty zip/
  );
  m(
    "bad-truncated-half.xlsx",
    "a workbook cut in half",
    good.subarray(0, Math.floor(good.length / 2)),
    damaged
  );
  m(
    "bad-truncated-tail.xlsx",
    "a workbook missing its last 10 bytes",
    good.subarray(0, good.length - 10),
    damaged
  );
  m("bad-truncated-header.xlsx", "only a local header", good.subarray(0, 40), damaged);
  {
    const bad = Buffer.from(good);
    const end = bad.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    bad.writeUInt32LE(bad.length + 1000, end + 16);
    m("bad-directory-offset.xlsx", "a zip directory pointing past the end", bad, damaged);
  }
  m(
    "bad-only-content-types.xlsx",
    "a zip with only [Content_Types].xml",
    zipBytes([{ name: "[Content_Types].xml", data: "<Types/>" }]),
    /no worksheets|damaged/
  );
  m(
    "bad-no-workbook.xlsx",
    "no xl/workbook.xml",
    workbookBytesOf({ sheets: [{ name: "Kent", xml: "" }], omit: ["xl/workbook.xml"] }),
    /no worksheets|damaged/
  );
  m(
    "bad-no-workbook-rels.xlsx",
    "no xl/_rels/workbook.xml.rels",
    workbookBytesOf({ sheets: [{ name: "Kent", xml: "" }], omit: ["xl/_rels/workbook.xml.rels"] }),
    /no worksheets|damaged/
  );
  m(
    "bad-no-root-rels.xlsx",
    "no _rels/.rels",
    workbookBytesOf({ sheets: [{ name: "Kent", xml: rowsXml(2, 2) }], omit: ["_rels/.rels"] }),
    /./,
    { exits: [0, 3] }
  );
  m(
    "bad-content-types.xlsx",
    "garbage [Content_Types].xml",
    workbookBytesOf({
      sheets: [{ name: "Kent", xml: rowsXml(2, 2) }],
      parts: { "[Content_Types].xml": "<<<not xml" },
    }),
    /./,
    { exits: [0, 3] }
  );
  m(
    "bad-sheet-xml.xlsx",
    "a sheet with an unclosed tag",
    workbookBytesOf({
      sheets: [
        { name: "Kent", xml: rowsXml(2, 2) },
        { name: "Dover", xml: `<row r="1"><c r="A1"><v>1</v></row>` },
      ],
    }),
    /sheet "Dover" \(xl\/worksheets\/sheet2\.xml\)/
  );
  m(
    "bad-sheet-binary.xlsx",
    "a sheet part of random bytes",
    workbookBytesOf({
      sheets: [{ name: "Kent", xml: "" }],
      parts: {
        "xl/worksheets/sheet1.xml": Buffer.from(
          Array.from({ length: 3000 }, () => rng.int(0, 255))
        ),
      },
    }),
    /sheet "Kent"|xl\/worksheets\/sheet1\.xml/
  );
  m(
    "bad-shared-missing.xlsx",
    't="s" cells without xl/sharedStrings.xml',
    shared(sharedCell("A1", 0) + sharedCell("B1", 1), null),
    /xl\/sharedStrings\.xml is missing but sheet "Kent" uses shared strings/
  );
  m(
    "bad-shared-range.xlsx",
    "a shared string index out of range",
    shared(sharedCell("A1", 0) + sharedCell("B1", 99999), ["PI code"]),
    /sheet "Kent" cell B1 .*shared string 99999/
  );
  m(
    "bad-shared-nan.xlsx",
    "a shared string index that is not a number",
    shared(sharedCell("C1", "abc"), ["PI code"]),
    /sheet "Kent" cell C1/
  );
  m(
    "bad-shared-negative.xlsx",
    "a negative shared string index",
    shared(sharedCell("A1", -1), ["PI code"]),
    /sheet "Kent" cell A1/
  );
  m(
    "bad-shared-xml.xlsx",
    "broken xl/sharedStrings.xml",
    workbookBytesOf({
      sheets: [{ name: "Kent", xml: "" }],
      parts: { "xl/sharedStrings.xml": "<sst><si><t>x</si>" },
    }),
    /xl\/sharedStrings\.xml/
  );
  m(
    "bad-workbook-xml.xlsx",
    "broken xl/workbook.xml",
    workbookBytesOf({
      sheets: [{ name: "Kent", xml: "" }],
      parts: { "xl/workbook.xml": "<workbook><sheets><sheet name=" },
    }),
    /xl\/workbook\.xml/
  );
  m(
    "bad-styles-xml.xlsx",
    "broken xl/styles.xml",
    workbookBytesOf({
      sheets: [{ name: "Kent", xml: "" }],
      parts: { "xl/styles.xml": "<styleSheet><cellXfs><xf></styleSheet>" },
    }),
    /xl\/styles\.xml/
  );
  m(
    "bad-missing-comments.xlsx",
    "a sheet whose relationships name a comments part that is missing",
    workbookBytesOf({
      sheets: [
        {
          name: "Kent",
          xml: rowsXml(2, 2),
          rels: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.xml"/></Relationships>`,
        },
      ],
    }),
    /sheet "Kent"/
  );
  {
    const parts = workbookParts({ sheets: [{ name: "Kent", xml: rowsXml(50, 5) }] });
    const sheet = parts.find((p) => p.name === "xl/worksheets/sheet1.xml")!;
    const body = Buffer.from(deflateRawSync(Buffer.from(String(sheet.data))));
    for (let i = 10; i < body.length; i += 7) body[i] = body[i]! ^ 0x5a;
    parts[parts.indexOf(sheet)] = { name: sheet.name, data: String(sheet.data), compressed: body };
    m(
      "bad-deflate.xlsx",
      "a sheet part with damaged deflate data",
      zipBytes(parts),
      /xl\/worksheets\/sheet1\.xml/
    );
  }
  {
    const bytes = Buffer.from(good);
    // Compression method 14 (LZMA) on every part, in the directory and the local headers.
    for (let at = bytes.indexOf("PK\x01\x02"); at >= 0; at = bytes.indexOf("PK\x01\x02", at + 4))
      bytes.writeUInt16LE(14, at + 10);
    for (let at = bytes.indexOf("PK\x03\x04"); at >= 0; at = bytes.indexOf("PK\x03\x04", at + 4))
      bytes.writeUInt16LE(14, at + 8);
    m("bad-method.xlsx", "parts compressed with LZMA (method 14)", bytes, /compression method 14/);
  }
  {
    const bytes = Buffer.from(good);
    for (let at = bytes.indexOf("PK\x01\x02"); at >= 0; at = bytes.indexOf("PK\x01\x02", at + 4))
      bytes.writeUInt16LE(bytes.readUInt16LE(at + 8) | 1, at + 8);
    m("bad-zip-password.xlsx", "parts encrypted with a zip password", bytes, /encrypted/);
  }

  // Zip bombs, each a few MB at most.
  const sheetOf = (rows: string, times: number): { body: Buffer; size: number } =>
    deflateConcat([{ text: SHEET_OPEN }, { text: rows, times }, { text: SHEET_CLOSE }]);
  {
    const { body, size } = sheetOf(`<row><c><v>1</v></c></row>`, 80_000_000);
    m(
      "bomb-lying.xlsx",
      `a sheet claiming 1 kB that unpacks to ${Math.round(size / 1e9)} GB`,
      bombWorkbook(body, size, 1000),
      /unpacks to more than the 1,?000 bytes|unpacks to more than the 1 kB/,
      { isolate: true }
    );
  }
  {
    // The realistic one: numbered rows, as a script exporting a million rows writes them.
    const { body, size } = deflateParts(SHEET_OPEN, rowsXml(1_100_000, 1), SHEET_CLOSE);
    m(
      "bomb-rows.xlsx",
      `1,100,000 rows (${Math.round(size / 1e6)} MB of XML, honest sizes)`,
      bombWorkbook(body, size),
      /more than 1,000,000 rows/,
      { isolate: true }
    );
  }
  {
    const { body, size } = sheetOf(`<row>${"<c><v>1</v></c>".repeat(20)}</row>`, 205_000);
    m(
      "bomb-cells.xlsx",
      "4,100,000 cells in 205,000 rows",
      bombWorkbook(body, size),
      /more than 4,000,000 cells/,
      { isolate: true }
    );
  }
  {
    const { body, size } = deflateConcat([{ text: " ", times: 300_000_000 }]);
    m(
      "bomb-part.xlsx",
      "a 300 MB sheet part (honest size)",
      bombWorkbook(body, size),
      /parts of up to 200 MB/,
      { isolate: true }
    );
  }
  {
    const { body, size } = deflateConcat([{ text: " ", times: 150_000_000 }]);
    const parts = workbookParts({ sheets: [{ name: "Kent", xml: rowsXml(2, 2) }] });
    for (let i = 1; i <= 3; i++)
      parts.push({
        name: `xl/media/image${i}.png`,
        data: Buffer.alloc(0),
        compressed: body,
        claimedSize: size,
      });
    m(
      "bomb-total.xlsx",
      "three 150 MB parts (450 MB in all)",
      zipBytes(parts),
      /up to 400 MB unpacked/,
      { isolate: true }
    );
  }
  m(
    "bomb-overlap.xlsx",
    "2,000 directory entries sharing one 150 MB body (300 GB claimed)",
    overlapBomb(2000, false),
    /up to 400 MB unpacked/,
    { isolate: true }
  );
  m(
    "bomb-overlap-lying.xlsx",
    "2,000 directory entries sharing one 150 MB body, each claiming 1 kB",
    overlapBomb(2000, true),
    /its zip directory says/,
    { isolate: true }
  );
  {
    const parts = workbookParts({ sheets: [{ name: "Kent", xml: rowsXml(2, 2) }] });
    for (let i = 0; i < 12_000; i++) parts.push({ name: `customXml/item${i}.xml`, data: "<a/>" });
    m(
      "bomb-many-parts.xlsx",
      "12,000 parts",
      zipBytes(parts),
      /has 12,\d{3} parts in its zip; this tool reads workbooks of up to 10,000 parts/,
      { isolate: true }
    );
  }
  {
    const { body, size } = deflateConcat([
      {
        text: `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`,
      },
      { text: `<si><t>s</t></si>`, times: 3_000_000 },
      { text: `</sst>` },
    ]);
    const parts = workbookParts({
      sheets: [{ name: "Kent", xml: rowsXml(2, 2) }],
      sharedStrings: [],
    }).map((p): RawEntry =>
      p.name === "xl/sharedStrings.xml"
        ? { name: p.name, data: Buffer.alloc(0), compressed: body, claimedSize: size }
        : p
    );
    m(
      "bomb-shared-strings.xlsx",
      "3,000,000 shared strings",
      zipBytes(parts),
      /more than 2,000,000 shared strings/,
      { isolate: true }
    );
  }

  // Not files.
  mkdirSync(join(dir, "bad-directory.xlsx"), { recursive: true });
  m("bad-directory.xlsx", "a directory", undefined, /is a directory/);
  if (process.platform !== "win32") {
    const fifo = join(dir, "bad-fifo.xlsx");
    const made = spawnSync("mkfifo", [fifo]);
    if (made.status === 0)
      m("bad-fifo.xlsx", "a named pipe (FIFO)", undefined, /named pipe/, { isolate: true });
    m("dev-zero", "/dev/zero", undefined, /is a device/, { isolate: true, path: "/dev/zero" });
  }
  {
    const huge = join(dir, "bad-huge.xlsx");
    writeFileSync(huge, good);
    truncateSync(huge, 150_000_000); // sparse: no disk used
    m("bad-huge.xlsx", "a 150 MB file (sparse)", undefined, /files of up to 100 MB/, {
      isolate: true,
    });
  }
  // Valid but odd, in XML only a hand could write: every number a double cannot hold.
  add(
    {
      name: "odd-not-numbers.xlsx",
      group: "valid",
      what: "numbers beyond a double: 1e400, -1e400, NaN, a formula result of 1e400",
      exits: [0],
      message: /Kent!D2: "1e400" is not a number/,
    },
    workbookBytesOf({
      sheets: [
        {
          name: "Kent",
          xml:
            `<row r="1">${textCell("A1", "PI code")}${textCell("B1", "Indicator")}${textCell("C1", "Target")}${textCell("D1", "Dec-22")}</row>` +
            `<row r="2">${textCell("A2", "PI1")}${textCell("B2", "Thing")}${numberCell("C2", 50)}${numberCell("D2", "1e400")}</row>` +
            `<row r="3">${textCell("A3", "PI2")}${textCell("B3", "Other")}${numberCell("C3", "-1e400")}<c r="D3"><f>C3*2</f><v>1e400</v></c></row>` +
            `<row r="4">${textCell("A4", "PI3")}${textCell("B4", "More")}${numberCell("C4", "NaN")}${numberCell("D4", "1.7976931348623157e308")}</row>`,
        },
      ],
    })
  );
  return out.cases;
}

// `npx tsx test/fuzz/generate.ts <folder> [seed]`: write the corpus for a look by hand.
if (process.argv[1] && /generate\.ts$/.test(process.argv[1])) {
  const [dir, seed] = process.argv.slice(2);
  if (!dir) {
    process.stderr.write("usage: npx tsx test/fuzz/generate.ts <folder> [seed]\n");
    process.exit(2);
  }
  mkdirSync(dir, { recursive: true });
  const cases = await generateCorpus(dir, seed ? { seed: Number(seed) } : {});
  for (const c of cases) process.stdout.write(`${c.name}\t${c.options.join(" ")}\t${c.what}\n`);
}
