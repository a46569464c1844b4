import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { XlsxPackage } from "../../../src/xlsx/package/archive";
import { PackageEdit } from "../../../src/xlsx/package/edit";
import { editNotes, NOTE_AUTHOR, readNotes, type SheetNote } from "../../../src/xlsx/package/notes";
import { relsPartOf } from "../../../src/xlsx/package/relationships";
import { repoRoot } from "../../fixtures";
import { load, tempDir, viewCell } from "../helpers";

/*
 * Legacy notes edited in the package: read from what ExcelJS, openpyxl and
 * LibreOffice write, and written so that openpyxl, LibreOffice and ExcelJS
 * read them back. The ExcelJS file is the example with the notes a rating
 * run writes, set through ExcelJS itself (as `npm run demo` wrote them before
 * the package writer): made here, so that what wrote it is certain.
 */

const EXAMPLE = join(repoRoot, "examples", "district-scorecard.xlsx");
const OPENPYXL = join(repoRoot, "test", "fixtures", "openpyxl", "district-scorecard-openpyxl.xlsx");
const PYTHON = "/usr/bin/python3";
const KENT = "xl/worksheets/sheet2.xml";
const ASHFORD = "xl/worksheets/sheet3.xml";
const MAIDSTONE = "xl/worksheets/sheet6.xml";
const CONTENT_TYPES = "[Content_Types].xml";

const hasSoffice = spawnSync("which", ["soffice"], { encoding: "utf8" }).status === 0;
const hasOpenpyxl = spawnSync(PYTHON, ["-c", "import openpyxl"]).status === 0;

/** Notes added to Kent (a sheet without notes): a line break, edge whitespace, markup characters. */
const ADDED: SheetNote[] = [
  { cell: "D9", text: "Line one\nLine two" },
  { cell: "B5", text: "Checked <against> the return & the ledger" },
  { cell: "AI16", text: 'Status from the "Q3" return' },
];

/** The notes the ExcelJS file gets, by sheet, beside the example's own on Ashford!H12. */
const BY_EXCELJS: Record<string, SheetNote[]> = {
  Canterbury: [{ cell: "AI10", text: "Published Amber, but the rule gives Green." }],
  Maidstone: [
    { cell: "H7", text: "Amber: below target 85.0% but floor 75.0% met." },
    {
      cell: "H8",
      text: "Green: 97.6% meets target 90.0%.\nMaidstone's 241 / 247 = 97.6% is above the funnel limit.",
    },
    { cell: "H10", text: "Amber: a shift below the mean 75.9%, Concern ↓." },
    { cell: "H11", text: 'Red: Status "Reu" was read as Red; correct the spelling.' },
    { cell: "H13", text: "Red: below floor 75.0% & far below the other districts." },
  ],
};

const temp = tempDir();
/** The example with BY_EXCELJS written by ExcelJS (xl/commentsN.xml, xl/drawings/vmlDrawingN.vml). */
let rated: Buffer;
/** That file converted by LibreOffice, when soffice is there. */
let libre: Buffer | undefined;
/** The example with ADDED written to Kent by editNotes, and LibreOffice's conversion of it. */
let added: Buffer;
let addedByLibre: Buffer | undefined;

function open(bytes: Buffer): { pkg: XlsxPackage; edit: PackageEdit } {
  const pkg = XlsxPackage.read(bytes);
  return { pkg, edit: new PackageEdit(pkg) };
}

function notesIn(bytes: Buffer, part: string): SheetNote[] {
  return readNotes(new PackageEdit(XlsxPackage.read(bytes)), part);
}

/** Runs editNotes on one sheet, commits, and returns the written file. */
async function edited(
  bytes: Buffer,
  part: string,
  remove: readonly string[],
  add: readonly SheetNote[]
): Promise<Buffer> {
  const { pkg, edit } = open(bytes);
  editNotes(edit, part, edit.sheetXml(part), remove, add);
  edit.commit();
  return pkg.write();
}

function part(bytes: Buffer, name: string): string | undefined {
  return XlsxPackage.read(bytes).text(name);
}

interface Shape {
  readonly tag: string;
  readonly id: string | undefined;
  readonly spid: string | undefined;
  readonly type: string | undefined;
  readonly objectType: string | undefined;
  readonly row: number | undefined;
  readonly column: number | undefined;
  readonly anchor: string | undefined;
}

