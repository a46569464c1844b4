import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import type { JsonDocument } from "../../src/cli/json";
import { contentExcelJsDrops } from "../exceljs/fidelity";
import { partOfTarget } from "../exceljs/sheet-relations";
import { ZipWriter, zipPartData, zipParts } from "../../src/xlsx/zip";
import { repoRoot } from "../fixtures";
import { load, runCli, tempDir, viewCell } from "./helpers";

/*
 * Workbooks written by other programs than Excel. The openpyxl file is the
 * bundled example loaded and saved by Debian's python3-openpyxl 3.0.9
 * (`openpyxl.load_workbook(path).save(copy)`): its note on Ashford!H12 is at
 * xl/comments/comment1.xml with an absolute target and a plain <t>, and its
 * formulas (Kent's totals) are saved without results.
 */
const OPENPYXL = join(repoRoot, "test", "fixtures", "openpyxl", "district-scorecard-openpyxl.xlsx");

function statuses(json: JsonDocument): string[] {
  return json.sheets.flatMap((sheet) =>
    sheet.tables.flatMap((table) =>
      table.rows.map((row) => `${sheet.name}!${row.sheetRow} ${row.code} ${row.status}`)
    )
  );
}

describe("a workbook saved by openpyxl", () => {
  const temp = tempDir();
  afterAll(() => temp.cleanup());

  it("is read, rated as the original is, and keeps its note's words", async () => {
    const output = join(temp.dir, "rated.xlsx");
    const run = await runCli(["rate", OPENPYXL, "-o", output, "--json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/damaged|will not have/);
    const original = await runCli(["rate", EXAMPLE_PATH, "--dry-run", "--json"]);
    const mine = JSON.parse(run.stdout) as JsonDocument;
    expect(statuses(mine)).toEqual(statuses(JSON.parse(original.stdout) as JsonDocument));

    const note = (await load(EXAMPLE_PATH)).getWorksheet("Ashford")!.getCell("H12");
    const rated = (await load(output)).getWorksheet("Ashford")!.getCell("H12");
    expect(viewCell(rated).note).toBe(viewCell(note).note);
    expect(viewCell(rated).note).toMatch(/^Provisional: the validated figure/);
  });

  it("warns that a formula saved without its result reads as blank, naming the cell", async () => {
    const run = await runCli(["rate", OPENPYXL, "--dry-run", "--json"]);
    const warnings = (JSON.parse(run.stdout) as JsonDocument).warnings;
    expect(warnings).toContainEqual(
      expect.objectContaining({
        sheet: "Kent",
        cell: "H14",
        message: expect.stringMatching(/^A formula saved without its result: .*rate again\.$/),
      })
    );
    // Excel saved the original with its results: no such warning there.
    const original = await runCli(["rate", EXAMPLE_PATH, "--dry-run", "--json"]);
    expect(original.stdout).not.toContain("saved without");
  });

  it("is not said to lose its notes: the sheets point at them", () => {
    expect(contentExcelJsDrops(readFileSync(OPENPYXL))).toEqual([]);
  });
});

describe("parts under other names", () => {
  /** The example with Ashford's notes moved to `xl/notes/n.xml` and a plain-text note in `xl/comments/comment9.xml`. */
  async function renamed(): Promise<Buffer> {
    const source = readFileSync(OPENPYXL);
    const zip = new ZipWriter();
    for (const part of zipParts(source)!) {
      if (part.name.endsWith("/")) continue;
      let data = zipPartData(source, part)!;
      let name = part.name;
      if (name === "xl/comments/comment1.xml") name = "xl/notes/n.xml";
      if (name === "xl/worksheets/_rels/sheet3.xml.rels")
        data = Buffer.from(
          data.toString("utf8").replace("/xl/comments/comment1.xml", "../notes/n.xml")
        );
      zip.append(data, { name });
    }
    return await zip.finish();
  }

  it("resolves relative and absolute targets as part names", () => {
    expect(partOfTarget("../comments1.xml")).toBe("xl/comments1.xml");
    expect(partOfTarget("/xl/comments/comment1.xml")).toBe("xl/comments/comment1.xml");
    expect(partOfTarget("../drawings/./vmlDrawing2.vml")).toBe("xl/drawings/vmlDrawing2.vml");
    expect(partOfTarget("table1.xml")).toBe("xl/worksheets/table1.xml");
  });

  it("reads a note whose part has a name of its own, by a relative target", async () => {
    const temp = tempDir();
    try {
      const input = join(temp.dir, "renamed.xlsx");
      writeFileSync(input, await renamed());
      expect(contentExcelJsDrops(readFileSync(input))).toEqual([]);
      const note = (await load(input)).getWorksheet("Ashford")!.getCell("H12");
      expect(viewCell(note).note).toMatch(/^Provisional: the validated figure/);
    } finally {
      temp.cleanup();
    }
  });
});

// Rated, rated again and cleared, as openpyxl reads them: independent-readers.test.ts.
