import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import { columnIndex, columnLetter } from "../../src/workbook/address";
import {
  CARRIED_SHEET_PARTS,
  carriedRelationship,
  RELATIONSHIP_ELEMENT,
  SHEET_RELS,
} from "./sheet-relations";

/*
 * Fixes to ExcelJS 4.4's reader, installed once before the first read. Each
 * leans on ExcelJS's internals; if they are not as expected, that fix is left
 * out and ExcelJS reads as it reads.
 *
 * 1. Notes on empty cells. ExcelJS attaches a note (legacy comment) to its
 *    cell while reading the cells of the sheet, so a note on a cell that has
 *    no `<c>` element in the sheet XML (an empty, unformatted cell) is
 *    silently dropped, and lost when the workbook is saved again. The fix adds
 *    an empty cell for each such note before ExcelJS attaches them.
 *
 * 2. Numbers a double cannot hold. ExcelJS reads a number cell with
 *    `parseFloat`, so `<v>1e400</v>` becomes `Infinity` (and `<v>abc</v>`
 *    `NaN`), which it later writes as `<v>Infinity</v>`: not a number in XML,
 *    and a file Excel repairs and openpyxl cannot open. Such a cell is kept as
 *    its original text instead (a text cell, which rates as no value), with a
 *    warning naming the sheet and cell; a formula's cached result of that kind
 *    is dropped (Excel recalculates it), with a warning. A number with a date
 *    format that is no date (1e300 days) stays the number it was, not an
 *    invalid date (which ExcelJS writes as `NaN`).
 *
 * 3. Shared strings that are not there. A text cell (`t="s"`) holds an index
 *    into xl/sharedStrings.xml. ExcelJS keeps the bare index as a number when
 *    that part is missing (every text cell silently becomes 0, 1, 2…) and
 *    fails with a TypeError on an index out of range. Both are refused here
 *    with a `ReaderProblem` naming the sheet and cell.
 *
 * 4. Rows and cells without an address. The `r` attribute of `<row>` and
 *    `<c>` is optional: without it, a row follows the one before, and a cell
 *    the one to its left. ExcelJS fails with a TypeError on such a sheet
 *    (some tools write them); the fix numbers them as Excel does.
 *
 * 5. Saving millions of cells. When it saves, ExcelJS gives each cell's style
 *    object its style number through a WeakMap; with a million or more cells
 *    (each with its own style object once read) V8's collection of so large a
 *    WeakMap makes the save superlinear (200,000 rows by 10 columns: 75 s to
 *    save, 23 s with a Map). The fix uses a Map, which lives only as long as
 *    the save.
 *
 * 6. Where a read failed. Every part of the .xlsx is unpacked and parsed in
 *    turn; an error from deep inside (a damaged sheet's XML) says neither
 *    which part nor which sheet. While a read runs inside `withReadContext`,
 *    the part being parsed and the sheet being assembled are recorded, so the
 *    caller (io.ts) can name them.
 *
 * 7. Part names other tools choose. ExcelJS finds a sheet's notes, their
 *    drawing and its tables only under the names it writes itself
 *    (`xl/comments1.xml`, `xl/drawings/vmlDrawing1.vml`,
 *    `xl/tables/table1.xml`) and only by the relative targets it writes
 *    (`../comments1.xml`). openpyxl writes `xl/comments/comment1.xml` and
 *    `xl/drawings/commentsDrawing1.vml` with absolute targets
 *    (`/xl/comments/comment1.xml`), both valid (ECMA-376 Part 2, 9.3), and
 *    ExcelJS then failed on every sheet with a note ("Cannot read properties
 *    of undefined (reading 'comments')"). Before ExcelJS reads the parts, such
 *    a part is given a name of ExcelJS's pattern and the sheet's relationship
 *    the relative target to it; nothing is unpacked but the sheets' `.rels`.
 *
 * 8. A note's text without runs. A note's `<text>` holds either runs
 *    (`<r><rPr/><t>…</t></r>`, as Excel writes it) or one plain `<t>`
 *    (openpyxl, and the schema's CT_Rst allows it). ExcelJS reads only runs,
 *    so a plain note came through empty and was saved as `<text/>`: the
 *    officer's words lost. The fix reads a plain `<t>` as one run without
 *    formatting; phonetic text (`<rPh><t>`) is not part of the note.
 *
 * 9. Formulas saved without a result (a warning; nothing is changed): see
 *    `reportCellProblems`, which also names the cells of fix 2.
 */

