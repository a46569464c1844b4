// The Summary sheet as it prints: the command line writes it (--summary), only the Summary is left
// visible, and headless LibreOffice exports the workbook to PDF (hidden sheets are not printed).
// The page count and size are read from the PDF itself; pdftotext (poppler-utils), when present,
// also checks that the header row is repeated on every page. One soffice converts every file.
//
// Needs LibreOffice as the other tests here do (requireLibreOffice: skipped on a developer
// machine without it, failed in CI).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import { SUMMARY_ROWS_PER_PAGE } from "../../src/workbook/summary-sheet";
import { load, runCli } from "../xlsx/helpers";
import { requireLibreOffice } from "./index";

const dir = mkdtempSync(join(tmpdir(), "scorecard-summary-print-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A scorecard of `count` indicators on one sheet: code, name, polarity, target, value. */
async function scorecard(path: string, count: number): Promise<void> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Council Plan");
  sheet.addRow(["PI code", "PI name", "Aim to", "Target", "Value"]);
  for (let i = 1; i <= count; i++)
    sheet.addRow([
      `CP${String(i).padStart(3, "0")}`,
      `Indicator number ${i}`,
      "Maximise",
      80,
      70 + (i % 20),
    ]);
  await book.xlsx.writeFile(path);
}

/** Rates `input` with --summary, then saves a copy with every sheet but the Summary hidden. */
async function summaryOnly(input: string, name: string): Promise<{ path: string; rows: number }> {
  const rated = join(dir, `${name}-rated.xlsx`);
  const run = await runCli(["rate", input, "-o", rated, "--summary"]);
  expect(run.code, run.stderr).toBe(0);
  const book = await load(rated);
  const summary = book.getWorksheet("Summary")!;
  for (const sheet of book.worksheets) if (sheet !== summary) sheet.state = "hidden";
  book.views = [
    {
      activeTab: book.worksheets.indexOf(summary),
      firstSheet: 0,
      x: 0,
      y: 0,
      width: 20000,
      height: 10000,
      visibility: "visible",
    },
  ];
  const path = join(dir, `${name}.xlsx`);
  await book.xlsx.writeFile(path);
  return { path, rows: summary.rowCount - 1 };
}

/** Converts every file to PDF in one headless soffice with its own profile. */
function toPdf(paths: readonly string[]): void {
  const profile = pathToFileURL(join(dir, "profile")).href;
  const run = spawnSync(
    process.env.SOFFICE_PATH ?? "soffice",
    [
      `-env:UserInstallation=${profile}`,
      "--headless",
      "--convert-to",
      "pdf",
      "--outdir",
      dir,
      ...paths,
    ],
    { encoding: "utf8", timeout: 180_000 }
  );
  if (run.error || run.status !== 0)
    throw new Error(`soffice --convert-to pdf failed: ${run.error?.message ?? run.stderr}`);
}

/** The PDF's pages, each with its size in points. */
function pages(pdf: string): { width: number; height: number }[] {
  const text = readFileSync(pdf).toString("latin1");
  const objects = text.split(/\bendobj\b/).filter((o) => /\/Type\s*\/Page(?![s\w])/.test(o));
  return objects.map((o) => {
    const box = /\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(o);
    if (!box) throw new Error(`a page of ${pdf} has no MediaBox of its own`);
    return { width: Number(box[3]) - Number(box[1]), height: Number(box[4]) - Number(box[2]) };
  });
}

/** Page `n`'s text (1-based), or undefined without pdftotext. */
function pageText(pdf: string, n: number): string | undefined {
  const run = spawnSync("pdftotext", ["-f", String(n), "-l", String(n), "-layout", pdf, "-"], {
    encoding: "utf8",
  });
  return run.error ? undefined : run.stdout;
}

const A4 = { long: 841.89, short: 595.28 };

describe.skipIf(!requireLibreOffice())("the Summary sheet, printed by LibreOffice", () => {
  let example: { path: string; rows: number };
  let long: { path: string; rows: number };
  const pdf = (xlsx: string): string => xlsx.replace(/\.xlsx$/, ".pdf");

  beforeAll(async () => {
    example = await summaryOnly(EXAMPLE_PATH, "example");
    const input = join(dir, "council-plan.xlsx");
    await scorecard(input, 130);
    long = await summaryOnly(input, "council-plan");
    toPdf([example.path, long.path]);
  }, 240_000);

  it("prints the example's 45 indicators on one A4 landscape page", () => {
    expect(example.rows).toBeGreaterThanOrEqual(40);
    expect(example.rows).toBeLessThanOrEqual(SUMMARY_ROWS_PER_PAGE);
    const printed = pages(pdf(example.path));
    expect(printed).toHaveLength(1);
    expect(printed[0]!.width).toBeCloseTo(A4.long, 0);
    expect(printed[0]!.height).toBeCloseTo(A4.short, 0);
    const text = pageText(pdf(example.path), 1);
    if (text !== undefined) {
      expect(text).toMatch(/Sheet\s+Code\s+Indicator\s+Period/);
      for (const sheet of ["Kent", "Ashford", "Canterbury", "Dover", "Maidstone"])
        expect(text).toContain(sheet);
      expect(text).toContain("SCS40");
    }
  });

  it("prints a longer summary one page wide, on more pages down, the header on each", () => {
    expect(long.rows).toBe(130);
    const printed = pages(pdf(long.path));
    expect(printed.length).toBeGreaterThan(1);
    expect(printed.length).toBeLessThanOrEqual(Math.ceil(130 / SUMMARY_ROWS_PER_PAGE));
    for (const page of printed) expect(page.width).toBeGreaterThan(page.height);
    const texts = printed.map((_, i) => pageText(pdf(long.path), i + 1));
    if (texts.every((t) => t !== undefined)) {
      for (const text of texts) expect(text).toMatch(/Sheet\s+Code\s+Indicator/);
      // One page wide: every page shows the last column's header and the first column's sheet.
      for (const text of texts) expect(text).toContain("Benchmark");
      expect(texts.join("\n")).toContain("CP130");
    }
  });
});