/** The `<v:shape>` elements of a VML part (any prefix), read with plain patterns. */
function shapes(vml: string): Shape[] {
  return [...vml.matchAll(/<((?:\w+:)?)shape(\s[^>]*)?>([\s\S]*?)<\/\1shape>/g)].map((m) => {
    const tag = m[2] ?? "";
    const body = m[3] ?? "";
    const attr = (name: string): string | undefined =>
      new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
    const child = (name: string): string | undefined =>
      new RegExp(`<(?:\\w+:)?${name}>([^<]*)<`).exec(body)?.[1];
    const row = child("Row");
    const column = child("Column");
    return {
      tag,
      id: attr("id"),
      spid: attr("o:spid"),
      type: attr("type"),
      objectType: /ObjectType="([^"]*)"/.exec(body)?.[1],
      row: row === undefined ? undefined : Number(row),
      column: column === undefined ? undefined : Number(column),
      anchor: child("Anchor"),
    };
  });
}

function noteShapes(vml: string): Shape[] {
  return shapes(vml).filter((s) => s.objectType === "Note");
}

/** The sheet's relationships as (type tail → target). */
function relsOf(bytes: Buffer, sheetPart: string): { id: string; type: string; target: string }[] {
  const xml = part(bytes, relsPartOf(sheetPart)) ?? "";
  return [...xml.matchAll(/<Relationship\b[^>]*>/g)].map((m) => ({
    id: /\sId="([^"]*)"/.exec(m[0])![1]!,
    type: /\sType="([^"]*)"/.exec(m[0])![1]!.replace(/.*\//, ""),
    target: /\sTarget="([^"]*)"/.exec(m[0])![1]!,
  }));
}

