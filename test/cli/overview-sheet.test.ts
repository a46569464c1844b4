import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import type { JsonDocument } from "../../src/cli/json";
import { OVERVIEW_HEADER_START } from "../../src/workbook/overview-sheet";
import { conditionalFormats, load, runCli, tempDir } from "../xlsx/helpers";

const { dir, cleanup } = tempDir();
afterAll(cleanup);

function formulaOf(cell: ExcelJS.Cell): string | undefined {
  const value = cell.value as ExcelJS.CellFormulaValue | null;
  return value && typeof value === "object" && "formula" in value ? value.formula : undefined;
}

const sheetNames = (book: ExcelJS.Workbook): string[] => book.worksheets.map((s) => s.name);

const TABS = ["Kent", "Ashford", "Canterbury", "Dover", "Maidstone"];

describe("--overview", () => {
  it("adds an Overview sheet: codes down, tabs across, linked RAGs with outlier markers", async () => {
    const output = join(dir, "overview.xlsx");
    const run = await runCli(["rate", EXAMPLE_PATH, "-o", output, "--overview"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('on the "Overview" sheet');
    const book = await load(output);
    const sheet = book.getWorksheet("Overview")!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...OVERVIEW_HEADER_START, ...TABS]);

    let codes = 0;
    for (let r = 2; r <= sheet.rowCount; r++) {
      const code = sheet.getCell(r, 1).value;
      if (typeof code !== "string" || code === "" || code.startsWith("▲")) continue;
      codes++;
      TABS.forEach((tab, i) => {
        const link = formulaOf(sheet.getCell(r, i + 3)) ?? "";
        const target = /^HYPERLINK\("#'?(.*?)'?!([A-Z]+)(\d+)","(.*)"\)$/.exec(link);
        expect(target, `${code} on ${tab}: ${link}`).not.toBeNull();
        expect(target![1]).toBe(tab);
        // The link goes to the code's row on its tab, and shows the RAG the tab's own RAG cell says.
        const tabSheet = book.getWorksheet(tab)!;
        expect(tabSheet.getCell(Number(target![3]), 1).value).toBe(code);
        expect(target![4]).toMatch(/^(Green|Amber|Red|NA)( \(manual\))?( [▲▼])?$/);
      });
    }
    expect(codes).toBe(9);
    const scs25 = sheet.getRow(2 + 6);
    expect(scs25.getCell(1).value).toBe("SCS25");
    expect(formulaOf(scs25.getCell(6))).toBe('HYPERLINK("#Dover!H14","Red ▲")');
    // ExcelJS keeps the text shown as the cached result, for viewers that do not recalculate.
    expect((scs25.getCell(6).value as ExcelJS.CellFormulaValue).result).toBe("Red ▲");
    expect(String(sheet.getCell(codes + 3, 1).value)).toContain("▲ high, ▼ low");

    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getCell("G1").font?.bold).toBe(true);
    expect(sheet.pageSetup).toMatchObject({
      orientation: "landscape",
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 1,
      printTitlesRow: "1:1",
    });
    const rules = conditionalFormats(sheet);
    expect(rules.map((cf) => cf.ref)).toEqual(["C2:G10", "C2:G10", "C2:G10"]);
  });

  it("leaves a user's own Overview alone, writing Overview 2, which a re-run replaces and Clear removes", async () => {
    const input = join(dir, "with-user-overview.xlsx");
    const workbook = await load(EXAMPLE_PATH);
    workbook.addWorksheet("Overview").getCell("A1").value = "My own overview: keep";
    await workbook.xlsx.writeFile(input);

    const once = join(dir, "overview-once.xlsx");
    const first = await runCli(["rate", input, "-o", once, "--overview"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('on the "Overview 2" sheet');
    const twice = join(dir, "overview-twice.xlsx");
    const second = await runCli(["rate", once, "-o", twice, "--overview", "--summary"]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('on the "Overview 2" sheet');
    const rated = await load(twice);
    expect(rated.getWorksheet("Overview")!.getCell("A1").value).toBe("My own overview: keep");
    expect(sheetNames(rated).filter((n) => n.startsWith("Overview"))).toEqual([
      "Overview",
      "Overview 2",
    ]);
    // Our Overview is never read as an indicator sheet; the user's is (and has no table).
    const scanned = await runCli(["rate", twice, "--json", "--dry-run"]);
    const doc = JSON.parse(scanned.stdout) as JsonDocument;
    expect(doc.sheets.map((s) => s.name)).toContain("Overview");
    expect(doc.sheets.map((s) => s.name)).not.toContain("Overview 2");

    const partly = join(dir, "overview-dover-cleared.xlsx");
    expect((await runCli(["rate", twice, "-o", partly, "--clear", "--sheets", "Dover"])).code).toBe(
      0
    );
    expect(sheetNames(await load(partly))).toContain("Overview 2");

    const cleared = join(dir, "overview-cleared.xlsx");
    expect((await runCli(["rate", twice, "-o", cleared, "--clear"])).code).toBe(0);
    const names = sheetNames(await load(cleared));
    expect(names).toContain("Overview");
    expect(names).not.toContain("Overview 2");
    expect(names).not.toContain("Summary");
  });

  it("is a usage error together with --clear, and not an option of learn-rules", async () => {
    const run = await runCli(["rate", EXAMPLE_PATH, "--overview", "--clear"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--overview and --clear cannot be used together");
    const learn = await runCli(["learn-rules", EXAMPLE_PATH, "-o", "x.csv", "--overview"]);
    expect(learn.code).toBe(2);
    expect(learn.stderr).toContain("--overview is an option of rate");
  });
});
