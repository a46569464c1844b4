import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { spliceSheetColumns } from "../../exceljs/columns";
import type { ColumnShift } from "../../../src/xlsx/formula";
import { XlsxPackage } from "../../../src/xlsx/package/archive";
import { PackageEdit } from "../../../src/xlsx/package/edit";
import { slideFormula, spliceColumns, type WorkbookSheets } from "../../../src/xlsx/package/splice";

/*
 * Whole-column splices done on the XML text: small workbooks built by hand,
 * the exact XML that comes out, the same splice done by ../columns.ts on
 * ExcelJS's model (an independent implementation) for cells and formulas, and
 * Debian's openpyxl opening the results.
 */

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
const CT = "application/vnd.openxmlformats-officedocument";
const XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing";
const A = "http://schemas.openxmlformats.org/drawingml/2006/main";
const C = "http://schemas.openxmlformats.org/drawingml/2006/chart";

const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const STYLES = `${DECL}<styleSheet xmlns="${MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="1" borderId="0" xfId="0" applyFill="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="1"><dxf><font><b/></font></dxf></dxfs></styleSheet>`;

function worksheet(body: string): string {
  return `${DECL}<worksheet xmlns="${MAIN}" xmlns:r="${RELS}">${body}</worksheet>`;
}

function rels(list: readonly [id: string, type: string, target: string][]): string {
  return `${DECL}<Relationships xmlns="${PKG_RELS}">${list
    .map(
      ([id, type, target]) => `<Relationship Id="${id}" Type="${RELS}/${type}" Target="${target}"/>`
    )
    .join("")}</Relationships>`;
}

interface BookSpec {
  /** Sheet name → worksheet XML (parts sheet1.xml, sheet2.xml, … in order). */
  readonly sheets: readonly [string, string][];
  readonly definedNames?: string;
  /** Extra parts: name → [content type or "" for none, text]. */
  readonly parts?: Record<string, [string, string]>;
  /** Extra workbook relationships. */
  readonly workbookRels?: [string, string, string][];
}

/** A minimal valid package, written to a zip and read back (so parts are "as stored"). */
async function buildBook(spec: BookSpec): Promise<XlsxPackage> {
  const pkg = XlsxPackage.empty();
  const overrides = [
    [
      "/xl/workbook.xml",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ],
    ["/xl/styles.xml", `${CT}.spreadsheetml.styles+xml`],
    ...spec.sheets.map((_, i) => [
      `/xl/worksheets/sheet${i + 1}.xml`,
      `${CT}.spreadsheetml.worksheet+xml`,
    ]),
    ...Object.entries(spec.parts ?? {})
      .filter(([, [type]]) => type !== "")
      .map(([name, [type]]) => [`/${name}`, type]),
  ];
  pkg.set(
    "[Content_Types].xml",
    `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="vml" ContentType="${CT}.vmlDrawing"/>${overrides
      .map(([n, t]) => `<Override PartName="${n}" ContentType="${t}"/>`)
      .join("")}</Types>`
  );
  pkg.set("_rels/.rels", rels([["rId1", "officeDocument", "xl/workbook.xml"]]));
  pkg.set(
    "xl/workbook.xml",
    `${DECL}<workbook xmlns="${MAIN}" xmlns:r="${RELS}"><bookViews><workbookView/></bookViews><sheets>${spec.sheets
      .map(([name], i) => `<sheet name="${name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join(
        ""
      )}</sheets>${spec.definedNames ? `<definedNames>${spec.definedNames}</definedNames>` : ""}<calcPr calcId="191029"/></workbook>`
  );
  pkg.set(
    "xl/_rels/workbook.xml.rels",
    rels([
      ...spec.sheets.map(
        ([, _xml], i) =>
          [`rId${i + 1}`, "worksheet", `worksheets/sheet${i + 1}.xml`] as [string, string, string]
      ),
      ["rIdStyles", "styles", "styles.xml"],
      ...(spec.workbookRels ?? []),
    ])
  );
  pkg.set("xl/styles.xml", STYLES);
  spec.sheets.forEach(([, xml], i) => pkg.set(`xl/worksheets/sheet${i + 1}.xml`, xml));
  for (const [name, [, text]] of Object.entries(spec.parts ?? {})) pkg.set(name, text);
  return XlsxPackage.read(await pkg.write());
}

function sheetsOf(pkg: XlsxPackage): WorkbookSheets {
  const xml = pkg.text("xl/workbook.xml")!;
  const targets = new Map(
    [...pkg.text("xl/_rels/workbook.xml.rels")!.matchAll(/<Relationship [^>]*>/g)].map((m) => [
      /Id="([^"]+)"/.exec(m[0])![1]!,
      /Target="([^"]+)"/.exec(m[0])![1]!,
    ])
  );
  return {
    sheets: [...xml.matchAll(/<sheet [^>]*>/g)].map((m) => ({
      name: /name="([^"]+)"/.exec(m[0])![1]!,
      part: `xl/${targets.get(/r:id="([^"]+)"/.exec(m[0])![1]!)!}`,
    })),
    workbookPart: "xl/workbook.xml",
  };
}

function splice(pkg: XlsxPackage, target: string, shift: ColumnShift, book = sheetsOf(pkg)): void {
  const edit = new PackageEdit(pkg);
  spliceColumns(edit, book, target, shift);
  edit.commit();
}

/** The text of the first element `<name …>…</name>` (or `<name …/>`) in `xml`. */
function element(xml: string, name: string): string {
  const re = new RegExp(`<${name}(?=[\\s/>])[^>]*?(/>|>[\\s\\S]*?</${name}>)`);
  const m = re.exec(xml);
  if (!m) throw new Error(`no <${name}> in ${xml.slice(0, 200)}`);
  return m[0];
}

/** The `<c>` texts of the sheet's `<sheetData>`, by address. */
function cells(xml: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g))
    out[m[1]!] = m[0];
  return out;
}

const insertAt = (at: number, count: number): ColumnShift => ({ kind: "insert", at, count });
const deleteAt = (at: number, count: number): ColumnShift => ({ kind: "delete", at, count });

// ---------------------------------------------------------------------------
// The workbook most tests use: Kent (the target), Other (refers to Kent), Quiet (does not).