/** Every sheet's notes as openpyxl reads them: sheet name → cell → text. */
function openpyxlNotes(path: string): Record<string, Record<string, string>> {
  const script = [
    "import json, sys, openpyxl",
    "wb = openpyxl.load_workbook(sys.argv[1])",
    "out = {}",
    "for ws in wb.worksheets:",
    "    out[ws.title] = {c.coordinate: c.comment.text for row in ws.iter_rows() for c in row if c.comment is not None}",
    "print(json.dumps(out))",
  ].join("\n");
  const run = spawnSync(PYTHON, ["-c", script, path], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`openpyxl could not read ${path}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, Record<string, string>>;
}

function byCell(notes: readonly SheetNote[]): Record<string, string> {
  return Object.fromEntries(notes.map((n) => [n.cell, n.text]));
}

/** Converts xlsx files to xlsx with one headless soffice (its own profile); returns the converted bytes. */
function throughLibreOffice(paths: readonly string[]): Buffer[] {
  const out = join(temp.dir, "libreoffice");
  mkdirSync(out, { recursive: true });
  const run = spawnSync(
    "soffice",
    [
      `-env:UserInstallation=${pathToFileURL(join(temp.dir, "profile")).href}`,
      "--headless",
      "--convert-to",
      "xlsx",
      "--outdir",
      out,
      ...paths,
    ],
    { encoding: "utf8", timeout: 180_000 }
  );
  if (run.error || run.status !== 0)
    throw new Error(`soffice --convert-to xlsx failed: ${run.error?.message ?? run.stderr}`);
  return paths.map((p) => readFileSync(join(out, p.slice(p.lastIndexOf("/") + 1))));
}

beforeAll(async () => {
  const book = await load(EXAMPLE);
  for (const [sheet, notes] of Object.entries(BY_EXCELJS))
    for (const note of notes) book.getWorksheet(sheet)!.getCell(note.cell).note = note.text;
  const ratedPath = join(temp.dir, "rated.xlsx");
  await book.xlsx.writeFile(ratedPath);
  rated = readFileSync(ratedPath);
  added = await edited(readFileSync(EXAMPLE), KENT, [], ADDED);
  const addedPath = join(temp.dir, "added.xlsx");
  writeFileSync(addedPath, added);
  if (hasSoffice) [libre, addedByLibre] = throughLibreOffice([ratedPath, addedPath]);
}, 240_000);

afterAll(() => temp.cleanup());

describe("readNotes", () => {
  it("reads the notes ExcelJS wrote, in document order, as ExcelJS reads them", async () => {
    // ExcelJS's own layout: xl/comments6.xml, <r><t> runs, a VML drawing beside it.
    expect(part(rated, "xl/comments6.xml")).toContain("<r><t>");
    expect(part(rated, relsPartOf(MAIDSTONE))).toContain('Target="../drawings/vmlDrawing6.vml"');
    expect(notesIn(rated, MAIDSTONE)).toEqual(BY_EXCELJS["Maidstone"]);
    expect(notesIn(rated, "xl/worksheets/sheet4.xml")).toEqual(BY_EXCELJS["Canterbury"]);
    expect(notesIn(rated, ASHFORD)).toEqual([
      { cell: "H12", text: "Provisional: the validated figure is due in January." },
    ]);
    expect(notesIn(rated, KENT)).toEqual([]);

    const book = await load(join(temp.dir, "rated.xlsx"));
    const sheets = ["Kent", "Ashford", "Canterbury", "Dover", "Maidstone"];
    for (const [i, name] of sheets.entries()) {
      const fromExcelJs: Record<string, string> = {};
      book.getWorksheet(name)!.eachRow((row) =>
        row.eachCell((cell) => {
          const note = viewCell(cell).note;
          if (note !== null) fromExcelJs[cell.address] = note;
        })
      );
      expect(byCell(notesIn(rated, `xl/worksheets/sheet${i + 2}.xml`)), name).toEqual(fromExcelJs);
    }
  });

  it("reads openpyxl's layout: xl/comments/comment1.xml, an absolute target, a plain <t>", () => {
    expect(notesIn(readFileSync(OPENPYXL), ASHFORD)).toEqual([
      { cell: "H12", text: "Provisional: the validated figure is due in January." },
    ]);
    expect(notesIn(readFileSync(OPENPYXL), KENT)).toEqual([]);
  });

  it.skipIf(!hasSoffice)("reads LibreOffice's layout, giving the notes ExcelJS wrote", () => {
    // LibreOffice renumbers the drawings (comments6.xml beside vmlDrawing3.vml) and writes rich runs.
    expect(part(libre!, relsPartOf(MAIDSTONE))).not.toContain("vmlDrawing6.vml");
    expect(part(libre!, "xl/comments6.xml")).toContain("<rPr>");
    for (let n = 2; n <= 6; n++) {
      const sheet = `xl/worksheets/sheet${n}.xml`;
      expect(notesIn(libre!, sheet), sheet).toEqual(notesIn(rated, sheet));
    }
    expect(notesIn(libre!, MAIDSTONE)).toHaveLength(5);
  });

  it("keeps line breaks and resolves entities and _xHHHH_ escapes", () => {
    const { pkg, edit } = open(readFileSync(OPENPYXL));
    pkg.set(
      "xl/comments/comment1.xml",
      '<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>A</author></authors><commentList>' +
        '<comment ref="H12" authorId="0"><text><r><rPr><b/></rPr><t>A:</t></r><r><t xml:space="preserve">&#10;one\r\ntwo &amp; _x0009_three</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></text></comment>' +
        "</commentList></comments>"
    );
    expect(readNotes(edit, ASHFORD)).toEqual([{ cell: "H12", text: "A:\none\ntwo & \tthree" }]);
  });

  it("leaves out the stand-ins Excel writes for threaded comments", () => {
    const { pkg, edit } = open(readFileSync(OPENPYXL));
    pkg.set(
      "xl/comments/comment1.xml",
      '<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>tc={8A1B0C2D-0000-0000-0000-000000000000}</author><author>Jo</author></authors><commentList>' +
        '<comment ref="B2" authorId="0"><text><t>[Threaded comment] Is this right?</t></text></comment>' +
        '<comment ref="H12" authorId="1"><text><t>A note</t></text></comment>' +
        "</commentList></comments>"
    );
    expect(readNotes(edit, ASHFORD)).toEqual([{ cell: "H12", text: "A note" }]);
    expect(() =>
      editNotes(edit, ASHFORD, edit.sheetXml(ASHFORD), [], [{ cell: "B2", text: "x" }])
    ).toThrow(/threaded comment/);
  });
});

describe("editNotes: adding notes to a sheet without any", () => {
  it("gives them back through readNotes, in row order", () => {
    expect(notesIn(added, KENT)).toEqual([ADDED[1], ADDED[0], ADDED[2]]);
    // The example's own note on Ashford is still there.
    expect(notesIn(added, ASHFORD).map((n) => n.cell)).toEqual(["H12"]);
  });

  it("creates the comments part, the VML drawing, the rels, the content types and <legacyDrawing>", () => {
    const rels = relsOf(added, KENT);
    expect(rels.map((r) => r.type).sort()).toEqual(["comments", "vmlDrawing"]);
    const comments = rels.find((r) => r.type === "comments")!;
    const drawing = rels.find((r) => r.type === "vmlDrawing")!;
    // comments3.xml and vmlDrawing3.vml are Ashford's.
    expect(comments.target).toBe("../comments1.xml");
    expect(drawing.target).toBe("../drawings/vmlDrawing1.vml");

    const types = part(added, CONTENT_TYPES)!;
    expect(types).toContain(
      '<Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>'
    );
    expect(types.match(/<Default Extension="vml"/g)).toHaveLength(1);

    const sheet = part(added, KENT)!;
    expect(sheet).toContain(`<legacyDrawing r:id="${drawing.id}"/>`);
    // At its place in the schema: after pageSetup, before the end of the worksheet.
    expect(sheet).toMatch(/<pageSetup [^>]*\/><legacyDrawing [^>]*\/><\/worksheet>$/);

    const authors = /<authors>(.*)<\/authors>/.exec(part(added, "xl/comments1.xml")!)![1];
    expect(authors).toBe(`<author>${NOTE_AUTHOR}</author>`);
    // The line break is kept in a preserved <t>.
    expect(part(added, "xl/comments1.xml")).toContain(
      '<t xml:space="preserve">Line one\nLine two</t>'
    );
  });

  it("draws one hidden note box per note, anchored to its cell, with unique ids", () => {
    const vml = part(added, "xl/drawings/vmlDrawing1.vml")!;
    const notes = noteShapes(vml);
    expect(notes.map((s) => [s.row, s.column])).toEqual([
      [4, 1],
      [8, 3],
      [15, 34],
    ]);
    for (const shape of notes) {
      expect(shape.type).toBe("#_x0000_t202");
      expect(shape.tag).toMatch(/visibility:hidden/);
      expect(shape.spid).toBe(shape.id);
      expect(shape.anchor).toMatch(/^\d+, \d+, \d+, \d+, \d+, \d+, \d+, \d+$/);
    }
    expect(vml).toContain('<v:shapetype id="_x0000_t202"');
    expect(notes[1]!.anchor).toBe("4, 6, 7, 14, 6, 2, 11, 16");
    // Unique here and across the package: Ashford's drawing claims id block 1.
    const ids = notes.map((s) => s.id);
    expect(new Set(ids).size).toBe(3);
    const ashford = noteShapes(part(added, "xl/drawings/vmlDrawing3.vml")!).map((s) => s.id);
    expect(ids.filter((id) => ashford.includes(id))).toEqual([]);
    expect(vml).toMatch(/<o:idmap v:ext="edit" data="2"\/>/);
    expect(ids[0]).toBe("_x0000_s2049");
  });

  it("touches no other part, and writes nothing before commit", () => {
    const original = XlsxPackage.read(readFileSync(EXAMPLE));
    const { pkg, edit } = open(readFileSync(EXAMPLE));
    editNotes(edit, KENT, edit.sheetXml(KENT), [], ADDED);
    expect(pkg.names().filter((n) => pkg.isChanged(n))).toEqual([]);
    expect(pkg.has("xl/comments1.xml")).toBe(false);
    edit.commit();
    const allowed = new Set([
      KENT,
      relsPartOf(KENT),
      "xl/comments1.xml",
      "xl/drawings/vmlDrawing1.vml",
      CONTENT_TYPES,
    ]);
    expect(
      pkg
        .names()
        .filter((n) => pkg.isChanged(n))
        .sort()
    ).toEqual([...allowed].sort());
    for (const name of original.names())
      if (!allowed.has(name))
        expect(pkg.bytes(name)!.equals(original.bytes(name)!), name).toBe(true);
  });

  it.skipIf(!hasOpenpyxl)("is read by Debian's openpyxl", () => {
    const path = join(temp.dir, "added-openpyxl.xlsx");
    writeFileSync(path, added);
    const read = openpyxlNotes(path);
    expect(read["Kent"]).toEqual(byCell(ADDED));
    expect(Object.keys(read["Ashford"]!)).toEqual(["H12"]);
  });

  it.skipIf(!hasSoffice)("is read by LibreOffice", () => {
    expect(byCell(notesIn(addedByLibre!, KENT))).toEqual(byCell(ADDED));
    // LibreOffice took the boxes as hidden, anchored where they were written (it writes them again).
    const drawing = relsOf(addedByLibre!, KENT).find((r) => r.type === "vmlDrawing")!.target;
    const boxes = noteShapes(part(addedByLibre!, `xl/${drawing.replace(/^\.\.\//, "")}`)!);
    expect(boxes.map((s) => [s.row, s.column])).toEqual([
      [4, 1],
      [8, 3],
      [15, 34],
    ]);
    for (const box of boxes) expect(box.tag).toMatch(/visibility:hidden/);
  });

  it("is read by ExcelJS", async () => {
    const path = join(temp.dir, "added-exceljs.xlsx");
    writeFileSync(path, added);
    const kent = (await load(path)).getWorksheet("Kent")!;
    for (const note of ADDED) expect(viewCell(kent.getCell(note.cell)).note).toBe(note.text);
  });

  it("declares r: on <legacyDrawing> when the worksheet does not (openpyxl), and adds to its ns0: drawing", async () => {
    const bytes = readFileSync(OPENPYXL);
    const out = await edited(bytes, KENT, [], [{ cell: "C3", text: "Kent note" }]);
    expect(part(out, KENT)).toContain(
      '<legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId2"/>'
    );
    // Ashford: openpyxl's VML binds its prefixes per element; the new shape declares its own.
    const both = await edited(bytes, ASHFORD, [], [{ cell: "C3", text: "Ashford note" }]);
    const vml = part(both, "xl/drawings/commentsDrawing1.vml")!;
    expect(noteShapes(vml).map((s) => [s.row, s.column])).toEqual([
      [11, 7],
      [2, 2],
    ]);
    expect(vml).toMatch(
      /<v:shape xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" id="_x0000_s1027"/
    );
    expect(byCell(notesIn(both, ASHFORD))).toEqual({
      C3: "Ashford note",
      H12: "Provisional: the validated figure is due in January.",
    });
    if (hasOpenpyxl) {
      const path = join(temp.dir, "openpyxl-added.xlsx");
      writeFileSync(path, both);
      expect(openpyxlNotes(path)["Ashford"]).toEqual({
        C3: "Ashford note",
        H12: "Provisional: the validated figure is due in January.",
      });
    }
  });
});

