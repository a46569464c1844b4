/**
 * The fake Excel object model: Workbook, worksheets, ranges and their formats, conditional formats, tables, notes,
 * comments and settings. Every class is a proxy that queues commands on its context; see client.ts.
 */

import {
  cellAddress,
  cellKey,
  formatRect,
  intersectRects,
  isWholeColumns,
  isWholeRows,
  MAX_COLUMNS,
  MAX_ROWS,
  mergeAdjacentRects,
  parseAddress,
  qualifiedAddress,
  quoteSheetName,
  type Rect,
  rectCellCount,
  rectColumns,
  rectContains,
  rectRows,
  rectsOverlap,
  boundingRect,
  subtractRect,
} from "./address";
import {
  checkFormatWrite,
  ensureCell,
  forEachAddress,
  forEachStoredCell,
  getCell,
  normaliseColor,
  pruneCell,
  readFormula,
  readGrid,
  readNumberFormat,
  readText,
  readValue,
  readValueType,
  syncTableHeaders,
  uniform,
  usedRect,
  writeGrid,
} from "./cells";
import {
  checkSheetWritable,
  type ClassSpec,
  FakeClientObject,
  type FakeClientResult,
  type FakeRequestContext,
  type RangeHandle,
  type Resolver,
  type SyncEnv,
} from "./client";
import {
  FakeErrorCodes,
  FakeRichApiError,
  invalidArgument,
  invalidOperation,
  invalidRequestContext,
  itemAlreadyExists,
  itemNotFound,
  notImplemented,
} from "./errors";
import { EXCEL_ENUMS } from "./excel-api.generated";
import { formatCellText } from "./format";
import {
  DEFAULT_COLUMN_WIDTH,
  emptySheet,
  type FakeComment as CommentModel,
  type FakeConditionalFormat as CfModel,
  type FakeConditionalFormatType,
  type FakeDefinedName as NameModel,
  type FakeNote as NoteModel,
  type FakePageLayout as PageLayoutModel,
  type FakeSheet,
  type FakeTable as TableModel,
  isValidDefinedName,
  newId,
  sortedNames,
} from "./model";
import {
  evaluatedMeaning,
  findName,
  nameMeaning,
  nameOfId,
  normaliseNameFormula,
  rangeNameFormula,
} from "./names";
import { FakeChartCollection } from "./charts";
import { FakeEventHandlers } from "./events";
import { copyWorksheet } from "./sheet-copy";
import { parseSortArguments, sortRange } from "./sort";
import {
  applyShift,
  deleteSheetInFormula,
  renameSheetInFormula,
  type ShiftOperation,
} from "./structure";

const q = (value: unknown): string => JSON.stringify(value) ?? String(value);

type SheetH = { sheetId: string };
type ScopeH = { sheetId: string | undefined };
type TableH = { tableId: string };
type TableColumnH = { tableId: string; index: number };
type CfH = { sheetId: string; cfId: string };
type NoteH = { sheetId: string; noteId: string };
type CommentH = { sheetId: string; commentId: string };
type SettingH = { key: string };
type AreasH = { sheetId: string; rects: Rect[] };
type NameH = { nameId: string };

// ---------------------------------------------------------------------------------------------------------------
// Model lookups

function sheetOf(env: SyncEnv, sheetId: string): FakeSheet {
  const sheet = env.model.sheets.find((s) => s.id === sheetId);
  if (!sheet) throw itemNotFound("the worksheet was deleted", "Worksheet");
  return sheet;
}

function sheetByKey(env: SyncEnv, key: string): FakeSheet | undefined {
  if (typeof key !== "string") throw invalidArgument("key", "WorksheetCollection.getItem");
  return env.model.sheets.find((s) => s.name.toLowerCase() === key.toLowerCase() || s.id === key);
}

function rangeOf(env: SyncEnv, h: RangeHandle): { sheet: FakeSheet; rect: Rect } {
  if (!h.rect) {
    throw new FakeRichApiError(
      FakeErrorCodes.invalidReference,
      "This reference isn't valid for the current operation. (its cells were deleted)",
      "Range"
    );
  }
  return { sheet: sheetOf(env, h.sheetId), rect: h.rect };
}

function liveRange(env: SyncEnv, sheetId: string, rect: Rect): RangeHandle {
  const handle: RangeHandle = { sheetId, rect: { ...rect } };
  env.ctx._liveRanges.add(handle);
  return handle;
}

function checkGrid(rect: Rect, location: string): Rect {
  const ok =
    [rect.top, rect.left, rect.bottom, rect.right].every(Number.isInteger) &&
    rect.top >= 0 &&
    rect.left >= 0 &&
    rect.bottom < MAX_ROWS &&
    rect.right < MAX_COLUMNS &&
    rect.top <= rect.bottom &&
    rect.left <= rect.right;
  if (!ok)
    throw invalidArgument(location, location, "the resulting range is outside the worksheet grid");
  return rect;
}

function tableOf(env: SyncEnv, tableId: string): { sheet: FakeSheet; table: TableModel } {
  for (const sheet of env.model.sheets) {
    const table = sheet.tables.find((t) => t.id === tableId);
    if (table) return { sheet, table };
  }
  throw itemNotFound("the table was deleted", "Table");
}

function cfOf(env: SyncEnv, h: CfH): { sheet: FakeSheet; cf: CfModel } {
  const sheet = sheetOf(env, h.sheetId);
  const cf = sheet.conditionalFormats.find((c) => c.id === h.cfId);
  if (!cf) throw itemNotFound("the conditional format was deleted", "ConditionalFormat");
  return { sheet, cf };
}

function scopeSheets(env: SyncEnv, scope: ScopeH): FakeSheet[] {
  return scope.sheetId === undefined ? env.model.sheets : [sheetOf(env, scope.sheetId)];
}

/** A cell or range argument (`Range` or address string) resolved against a collection's sheet (or the active one). */
function targetOf(
  env: SyncEnv,
  scope: ScopeH,
  address: unknown,
  location: string
): { sheet: FakeSheet; rect: Rect } {
  if (address instanceof FakeRange) {
    const h = address._resolveExisting(env, "address");
    const target = rangeOf(env, h);
    if (scope.sheetId !== undefined && target.sheet.id !== scope.sheetId)
      throw invalidArgument("cellAddress", location, "the range is on another worksheet");
    return target;
  }
  if (typeof address !== "string") throw invalidArgument("address", location);
  const parsed = parseAddress(address);
  if (!parsed)
    throw invalidArgument(
      "address",
      location,
      `${q(address)} is not an A1 address (the fake takes no defined name here)`
    );
  let sheet: FakeSheet | undefined;
  if (parsed.sheet !== undefined) {
    sheet = sheetByKey(env, parsed.sheet);
    if (!sheet) throw itemNotFound(`worksheet ${parsed.sheet}`, location);
    if (scope.sheetId !== undefined && sheet.id !== scope.sheetId)
      throw invalidArgument("address", location, "the address is on another worksheet");
  } else {
    sheet = sheetOf(env, scope.sheetId ?? env.model.activeSheetId);
  }
  return { sheet, rect: parsed.rect };
}

function checkContext(self: FakeClientObject, other: unknown, location: string): void {
  if (other instanceof FakeClientObject && other.context !== self.context)
    throw invalidRequestContext(location);
}

function enumValues(name: keyof typeof EXCEL_ENUMS): string[] {
  return Object.values(EXCEL_ENUMS[name] as Record<string, string>);
}

function requireBoolean(value: unknown, what: string, location: string): boolean {
  if (typeof value !== "boolean")
    throw invalidArgument(what, location, `${q(value)} is not a boolean`);
  return value;
}