/** Something the reader changed or noticed in a cell (see 2), for the run's warnings. */
export type { ReaderWarning } from "../../src/xlsx/package/read-sheet";
import type { ReaderWarning } from "../../src/xlsx/package/read-sheet";

/** A workbook this tool refuses to read as it is (see 3): the problem, without the file's name. */
export class ReaderProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReaderProblem";
  }
}

/** What a read in progress is doing (see 6), and what it noticed (see 2). */
export interface ReadContext {
  /** The part being unpacked and parsed, until all are (`xl/worksheets/sheet2.xml`). */
  part?: string;
  /** The sheet being assembled, once the parts are parsed. */
  sheet?: string;
  readonly warnings: ReaderWarning[];
}

const contexts = new AsyncLocalStorage<ReadContext>();

/** Runs a read (ExcelJS's `load`) recording what it reads in `context`. */
export function withReadContext<T>(context: ReadContext, read: () => Promise<T>): Promise<T> {
  return contexts.run(context, read);
}

interface CellModel {
  address: string;
  type: number;
  value?: unknown;
  result?: unknown;
  formula?: string;
  sharedFormula?: string;
  shareType?: string;
  /** Set by fix 2: the text of a `<v>` that is no number a double can hold (or no date, for `t="d"`). */
  __scorecardNotNumber?: { readonly text: string; readonly date: boolean };
  styleId?: number;
  /** Set by fix 2: the `<v>` text of a number, to undo a date that is none. */
  __scorecardNumberText?: string;
}
interface RowModel {
  number: number;
  cells: CellModel[];
  min?: number;
  max?: number;
  hidden?: boolean;
  outlineLevel?: number;
}
interface SheetModel {
  name?: string;
  relationships?: { Type: string; Target: string }[];
  rows?: RowModel[];
}
interface SharedStrings {
  readonly values?: readonly unknown[];
}
interface ReconcileOptions {
  comments?: Record<string, { comments?: { ref?: string }[] }>;
  sharedStrings?: SharedStrings;
}
interface XformPrototype {
  reconcile(model: SheetModel, options: ReconcileOptions): void;
  __scorecardNotesFix?: boolean;
}
/** ExcelJS's CommentXform while it parses one `<comment>` (fix 8). */
interface CommentXformPrototype {
  parser?: unknown;
  model?: { note?: { texts: { text: string }[] } };
  parseOpen(node: { name: string }): boolean;
  parseText(text: string): void;
  parseClose(name: string): boolean;
  __plainText?: string;
  __phonetic?: number;
  __scorecardPlainTextFix?: boolean;
}
interface CellXformPrototype {
  model: CellModel;
  t?: string;
  parseClose(name: string): boolean;
  __scorecardNumberFix?: boolean;
}

const COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;
/** ExcelJS's ValueType (lib/doc/enums.js). */
const TYPE = { Null: 0, Number: 2, String: 3, Date: 4, Formula: 6 } as const;

/** A cell address as 1-based row and column, as ExcelJS numbers them. */
function decode(address: string): { row: number; col: number } | undefined {
  const match = /^([A-Z]{1,3})(\d+)$/.exec(address);
  if (!match) return undefined;
  return { row: Number(match[2]), col: columnIndex(match[1]!)! + 1 };
}

/** Fix 4: rows and cells without an `r` follow the one before (ECMA-376 §18.3.1.73, §18.3.1.4). */
function fillAddresses(model: SheetModel): void {
  let previousRow = 0;
  for (const row of model.rows ?? []) {
    if (!row) continue;
    if (!Number.isInteger(row.number) || row.number < 1) row.number = previousRow + 1;
    if (row.number > MAX_ROW)
      throw new ReaderProblem(
        `sheet "${sheetName(model)}" has a row numbered ${row.number}, beyond Excel's last row (${MAX_ROW})`
      );
    previousRow = row.number;
    let previousColumn = 0;
    for (const cell of row.cells ?? []) {
      if (!cell) continue;
      const at = typeof cell.address === "string" ? decode(cell.address) : undefined;
      if (at) {
        if (at.col > MAX_COLUMN || at.row > MAX_ROW)
          throw new ReaderProblem(
            `sheet "${sheetName(model)}" has a cell at ${cell.address}, beyond Excel's last cell (XFD${MAX_ROW})`
          );
        previousColumn = at.col;
        continue;
      }
      previousColumn += 1;
      if (previousColumn > MAX_COLUMN)
        throw new ReaderProblem(
          `sheet "${sheetName(model)}" row ${row.number} has more than ${MAX_COLUMN} cells`
        );
      cell.address = `${columnLetter(previousColumn - 1)}${row.number}`;
    }
  }
}