describe("editNotes: removing and replacing", () => {
  it("removes some notes, skipping cells without one, and keeps the others as written", async () => {
    const out = await edited(rated, MAIDSTONE, ["H8", "H11", "Z99"], []);
    expect(notesIn(out, MAIDSTONE).map((n) => n.cell)).toEqual(["H7", "H10", "H13"]);
    expect(noteShapes(part(out, "xl/drawings/vmlDrawing6.vml")!).map((s) => s.row)).toEqual([
      6, 9, 12,
    ]);
    const before = part(rated, "xl/comments6.xml")!;
    const after = part(out, "xl/comments6.xml")!;
    const h7 = /<comment ref="H7".*?<\/comment>/.exec(before)![0];
    expect(after).toContain(h7);
    // Nothing was added: the authors are as they were.
    expect(/<authors>.*<\/authors>/.exec(after)![0]).toBe(
      "<authors><author>Author</author></authors>"
    );
    expect(notesIn(out, "xl/worksheets/sheet4.xml")).toEqual(
      notesIn(rated, "xl/worksheets/sheet4.xml")
    );
  });

  it("changes nothing when every cell to remove has no note", async () => {
    const { pkg, edit } = open(rated);
    editNotes(edit, MAIDSTONE, edit.sheetXml(MAIDSTONE), ["A1", "$B$2"], []);
    edit.commit();
    expect(pkg.names().filter((n) => pkg.isChanged(n))).toEqual([]);
  });

  it("removes the parts, the relationships, the override and <legacyDrawing> with the last note", async () => {
    const out = await edited(rated, ASHFORD, ["H12"], []);
    const pkg = XlsxPackage.read(out);
    expect(pkg.has("xl/comments3.xml")).toBe(false);
    expect(pkg.has("xl/drawings/vmlDrawing3.vml")).toBe(false);
    expect(pkg.has(relsPartOf(ASHFORD))).toBe(false);
    expect(pkg.text(CONTENT_TYPES)).not.toContain("/xl/comments3.xml");
    expect(pkg.text(CONTENT_TYPES)).toContain("/xl/comments4.xml");
    expect(pkg.text(ASHFORD)).not.toContain("legacyDrawing");
    expect(notesIn(out, ASHFORD)).toEqual([]);
    expect(notesIn(out, "xl/worksheets/sheet4.xml")).toEqual(
      notesIn(rated, "xl/worksheets/sheet4.xml")
    );
  });

  it("removes openpyxl's note parts (absolute targets) with the last note", async () => {
    const out = await edited(readFileSync(OPENPYXL), ASHFORD, ["h12"], []);
    const pkg = XlsxPackage.read(out);
    expect(pkg.names().filter((n) => /comment|vml/i.test(n))).toEqual([]);
    expect(pkg.text(CONTENT_TYPES)).not.toContain("comment1.xml");
    expect(pkg.text(ASHFORD)).not.toContain("legacyDrawing");
    if (hasOpenpyxl) {
      const path = join(temp.dir, "openpyxl-removed.xlsx");
      writeFileSync(path, out);
      expect(openpyxlNotes(path)["Ashford"]).toEqual({});
    }
  });

  it.skipIf(!hasSoffice)("removes LibreOffice's VML override with its last note", async () => {
    const drawing = relsOf(libre!, ASHFORD).find((r) => r.type === "vmlDrawing")!.target;
    const vmlPart = `xl/${drawing.replace(/^\.\.\//, "")}`;
    expect(part(libre!, CONTENT_TYPES)).toContain(`/${vmlPart}"`);
    const out = await edited(libre!, ASHFORD, ["H12"], []);
    expect(XlsxPackage.read(out).has(vmlPart)).toBe(false);
    expect(part(out, CONTENT_TYPES)).not.toContain(`/${vmlPart}"`);
    expect(notesIn(out, MAIDSTONE)).toEqual(notesIn(libre!, MAIDSTONE));
  });

  it("replaces a note on the same cell: one note, one shape, under the tool's author", async () => {
    const out = await edited(rated, MAIDSTONE, [], [{ cell: "H10", text: "Replaced\nnote" }]);
    const notes = notesIn(out, MAIDSTONE);
    expect(notes.map((n) => n.cell)).toEqual(["H7", "H8", "H10", "H11", "H13"]);
    expect(notes[2]!.text).toBe("Replaced\nnote");
    const comments = part(out, "xl/comments6.xml")!;
    expect(/<authors>.*<\/authors>/.exec(comments)![0]).toBe(
      `<authors><author>Author</author><author>${NOTE_AUTHOR}</author></authors>`
    );
    expect(comments).toMatch(/<comment ref="H10" authorId="1">/);
    const shapesAfter = noteShapes(part(out, "xl/drawings/vmlDrawing6.vml")!);
    expect(shapesAfter.filter((s) => s.row === 9 && s.column === 7)).toHaveLength(1);
    expect(shapesAfter).toHaveLength(5);
    const ids = shapesAfter.map((s) => s.id);
    expect(new Set(ids).size).toBe(5);
    // The old box (_x0000_s1027) went; the new one has a fresh id.
    expect(ids).not.toContain("_x0000_s1027");
    expect(shapesAfter.find((s) => s.row === 9)!.id).toBe("_x0000_s1030");
  });

  it("removes and adds in one call (remove first, then add)", async () => {
    const out = await edited(
      rated,
      MAIDSTONE,
      ["H7", "H8", "H10", "H11", "H13"],
      [{ cell: "H7", text: "Only" }]
    );
    expect(notesIn(out, MAIDSTONE)).toEqual([{ cell: "H7", text: "Only" }]);
    expect(noteShapes(part(out, "xl/drawings/vmlDrawing6.vml")!)).toHaveLength(1);
  });

  it("rejects an address that is not a cell, before changing anything", () => {
    const { pkg, edit } = open(rated);
    expect(() =>
      editNotes(edit, MAIDSTONE, edit.sheetXml(MAIDSTONE), ["H7"], [{ cell: "H", text: "x" }])
    ).toThrow(/not a cell address/);
    edit.commit();
    expect(pkg.names().filter((n) => pkg.isChanged(n))).toEqual([]);
  });
});

