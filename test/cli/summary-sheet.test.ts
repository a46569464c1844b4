import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import type { JsonDocument } from "../../src/cli/json";
import { SUMMARY_HEADER } from "../../src/workbook/summary-sheet";
import { conditionalFormats, load, runCli, tempDir } from "../xlsx/helpers";

const { dir, cleanup } = tempDir();
afterAll(cleanup);

function formulaOf(cell: ExcelJS.Cell): string | undefined {
  const value = cell.value as ExcelJS.CellFormulaValue | null;
  return value && typeof value === "object" && "formula" in value ? value.formula : undefined;
}

/** Every indicator in a --json report, as "Sheet Code". */
async function indicators(input: string): Promise<string[]> {
  const run = await runCli(["rate", input, "--json", "--dry-run"]);
  const doc = JSON.parse(run.stdout) as JsonDocument;
  return doc.sheets.flatMap((s) =>
    s.tables.flatMap((t) => t.rows.map((r) => `${s.name} ${r.code}`))
  );
}

const sheetNames = (book: ExcelJS.Workbook): string[] => book.worksheets.map((s) => s.name);

describe("--summary", () => {
  it("adds a Summary sheet: one linked row per indicator, coloured, set to print A4 landscape", async () => {
    const output = join(dir, "summary.xlsx");
    const run = await runCli(["rate", EXAMPLE_PATH, "-o", output, "--summary"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('on the "Summary" sheet');
    const book = await load(output);
    const sheet = book.getWorksheet("Summary")!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...SUMMARY_HEADER]);
    const listed: string[] = [];
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const link = formulaOf(row.getCell(2)) ?? "";
      const target = /^HYPERLINK\("#'?(.*?)'?!([A-Z]+\d+)","(.*)"\)$/.exec(link);
      expect(target, `row ${r}: ${link}`).not.toBeNull();
      // The Sheet cell links to the same cell and shows the sheet's name.
      expect(formulaOf(row.getCell(1))).toContain(`"#${target![1]}!${target![2]}"`);
      listed.push(`${target![1]} ${target![3]}`);
      // The link goes to the indicator's value cell: the code's row on its sheet.
      const valueRow = Number(/\d+$/.exec(target![2]!)![0]);
      expect(book.getWorksheet(target![1]!)!.getCell(valueRow, 1).value).toBe(target![3]);
    }
    expect(listed).toEqual(await indicators(EXAMPLE_PATH));
    expect(listed.length).toBeGreaterThanOrEqual(40);

    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getCell("L1").font?.bold).toBe(true);
    expect(sheet.pageSetup).toMatchObject({
      orientation: "landscape",
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 1,
      printTitlesRow: "1:1",
    });
    const refs = conditionalFormats(sheet).map((cf) => cf.ref);
    const last = sheet.rowCount;
    for (const column of ["G", "H", "I", "J", "K", "L"])
      expect(refs).toContain(`${column}2:${column}${last}`);
  });

  it("leaves a user's own Summary sheet alone, writing Summary 2, which a re-run replaces", async () => {
    const input = join(dir, "with-user-summary.xlsx");
    const workbook = await load(EXAMPLE_PATH);
    workbook.addWorksheet("Summary").getCell("A1").value = "My own summary: keep";
    await workbook.xlsx.writeFile(input);

    const once = join(dir, "summary-once.xlsx");
    const first = await runCli(["rate", input, "-o", once, "--summary"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('on the "Summary 2" sheet');
    const twice = join(dir, "summary-twice.xlsx");
    expect((await runCli(["rate", once, "-o", twice, "--summary", "--findings"])).code).toBe(0);
    const rated = await load(twice);
    expect(rated.getWorksheet("Summary")!.getCell("A1").value).toBe("My own summary: keep");
    expect(sheetNames(rated).filter((n) => n.startsWith("Summary"))).toEqual([
      "Summary",
      "Summary 2",
    ]);
    // Our Summary is never read as an indicator sheet; the user's is (and has no table).
    const scanned = await runCli(["rate", twice, "--json", "--dry-run"]);
    const doc = JSON.parse(scanned.stdout) as JsonDocument;
    expect(doc.sheets.map((s) => s.name)).toContain("Summary");
    expect(doc.sheets.map((s) => s.name)).not.toContain("Summary 2");

    const cleared = join(dir, "summary-cleared.xlsx");
    expect((await runCli(["rate", twice, "-o", cleared, "--clear"])).code).toBe(0);
    const names = sheetNames(await load(cleared));
    expect(names).toContain("Summary");
    expect(names).not.toContain("Summary 2");
    expect(names).not.toContain("Findings");
  });

  it("is kept when only some sheets are cleared, as the Findings sheet is", async () => {
    const rated = join(dir, "rated-with-summary.xlsx");
    expect((await runCli(["rate", EXAMPLE_PATH, "-o", rated, "--summary"])).code).toBe(0);
    const partly = join(dir, "summary-dover-cleared.xlsx");
    const run = await runCli(["rate", rated, "-o", partly, "--clear", "--sheets", "Dover"]);
    expect(run.code, run.stderr).toBe(0);
    const book = await load(partly);
    expect(book.getWorksheet("Summary")!.getCell("A1").value).toBe("Sheet");
    expect(book.getWorksheet("Dover")!.getCell("AJ5").value).toBeNull();
  });

  it("is a usage error together with --clear, and not an option of learn-rules", async () => {
    const run = await runCli(["rate", EXAMPLE_PATH, "--summary", "--clear"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--summary and --clear cannot be used together");
    const learn = await runCli(["learn-rules", EXAMPLE_PATH, "-o", "x.csv", "--summary"]);
    expect(learn.code).toBe(2);
    expect(learn.stderr).toContain("--summary is an option of rate");
  });
});
