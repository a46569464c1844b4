/**
 * The pieces of test/xlsx/ownership-matrix.test.ts: the two workbooks, the user actions as
 * LibreOffice jobs, running the matrix, and the checks. Each check returns a list of problems
 * (empty when all is well), so a failing test says which cells and why.
 */
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type ExcelJS from "exceljs";
import { buildExample } from "../../examples/make-example";
import type { JsonDocument } from "../../src/cli/json";
import { cellAddress, parseRange, qualified } from "../../src/workbook/address";
import { isOwnedName, parseNameReference } from "../../src/workbook/ownership";
import { DEFAULT_HEADERS } from "../../src/workbook/settings";
import { STATE_SHEET } from "../../src/workbook/state";
import { zipPartData, zipParts } from "../../src/xlsx/zip";
import { sharedFixturePath } from "../fixtures";
import { editWithLibreOffice, type LibreAction, type LibreJob } from "../libreoffice/index";
import { ownedView, type OwnedSheetView } from "../owned-view";
import { cellAt, load, runCli, type CellView } from "./helpers";

/** The four headers the tool writes over its columns. */
export const TOOL_HEADERS: readonly string[] = [
  DEFAULT_HEADERS.rag,
  DEFAULT_HEADERS.shortTrend,
  DEFAULT_HEADERS.longTrend,
  DEFAULT_HEADERS.commentary,
];

export type BookKey = "medway" | "example";

/** A workbook of the matrix, and where its first table and block are on the sheet the actions edit (0-based). */
export interface Book {
  readonly key: BookKey;
  readonly label: string;
  /** The sheet every action edits. */
  readonly sheet: string;
  /** Every sheet the tool rates (each has blocks once rated). */
  readonly rated: readonly string[];
  /** Blocks on each rated sheet. */
  readonly blocks: number;
  /** The first table's last header row: the top of its block. */
  readonly headerRow: number;
  /** The first table's last row. */
  readonly bottom: number;
  /** The first table's last column; its block starts right after it. */
  readonly tableRight: number;
  /** A user column inside the table that is not the code, value or target column. */
  readonly userColumn: number;
  /** A body row of the first table: rows are inserted before it, and it is the row deleted. */
  readonly bodyRow: number;
  /** Where the sheet is moved to (0-based, hidden sheets counted). */
  readonly moveTo: number;
}

export const BOOKS: readonly Book[] = [
  {
    key: "medway",
    label: "Medway Q2 2022/23",
    sheet: "People Q2 22-23",
    rated: ["People Q2 22-23"],
    blocks: 5,
    headerRow: 7, // A8:H14, the first of five stacked tables; blocks in I:L
    bottom: 13,
    tableRight: 7,
    userColumn: 6, // G, the published Short Trend
    bodyRow: 10, // row 11, PH15
    moveTo: 1, // after the state sheet, the only other sheet
  },
  {
    key: "example",
    label: "the district scorecard example",
    sheet: "Dover",
    rated: ["Kent", "Ashford", "Canterbury", "Dover", "Maidstone"],
    blocks: 1,
    headerRow: 4, // A4:AI16 with a two-row header; block AJ5:AM16
    bottom: 15,
    tableRight: 34,
    userColumn: 31, // AF, the Nov-22 month of the history
    bodyRow: 10, // row 11, SCS08, whose value cell H11 has one of the tool's notes
    moveTo: 0,
  },
];

/** The first block's left column once rated. */
export const blockLeft = (book: Book): number => book.tableRight + 1;

export type CaseId =
  | "insertColumnLeft"
  | "insertColumnInside"
  | "insertColumnRight"
  | "deleteUserColumn"
  | "insertRowsAbove"
  | "deleteRowAbove"
  | "insertRowsInside"
  | "deleteRowInside"
  | "sortWithOwned"
  | "sortWithoutOwned"
  | "renameSheet"
  | "moveSheet"
  | "copySheet"
  | "typeIntoOwned"
  | "overwriteHeader"
  | "pasteState"
  | "garbleState";

export const RENAMED = "Renamed sheet";
export const copyName = (book: Book): string => `${book.sheet} (2)`;
export const TYPED_COMMENTARY = "Checked with the service: the figure is right";
export const TYPED_RAG = "Amber (agreed at DMT)";
export const TYPED_HEADER = "My RAG";
export const GARBAGE = "{garbage";

/** The cells typed into in `typeIntoOwned`: a Commentary cell and a RAG cell of the first block. */
export function typedCells(book: Book): { cell: string; value: string }[] {
  return [
    { cell: cellAddress(book.headerRow + 2, blockLeft(book) + 3), value: TYPED_COMMENTARY },
    { cell: cellAddress(book.headerRow + 3, blockLeft(book)), value: TYPED_RAG },
  ];
}