function requireString(value: unknown, what: string, location: string): string {
  if (typeof value !== "string")
    throw invalidArgument(what, location, `${q(value)} is not a string`);
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Worksheet name rules and formula renames

function validateSheetName(
  env: SyncEnv,
  name: unknown,
  location: string,
  except?: FakeSheet
): string {
  if (
    typeof name !== "string" ||
    name.length === 0 ||
    name.length > 31 ||
    /[:\\/?*[\]]/.test(name) ||
    name.startsWith("'") ||
    name.endsWith("'")
  ) {
    throw invalidArgument("name", location, `${q(name)} is not a valid worksheet name`);
  }
  if (name.toLowerCase() === "history")
    throw invalidArgument("name", location, '"History" is reserved');
  if (env.model.sheets.some((s) => s !== except && s.name.toLowerCase() === name.toLowerCase())) {
    throw itemAlreadyExists(`a worksheet named ${name}`, location);
  }
  return name;
}

/** Every formula in the workbook, cells' and defined names', through `rewrite`. */
function rewriteFormulas(env: SyncEnv, rewrite: (formula: string) => string): void {
  for (const sheet of env.model.sheets) {
    for (const cell of sheet.cells.values()) if (cell.formula) cell.formula = rewrite(cell.formula);
  }
  for (const name of env.model.names) name.formula = rewrite(name.formula);
}

function renameInFormulas(env: SyncEnv, oldName: string, newName: string): void {
  rewriteFormulas(env, (formula) => renameSheetInFormula(formula, oldName, newName));
}

// ---------------------------------------------------------------------------------------------------------------
// Specs (what each class can load). Declared before the classes; navigation targets are thunks.

const workbookSpec: ClassSpec<true> = {
  name: "Workbook",
  scalars: { name: { get: (_h, env) => env.model.name } },
};

const worksheetSpec: ClassSpec<SheetH> = {
  name: "Worksheet",
  scalars: {
    name: { get: (h, env) => sheetOf(env, h.sheetId).name },
    id: { get: (h, env) => sheetOf(env, h.sheetId).id },
    position: { get: (h, env) => env.model.sheets.indexOf(sheetOf(env, h.sheetId)) },
    visibility: { get: (h, env) => sheetOf(env, h.sheetId).visibility },
  },
  navs: {
    protection: () => worksheetProtectionSpec as ClassSpec,
    freezePanes: () => worksheetFreezePanesSpec as ClassSpec,
    pageLayout: () => pageLayoutSpec as ClassSpec,
  },
};

const worksheetFreezePanesSpec: ClassSpec<SheetH> = { name: "WorksheetFreezePanes", scalars: {} };

const pageLayoutSpec: ClassSpec<SheetH> = {
  name: "PageLayout",
  scalars: {
    orientation: { get: (h, env) => sheetOf(env, h.sheetId).pageLayout.orientation },
    paperSize: { get: (h, env) => sheetOf(env, h.sheetId).pageLayout.paperSize },
    zoom: { get: (h, env) => ({ ...sheetOf(env, h.sheetId).pageLayout.zoom }) },
  },
};

const worksheetProtectionSpec: ClassSpec<SheetH> = {
  name: "WorksheetProtection",
  scalars: { protected: { get: (h, env) => sheetOf(env, h.sheetId).protected } },
};

const worksheetCollectionSpec: ClassSpec<true> = {
  name: "WorksheetCollection",
  scalars: {},
  collection: {
    item: () => worksheetSpec as ClassSpec,
    items: (owner, _h, env) =>
      env.model.sheets.map((s) => {
        const sheetId = s.id;
        return new FakeWorksheet(
          owner.context,
          `${owner._path}.items[${q(s.name)}]`,
          () => ({ sheetId }),
          owner
        );
      }),
  },
};

const gridCells = (h: RangeHandle, env: SyncEnv): { rows: number; columns: number } => {
  const { rect } = rangeOf(env, h);
  return { rows: rectRows(rect), columns: rectColumns(rect) };
};

const rangeSpec: ClassSpec<RangeHandle> = {
  name: "Range",
  scalars: {
    address: {
      get: (h, env) => qualifiedAddress(rangeOf(env, h).sheet.name, rangeOf(env, h).rect),
    },
    addressLocal: {
      get: (h, env) => qualifiedAddress(rangeOf(env, h).sheet.name, rangeOf(env, h).rect),
    },
    rowIndex: { get: (h, env) => rangeOf(env, h).rect.top },
    columnIndex: { get: (h, env) => rangeOf(env, h).rect.left },
    rowCount: { get: (h, env) => rectRows(rangeOf(env, h).rect) },
    columnCount: { get: (h, env) => rectColumns(rangeOf(env, h).rect) },
    cellCount: { get: (h, env) => rectCellCount(rangeOf(env, h).rect) },
    isEntireColumn: { get: (h, env) => isWholeColumns(rangeOf(env, h).rect) },
    isEntireRow: { get: (h, env) => isWholeRows(rangeOf(env, h).rect) },
    values: {
      grid: gridCells,
      get: (h, env) => readGrid(rangeOf(env, h).sheet, rangeOf(env, h).rect, readValue),
    },
    formulas: {
      grid: gridCells,
      get: (h, env) => readGrid(rangeOf(env, h).sheet, rangeOf(env, h).rect, readFormula),
    },
    formulasLocal: {
      grid: gridCells,
      get: (h, env) => readGrid(rangeOf(env, h).sheet, rangeOf(env, h).rect, readFormula),
    },
    numberFormat: {
      grid: gridCells,
      get: (h, env) => readGrid(rangeOf(env, h).sheet, rangeOf(env, h).rect, readNumberFormat),
    },
    text: {
      grid: gridCells,
      get: (h, env) => readGrid(rangeOf(env, h).sheet, rangeOf(env, h).rect, readText),
    },
    valueTypes: {
      grid: gridCells,
      get: (h, env) => readGrid(rangeOf(env, h).sheet, rangeOf(env, h).rect, readValueType),
    },
    rowHidden: {
      get: (h, env) =>
        hiddenState(
          rangeOf(env, h).sheet.hiddenRows,
          rangeOf(env, h).rect.top,
          rangeOf(env, h).rect.bottom
        ),
    },
    columnHidden: {
      get: (h, env) =>
        hiddenState(
          rangeOf(env, h).sheet.hiddenColumns,
          rangeOf(env, h).rect.left,
          rangeOf(env, h).rect.right
        ),
    },
    hidden: {
      get: (h, env) => {
        const { sheet, rect } = rangeOf(env, h);
        return (
          hiddenState(sheet.hiddenRows, rect.top, rect.bottom) === true ||
          hiddenState(sheet.hiddenColumns, rect.left, rect.right) === true
        );
      },
    },
  },
  navs: {
    format: () => rangeFormatSpec as ClassSpec,
    worksheet: () => worksheetSpec as ClassSpec,
    conditionalFormats: () => cfCollectionSpec as ClassSpec,
  },
};

function hiddenState(hidden: ReadonlySet<number>, from: number, to: number): boolean | null {
  let count = 0;
  if (to - from + 1 <= hidden.size) {
    for (let i = from; i <= to; i++) if (hidden.has(i)) count++;
  } else {
    for (const i of hidden) if (i >= from && i <= to) count++;
  }
  if (count === 0) return false;
  return count === to - from + 1 ? true : null;
}

function columnWidthOf(sheet: FakeSheet, column: number): number {
  return sheet.hiddenColumns.has(column)
    ? 0
    : (sheet.columnWidths.get(column) ?? DEFAULT_COLUMN_WIDTH);
}

const rangeFormatSpec: ClassSpec<RangeHandle> = {
  name: "RangeFormat",
  scalars: {
    columnWidth: {
      get: (h, env) => {
        const { sheet, rect } = rangeOf(env, h);
        const first = columnWidthOf(sheet, rect.left);
        for (let c = rect.left + 1; c <= rect.right; c++)
          if (columnWidthOf(sheet, c) !== first) return null;
        return first;
      },
    },
  },
  navs: { fill: () => rangeFillSpec as ClassSpec, font: () => rangeFontSpec as ClassSpec },
};

const rangeFillSpec: ClassSpec<RangeHandle> = {
  name: "RangeFill",
  scalars: {
    color: {
      get: (h, env) =>
        uniform(rangeOf(env, h).sheet, rangeOf(env, h).rect, (c) => c?.fill ?? "#FFFFFF"),
    },
  },
};

const rangeFontSpec: ClassSpec<RangeHandle> = {
  name: "RangeFont",
  scalars: {
    color: {
      get: (h, env) =>
        uniform(rangeOf(env, h).sheet, rangeOf(env, h).rect, (c) => c?.fontColor ?? "#000000"),
    },
    bold: {
      get: (h, env) =>
        uniform(rangeOf(env, h).sheet, rangeOf(env, h).rect, (c) => c?.bold ?? false),
    },
  },
};

const rangeAreasSpec: ClassSpec<AreasH> = {
  name: "RangeAreas",
  scalars: {
    address: {
      get: (h, env) =>
        h.rects.map((r) => qualifiedAddress(sheetOf(env, h.sheetId).name, r)).join(","),
    },
    areaCount: { get: (h) => h.rects.length },
    cellCount: { get: (h) => h.rects.reduce((n, r) => n + rectCellCount(r), 0) },
  },
  navs: { areas: () => rangeCollectionSpec as ClassSpec },
};

const rangeCollectionSpec: ClassSpec<AreasH> = {
  name: "RangeCollection",
  scalars: {},
  collection: {
    item: () => rangeSpec as ClassSpec,
    items: (owner, h) =>
      h.rects.map(
        (rect, i) =>
          new FakeRange(
            owner.context,
            `${owner._path}.items[${i}]`,
            (e) => liveRange(e, h.sheetId, rect),
            owner,
            false
          )
      ),
  },
};

const cfSpec: ClassSpec<CfH> = {
  name: "ConditionalFormat",
  scalars: {
    id: { get: (h, env) => cfOf(env, h).cf.id },
    type: { get: (h, env) => cfOf(env, h).cf.type },
    priority: { get: (h, env) => cfOf(env, h).sheet.conditionalFormats.indexOf(cfOf(env, h).cf) },
    stopIfTrue: { get: (h, env) => cfOf(env, h).cf.stopIfTrue },
  },
  navs: {
    textComparison: () => textCfSpec as ClassSpec,
    textComparisonOrNullObject: () => textCfSpec as ClassSpec,
    custom: () => customCfSpec as ClassSpec,
    customOrNullObject: () => customCfSpec as ClassSpec,
    cellValue: () => cellValueCfSpec as ClassSpec,
    cellValueOrNullObject: () => cellValueCfSpec as ClassSpec,
  },
};

const cfCollectionSpec: ClassSpec<RangeHandle> = {
  name: "ConditionalFormatCollection",
  scalars: {},
  collection: {
    item: () => cfSpec as ClassSpec,
    items: (owner, h, env) => {
      const { sheet } = rangeOf(env, h);
      return intersectingCfs(env, h).map(
        (cf) =>
          new FakeConditionalFormat(
            owner.context,
            `${owner._path}.items[${q(cf.id)}]`,
            () => ({ sheetId: sheet.id, cfId: cf.id }),
            owner
          )
      );
    },
  },
};

function intersectingCfs(env: SyncEnv, h: RangeHandle): CfModel[] {
  const { sheet, rect } = rangeOf(env, h);
  return sheet.conditionalFormats.filter((cf) => cf.ranges.some((r) => rectsOverlap(r, rect)));
}

const textCfSpec: ClassSpec<CfH> = {
  name: "TextConditionalFormat",
  scalars: {
    rule: {
      get: (h, env) => ({
        operator: cfOf(env, h).cf.rule.operator ?? "Invalid",
        text: cfOf(env, h).cf.rule.text ?? "",
      }),
    },
  },
  navs: { format: () => cfRangeFormatSpec as ClassSpec },
};

const cellValueCfSpec: ClassSpec<CfH> = {
  name: "CellValueConditionalFormat",
  scalars: {
    rule: {
      get: (h, env) => {
        const rule = cfOf(env, h).cf.rule;
        return {
          formula1: rule.formula1 ?? "",
          ...(rule.formula2 !== undefined ? { formula2: rule.formula2 } : {}),
          operator: rule.operator ?? "Invalid",
        };
      },
    },
  },
  navs: { format: () => cfRangeFormatSpec as ClassSpec },
};

const cfRuleSpec: ClassSpec<CfH> = {
  name: "ConditionalFormatRule",
  scalars: {
    formula: { get: (h, env) => cfOf(env, h).cf.rule.formula ?? "" },
    formulaLocal: { get: (h, env) => cfOf(env, h).cf.rule.formula ?? "" },
  },
};

const customCfSpec: ClassSpec<CfH> = {
  name: "CustomConditionalFormat",
  scalars: {},
  navs: { format: () => cfRangeFormatSpec as ClassSpec, rule: () => cfRuleSpec as ClassSpec },
};

const cfRangeFormatSpec: ClassSpec<CfH> = {
  name: "ConditionalRangeFormat",
  scalars: { numberFormat: { get: (h, env) => cfOf(env, h).cf.format.numberFormat ?? null } },
  navs: { fill: () => cfFillSpec as ClassSpec, font: () => cfFontSpec as ClassSpec },
};

const cfFillSpec: ClassSpec<CfH> = {
  name: "ConditionalRangeFill",
  scalars: { color: { get: (h, env) => cfOf(env, h).cf.format.fillColor ?? null } },
};

const cfFontSpec: ClassSpec<CfH> = {
  name: "ConditionalRangeFont",
  scalars: {
    color: { get: (h, env) => cfOf(env, h).cf.format.fontColor ?? null },
    bold: { get: (h, env) => cfOf(env, h).cf.format.bold ?? false },
    italic: { get: (h, env) => cfOf(env, h).cf.format.italic ?? false },
  },
};

const tableSpec: ClassSpec<TableH> = {
  name: "Table",
  scalars: {
    id: { get: (h, env) => tableOf(env, h.tableId).table.id },
    name: { get: (h, env) => tableOf(env, h.tableId).table.name },
    showHeaders: { get: (h, env) => tableOf(env, h.tableId).table.showHeaders },
    showTotals: { get: (h, env) => tableOf(env, h.tableId).table.showTotals },
    style: { get: (h, env) => tableOf(env, h.tableId).table.style },
  },
  navs: {
    worksheet: () => worksheetSpec as ClassSpec,
    columns: () => tableColumnCollectionSpec as ClassSpec,
  },
};

const tableCollectionSpec: ClassSpec<ScopeH> = {
  name: "TableCollection",
  scalars: {
    count: { get: (h, env) => scopeSheets(env, h).reduce((n, s) => n + s.tables.length, 0) },
  },
  collection: {
    item: () => tableSpec as ClassSpec,
    items: (owner, h, env) =>
      scopeSheets(env, h)
        .flatMap((s) => s.tables)
        .map((t) => {
          const tableId = t.id;
          return new FakeTable(
            owner.context,
            `${owner._path}.items[${q(t.name)}]`,
            () => ({ tableId }),
            owner
          );
        }),
  },
};

const tableColumnSpec: ClassSpec<TableColumnH> = {
  name: "TableColumn",
  scalars: {
    id: { get: (h, env) => (columnOf(env, h), h.index + 1) },
    index: { get: (h, env) => (columnOf(env, h), h.index) },
    name: { get: (h, env) => columnOf(env, h).name },
  },
};

function columnOf(
  env: SyncEnv,
  h: TableColumnH
): { sheet: FakeSheet; table: TableModel; name: string } {
  const { sheet, table } = tableOf(env, h.tableId);
  const name = table.columnNames[h.index];
  if (name === undefined) throw itemNotFound("the table column was deleted", "TableColumn");
  return { sheet, table, name };
}

const tableColumnCollectionSpec: ClassSpec<TableH> = {
  name: "TableColumnCollection",
  scalars: { count: { get: (h, env) => tableOf(env, h.tableId).table.columnNames.length } },
  collection: {
    item: () => tableColumnSpec as ClassSpec,
    items: (owner, h, env) =>
      tableOf(env, h.tableId).table.columnNames.map(
        (name, index) =>
          new FakeTableColumn(
            owner.context,
            `${owner._path}.items[${q(name)}]`,
            () => ({ tableId: h.tableId, index }),
            owner
          )
      ),
  },
};

function noteOf(env: SyncEnv, h: NoteH): { sheet: FakeSheet; note: NoteModel } {
  const sheet = sheetOf(env, h.sheetId);
  const note = [...sheet.notes.values()].find((n) => n.id === h.noteId);
  if (!note) throw itemNotFound("the note was deleted", "Note");
  return { sheet, note };
}

const noteSpec: ClassSpec<NoteH> = {
  name: "Note",
  scalars: {
    content: { get: (h, env) => noteOf(env, h).note.content },
    authorName: { get: (h, env) => noteOf(env, h).note.authorName },
  },
};

function sortedNotes(sheet: FakeSheet): NoteModel[] {
  return [...sheet.notes.values()].sort((a, b) => a.row - b.row || a.column - b.column);
}

const noteCollectionSpec: ClassSpec<ScopeH> = {
  name: "NoteCollection",
  scalars: {},
  collection: {
    item: () => noteSpec as ClassSpec,
    items: (owner, h, env) =>
      scopeSheets(env, h).flatMap((sheet) =>
        sortedNotes(sheet).map((n) => {
          const noteId = n.id;
          return new FakeNote(
            owner.context,
            `${owner._path}.items[${q(cellAddress(n.row, n.column))}]`,
            () => ({ sheetId: sheet.id, noteId }),
            owner
          );
        })
      ),
  },
};

function commentOf(env: SyncEnv, h: CommentH): { sheet: FakeSheet; comment: CommentModel } {
  const sheet = sheetOf(env, h.sheetId);
  const comment = [...sheet.comments.values()].find((c) => c.id === h.commentId);
  if (!comment) throw itemNotFound("the comment was deleted", "Comment");
  return { sheet, comment };
}

function findComment(env: SyncEnv, scope: ScopeH, id: string): CommentH | null {
  for (const sheet of scopeSheets(env, scope)) {
    for (const c of sheet.comments.values())
      if (c.id === id) return { sheetId: sheet.id, commentId: c.id };
  }
  return null;
}

const commentSpec: ClassSpec<CommentH> = {
  name: "Comment",
  scalars: {
    id: { get: (h, env) => commentOf(env, h).comment.id },
    content: { get: (h, env) => commentOf(env, h).comment.content },
    authorName: { get: (h, env) => commentOf(env, h).comment.authorName },
    authorEmail: { get: (h, env) => commentOf(env, h).comment.authorEmail },
    creationDate: { get: (h, env) => new Date(commentOf(env, h).comment.creationDate) },
    resolved: { get: (h, env) => commentOf(env, h).comment.resolved },
  },
};

function sortedComments(sheet: FakeSheet): CommentModel[] {
  return [...sheet.comments.values()].sort((a, b) => a.row - b.row || a.column - b.column);
}

const commentCollectionSpec: ClassSpec<ScopeH> = {
  name: "CommentCollection",
  scalars: {},
  collection: {
    item: () => commentSpec as ClassSpec,
    items: (owner, h, env) =>
      scopeSheets(env, h).flatMap((sheet) =>
        sortedComments(sheet).map((c) => {
          const commentId = c.id;
          return new FakeComment(
            owner.context,
            `${owner._path}.items[${q(c.id)}]`,
            () => ({ sheetId: sheet.id, commentId }),
            owner
          );
        })
      ),
  },
};

function settingValue(env: SyncEnv, key: string): string {
  const value = env.model.settings.get(key);
  if (value === undefined) throw itemNotFound(`setting ${key}`, "Setting");
  return value;
}

const settingSpec: ClassSpec<SettingH> = {
  name: "Setting",
  scalars: {
    key: { get: (h, env) => (settingValue(env, h.key), h.key) },
    value: { get: (h, env) => JSON.parse(settingValue(env, h.key)) as unknown },
  },
};

const settingCollectionSpec: ClassSpec<true> = {
  name: "SettingCollection",
  scalars: {},
  collection: {
    item: () => settingSpec as ClassSpec,
    items: (owner, _h, env) =>
      [...env.model.settings.keys()].map(
        (key) =>
          new FakeSetting(owner.context, `${owner._path}.items[${q(key)}]`, () => ({ key }), owner)
      ),
  },
};

function nameOf(env: SyncEnv, h: NameH): NameModel {
  return nameOfId(env.model, h.nameId);
}

function namesIn(env: SyncEnv, scope: ScopeH): NameModel[] {
  if (scope.sheetId !== undefined) sheetOf(env, scope.sheetId);
  return sortedNames(env.model.names.filter((n) => n.sheetId === scope.sheetId));
}

const namedItemSpec: ClassSpec<NameH> = {
  name: "NamedItem",
  scalars: {
    name: { get: (h, env) => nameOf(env, h).name },
    formula: { get: (h, env) => nameOf(env, h).formula },
    visible: { get: (h, env) => nameOf(env, h).visible },
    comment: { get: (h, env) => nameOf(env, h).comment },
    scope: { get: (h, env) => (nameOf(env, h).sheetId === undefined ? "Workbook" : "Worksheet") },
    type: { get: (h, env) => evaluatedMeaning(nameOf(env, h), "NamedItem.type").type },
    value: { get: (h, env) => evaluatedMeaning(nameOf(env, h), "NamedItem.value").value },
  },
  navs: {
    worksheet: () => worksheetSpec as ClassSpec,
    worksheetOrNullObject: () => worksheetSpec as ClassSpec,
  },
};

const namedItemCollectionSpec: ClassSpec<ScopeH> = {
  name: "NamedItemCollection",
  scalars: {},
  collection: {
    item: () => namedItemSpec as ClassSpec,
    items: (owner, h, env) =>
      namesIn(env, h).map((n) => {
        const nameId = n.id;
        return new FakeNamedItem(
          owner.context,
          `${owner._path}.items[${q(n.name)}]`,
          () => ({ nameId }),
          owner
        );
      }),
  },
};

const rangeSortSpec: ClassSpec<RangeHandle> = { name: "RangeSort", scalars: {} };

// ---------------------------------------------------------------------------------------------------------------
// Workbook

export class FakeWorkbook extends FakeClientObject<true> {
  constructor(context: FakeRequestContext) {
    super(context, {
      className: "Workbook",
      path: "workbook",
      spec: workbookSpec,
      resolve: () => true,
    });
  }

  get name(): string {
    return this._read("name");
  }

  get worksheets(): FakeWorksheetCollection {
    return this._child(
      "worksheets",
      () => new FakeWorksheetCollection(this.context, `${this._path}.worksheets`, this)
    );
  }

  get tables(): FakeTableCollection {
    return this._child(
      "tables",
      () =>
        new FakeTableCollection(
          this.context,
          `${this._path}.tables`,
          () => ({ sheetId: undefined }),
          this
        )
    );
  }

  get settings(): FakeSettingCollection {
    return this._child(
      "settings",
      () => new FakeSettingCollection(this.context, `${this._path}.settings`, this)
    );
  }

  get comments(): FakeCommentCollection {
    return this._child(
      "comments",
      () =>
        new FakeCommentCollection(
          this.context,
          `${this._path}.comments`,
          () => ({ sheetId: undefined }),
          this
        )
    );
  }

  get notes(): FakeNoteCollection {
    return this._child(
      "notes",
      () =>
        new FakeNoteCollection(
          this.context,
          `${this._path}.notes`,
          () => ({ sheetId: undefined }),
          this
        )
    );
  }

  /** The workbook-scoped names (worksheet-scoped ones are in `worksheet.names`). */
  get names(): FakeNamedItemCollection {
    return this._child(
      "names",
      () =>
        new FakeNamedItemCollection(
          this.context,
          `${this._path}.names`,
          () => ({ sheetId: undefined }),
          this
        )
    );
  }

  get onSelectionChanged(): FakeEventHandlers {
    return new FakeEventHandlers(
      this.context,
      this.context._host.selectionHandlers,
      `${this._path}.onSelectionChanged`
    );
  }

  getSelectedRange(): FakeRange {
    return new FakeRange(
      this.context,
      `${this._path}.getSelectedRange()`,
      (env) => liveRange(env, env.model.selection.sheetId, env.model.selection.rect),
      this
    );
  }

  getActiveCell(): FakeRange {
    return new FakeRange(
      this.context,
      `${this._path}.getActiveCell()`,
      (env) => {
        const { top, left } = env.model.selection.rect;
        return liveRange(env, env.model.selection.sheetId, { top, left, bottom: top, right: left });
      },
      this
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Worksheets

export class FakeWorksheetCollection extends FakeClientObject<true> {
  constructor(context: FakeRequestContext, path: string, parent: FakeClientObject) {
    super(context, {
      className: "WorksheetCollection",
      path,
      spec: worksheetCollectionSpec,
      resolve: () => true,
      parent,
    });
  }

  get items(): FakeWorksheet[] {
    if (this._isNull === true) return undefined as unknown as FakeWorksheet[];
    if (!this._items) throw notLoadedItems(this._className);
    return this._items as FakeWorksheet[];
  }

  getItem(key: string): FakeWorksheet {
    return new FakeWorksheet(
      this.context,
      `${this._path}.getItem(${q(key)})`,
      (env) => toSheetH(sheetByKey(env, key)),
      this
    );
  }

  getItemOrNullObject(key: string): FakeWorksheet {
    const sheet = new FakeWorksheet(
      this.context,
      `${this._path}.getItemOrNullObject(${q(key)})`,
      (env) => toSheetH(sheetByKey(env, key)),
      this,
      true
    );
    sheet._probe();
    return sheet;
  }

  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(
      this.context,
      `${this._path}.getActiveWorksheet()`,
      (env) => ({ sheetId: env.model.activeSheetId }),
      this
    );
  }

  getCount(visibleOnly?: boolean): FakeClientResult<number> {
    return this._result(
      "getCount",
      [visibleOnly],
      (_h, env) => env.model.sheets.filter((s) => !visibleOnly || s.visibility === "Visible").length
    );
  }

  add(name?: string): FakeWorksheet {
    const slot: { sheetId?: string } = {};
    this._call("add", [name], "addWorksheet", (_h, env) => {
      let sheetName = name;
      if (sheetName === undefined || sheetName === null) {
        let n = 1;
        while (env.model.sheets.some((s) => s.name.toLowerCase() === `sheet${n}`)) n++;
        sheetName = `Sheet${n}`;
      }
      validateSheetName(env, sheetName, "WorksheetCollection.add");
      const sheet = emptySheet(env.model, sheetName);
      env.model.sheets.push(sheet);
      slot.sheetId = sheet.id;
      return { name: sheetName };
    });
    return new FakeWorksheet(
      this.context,
      `${this._path}.add(${q(name)})`,
      () => ({ sheetId: slotValue(slot.sheetId, "WorksheetCollection.add") }),
      this
    );
  }
}

function toSheetH(sheet: FakeSheet | undefined): SheetH | null {
  return sheet ? { sheetId: sheet.id } : null;
}

function slotValue<T>(value: T | undefined, location: string): T {
  if (value === undefined)
    throw new FakeRichApiError(
      FakeErrorCodes.generalException,
      "The object was used before the command that creates it ran.",
      location
    );
  return value;
}

function notLoadedItems(className: string): FakeRichApiError {
  return new FakeRichApiError(
    FakeErrorCodes.propertyNotLoaded,
    `The property 'items' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    `${className}.items`
  );
}

export class FakeWorksheet extends FakeClientObject<SheetH> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<SheetH>,
    parent: FakeClientObject,
    nullable = false
  ) {
    super(context, {
      className: "Worksheet",
      path,
      spec: worksheetSpec,
      resolve,
      parent,
      nullable,
    });
  }

  override _describe(env: SyncEnv): string {
    try {
      const h = this._resolve(env);
      return h ? quoteSheetName(sheetOf(env, h.sheetId).name) : this._path;
    } catch {
      return this._path;
    }
  }

  get name(): string {
    return this._read("name");
  }

  set name(value: string) {
    this._write("name", value, "renameWorksheet", (h, v, env) => {
      const sheet = sheetOf(env, h.sheetId);
      const before = sheet.name;
      sheet.name = validateSheetName(env, v, "Worksheet.name", sheet);
      renameInFormulas(env, before, sheet.name);
      return { from: before, to: sheet.name };
    });
  }

  get id(): string {
    return this._read("id");
  }

  get position(): number {
    return this._read("position");
  }

  set position(value: number) {
    this._write("position", value, "moveWorksheet", (h, v, env) => {
      const sheets = env.model.sheets;
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= sheets.length)
        throw invalidArgument("position", "Worksheet.position");
      const sheet = sheetOf(env, h.sheetId);
      sheets.splice(sheets.indexOf(sheet), 1);
      sheets.splice(v, 0, sheet);
      return { position: v };
    });
  }

  get visibility(): string {
    return this._read("visibility");
  }

  set visibility(value: string) {
    this._write("visibility", value, "setWorksheetVisibility", (h, v, env) => {
      if (!enumValues("SheetVisibility").includes(v as string))
        throw invalidArgument("visibility", "Worksheet.visibility");
      const sheet = sheetOf(env, h.sheetId);
      if (
        v !== "Visible" &&
        !env.model.sheets.some((s) => s !== sheet && s.visibility === "Visible")
      ) {
        throw invalidOperation(
          "a workbook must contain at least one visible worksheet",
          "Worksheet.visibility"
        );
      }
      sheet.visibility = v as FakeSheet["visibility"];
      if (v !== "Visible" && env.model.activeSheetId === sheet.id) activateFirstVisible(env);
      return { visibility: v };
    });
  }

  get freezePanes(): FakeWorksheetFreezePanes {
    return this._child(
      "freezePanes",
      () => new FakeWorksheetFreezePanes(this.context, `${this._path}.freezePanes`, this)
    );
  }

  /** The sheet's embedded charts (charts.ts). */
  get charts(): FakeChartCollection {
    return this._child(
      "charts",
      () =>
        new FakeChartCollection(
          this.context,
          `${this._path}.charts`,
          (env) => {
            const h = this._resolve(env);
            return h && { sheetId: h.sheetId };
          },
          this
        )
    );
  }

  get pageLayout(): FakePageLayout {
    return this._child(
      "pageLayout",
      () => new FakePageLayout(this.context, `${this._path}.pageLayout`, this)
    );
  }

  get protection(): FakeWorksheetProtection {
    return this._child(
      "protection",
      () => new FakeWorksheetProtection(this.context, `${this._path}.protection`, this)
    );
  }

  get tables(): FakeTableCollection {
    return this._child(
      "tables",
      () =>
        new FakeTableCollection(
          this.context,
          `${this._path}.tables`,
          (env) => scopeOf(this, env),
          this
        )
    );
  }

  get notes(): FakeNoteCollection {
    return this._child(
      "notes",
      () =>
        new FakeNoteCollection(
          this.context,
          `${this._path}.notes`,
          (env) => scopeOf(this, env),
          this
        )
    );
  }

  get comments(): FakeCommentCollection {
    return this._child(
      "comments",
      () =>
        new FakeCommentCollection(
          this.context,
          `${this._path}.comments`,
          (env) => scopeOf(this, env),
          this
        )
    );
  }

  /** The names scoped to this worksheet. */
  get names(): FakeNamedItemCollection {
    return this._child(
      "names",
      () =>
        new FakeNamedItemCollection(
          this.context,
          `${this._path}.names`,
          (env) => scopeOf(this, env),
          this
        )
    );
  }

  getRange(address?: string): FakeRange {
    return this._range(`getRange(${address === undefined ? "" : q(address)})`, (sheet, env) => {
      if (address === undefined)
        return { top: 0, left: 0, bottom: MAX_ROWS - 1, right: MAX_COLUMNS - 1 };
      if (typeof address !== "string") throw invalidArgument("address", "Worksheet.getRange");
      const parsed = parseAddress(address);
      if (!parsed) return namedRect(env, sheet, address);
      if (parsed.sheet !== undefined && parsed.sheet.toLowerCase() !== sheet.name.toLowerCase()) {
        throw invalidArgument(
          "address",
          "Worksheet.getRange",
          `${q(address)} is on another worksheet than ${sheet.name}`
        );
      }
      return parsed.rect;
    });
  }

  getRangeByIndexes(
    startRow: number,
    startColumn: number,
    rowCount: number,
    columnCount: number
  ): FakeRange {
    return this._range(
      `getRangeByIndexes(${startRow},${startColumn},${rowCount},${columnCount})`,
      () =>
        checkGrid(
          {
            top: startRow,
            left: startColumn,
            bottom: startRow + rowCount - 1,
            right: startColumn + columnCount - 1,
          },
          "Worksheet.getRangeByIndexes"
        )
    );
  }

  getCell(row: number, column: number): FakeRange {
    return this._range(`getCell(${row},${column})`, () =>
      checkGrid({ top: row, left: column, bottom: row, right: column }, "Worksheet.getCell")
    );
  }

  getUsedRange(valuesOnly?: boolean): FakeRange {
    return this._range(
      `getUsedRange(${valuesOnly ?? ""})`,
      (sheet) => usedRect(sheet, valuesOnly === true) ?? { top: 0, left: 0, bottom: 0, right: 0 }
    );
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    const range = this._range(
      `getUsedRangeOrNullObject(${valuesOnly ?? ""})`,
      (sheet) => usedRect(sheet, valuesOnly === true) ?? null,
      true
    );
    range._probe();
    return range;
  }

  activate(): void {
    this._call("activate", [], "activateWorksheet", (h, env) => {
      const sheet = sheetOf(env, h.sheetId);
      if (sheet.visibility !== "Visible")
        throw invalidOperation("a hidden worksheet cannot be activated", "Worksheet.activate");
      activateSheet(env, sheet);
    });
  }

  delete(): void {
    this._call("delete", [], "deleteWorksheet", (h, env) => {
      const sheet = sheetOf(env, h.sheetId);
      if (!env.model.sheets.some((s) => s !== sheet && s.visibility === "Visible")) {
        throw invalidOperation(
          "a workbook must contain at least one visible worksheet",
          "Worksheet.delete"
        );
      }
      env.model.sheets.splice(env.model.sheets.indexOf(sheet), 1);
      // Its own names go with it; every other reference to it, in cells or names, reads #REF! (`=#REF!$A$1`).
      env.model.names = env.model.names.filter((n) => n.sheetId !== sheet.id);
      rewriteFormulas(env, (formula) => deleteSheetInFormula(formula, sheet.name));
      if (env.model.activeSheetId === sheet.id) activateFirstVisible(env);
      return { name: sheet.name };
    });
  }

  /**
   * A copy of the sheet at `positionType` ("None", the default, puts it first, as documented; "Before"/"After" need
   * `relativeTo`). The copy is not activated.
   */
  copy(positionType?: string, relativeTo?: FakeWorksheet): FakeWorksheet {
    checkContext(this, relativeTo, "Worksheet.copy");
    const slot: { sheetId?: string } = {};
    this._call(
      "copy",
      [positionType, relativeTo === undefined ? undefined : describeArg(relativeTo)],
      "copyWorksheet",
      (h, env) => {
        const location = "Worksheet.copy";
        const position = positionType ?? "None";
        if (!enumValues("WorksheetPositionType").includes(position))
          throw invalidArgument(
            "positionType",
            location,
            `${q(positionType)} is not a WorksheetPositionType`
          );
        const relative = position === "Before" || position === "After";
        if (relative && !(relativeTo instanceof FakeWorksheet))
          throw invalidArgument(
            "relativeTo",
            location,
            `"${position}" needs the worksheet to place it by`
          );
        if (relativeTo !== undefined && !(relativeTo instanceof FakeWorksheet))
          throw invalidArgument("relativeTo", location);
        const anchor = relative
          ? sheetOf(env, (relativeTo as FakeWorksheet)._resolveExisting(env, "copy").sheetId)
          : undefined;
        const source = sheetOf(env, h.sheetId);
        const copy = copyWorksheet(env.model, source);
        const sheets = env.model.sheets;
        const index =
          position === "Before"
            ? sheets.indexOf(anchor!)
            : position === "After"
              ? sheets.indexOf(anchor!) + 1
              : position === "End"
                ? sheets.length
                : 0;
        sheets.splice(index, 0, copy);
        slot.sheetId = copy.id;
        return { name: copy.name, position: index };
      }
    );
    return new FakeWorksheet(
      this.context,
      `${this._path}.copy(${positionType === undefined ? "" : q(positionType)})`,
      () => ({ sheetId: slotValue(slot.sheetId, "Worksheet.copy") }),
      this
    );
  }

  private _range(
    suffix: string,
    compute: (sheet: FakeSheet, env: SyncEnv) => Rect | null,
    nullable = false
  ): FakeRange {
    return new FakeRange(
      this.context,
      `${this._path}.${suffix}`,
      (env) => {
        const h = this._resolve(env);
        if (h === null) return null;
        const rect = compute(sheetOf(env, h.sheetId), env);
        return rect === null ? null : liveRange(env, h.sheetId, rect);
      },
      this,
      nullable
    );
  }
}

/** `worksheet.protection`: whether the sheet is protected, and protect/unprotect without a password. */
export class FakeWorksheetProtection extends FakeClientObject<SheetH> {
  constructor(context: FakeRequestContext, path: string, parent: FakeWorksheet) {
    super(context, {
      className: "WorksheetProtection",
      path,
      spec: worksheetProtectionSpec,
      parent,
      cache: false,
      resolve: (env) => parent._resolve(env),
    });
  }

  get protected(): boolean {
    return this._read("protected");
  }

  protect(options?: unknown, password?: unknown): void {
    if (options !== undefined || password !== undefined)
      throw notImplemented("WorksheetProtection.protect(options, password)");
    this._call("protect", [], "protectWorksheet", (h, env) => {
      const sheet = sheetOf(env, h.sheetId);
      if (sheet.protected)
        throw invalidOperation("the worksheet is already protected", "WorksheetProtection.protect");
      sheet.protected = true;
    });
  }

  unprotect(password?: unknown): void {
    if (password !== undefined) throw notImplemented("WorksheetProtection.unprotect(password)");
    this._call("unprotect", [], "unprotectWorksheet", (h, env) => {
      sheetOf(env, h.sheetId).protected = false;
    });
  }
}

/** View > Freeze Panes: only freezing top rows and unfreezing are modelled. */
export class FakeWorksheetFreezePanes extends FakeClientObject<SheetH> {
  constructor(context: FakeRequestContext, path: string, parent: FakeWorksheet) {
    super(context, {
      className: "WorksheetFreezePanes",
      path,
      spec: worksheetFreezePanesSpec,
      parent,
      cache: false,
      resolve: (env) => parent._resolve(env),
    });
  }

  freezeRows(count?: unknown): void {
    if (typeof count !== "number" || !Number.isInteger(count) || count < 1)
      throw notImplemented("WorksheetFreezePanes.freezeRows() without a positive row count");
    this._call("freezeRows", [count], "freezeRows", (h, env) => {
      sheetOf(env, h.sheetId).frozenRows = count;
    });
  }

  unfreeze(): void {
    this._call("unfreeze", [], "unfreeze", (h, env) => {
      sheetOf(env, h.sheetId).frozenRows = 0;
    });
  }
}

/**
 * Page Layout (ExcelApi 1.9): orientation, paper size, print scaling (`zoom`: a scale, or fit to pages wide and
 * tall) and the print title rows, given as an address. Margins, headers and footers, print areas and the rest are
 * not modelled: touching them throws NotImplemented.
 */
export class FakePageLayout extends FakeClientObject<SheetH> {
  constructor(context: FakeRequestContext, path: string, parent: FakeWorksheet) {
    super(context, {
      className: "PageLayout",
      path,
      spec: pageLayoutSpec,
      parent,
      cache: false,
      resolve: (env) => parent._resolve(env),
    });
  }

  override _describe(env: SyncEnv): string {
    return (this._parent as FakeClientObject)._describe(env);
  }

  private _layout(env: SyncEnv, h: SheetH): PageLayoutModel {
    return sheetOf(env, h.sheetId).pageLayout;
  }

  get orientation(): string {
    return this._read("orientation");
  }
  set orientation(value: string) {
    this._write("orientation", value, "setPageOrientation", (h, v, env) => {
      if (!enumValues("PageOrientation").includes(v as string))
        throw invalidArgument(
          "orientation",
          "PageLayout.orientation",
          `${q(v)} is not a PageOrientation`
        );
      this._layout(env, h).orientation = v as PageLayoutModel["orientation"];
      return { orientation: v };
    });
  }

  get paperSize(): string {
    return this._read("paperSize");
  }
  set paperSize(value: string) {
    this._write("paperSize", value, "setPaperSize", (h, v, env) => {
      if (!enumValues("PaperType").includes(v as string))
        throw invalidArgument("paperSize", "PageLayout.paperSize", `${q(v)} is not a PaperType`);
      this._layout(env, h).paperSize = v as string;
      return { paperSize: v };
    });
  }

  get zoom(): PageLayoutModel["zoom"] {
    return this._read("zoom");
  }
  /** As in Office.js, set as a whole object: a scale (10–400) or pages wide and tall (whole numbers), not both. */
  set zoom(value: PageLayoutModel["zoom"]) {
    this._write("zoom", value, "setPrintZoom", (h, v, env) => {
      const location = "PageLayout.zoom";
      if (typeof v !== "object" || v === null || Array.isArray(v))
        throw invalidArgument("zoom", location, `${q(v)} is not a PageLayoutZoomOptions object`);
      const options = v as Record<string, unknown>;
      const keys = Object.keys(options).filter((k) => options[k] !== undefined);
      const known = ["scale", "horizontalFitToPages", "verticalFitToPages"];
      const unknown = keys.find((k) => !known.includes(k));
      if (unknown) throw invalidArgument("zoom", location, `no zoom option ${q(unknown)}`);
      if (keys.length === 0) throw invalidArgument("zoom", location, "no zoom option given");
      const { scale, horizontalFitToPages: wide, verticalFitToPages: tall } = options;
      if (scale !== undefined && (wide !== undefined || tall !== undefined))
        throw invalidArgument("zoom", location, "a scale and fit-to-pages together");
      if (scale !== undefined && (typeof scale !== "number" || !(scale >= 10 && scale <= 400)))
        throw invalidArgument("zoom", location, `scale ${q(scale)} is not from 10 to 400`);
      for (const pages of [wide, tall])
        if (
          pages !== undefined &&
          (typeof pages !== "number" || !Number.isInteger(pages) || pages < 0 || pages > 32767)
        )
          throw invalidArgument("zoom", location, `${q(pages)} is not a number of pages`);
      const zoom: PageLayoutModel["zoom"] = {};
      if (scale !== undefined) zoom.scale = scale as number;
      if (wide !== undefined) zoom.horizontalFitToPages = wide as number;
      if (tall !== undefined) zoom.verticalFitToPages = tall as number;
      this._layout(env, h).zoom = zoom;
      return { zoom };
    });
  }

  /** Whole rows of this sheet (`$1:$1`, `1:2`) as an address; a Range argument is not modelled. */
  setPrintTitleRows(printTitleRows: unknown): void {
    if (typeof printTitleRows !== "string")
      throw notImplemented("PageLayout.setPrintTitleRows(Range): give the rows as an address");
    this._call("setPrintTitleRows", [printTitleRows], "setPrintTitleRows", (h, env) => {
      const location = "PageLayout.setPrintTitleRows";
      const sheet = sheetOf(env, h.sheetId);
      const parsed = parseAddress(printTitleRows);
      if (!parsed || !isWholeRows(parsed.rect))
        throw invalidArgument("printTitleRows", location, `${q(printTitleRows)} is not whole rows`);
      if (parsed.sheet !== undefined && parsed.sheet.toLowerCase() !== sheet.name.toLowerCase())
        throw invalidArgument(
          "printTitleRows",
          location,
          `${q(printTitleRows)} is on another sheet`
        );
      sheet.pageLayout.printTitleRows = { top: parsed.rect.top, bottom: parsed.rect.bottom };
      return { rows: printTitleRows };
    });
  }
}

function scopeOf(sheet: FakeWorksheet, env: SyncEnv): ScopeH | null {
  const h = sheet._resolve(env);
  if (h === null) return null;
  sheetOf(env, h.sheetId);
  return { sheetId: h.sheetId };
}

function activateSheet(env: SyncEnv, sheet: FakeSheet): void {
  env.model.activeSheetId = sheet.id;
  if (env.model.selection.sheetId !== sheet.id)
    env.model.selection = { sheetId: sheet.id, rect: { top: 0, left: 0, bottom: 0, right: 0 } };
}

function activateFirstVisible(env: SyncEnv): void {
  const next = env.model.sheets.find((s) => s.visibility === "Visible");
  if (next) activateSheet(env, next);
}

// ---------------------------------------------------------------------------------------------------------------
// Range

const SHIFT_INSERT = ["Down", "Right"];
const SHIFT_DELETE = ["Up", "Left"];

export class FakeRange extends FakeClientObject<RangeHandle> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<RangeHandle>,
    parent: FakeClientObject,
    nullable = false
  ) {
    super(context, { className: "Range", path, spec: rangeSpec, resolve, parent, nullable });
  }

  override _describe(env: SyncEnv): string {
    try {
      const h = this._resolve(env);
      if (!h || !h.rect) return this._path;
      return qualifiedAddress(sheetOf(env, h.sheetId).name, h.rect);
    } catch {
      return this._path;
    }
  }

  // --- scalar properties -----------------------------------------------------------------------------------------

  get address(): string {
    return this._read("address");
  }
  get addressLocal(): string {
    return this._read("addressLocal");
  }
  get rowIndex(): number {
    return this._read("rowIndex");
  }
  get columnIndex(): number {
    return this._read("columnIndex");
  }
  get rowCount(): number {
    return this._read("rowCount");
  }
  get columnCount(): number {
    return this._read("columnCount");
  }
  get cellCount(): number {
    return this._read("cellCount");
  }
  get isEntireColumn(): boolean {
    return this._read("isEntireColumn");
  }
  get isEntireRow(): boolean {
    return this._read("isEntireRow");
  }
  get text(): string[][] {
    return this._read("text");
  }
  get valueTypes(): string[][] {
    return this._read("valueTypes");
  }
  get hidden(): boolean {
    return this._read("hidden");
  }

  get values(): unknown[][] {
    return this._read("values");
  }
  set values(value: unknown[][]) {
    this._write("values", value, "setValues", (h, v, env) => {
      const { sheet, rect } = rangeOf(env, h);
      return writeGrid(env, sheet, rect, v, "values", "Range.values");
    });
  }

  get formulas(): unknown[][] {
    return this._read("formulas");
  }
  set formulas(value: unknown[][]) {
    this._write("formulas", value, "setFormulas", (h, v, env) => {
      const { sheet, rect } = rangeOf(env, h);
      return writeGrid(env, sheet, rect, v, "formulas", "Range.formulas");
    });
  }

  get formulasLocal(): unknown[][] {
    return this._read("formulasLocal");
  }
  set formulasLocal(value: unknown[][]) {
    this._write("formulasLocal", value, "setFormulas", (h, v, env) => {
      const { sheet, rect } = rangeOf(env, h);
      return writeGrid(env, sheet, rect, v, "formulas", "Range.formulasLocal");
    });
  }

  get numberFormat(): unknown[][] {
    return this._read("numberFormat");
  }
  set numberFormat(value: unknown[][]) {
    this._write("numberFormat", value, "setNumberFormat", (h, v, env) => {
      const { sheet, rect } = rangeOf(env, h);
      checkFormatWrite(env, rect, "Range.numberFormat");
      return writeGrid(env, sheet, rect, v, "numberFormat", "Range.numberFormat");
    });
  }

  get rowHidden(): boolean {
    return this._read("rowHidden");
  }
  set rowHidden(value: boolean) {
    this._write("rowHidden", value, "setRowHidden", (h, v, env) => {
      const hide = requireBoolean(v, "rowHidden", "Range.rowHidden");
      const { sheet, rect } = rangeOf(env, h);
      for (let r = rect.top; r <= rect.bottom; r++) {
        if (hide) sheet.hiddenRows.add(r);
        else sheet.hiddenRows.delete(r);
      }
      return { hidden: hide };
    });
  }

  get columnHidden(): boolean {
    return this._read("columnHidden");
  }
  set columnHidden(value: boolean) {
    this._write("columnHidden", value, "setColumnHidden", (h, v, env) => {
      const hide = requireBoolean(v, "columnHidden", "Range.columnHidden");
      const { sheet, rect } = rangeOf(env, h);
      for (let c = rect.left; c <= rect.right; c++) {
        if (hide) sheet.hiddenColumns.add(c);
        else sheet.hiddenColumns.delete(c);
      }
      return { hidden: hide };
    });
  }

  // --- navigation ------------------------------------------------------------------------------------------------

  get format(): FakeRangeFormat {
    return this._child(
      "format",
      () => new FakeRangeFormat(this.context, `${this._path}.format`, this)
    );
  }

  get worksheet(): FakeWorksheet {
    return this._child(
      "worksheet",
      () =>
        new FakeWorksheet(
          this.context,
          `${this._path}.worksheet`,
          (env) => {
            const h = this._resolve(env);
            return h === null ? null : { sheetId: rangeOf(env, h).sheet.id };
          },
          this
        )
    );
  }

  get conditionalFormats(): FakeConditionalFormatCollection {
    return this._child(
      "conditionalFormats",
      () =>
        new FakeConditionalFormatCollection(this.context, `${this._path}.conditionalFormats`, this)
    );
  }

  get sort(): FakeRangeSort {
    return this._child("sort", () => new FakeRangeSort(this.context, `${this._path}.sort`, this));
  }

  // --- derived ranges --------------------------------------------------------------------------------------------

  _sub(
    suffix: string,
    compute: (rect: Rect, sheet: FakeSheet, env: SyncEnv) => Rect | null,
    nullable = false
  ): FakeRange {
    return new FakeRange(
      this.context,
      `${this._path}.${suffix}`,
      (env) => {
        const h = this._resolve(env);
        if (h === null) return null;
        const { sheet, rect } = rangeOf(env, h);
        const result = compute(rect, sheet, env);
        return result === null ? null : liveRange(env, sheet.id, result);
      },
      this,
      nullable
    );
  }

  getCell(row: number, column: number): FakeRange {
    return this._sub(`getCell(${row},${column})`, (r) =>
      checkGrid(
        { top: r.top + row, left: r.left + column, bottom: r.top + row, right: r.left + column },
        "Range.getCell"
      )
    );
  }

  getOffsetRange(rowOffset: number, columnOffset: number): FakeRange {
    return this._sub(`getOffsetRange(${rowOffset},${columnOffset})`, (r) =>
      checkGrid(
        {
          top: r.top + rowOffset,
          left: r.left + columnOffset,
          bottom: r.bottom + rowOffset,
          right: r.right + columnOffset,
        },
        "Range.getOffsetRange"
      )
    );
  }

  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return this._sub(`getResizedRange(${deltaRows},${deltaColumns})`, (r) =>
      checkGrid(
        { ...r, bottom: r.bottom + deltaRows, right: r.right + deltaColumns },
        "Range.getResizedRange"
      )
    );
  }

  getRow(row: number): FakeRange {
    return this._sub(`getRow(${row})`, (r) =>
      checkGrid(
        { top: r.top + row, bottom: r.top + row, left: r.left, right: r.right },
        "Range.getRow"
      )
    );
  }

  getColumn(column: number): FakeRange {
    return this._sub(`getColumn(${column})`, (r) =>
      checkGrid(
        { top: r.top, bottom: r.bottom, left: r.left + column, right: r.left + column },
        "Range.getColumn"
      )
    );
  }

  getEntireColumn(): FakeRange {
    return this._sub("getEntireColumn()", (r) => ({
      top: 0,
      bottom: MAX_ROWS - 1,
      left: r.left,
      right: r.right,
    }));
  }

  getEntireRow(): FakeRange {
    return this._sub("getEntireRow()", (r) => ({
      top: r.top,
      bottom: r.bottom,
      left: 0,
      right: MAX_COLUMNS - 1,
    }));
  }

  getLastRow(): FakeRange {
    return this._sub("getLastRow()", (r) => ({ ...r, top: r.bottom }));
  }

  getLastColumn(): FakeRange {
    return this._sub("getLastColumn()", (r) => ({ ...r, left: r.right }));
  }

  private _otherRect(
    env: SyncEnv,
    sheet: FakeSheet,
    other: FakeRange | string,
    location: string
  ): Rect {
    const target = targetOf(env, { sheetId: sheet.id }, other, location);
    return target.rect;
  }

  getIntersection(anotherRange: FakeRange | string): FakeRange {
    checkContext(this, anotherRange, "Range.getIntersection");
    return this._sub(`getIntersection(${describeArg(anotherRange)})`, (r, sheet, env) => {
      const cut = intersectRects(
        r,
        this._otherRect(env, sheet, anotherRange, "Range.getIntersection")
      );
      if (!cut) throw itemNotFound("the ranges do not intersect", "Range.getIntersection");
      return cut;
    });
  }

  getIntersectionOrNullObject(anotherRange: FakeRange | string): FakeRange {
    checkContext(this, anotherRange, "Range.getIntersectionOrNullObject");
    const range = this._sub(
      `getIntersectionOrNullObject(${describeArg(anotherRange)})`,
      (r, sheet, env) =>
        intersectRects(
          r,
          this._otherRect(env, sheet, anotherRange, "Range.getIntersectionOrNullObject")
        ) ?? null,
      true
    );
    range._probe();
    return range;
  }

  getBoundingRect(anotherRange: FakeRange | string): FakeRange {
    checkContext(this, anotherRange, "Range.getBoundingRect");
    return this._sub(`getBoundingRect(${describeArg(anotherRange)})`, (r, sheet, env) =>
      boundingRect(r, this._otherRect(env, sheet, anotherRange, "Range.getBoundingRect"))
    );
  }

  getUsedRange(valuesOnly?: boolean): FakeRange {
    return this._sub(`getUsedRange(${valuesOnly ?? ""})`, (r, sheet) => {
      const used = usedRect(sheet, valuesOnly === true, r);
      if (!used) throw itemNotFound("no used cells in the range", "Range.getUsedRange");
      return used;
    });
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    const range = this._sub(
      `getUsedRangeOrNullObject(${valuesOnly ?? ""})`,
      (r, sheet) => usedRect(sheet, valuesOnly === true, r) ?? null,
      true
    );
    range._probe();
    return range;
  }

  getMergedAreasOrNullObject(): FakeRangeAreas {
    const areas = new FakeRangeAreas(
      this.context,
      `${this._path}.getMergedAreasOrNullObject()`,
      (env) => {
        const h = this._resolve(env);
        if (h === null) return null;
        const { sheet, rect } = rangeOf(env, h);
        const rects = sheet.merged.filter((m) => rectsOverlap(m, rect)).map((m) => ({ ...m }));
        rects.sort((a, b) => a.top - b.top || a.left - b.left);
        return rects.length ? { sheetId: sheet.id, rects } : null;
      },
      this,
      true
    );
    areas._probe();
    return areas;
  }

  // --- structural changes ----------------------------------------------------------------------------------------

  insert(shift: string): FakeRange {
    const slot: { handle?: RangeHandle } = {};
    this._call("insert", [shift], "insert", (h, env) => {
      if (!SHIFT_INSERT.includes(shift))
        throw invalidArgument("shift", "Range.insert", `${q(shift)} is not "Down" or "Right"`);
      const { sheet, rect } = rangeOf(env, h);
      const blank = { ...rect };
      const op: ShiftOperation =
        shift === "Down"
          ? {
              axis: "rows",
              at: rect.top,
              count: rectRows(rect),
              bandStart: rect.left,
              bandEnd: rect.right,
            }
          : {
              axis: "columns",
              at: rect.left,
              count: rectColumns(rect),
              bandStart: rect.top,
              bandEnd: rect.bottom,
            };
      applyShift(
        {
          model: env.model,
          sheet,
          liveRanges: env.ctx._liveRanges,
          insertCopiesFormat: env.host.options.insertCopiesFormat ?? true,
          location: "Range.insert",
        },
        op
      );
      slot.handle = liveRange(env, sheet.id, blank);
      return { shift, address: qualifiedAddress(sheet.name, blank) };
    });
    return new FakeRange(
      this.context,
      `${this._path}.insert(${q(shift)})`,
      () => slotValue(slot.handle, "Range.insert"),
      this
    );
  }

  delete(shift: string): void {
    this._call("delete", [shift], "delete", (h, env) => {
      if (!SHIFT_DELETE.includes(shift))
        throw invalidArgument("shift", "Range.delete", `${q(shift)} is not "Up" or "Left"`);
      const { sheet, rect } = rangeOf(env, h);
      const op: ShiftOperation =
        shift === "Up"
          ? {
              axis: "rows",
              at: rect.top,
              count: -rectRows(rect),
              bandStart: rect.left,
              bandEnd: rect.right,
            }
          : {
              axis: "columns",
              at: rect.left,
              count: -rectColumns(rect),
              bandStart: rect.top,
              bandEnd: rect.bottom,
            };
      applyShift(
        {
          model: env.model,
          sheet,
          liveRanges: env.ctx._liveRanges,
          insertCopiesFormat: false,
          location: "Range.delete",
        },
        op
      );
      return { shift };
    });
  }

  clear(applyTo?: string): void {
    this._call("clear", [applyTo], "clear", (h, env) => {
      const mode = applyTo ?? "All";
      if (!enumValues("ClearApplyTo").includes(mode))
        throw invalidArgument(
          "applyTo",
          "Range.clear",
          `${q(applyTo)} is not a ClearApplyTo value`
        );
      const { sheet, rect } = rangeOf(env, h);
      const contents = mode === "All" || mode === "Contents" || mode === "ResetContents";
      const formats = mode === "All" || mode === "Formats";
      forEachStoredCell(sheet, rect, (cell, r, c) => {
        if (contents) {
          cell.value = null;
          delete cell.formula;
        }
        if (formats) {
          delete cell.numberFormat;
          delete cell.fill;
          delete cell.fontColor;
          delete cell.bold;
        }
        pruneCell(sheet, r, c);
      });
      if (formats) {
        clipConditionalFormats(sheet, rect);
        sheet.merged = sheet.merged.filter((m) => !rectsOverlap(m, rect));
      }
      if (mode === "All") {
        for (const [key, note] of [...sheet.notes])
          if (
            rectContains(rect, {
              top: note.row,
              left: note.column,
              bottom: note.row,
              right: note.column,
            })
          )
            sheet.notes.delete(key);
        for (const [key, c] of [...sheet.comments])
          if (rectContains(rect, { top: c.row, left: c.column, bottom: c.row, right: c.column }))
            sheet.comments.delete(key);
      }
      syncTableHeaders(sheet, rect);
      return { applyTo: mode };
    });
  }

  select(): void {
    this._call("select", [], "select", (h, env) => {
      const { sheet, rect } = rangeOf(env, h);
      if (sheet.visibility !== "Visible")
        throw invalidOperation("cannot select on a hidden worksheet", "Range.select");
      env.model.activeSheetId = sheet.id;
      env.model.selection = { sheetId: sheet.id, rect: { ...rect } };
    });
  }

  merge(across?: boolean): void {
    this._call("merge", [across], "merge", (h, env) => {
      const { sheet, rect } = rangeOf(env, h);
      const pieces = across
        ? Array.from({ length: rectRows(rect) }, (_, i) => ({
            ...rect,
            top: rect.top + i,
            bottom: rect.top + i,
          }))
        : [rect];
      for (const piece of pieces) {
        if (rectCellCount(piece) < 2) continue;
        if (sheet.tables.some((t) => rectsOverlap(t.rect, piece))) {
          throw new FakeRichApiError(
            FakeErrorCodes.invalidOperation,
            "Cells in a table can't be merged.",
            "Range.merge"
          );
        }
        for (const m of sheet.merged) {
          if (rectsOverlap(m, piece) && !rectContains(piece, m))
            throw invalidOperation("the range partially overlaps a merged area", "Range.merge");
        }
        sheet.merged = sheet.merged.filter((m) => !rectContains(piece, m));
        let kept = false;
        forEachAddress(piece, (r, c) => {
          const cell = getCell(sheet, r, c);
          if (!cell || (cell.value === null && !cell.formula)) return;
          if (!kept) {
            kept = true;
            if (r !== piece.top || c !== piece.left) {
              const anchor = ensureCell(sheet, piece.top, piece.left);
              anchor.value = cell.value;
              if (cell.formula) anchor.formula = cell.formula;
            }
          }
          if (r !== piece.top || c !== piece.left) {
            cell.value = null;
            delete cell.formula;
            pruneCell(sheet, r, c);
          }
        });
        sheet.merged.push({ ...piece });
      }
      return { across: across === true };
    });
  }

  unmerge(): void {
    this._call("unmerge", [], "unmerge", (h, env) => {
      const { sheet, rect } = rangeOf(env, h);
      sheet.merged = sheet.merged.filter((m) => !rectsOverlap(m, rect));
    });
  }
}

