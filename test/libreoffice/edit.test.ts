// The LibreOffice editing harness (edit.py through index.ts), checked on a small workbook built
// with ExcelJS: every action, what it does to cells, formulas and a workbook-scoped defined name.
// All jobs run in one soffice, in beforeAll.
//
// What LibreOffice 7.4 does on the way through (asserted below, so a change shows up here):
// - Defined names: a hidden name (hidden="1") is saved as hidden="false", i.e. it becomes visible;
//   every name is written with function="false" vbProcedure="false". References move with the cells
//   on inserting/deleting columns and rows, and follow a renamed sheet; sorting does not touch them.
// - Very hidden sheets: LibreOffice has no "very hidden"; state="veryHidden" is loaded as hidden and
//   saved as state="hidden", so after any LibreOffice save a user can unhide it from the UI.
// - Sort: the key column is 0-based within the range; with hasHeader false the first row is sorted
//   like the others (here the header text lands among the names).
// - copySheet: the API takes the copy's name, so "Kent (2)" is what we ask for (the UI would say
//   "Kent_2", Excel "Kent (2)"). A workbook-scoped name over the original sheet gains a sheet-scoped
//   twin on the copy (localSheetId = the copy), pointing at the copy, as Excel does.
// - copySheetFrom (XSpreadsheets2.importSheet): the copy is always visible, so the script re-hides it
//   when the source sheet is hidden; it brings the source's workbook-scoped names that refer to that
//   sheet (not the others); on a name clash without replace the copy is named "<name>_2". If this
//   workbook already has a workbook-scoped name of the same name, ours is kept and theirs is
//   dropped; with replace ours was pointing at the deleted sheet, so it is left as #REF!.
// - Deleting the row a formula on another sheet points at leaves a bare #REF! (not Kent!#REF!).
// - LibreOffice cannot hide the last visible sheet (it silently keeps it visible; edit.py fails).
// - ExcelJS reading the result keeps one defined name per name: a sheet-scoped twin overwrites the
//   workbook-scoped one in `workbook.definedNames`, so names are checked in the xml here.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installExcelJsFixes } from "../exceljs/exceljs-fixes";
import { ZipWriter, zipPartData, zipParts } from "../../src/xlsx/zip";
import { editWithLibreOffice, requireLibreOffice, type LibreAction, type LibreJob } from "./index";

const STATE = "ScorecardRAG_State";

/** Indicator, Score, Target, Note; F1 sums the scores. */
const KENT_ROWS: (string | number)[][] = [
  ["Indicator", "Score", "Target", "Note"],
  ["Alpha", 3, 5, "a"],
  ["Bravo", 1, 2, "b"],
  ["Charlie", 5, 4, "c"],
  ["Delta", 2, 1, "d"],
  ["Echo", 4, 3, "e"],
];

/** Opens a workbook as the command line does (with its ExcelJS reading fixes), like test/xlsx/helpers. */
async function load(path: string): Promise<ExcelJS.Workbook> {
  installExcelJsFixes();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

function partText(path: string, name: string): string {
  const zip = readFileSync(path);
  const part = zipParts(zip)?.find((p) => p.name === name);
  if (!part) throw new Error(`${path} has no ${name}`);
  return zipPartData(zip, part)!.toString("utf8");
}

/** Rewrites one part of a zip (the others are copied as they are). */
async function patchPart(path: string, name: string, edit: (xml: string) => string) {
  const source = readFileSync(path);
  const zip = new ZipWriter();
  for (const part of zipParts(source)!) {
    if (part.name.endsWith("/")) continue;
    const data = zipPartData(source, part)!;
    zip.append(part.name === name ? edit(data.toString("utf8")) : data, { name: part.name });
  }
  writeFileSync(path, await zip.finish());
}

function unescapeXml(text: string): string {
  return text
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:]+)="([^"]*)"/g)) out[m[1]!] = unescapeXml(m[2]!);
  return out;
}

interface DefinedName {
  name: string;
  ref: string;
  localSheetId?: string;
  hidden?: string;
}