export const headerCell = (book: Book): string => cellAddress(book.headerRow, blockLeft(book));

export interface CaseDef {
  readonly id: CaseId;
  readonly title: string;
  /** What the user does to the rated workbook. */
  readonly actions: (book: Book, otherRated: string) => LibreAction[];
  /** The same action on the unrated original, where that is well-defined: cleared, the edited file must equal it. */
  readonly base?: (book: Book) => LibreAction[];
  /** The edited sheet's name after the action. */
  readonly sheetAfter: (book: Book) => string;
  /** Where the first block is after the action (its top and left), before any run. */
  readonly blockAfter: (book: Book) => { top: number; left: number };
}

function sortRange(book: Book, withOwned: boolean): string {
  const right = withOwned ? blockLeft(book) + 3 : book.tableRight;
  return `${cellAddress(book.headerRow, 0)}:${cellAddress(book.bottom, right)}`;
}

const same = (book: Book) => book.sheet;
const unmoved = (book: Book) => ({ top: book.headerRow, left: blockLeft(book) });
const right = (by: number) => (book: Book) => ({ top: book.headerRow, left: blockLeft(book) + by });

const ACTIONS: Record<CaseId, (book: Book, otherRated: string) => LibreAction[]> = {
  insertColumnLeft: (b) => [{ op: "insertColumns", sheet: b.sheet, at: 0 }],
  insertColumnInside: (b) => [{ op: "insertColumns", sheet: b.sheet, at: 3 }],
  insertColumnRight: (b) => [{ op: "insertColumns", sheet: b.sheet, at: blockLeft(b) }],
  deleteUserColumn: (b) => [{ op: "deleteColumns", sheet: b.sheet, at: b.userColumn }],
  insertRowsAbove: (b) => [{ op: "insertRows", sheet: b.sheet, at: b.headerRow - 1, count: 2 }],
  deleteRowAbove: (b) => [{ op: "deleteRows", sheet: b.sheet, at: 1 }],
  insertRowsInside: (b) => [{ op: "insertRows", sheet: b.sheet, at: b.bodyRow, count: 2 }],
  deleteRowInside: (b) => [{ op: "deleteRows", sheet: b.sheet, at: b.bodyRow }],
  sortWithOwned: (b) => [
    {
      op: "sort",
      sheet: b.sheet,
      range: sortRange(b, true),
      key: 0,
      descending: true,
      hasHeader: true,
    },
  ],
  sortWithoutOwned: (b) => [
    {
      op: "sort",
      sheet: b.sheet,
      range: sortRange(b, false),
      key: 0,
      descending: true,
      hasHeader: true,
    },
  ],
  renameSheet: (b) => [{ op: "renameSheet", sheet: b.sheet, to: RENAMED }],
  moveSheet: (b) => [{ op: "moveSheet", sheet: b.sheet, to: b.moveTo }],
  copySheet: (b) => [{ op: "copySheet", sheet: b.sheet, to: copyName(b) }],
  typeIntoOwned: (b) =>
    typedCells(b).map(({ cell, value }) => ({ op: "setCell", sheet: b.sheet, cell, value })),
  overwriteHeader: (b) => [
    { op: "setCell", sheet: b.sheet, cell: headerCell(b), value: TYPED_HEADER },
  ],
  pasteState: (_b, otherRated) => [
    { op: "copySheetFrom", file: otherRated, sheet: STATE_SHEET, replace: true },
  ],
  garbleState: () => [
    { op: "setSheetVisible", sheet: STATE_SHEET, visible: true },
    { op: "setCell", sheet: STATE_SHEET, cell: "A1", value: GARBAGE },
  ],
};

const asBase = (id: CaseId) => (book: Book) => ACTIONS[id](book, "");