function describeArg(arg: unknown): string {
  return arg instanceof FakeClientObject ? arg._path : q(arg);
}

function clipConditionalFormats(sheet: FakeSheet, rect: Rect): void {
  sheet.conditionalFormats = sheet.conditionalFormats.filter((cf) => {
    cf.ranges = mergeAdjacentRects(cf.ranges.flatMap((r) => subtractRect(r, rect)));
    return cf.ranges.length > 0;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Range formats

class RangeChild extends FakeClientObject<RangeHandle> {
  constructor(
    context: FakeRequestContext,
    className: string,
    path: string,
    spec: ClassSpec<RangeHandle>,
    parent: FakeClientObject<RangeHandle>
  ) {
    super(context, {
      className,
      path,
      spec,
      parent,
      cache: false,
      resolve: (env) => parent._resolve(env),
    });
  }

  override _describe(env: SyncEnv): string {
    return (this._parent as FakeClientObject)._describe(env);
  }
}

export class FakeRangeFormat extends RangeChild {
  constructor(context: FakeRequestContext, path: string, parent: FakeRange) {
    super(context, "RangeFormat", path, rangeFormatSpec, parent);
  }

  get fill(): FakeRangeFill {
    return this._child("fill", () => new FakeRangeFill(this.context, `${this._path}.fill`, this));
  }

  get font(): FakeRangeFont {
    return this._child("font", () => new FakeRangeFont(this.context, `${this._path}.font`, this));
  }

  get columnWidth(): number {
    return this._read("columnWidth");
  }
  set columnWidth(value: number) {
    this._write("columnWidth", value, "setColumnWidth", (h, v, env) => {
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 255 * 7.5)
        throw invalidArgument("columnWidth", "RangeFormat.columnWidth");
      const { sheet, rect } = rangeOf(env, h);
      for (let c = rect.left; c <= rect.right; c++) sheet.columnWidths.set(c, v);
      return { width: v };
    });
  }

  autofitColumns(): void {
    this._call("autofitColumns", [], "autofitColumns", (h, env) => {
      const { sheet, rect } = rangeOf(env, h);
      const longest = new Map<number, number>();
      forEachStoredCell(sheet, rect, (cell, _r, c) => {
        const length = formatCellText(cell.value, cell.numberFormat).length;
        longest.set(c, Math.max(longest.get(c) ?? 0, length));
      });
      for (let c = rect.left; c <= rect.right; c++) {
        const length = longest.get(c) ?? 0;
        if (length === 0) sheet.columnWidths.delete(c);
        else sheet.columnWidths.set(c, Math.round((length * 7 + 10) * 0.75 * 4) / 4);
      }
    });
  }
}

export class FakeRangeFill extends RangeChild {
  constructor(context: FakeRequestContext, path: string, parent: FakeRangeFormat) {
    super(context, "RangeFill", path, rangeFillSpec, parent);
  }

  get color(): string {
    return this._read("color");
  }
  set color(value: string) {
    this._write("color", value, "setFillColor", (h, v, env) => {
      const color = normaliseColor(v, "RangeFill.color");
      const { sheet, rect } = rangeOf(env, h);
      checkFormatWrite(env, rect, "RangeFill.color");
      forEachAddress(rect, (r, c) => {
        const cell = ensureCell(sheet, r, c);
        if (color === "") delete cell.fill;
        else cell.fill = color;
        pruneCell(sheet, r, c);
      });
      return { color };
    });
  }

  clear(): void {
    this._call("clear", [], "clearFill", (h, env) => {
      const { sheet, rect } = rangeOf(env, h);
      forEachStoredCell(sheet, rect, (cell, r, c) => {
        delete cell.fill;
        pruneCell(sheet, r, c);
      });
    });
  }
}

export class FakeRangeFont extends RangeChild {
  constructor(context: FakeRequestContext, path: string, parent: FakeRangeFormat) {
    super(context, "RangeFont", path, rangeFontSpec, parent);
  }

  get color(): string {
    return this._read("color");
  }
  set color(value: string) {
    this._write("color", value, "setFontColor", (h, v, env) => {
      const color = normaliseColor(v, "RangeFont.color");
      const { sheet, rect } = rangeOf(env, h);
      checkFormatWrite(env, rect, "RangeFont.color");
      forEachAddress(rect, (r, c) => {
        const cell = ensureCell(sheet, r, c);
        if (color === "" || color === "#000000") delete cell.fontColor;
        else cell.fontColor = color;
        pruneCell(sheet, r, c);
      });
      return { color };
    });
  }

  get bold(): boolean {
    return this._read("bold");
  }
  set bold(value: boolean) {
    this._write("bold", value, "setFontBold", (h, v, env) => {
      const bold = requireBoolean(v, "bold", "RangeFont.bold");
      const { sheet, rect } = rangeOf(env, h);
      checkFormatWrite(env, rect, "RangeFont.bold");
      forEachAddress(rect, (r, c) => {
        const cell = ensureCell(sheet, r, c);
        if (bold) cell.bold = true;
        else delete cell.bold;
        pruneCell(sheet, r, c);
      });
      return { bold };
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// RangeAreas

export class FakeRangeAreas extends FakeClientObject<AreasH> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<AreasH>,
    parent: FakeClientObject,
    nullable = false
  ) {
    super(context, {
      className: "RangeAreas",
      path,
      spec: rangeAreasSpec,
      resolve,
      parent,
      nullable,
    });
  }

  get address(): string {
    return this._read("address");
  }
  get areaCount(): number {
    return this._read("areaCount");
  }
  get cellCount(): number {
    return this._read("cellCount");
  }

  get areas(): FakeRangeCollection {
    return this._child(
      "areas",
      () =>
        new FakeRangeCollection(
          this.context,
          `${this._path}.areas`,
          (env) => this._resolve(env),
          this
        )
    );
  }
}

export class FakeRangeCollection extends FakeClientObject<AreasH> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<AreasH>,
    parent: FakeClientObject
  ) {
    super(context, {
      className: "RangeCollection",
      path,
      spec: rangeCollectionSpec,
      resolve,
      parent,
      cache: false,
    });
  }

  get items(): FakeRange[] {
    if (this._isNull === true) return undefined as unknown as FakeRange[];
    if (!this._items) throw notLoadedItems(this._className);
    return this._items as FakeRange[];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Conditional formats

const MODELLED_CF_TYPES: FakeConditionalFormatType[] = ["ContainsText", "Custom", "CellValue"];

export class FakeConditionalFormatCollection extends FakeClientObject<RangeHandle> {
  constructor(context: FakeRequestContext, path: string, parent: FakeRange) {
    super(context, {
      className: "ConditionalFormatCollection",
      path,
      spec: cfCollectionSpec,
      parent,
      cache: false,
      resolve: (env) => parent._resolve(env),
    });
  }

  get items(): FakeConditionalFormat[] {
    if (this._isNull === true) return undefined as unknown as FakeConditionalFormat[];
    if (!this._items) throw notLoadedItems(this._className);
    return this._items as unknown as FakeConditionalFormat[];
  }

  add(type: string): FakeConditionalFormat {
    if (
      typeof type === "string" &&
      enumValues("ConditionalFormatType").includes(type) &&
      !MODELLED_CF_TYPES.includes(type as FakeConditionalFormatType)
    ) {
      throw notImplemented(`ConditionalFormatCollection.add(${q(type)})`);
    }
    const slot: { id?: CfH } = {};
    this._call("add", [type], "addConditionalFormat", (h, env) => {
      if (!MODELLED_CF_TYPES.includes(type as FakeConditionalFormatType)) {
        throw invalidArgument(
          "type",
          "ConditionalFormatCollection.add",
          `${q(type)} is not a ConditionalFormatType (text rules are "ContainsText")`
        );
      }
      const { sheet, rect } = rangeOf(env, h);
      const cf: CfModel = {
        id: newId(env.model, "cf"),
        type: type as FakeConditionalFormatType,
        ranges: [{ ...rect }],
        stopIfTrue: false,
        rule: {},
        format: {},
      };
      sheet.conditionalFormats.unshift(cf);
      slot.id = { sheetId: sheet.id, cfId: cf.id };
      return { type, id: cf.id };
    });
    return new FakeConditionalFormat(
      this.context,
      `${this._path}.add(${q(type)})`,
      () => slotValue(slot.id, "ConditionalFormatCollection.add"),
      this
    );
  }

  getCount(): FakeClientResult<number> {
    return this._result("getCount", [], (h, env) => intersectingCfs(env, h).length);
  }

  getItem(id: string): FakeConditionalFormat {
    return new FakeConditionalFormat(
      this.context,
      `${this._path}.getItem(${q(id)})`,
      (env) => {
        const h = this._resolveExisting(env, "getItem");
        const cf = intersectingCfs(env, h).find((c) => c.id === id);
        return cf ? { sheetId: h.sheetId, cfId: cf.id } : null;
      },
      this
    );
  }

  getItemAt(index: number): FakeConditionalFormat {
    return new FakeConditionalFormat(
      this.context,
      `${this._path}.getItemAt(${index})`,
      (env) => {
        const h = this._resolveExisting(env, "getItemAt");
        const cf = intersectingCfs(env, h)[index];
        return cf ? { sheetId: h.sheetId, cfId: cf.id } : null;
      },
      this
    );
  }

  clearAll(): void {
    this._call("clearAll", [], "clearConditionalFormats", (h, env) => {
      const { sheet, rect } = rangeOf(env, h);
      clipConditionalFormats(sheet, rect);
    });
  }
}

export class FakeConditionalFormat extends FakeClientObject<CfH> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<CfH>,
    parent: FakeClientObject,
    nullable = false
  ) {
    super(context, {
      className: "ConditionalFormat",
      path,
      spec: cfSpec,
      resolve,
      parent,
      nullable,
    });
  }

  override _describe(env: SyncEnv): string {
    try {
      const h = this._resolve(env);
      if (!h) return this._path;
      const { sheet, cf } = cfOf(env, h);
      return cf.ranges.map((r) => qualifiedAddress(sheet.name, r)).join(",");
    } catch {
      return this._path;
    }
  }

  get id(): string {
    return this._read("id");
  }
  get type(): string {
    return this._read("type");
  }

  get priority(): number {
    return this._read("priority");
  }
  set priority(value: number) {
    this._write("priority", value, "setConditionalFormatPriority", (h, v, env) => {
      if (typeof v !== "number" || !Number.isInteger(v))
        throw invalidArgument("priority", "ConditionalFormat.priority");
      const { sheet, cf } = cfOf(env, h);
      const list = sheet.conditionalFormats;
      list.splice(list.indexOf(cf), 1);
      const target = v < 0 ? Math.max(0, list.length + 1 + v) : Math.min(v, list.length);
      list.splice(target, 0, cf);
      return { priority: target };
    });
  }

  get stopIfTrue(): boolean {
    return this._read("stopIfTrue");
  }
  set stopIfTrue(value: boolean) {
    this._write("stopIfTrue", value, "setConditionalFormatStopIfTrue", (h, v, env) => {
      cfOf(env, h).cf.stopIfTrue = requireBoolean(v, "stopIfTrue", "ConditionalFormat.stopIfTrue");
    });
  }

  private _typed<T extends FakeClientObject>(
    name: string,
    type: FakeConditionalFormatType,
    nullable: boolean,
    make: (path: string, resolve: Resolver<CfH>, nullable: boolean) => T
  ): T {
    return this._child(name, () => {
      const child = make(
        `${this._path}.${name}`,
        (env) => {
          const h = this._resolve(env);
          if (h === null) return null;
          return cfOf(env, h).cf.type === type ? h : null;
        },
        nullable
      );
      if (nullable) child._probe();
      return child;
    });
  }

  get textComparison(): FakeTextConditionalFormat {
    return this._typed(
      "textComparison",
      "ContainsText",
      false,
      (p, r, n) => new FakeTextConditionalFormat(this.context, p, r, this, n)
    );
  }
  get textComparisonOrNullObject(): FakeTextConditionalFormat {
    return this._typed(
      "textComparisonOrNullObject",
      "ContainsText",
      true,
      (p, r, n) => new FakeTextConditionalFormat(this.context, p, r, this, n)
    );
  }
  get custom(): FakeCustomConditionalFormat {
    return this._typed(
      "custom",
      "Custom",
      false,
      (p, r, n) => new FakeCustomConditionalFormat(this.context, p, r, this, n)
    );
  }
  get customOrNullObject(): FakeCustomConditionalFormat {
    return this._typed(
      "customOrNullObject",
      "Custom",
      true,
      (p, r, n) => new FakeCustomConditionalFormat(this.context, p, r, this, n)
    );
  }
  get cellValue(): FakeCellValueConditionalFormat {
    return this._typed(
      "cellValue",
      "CellValue",
      false,
      (p, r, n) => new FakeCellValueConditionalFormat(this.context, p, r, this, n)
    );
  }
  get cellValueOrNullObject(): FakeCellValueConditionalFormat {
    return this._typed(
      "cellValueOrNullObject",
      "CellValue",
      true,
      (p, r, n) => new FakeCellValueConditionalFormat(this.context, p, r, this, n)
    );
  }

  getRange(): FakeRange {
    return this._cfRange("getRange()", false);
  }

  getRangeOrNullObject(): FakeRange {
    const range = this._cfRange("getRangeOrNullObject()", true);
    range._probe();
    return range;
  }

  getRanges(): FakeRangeAreas {
    return new FakeRangeAreas(
      this.context,
      `${this._path}.getRanges()`,
      (env) => {
        const h = this._resolve(env);
        if (h === null) return null;
        const { sheet, cf } = cfOf(env, h);
        return { sheetId: sheet.id, rects: cf.ranges.map((r) => ({ ...r })) };
      },
      this
    );
  }

  private _cfRange(suffix: string, nullable: boolean): FakeRange {
    return new FakeRange(
      this.context,
      `${this._path}.${suffix}`,
      (env) => {
        const h = this._resolve(env);
        if (h === null) return null;
        const { sheet, cf } = cfOf(env, h);
        if (cf.ranges.length !== 1) {
          if (nullable) return null;
          throw invalidOperation(
            "the conditional format applies to more than one range; use getRanges()",
            "ConditionalFormat.getRange"
          );
        }
        return liveRange(env, sheet.id, cf.ranges[0]!);
      },
      this,
      nullable
    );
  }

  delete(): void {
    this._call("delete", [], "deleteConditionalFormat", (h, env) => {
      const { sheet, cf } = cfOf(env, h);
      sheet.conditionalFormats.splice(sheet.conditionalFormats.indexOf(cf), 1);
    });
  }
}

class CfChild extends FakeClientObject<CfH> {
  constructor(
    context: FakeRequestContext,
    className: string,
    path: string,
    spec: ClassSpec<CfH>,
    resolve: Resolver<CfH>,
    parent: FakeClientObject,
    nullable: boolean
  ) {
    super(context, { className, path, spec, resolve, parent, nullable, cache: false });
  }

  override _describe(env: SyncEnv): string {
    return (this._parent as FakeClientObject)._describe(env);
  }

  protected _format(): FakeConditionalRangeFormat {
    return this._child(
      "format",
      () =>
        new FakeConditionalRangeFormat(
          this.context,
          `${this._path}.format`,
          (env) => this._resolve(env),
          this
        )
    );
  }
}

function validateTextRule(v: unknown): { operator: string; text: string } {
  const rule = v as { operator?: unknown; text?: unknown } | null;
  const operators = enumValues("ConditionalTextOperator").filter((o) => o !== "Invalid");
  if (
    !rule ||
    typeof rule !== "object" ||
    !operators.includes(rule.operator as string) ||
    typeof rule.text !== "string"
  ) {
    throw invalidArgument(
      "rule",
      "TextConditionalFormat.rule",
      `expected { operator: ${operators.join("|")}, text: string }, got ${q(v)}`
    );
  }
  return { operator: rule.operator as string, text: rule.text };
}

export class FakeTextConditionalFormat extends CfChild {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<CfH>,
    parent: FakeClientObject,
    nullable: boolean
  ) {
    super(context, "TextConditionalFormat", path, textCfSpec, resolve, parent, nullable);
  }

  get format(): FakeConditionalRangeFormat {
    return this._format();
  }

  get rule(): { operator: string; text: string } {
    return this._read("rule");
  }
  set rule(value: { operator: string; text: string }) {
    this._write("rule", value, "setConditionalFormatRule", (h, v, env) => {
      const rule = validateTextRule(v);
      const { cf } = cfOf(env, h);
      cf.rule = { operator: rule.operator, text: rule.text };
      return { ...rule };
    });
  }
}

export class FakeCellValueConditionalFormat extends CfChild {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<CfH>,
    parent: FakeClientObject,
    nullable: boolean
  ) {
    super(context, "CellValueConditionalFormat", path, cellValueCfSpec, resolve, parent, nullable);
  }

  get format(): FakeConditionalRangeFormat {
    return this._format();
  }

  get rule(): { formula1: string; formula2?: string; operator: string } {
    return this._read("rule");
  }
  set rule(value: { formula1: string; formula2?: string; operator: string }) {
    this._write("rule", value, "setConditionalFormatRule", (h, v, env) => {
      const rule = v as { formula1?: unknown; formula2?: unknown; operator?: unknown } | null;
      const operators = enumValues("ConditionalCellValueOperator").filter((o) => o !== "Invalid");
      const between = rule?.operator === "Between" || rule?.operator === "NotBetween";
      const ok =
        rule &&
        typeof rule === "object" &&
        operators.includes(rule.operator as string) &&
        (typeof rule.formula1 === "string" || typeof rule.formula1 === "number") &&
        (!between || typeof rule.formula2 === "string" || typeof rule.formula2 === "number");
      if (!ok) throw invalidArgument("rule", "CellValueConditionalFormat.rule", `got ${q(v)}`);
      const { cf } = cfOf(env, h);
      cf.rule = {
        operator: rule.operator as string,
        formula1: String(rule.formula1),
        ...(rule.formula2 !== undefined ? { formula2: String(rule.formula2) } : {}),
      };
      return { ...cf.rule };
    });
  }
}