describe("editNotes: a VML drawing with form controls", () => {
  const CHECKBOX =
    '<v:shape id="_x0000_s1100" type="#_x0000_t201" style="position:absolute;margin-left:10pt;margin-top:10pt;width:60pt;height:15pt;z-index:2" filled="f" stroked="f" o:insetmode="auto"><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"><font face="Tahoma" size="160">Checked<br></font></div></v:textbox><x:ClientData ObjectType="Checkbox"><x:Anchor>1, 0, 1, 0, 3, 0, 2, 0</x:Anchor><x:AutoFill>False</x:AutoFill><x:Checked>1</x:Checked></x:ClientData></v:shape>';

  let source: Buffer;
  beforeAll(async () => {
    const pkg = XlsxPackage.read(rated);
    const vml = pkg.text("xl/drawings/vmlDrawing3.vml")!;
    pkg.set("xl/drawings/vmlDrawing3.vml", vml.replace("</xml>", `${CHECKBOX}</xml>`));
    source = await pkg.write();
  });

  it("keeps the control, the drawing and <legacyDrawing> when the last note goes", async () => {
    const out = await edited(source, ASHFORD, ["H12"], []);
    const pkg = XlsxPackage.read(out);
    expect(pkg.has("xl/comments3.xml")).toBe(false);
    const vml = pkg.text("xl/drawings/vmlDrawing3.vml")!;
    expect(vml).toContain(CHECKBOX);
    expect(noteShapes(vml)).toEqual([]);
    expect(relsOf(out, ASHFORD).map((r) => r.type)).toEqual(["vmlDrawing"]);
    const id = relsOf(out, ASHFORD)[0]!.id;
    expect(pkg.text(ASHFORD)).toContain(`<legacyDrawing r:id="${id}"/>`);
    expect(pkg.text(CONTENT_TYPES)).not.toContain("/xl/comments3.xml");
    expect(notesIn(out, ASHFORD)).toEqual([]);
  });

  it("adds a note into a drawing that holds only controls, with the text box shape type", async () => {
    const controlsOnly =
      '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shapetype id="_x0000_t201" coordsize="21600,21600" o:spt="201" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path shadowok="f" o:extrusionok="f" strokeok="f" fillok="f" o:connecttype="rect"/><o:lock v:ext="edit" shapetype="t"/></v:shapetype>' +
      `${CHECKBOX}</xml>`;
    const pkg = XlsxPackage.read(rated);
    pkg.set("xl/drawings/vmlDrawing3.vml", controlsOnly);
    pkg.delete("xl/comments3.xml");
    pkg.set(
      relsPartOf(ASHFORD),
      pkg.text(relsPartOf(ASHFORD))!.replace(/<Relationship Id="rId1"[^>]*\/>/, "")
    );
    pkg.set(
      CONTENT_TYPES,
      pkg.text(CONTENT_TYPES)!.replace(/<Override PartName="\/xl\/comments3.xml"[^>]*\/>/, "")
    );
    const out = await edited(
      await pkg.write(),
      ASHFORD,
      [],
      [{ cell: "B3", text: "Tick when checked" }]
    );
    const vml = part(out, "xl/drawings/vmlDrawing3.vml")!;
    expect(vml).toContain(CHECKBOX);
    expect(vml).toContain('<v:shapetype id="_x0000_t202"');
    expect(noteShapes(vml).map((s) => [s.id, s.row, s.column])).toEqual([["_x0000_s1101", 2, 1]]);
    expect(notesIn(out, ASHFORD)).toEqual([{ cell: "B3", text: "Tick when checked" }]);
    // The sheet kept its one drawing; the comments relationship is new.
    expect(part(out, ASHFORD)!.match(/<legacyDrawing /g)).toHaveLength(1);
    expect(
      relsOf(out, ASHFORD)
        .map((r) => r.type)
        .sort()
    ).toEqual(["comments", "vmlDrawing"]);
    expect(part(out, CONTENT_TYPES)).toContain('<Override PartName="/xl/comments1.xml"');
  });
});