export const CASES: readonly CaseDef[] = [
  {
    id: "insertColumnLeft",
    title: "insert a column left of the table",
    actions: ACTIONS.insertColumnLeft,
    base: asBase("insertColumnLeft"),
    sheetAfter: same,
    blockAfter: right(1),
  },
  {
    id: "insertColumnInside",
    title: "insert a column inside the table",
    actions: ACTIONS.insertColumnInside,
    base: asBase("insertColumnInside"),
    sheetAfter: same,
    blockAfter: right(1),
  },
  {
    id: "insertColumnRight",
    title: "insert a column between the table and its block",
    actions: ACTIONS.insertColumnRight,
    base: asBase("insertColumnRight"),
    sheetAfter: same,
    blockAfter: right(1),
  },
  {
    id: "deleteUserColumn",
    title: "delete a user column inside the table",
    actions: ACTIONS.deleteUserColumn,
    base: asBase("deleteUserColumn"),
    sheetAfter: same,
    blockAfter: right(-1),
  },
  {
    id: "insertRowsAbove",
    title: "insert two rows above the table",
    actions: ACTIONS.insertRowsAbove,
    base: asBase("insertRowsAbove"),
    sheetAfter: same,
    blockAfter: (b) => ({ top: b.headerRow + 2, left: blockLeft(b) }),
  },
  {
    id: "deleteRowAbove",
    title: "delete a row above the table",
    actions: ACTIONS.deleteRowAbove,
    base: asBase("deleteRowAbove"),
    sheetAfter: same,
    blockAfter: (b) => ({ top: b.headerRow - 1, left: blockLeft(b) }),
  },
  {
    id: "insertRowsInside",
    title: "insert two rows inside the table",
    actions: ACTIONS.insertRowsInside,
    base: asBase("insertRowsInside"),
    sheetAfter: same,
    blockAfter: unmoved,
  },
  {
    id: "deleteRowInside",
    title: "delete a row inside the table",
    actions: ACTIONS.deleteRowInside,
    base: asBase("deleteRowInside"),
    sheetAfter: same,
    blockAfter: unmoved,
  },
  {
    id: "sortWithOwned",
    title: "sort the table body with the owned columns by code, descending",
    actions: ACTIONS.sortWithOwned,
    // The original's owned columns are empty: the same sort.
    base: asBase("sortWithOwned"),
    sheetAfter: same,
    blockAfter: unmoved,
  },
  {
    id: "sortWithoutOwned",
    title: "sort the table body without the owned columns by code, descending",
    actions: ACTIONS.sortWithoutOwned,
    base: asBase("sortWithoutOwned"),
    sheetAfter: same,
    blockAfter: unmoved,
  },
  {
    id: "renameSheet",
    title: "rename the sheet",
    actions: ACTIONS.renameSheet,
    base: asBase("renameSheet"),
    sheetAfter: () => RENAMED,
    blockAfter: unmoved,
  },
  {
    id: "moveSheet",
    title: "move the sheet",
    actions: ACTIONS.moveSheet,
    // Medway's original has no other sheet to move past: it stays as it is.
    base: (b) => (b.key === "medway" ? [] : ACTIONS.moveSheet(b, "")),
    sheetAfter: same,
    blockAfter: unmoved,
  },
  {
    id: "copySheet",
    title: "copy the sheet",
    actions: ACTIONS.copySheet,
    sheetAfter: same,
    blockAfter: unmoved,
  },
  {
    id: "typeIntoOwned",
    title: "type into a Commentary cell and a RAG cell",
    actions: ACTIONS.typeIntoOwned,
    // Cleared, the typed cells are all that is left of the block.
    base: asBase("typeIntoOwned"),
    sheetAfter: same,
    blockAfter: unmoved,
  },
  {
    id: "overwriteHeader",
    title: "overwrite the RAG header cell",
    actions: ACTIONS.overwriteHeader,
    sheetAfter: same,
    blockAfter: unmoved,
  },
  {
    id: "pasteState",
    title: "paste the state sheet of another rated workbook over ours",
    actions: ACTIONS.pasteState,
    sheetAfter: same,
    blockAfter: unmoved,
  },
  {
    id: "garbleState",
    title: "unhide the state sheet and type over its A1",
    actions: ACTIONS.garbleState,
    sheetAfter: same,
    blockAfter: unmoved,
  },
];

/* ---------------------------------------------------------------------------------------------- */

/** A `ScorecardRAG_<n>` name as xl/workbook.xml has it: where it points, and its scope. */
export interface NamedRange {
  readonly name: string;
  readonly sheet: string;
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
  /** Set for a sheet-scoped name (LibreOffice and Excel give a copied sheet such twins). */
  readonly localSheetId?: string;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

export function partText(path: string, name: string): string {
  const zip = readFileSync(path);
  const part = zipParts(zip)?.find((p) => p.name === name);
  if (!part) throw new Error(`${path} has no ${name}`);
  return zipPartData(zip, part)!.toString("utf8");
}

/** Every `ScorecardRAG_<n>` name in xl/workbook.xml that refers to one rectangle, sheet-scoped ones too. */
export function ownedNamesInFile(path: string): NamedRange[] {
  const xml = partText(path, "xl/workbook.xml");
  const out: NamedRange[] = [];
  for (const m of xml.matchAll(/<definedName\b([^>]*)>([^<]*)<\/definedName>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[1]!)?.[1];
    const local = /\blocalSheetId="([^"]*)"/.exec(m[1]!)?.[1];
    if (!name || !isOwnedName(name)) continue;
    const at = parseNameReference(unescapeXml(m[2]!));
    if (!at) continue;
    out.push({
      name,
      sheet: at.sheet,
      ...at.range,
      ...(local === undefined ? {} : { localSheetId: local }),
    });
  }
  return out;
}