const KENT = worksheet(
  [
    '<dimension ref="A1:E8"/>',
    '<sheetViews><sheetView workbookViewId="0"><pane xSplit="3" ySplit="1" topLeftCell="D2" activePane="bottomRight" state="frozen"/><selection pane="bottomRight" activeCell="D2" sqref="D2:E3"/></sheetView></sheetViews>',
    '<sheetFormatPr defaultRowHeight="15"/>',
    '<cols><col min="1" max="1" width="10" customWidth="1"/><col min="2" max="4" width="12" customWidth="1"/><col min="5" max="16384" width="9" customWidth="1"/></cols>',
    "<sheetData>",
    '<row r="1" spans="1:5"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c><c r="D1"><v>4</v></c><c r="E1"><f>SUM(A1:D1)</f><v>10</v></c></row>',
    '<row r="2" spans="1:5"><c r="A2"><f t="shared" ref="A2:E2" si="0">A1*2</f><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>4</v></c><c r="C2"><f t="shared" si="0"/><v>6</v></c><c r="D2"><f t="shared" si="0"/><v>8</v></c><c r="E2"><f t="shared" si="0"/><v>20</v></c></row>',
    '<row r="3"><c r="C3"><f>\'Kent\'!C1+Other!C1&amp;"C1"</f><v>3</v></c><c r="E3" t="inlineStr"><is><t>note</t></is></c></row>',
    '<row r="4"><c r="B4" s="1"><v>7</v></c><c r="C4" s="1"/><c r="D4" s="1"/></row>',
    '<row r="5"><c r="A5"><v>5</v></c><c r="B5"/></row>',
    '<row r="6"><c r="C6"><v>6</v></c></row>',
    '<row r="7" ht="20" customHeight="1"/>',
    '<row r="8"><c r="A8"><f t="shared" ref="A8:C8" si="1">C1</f><v>3</v></c><c r="B8"><f t="shared" si="1"/><v>4</v></c><c r="C8"><f t="shared" si="1"/><v>10</v></c></row>',
    "</sheetData>",
    '<mergeCells count="3"><mergeCell ref="B4:D4"/><mergeCell ref="A5:B5"/><mergeCell ref="C6:C7"/></mergeCells>',
    '<conditionalFormatting sqref="B1:D1 E1"><cfRule type="expression" dxfId="0" priority="1"><formula>$C$1&gt;2</formula></cfRule></conditionalFormatting>',
    '<conditionalFormatting sqref="C6"><cfRule type="cellIs" dxfId="0" priority="2" operator="greaterThan"><formula>C1</formula></cfRule></conditionalFormatting>',
    '<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="D1"><formula1>$A$1:$C$1</formula1></dataValidation></dataValidations>',
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>',
  ].join("")
);

const OTHER = worksheet(
  [
    '<dimension ref="A1:D2"/>',
    "<sheetData>",
    '<row r="1" spans="1:4"><c r="A1"><f>Kent!C1*2</f><v>6</v></c><c r="B1"><f>SUM(\'Kent\'!A1:D1)</f><v>10</v></c><c r="C1"><f>C2+1</f><v>1</v></c><c r="D1"><f>KENT!$E$1</f><v>10</v></c></row>',
    '<row r="2" spans="1:3"><c r="A2"><f t="shared" ref="A2:C2" si="0">Kent!B1</f><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>3</v></c><c r="C2"><f t="shared" si="0"/><v>4</v></c></row>',
    "</sheetData>",
    '<dataValidations count="1"><dataValidation type="list" sqref="A3"><formula1>Kent!$C$1:$D$1</formula1></dataValidation></dataValidations>',
  ].join("")
);

const QUIET = worksheet(
  '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Kent is named here only as text</t></is></c><c r="B1"><f>Other!A1</f><v>6</v></c></row></sheetData>'
);
const SILENT = worksheet('<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>');

const NAMES =
  '<definedName name="_xlnm.Print_Area" localSheetId="0">Kent!$A$1:$E$9</definedName>' +
  '<definedName name="_xlnm.Print_Titles" localSheetId="0">Kent!$B:$C</definedName>' +
  "<definedName name=\"Rates\">'Kent'!$D$1:$D$9</definedName>" +
  '<definedName name="Elsewhere">Other!$C$1</definedName>';

function kentBook(): Promise<XlsxPackage> {
  return buildBook({
    sheets: [
      ["Kent", KENT],
      ["Other", OTHER],
      ["Quiet", QUIET],
      ["Silent", SILENT],
    ],
    definedNames: NAMES,
    parts: {
      "xl/calcChain.xml": [
        `${CT}.spreadsheetml.calcChain+xml`,
        `${DECL}<calcChain xmlns="${MAIN}"><c r="E1" i="1"/></calcChain>`,
      ],
    },
    workbookRels: [["rIdCalc", "calcChain", "calcChain.xml"]],
  });
}

describe("slideFormula", () => {
  it("moves relative references and keeps $ ones, as a shared formula's followers read", () => {
    expect(slideFormula("A1*2+$B$1+B$1+$C2", 1, 2)).toBe("C2*2+$B$1+D$1+$C3");
    expect(slideFormula("SUM(A:B)+SUM(1:2)+Kent!A1+'My sheet'!B2", 1, 1)).toBe(
      "SUM(B:C)+SUM(2:3)+Kent!B2+'My sheet'!C3"
    );
    expect(slideFormula('"A1"&A1', 0, -1)).toBe('"A1"&#REF!');
  });
});