export class FakeCustomConditionalFormat extends CfChild {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<CfH>,
    parent: FakeClientObject,
    nullable: boolean
  ) {
    super(context, "CustomConditionalFormat", path, customCfSpec, resolve, parent, nullable);
  }

  get format(): FakeConditionalRangeFormat {
    return this._format();
  }

  get rule(): FakeConditionalFormatRule {
    return this._child(
      "rule",
      () =>
        new FakeConditionalFormatRule(
          this.context,
          `${this._path}.rule`,
          (env) => this._resolve(env),
          this
        )
    );
  }
}

export class FakeConditionalFormatRule extends CfChild {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<CfH>,
    parent: FakeClientObject
  ) {
    super(context, "ConditionalFormatRule", path, cfRuleSpec, resolve, parent, false);
  }

  get formula(): string {
    return this._read("formula");
  }
  set formula(value: string) {
    this._setFormula("formula", value);
  }

  get formulaLocal(): string {
    return this._read("formulaLocal");
  }
  set formulaLocal(value: string) {
    this._setFormula("formulaLocal", value);
  }

  private _setFormula(name: string, value: string): void {
    this._write(name, value, "setConditionalFormatRule", (h, v, env) => {
      if (typeof v !== "string" || !v.startsWith("=") || v.length < 2) {
        throw invalidArgument(
          name,
          `ConditionalFormatRule.${name}`,
          `a custom rule formula must start with "=", got ${q(v)}`
        );
      }
      cfOf(env, h).cf.rule = { formula: v };
      return { formula: v };
    });
  }
}