/** The tool's names: the workbook-scoped ones (it makes no other kind). */
export const workbookNames = (path: string): NamedRange[] =>
  ownedNamesInFile(path).filter((n) => n.localSheetId === undefined);

/** The sheets in xl/workbook.xml, in order, with their state (`visible`, `hidden`, `veryHidden`). */
export function sheetStates(path: string): [string, string][] {
  const xml = partText(path, "xl/workbook.xml");
  return [...xml.matchAll(/<sheet\b([^>]*)\/>/g)].map((m) => [
    unescapeXml(/\bname="([^"]*)"/.exec(m[1]!)?.[1] ?? ""),
    /\bstate="([^"]*)"/.exec(m[1]!)?.[1] ?? "visible",
  ]);
}

/**
 * What the tool owns in a file, as test/owned-view.ts shows it, by the workbook-scoped names as
 * the xml has them (not as the product reads them: ExcelJS keeps one name per name, and a copied
 * sheet's sheet-scoped twin would take the workbook-scoped original's place in its model).
 */
export function ownedIn(workbook: ExcelJS.Workbook, path: string): Record<string, OwnedSheetView> {
  const cached = owned.get(workbook);
  if (cached) return cached;
  const parts: string[] = [];
  workbook.getWorksheet(STATE_SHEET)?.eachRow((row) => {
    const v = row.getCell(1).value;
    if (typeof v === "string") parts.push(v);
  });
  const notes = new Map<string, Map<string, string>>();
  for (const sheet of workbook.worksheets) {
    const texts = new Map<string, string>();
    for (const [r, c] of positions(sheet)) {
      const note = cellAt(sheet, r, c).note;
      if (note) texts.set(cellAddress(r, c), note);
    }
    notes.set(sheet.name, texts);
  }
  const names = workbookNames(path).map((n) => ({
    name: n.name,
    formula: qualified(n.sheet, `${cellAddress(n.top, n.left)}:${cellAddress(n.bottom, n.right)}`),
  }));
  const view = ownedView(names, parts.length > 0 ? parts.join("") : undefined, notes);
  owned.set(workbook, view);
  return view;
}

const owned = new WeakMap<ExcelJS.Workbook, Record<string, OwnedSheetView>>();

/**
 * 0-based (row, column) of every cell that exists on any of the sheets. Like `positionsOf` in
 * ./helpers, but over the rows ExcelJS holds only: LibreOffice writes an empty row 1048576 after a
 * row is deleted, and `eachRow({ includeEmpty: true })` would make a million rows for it.
 */
export function positions(...sheets: ExcelJS.Worksheet[]): [number, number][] {
  const seen = new Map<number, [number, number]>();
  for (const sheet of sheets) {
    const rows = (sheet as unknown as { _rows: (ExcelJS.Row | undefined)[] })._rows;
    rows.forEach((row, i) => {
      if (!row) return;
      for (let c = 1; c <= row.cellCount; c++)
        if (row.findCell(c)) seen.set(i * 16384 + c - 1, [i, c - 1]);
    });
  }
  return [...seen.values()];
}

const within = (n: NamedRange, sheet: string, row: number, column: number): boolean =>
  n.sheet === sheet && row >= n.top && row <= n.bottom && column >= n.left && column <= n.right;

/** Attribute values ExcelJS leaves out when it writes a style (LibreOffice writes them all). */
const ALIGNMENT_DEFAULTS: Record<string, unknown> = {
  horizontal: "general",
  wrapText: false,
  shrinkToFit: false,
  indent: 0,
  textRotation: 0,
};

function sortedJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))
        )
      : v
  );
}

/**
 * A cell as the comparisons see it, without the differences in how LibreOffice and ExcelJS write
 * the same style: an explicit "General" number format, alignment attributes at their defaults, an
 * empty border, a fill of pattern none.
 */
export function normalView(view: CellView): CellView {
  return {
    ...view,
    numFmt: view.numFmt === "General" ? "" : view.numFmt,
    style: normalStyle(view.style),
  };
}

const normalStyles = new Map<string, string>();

function normalStyle(text: string): string {
  let normal = normalStyles.get(text);
  if (normal === undefined) normalStyles.set(text, (normal = normalizeStyle(text)));
  return normal;
}