/** Fix 1: adds empty cells for notes on cells the sheet XML does not list. */
function addCellsForNotes(model: SheetModel, options: ReconcileOptions): void {
  const rel = (model.relationships ?? []).find((r) => r.Type === COMMENTS_REL);
  const comments = rel ? options.comments?.[rel.Target]?.comments : undefined;
  if (!comments?.length || !model.rows) return;
  const rows = new Map(model.rows.map((row) => [row.number, row]));
  for (const comment of comments) {
    const at = comment.ref ? decode(comment.ref) : undefined;
    if (!at) continue;
    let row = rows.get(at.row);
    if (!row) {
      row = { number: at.row, cells: [], hidden: false, outlineLevel: 0 };
      rows.set(at.row, row);
      model.rows.push(row);
    }
    if (row.cells.some((cell) => cell.address === comment.ref)) continue;
    row.cells.push({ address: comment.ref!, type: TYPE.Null });
    row.min = Math.min(row.min ?? at.col, at.col);
    row.max = Math.max(row.max ?? at.col, at.col);
  }
  model.rows.sort((a, b) => a.number - b.number);
}

/** A value shown in a message: quoted, and cut short when long. */
function quoted(text: string): string {
  const t = text.trim();
  return `"${t.length > 40 ? `${t.slice(0, 40)}…` : t}"`;
}

function sheetName(model: SheetModel): string {
  return model.name ?? "(unnamed)";
}

/** Fix 3: every shared-string cell's index is a string the workbook has. */
function checkSharedStrings(model: SheetModel, options: ReconcileOptions): void {
  const values = options.sharedStrings?.values;
  const count = Array.isArray(values) ? values.length : undefined;
  let first: CellModel | undefined;
  let uses = 0;
  for (const row of model.rows ?? []) {
    for (const cell of row?.cells ?? []) {
      if (!cell || cell.type !== TYPE.String || typeof cell.value !== "number") continue;
      uses++;
      first ??= cell;
      if (count === undefined) continue;
      const index = cell.value;
      if (!Number.isInteger(index) || index < 0 || index >= count)
        throw new ReaderProblem(
          `sheet "${sheetName(model)}" cell ${cell.address ?? "(no address)"} refers to shared string ` +
            `${Number.isNaN(index) ? "(not a number)" : String(index)}, but xl/sharedStrings.xml has ` +
            (count === 0 ? "none" : `only ${count} (0 to ${count - 1})`)
        );
    }
  }
  if (count === undefined && first)
    throw new ReaderProblem(
      `xl/sharedStrings.xml is missing but sheet "${sheetName(model)}" uses shared strings ` +
        `(cell ${first.address ?? "(no address)"}${uses > 1 ? ` and ${uses - 1} more` : ""}): its text cells cannot be read`
    );
}

/** Fix 2, reported: the cells read as text (or without a result) because their number is none. */
/**
 * Fixes 2 and 9, as warnings: the cells fix 2 kept as text or whose result it
 * dropped, each named; and (fix 9) formulas saved without their result.
 * Excel saves each formula's last result (`<f>…</f><v>17</v>`); a program
 * that writes formulas without calculating them (openpyxl, most scripts)
 * leaves `<v>` out or empty, and until Excel recalculates, the cell has no
 * value here and is rated as blank. Those get one warning per sheet, naming
 * the first cells, so a scorecard of formulas is not a thousand lines. A
 * result fix 2 dropped is warned of once, as fix 2's.
 */
