import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import type { JsonDocument } from "../../src/cli/json";
import { load, runCli, tempDir } from "../xlsx/helpers";

const { dir, cleanup } = tempDir();
afterAll(cleanup);

/** Every flag in a --json report, as "Sheet!Cell". */
async function flaggedCells(input: string): Promise<string[]> {
  const run = await runCli(["rate", input, "--json", "--dry-run"]);
  const doc = JSON.parse(run.stdout) as JsonDocument;
  return doc.sheets.flatMap((s) =>
    s.tables.flatMap((t) => t.rows.flatMap((r) => r.flags.map((f) => `${s.name}!${f.cell}`)))
  );
}

function linkOf(cell: ExcelJS.Cell): string | undefined {
  const value = cell.value as ExcelJS.CellFormulaValue | null;
  return value && typeof value === "object" && "formula" in value ? value.formula : undefined;
}

describe("--findings", () => {
  it("lists every flag on a Findings sheet, each Cell a link to the flagged cell", async () => {
    const output = join(dir, "findings.xlsx");
    const run = await runCli(["rate", EXAMPLE_PATH, "-o", output, "--findings"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('on the "Findings" sheet');
    const sheet = (await load(output)).getWorksheet("Findings")!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      "Sheet",
      "Cell",
      "Code",
      "Kind",
      "Severity",
      "Finding",
    ]);
    const listed: string[] = [];
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const link = linkOf(row.getCell(2));
      const sheetName = String(row.getCell(1).value);
      const target = /^HYPERLINK\("#'?(.*?)'?!([A-Z]+\d+)","([A-Z]+\d+)"\)$/.exec(link ?? "");
      expect(target, `row ${r}: ${link}`).not.toBeNull();
      expect(target![1]).toBe(sheetName);
      expect(target![3]).toBe(target![2]);
      listed.push(`${sheetName}!${target![2]}`);
    }
    expect(listed.sort()).toEqual((await flaggedCells(EXAMPLE_PATH)).sort());
    expect(listed.length).toBeGreaterThan(5);
  });

  it("replaces its own Findings sheet on a re-run and never touches a user's sheet of that name", async () => {
    const input = join(dir, "with-user-findings.xlsx");
    const workbook = await load(EXAMPLE_PATH);
    workbook.addWorksheet("Findings").getCell("A1").value = "My own findings: keep";
    await workbook.xlsx.writeFile(input);

    const once = join(dir, "once.xlsx");
    expect((await runCli(["rate", input, "-o", once, "--findings"])).code).toBe(0);
    const twice = join(dir, "twice.xlsx");
    expect((await runCli(["rate", once, "-o", twice, "--findings"])).code).toBe(0);
    const rated = await load(twice);
    expect(rated.getWorksheet("Findings")!.getCell("A1").value).toBe("My own findings: keep");
    expect(rated.worksheets.map((s) => s.name).filter((n) => n.startsWith("Findings"))).toEqual([
      "Findings",
      "Findings 2",
    ]);

    const cleared = join(dir, "cleared.xlsx");
    expect((await runCli(["rate", twice, "-o", cleared, "--clear"])).code).toBe(0);
    const names = (await load(cleared)).worksheets.map((s) => s.name);
    expect(names).toContain("Findings");
    expect(names).not.toContain("Findings 2");
  });

  it("is kept when only some sheets are cleared (it lists every sheet's flags), as in Excel", async () => {
    const rated = join(dir, "rated-with-findings.xlsx");
    expect((await runCli(["rate", EXAMPLE_PATH, "-o", rated, "--findings"])).code).toBe(0);
    const partly = join(dir, "dover-cleared.xlsx");
    const run = await runCli(["rate", rated, "-o", partly, "--clear", "--sheets", "Dover"]);
    expect(run.code, run.stderr).toBe(0);
    const workbook = await load(partly);
    expect(workbook.getWorksheet("Findings")).toBeDefined();
    expect(workbook.getWorksheet("Dover")!.getCell("AJ5").value).toBeNull();
    expect(workbook.getWorksheet("Kent")!.getCell("AJ5").value).not.toBeNull();
  });

  it("is a usage error together with --clear", async () => {
    const run = await runCli(["rate", EXAMPLE_PATH, "--findings", "--clear"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--findings and --clear cannot be used together");
  });
});