function normalizeStyle(text: string): string {
  const style = JSON.parse(text) as Record<string, unknown>;
  if (style.numFmt === "General") delete style.numFmt;
  const alignment = style.alignment as Record<string, unknown> | undefined;
  if (alignment) {
    for (const [key, value] of Object.entries(ALIGNMENT_DEFAULTS))
      if (alignment[key] === value) delete alignment[key];
    if (Object.keys(alignment).length === 0) delete style.alignment;
  }
  const border = style.border as Record<string, unknown> | undefined;
  if (border && Object.keys(border).length === 0) delete style.border;
  const fill = style.fill as Record<string, unknown> | undefined;
  if (fill && fill.type === "pattern" && fill.pattern === "none" && Object.keys(fill).length === 2)
    delete style.fill;
  return sortedJson(style);
}

const viewOf = (sheet: ExcelJS.Worksheet, row: number, column: number): CellView =>
  normalView(cellAt(sheet, row, column));

/** What differs between two cells, field by field (style attributes by name). */
export function describeChange(x: CellView, y: CellView): string {
  const parts: string[] = [];
  for (const key of ["value", "formula", "numFmt", "note"] as const)
    if (JSON.stringify(x[key]) !== JSON.stringify(y[key]))
      parts.push(`${key} ${JSON.stringify(x[key])} → ${JSON.stringify(y[key])}`);
  if (x.style !== y.style) {
    const a = JSON.parse(x.style) as Record<string, unknown>;
    const b = JSON.parse(y.style) as Record<string, unknown>;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
      if (sortedJson(a[key]) !== sortedJson(b[key]))
        parts.push(`style.${key} ${sortedJson(a[key])} → ${sortedJson(b[key])}`);
  }
  return parts.join("; ");
}

const userSheetNames = (w: ExcelJS.Workbook): string[] =>
  w.worksheets.map((s) => s.name).filter((n) => n !== STATE_SHEET);

/**
 * The user's cells that a run changed: every cell of every sheet but the state sheet, compared
 * between the run's input and output, leaving out the cells of the tool's blocks where the
 * input's names put them. A cell of a block the output's names add counts when it was not empty:
 * overwritten, or, when it reads the same, taken over (a later Clear would remove it). The
 * tool's own notes (found by their text) are not compared. Sheets that appear or vanish count.
 */
export function userChanges(
  input: ExcelJS.Workbook,
  inputPath: string,
  output: ExcelJS.Workbook,
  outputPath: string
): string[] {
  const before = workbookNames(inputPath);
  const after = workbookNames(outputPath);
  const ownedBefore = ownedIn(input, inputPath);
  const ownedAfter = ownedIn(output, outputPath);
  const out: string[] = [];
  for (const name of userSheetNames(output))
    if (!input.getWorksheet(name)) out.push(`${name}: a sheet the input does not have`);
  for (const name of userSheetNames(input)) {
    const a = input.getWorksheet(name)!;
    const b = output.getWorksheet(name);
    if (!b) {
      out.push(`${name}: the sheet is gone`);
      continue;
    }
    const toolNotes = new Set([
      ...(ownedBefore[name]?.notes ?? []),
      ...(ownedAfter[name]?.notes ?? []),
    ]);
    for (const [r, c] of positions(a, b)) {
      if (before.some((n) => within(n, name, r, c))) continue;
      const where = qualified(name, cellAddress(r, c));
      const skipNote = toolNotes.has(cellAddress(r, c));
      const x = { ...viewOf(a, r, c), ...(skipNote ? { note: null } : {}) };
      const y = { ...viewOf(b, r, c), ...(skipNote ? { note: null } : {}) };
      const changed = JSON.stringify(x) !== JSON.stringify(y);
      const block = after.find((n) => within(n, name, r, c));
      if (block) {
        if (x.value !== null)
          out.push(
            changed
              ? `${where}: overwritten by ${block.name}: ${describeChange(x, y)}`
              : `${where}: ${JSON.stringify(x.value)} taken over by ${block.name}`
          );
        continue;
      }
      if (changed) out.push(`${where}: ${describeChange(x, y)}`);
    }
  }
  return out;
}

/** Every cell that differs between two sheets: value, formula, note, and unless `contentsOnly`, number format and style. */
export function sheetDifferences(
  a: ExcelJS.Worksheet,
  b: ExcelJS.Worksheet,
  contentsOnly = false
): string[] {
  const out: string[] = [];
  for (const [r, c] of positions(a, b)) {
    let x = viewOf(a, r, c);
    let y = viewOf(b, r, c);
    if (contentsOnly) {
      x = { ...x, numFmt: "", style: "" };
      y = { ...y, numFmt: "", style: "" };
    }
    if (JSON.stringify(x) !== JSON.stringify(y))
      out.push(`${qualified(a.name, cellAddress(r, c))}: ${describeChange(x, y)}`);
  }
  return out;
}