function reportCellProblems(model: SheetModel, warnings: ReaderWarning[] | undefined): void {
  const uncalculated: string[] = [];
  for (const row of model.rows ?? []) {
    for (const cell of row?.cells ?? []) {
      const odd = cell?.__scorecardNotNumber;
      if (odd === undefined) {
        if (cell?.type === TYPE.Formula && cell.result === undefined)
          uncalculated.push(cell.address);
        continue;
      }
      delete cell.__scorecardNotNumber;
      const text = odd.text;
      warnings?.push({
        sheet: sheetName(model),
        cell: cell.address,
        message: odd.date
          ? `${quoted(text)} is marked as a date (t="d") but is not one; kept as that text.`
          : cell.type === TYPE.Formula
            ? `The formula's saved result ${quoted(text)} is not a number Excel can hold; it is left out (Excel recalculates it), so the cell has no value here.`
            : `${quoted(text)} is not a number Excel can hold (beyond ±1.8e308, or not a number at all); kept as that text, so it is not rated as a number.`,
      });
    }
  }
  const first = uncalculated[0];
  if (first === undefined) return;
  const others = uncalculated.slice(1, 6).join(", ") + (uncalculated.length > 6 ? ", …" : "");
  const which =
    uncalculated.length === 1
      ? "A formula saved without its result"
      : `This formula and ${uncalculated.length - 1} more (${others}) saved without their results`;
  warnings?.push({
    sheet: sheetName(model),
    cell: first,
    message: `${which}: the file was written by a program that does not calculate (openpyxl is one), so ${uncalculated.length === 1 ? "it reads" : "they read"} as blank here. Open the file in Excel or LibreOffice, save it, and rate again.`,
  });
}

/** Fix 2, dates: a number in a date format that is no date stays the number. */
function undoInvalidDates(model: SheetModel, warnings: ReaderWarning[] | undefined): void {
  for (const row of model.rows ?? []) {
    for (const cell of row?.cells ?? []) {
      if (!cell) continue;
      const text = cell.__scorecardNumberText;
      delete cell.__scorecardNumberText;
      if (text === undefined) continue;
      const isFormula = cell.type === TYPE.Formula;
      const value = isFormula ? cell.result : cell.value;
      if (!(value instanceof Date) || !Number.isNaN(value.getTime())) continue;
      const number = parseFloat(text);
      if (isFormula) cell.result = number;
      else {
        cell.type = TYPE.Number;
        cell.value = number;
      }
      warnings?.push({
        sheet: sheetName(model),
        cell: cell.address,
        message: `${quoted(text)} has a date format but is no date Excel can show; kept as the number.`,
      });
    }
  }
}

/** Fix 2, while a cell is parsed: `raw` is its `<v>` text, `t` its type attribute. */

function keepNumberText(model: CellModel, raw: unknown, t: string | undefined): void {
  if (typeof raw !== "string") return;
  if (model.type === TYPE.Number && t === "d") {
    // An ISO 8601 date (`t="d"`), which ExcelJS would read as the number before its first `-`.
    const date = /^\s*\d{4}-\d\d-\d\d/.test(raw) ? new Date(raw.trim()) : undefined;
    if (date && !Number.isNaN(date.getTime())) {
      model.type = TYPE.Date;
      model.value = date;
    } else {
      model.type = TYPE.String;
      model.value = raw;
      model.__scorecardNotNumber = { text: raw, date: true };
    }
  } else if (model.type === TYPE.Number && typeof model.value === "number") {
    if (!Number.isFinite(model.value)) {
      model.type = TYPE.String;
      model.value = raw;
      model.__scorecardNotNumber = { text: raw, date: false };
    } else if (model.styleId !== undefined) model.__scorecardNumberText = raw;
  } else if (model.type === TYPE.Formula && typeof model.result === "number") {
    if (!Number.isFinite(model.result)) {
      delete model.result;
      model.__scorecardNotNumber = { text: raw, date: false };
    } else if (model.styleId !== undefined) model.__scorecardNumberText = raw;
  }
}

let installed = false;

/** Runs `fix`, ignoring it if ExcelJS is not laid out as expected. */
/** What fix 7 needs of a JSZip instance. */
interface RenamableZip {
  files: Record<string, { name: string; async(type: "string"): Promise<string> }>;
  file(name: string, data: string): unknown;
}

/**
 * Fix 7: renames the notes, note drawings and tables of each sheet that
 * ExcelJS would not find, and points the sheet's relationship at the new
 * name by ExcelJS's relative target.
 */