export class FakeConditionalRangeFormat extends CfChild {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<CfH>,
    parent: FakeClientObject
  ) {
    super(context, "ConditionalRangeFormat", path, cfRangeFormatSpec, resolve, parent, false);
  }

  get fill(): FakeConditionalRangeFill {
    return this._child(
      "fill",
      () =>
        new FakeConditionalRangeFill(
          this.context,
          `${this._path}.fill`,
          (env) => this._resolve(env),
          this
        )
    );
  }

  get font(): FakeConditionalRangeFont {
    return this._child(
      "font",
      () =>
        new FakeConditionalRangeFont(
          this.context,
          `${this._path}.font`,
          (env) => this._resolve(env),
          this
        )
    );
  }

  get numberFormat(): string {
    return this._read("numberFormat");
  }
  set numberFormat(value: string) {
    this._write("numberFormat", value, "setConditionalFormatStyle", (h, v, env) => {
      const format = requireString(v, "numberFormat", "ConditionalRangeFormat.numberFormat");
      const { cf } = cfOf(env, h);
      if (format === "") delete cf.format.numberFormat;
      else cf.format.numberFormat = format;
      return { numberFormat: format };
    });
  }
}

export class FakeConditionalRangeFill extends CfChild {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<CfH>,
    parent: FakeClientObject
  ) {
    super(context, "ConditionalRangeFill", path, cfFillSpec, resolve, parent, false);
  }

  get color(): string {
    return this._read("color");
  }
  set color(value: string) {
    this._write("color", value, "setConditionalFormatStyle", (h, v, env) => {
      const color = normaliseColor(v, "ConditionalRangeFill.color");
      const { cf } = cfOf(env, h);
      if (color === "") delete cf.format.fillColor;
      else cf.format.fillColor = color;
      return { fillColor: color };
    });
  }

  clear(): void {
    this._call("clear", [], "setConditionalFormatStyle", (h, env) => {
      delete cfOf(env, h).cf.format.fillColor;
    });
  }
}