/** The defined names in xl/workbook.xml, as written. */
function definedNames(path: string): DefinedName[] {
  const xml = partText(path, "xl/workbook.xml");
  return [...xml.matchAll(/<definedName\b([^>]*)>([^<]*)<\/definedName>/g)].map((m) => {
    const a = attributes(m[1]!);
    return {
      name: a.name!,
      ref: unescapeXml(m[2]!),
      ...(a.localSheetId === undefined ? {} : { localSheetId: a.localSheetId }),
      ...(a.hidden === undefined ? {} : { hidden: a.hidden }),
    };
  });
}

/** Sheets in order with their state attribute as written (undefined when absent). */
function sheetStates(path: string): [string, string | undefined][] {
  const xml = partText(path, "xl/workbook.xml");
  return [...xml.matchAll(/<sheet\b([^>]*)\/>/g)].map((m) => {
    const a = attributes(m[1]!);
    return [a.name!, a.state];
  });
}

/** The values of a block of a sheet, by row (formulas as `=text`), read with ExcelJS. */
function values(sheet: ExcelJS.Worksheet, range: string): unknown[][] {
  const [from, to] = range.split(":") as [string, string];
  const a = sheet.getCell(from);
  const b = sheet.getCell(to);
  const rows: unknown[][] = [];
  for (let r = Number(a.row); r <= Number(b.row); r++) {
    const row: unknown[] = [];
    for (let c = Number(a.col); c <= Number(b.col); c++) {
      const cell = sheet.getCell(r, c);
      row.push(cell.formula ? `=${cell.formula}` : (cell.value ?? null));
    }
    rows.push(row);
  }
  return rows;
}

/** `stateName`: also a workbook-scoped name StateRows over the state sheet, as the other file has. */
async function makeScorecard(path: string, stateName = false) {
  const workbook = new ExcelJS.Workbook();
  const kent = workbook.addWorksheet("Kent");
  KENT_ROWS.forEach((row, r) => row.forEach((v, c) => (kent.getCell(r + 1, c + 1).value = v)));
  kent.getCell("F1").value = { formula: "SUM(B2:B6)", result: 15 };
  const surrey = workbook.addWorksheet("Surrey");
  surrey.getCell("A1").value = "surrey";
  surrey.getCell("B1").value = { formula: "Kent!B2", result: 3 };
  workbook.addWorksheet(STATE, { state: "veryHidden" }).getCell("A1").value = "state-main";
  workbook.definedNames.add("Kent!$B$2:$C$5", "Block");
  if (stateName) workbook.definedNames.add(`${STATE}!$A$1`, "StateRows");
  await workbook.xlsx.writeFile(path);
  // ExcelJS cannot write a hidden name: mark it hidden as Excel would store it.
  await patchPart(path, "xl/workbook.xml", (xml) =>
    xml.replace('<definedName name="Block">', '<definedName name="Block" hidden="1">')
  );
}

async function makeOther(path: string) {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("Other").getCell("A1").value = "other";
  const state = workbook.addWorksheet(STATE, { state: "veryHidden" });
  state.getCell("A1").value = "state-other";
  state.getCell("A2").value = 42;
  workbook.definedNames.add(`${STATE}!$A$1:$A$2`, "StateRows");
  workbook.definedNames.add("Other!$A$1", "OtherCell");
  await workbook.xlsx.writeFile(path);
}

