import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import { qualified } from "../../src/workbook/address";
import { findingsLinkText } from "../../src/workbook/findings";
import { STATUS_STYLE } from "../../src/workbook/output-columns";
import { runWorkbook, type RunResult } from "../../src/workbook/run";
import {
  isOwnSummarySheet,
  isSummaryHeader,
  SUMMARY_HEADER,
  SUMMARY_ROWS_PER_PAGE,
  SUMMARY_WIDTHS,
  summaryLink,
  summarySheet,
  summaryTarget,
  summaryTexts,
} from "../../src/workbook/summary-sheet";
import { installExcelJsFixes } from "../exceljs/exceljs-fixes";
import { snapshotWorkbook } from "../exceljs/read";
import benchmarkLayout from "../corpus/layouts/21-benchmark-against-england";
import longLayout from "../corpus/layouts/03-long-format";
import type { Layout } from "../corpus/layout";
import type { WorkbookSnapshot } from "../../src/workbook/snapshot";
import { sheet, workbook } from "./build";

/** A corpus layout's workbook (both used here are built as snapshots). */
function snapshotOf(layout: Layout): WorkbookSnapshot {
  if (typeof layout.workbook === "string") throw new Error(`${layout.name} is a file`);
  return layout.workbook;
}

/** `=HYPERLINK("#'Kent'!AE7","EH43")` → the target and the text shown. */
function link(formula: string): { target: string; text: string } {
  const match = /^=HYPERLINK\("((?:[^"]|"")*)","((?:[^"]|"")*)"\)$/.exec(formula);
  if (!match) throw new Error(`not a link: ${formula}`);
  return { target: match[1]!.replace(/""/g, '"'), text: match[2]!.replace(/""/g, '"') };
}

/** The Summary's cells as the texts they show ("" for an empty cell). */
const shown = (rows: readonly (readonly string[])[]): string[][] =>
  rows.slice(1).map((row) => row.map((cell) => (cell === "" ? "" : link(cell).text)));

const column = (name: string): number => SUMMARY_HEADER.indexOf(name);

describe("the Summary sheet of the example workbook", () => {
  let result: RunResult;
  beforeAll(async () => {
    installExcelJsFixes();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(EXAMPLE_PATH);
    result = runWorkbook(snapshotWorkbook(book));
  });

  it("has the header, then one row per indicator of every tab, in tab order", () => {
    const { rows } = summarySheet(result);
    expect(rows[0]).toEqual(SUMMARY_HEADER);
    const indicators = result.sheets.flatMap((s) =>
      s.tables.flatMap((t) => t.rows.map((r) => [s.name, r.code]))
    );
    expect(indicators.length).toBeGreaterThanOrEqual(40);
    expect(shown(rows).map((row) => [row[0], row[1]])).toEqual(indicators);
  });

  it("links every cell of a row to the indicator's value cell, and shows the row's words", () => {
    const { rows } = summarySheet(result);
    let r = 1;
    for (const s of result.sheets)
      for (const table of s.tables)
        for (const row of table.rows) {
          const cells = rows[r++]!;
          const texts = summaryTexts(s.name, table, row, result);
          cells.forEach((cell, c) => {
            if (texts[c] === "") return expect(cell).toBe("");
            const { target, text } = link(cell);
            expect(target).toBe(`#${qualified(s.name, row.valueCell)}`);
            expect(text).toBe(texts[c]);
          });
        }
    const kent = shown(rows).find((row) => row[0] === "Kent")!;
    expect(kent[column("Period")]).toMatch(/^Dec[- ]?(20)?22$/);
    expect(kent[column("RAG")]).toMatch(/^(Green|Amber|Red|NA)( \(manual\))?$/);
    expect(kent[column("Short trend")]).toMatch(/^(IMP|STATIC|DET|NA)$/);
    expect(kent[column("Target")]).not.toBe("");
    // Every row of the example has 25 months: a Variation verdict, or NA for want of a latest value.
    for (const row of shown(rows))
      expect(row[column("Variation")]).toMatch(
        /^(Common cause|Improvement|Concern|Neither|NA \(no latest value\))/
      );
    expect(
      shown(rows).filter((row) => row[column("Variation")] === "Common cause").length
    ).toBeGreaterThan(10);
  });

  it("colours the RAG, trend, Variation, Assurance and Benchmark columns of its rows", () => {
    const { rows, conditionalFormats } = summarySheet(result);
    const columns = [...new Set(conditionalFormats.map((f) => f.range.left))];
    expect(columns).toEqual(
      ["RAG", "Short trend", "Long trend", "Variation", "Assurance", "Benchmark"].map(column)
    );
    for (const f of conditionalFormats)
      expect(f.range).toEqual({
        top: 1,
        bottom: rows.length - 1,
        left: f.range.left,
        right: f.range.left,
      });
    expect(conditionalFormats).toContainEqual(
      expect.objectContaining({ beginsWith: "Red", ...STATUS_STYLE.Red, range: expect.anything() })
    );
  });

  it("prints A4 landscape, one page wide, the header repeated, one page tall per 50 indicators", () => {
    const { rows, widths, print } = summarySheet(result);
    expect(widths).toEqual(SUMMARY_WIDTHS);
    expect(widths).toHaveLength(SUMMARY_HEADER.length);
    expect(print).toEqual({
      orientation: "landscape",
      paper: "A4",
      fitToPagesWide: 1,
      fitToPagesTall: Math.ceil((rows.length - 1) / SUMMARY_ROWS_PER_PAGE),
      repeatHeaderRow: true,
    });
  });

  it("writes the trends in the run's trend display", () => {
    const words = runWorkbook({ sheets: [] }, { settings: { trendDisplay: "word" } }).settings;
    const worded = summarySheet({ ...result, settings: words });
    expect(shown(worded.rows).map((row) => row[column("Short trend")])).toContainEqual(
      expect.stringMatching(/^(Improving|Static|Deteriorating|Not available)$/)
    );
    expect(worded.conditionalFormats.map((f) => f.beginsWith)).toContain("Improving");
  });
});

describe("the Summary sheet's text from the user's sheets", () => {
  const result = runWorkbook(
    workbook(
      sheet(
        'Q2 "B"',
        [
          ["Code", "Indicator", "Polarity", "Target", "Value"],
          ["=1+1", "@SUM(1+1)", "H", 0.85, 0.9],
          ["-2", '+cmd|" /C calc"!A0', "L", 10, 12],
        ],
        { "D2:E2": "0%" }
      )
    )
  );

  it("is neutralised and quoted, so no cell becomes a formula of the user's", () => {
    const { rows } = summarySheet(result);
    expect(rows[1]![column("Sheet")]).toBe(`=HYPERLINK("#'Q2 ""B""'!E2","Q2 ""B""")`);
    expect(rows[1]![column("Code")]).toBe(`=HYPERLINK("#'Q2 ""B""'!E2","'=1+1")`);
    expect(rows[1]![column("Indicator")]).toBe(`=HYPERLINK("#'Q2 ""B""'!E2","'@SUM(1+1)")`);
    expect(rows[2]![column("Code")]).toBe(`=HYPERLINK("#'Q2 ""B""'!E3","'-2")`);
    expect(link(rows[2]![column("Indicator")]!).text).toBe(`'+cmd|" /C calc"!A0`);
    // What a host shows for a link: the text, from the formula (the memory port, ExcelJS's cached result).
    expect(findingsLinkText(rows[1]![column("Code")]!)).toBe("'=1+1");
    expect(shown(rows)[0]![column("Target")]).toBe("85%");
    expect(shown(rows)[0]![column("Value")]).toBe("90%");
  });

  it("cuts a text longer than a formula holds (255 characters) with an ellipsis", () => {
    const text = link(summaryLink("Kent", "D9", "x".repeat(300))).text;
    expect(text).toHaveLength(255);
    expect(text.endsWith("…")).toBe(true);
    expect(summaryLink("Kent", "D9", "")).toBe("");
  });
});

describe("long tables and benchmarks", () => {
  it("has a long table's latest row per code, where the code first appears", () => {
    const result = runWorkbook(snapshotOf(longLayout));
    const rows = shown(summarySheet(result).rows);
    expect(rows.filter((r) => r[0] === "Quarterly").map((r) => [r[1], r[3]])).toEqual([
      ["LIB1", "Q4 22-23"],
      ["PLN4", "Q4 22-23"],
    ]);
    const monthly = rows.filter((r) => r[0] === "Monthly data");
    expect(monthly.map((r) => r[1])).toEqual(["HOU1", "ASC2", "REV3"]);
    // The last month's rows: March 2023.
    for (const r of monthly) expect(r[3]).toMatch(/Mar/);
  });

  it("lists the benchmark verdicts with the benchmark's header, blank when not compared", () => {
    const rows = shown(summarySheet(runWorkbook(snapshotOf(benchmarkLayout))).rows);
    const benchmark = Object.fromEntries(rows.map((r) => [r[1], r[column("Benchmark")]]));
    expect(benchmark.PH01).toBe("Worse (England)");
    expect(benchmark.PH02).toBe("Similar (England)");
    expect(benchmark.PH03).toBe("Better (England)");
    expect(benchmark.PH07).toBe("Higher (England)");
    expect(benchmark.PH09).toBe("");
  });
});

describe("which sheet is the tool's Summary", () => {
  const head = (name: string, firstRow: unknown[] = [...SUMMARY_HEADER]) => ({ name, firstRow });

  it("is known by its header row, with nothing after it", () => {
    expect(isSummaryHeader([...SUMMARY_HEADER])).toBe(true);
    expect(isSummaryHeader([...SUMMARY_HEADER, null, ""])).toBe(true);
    expect(isSummaryHeader([...SUMMARY_HEADER, "mine"])).toBe(false);
    expect(isSummaryHeader(SUMMARY_HEADER.slice(0, 7))).toBe(false);
    expect(isOwnSummarySheet(head("Summary 3"))).toBe(true);
    expect(isOwnSummarySheet(head("Summary of Q2"))).toBe(false);
  });

  it("replaces the tool's own, and never takes a user's sheet of that name", () => {
    expect(summaryTarget([head("Kent", [])])).toEqual({ name: "Summary", exists: false });
    expect(summaryTarget([head("summary", ["My notes"])])).toEqual({
      name: "Summary 2",
      exists: false,
    });
    expect(summaryTarget([head("Summary", ["My notes"]), head("Summary 2")])).toEqual({
      name: "Summary 2",
      exists: true,
    });
  });
});
