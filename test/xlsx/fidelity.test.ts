import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import type { JsonDocument } from "../../src/cli/json";
import { contentExcelJsDrops, describeLost } from "../exceljs/fidelity";
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

/** A part's bytes, unpacked, from a zip file (undefined when it has no such part). */
function partOf(path: string, name: string): Buffer | undefined {
  const bytes = readFileSync(path);
  const part = zipParts(bytes)!.find((p) => p.name === name);
  return part && zipPartData(bytes, part);
}

describe("scorecard-rag on a workbook with parts it does not understand", () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const input = join(dir, "charted.xlsx");
  const extra = {
    "xl/charts/chart1.xml": "<c:chartSpace/>",
    "xl/vbaProject.bin": "macros",
    "docProps/custom.xml": LABEL,
  };

  it("writes a copy with each of them byte for byte, and nothing to warn of", async () => {
    writeFileSync(input, await withParts(extra));
    const out = join(dir, "copy.xlsx");
    const run = await runCli(["rate", input, "-o", out, "--json"]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as JsonDocument;
    expect(json.warnings.filter((w) => /will not have|cannot keep/.test(w.message))).toEqual([]);
    for (const [name, text] of Object.entries(extra))
      expect(partOf(out, name)?.toString(), name).toBe(text);
  });

  it("rates it in place, keeping them", async () => {
    writeFileSync(input, await withParts(extra));
    const run = await runCli(["rate", input, "--in-place"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    for (const [name, text] of Object.entries(extra))
      expect(partOf(input, name)?.toString(), name).toBe(text);
  });
});