/** The jobs, by the name of their output file; all on scorecard.xlsx. */
const JOBS = {
  roundTrip: [],
  insertColumn: [{ op: "insertColumns", sheet: "Kent", at: 0, count: 1 }],
  deleteColumn: [{ op: "deleteColumns", sheet: "Kent", at: 2 }],
  insertRows: [{ op: "insertRows", sheet: "Kent", at: 1, count: 2 }],
  deleteRow: [{ op: "deleteRows", sheet: "Kent", at: 1, count: 1 }],
  sortWithHeader: [
    { op: "sort", sheet: "Kent", range: "A1:D6", key: 1, descending: true, hasHeader: true },
  ],
  sortWithoutHeader: [{ op: "sort", sheet: "Kent", range: "A1:D6", key: 0, hasHeader: false }],
  sortOffsetKey: [
    { op: "sort", sheet: "Kent", range: "B1:D6", key: 1, descending: true, hasHeader: true },
  ],
  rename: [{ op: "renameSheet", sheet: "Kent", to: "Kent County" }],
  move: [{ op: "moveSheet", sheet: "Kent", to: 2 }],
  copy: [{ op: "copySheet", sheet: "Kent", to: "Kent (2)", position: 1 }],
  setCells: [
    { op: "setCell", sheet: "Kent", cell: "D3", value: "my text" },
    { op: "setCell", sheet: "Kent", cell: "B4", value: 12.5 },
    { op: "setCell", sheet: "Kent", cell: "C2", value: null },
    { op: "setCell", sheet: "Kent", cell: "A6", value: "=B2" },
    { op: "setCell", sheet: "Kent", cell: "D6", value: "12" },
  ],
  copyFromReplace: [{ op: "copySheetFrom", file: "other.xlsx", sheet: STATE, replace: true }],
  copyFromKeep: [{ op: "copySheetFrom", file: "other.xlsx", sheet: STATE }],
  copyFromNameClash: [{ op: "copySheetFrom", file: "other.xlsx", sheet: STATE, replace: true }],
  unhide: [{ op: "setSheetVisible", sheet: STATE, visible: true }],
  failing: [
    { op: "setCell", sheet: "Kent", cell: "A1", value: "changed" },
    { op: "renameSheet", sheet: "Nowhere", to: "Somewhere" },
  ],
} satisfies Record<string, LibreAction[]>;
type JobName = keyof typeof JOBS;
/** Jobs on scorecard-named.xlsx (with StateRows) instead. */
const ON_NAMED: ReadonlySet<JobName> = new Set(["copyFromNameClash"]);