/** Where a sheet reads like the tool's header row (its four header texts side by side). */
export function toolHeaderRows(sheet: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  for (const [r, c] of positions(sheet))
    if (TOOL_HEADERS.every((text, i) => cellAt(sheet, r, c + i).value === text))
      out.push(cellAddress(r, c));
  return out;
}

/* ---------------------------------------------------------------------------------------------- */

/** One run of the CLI on an edited workbook. */
export interface RunRecord {
  readonly output: string;
  readonly code: number;
  readonly stderr: string;
  readonly json: JsonDocument;
}

/** One case on one workbook: the edited file, the edited original (if any), and the two runs. */
export interface MatrixEntry {
  readonly book: Book;
  readonly kase: CaseDef;
  readonly edited: string;
  readonly base?: string;
  readonly rate: RunRecord;
  readonly clear: RunRecord;
}

export type Mode = "rate" | "clear";

export interface Matrix {
  readonly rated: Record<BookKey, string>;
  readonly entries: ReadonlyMap<string, MatrixEntry>;
  readonly libreOfficeMs: number;
  readonly cliMs: number;
}

export const entryKey = (book: BookKey, kase: CaseId): string => `${book}/${kase}`;

async function cli(args: string[], output: string): Promise<RunRecord> {
  const run = await runCli([...args, "-o", output, "--json"]);
  if (run.code !== 0) throw new Error(`${args.join(" ")} failed (${run.code}): ${run.stderr}`);
  return {
    output,
    code: run.code,
    stderr: run.stderr,
    json: JSON.parse(run.stdout) as JsonDocument,
  };
}

/** The example with every number in the district tabs' latest month (H) half as large again. */
function otherExample(): ExcelJS.Workbook {
  const workbook = buildExample();
  for (const sheet of workbook.worksheets)
    sheet.eachRow((row) => {
      const cell = row.getCell(8);
      if (typeof cell.value === "number") cell.value = cell.value * 1.5;
    });
  return workbook;
}

/**
 * Rates both workbooks (and the other example, whose state sheet is pasted), has LibreOffice
 * apply every case to the rated files and the cases that have one to the originals, all in one
 * soffice, then re-rates and clears every edited file.
 */
export async function runMatrix(dir: string): Promise<Matrix> {
  const originals: Record<BookKey, string> = {
    medway: join(dir, "medway.xlsx"),
    example: join(dir, "example.xlsx"),
  };
  copyFileSync(sharedFixturePath("medway-q2-2022-23.xlsx"), originals.medway);
  await buildExample().xlsx.writeFile(originals.example);
  const other = join(dir, "other.xlsx");
  await otherExample().xlsx.writeFile(other);
  const rated: Record<BookKey, string> = {
    medway: join(dir, "medway-rated.xlsx"),
    example: join(dir, "example-rated.xlsx"),
  };
  const otherRated = join(dir, "other-rated.xlsx");
  const cliStart = Date.now();
  await cli(["rate", originals.medway], rated.medway);
  await cli(["rate", originals.example], rated.example);
  await cli(["rate", other], otherRated);
  let cliMs = Date.now() - cliStart;

  const jobs: LibreJob[] = [];
  const planned: { book: Book; kase: CaseDef; edited: string; base?: string }[] = [];
  for (const book of BOOKS)
    for (const kase of CASES) {
      const edited = join(dir, `${book.key}-${kase.id}.xlsx`);
      jobs.push({
        input: rated[book.key],
        output: edited,
        actions: kase.actions(book, otherRated),
      });
      let base: string | undefined;
      if (kase.base) {
        base = join(dir, `${book.key}-${kase.id}-base.xlsx`);
        jobs.push({ input: originals[book.key], output: base, actions: kase.base(book) });
      }
      planned.push({ book, kase, edited, ...(base ? { base } : {}) });
    }
  const libreStart = Date.now();
  editWithLibreOffice(jobs);
  const libreOfficeMs = Date.now() - libreStart;

  const entries = new Map<string, MatrixEntry>();
  const runStart = Date.now();
  for (const p of planned) {
    const stem = p.edited.replace(/\.xlsx$/, "");
    const rate = await cli(["rate", p.edited], `${stem}-rerated.xlsx`);
    const clear = await cli(["rate", p.edited, "--clear"], `${stem}-cleared.xlsx`);
    entries.set(entryKey(p.book.key, p.kase.id), { ...p, rate, clear });
  }
  cliMs += Date.now() - runStart;
  return { rated, entries, libreOfficeMs, cliMs };
}