export class FakeConditionalRangeFont extends CfChild {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<CfH>,
    parent: FakeClientObject
  ) {
    super(context, "ConditionalRangeFont", path, cfFontSpec, resolve, parent, false);
  }

  get color(): string {
    return this._read("color");
  }
  set color(value: string) {
    this._write("color", value, "setConditionalFormatStyle", (h, v, env) => {
      const color = normaliseColor(v, "ConditionalRangeFont.color");
      const { cf } = cfOf(env, h);
      if (color === "") delete cf.format.fontColor;
      else cf.format.fontColor = color;
      return { fontColor: color };
    });
  }

  get bold(): boolean {
    return this._read("bold");
  }
  set bold(value: boolean) {
    this._write("bold", value, "setConditionalFormatStyle", (h, v, env) => {
      cfOf(env, h).cf.format.bold = requireBoolean(v, "bold", "ConditionalRangeFont.bold");
    });
  }

  get italic(): boolean {
    return this._read("italic");
  }
  set italic(value: boolean) {
    this._write("italic", value, "setConditionalFormatStyle", (h, v, env) => {
      cfOf(env, h).cf.format.italic = requireBoolean(v, "italic", "ConditionalRangeFont.italic");
    });
  }

  clear(): void {
    this._call("clear", [], "setConditionalFormatStyle", (h, env) => {
      const format = cfOf(env, h).cf.format;
      delete format.fontColor;
      delete format.bold;
      delete format.italic;
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

function validTableName(name: unknown): name is string {
  return (
    typeof name === "string" &&
    name.length > 0 &&
    name.length <= 255 &&
    /^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(name) &&
    !/^[A-Za-z]{1,3}\d+$/.test(name) &&
    !/^[RrCc]$/.test(name) &&
    !/^[Rr]\d*[Cc]\d*$/.test(name)
  );
}

/** Table names and defined names share one namespace in Excel. */
function tableNameTaken(env: SyncEnv, name: string, except?: TableModel): boolean {
  return (
    env.model.sheets.some((s) =>
      s.tables.some((t) => t !== except && t.name.toLowerCase() === name.toLowerCase())
    ) || env.model.names.some((n) => n.name.toLowerCase() === name.toLowerCase())
  );
}

export class FakeTableCollection extends FakeClientObject<ScopeH> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<ScopeH>,
    parent: FakeClientObject
  ) {
    super(context, {
      className: "TableCollection",
      path,
      spec: tableCollectionSpec,
      resolve,
      parent,
      cache: false,
    });
  }

  get items(): FakeTable[] {
    if (this._isNull === true) return undefined as unknown as FakeTable[];
    if (!this._items) throw notLoadedItems(this._className);
    return this._items as unknown as FakeTable[];
  }

  get count(): number {
    return this._read("count");
  }

  add(address: FakeRange | string, hasHeaders: boolean): FakeTable {
    checkContext(this, address, "TableCollection.add");
    const slot: { id?: TableH } = {};
    this._call("add", [describeArg(address), hasHeaders], "addTable", (h, env) => {
      const { sheet, rect } = targetOf(env, h, address, "TableCollection.add");
      checkSheetWritable(env, { sheetId: sheet.id }, "TableCollection", "add");
      requireBoolean(hasHeaders, "hasHeaders", "TableCollection.add");
      const tableRect = hasHeaders ? { ...rect } : { ...rect, bottom: rect.bottom + 1 };
      for (const t of sheet.tables) {
        if (rectsOverlap(t.rect, tableRect))
          throw new FakeRichApiError(
            FakeErrorCodes.mergedRangeConflict,
            `A table can't overlap another table (${t.name}).`,
            "TableCollection.add"
          );
      }
      for (const m of sheet.merged) {
        if (rectsOverlap(m, tableRect))
          throw new FakeRichApiError(
            FakeErrorCodes.mergedRangeConflict,
            "A table can't overlap merged cells.",
            "TableCollection.add"
          );
      }
      if (!hasHeaders) {
        applyShift(
          {
            model: env.model,
            sheet,
            liveRanges: env.ctx._liveRanges,
            insertCopiesFormat: false,
            location: "TableCollection.add",
          },
          { axis: "rows", at: rect.top, count: 1, bandStart: rect.left, bandEnd: rect.right }
        );
      }
      let n = 1;
      while (tableNameTaken(env, `Table${n}`)) n++;
      const table: TableModel = {
        id: newId(env.model, ""),
        name: `Table${n}`,
        rect: tableRect,
        showHeaders: true,
        showTotals: false,
        style: "TableStyleMedium2",
        columnNames: [],
      };
      sheet.tables.push(table);
      syncTableHeaders(sheet);
      slot.id = { tableId: table.id };
      return { name: table.name, address: qualifiedAddress(sheet.name, tableRect) };
    });
    return new FakeTable(
      this.context,
      `${this._path}.add(${describeArg(address)})`,
      () => slotValue(slot.id, "TableCollection.add"),
      this
    );
  }

  private _find(env: SyncEnv, key: string): TableH | null {
    const h = this._resolveExisting(env, "getItem");
    for (const sheet of scopeSheets(env, h)) {
      const table = sheet.tables.find(
        (t) => t.name.toLowerCase() === String(key).toLowerCase() || t.id === String(key)
      );
      if (table) return { tableId: table.id };
    }
    return null;
  }

  getItem(key: string): FakeTable {
    return new FakeTable(
      this.context,
      `${this._path}.getItem(${q(key)})`,
      (env) => this._find(env, key),
      this
    );
  }

  getItemOrNullObject(key: string): FakeTable {
    const table = new FakeTable(
      this.context,
      `${this._path}.getItemOrNullObject(${q(key)})`,
      (env) => this._find(env, key),
      this,
      true
    );
    table._probe();
    return table;
  }

  getItemAt(index: number): FakeTable {
    return new FakeTable(
      this.context,
      `${this._path}.getItemAt(${index})`,
      (env) => {
        const table = scopeSheets(env, this._resolveExisting(env, "getItemAt")).flatMap(
          (s) => s.tables
        )[index];
        return table ? { tableId: table.id } : null;
      },
      this
    );
  }

  getCount(): FakeClientResult<number> {
    return this._result("getCount", [], (h, env) =>
      scopeSheets(env, h).reduce((n, s) => n + s.tables.length, 0)
    );
  }
}

export class FakeTable extends FakeClientObject<TableH> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<TableH>,
    parent: FakeClientObject,
    nullable = false
  ) {
    super(context, { className: "Table", path, spec: tableSpec, resolve, parent, nullable });
  }

  override _describe(env: SyncEnv): string {
    try {
      const h = this._resolve(env);
      return h ? tableOf(env, h.tableId).table.name : this._path;
    } catch {
      return this._path;
    }
  }

  get id(): string {
    return this._read("id");
  }

  get name(): string {
    return this._read("name");
  }
  set name(value: string) {
    this._write("name", value, "renameTable", (h, v, env) => {
      const { table } = tableOf(env, h.tableId);
      if (!validTableName(v))
        throw invalidArgument("name", "Table.name", `${q(v)} is not a valid table name`);
      if (tableNameTaken(env, v, table))
        throw itemAlreadyExists(`a table named ${v}`, "Table.name");
      const before = table.name;
      table.name = v;
      return { from: before, to: v };
    });
  }

  get showHeaders(): boolean {
    return this._read("showHeaders");
  }
  set showHeaders(value: boolean) {
    this._write("showHeaders", value, "setTableShowHeaders", (h, v, env) => {
      const show = requireBoolean(v, "showHeaders", "Table.showHeaders");
      const { sheet, table } = tableOf(env, h.tableId);
      if (show === table.showHeaders) return;
      if (!show) {
        if (rectRows(table.rect) < 2)
          throw invalidOperation("the table has no data row", "Table.showHeaders");
        for (let c = table.rect.left; c <= table.rect.right; c++) {
          const cell = getCell(sheet, table.rect.top, c);
          if (cell) {
            cell.value = null;
            pruneCell(sheet, table.rect.top, c);
          }
        }
        table.rect = { ...table.rect, top: table.rect.top + 1 };
      } else {
        if (table.rect.top === 0)
          throw invalidOperation("no room above the table for a header row", "Table.showHeaders");
        table.rect = { ...table.rect, top: table.rect.top - 1 };
        table.columnNames.forEach((name, i) => {
          const cell = ensureCell(sheet, table.rect.top, table.rect.left + i);
          cell.value = name;
          delete cell.formula;
        });
      }
      table.showHeaders = show;
      return { showHeaders: show };
    });
  }

  get showTotals(): boolean {
    return this._read("showTotals");
  }
  set showTotals(value: boolean) {
    if (value) throw notImplemented("Table.showTotals = true (total rows)");
    this._write("showTotals", value, "setTableShowTotals", () => undefined);
  }

  get style(): string {
    return this._read("style");
  }
  set style(value: string) {
    this._write("style", value, "setTableStyle", (h, v, env) => {
      tableOf(env, h.tableId).table.style = requireString(v, "style", "Table.style");
    });
  }

  get worksheet(): FakeWorksheet {
    return this._child(
      "worksheet",
      () =>
        new FakeWorksheet(
          this.context,
          `${this._path}.worksheet`,
          (env) => {
            const h = this._resolve(env);
            return h === null ? null : { sheetId: tableOf(env, h.tableId).sheet.id };
          },
          this
        )
    );
  }

  get columns(): FakeTableColumnCollection {
    return this._child(
      "columns",
      () =>
        new FakeTableColumnCollection(
          this.context,
          `${this._path}.columns`,
          (env) => this._resolve(env),
          this
        )
    );
  }

  _tableRange(suffix: string, part: (table: TableModel) => Rect): FakeRange {
    return new FakeRange(
      this.context,
      `${this._path}.${suffix}`,
      (env) => {
        const h = this._resolve(env);
        if (h === null) return null;
        const { sheet, table } = tableOf(env, h.tableId);
        return liveRange(env, sheet.id, part(table));
      },
      this
    );
  }

  getRange(): FakeRange {
    return this._tableRange("getRange()", (t) => t.rect);
  }

  getHeaderRowRange(): FakeRange {
    return this._tableRange("getHeaderRowRange()", (t) => {
      if (!t.showHeaders)
        throw invalidOperation(`table ${t.name} has no header row`, "Table.getHeaderRowRange");
      return { ...t.rect, bottom: t.rect.top };
    });
  }

  getDataBodyRange(): FakeRange {
    return this._tableRange("getDataBodyRange()", (t) =>
      t.showHeaders ? { ...t.rect, top: t.rect.top + 1 } : t.rect
    );
  }

  delete(): void {
    this._call("delete", [], "deleteTable", (h, env) => {
      const { sheet, table } = tableOf(env, h.tableId);
      forEachStoredCell(sheet, table.rect, (_cell, r, c) => sheet.cells.delete(cellKey(r, c)));
      sheet.tables.splice(sheet.tables.indexOf(table), 1);
      return { name: table.name };
    });
  }

  convertToRange(): FakeRange {
    const slot: { handle?: RangeHandle } = {};
    this._call("convertToRange", [], "convertTableToRange", (h, env) => {
      const { sheet, table } = tableOf(env, h.tableId);
      sheet.tables.splice(sheet.tables.indexOf(table), 1);
      slot.handle = liveRange(env, sheet.id, table.rect);
      return { name: table.name };
    });
    return new FakeRange(
      this.context,
      `${this._path}.convertToRange()`,
      () => slotValue(slot.handle, "Table.convertToRange"),
      this
    );
  }
}

