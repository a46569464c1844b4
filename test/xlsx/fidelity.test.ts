import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import type { JsonDocument } from "../../src/cli/json";
import { contentExcelJsDrops, describeLost } from "../../src/xlsx/fidelity";
import { ZipWriter, zipPartData, zipParts } from "../../src/xlsx/zip";
import { runCli, tempDir } from "./helpers";

/** The example workbook with extra parts added to its zip, as Excel would store them. */
async function withParts(extra: Record<string, string>): Promise<Buffer> {
  const source = readFileSync(EXAMPLE_PATH);
  const zip = new ZipWriter();
  for (const part of zipParts(source)!)
    if (!part.name.endsWith("/")) zip.append(zipPartData(source, part)!, { name: part.name });
  for (const [name, text] of Object.entries(extra)) zip.append(text, { name });
  return zip.finish();
}

const DRAWING_WITH_SHAPE =
  '<xdr:wsDr xmlns:xdr="x"><xdr:twoCellAnchor><xdr:sp macro=""><xdr:spPr/></xdr:sp></xdr:twoCellAnchor></xdr:wsDr>';
const DRAWING_WITH_PICTURE =
  '<xdr:wsDr xmlns:xdr="x"><xdr:twoCellAnchor><xdr:pic><xdr:spPr/></xdr:pic></xdr:twoCellAnchor></xdr:wsDr>';
const LABEL =
  '<Properties><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="MSIP_Label_Enabled"><vt:lpwstr>true</vt:lpwstr></property></Properties>';

describe("contentExcelJsDrops", () => {
  it("finds nothing to lose in a workbook ExcelJS carries whole", () => {
    expect(contentExcelJsDrops(readFileSync(EXAMPLE_PATH))).toEqual([]);
  });

  it("names charts, macros, labels, shapes and unknown parts; not what it carries or rebuilds", async () => {
    const bytes = await withParts({
      "xl/charts/chart1.xml": "<c:chartSpace/>",
      "xl/charts/style1.xml": "<cs:chartStyle/>",
      "xl/charts/_rels/chart1.xml.rels": "<Relationships/>",
      "xl/drawings/drawing1.xml": DRAWING_WITH_SHAPE,
      "xl/drawings/drawing2.xml": DRAWING_WITH_PICTURE,
      "xl/vbaProject.bin": "not really VBA",
      "docProps/custom.xml": LABEL,
      "xl/calcChain.xml": "<calcChain/>",
      "xl/somethingNew.xml": "<x/>",
    });
    expect(contentExcelJsDrops(bytes)).toEqual([
      { what: "a chart", part: "xl/charts/chart1.xml" },
      { what: "a shape or text box", part: "xl/drawings/drawing1.xml" },
      { what: "macros (VBA)", part: "xl/vbaProject.bin" },
      {
        what: "custom document properties (such as a sensitivity label)",
        part: "docProps/custom.xml",
      },
      { what: "a part this tool does not know", part: "xl/somethingNew.xml" },
    ]);
  });

  it("ignores the empty custom properties LibreOffice writes", async () => {
    const bytes = await withParts({ "docProps/custom.xml": "<Properties></Properties>" });
    expect(contentExcelJsDrops(bytes)).toEqual([]);
  });

  it("describes what is lost by kind", () => {
    const chart = (n: number) => ({ what: "a chart", part: `xl/charts/chart${n}.xml` });
    expect(
      describeLost([
        chart(1),
        chart(2),
        chart(3),
        chart(4),
        { what: "macros (VBA)", part: "xl/vbaProject.bin" },
      ])
    ).toBe(
      "4 × a chart (xl/charts/chart1.xml, xl/charts/chart2.xml, xl/charts/chart3.xml, …); macros (VBA) (xl/vbaProject.bin)"
    );
  });
});

describe("scorecard-rag on a workbook with content it cannot keep", () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const input = join(dir, "charted.xlsx");

  it("writes a copy, warning what the copy lacks", async () => {
    writeFileSync(input, await withParts({ "xl/charts/chart1.xml": "<c:chartSpace/>" }));
    const run = await runCli(["rate", input, "-o", join(dir, "copy.xlsx"), "--json"]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as JsonDocument;
    expect(json.warnings).toContainEqual({
      severity: "warning",
      sheet: null,
      cell: null,
      message: `${join(dir, "copy.xlsx")} will not have a chart (xl/charts/chart1.xml): this tool cannot carry it over (the add-in in Excel can).`,
    });
    const summary = await runCli(["rate", input, "-o", join(dir, "copy2.xlsx")]);
    expect(summary.stdout).toContain("  warning: ");
    expect(summary.stdout).toContain("will not have a chart (xl/charts/chart1.xml)");
  });

  it("refuses to rate it in place, leaving it untouched", async () => {
    writeFileSync(input, await withParts({ "xl/vbaProject.bin": "macros" }));
    const before = readFileSync(input);
    const run = await runCli(["rate", input, "--in-place"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `scorecard-rag: ${input} has macros (VBA) (xl/vbaProject.bin), which this tool cannot keep; rating it in place would lose it. Write a copy with -o instead, or rate it in Excel with the add-in. Nothing was written.\n`
    );
    expect(readFileSync(input).equals(before)).toBe(true);
  });

  it("says nothing on a dry run, which writes nothing", async () => {
    writeFileSync(input, await withParts({ "xl/charts/chart1.xml": "<c:chartSpace/>" }));
    const run = await runCli(["rate", input, "--json", "-n"]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("will not have");
  });
});