/* ---------------------------------------------------------------------------------------------- */

export type Outcome = "updated" | "refused";

const workbooks = new Map<string, Promise<ExcelJS.Workbook>>();

/** Loads a workbook once (the checks look at each file several times). */
export function loaded(path: string): Promise<ExcelJS.Workbook> {
  let workbook = workbooks.get(path);
  if (!workbook) workbooks.set(path, (workbook = load(path)));
  return workbook;
}

export function forgetLoaded(): void {
  workbooks.clear();
}

/** The sheets whose outcome is checked: every rated sheet (renamed if the case renames it), and a copy. */
export function checkedSheets(entry: MatrixEntry): string[] {
  const { book, kase } = entry;
  const sheets = book.rated.map((s) => (s === book.sheet ? kase.sheetAfter(book) : s));
  if (kase.id === "copySheet") sheets.push(copyName(book));
  return sheets;
}

const REFUSAL = /Scorecard RAG's columns at |holds Scorecard RAG's column headers/;

/** A run's refusal warnings for a sheet: warnings that name it and a range of it, and say it was left alone. */
export function refusals(run: RunRecord, sheet: string): string[] {
  const where = qualified(sheet, "");
  return run.json.warnings
    .filter(
      (w) =>
        w.severity === "warning" &&
        w.sheet === sheet &&
        REFUSAL.test(w.message) &&
        new RegExp(`${escapeRegExp(where)}\\$?[A-Z]+\\$?\\d+(:\\$?[A-Z]+\\$?\\d+)?`).test(
          w.message
        ) &&
        (w.message.includes(`nothing on "${sheet}" was changed`) ||
          w.message.includes(`nothing else on "${sheet}" was changed`))
    )
    .map((w) => w.message);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** What a run did to each checked sheet: refused it (with its message), or not. */
export function observedOutcomes(entry: MatrixEntry, mode: Mode): Record<string, Outcome> {
  const run = entry[mode];
  return Object.fromEntries(
    checkedSheets(entry).map((s) => [s, refusals(run, s).length > 0 ? "refused" : "updated"])
  );
}

/** Cells of the "was edited: kept" messages for a sheet, as `A1`. */
export function keptCells(run: RunRecord, sheet: string): string[] {
  const where = escapeRegExp(qualified(sheet, ""));
  const pattern = new RegExp(` in ${where}([A-Z]+\\d+) was edited: kept\\.$`);
  const out: string[] = [];
  for (const w of run.json.warnings) {
    if (w.sheet !== sheet) continue;
    const m = pattern.exec(w.message);
    if (m) out.push(m[1]!);
    else if (/more edited cells in .* were kept\./.test(w.message)) out.push(`(${w.message})`);
  }
  return out;
}

/** The user's cells a run changed, and the cells the user typed into the block or its header, checked. */
export async function checkUserCells(entry: MatrixEntry, mode: Mode): Promise<string[]> {
  const run = entry[mode];
  const input = await loaded(entry.edited);
  const output = await loaded(run.output);
  const problems = userChanges(input, entry.edited, output, run.output);
  const sheet = output.getWorksheet(entry.kase.sheetAfter(entry.book));
  const typed =
    entry.kase.id === "typeIntoOwned"
      ? typedCells(entry.book)
      : entry.kase.id === "overwriteHeader"
        ? [{ cell: headerCell(entry.book), value: TYPED_HEADER }]
        : [];
  for (const { cell, value } of typed) {
    const now = sheet?.getCell(cell).value;
    if (now !== value) problems.push(`${cell} was typed "${value}", reads ${JSON.stringify(now)}`);
  }
  return problems;
}

/**
 * Checks a run against the outcome expected for each sheet. A refused sheet: a warning naming
 * the sheet and a range of it, and the sheet exactly as it was. An updated sheet, re-rated: as
 * many blocks as before, each headed by the tool's headers, the first one where the action moved
 * it and as long as its table now is, and no cell taken for the user's but those the user typed.
 * Cleared: no block, no header row and none of the tool's cells or notes left; and where the
 * same action on the original is well-defined, every sheet's contents as that edited original's.
 */
export async function checkOutcome(
  entry: MatrixEntry,
  mode: Mode,
  expected: Record<string, Outcome>
): Promise<string[]> {
  const { book, kase } = entry;
  const run = entry[mode];
  const problems: string[] = [];
  const observed = observedOutcomes(entry, mode);
  if (JSON.stringify(observed) !== JSON.stringify(expected))
    problems.push(`outcome ${JSON.stringify(observed)}, expected ${JSON.stringify(expected)}`);
  const input = await loaded(entry.edited);
  const output = await loaded(run.output);
  const inputNames = workbookNames(entry.edited);
  const ownedBefore = ownedIn(input, entry.edited);
  const ownedAfter = ownedIn(output, run.output);
  const edited = kase.sheetAfter(book);
  const typed =
    kase.id === "typeIntoOwned"
      ? new Map(typedCells(book).map((t) => [t.cell, t.value]))
      : new Map();

  for (const [name, outcome] of Object.entries(expected)) {
    const before = input.getWorksheet(name);
    const after = output.getWorksheet(name);
    if (!before || !after) {
      problems.push(`${name}: no such sheet in the input or the output`);
      continue;
    }
    if (outcome === "refused") {
      if (refusals(run, name).length === 0)
        problems.push(`${name}: no warning naming the sheet and a range of it`);
      problems.push(...sheetDifferences(before, after).slice(0, 10));
      continue;
    }
    const kept = keptCells(run, name);
    const typedHere = name === edited ? [...typed.keys()] : [];
    if (JSON.stringify([...kept].sort()) !== JSON.stringify([...typedHere].sort()))
      problems.push(
        `${name}: cells taken for the user's: ${kept.slice(0, 8).join(", ")}${kept.length > 8 ? ` … (${kept.length})` : ""}; typed: ${typedHere.join(", ") || "none"}`
      );
    if (mode === "rate") {
      const blocks = ownedAfter[name]?.blocks ?? [];
      if (blocks.length !== book.blocks)
        problems.push(`${name}: ${blocks.length} blocks, expected ${book.blocks}`);
      for (const b of blocks) {
        const texts = TOOL_HEADERS.map((_, i) => cellAt(after, b.top, b.left + i).value);
        if (JSON.stringify(texts) !== JSON.stringify(TOOL_HEADERS))
          problems.push(
            `${name}!${cellAddress(b.top, b.left)}: header row reads ${JSON.stringify(texts)}`
          );
      }
      const first = blocks[0];
      const at =
        name === edited ? kase.blockAfter(book) : { top: book.headerRow, left: blockLeft(book) };
      const table = run.json.sheets
        .find((s) => s.name === name)
        ?.tables.map((t) => parseRange(t.address)!)
        .sort((a, b) => a.top - b.top)[0];
      if (
        !first ||
        first.top !== at.top ||
        first.left !== at.left ||
        first.bottom !== table?.bottom
      )
        problems.push(
          `${name}: first block ${first ? `${cellAddress(first.top, first.left)}:${cellAddress(first.bottom, first.left + 3)}` : "missing"}, expected at ${cellAddress(at.top, at.left)} down to the table's last row ${table ? table.bottom + 1 : "?"}`
        );
    } else {
      if ((ownedAfter[name]?.blocks ?? []).length > 0)
        problems.push(`${name}: blocks left after clear`);
      const headers = toolHeaderRows(after);
      if (headers.length > 0)
        problems.push(`${name}: the tool's header row left at ${headers.join(", ")}`);
      for (const n of inputNames.filter((x) => x.sheet === name))
        for (let r = n.top; r <= n.bottom; r++)
          for (let c = n.left; c <= n.right; c++) {
            const value = cellAt(after, r, c).value;
            const address = cellAddress(r, c);
            const want = name === edited ? (typed.get(address) ?? null) : null;
            if (value !== want)
              problems.push(
                `${qualified(name, address)}: ${JSON.stringify(value)} left after clear`
              );
          }
      for (const cell of ownedBefore[name]?.notes ?? [])
        if (after.getCell(cell).note)
          problems.push(`${qualified(name, cell)}: the tool's note left after clear`);
    }
  }

  if (mode === "clear" && entry.base && Object.values(expected).every((o) => o === "updated")) {
    const base = await loaded(entry.base);
    const names = (w: ExcelJS.Workbook) => w.worksheets.map((s) => s.name);
    if (JSON.stringify(names(output)) !== JSON.stringify(names(base)))
      problems.push(
        `sheets ${JSON.stringify(names(output))}, the edited original has ${JSON.stringify(names(base))}`
      );
    for (const sheet of base.worksheets) {
      const cleared = output.getWorksheet(sheet.name);
      if (!cleared) continue;
      // Contents only: formats are checked against the run's input (userChanges). LibreOffice
      // formats the rated file and the original differently where the tool's columns meet a row
      // format, and gives the cells the tool wrote a font, which stays once they are cleared.
      problems.push(...sheetDifferences(sheet, cleared, true).slice(0, 10));
    }
  }
  return problems;
}