async function renameForeignParts(zip: RenamableZip): Promise<void> {
  const names = Object.keys(zip.files);
  const used = CARRIED_SHEET_PARTS.map(({ pattern }) =>
    names.reduce((most, name) => Math.max(most, Number(pattern.exec(name)?.[1] ?? 0)), 0)
  );
  const renamed = new Map<string, string>();
  for (const relsName of names) {
    const file = SHEET_RELS.test(relsName) ? zip.files[relsName] : undefined;
    if (!file) continue;
    const text = await file.async("string");
    let changed = false;
    const next = text.replace(RELATIONSHIP_ELEMENT, (element) => {
      const relation = carriedRelationship(element);
      if (!relation) return element;
      const kind = CARRIED_SHEET_PARTS[relation.kind]!;
      let name = renamed.get(relation.part) ?? relation.part;
      if (!kind.pattern.test(name)) {
        const found = zip.files[relation.part];
        if (!found) return element;
        used[relation.kind] = (used[relation.kind] ?? 0) + 1;
        name = kind.fresh(used[relation.kind] ?? 1);
        delete zip.files[relation.part];
        found.name = name;
        zip.files[name] = found;
        renamed.set(relation.part, name);
      }
      const relative = `../${name.slice("xl/".length)}`;
      if (relative === relation.target) return element;
      changed = true;
      const end = relation.targetAt + relation.target.length;
      return `${element.slice(0, relation.targetAt)}${relative}${element.slice(end)}`;
    });
    if (changed) zip.file(relsName, next);
  }
}

function attempt(fix: () => void): void {
  try {
    fix();
  } catch {
    // ExcelJS laid out differently: read as it reads.
  }
}