describe.skipIf(!requireLibreOffice())("editing .xlsx files through LibreOffice", () => {
  let dir = "";
  const out = (job: JobName | "macro") => join(dir, `${job}.${job === "macro" ? "xlsm" : "xlsx"}`);
  const books = new Map<string, ExcelJS.Workbook>();
  let failure: Error | undefined;

  async function book(job: JobName | "macro"): Promise<ExcelJS.Workbook> {
    let workbook = books.get(job);
    if (!workbook) books.set(job, (workbook = await load(out(job))));
    return workbook;
  }
  async function sheet(job: JobName, name: string): Promise<ExcelJS.Worksheet> {
    const found = (await book(job)).getWorksheet(name);
    if (!found) throw new Error(`${job}: no sheet ${name}`);
    return found;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "scorecard-lo-test-"));
    const input = join(dir, "scorecard.xlsx");
    await makeScorecard(input);
    const named = join(dir, "scorecard-named.xlsx");
    await makeScorecard(named, true);
    await makeOther(join(dir, "other.xlsx"));
    expect(partText(input, "xl/workbook.xml")).toContain('<definedName name="Block" hidden="1">');
    const jobs: LibreJob[] = Object.entries(JOBS).map(([name, actions]) => ({
      input: ON_NAMED.has(name as JobName) ? named : input,
      output: out(name as JobName),
      // Files named in actions are in the test's folder.
      actions: (actions as LibreAction[]).map((a) =>
        a.op === "copySheetFrom" ? { ...a, file: join(dir, a.file) } : a
      ),
    }));
    jobs.push({ input, output: out("macro"), actions: [] });
    try {
      editWithLibreOffice(jobs);
    } catch (error) {
      failure = error as Error;
    }
  }, 200_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("reports the failing job (and only it) by index, and still does the others", () => {
    const index = Object.keys(JOBS).indexOf("failing");
    expect(failure?.message).toContain(
      `{"job": ${index}, "error": "action 1 (renameSheet): no sheet 'Nowhere'`
    );
    expect(failure?.message.match(/"job":/g)).toHaveLength(1);
  });

  it("round trip: the hidden name comes back visible, the very hidden sheet as hidden", async () => {
    expect(definedNames(out("roundTrip"))).toEqual([
      { name: "Block", ref: "Kent!$B$2:$C$5", hidden: "false" },
    ]);
    expect(sheetStates(out("roundTrip"))).toEqual([
      ["Kent", "visible"],
      ["Surrey", "visible"],
      [STATE, "hidden"],
    ]);
    expect(values(await sheet("roundTrip", "Kent"), "A1:D6")).toEqual(KENT_ROWS);
    expect((await sheet("roundTrip", STATE)).state).toBe("hidden");
  });

  it("insertColumns: cells, formulas and the defined name move right", async () => {
    const kent = await sheet("insertColumn", "Kent");
    expect(values(kent, "A1:A6").flat()).toEqual([null, null, null, null, null, null]);
    expect(values(kent, "B1:E6")).toEqual(KENT_ROWS);
    expect(kent.getCell("G1").formula).toBe("SUM(C2:C6)");
    expect(definedNames(out("insertColumn"))[0]?.ref).toBe("Kent!$C$2:$D$5");
    expect((await sheet("insertColumn", "Surrey")).getCell("B1").formula).toBe("Kent!C2");
  });

  it("deleteColumns: cells move left and the name shrinks", async () => {
    const kent = await sheet("deleteColumn", "Kent");
    expect(values(kent, "A1:C6")).toEqual(KENT_ROWS.map((r) => [r[0], r[1], r[3]]));
    expect(kent.getCell("E1").formula).toBe("SUM(B2:B6)");
    expect(definedNames(out("deleteColumn"))[0]?.ref).toBe("Kent!$B$2:$B$5");
  });

  it("insertRows and deleteRows: cells, formulas and the name move down or up", async () => {
    const inserted = await sheet("insertRows", "Kent");
    expect(values(inserted, "A1:D8")).toEqual([
      KENT_ROWS[0],
      [null, null, null, null],
      [null, null, null, null],
      ...KENT_ROWS.slice(1),
    ]);
    expect(inserted.getCell("F1").formula).toBe("SUM(B4:B8)");
    expect(definedNames(out("insertRows"))[0]?.ref).toBe("Kent!$B$4:$C$7");

    const deleted = await sheet("deleteRow", "Kent");
    expect(values(deleted, "A1:D5")).toEqual([KENT_ROWS[0], ...KENT_ROWS.slice(2)]);
    expect(deleted.getCell("F1").formula).toBe("SUM(B2:B5)");
    expect(definedNames(out("deleteRow"))[0]?.ref).toBe("Kent!$B$2:$C$4");
    // The formula on another sheet that pointed into the deleted row: LibreOffice writes a bare
    // #REF! (Excel would write Kent!#REF!).
    expect((await sheet("deleteRow", "Surrey")).getCell("B1").formula).toBe("#REF!");
  });

  it("sort with a header: the header stays, the rows reorder by the key, the name stays", async () => {
    const byScore = [...KENT_ROWS.slice(1)].sort((a, b) => Number(b[1]) - Number(a[1]));
    expect(values(await sheet("sortWithHeader", "Kent"), "A1:D6")).toEqual([
      KENT_ROWS[0],
      ...byScore,
    ]);
    expect(definedNames(out("sortWithHeader"))[0]?.ref).toBe("Kent!$B$2:$C$5");
  });

  it("sort without a header sorts the first row too", async () => {
    expect(values(await sheet("sortWithoutHeader", "Kent"), "A1:A6").flat()).toEqual([
      "Alpha",
      "Bravo",
      "Charlie",
      "Delta",
      "Echo",
      "Indicator",
    ]);
  });

  it("sort: the key counts from the range's first column; cells outside the range stay", async () => {
    const kent = await sheet("sortOffsetKey", "Kent");
    // B1:D6 by its second column (C, Target), descending; column A is outside the range.
    expect(values(kent, "A1:A6")).toEqual(KENT_ROWS.map((r) => [r[0]]));
    const byTarget = KENT_ROWS.slice(1)
      .map((r) => r.slice(1))
      .sort((a, b) => Number(b[1]) - Number(a[1]));
    expect(values(kent, "B1:D6")).toEqual([KENT_ROWS[0]!.slice(1), ...byTarget]);
  });

  it("renameSheet: the name and the formulas on other sheets follow", async () => {
    expect((await book("rename")).worksheets.map((s) => s.name)).toEqual([
      "Kent County",
      "Surrey",
      STATE,
    ]);
    expect(definedNames(out("rename"))[0]?.ref).toBe("'Kent County'!$B$2:$C$5");
    expect((await sheet("rename", "Surrey")).getCell("B1").formula).toBe("'Kent County'!B2");
  });

  it("moveSheet: the sheet lands at the new position, hidden sheets counted", async () => {
    expect(sheetStates(out("move")).map(([name]) => name)).toEqual(["Surrey", STATE, "Kent"]);
    expect(definedNames(out("move"))[0]?.ref).toBe("Kent!$B$2:$C$5");
  });

  it("copySheet: a new sheet with the same cells, and a sheet-scoped copy of the name", async () => {
    expect(sheetStates(out("copy")).map(([name]) => name)).toEqual([
      "Kent",
      "Kent (2)",
      "Surrey",
      STATE,
    ]);
    const copy = await sheet("copy", "Kent (2)");
    expect(values(copy, "A1:D6")).toEqual(KENT_ROWS);
    expect(copy.getCell("F1").formula).toBe("SUM(B2:B6)");
    expect(definedNames(out("copy"))).toEqual([
      { name: "Block", ref: "Kent!$B$2:$C$5", hidden: "false" },
      { name: "Block", ref: "'Kent (2)'!$B$2:$C$5", localSheetId: "1", hidden: "false" },
    ]);
  });

  it("setCell: text as text, numbers as numbers, null clears", async () => {
    const kent = await sheet("setCells", "Kent");
    expect(kent.getCell("D3").value).toBe("my text");
    expect(kent.getCell("B4").value).toBe(12.5);
    expect(kent.getCell("C2").value).toBeNull();
    expect(kent.getCell("A6").value).toBe("=B2");
    expect(kent.getCell("A6").formula).toBeFalsy();
    expect(kent.getCell("D6").value).toBe("12");
    expect(kent.getCell("B2").value).toBe(3);
  });

  it("copySheetFrom with replace: the other file's sheet in place of ours, still hidden", async () => {
    expect(sheetStates(out("copyFromReplace"))).toEqual([
      ["Kent", "visible"],
      ["Surrey", "visible"],
      [STATE, "hidden"],
    ]);
    expect(values(await sheet("copyFromReplace", STATE), "A1:A2")).toEqual([["state-other"], [42]]);
    // The workbook-scoped name over the copied sheet came along; the other file's other name did not.
    expect(definedNames(out("copyFromReplace")).map((n) => [n.name, n.ref])).toEqual([
      ["Block", "Kent!$B$2:$C$5"],
      ["StateRows", `${STATE}!$A$1:$A$2`],
    ]);
  });

  it("copySheetFrom without replace: LibreOffice names the copy <name>_2", async () => {
    expect(sheetStates(out("copyFromKeep"))).toEqual([
      ["Kent", "visible"],
      ["Surrey", "visible"],
      [STATE, "hidden"],
      [`${STATE}_2`, "hidden"],
    ]);
    expect((await sheet("copyFromKeep", STATE)).getCell("A1").value).toBe("state-main");
    expect((await sheet("copyFromKeep", `${STATE}_2`)).getCell("A1").value).toBe("state-other");
  });

  it("copySheetFrom over a sheet our own name refers to: that name breaks, theirs is not brought", async () => {
    // Deleting our state sheet turns our StateRows into #REF!; importSheet then keeps ours and drops
    // the other file's StateRows (the same happens without replace: ours is kept).
    expect(definedNames(out("copyFromNameClash")).map((n) => [n.name, n.ref])).toEqual([
      ["Block", "Kent!$B$2:$C$5"],
      ["StateRows", "#REF!"],
    ]);
    expect((await sheet("copyFromNameClash", STATE)).getCell("A1").value).toBe("state-other");
  });

  it("setSheetVisible unhides the very hidden state sheet", async () => {
    expect(sheetStates(out("unhide"))).toEqual([
      ["Kent", "visible"],
      ["Surrey", "visible"],
      [STATE, "visible"],
    ]);
  });

  it("a .xlsm output is stored as a macro-enabled workbook", () => {
    expect(partText(out("macro"), "[Content_Types].xml")).toContain(
      "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    );
  });
});