describe("spliceColumns on the target sheet", () => {
  it("moves cells, formulas, shared formulas, cols, merges, CF, DV and panes right of an insertion", async () => {
    const pkg = await kentBook();
    splice(pkg, "Kent", insertAt(2, 2));
    const xml = pkg.text("xl/worksheets/sheet1.xml")!;
    const c = cells(xml);
    expect(Object.keys(c)).toEqual([
      "A1", "B1", "E1", "F1", "G1",
      "A2", "B2", "E2", "F2", "G2",
      "E3", "G3",
      "B4", "E4", "F4",
      "A5", "B5",
      "E6",
      "A8", "B8", "E8",
    ]); // prettier-ignore
    expect(c.E1).toBe('<c r="E1"><v>3</v></c>');
    expect(c.G1).toBe('<c r="G1"><f>SUM(A1:F1)</f><v>10</v></c>');
    // Shared formula whose members all still read as the master slid: stays shared, ref grows.
    expect(c.A2).toBe('<c r="A2"><f t="shared" ref="A2:G2" si="0">A1*2</f><v>2</v></c>');
    expect(c.E2).toBe('<c r="E2"><f t="shared" si="0"/><v>6</v></c>');
    expect(c.E3).toBe('<c r="E3"><f>\'Kent\'!E1+Other!C1&amp;"C1"</f><v>3</v></c>');
    // One whose members would no longer read as the master slid: each cell gets its own formula.
    expect(c.A8).toBe('<c r="A8"><f>E1</f><v>3</v></c>');
    expect(c.B8).toBe('<c r="B8"><f>F1</f><v>4</v></c>');
    expect(c.E8).toBe('<c r="E8"><f>G1</f><v>10</v></c>');
    // (`spans`, a reader's hint, is kept true by SheetXml.)
    expect(element(xml, "row").replace(/ spans="[^"]*"/, "")).toBe(
      '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="E1"><v>3</v></c><c r="F1"><v>4</v></c><c r="G1"><f>SUM(A1:F1)</f><v>10</v></c></row>'
    );
    expect(xml).toContain('<row r="7" ht="20" customHeight="1"/>');
    expect(element(xml, "dimension")).toBe('<dimension ref="A1:G8"/>');
    expect(element(xml, "cols")).toBe(
      '<cols><col min="1" max="1" width="10" customWidth="1"/><col min="2" max="2" width="12" customWidth="1"/><col min="5" max="6" width="12" customWidth="1"/><col min="7" max="16384" width="9" customWidth="1"/></cols>'
    );
    expect(element(xml, "mergeCells")).toBe(
      '<mergeCells count="3"><mergeCell ref="B4:F4"/><mergeCell ref="A5:B5"/><mergeCell ref="E6:E7"/></mergeCells>'
    );
    expect(xml).toContain(
      '<conditionalFormatting sqref="B1:F1 G1"><cfRule type="expression" dxfId="0" priority="1"><formula>$E$1&gt;2</formula></cfRule></conditionalFormatting><conditionalFormatting sqref="E6"><cfRule type="cellIs" dxfId="0" priority="2" operator="greaterThan"><formula>E1</formula></cfRule></conditionalFormatting>'
    );
    expect(element(xml, "dataValidations")).toBe(
      '<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="F1"><formula1>$A$1:$E$1</formula1></dataValidation></dataValidations>'
    );
    expect(element(xml, "sheetView")).toBe(
      '<sheetView workbookViewId="0"><pane xSplit="5" ySplit="1" topLeftCell="F2" activePane="bottomRight" state="frozen"/><selection pane="bottomRight" activeCell="F2" sqref="F2:G3"/></sheetView>'
    );
  });

  it("removes cells, merges and ranges in deleted columns and shrinks the rest", async () => {
    const pkg = await kentBook();
    splice(pkg, "Kent", deleteAt(1, 2));
    const xml = pkg.text("xl/worksheets/sheet1.xml")!;
    const c = cells(xml);
    expect(Object.keys(c)).toEqual(["A1", "B1", "C1", "A2", "B2", "C2", "C3", "B4", "A5", "A8"]);
    expect(c.C1).toBe('<c r="C1"><f>SUM(A1:B1)</f><v>10</v></c>');
    // The master survives and every follower still reads as it slid: A2's group stays shared.
    expect(c.A2).toBe('<c r="A2"><f t="shared" ref="A2:C2" si="0">A1*2</f><v>2</v></c>');
    // Only A8 is left of its group (the master): it stays a shared formula of one cell.
    expect(c.A8).toBe('<c r="A8"><f t="shared" ref="A8:A8" si="1">#REF!</f><v>3</v></c>');
    expect(element(xml, "cols")).toBe(
      '<cols><col min="1" max="1" width="10" customWidth="1"/><col min="2" max="2" width="12" customWidth="1"/><col min="3" max="16382" width="9" customWidth="1"/></cols>'
    );
    // B4:D4 and A5:B5 become one cell each and C6:C7 is gone: no merges are left.
    expect(xml).not.toContain("mergeCell");
    expect(xml).toContain(
      '<conditionalFormatting sqref="B1:B1 C1"><cfRule type="expression" dxfId="0" priority="1"><formula>#REF!&gt;2</formula></cfRule></conditionalFormatting><dataValidations'
    );
    expect(xml).not.toContain('sqref="C6"');
    expect(element(xml, "dataValidation")).toBe(
      '<dataValidation type="list" allowBlank="1" sqref="B1"><formula1>$A$1:$A$1</formula1></dataValidation>'
    );
    expect(element(xml, "pane")).toBe(
      '<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/>'
    );
    expect(element(xml, "selection")).toBe(
      '<selection pane="bottomRight" activeCell="B2" sqref="B2:C3"/>'
    );
  });

  it("keeps a shared formula working when its master's column is deleted", async () => {
    const sheet = worksheet(
      '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">$A1*2</f><v>2</v></c><c r="C1"><f t="shared" ref="C1:D1" si="1">$A1+1</f><v>2</v></c><c r="D1"><f t="shared" si="1"/><v>2</v></c></row><row r="2"><c r="B2"><f t="shared" si="0"/><v>0</v></c></row><row r="3"><c r="B3"><f t="shared" si="0"/><v>0</v></c></row></sheetData>'
    );
    const pkg = await buildBook({ sheets: [["S", sheet]] });
    splice(pkg, "S", deleteAt(2, 1));
    const c = cells(pkg.text("xl/worksheets/sheet1.xml")!);
    expect(c.B1).toBe('<c r="B1"><f t="shared" ref="B1:B3" si="0">$A1*2</f><v>2</v></c>');
    // C1 (the master of si 1) went; D1, now C1, becomes the master.
    expect(c.C1).toBe('<c r="C1"><f t="shared" si="1" ref="C1:C1">$A1+1</f><v>2</v></c>');
    expect(c.D1).toBeUndefined();
  });

  it("moves the auto-filter, hyperlinks, breaks, ignored errors and x14 extensions", async () => {
    const X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main";
    const XM = "http://schemas.microsoft.com/office/excel/2006/main";
    const sheet = `${DECL}<worksheet xmlns="${MAIN}" xmlns:r="${RELS}" xmlns:x14="${X14}" xmlns:xm="${XM}"><dimension ref="A1:F4"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><autoFilter ref="A1:F4"><filterColumn colId="1"><filters><filter val="x"/></filters></filterColumn><filterColumn colId="4"><filters><filter val="y"/></filters></filterColumn></autoFilter><hyperlinks><hyperlink ref="C2" location="'S'!D4" display="go"/><hyperlink ref="B2" location="A1"/></hyperlinks><colBreaks count="2" manualBreakCount="2"><brk id="2" max="1048575" man="1"/><brk id="5" max="1048575" man="1"/></colBreaks><ignoredErrors><ignoredError sqref="C1:C4" numberStoredAsText="1"/></ignoredErrors><extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}"><x14:conditionalFormattings><x14:conditionalFormatting><x14:cfRule type="expression" priority="1" id="{1}"><xm:f>$C$1&gt;0</xm:f></x14:cfRule><xm:sqref>C1:C4</xm:sqref></x14:conditionalFormatting><x14:conditionalFormatting><x14:cfRule type="expression" priority="2" id="{2}"><xm:f>D1</xm:f></x14:cfRule><xm:sqref>D1:E4</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"><x14:dataValidations count="1"><x14:dataValidation type="list"><x14:formula1><xm:f>Lists!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>F1:F4</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>`;
    const inserted = await buildBook({ sheets: [["S", sheet]] });
    splice(inserted, "S", insertAt(2, 1));
    const xml = inserted.text("xl/worksheets/sheet1.xml")!;
    expect(element(xml, "autoFilter")).toBe(
      '<autoFilter ref="A1:G4"><filterColumn colId="1"><filters><filter val="x"/></filters></filterColumn><filterColumn colId="5"><filters><filter val="y"/></filters></filterColumn></autoFilter>'
    );
    expect(element(xml, "hyperlinks")).toBe(
      '<hyperlinks><hyperlink ref="D2" location="\'S\'!E4" display="go"/><hyperlink ref="B2" location="A1"/></hyperlinks>'
    );
    expect(element(xml, "colBreaks")).toBe(
      '<colBreaks count="2" manualBreakCount="2"><brk id="3" max="1048575" man="1"/><brk id="6" max="1048575" man="1"/></colBreaks>'
    );
    expect(element(xml, "ignoredErrors")).toBe(
      '<ignoredErrors><ignoredError sqref="D1:D4" numberStoredAsText="1"/></ignoredErrors>'
    );
    expect(xml).toContain("<xm:f>$D$1&gt;0</xm:f></x14:cfRule><xm:sqref>D1:D4</xm:sqref>");
    expect(xml).toContain("<xm:f>E1</xm:f></x14:cfRule><xm:sqref>E1:F4</xm:sqref>");
    expect(xml).toContain("<xm:f>Lists!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>G1:G4</xm:sqref>");

    const deleted = await buildBook({ sheets: [["S", sheet]] });
    splice(deleted, "S", deleteAt(2, 1));
    const d = deleted.text("xl/worksheets/sheet1.xml")!;
    expect(element(d, "autoFilter")).toBe(
      '<autoFilter ref="A1:E4"><filterColumn colId="1"><filters><filter val="x"/></filters></filterColumn><filterColumn colId="3"><filters><filter val="y"/></filters></filterColumn></autoFilter>'
    );
    expect(element(d, "hyperlinks")).toBe(
      '<hyperlinks><hyperlink ref="B2" location="A1"/></hyperlinks>'
    );
    expect(element(d, "colBreaks")).toBe(
      '<colBreaks count="1" manualBreakCount="1"><brk id="4" max="1048575" man="1"/></colBreaks>'
    );
    expect(d).not.toContain("<ignoredErrors");
    // The x14 rule on column C went with it; the one on D:E moved left.
    expect(d).toContain(
      '<x14:conditionalFormattings><x14:conditionalFormatting><x14:cfRule type="expression" priority="2" id="{2}"><xm:f>C1</xm:f></x14:cfRule><xm:sqref>C1:D4</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings>'
    );
    expect(d).toContain("<xm:sqref>E1:E4</xm:sqref>");
  });

  it("handles a worksheet written with a namespace prefix", async () => {
    const sheet = `${DECL}<x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="B1"><x:f>A1+C1</x:f><x:v>1</x:v></x:c><x:c r="C1"><x:v>0</x:v></x:c></x:row></x:sheetData><x:mergeCells count="1"><x:mergeCell ref="B2:C2"/></x:mergeCells></x:worksheet>`;
    const pkg = await buildBook({ sheets: [["S", sheet]] });
    splice(pkg, "S", insertAt(1, 1));
    expect(pkg.text("xl/worksheets/sheet1.xml")).toBe(
      `${DECL}<x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="C1"><x:f>A1+D1</x:f><x:v>1</x:v></x:c><x:c r="D1"><x:v>0</x:v></x:c></x:row></x:sheetData><x:mergeCells count="1"><x:mergeCell ref="C2:D2"/></x:mergeCells></x:worksheet>`
    );
  });

  it("refuses to push cells past column XFD, editing nothing", async () => {
    const sheet = worksheet(
      '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="XFC1"><v>2</v></c></row></sheetData>'
    );
    const pkg = await buildBook({ sheets: [["S", sheet]] });
    expect(() => splice(pkg, "S", insertAt(1, 2))).toThrow(/past column XFD/);
    expect(pkg.names().filter((n) => pkg.isChanged(n))).toEqual([]);
  });

  it("keeps a drawing anchored one-cell the same size, and leaves an absolute one", async () => {
    const point = (col: number) =>
      `<xdr:col>${col}</xdr:col><xdr:colOff>7</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
    const anchor = (editAs: string, from: number, to: number) =>
      `<xdr:twoCellAnchor editAs="${editAs}"><xdr:from>${point(from)}</xdr:from><xdr:to>${point(to)}</xdr:to><xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="${from + 2}" name="S${from}"/><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr/></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>`;
    const drawing = `${DECL}<xdr:wsDr xmlns:xdr="${XDR}" xmlns:a="${A}">${anchor("oneCell", 2, 4)}${anchor("absolute", 3, 5)}${anchor("twoCell", 1, 3)}</xdr:wsDr>`;
    const pkg = await buildBook({
      sheets: [["S", worksheet('<sheetData/><drawing r:id="rId1"/>')]],
      parts: {
        "xl/worksheets/_rels/sheet1.xml.rels": [
          "",
          rels([["rId1", "drawing", "../drawings/drawing1.xml"]]),
        ],
        "xl/drawings/drawing1.xml": [`${CT}.drawing+xml`, drawing],
      },
    });
    splice(pkg, "S", deleteAt(2, 2));
    const cols = [
      ...pkg
        .text("xl/drawings/drawing1.xml")!
        .matchAll(/<xdr:col>(\d+)<\/xdr:col><xdr:colOff>(\d+)/g),
    ].map((m) => `${m[1]}+${m[2]}`);
    // oneCell: from C (deleted) to the left edge of what is now C, and as many columns wide;
    // absolute: unchanged; twoCell: B stays, D (deleted) goes to the left edge of what is now C.
    expect(cols).toEqual(["2+0", "4+7", "3+7", "5+7", "1+7", "2+0"]);
  });
});

describe("spliceColumns elsewhere in the workbook", () => {
  it("rewrites formulas on other sheets and defined names, leaving untouched parts byte for byte", async () => {
    const pkg = await kentBook();
    const before = new Map(pkg.names().map((n) => [n, pkg.bytes(n)!]));
    splice(pkg, "Kent", insertAt(2, 2));
    const other = pkg.text("xl/worksheets/sheet2.xml")!;
    const c = cells(other);
    expect(c.A1).toBe('<c r="A1"><f>Kent!E1*2</f><v>6</v></c>');
    expect(c.B1).toBe("<c r=\"B1\"><f>SUM('Kent'!A1:F1)</f><v>10</v></c>");
    expect(c.C1).toBe('<c r="C1"><f>C2+1</f><v>1</v></c>');
    expect(c.D1).toBe('<c r="D1"><f>KENT!$G$1</f><v>10</v></c>');
    // A2's followers would read Kent!C1 and Kent!D1 slid from the master, but those moved: unshared.
    expect(c.A2).toBe('<c r="A2"><f>Kent!B1</f><v>2</v></c>');
    expect(c.B2).toBe('<c r="B2"><f>Kent!E1</f><v>3</v></c>');
    expect(c.C2).toBe('<c r="C2"><f>Kent!F1</f><v>4</v></c>');
    expect(element(other, "dataValidation")).toBe(
      '<dataValidation type="list" sqref="A3"><formula1>Kent!$E$1:$F$1</formula1></dataValidation>'
    );
    // Quiet mentions Kent only in text; Silent not at all: neither is written.
    for (const part of ["xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml", "xl/styles.xml"]) {
      expect(pkg.isChanged(part)).toBe(false);
      expect(pkg.bytes(part)!.equals(before.get(part)!)).toBe(true);
    }
    const workbook = pkg.text("xl/workbook.xml")!;
    expect(element(workbook, "definedNames")).toBe(
      '<definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">Kent!$A$1:$G$9</definedName><definedName name="_xlnm.Print_Titles" localSheetId="0">Kent!$B:$E</definedName><definedName name="Rates">\'Kent\'!$F$1:$F$9</definedName><definedName name="Elsewhere">Other!$C$1</definedName></definedNames>'
    );
    // The calculation chain goes, with its relationship and content type.
    expect(pkg.has("xl/calcChain.xml")).toBe(false);
    expect(pkg.text("xl/_rels/workbook.xml.rels")).not.toContain("calcChain");
    expect(pkg.text("[Content_Types].xml")).not.toContain("calcChain");
  });

  it("drops print titles in deleted columns and turns other references into #REF!", async () => {
    const pkg = await kentBook();
    splice(pkg, "Kent", deleteAt(1, 2));
    const workbook = pkg.text("xl/workbook.xml")!;
    expect(element(workbook, "definedNames")).toBe(
      '<definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">Kent!$A$1:$C$9</definedName><definedName name="Rates">\'Kent\'!$B$1:$B$9</definedName><definedName name="Elsewhere">Other!$C$1</definedName></definedNames>'
    );
    const c = cells(pkg.text("xl/worksheets/sheet2.xml")!);
    expect(c.A1).toBe('<c r="A1"><f>Kent!#REF!*2</f><v>6</v></c>');
    expect(c.B1).toBe("<c r=\"B1\"><f>SUM('Kent'!A1:B1)</f><v>10</v></c>");
    expect(c.D1).toBe('<c r="D1"><f>KENT!$C$1</f><v>10</v></c>');
  });

  it("writes nothing when nothing moves (columns inserted right of everything)", async () => {
    const pkg = await buildBook({
      sheets: [
        ["S", worksheet('<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>')],
        ["T", worksheet('<sheetData><row r="1"><c r="A1"><f>S!A1</f></c></row></sheetData>')],
      ],
    });
    splice(pkg, "S", insertAt(5, 3));
    expect(pkg.names().filter((n) => pkg.isChanged(n))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Tables, drawings, charts, notes, pivot caches

const TABLE_SHEET = worksheet(
  '<dimension ref="A1:F3"/><sheetData><row r="1"><c r="A1" t="inlineStr" s="1"><is><t>Code</t></is></c><c r="B1" t="inlineStr" s="1"><is><t>Value</t></is></c><c r="C1" t="inlineStr" s="1"><is><t>Note</t></is></c><c r="E1" t="inlineStr"><is><t>K</t></is></c><c r="F1" t="inlineStr"><is><t>V</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="B2"><v>1</v></c><c r="C2" t="inlineStr"><is><t>n</t></is></c><c r="E2"><v>1</v></c><c r="F2"><v>2</v></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>y</t></is></c><c r="B3"><v>2</v></c><c r="C3" t="inlineStr"><is><t>m</t></is></c></row></sheetData><drawing r:id="rId3"/><legacyDrawing r:id="rId4"/><tableParts count="2"><tablePart r:id="rId1"/><tablePart r:id="rId2"/></tableParts>'
);
const TABLE1 = `${DECL}<table xmlns="${MAIN}" id="1" name="Indicators" displayName="Indicators" ref="A1:C3"><autoFilter ref="A1:C3"/><tableColumns count="3"><tableColumn id="1" name="Code"/><tableColumn id="2" name="Value"/><tableColumn id="3" name="Note"/></tableColumns><tableStyleInfo name="TableStyleMedium2" showRowStripes="1"/></table>`;
const TABLE2 = `${DECL}<table xmlns="${MAIN}" id="2" name="Small" displayName="Small" ref="E1:F2"><autoFilter ref="E1:F2"/><tableColumns count="2"><tableColumn id="1" name="K"/><tableColumn id="2" name="V"/></tableColumns><tableStyleInfo name="TableStyleLight1"/></table>`;
const DRAWING = `${DECL}<xdr:wsDr xmlns:xdr="${XDR}" xmlns:a="${A}"><xdr:twoCellAnchor><xdr:from><xdr:col>3</xdr:col><xdr:colOff>1000</xdr:colOff><xdr:row>4</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>6</xdr:col><xdr:colOff>2000</xdr:colOff><xdr:row>14</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Chart 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="${C}"><c:chart xmlns:c="${C}" xmlns:r="${RELS}" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor><xdr:oneCellAnchor><xdr:from><xdr:col>0</xdr:col><xdr:colOff>5</xdr:colOff><xdr:row>20</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="100" cy="100"/><xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="3" name="Box"/><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr/></xdr:sp><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>`;
const CHART = `${DECL}<c:chartSpace xmlns:c="${C}" xmlns:a="${A}" xmlns:r="${RELS}"><c:chart><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef><c:f>Kent!$B$1</c:f></c:strRef></c:tx><c:cat><c:strRef><c:f>Kent!$A$2:$A$3</c:f></c:strRef></c:cat><c:val><c:numRef><c:f>'Kent'!$B$2:$C$3</c:f></c:numRef></c:val></c:ser><c:axId val="1"/><c:axId val="2"/></c:barChart><c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:crossAx val="2"/></c:catAx><c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:crossAx val="1"/></c:valAx></c:plotArea></c:chart></c:chartSpace>`;
const COMMENTS = `${DECL}<comments xmlns="${MAIN}"><authors><author>A</author></authors><commentList><comment ref="B2" authorId="0"><text><r><t>on B2</t></r></text></comment><comment ref="C3" authorId="0"><text><r><t>on C3</t></r></text></comment></commentList></comments>`;
function noteShape(id: number, row: number, col: number): string {
  return `<v:shape id="_x0000_s${id}" type="#_x0000_t202" style="position:absolute;visibility:hidden" fillcolor="infoBackground [80]"><v:textbox/><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${col + 1}, 15, ${row}, 2, ${col + 3}, 15, ${row + 4}, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>${row}</x:Row><x:Column>${col}</x:Column></x:ClientData></v:shape>`;
}
const VML = `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>${noteShape(1025, 1, 1)}${noteShape(1026, 2, 2)}</xml>`;
const PIVOT_CACHE = `${DECL}<pivotCacheDefinition xmlns="${MAIN}" xmlns:r="${RELS}" r:id="rId1" refreshOnLoad="1" recordCount="0"><cacheSource type="worksheet"><worksheetSource ref="A1:C3" sheet="Kent"/></cacheSource><cacheFields count="3"><cacheField name="Code" numFmtId="0"><sharedItems/></cacheField><cacheField name="Value" numFmtId="0"><sharedItems/></cacheField><cacheField name="Note" numFmtId="0"><sharedItems/></cacheField></cacheFields></pivotCacheDefinition>`;

function furnishedBook(): Promise<XlsxPackage> {
  return buildBook({
    sheets: [
      ["Kent", TABLE_SHEET],
      [
        "Other",
        worksheet('<sheetData><row r="1"><c r="A1"><f>Kent!C2</f><v>0</v></c></row></sheetData>'),
      ],
    ],
    parts: {
      "xl/worksheets/_rels/sheet1.xml.rels": [
        "",
        rels([
          ["rId1", "table", "../tables/table1.xml"],
          ["rId2", "table", "../tables/table2.xml"],
          ["rId3", "drawing", "../drawings/drawing1.xml"],
          ["rId4", "vmlDrawing", "../drawings/vmlDrawing1.vml"],
          ["rId5", "comments", "../comments1.xml"],
        ]),
      ],
      "xl/tables/table1.xml": [`${CT}.spreadsheetml.table+xml`, TABLE1],
      "xl/tables/table2.xml": [`${CT}.spreadsheetml.table+xml`, TABLE2],
      "xl/drawings/drawing1.xml": [`${CT}.drawing+xml`, DRAWING],
      "xl/drawings/_rels/drawing1.xml.rels": [
        "",
        rels([["rId1", "chart", "../charts/chart1.xml"]]),
      ],
      "xl/charts/chart1.xml": [`${CT}.drawingml.chart+xml`, CHART],
      "xl/comments1.xml": [`${CT}.spreadsheetml.comments+xml`, COMMENTS],
      "xl/drawings/vmlDrawing1.vml": ["", VML],
      "xl/pivotCache/pivotCacheDefinition1.xml": [
        `${CT}.spreadsheetml.pivotCacheDefinition+xml`,
        PIVOT_CACHE,
      ],
    },
    workbookRels: [["rIdPivot", "pivotCacheDefinition", "pivotCache/pivotCacheDefinition1.xml"]],
  });
}

describe("spliceColumns on tables, drawings, charts, notes and pivot caches", () => {
  it("grows a table with an insertion inside it and moves one right of it", async () => {
    const pkg = await furnishedBook();
    splice(pkg, "Kent", insertAt(1, 2));
    expect(element(pkg.text("xl/tables/table1.xml")!, "table")).toBe(
      `<table xmlns="${MAIN}" id="1" name="Indicators" displayName="Indicators" ref="A1:E3"><autoFilter ref="A1:E3"/><tableColumns count="5"><tableColumn id="1" name="Code"/><tableColumn id="4" name="Column1"/><tableColumn id="5" name="Column2"/><tableColumn id="2" name="Value"/><tableColumn id="3" name="Note"/></tableColumns><tableStyleInfo name="TableStyleMedium2" showRowStripes="1"/></table>`
    );
    expect(element(pkg.text("xl/tables/table2.xml")!, "table")).toContain(
      'ref="G1:H2"><autoFilter ref="G1:H2"/>'
    );
    const c = cells(pkg.text("xl/worksheets/sheet1.xml")!);
    // The new header cells read as the new columns' names, styled as the header left of them.
    expect(c.B1).toBe('<c r="B1" s="1" t="inlineStr"><is><t>Column1</t></is></c>');
    expect(c.C1).toBe('<c r="C1" s="1" t="inlineStr"><is><t>Column2</t></is></c>');
    expect(c.D1).toBe('<c r="D1" t="inlineStr" s="1"><is><t>Value</t></is></c>');
    expect(pkg.text("xl/pivotCache/pivotCacheDefinition1.xml")).toContain(
      '<worksheetSource ref="A1:E3" sheet="Kent"/>'
    );
  });

  it("shrinks a table with a deletion inside it and removes one wholly deleted", async () => {
    const pkg = await furnishedBook();
    splice(pkg, "Kent", deleteAt(1, 1));
    expect(element(pkg.text("xl/tables/table1.xml")!, "tableColumns")).toBe(
      '<tableColumns count="2"><tableColumn id="1" name="Code"/><tableColumn id="3" name="Note"/></tableColumns>'
    );
    expect(pkg.text("xl/tables/table1.xml")).toContain('ref="A1:B3"><autoFilter ref="A1:B3"/>');
    const again = await furnishedBook();
    splice(again, "Kent", deleteAt(4, 2));
    expect(again.has("xl/tables/table2.xml")).toBe(false);
    const sheet = again.text("xl/worksheets/sheet1.xml")!;
    expect(element(sheet, "tableParts")).toBe(
      '<tableParts count="1"><tablePart r:id="rId1"/></tableParts>'
    );
    expect(again.text("xl/worksheets/_rels/sheet1.xml.rels")).not.toContain("table2");
    expect(again.text("[Content_Types].xml")).not.toContain("table2");
    expect(again.isChanged("xl/tables/table1.xml")).toBe(false);
  });

  it("moves drawing anchors, chart series and notes", async () => {
    const pkg = await furnishedBook();
    splice(pkg, "Kent", insertAt(1, 2));
    const drawing = pkg.text("xl/drawings/drawing1.xml")!;
    expect(element(drawing, "xdr:from")).toBe(
      "<xdr:from><xdr:col>5</xdr:col><xdr:colOff>1000</xdr:colOff><xdr:row>4</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
    );
    expect(element(drawing, "xdr:to")).toBe(
      "<xdr:to><xdr:col>8</xdr:col><xdr:colOff>2000</xdr:colOff><xdr:row>14</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
    );
    // Column A is left of the insertion: the text box stays.
    expect(drawing).toContain("<xdr:oneCellAnchor><xdr:from><xdr:col>0</xdr:col>");
    const chart = pkg.text("xl/charts/chart1.xml")!;
    expect([...chart.matchAll(/<c:f>([^<]*)<\/c:f>/g)].map((m) => m[1])).toEqual([
      "Kent!$D$1",
      "Kent!$A$2:$A$3",
      "'Kent'!$D$2:$E$3",
    ]);
    const comments = pkg.text("xl/comments1.xml")!;
    expect([...comments.matchAll(/<comment ref="([^"]+)"/g)].map((m) => m[1])).toEqual([
      "D2",
      "E3",
    ]);
    const vml = pkg.text("xl/drawings/vmlDrawing1.vml")!;
    expect([...vml.matchAll(/<x:Column>(\d+)<\/x:Column>/g)].map((m) => m[1])).toEqual(["3", "4"]);
    expect([...vml.matchAll(/<x:Anchor>([^<]*)<\/x:Anchor>/g)].map((m) => m[1])).toEqual([
      "4, 15, 1, 2, 6, 15, 5, 16",
      "5, 15, 2, 2, 7, 15, 6, 16",
    ]);
    expect(cells(pkg.text("xl/worksheets/sheet2.xml")!).A1).toBe(
      '<c r="A1"><f>Kent!E2</f><v>0</v></c>'
    );
  });

  it("removes the note of a deleted cell with its shape", async () => {
    const pkg = await furnishedBook();
    splice(pkg, "Kent", deleteAt(1, 1));
    const comments = pkg.text("xl/comments1.xml")!;
    expect([...comments.matchAll(/<comment ref="([^"]+)"/g)].map((m) => m[1])).toEqual(["B3"]);
    const vml = pkg.text("xl/drawings/vmlDrawing1.vml")!;
    expect(vml).not.toContain("_x0000_s1025");
    expect(vml).toContain("<x:Anchor>2, 15, 2, 2, 4, 15, 6, 16</x:Anchor>");
    expect(vml).toContain("<x:Column>1</x:Column>");
    const drawing = pkg.text("xl/drawings/drawing1.xml")!;
    expect(element(drawing, "xdr:from")).toContain("<xdr:col>2</xdr:col>");
    expect(pkg.text("xl/charts/chart1.xml")).toContain("<c:f>'Kent'!$B$2:$B$3</c:f>");
  });
});

// ---------------------------------------------------------------------------
// The same splice by ../columns.ts on ExcelJS's model

type CellsView = Record<string, Record<string, string>>;

/** Every non-empty cell of every sheet, as `formula:…` or its value. */
function viewOf(workbook: ExcelJS.Workbook): CellsView {
  const out: CellsView = {};
  for (const sheet of workbook.worksheets) {
    const cellsOf: Record<string, string> = {};
    sheet.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.formula) cellsOf[cell.address] = `formula:${cell.formula}`;
        else if (
          cell.value !== null &&
          cell.value !== undefined &&
          cell.type !== ExcelJS.ValueType.Merge
        )
          cellsOf[cell.address] = JSON.stringify(cell.value);
      })
    );
    out[sheet.name] = cellsOf;
  }
  return out;
}

function mergesOf(workbook: ExcelJS.Workbook): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const sheet of workbook.worksheets) {
    const index = (sheet as unknown as { _merges: Record<string, { range: string }> })._merges;
    out[sheet.name] = Object.values(index)
      .map((m) => m.range)
      .sort();
  }
  return out;
}

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

/** Splices `bytes` both ways and returns both workbooks as ExcelJS reads them. */
async function bothWays(
  bytes: Buffer,
  target: string,
  shift: ColumnShift,
  prepare?: (pkg: XlsxPackage) => void
): Promise<{ ours: ExcelJS.Workbook; theirs: ExcelJS.Workbook; file: Buffer }> {
  const pkg = XlsxPackage.read(bytes);
  prepare?.(pkg);
  const input = await pkg.write();
  const theirs = await load(input);
  spliceSheetColumns(theirs, theirs.getWorksheet(target)!, shift);
  const edited = XlsxPackage.read(input);
  splice(edited, target, shift);
  const file = await edited.write();
  return {
    ours: await load(file),
    theirs: await load(Buffer.from(await theirs.xlsx.writeBuffer())),
    file,
  };
}

describe("spliceColumns against columns.ts (ExcelJS)", () => {
  for (const shift of [insertAt(2, 2), insertAt(0, 1), deleteAt(1, 2), deleteAt(3, 1)])
    it(`agrees on cells, formulas and merges: ${shift.kind} ${shift.count} at ${shift.at}`, async () => {
      const { ours, theirs } = await bothWays(await (await kentBook()).write(), "Kent", shift);
      expect(viewOf(ours)).toEqual(viewOf(theirs));
      expect(mergesOf(ours)).toEqual(mergesOf(theirs));
    });
});

// ---------------------------------------------------------------------------
// Debian's openpyxl opens what comes out

const PYTHON = "/usr/bin/python3";
const hasOpenpyxl =
  spawnSync(PYTHON, ["-c", "import openpyxl"], { stdio: "ignore", timeout: 30_000 }).status === 0;
const scratch = mkdtempSync(join(tmpdir(), "splice-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const OPENPYXL_VIEW = `
import json, sys, openpyxl
out = {}
for path in sys.argv[1:]:
    wb = openpyxl.load_workbook(path)
    book = {}
    for ws in wb.worksheets:
        book[ws.title] = {
            "cells": {c.coordinate: str(c.value) for row in ws.iter_rows() for c in row if c.value is not None},
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "tables": {name: getattr(t, "ref", t) for name, t in ws.tables.items()},
            "cf": sorted(str(r.sqref) for r in ws.conditional_formatting),
        }
    out[path.split("/")[-1]] = book
print(json.dumps(out))
`;

describe.skipIf(!hasOpenpyxl)("openpyxl reads the results", () => {
  it("opens spliced workbooks, with the cells, merges, tables and formats where they went", async () => {
    const kent = await kentBook();
    splice(kent, "Kent", insertAt(2, 2));
    const furnished = await furnishedBook();
    splice(furnished, "Kent", insertAt(1, 2));
    const shrunk = await furnishedBook();
    splice(shrunk, "Kent", deleteAt(4, 2));
    const files = { "kent.xlsx": kent, "furnished.xlsx": furnished, "shrunk.xlsx": shrunk };
    for (const [name, pkg] of Object.entries(files))
      writeFileSync(join(scratch, name), await pkg.write());
    const run = spawnSync(
      PYTHON,
      ["-c", OPENPYXL_VIEW, ...Object.keys(files).map((n) => join(scratch, n))],
      { encoding: "utf8", timeout: 60_000 }
    );
    expect(run.status, run.stderr).toBe(0);
    const view = JSON.parse(run.stdout) as Record<
      string,
      Record<
        string,
        {
          cells: Record<string, string>;
          merged: string[];
          tables: Record<string, string>;
          cf: string[];
        }
      >
    >;
    expect(view["kent.xlsx"]!.Kent!.cells).toMatchObject({
      G1: "=SUM(A1:F1)",
      E1: "3",
      G3: "note",
      A2: "=A1*2",
    });
    expect(view["kent.xlsx"]!.Kent!.merged).toEqual(["A5:B5", "B4:F4", "E6:E7"]);
    expect(view["kent.xlsx"]!.Kent!.cf).toEqual(["B1:F1 G1", "E6"]);
    expect(view["kent.xlsx"]!.Other!.cells.B2).toBe("=Kent!E1");
    expect(view["furnished.xlsx"]!.Kent!.tables).toEqual({ Indicators: "A1:E3", Small: "G1:H2" });
    expect(view["furnished.xlsx"]!.Kent!.cells.B1).toBe("Column1");
    expect(view["shrunk.xlsx"]!.Kent!.tables).toEqual({ Indicators: "A1:C3" });
  });
});

// ---------------------------------------------------------------------------
// The bundled example

const EXAMPLE = fileURLToPath(
  new URL("../../../examples/district-scorecard.xlsx", import.meta.url)
);

describe("spliceColumns on examples/district-scorecard.xlsx", () => {
  it("inserts 4 columns at column I of Kent: cells right of it move, formulas elsewhere follow", async () => {
    const shift = insertAt(8, 4);
    // A formula on About that reads Kent, so that another sheet has something to follow.
    const addFormula = (pkg: XlsxPackage) => {
      const about = pkg.text("xl/worksheets/sheet1.xml")!;
      pkg.set(
        "xl/worksheets/sheet1.xml",
        about.replace(
          '<c r="A1" s="1" t="s"><v>0</v></c>',
          '<c r="A1" s="1" t="s"><v>0</v></c><c r="B1"><f>Kent!H5+SUM(Kent!I5:AF5)+Kent!AG14</f></c>'
        )
      );
    };
    const original = XlsxPackage.read(readFileSync(EXAMPLE));
    addFormula(original);
    const before = cells(original.text("xl/worksheets/sheet2.xml")!);
    const { ours, theirs, file } = await bothWays(readFileSync(EXAMPLE), "Kent", shift, addFormula);
    const after = XlsxPackage.read(file);
    const moved = cells(after.text("xl/worksheets/sheet2.xml")!);
    // Every cell right of column H moved 4 columns right, the rest stayed.
    const expected = Object.keys(before).map((address) => {
      const m = /^([A-Z]+)(\d+)$/.exec(address)!;
      const col = m[1]!.split("").reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      if (col < 8) return address;
      const to = col + 4;
      const letters =
        to < 26
          ? String.fromCharCode(65 + to)
          : String.fromCharCode(64 + Math.floor(to / 26), 65 + (to % 26));
      return `${letters}${m[2]}`;
    });
    expect(Object.keys(moved).sort()).toEqual(expected.sort());
    expect(moved.AK14).toBe(before.AG14!.replace('r="AG14"', 'r="AK14"'));
    // H14, left of the insertion, stays; its formula reads the moved cells.
    expect(moved.H14).toBe(before.H14!.replace("<f>AG14/AH14</f>", "<f>AK14/AL14</f>"));
    expect(moved.H14).toContain("<f>AK14/AL14</f>");
    expect(element(after.text("xl/worksheets/sheet2.xml")!, "mergeCells")).toBe(
      '<mergeCells count="1"><mergeCell ref="M4:AJ4"/></mergeCells>'
    );
    expect(element(after.text("xl/worksheets/sheet2.xml")!, "dimension")).toBe(
      '<dimension ref="A1:AM18"/>'
    );
    expect(cells(after.text("xl/worksheets/sheet1.xml")!).B1).toBe(
      '<c r="B1"><f>Kent!H5+SUM(Kent!M5:AJ5)+Kent!AK14</f></c>'
    );
    // Sheets that do not mention Kent come through as stored.
    const stored = XlsxPackage.read(readFileSync(EXAMPLE));
    for (const part of ["xl/worksheets/sheet3.xml", "xl/worksheets/sheet6.xml", "xl/comments3.xml"])
      expect(after.bytes(part)!.equals(stored.bytes(part)!)).toBe(true);
    expect(viewOf(ours)).toEqual(viewOf(theirs));
    expect(mergesOf(ours)).toEqual(mergesOf(theirs));
  });
});