export function installExcelJsFixes(): void {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  const load = <T>(path: string): T => require(`exceljs/lib/${path}`) as T;

  // Fixes 1, 2 (reporting), 3 and 4, and the sheet for fix 6: as each sheet is assembled.
  attempt(() => {
    const proto = load<{ prototype: XformPrototype }>(
      "xlsx/xform/sheet/worksheet-xform.js"
    ).prototype;
    if (typeof proto.reconcile !== "function" || proto.__scorecardNotesFix) return;
    const original = proto.reconcile;
    proto.reconcile = function (this: XformPrototype, model, options) {
      const context = contexts.getStore();
      if (context) context.sheet = model.name;
      fillAddresses(model);
      checkSharedStrings(model, options);
      reportCellProblems(model, context?.warnings);
      try {
        addCellsForNotes(model, options);
      } catch {
        // Leave ExcelJS to do what it does.
      }
      original.call(this, model, options);
      undoInvalidDates(model, context?.warnings);
    };
    proto.__scorecardNotesFix = true;
  });

  // Fix 2: a cell's number as it is parsed.
  attempt(() => {
    const proto = load<{ prototype: CellXformPrototype }>(
      "xlsx/xform/sheet/cell-xform.js"
    ).prototype;
    if (typeof proto.parseClose !== "function" || proto.__scorecardNumberFix) return;
    const original = proto.parseClose;
    proto.parseClose = function (this: CellXformPrototype, name: string) {
      if (name !== "c" || !this.model) return original.call(this, name);
      const model = this.model;
      const raw = model.value;
      const t = this.t;
      const result = original.call(this, name);
      keepNumberText(model, raw, t);
      return result;
    };
    proto.__scorecardNumberFix = true;
  });

  // Fix 8: a note's plain `<t>`.
  attempt(() => {
    const proto = load<{ prototype: CommentXformPrototype }>(
      "xlsx/xform/comment/comment-xform.js"
    ).prototype;
    if (typeof proto.parseOpen !== "function" || proto.__scorecardPlainTextFix) return;
    const { parseOpen, parseText, parseClose } = proto;
    proto.parseOpen = function (this: CommentXformPrototype, node: { name: string }) {
      if (!this.parser && this.model?.note) {
        if (node.name === "rPh") this.__phonetic = (this.__phonetic ?? 0) + 1;
        else if (node.name === "t" && !this.__phonetic) {
          this.__plainText = "";
          return true;
        }
      }
      return parseOpen.call(this, node);
    };
    proto.parseText = function (this: CommentXformPrototype, text: string) {
      if (!this.parser && this.__plainText !== undefined) this.__plainText += text;
      else parseText.call(this, text);
    };
    proto.parseClose = function (this: CommentXformPrototype, name: string) {
      if (!this.parser && name === "t" && this.__plainText !== undefined) {
        this.model?.note?.texts.push({ text: this.__plainText });
        this.__plainText = undefined;
        return true;
      }
      if (!this.parser && name === "rPh" && this.__phonetic) this.__phonetic -= 1;
      return parseClose.call(this, name);
    };
    proto.__scorecardPlainTextFix = true;
  });

  // Fix 5: a Map for the styles of a save.
  attempt(() => {
    const proto = load<{
      prototype: { init(...args: unknown[]): unknown; __scorecardStyleMapFix?: boolean };
    }>("xlsx/xform/style/styles-xform.js").prototype;
    if (typeof proto.init !== "function" || proto.__scorecardStyleMapFix) return;
    const init = proto.init;
    proto.init = function (this: { weakMap?: unknown }, ...args: unknown[]) {
      const result = init.apply(this, args);
      if (this.weakMap instanceof WeakMap) this.weakMap = new Map();
      return result;
    };
    proto.__scorecardStyleMapFix = true;
  });

  // Fix 6: the part being parsed. ExcelJS unpacks each part with JSZip's `async` and parses it
  // before the next, so the last part unpacked is the one being parsed.
  attempt(() => {
    const xlsxPath = require.resolve("exceljs/lib/xlsx/xlsx.js");
    const JSZip = createRequire(xlsxPath)("jszip") as {
      loadAsync: (...args: unknown[]) => Promise<{ files: Record<string, ZipObject> }>;
      __scorecardPartFix?: boolean;
    };
    interface ZipObject {
      name: string;
      async: (...args: unknown[]) => Promise<unknown>;
    }
    if (typeof JSZip.loadAsync !== "function" || JSZip.__scorecardPartFix) return;
    const original = JSZip.loadAsync;
    JSZip.loadAsync = async function (this: unknown, ...args: unknown[]) {
      const zip = await original.apply(this, args);
      const context = contexts.getStore();
      if (zip && typeof zip.files === "object")
        try {
          await renameForeignParts(zip as unknown as RenamableZip);
        } catch {
          // Leave the names as they are: ExcelJS reads what it can, and io.ts names what it cannot.
        }
      if (context && zip && typeof zip.files === "object")
        for (const file of Object.values(zip.files)) {
          const unpack = file.async;
          if (typeof unpack !== "function") continue;
          file.async = function (this: ZipObject, ...a: unknown[]) {
            context.part = file.name;
            return unpack.apply(this, a);
          };
        }
      return zip;
    };
    JSZip.__scorecardPartFix = true;

    // Once every part is parsed, failures are the sheets' (named by the fix above and below).
    const XLSX = require(xlsxPath) as {
      prototype: { reconcile(...args: unknown[]): unknown; __scorecardPartFix?: boolean };
    };
    const proto = XLSX.prototype;
    if (typeof proto.reconcile !== "function" || proto.__scorecardPartFix) return;
    const reconcile = proto.reconcile;
    proto.reconcile = function (this: unknown, ...args: unknown[]) {
      const context = contexts.getStore();
      if (context) context.part = undefined;
      return reconcile.apply(this, args);
    };
    proto.__scorecardPartFix = true;
  });

  // Fix 6: the sheet whose model is being applied, after the parts are reconciled.
  attempt(() => {
    const Worksheet = load<{ prototype: object }>("doc/worksheet.js");
    const descriptor = Object.getOwnPropertyDescriptor(Worksheet.prototype, "model");
    const set = descriptor?.set as ((this: unknown, value: SheetModel) => void) & {
      __scorecardPartFix?: boolean;
    };
    if (!descriptor || typeof set !== "function" || set.__scorecardPartFix) return;
    const wrapped = function (this: unknown, value: SheetModel) {
      const context = contexts.getStore();
      if (context && value && typeof value === "object") context.sheet = value.name;
      set.call(this, value);
    };
    wrapped.__scorecardPartFix = true;
    Object.defineProperty(Worksheet.prototype, "model", { ...descriptor, set: wrapped });
  });
}