export class FakeTableColumnCollection extends FakeClientObject<TableH> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<TableH>,
    parent: FakeClientObject
  ) {
    super(context, {
      className: "TableColumnCollection",
      path,
      spec: tableColumnCollectionSpec,
      resolve,
      parent,
      cache: false,
    });
  }

  get items(): FakeTableColumn[] {
    if (this._isNull === true) return undefined as unknown as FakeTableColumn[];
    if (!this._items) throw notLoadedItems(this._className);
    return this._items as FakeTableColumn[];
  }

  get count(): number {
    return this._read("count");
  }

  private _find(env: SyncEnv, key: number | string): TableColumnH | null {
    const h = this._resolveExisting(env, "getItem");
    const names = tableOf(env, h.tableId).table.columnNames;
    const index =
      typeof key === "number"
        ? key - 1
        : names.findIndex((n) => n.toLowerCase() === String(key).toLowerCase());
    return index >= 0 && index < names.length ? { tableId: h.tableId, index } : null;
  }

  getItem(key: number | string): FakeTableColumn {
    return new FakeTableColumn(
      this.context,
      `${this._path}.getItem(${q(key)})`,
      (env) => this._find(env, key),
      this
    );
  }

  getItemOrNullObject(key: number | string): FakeTableColumn {
    const column = new FakeTableColumn(
      this.context,
      `${this._path}.getItemOrNullObject(${q(key)})`,
      (env) => this._find(env, key),
      this,
      true
    );
    column._probe();
    return column;
  }

  getItemAt(index: number): FakeTableColumn {
    return new FakeTableColumn(
      this.context,
      `${this._path}.getItemAt(${index})`,
      (env) => {
        const h = this._resolveExisting(env, "getItemAt");
        return index >= 0 && index < tableOf(env, h.tableId).table.columnNames.length
          ? { tableId: h.tableId, index }
          : null;
      },
      this
    );
  }

  getCount(): FakeClientResult<number> {
    return this._result(
      "getCount",
      [],
      (h, env) => tableOf(env, h.tableId).table.columnNames.length
    );
  }
}

export class FakeTableColumn extends FakeClientObject<TableColumnH> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<TableColumnH>,
    parent: FakeClientObject,
    nullable = false
  ) {
    super(context, {
      className: "TableColumn",
      path,
      spec: tableColumnSpec,
      resolve,
      parent,
      nullable,
    });
  }

  get id(): number {
    return this._read("id");
  }
  get index(): number {
    return this._read("index");
  }

  get name(): string {
    return this._read("name");
  }
  set name(value: string) {
    this._write("name", value, "renameTableColumn", (h, v, env) => {
      const { sheet, table } = columnOf(env, h);
      const name = requireString(v, "name", "TableColumn.name");
      if (
        name === "" ||
        table.columnNames.some((n, i) => i !== h.index && n.toLowerCase() === name.toLowerCase())
      ) {
        throw invalidArgument(
          "name",
          "TableColumn.name",
          `${q(name)} is empty or already used in ${table.name}`
        );
      }
      table.columnNames[h.index] = name;
      if (table.showHeaders)
        ensureCell(sheet, table.rect.top, table.rect.left + h.index).value = name;
    });
  }

  private _columnRange(
    suffix: string,
    part: (table: TableModel, column: number) => Rect
  ): FakeRange {
    return new FakeRange(
      this.context,
      `${this._path}.${suffix}`,
      (env) => {
        const h = this._resolve(env);
        if (h === null) return null;
        const { sheet, table } = columnOf(env, h);
        return liveRange(env, sheet.id, part(table, table.rect.left + h.index));
      },
      this
    );
  }

  getRange(): FakeRange {
    return this._columnRange("getRange()", (t, c) => ({ ...t.rect, left: c, right: c }));
  }

  getHeaderRowRange(): FakeRange {
    return this._columnRange("getHeaderRowRange()", (t, c) => {
      if (!t.showHeaders)
        throw invalidOperation(
          `table ${t.name} has no header row`,
          "TableColumn.getHeaderRowRange"
        );
      return { top: t.rect.top, bottom: t.rect.top, left: c, right: c };
    });
  }

  getDataBodyRange(): FakeRange {
    return this._columnRange("getDataBodyRange()", (t, c) => ({
      top: t.showHeaders ? t.rect.top + 1 : t.rect.top,
      bottom: t.rect.bottom,
      left: c,
      right: c,
    }));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Notes (ExcelApi 1.18) and comments (ExcelApi 1.10)

function singleCell(
  env: SyncEnv,
  scope: ScopeH,
  address: unknown,
  location: string
): { sheet: FakeSheet; row: number; column: number } {
  const { sheet, rect } = targetOf(env, scope, address, location);
  if (rect.top !== rect.bottom || rect.left !== rect.right) {
    throw new FakeRichApiError(
      "InvalidCellAddress",
      `The cell address ${describeArg(address)} is not a single cell.`,
      location
    );
  }
  return { sheet, row: rect.top, column: rect.left };
}

export class FakeNoteCollection extends FakeClientObject<ScopeH> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<ScopeH>,
    parent: FakeClientObject
  ) {
    super(context, {
      className: "NoteCollection",
      path,
      spec: noteCollectionSpec,
      resolve,
      parent,
      cache: false,
    });
  }

  get items(): FakeNote[] {
    if (this._isNull === true) return undefined as unknown as FakeNote[];
    if (!this._items) throw notLoadedItems(this._className);
    return this._items as unknown as FakeNote[];
  }

  add(cellAddress: FakeRange | string, content: unknown): FakeNote {
    checkContext(this, cellAddress, "NoteCollection.add");
    const slot: { id?: NoteH } = {};
    this._call("add", [describeArg(cellAddress), content], "addNote", (h, env) => {
      const { sheet, row, column } = singleCell(env, h, cellAddress, "NoteCollection.add");
      checkSheetWritable(env, { sheetId: sheet.id }, "NoteCollection", "add");
      if (typeof content !== "string")
        throw invalidArgument("content", "NoteCollection.add", "note content must be a string");
      const key = cellKey(row, column);
      if (sheet.notes.has(key))
        throw itemAlreadyExists(
          `a note on ${qualifiedAddress(sheet.name, { top: row, left: column, bottom: row, right: column })}`,
          "NoteCollection.add"
        );
      const note: NoteModel = {
        id: newId(env.model, "note"),
        row,
        column,
        content,
        authorName: env.host.authorName,
      };
      sheet.notes.set(key, note);
      slot.id = { sheetId: sheet.id, noteId: note.id };
      return {
        address: qualifiedAddress(sheet.name, {
          top: row,
          left: column,
          bottom: row,
          right: column,
        }),
      };
    });
    return new FakeNote(
      this.context,
      `${this._path}.add(${describeArg(cellAddress)})`,
      () => slotValue(slot.id, "NoteCollection.add"),
      this
    );
  }

  private _find(env: SyncEnv, key: string): NoteH | null {
    const h = this._resolveExisting(env, "getItem");
    const { sheet, row, column } = singleCell(env, h, key, "NoteCollection.getItem");
    const note = sheet.notes.get(cellKey(row, column));
    return note ? { sheetId: sheet.id, noteId: note.id } : null;
  }

  getItem(key: string): FakeNote {
    return new FakeNote(
      this.context,
      `${this._path}.getItem(${q(key)})`,
      (env) => this._find(env, key),
      this
    );
  }

  getItemOrNullObject(key: string): FakeNote {
    const note = new FakeNote(
      this.context,
      `${this._path}.getItemOrNullObject(${q(key)})`,
      (env) => this._find(env, key),
      this,
      true
    );
    note._probe();
    return note;
  }

  getItemAt(index: number): FakeNote {
    return new FakeNote(
      this.context,
      `${this._path}.getItemAt(${index})`,
      (env) => {
        const h = this._resolveExisting(env, "getItemAt");
        for (const sheet of scopeSheets(env, h)) {
          const notes = sortedNotes(sheet);
          if (index < notes.length)
            return index >= 0 ? { sheetId: sheet.id, noteId: notes[index]!.id } : null;
          index -= notes.length;
        }
        return null;
      },
      this
    );
  }

  getCount(): FakeClientResult<number> {
    return this._result("getCount", [], (h, env) =>
      scopeSheets(env, h).reduce((n, s) => n + s.notes.size, 0)
    );
  }
}

export class FakeNote extends FakeClientObject<NoteH> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<NoteH>,
    parent: FakeClientObject,
    nullable = false
  ) {
    super(context, { className: "Note", path, spec: noteSpec, resolve, parent, nullable });
  }

  override _describe(env: SyncEnv): string {
    try {
      const h = this._resolve(env);
      if (!h) return this._path;
      const { sheet, note } = noteOf(env, h);
      return qualifiedAddress(sheet.name, {
        top: note.row,
        left: note.column,
        bottom: note.row,
        right: note.column,
      });
    } catch {
      return this._path;
    }
  }

  get authorName(): string {
    return this._read("authorName");
  }

  get content(): string {
    return this._read("content");
  }
  set content(value: string) {
    this._write("content", value, "setNote", (h, v, env) => {
      noteOf(env, h).note.content = requireString(v, "content", "Note.content");
    });
  }

  getLocation(): FakeRange {
    return new FakeRange(
      this.context,
      `${this._path}.getLocation()`,
      (env) => {
        const h = this._resolve(env);
        if (h === null) return null;
        const { sheet, note } = noteOf(env, h);
        return liveRange(env, sheet.id, {
          top: note.row,
          left: note.column,
          bottom: note.row,
          right: note.column,
        });
      },
      this
    );
  }

  delete(): void {
    this._call("delete", [], "deleteNote", (h, env) => {
      const { sheet, note } = noteOf(env, h);
      sheet.notes.delete(cellKey(note.row, note.column));
    });
  }
}

export class FakeCommentCollection extends FakeClientObject<ScopeH> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<ScopeH>,
    parent: FakeClientObject
  ) {
    super(context, {
      className: "CommentCollection",
      path,
      spec: commentCollectionSpec,
      resolve,
      parent,
      cache: false,
    });
  }

  get items(): FakeComment[] {
    if (this._isNull === true) return undefined as unknown as FakeComment[];
    if (!this._items) throw notLoadedItems(this._className);
    return this._items as unknown as FakeComment[];
  }

  add(cellAddress: FakeRange | string, content: unknown, contentType?: string): FakeComment {
    checkContext(this, cellAddress, "CommentCollection.add");
    if (contentType !== undefined && contentType !== "Plain")
      throw notImplemented(`CommentCollection.add(contentType ${q(contentType)})`);
    const slot: { id?: CommentH } = {};
    this._call("add", [describeArg(cellAddress), content], "addComment", (h, env) => {
      const { sheet, row, column } = singleCell(env, h, cellAddress, "CommentCollection.add");
      checkSheetWritable(env, { sheetId: sheet.id }, "CommentCollection", "add");
      if (typeof content !== "string")
        throw invalidArgument(
          "content",
          "CommentCollection.add",
          "comment content must be a string"
        );
      const key = cellKey(row, column);
      if (sheet.comments.has(key))
        throw itemAlreadyExists("a comment on that cell", "CommentCollection.add");
      const comment: CommentModel = {
        id: newId(env.model, "comment"),
        row,
        column,
        content,
        authorName: env.host.authorName,
        authorEmail: env.host.options.authorEmail ?? "fake.user@example.com",
        creationDate: env.host.now().toISOString(),
        resolved: false,
        replies: [],
      };
      sheet.comments.set(key, comment);
      slot.id = { sheetId: sheet.id, commentId: comment.id };
      return {
        address: qualifiedAddress(sheet.name, {
          top: row,
          left: column,
          bottom: row,
          right: column,
        }),
      };
    });
    return new FakeComment(
      this.context,
      `${this._path}.add(${describeArg(cellAddress)})`,
      () => slotValue(slot.id, "CommentCollection.add"),
      this
    );
  }

  getItem(commentId: string): FakeComment {
    return new FakeComment(
      this.context,
      `${this._path}.getItem(${q(commentId)})`,
      (env) => findComment(env, this._resolveExisting(env, "getItem"), commentId),
      this
    );
  }

  getItemOrNullObject(commentId: string): FakeComment {
    const comment = new FakeComment(
      this.context,
      `${this._path}.getItemOrNullObject(${q(commentId)})`,
      (env) => findComment(env, this._resolveExisting(env, "getItemOrNullObject"), commentId),
      this,
      true
    );
    comment._probe();
    return comment;
  }

  getItemByCell(cellAddress: FakeRange | string): FakeComment {
    checkContext(this, cellAddress, "CommentCollection.getItemByCell");
    return new FakeComment(
      this.context,
      `${this._path}.getItemByCell(${describeArg(cellAddress)})`,
      (env) => {
        const { sheet, row, column } = singleCell(
          env,
          this._resolveExisting(env, "getItemByCell"),
          cellAddress,
          "CommentCollection.getItemByCell"
        );
        const comment = sheet.comments.get(cellKey(row, column));
        return comment ? { sheetId: sheet.id, commentId: comment.id } : null;
      },
      this
    );
  }

  getItemAt(index: number): FakeComment {
    return new FakeComment(
      this.context,
      `${this._path}.getItemAt(${index})`,
      (env) => {
        const all = scopeSheets(env, this._resolveExisting(env, "getItemAt")).flatMap((s) =>
          sortedComments(s).map((c) => ({ sheetId: s.id, commentId: c.id }))
        );
        return all[index] ?? null;
      },
      this
    );
  }

  getCount(): FakeClientResult<number> {
    return this._result("getCount", [], (h, env) =>
      scopeSheets(env, h).reduce((n, s) => n + s.comments.size, 0)
    );
  }
}

export class FakeComment extends FakeClientObject<CommentH> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<CommentH>,
    parent: FakeClientObject,
    nullable = false
  ) {
    super(context, { className: "Comment", path, spec: commentSpec, resolve, parent, nullable });
  }

  get id(): string {
    return this._read("id");
  }
  get authorName(): string {
    return this._read("authorName");
  }
  get authorEmail(): string {
    return this._read("authorEmail");
  }
  get creationDate(): Date {
    return this._read("creationDate");
  }

  get content(): string {
    return this._read("content");
  }
  set content(value: string) {
    this._write("content", value, "setComment", (h, v, env) => {
      commentOf(env, h).comment.content = requireString(v, "content", "Comment.content");
    });
  }

  get resolved(): boolean {
    return this._read("resolved");
  }
  set resolved(value: boolean) {
    this._write("resolved", value, "resolveComment", (h, v, env) => {
      commentOf(env, h).comment.resolved = requireBoolean(v, "resolved", "Comment.resolved");
    });
  }

  getLocation(): FakeRange {
    return new FakeRange(
      this.context,
      `${this._path}.getLocation()`,
      (env) => {
        const h = this._resolve(env);
        if (h === null) return null;
        const { sheet, comment } = commentOf(env, h);
        return liveRange(env, sheet.id, {
          top: comment.row,
          left: comment.column,
          bottom: comment.row,
          right: comment.column,
        });
      },
      this
    );
  }

  delete(): void {
    this._call("delete", [], "deleteComment", (h, env) => {
      const { sheet, comment } = commentOf(env, h);
      sheet.comments.delete(cellKey(comment.row, comment.column));
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Settings (ExcelApi 1.4)

function settingJson(value: unknown, location: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json === undefined || typeof value === "function")
    throw invalidArgument("value", location, "setting values must be JSON-serialisable");
  return json;
}

export class FakeSettingCollection extends FakeClientObject<true> {
  constructor(context: FakeRequestContext, path: string, parent: FakeClientObject) {
    super(context, {
      className: "SettingCollection",
      path,
      spec: settingCollectionSpec,
      resolve: () => true,
      parent,
    });
  }

  get items(): FakeSetting[] {
    if (this._isNull === true) return undefined as unknown as FakeSetting[];
    if (!this._items) throw notLoadedItems(this._className);
    return this._items as FakeSetting[];
  }

  add(key: string, value: unknown): FakeSetting {
    this._call("add", [key, value], "setSetting", (_h, env) => {
      if (typeof key !== "string" || key.length === 0)
        throw invalidArgument("key", "SettingCollection.add");
      env.model.settings.set(key, settingJson(value, "SettingCollection.add"));
      return { key };
    });
    return new FakeSetting(this.context, `${this._path}.add(${q(key)})`, () => ({ key }), this);
  }

  getItem(key: string): FakeSetting {
    return new FakeSetting(
      this.context,
      `${this._path}.getItem(${q(key)})`,
      (env) => (env.model.settings.has(key) ? { key } : null),
      this
    );
  }

  getItemOrNullObject(key: string): FakeSetting {
    const setting = new FakeSetting(
      this.context,
      `${this._path}.getItemOrNullObject(${q(key)})`,
      (env) => (env.model.settings.has(key) ? { key } : null),
      this,
      true
    );
    setting._probe();
    return setting;
  }

  getCount(): FakeClientResult<number> {
    return this._result("getCount", [], (_h, env) => env.model.settings.size);
  }
}

export class FakeSetting extends FakeClientObject<SettingH> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<SettingH>,
    parent: FakeClientObject,
    nullable = false
  ) {
    super(context, { className: "Setting", path, spec: settingSpec, resolve, parent, nullable });
  }

  override _describe(): string {
    return this._path;
  }

  get key(): string {
    return this._read("key");
  }

  get value(): unknown {
    return this._read("value");
  }
  set value(value: unknown) {
    this._write("value", value, "setSetting", (h, v, env) => {
      settingValue(env, h.key);
      env.model.settings.set(h.key, settingJson(v, "Setting.value"));
      return { key: h.key };
    });
  }

  delete(): void {
    this._call("delete", [], "deleteSetting", (h, env) => {
      settingValue(env, h.key);
      env.model.settings.delete(h.key);
      return { key: h.key };
    });
  }
}

export { formatRect };

// ---------------------------------------------------------------------------------------------------------------
// Defined names (ExcelApi 1.1; add/getCount/delete/comment 1.4; formula 1.7)

/** `worksheet.getRange("Name")`: a defined name (the sheet's own first, then the workbook's) for cells on that sheet. */
function namedRect(env: SyncEnv, sheet: FakeSheet, address: string): Rect {
  const location = "Worksheet.getRange";
  const name = findName(env.model, sheet.id, address) ?? findName(env.model, undefined, address);
  if (!name)
    throw invalidArgument(
      "address",
      location,
      `${q(address)} is neither an A1 address nor a defined name`
    );
  const meaning = nameMeaning(name.formula);
  if (meaning.type !== "Range" || meaning.sheet.toLowerCase() !== sheet.name.toLowerCase())
    throw invalidArgument(
      "address",
      location,
      `name ${name.name} (${name.formula}) does not refer to cells on ${sheet.name}`
    );
  return meaning.rect;
}

/** A name is taken by a name of the same scope or by a table (tables and names share Excel's namespace). */
function nameTaken(env: SyncEnv, name: string, sheetId: string | undefined): boolean {
  return (
    findName(env.model, sheetId, name) !== undefined ||
    env.model.sheets.some((s) => s.tables.some((t) => t.name.toLowerCase() === name.toLowerCase()))
  );
}

function nameFormulaOf(env: SyncEnv, reference: unknown, location: string): string {
  if (reference instanceof FakeRange) {
    const { sheet, rect } = rangeOf(env, reference._resolveExisting(env, "address"));
    return rangeNameFormula(sheet, rect);
  }
  return normaliseNameFormula(env.model, reference, location);
}

export class FakeNamedItemCollection extends FakeClientObject<ScopeH> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<ScopeH>,
    parent: FakeClientObject
  ) {
    super(context, {
      className: "NamedItemCollection",
      path,
      spec: namedItemCollectionSpec,
      resolve,
      parent,
      cache: false,
    });
  }

  get items(): FakeNamedItem[] {
    if (this._isNull === true) return undefined as unknown as FakeNamedItem[];
    if (!this._items) throw notLoadedItems(this._className);
    return this._items as unknown as FakeNamedItem[];
  }

  /**
   * A new name in this collection's scope, referring to a Range or to a formula (`=Kent!$AL$4:$AO$40`). An invalid
   * name is refused with InvalidArgument, one already used in the scope (or by a table) with ItemAlreadyExists.
   */
  add(name: string, reference: FakeRange | string, comment?: string): FakeNamedItem {
    return this._add("add", name, reference, comment);
  }

  /** As `add` with a formula: the fake's locale is en-US, where local and invariant formulas are the same. */
  addFormulaLocal(name: string, formula: string, comment?: string): FakeNamedItem {
    if (typeof formula !== "string")
      throw invalidArgument("formula", "NamedItemCollection.addFormulaLocal");
    return this._add("addFormulaLocal", name, formula, comment);
  }

  private _add(
    member: "add" | "addFormulaLocal",
    name: string,
    reference: FakeRange | string,
    comment: string | undefined
  ): FakeNamedItem {
    const location = `NamedItemCollection.${member}`;
    checkContext(this, reference, location);
    const slot: { id?: NameH } = {};
    this._call(member, [name, describeArg(reference), comment], "addName", (h, env) => {
      // Excel's error code for a malformed name is not documented; InvalidArgument is what its other name checks
      // (worksheets, tables) give.
      if (!isValidDefinedName(name))
        throw invalidArgument("name", location, `${q(name)} is not a valid name`);
      if (comment !== undefined && typeof comment !== "string")
        throw invalidArgument("comment", location, `${q(comment)} is not a string`);
      if (h.sheetId !== undefined) sheetOf(env, h.sheetId);
      if (nameTaken(env, name, h.sheetId))
        throw itemAlreadyExists(`a name or table called ${name}`, location);
      const formula = nameFormulaOf(env, reference, location);
      const item: NameModel = {
        id: newId(env.model, "name"),
        name,
        formula,
        visible: true,
        comment: comment ?? "",
        ...(h.sheetId !== undefined ? { sheetId: h.sheetId } : {}),
      };
      env.model.names.push(item);
      slot.id = { nameId: item.id };
      return { name, formula };
    });
    return new FakeNamedItem(
      this.context,
      `${this._path}.${member}(${q(name)})`,
      () => slotValue(slot.id, location),
      this
    );
  }

  private _find(env: SyncEnv, name: unknown, member: string): NameH | null {
    const h = this._resolveExisting(env, member);
    if (typeof name !== "string") throw invalidArgument("name", `NamedItemCollection.${member}`);
    if (h.sheetId !== undefined) sheetOf(env, h.sheetId);
    const found = findName(env.model, h.sheetId, name);
    return found ? { nameId: found.id } : null;
  }

  getItem(name: string): FakeNamedItem {
    return new FakeNamedItem(
      this.context,
      `${this._path}.getItem(${q(name)})`,
      (env) => this._find(env, name, "getItem"),
      this
    );
  }

  getItemOrNullObject(name: string): FakeNamedItem {
    const item = new FakeNamedItem(
      this.context,
      `${this._path}.getItemOrNullObject(${q(name)})`,
      (env) => this._find(env, name, "getItemOrNullObject"),
      this,
      true
    );
    item._probe();
    return item;
  }

  getCount(): FakeClientResult<number> {
    return this._result("getCount", [], (h, env) => namesIn(env, h).length);
  }
}

export class FakeNamedItem extends FakeClientObject<NameH> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<NameH>,
    parent: FakeClientObject,
    nullable = false
  ) {
    super(context, {
      className: "NamedItem",
      path,
      spec: namedItemSpec,
      resolve,
      parent,
      nullable,
    });
  }

  override _describe(env: SyncEnv): string {
    try {
      const h = this._resolve(env);
      return h ? `name ${nameOf(env, h).name}` : this._path;
    } catch {
      return this._path;
    }
  }

  get name(): string {
    return this._read("name");
  }
  get scope(): string {
    return this._read("scope");
  }
  get type(): string {
    return this._read("type");
  }
  get value(): unknown {
    return this._read("value");
  }

  get formula(): string {
    return this._read("formula");
  }
  set formula(value: string) {
    this._write("formula", value, "setNameFormula", (h, v, env) => {
      const name = nameOf(env, h);
      const before = name.formula;
      name.formula = normaliseNameFormula(env.model, v, "NamedItem.formula");
      return { name: name.name, from: before, to: name.formula };
    });
  }

  get visible(): boolean {
    return this._read("visible");
  }
  set visible(value: boolean) {
    this._write("visible", value, "setNameVisible", (h, v, env) => {
      const name = nameOf(env, h);
      const visible = requireBoolean(v, "visible", "NamedItem.visible");
      // Excel refuses to change the visibility of a name whose formula is an error (office-js#5174: "check the
      // namedItem type before set to visible"); the fake refuses it for every Error-typed name.
      if (nameMeaning(name.formula).type === "Error")
        throw invalidArgument(
          "visible",
          "NamedItem.visible",
          `name ${name.name} refers to ${name.formula}`
        );
      name.visible = visible;
      return { name: name.name, visible };
    });
  }

  get comment(): string {
    return this._read("comment");
  }
  set comment(value: string) {
    this._write("comment", value, "setNameComment", (h, v, env) => {
      nameOf(env, h).comment = requireString(v, "comment", "NamedItem.comment");
    });
  }

  private _sheet(member: "worksheet" | "worksheetOrNullObject", nullable: boolean): FakeWorksheet {
    return this._child(member, () => {
      const sheet = new FakeWorksheet(
        this.context,
        `${this._path}.${member}`,
        (env) => {
          const h = this._resolve(env);
          if (h === null) return null;
          const sheetId = nameOf(env, h).sheetId;
          if (sheetId !== undefined) return { sheetId };
          if (nullable) return null;
          throw itemNotFound(
            `name ${nameOf(env, h).name} is scoped to the workbook`,
            "NamedItem.worksheet"
          );
        },
        this,
        nullable
      );
      if (nullable) sheet._probe();
      return sheet;
    });
  }

  /** The worksheet a worksheet-scoped name belongs to; ItemNotFound for a workbook-scoped one. */
  get worksheet(): FakeWorksheet {
    return this._sheet("worksheet", false);
  }

  get worksheetOrNullObject(): FakeWorksheet {
    return this._sheet("worksheetOrNullObject", true);
  }

  private _range(suffix: string, nullable: boolean): FakeRange {
    return new FakeRange(
      this.context,
      `${this._path}.${suffix}`,
      (env) => {
        const h = this._resolve(env);
        if (h === null) return null;
        const name = nameOf(env, h);
        const meaning = nameMeaning(name.formula);
        const sheet = meaning.type === "Range" ? sheetByKey(env, meaning.sheet) : undefined;
        if (meaning.type !== "Range" || !sheet) {
          if (nullable) return null;
          // Excel: "This operation is not permitted for the current object" (office-js#4321).
          throw invalidOperation(
            `name ${name.name} does not refer to a range (${name.formula})`,
            "NamedItem.getRange"
          );
        }
        return liveRange(env, sheet.id, meaning.rect);
      },
      this,
      nullable
    );
  }

  /** The cells the name refers to; InvalidOperation when it is not a range (a constant, an error such as #REF!). */
  getRange(): FakeRange {
    return this._range("getRange()", false);
  }

  getRangeOrNullObject(): FakeRange {
    const range = this._range("getRangeOrNullObject()", true);
    range._probe();
    return range;
  }

  delete(): void {
    this._call("delete", [], "deleteName", (h, env) => {
      const name = nameOf(env, h);
      env.model.names.splice(env.model.names.indexOf(name), 1);
      return { name: name.name };
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Sort (ExcelApi 1.2)

export class FakeRangeSort extends FakeClientObject<RangeHandle> {
  constructor(context: FakeRequestContext, path: string, parent: FakeRange) {
    super(context, {
      className: "RangeSort",
      path,
      spec: rangeSortSpec,
      parent,
      cache: false,
      resolve: (env) => parent._resolve(env),
    });
  }

  /** Sorts the rows (or columns) of the range; see sort.ts for the order and what moves. */
  apply(
    fields: unknown,
    matchCase?: boolean,
    hasHeaders?: boolean,
    orientation?: string,
    method?: string
  ): void {
    this._call("apply", [fields, matchCase, hasHeaders, orientation, method], "sort", (h, env) => {
      const { sheet, rect } = rangeOf(env, h);
      const options = parseSortArguments(rect, fields, matchCase, hasHeaders, orientation, method);
      const { order } = sortRange(sheet, rect, options);
      return { lines: order.length, keys: options.keys.length };
    });
  }
}
