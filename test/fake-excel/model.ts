/**
 * The plain data model underneath the fake Excel: sheets of cells, merges, hidden rows and columns, tables,
 * conditional formats, notes, comments and workbook settings. Proxies read and write it only inside `context.sync()`.
 */

import {
  cellAddress,
  cellKey,
  columnIndexOf,
  columnLetters,
  formatRect,
  MAX_COLUMNS,
  MAX_ROWS,
  parseAddress,
  parseCellKey,
  quoteSheetName,
  type Rect,
  rectsOverlap,
} from "./address";
import { CellStore } from "./cell-store";
import { type CellScalar, isErrorValue } from "./format";

export type { CellScalar } from "./format";

export interface FakeCell {
  /** `null` for an empty cell (one that only carries formatting). */
  value: CellScalar | null;
  formula?: string;
  /** Absent means "General". */
  numberFormat?: string;
  /** `#RRGGBB`; absent means no fill. */
  fill?: string;
  /** `#RRGGBB`; absent means automatic (black). */
  fontColor?: string;
  bold?: boolean;
}

export interface FakeNote {
  id: string;
  row: number;
  column: number;
  content: string;
  authorName: string;
}

export interface FakeCommentReply {
  id: string;
  content: string;
  authorName: string;
}

export interface FakeComment {
  id: string;
  row: number;
  column: number;
  content: string;
  authorName: string;
  authorEmail: string;
  creationDate: string;
  resolved: boolean;
  replies: FakeCommentReply[];
}

export interface FakeTable {
  id: string;
  name: string;
  /** The whole table, header row included when `showHeaders`. */
  rect: Rect;
  showHeaders: boolean;
  showTotals: boolean;
  style: string;
  columnNames: string[];
}

export type FakeConditionalFormatType = "ContainsText" | "Custom" | "CellValue";

export interface FakeConditionalFormatRule {
  /** ContainsText: "Contains" | "NotContains" | "BeginsWith" | "EndsWith"; CellValue: "GreaterThan", ... */
  operator?: string;
  /** ContainsText. */
  text?: string;
  /** Custom. */
  formula?: string;
  /** CellValue. */
  formula1?: string;
  formula2?: string;
}

export interface FakeConditionalFormatStyle {
  fillColor?: string;
  fontColor?: string;
  bold?: boolean;
  italic?: boolean;
  numberFormat?: string;
}

export interface FakeConditionalFormat {
  id: string;
  type: FakeConditionalFormatType;
  /** Where it applies; more than one rectangle after a partial clear or insert. */
  ranges: Rect[];
  stopIfTrue: boolean;
  rule: FakeConditionalFormatRule;
  format: FakeConditionalFormatStyle;
}

export type FakeSheetVisibility = "Visible" | "Hidden" | "VeryHidden";

/**
 * Page Layout (`worksheet.pageLayout`, ExcelApi 1.9): how the sheet prints, as far as the fake models it. Excel keeps
 * either a scale or fit-to-pages; `zoom` holds what was last set.
 */
export interface FakePageLayout {
  orientation: "Portrait" | "Landscape";
  /** An Excel.PaperType value: "Letter", "A4", .... */
  paperSize: string;
  zoom: { scale?: number; horizontalFitToPages?: number; verticalFitToPages?: number };
  /** Rows printed at the top of every page (Print Titles), 0-based and inclusive; null when none. */
  printTitleRows: { top: number; bottom: number } | null;
}

/** A new sheet's page layout, as Excel (en-US) gives it. */
export function defaultPageLayout(): FakePageLayout {
  return {
    orientation: "Portrait",
    paperSize: "Letter",
    zoom: { scale: 100 },
    printTitleRows: null,
  };
}

/** A range a chart series plots: by sheet id, so it reads `#REF!` once its sheet is deleted. */
export interface FakeChartRef {
  sheetId: string;
  rect: Rect;
}

/** One series of a chart: its name, what it plots and how its line looks. */
export interface FakeChartSeries {
  name: string;
  values: FakeChartRef;
  /** The category labels; null for Excel's 1, 2, 3 …. */
  xValues: FakeChartRef | null;
  /** `#RRGGBB`, or null for the chart style's automatic colour. */
  lineColor: string | null;
  /** An Excel.ChartLineStyle value. */
  lineStyle: string;
  /** Points. */
  lineWeight: number;
  /** An Excel.ChartMarkerStyle value. */
  markerStyle: string;
}

/**
 * An embedded chart (`worksheet.charts`, ExcelApi 1.1): name, type, title, legend position, where it sits (the cells
 * `setPosition` gave; null until then) and its series. Charts do not move with inserted or deleted rows here.
 */
export interface FakeChart {
  id: string;
  name: string;
  /** An Excel.ChartType value. */
  type: string;
  /** Null while the chart has no title. */
  title: string | null;
  /** An Excel.ChartLegendPosition value. */
  legendPosition: string;
  position: Rect | null;
  series: FakeChartSeries[];
}

export interface FakeSheet {
  id: string;
  name: string;
  visibility: FakeSheetVisibility;
  /** Sheet protection (Review > Protect Sheet): every change to its cells, formats, notes or structure is refused. */
  protected: boolean;
  /** Rows frozen at the top (View > Freeze Panes); 0 when none. */
  frozenRows: number;
  pageLayout: FakePageLayout;
  /** Keyed by `cellKey(row, column)` (0-based). */
  cells: CellStore;
  merged: Rect[];
  /** 0-based row indexes. */
  hiddenRows: Set<number>;
  /** 0-based column indexes. */
  hiddenColumns: Set<number>;
  /** Points, by 0-based column index; absent means the default width. */
  columnWidths: Map<number, number>;
  tables: FakeTable[];
  /** In priority order: index 0 is the top priority. */
  conditionalFormats: FakeConditionalFormat[];
  /** Keyed by `cellKey(row, column)`. */
  notes: Map<number, FakeNote>;
  /** Keyed by `cellKey(row, column)`. */
  comments: Map<number, FakeComment>;
  /** Embedded charts, in the order they were added. */
  charts: FakeChart[];
}

/**
 * A defined name (Formulas > Name Manager). Its formula is kept as Excel shows it, always with a leading "=" and
 * sheet-qualified references (`=Kent!$AL$4:$AO$40`, `='Tunbridge Wells'!$A$1`); it moves with the cells it points
 * at, and reads `=Kent!#REF!` once they are deleted, `=#REF!$A$1` once their sheet is.
 */
export interface FakeDefinedName {
  id: string;
  name: string;
  formula: string;
  visible: boolean;
  comment: string;
  /** The worksheet a worksheet-scoped name belongs to; absent for a workbook-scoped name. */
  sheetId?: string;
}

export interface FakeWorkbookModel {
  name: string;
  /** In tab order. */
  sheets: FakeSheet[];
  /** Defined names of every scope, in the order they were made. */
  names: FakeDefinedName[];
  /** Values stored as JSON text, so nothing the adapter holds can alias them. */
  settings: Map<string, string>;
  activeSheetId: string;
  selection: { sheetId: string; rect: Rect };
  nextId: number;
}

export const DEFAULT_COLUMN_WIDTH = 48;

export function newId(model: FakeWorkbookModel, prefix: string): string {
  model.nextId += 1;
  return `${prefix}${model.nextId}`;
}

/** Excel-style worksheet id: `{00000000-0001-0000-0000-000000000000}`. */
function sheetId(n: number): string {
  return `{00000000-${String(n).padStart(4, "0")}-0000-0000-000000000000}`;
}

export function emptySheet(model: FakeWorkbookModel, name: string): FakeSheet {
  model.nextId += 1;
  return {
    id: sheetId(model.nextId),
    name,
    visibility: "Visible",
    protected: false,
    frozenRows: 0,
    pageLayout: defaultPageLayout(),
    cells: new CellStore(),
    merged: [],
    hiddenRows: new Set(),
    hiddenColumns: new Set(),
    columnWidths: new Map(),
    tables: [],
    conditionalFormats: [],
    notes: new Map(),
    comments: new Map(),
    charts: [],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Builder

export type FakeCellInput = CellScalar | null;

export interface FakeConditionalFormatSpec {
  address: string;
  type: FakeConditionalFormatType;
  rule: FakeConditionalFormatRule;
  format?: FakeConditionalFormatStyle;
  stopIfTrue?: boolean;
}

export interface FakeSheetSpec {
  name: string;
  /** Cell values from A1, stored exactly as given (a string "5" stays text; "#N/A" is an error value). */
  rows?: FakeCellInput[][];
  /** Same shape as `rows` (null = General) or a sparse map `{ "D9": "0.0%" }`. */
  numberFormats?: (string | null)[][] | Record<string, string>;
  /** `{ "D5": "=B5/C5" }`; the cell's value stays whatever `rows` gave it (the fake does not calculate). */
  formulas?: Record<string, string>;
  /** `["A1:C1"]`. */
  merged?: string[];
  /** 1-based row numbers. */
  hiddenRows?: number[];
  /** Column letters. */
  hiddenColumns?: string[];
  /** `{ "C": 60 }` in points. */
  columnWidths?: Record<string, number>;
  /** `{ "D9": "#FF0000" }`. */
  fills?: Record<string, string>;
  fontColors?: Record<string, string>;
  bold?: string[];
  tables?: { name: string; address: string; showHeaders?: boolean; style?: string }[];
  conditionalFormats?: FakeConditionalFormatSpec[];
  notes?: Record<string, string>;
  comments?: Record<string, string>;
  visibility?: FakeSheetVisibility;
  /** The sheet is protected (no password): changes to it fail with AccessDenied. */
  protected?: boolean;
}

export interface FakeNameSpec {
  name: string;
  /** `=Kent!$AL$4:$AO$40`, `='Tunbridge Wells'!$A$1:$B$2`, `=0.5`, `="text"`: sheet-qualified, with the "=". */
  formula: string;
  /** Default true. */
  visible?: boolean;
  comment?: string;
  /** A worksheet-scoped name: the sheet it belongs to. Default: workbook scope. */
  sheet?: string;
}

export interface FakeWorkbookSpec {
  name?: string;
  sheets: FakeSheetSpec[];
  /** Defined names. */
  names?: FakeNameSpec[];
  settings?: Record<string, unknown>;
  /** Name of the active sheet; default the first visible one. */
  activeSheet?: string;
  /** Author recorded on notes and comments from the spec. */
  authorName?: string;
}

function localRect(address: string, where: string): Rect {
  const parsed = parseAddress(address);
  if (!parsed)
    throw new Error(`createFakeWorkbook: bad address ${JSON.stringify(address)} in ${where}`);
  return parsed.rect;
}

function cellAt(sheet: FakeSheet, row: number, column: number): FakeCell {
  const key = cellKey(row, column);
  let cell = sheet.cells.get(key);
  if (!cell) {
    // The number format slot is made up front, so the common value-plus-format cell is one small object
    // (adding the property later costs a second allocation per cell: a gigabyte over 20 million cells).
    cell = { value: null, numberFormat: undefined };
    sheet.cells.set(key, cell);
  }
  return cell;
}

function forEachSpecCell(
  map: Record<string, unknown> | undefined,
  where: string,
  fn: (row: number, column: number, value: unknown) => void
): void {
  for (const [address, value] of Object.entries(map ?? {})) {
    const rect = localRect(address, where);
    for (let r = rect.top; r <= rect.bottom; r++)
      for (let c = rect.left; c <= rect.right; c++) fn(r, c, value);
  }
}

/** Builds a workbook model from a compact description. Throws plain `Error`s for a malformed spec. */
export function createFakeWorkbook(spec: FakeWorkbookSpec): FakeWorkbookModel {
  const model: FakeWorkbookModel = {
    name: spec.name ?? "Book1.xlsx",
    sheets: [],
    names: [],
    settings: new Map(),
    activeSheetId: "",
    selection: { sheetId: "", rect: { top: 0, left: 0, bottom: 0, right: 0 } },
    nextId: 0,
  };
  const author = spec.authorName ?? "Spec Author";
  if (spec.sheets.length === 0)
    throw new Error("createFakeWorkbook: a workbook needs at least one sheet");
  for (const sheetSpec of spec.sheets) {
    if (model.sheets.some((s) => s.name.toLowerCase() === sheetSpec.name.toLowerCase())) {
      throw new Error(`createFakeWorkbook: duplicate sheet name ${sheetSpec.name}`);
    }
    const sheet = emptySheet(model, sheetSpec.name);
    sheet.visibility = sheetSpec.visibility ?? "Visible";
    sheet.protected = sheetSpec.protected ?? false;
    const where = `sheet ${sheetSpec.name}`;
    (sheetSpec.rows ?? []).forEach((row, r) =>
      row.forEach((value, c) => {
        if (value === null || value === "") return;
        if (typeof value === "number" && !Number.isFinite(value))
          throw new Error(`createFakeWorkbook: ${value} in ${where}`);
        cellAt(sheet, r, c).value = value;
      })
    );
    const formats = sheetSpec.numberFormats;
    if (Array.isArray(formats)) {
      formats.forEach((row, r) =>
        row.forEach((format, c) => {
          if (format !== null && format !== "General") cellAt(sheet, r, c).numberFormat = format;
        })
      );
    } else {
      forEachSpecCell(formats, where, (r, c, format) => {
        if (format !== "General") cellAt(sheet, r, c).numberFormat = String(format);
      });
    }
    forEachSpecCell(sheetSpec.formulas, where, (r, c, formula) => {
      const text = String(formula);
      if (!text.startsWith("="))
        throw new Error(`createFakeWorkbook: formula ${text} must start with "="`);
      cellAt(sheet, r, c).formula = text;
    });
    forEachSpecCell(
      sheetSpec.fills,
      where,
      (r, c, color) => (cellAt(sheet, r, c).fill = String(color).toUpperCase())
    );
    forEachSpecCell(
      sheetSpec.fontColors,
      where,
      (r, c, color) => (cellAt(sheet, r, c).fontColor = String(color).toUpperCase())
    );
    for (const address of sheetSpec.bold ?? [])
      forEachSpecCell({ [address]: true }, where, (r, c) => (cellAt(sheet, r, c).bold = true));
    for (const address of sheetSpec.merged ?? []) {
      const rect = localRect(address, where);
      if (sheet.merged.some((m) => rectsOverlap(m, rect)))
        throw new Error(`createFakeWorkbook: overlapping merge ${address}`);
      sheet.merged.push(rect);
    }
    for (const row of sheetSpec.hiddenRows ?? []) {
      if (!Number.isInteger(row) || row < 1 || row > MAX_ROWS)
        throw new Error(`createFakeWorkbook: hidden row ${row}`);
      sheet.hiddenRows.add(row - 1);
    }
    for (const letters of sheetSpec.hiddenColumns ?? []) {
      const column = columnIndexOf(letters);
      if (column === undefined) throw new Error(`createFakeWorkbook: hidden column ${letters}`);
      sheet.hiddenColumns.add(column);
    }
    for (const [letters, width] of Object.entries(sheetSpec.columnWidths ?? {})) {
      const column = columnIndexOf(letters);
      if (column === undefined) throw new Error(`createFakeWorkbook: column width for ${letters}`);
      sheet.columnWidths.set(column, width);
    }
    for (const tableSpec of sheetSpec.tables ?? []) {
      const rect = localRect(tableSpec.address, where);
      const showHeaders = tableSpec.showHeaders ?? true;
      const columnNames: string[] = [];
      for (let c = rect.left; c <= rect.right; c++) {
        const header = showHeaders ? sheet.cells.get(cellKey(rect.top, c))?.value : null;
        let name = header === null || header === undefined || header === "" ? "" : String(header);
        if (name === "") {
          let n = 1;
          while (columnNames.includes(`Column${n}`)) n++;
          name = `Column${n}`;
        }
        const base = name;
        for (
          let suffix = 2;
          columnNames.some((x) => x.toLowerCase() === name.toLowerCase());
          suffix++
        )
          name = `${base}${suffix}`;
        columnNames.push(name);
        if (showHeaders) cellAt(sheet, rect.top, c).value = name;
      }
      sheet.tables.push({
        id: newId(model, ""),
        name: tableSpec.name,
        rect,
        showHeaders,
        showTotals: false,
        style: tableSpec.style ?? "TableStyleMedium2",
        columnNames,
      });
    }
    for (const cf of sheetSpec.conditionalFormats ?? []) {
      sheet.conditionalFormats.push({
        id: newId(model, "cf"),
        type: cf.type,
        ranges: [localRect(cf.address, where)],
        stopIfTrue: cf.stopIfTrue ?? false,
        rule: { ...cf.rule },
        format: { ...cf.format },
      });
    }
    forEachSpecCell(sheetSpec.notes, where, (r, c, content) => {
      sheet.notes.set(cellKey(r, c), {
        id: newId(model, "note"),
        row: r,
        column: c,
        content: String(content),
        authorName: author,
      });
    });
    forEachSpecCell(sheetSpec.comments, where, (r, c, content) => {
      sheet.comments.set(cellKey(r, c), {
        id: newId(model, "comment"),
        row: r,
        column: c,
        content: String(content),
        authorName: author,
        authorEmail: "",
        creationDate: "2024-01-01T00:00:00.000Z",
        resolved: false,
        replies: [],
      });
    });
    model.sheets.push(sheet);
  }
  const tableNames = model.sheets.flatMap((s) => s.tables.map((t) => t.name.toLowerCase()));
  if (new Set(tableNames).size !== tableNames.length)
    throw new Error("createFakeWorkbook: duplicate table name");
  for (const nameSpec of spec.names ?? []) {
    const scope = nameSpec.sheet === undefined ? undefined : findSheet(model, nameSpec.sheet);
    if (nameSpec.sheet !== undefined && !scope)
      throw new Error(`createFakeWorkbook: name ${nameSpec.name} is scoped to a missing sheet`);
    if (!isValidDefinedName(nameSpec.name))
      throw new Error(`createFakeWorkbook: ${JSON.stringify(nameSpec.name)} is not a valid name`);
    if (
      model.names.some(
        (n) => n.sheetId === scope?.id && n.name.toLowerCase() === nameSpec.name.toLowerCase()
      ) ||
      tableNames.includes(nameSpec.name.toLowerCase())
    )
      throw new Error(`createFakeWorkbook: duplicate name ${nameSpec.name}`);
    if (!nameSpec.formula.startsWith("="))
      throw new Error(`createFakeWorkbook: the formula of ${nameSpec.name} must start with "="`);
    model.names.push({
      id: newId(model, "name"),
      name: nameSpec.name,
      formula: nameSpec.formula,
      visible: nameSpec.visible ?? true,
      comment: nameSpec.comment ?? "",
      ...(scope ? { sheetId: scope.id } : {}),
    });
  }
  for (const [key, value] of Object.entries(spec.settings ?? {}))
    model.settings.set(key, JSON.stringify(value));
  const active = spec.activeSheet
    ? model.sheets.find((s) => s.name === spec.activeSheet)
    : model.sheets.find((s) => s.visibility === "Visible");
  if (!active) throw new Error("createFakeWorkbook: no visible active sheet");
  model.activeSheetId = active.id;
  model.selection = { sheetId: active.id, rect: { top: 0, left: 0, bottom: 0, right: 0 } };
  return model;
}

// ---------------------------------------------------------------------------------------------------------------
// Cloning (for rollback of a failed sync)

export function cloneSheet(sheet: FakeSheet): FakeSheet {
  return {
    ...sheet,
    pageLayout: clonePageLayout(sheet.pageLayout),
    cells: sheet.cells.clone(),
    merged: sheet.merged.map((r) => ({ ...r })),
    hiddenRows: new Set(sheet.hiddenRows),
    hiddenColumns: new Set(sheet.hiddenColumns),
    columnWidths: new Map(sheet.columnWidths),
    tables: sheet.tables.map((t) => ({
      ...t,
      rect: { ...t.rect },
      columnNames: [...t.columnNames],
    })),
    conditionalFormats: sheet.conditionalFormats.map((cf) => ({
      ...cf,
      ranges: cf.ranges.map((r) => ({ ...r })),
      rule: { ...cf.rule },
      format: { ...cf.format },
    })),
    notes: new Map([...sheet.notes].map(([k, n]) => [k, { ...n }])),
    comments: new Map(
      [...sheet.comments].map(([k, c]) => [k, { ...c, replies: c.replies.map((r) => ({ ...r })) }])
    ),
    charts: sheet.charts.map((chart) => ({
      ...chart,
      position: chart.position && { ...chart.position },
      series: chart.series.map((s) => ({
        ...s,
        values: { ...s.values, rect: { ...s.values.rect } },
        xValues: s.xValues && { ...s.xValues, rect: { ...s.xValues.rect } },
      })),
    })),
  };
}

function clonePageLayout(layout: FakePageLayout): FakePageLayout {
  return {
    ...layout,
    zoom: { ...layout.zoom },
    printTitleRows: layout.printTitleRows && { ...layout.printTitleRows },
  };
}

export function cloneModel(model: FakeWorkbookModel): FakeWorkbookModel {
  return {
    ...model,
    sheets: model.sheets.map(cloneSheet),
    names: model.names.map((n) => ({ ...n })),
    settings: new Map(model.settings),
    selection: { sheetId: model.selection.sheetId, rect: { ...model.selection.rect } },
  };
}

/** Puts `source`'s state into `target` in place (so references to `target` stay valid). */
export function restoreModel(target: FakeWorkbookModel, source: FakeWorkbookModel): void {
  Object.assign(target, source);
}

// ---------------------------------------------------------------------------------------------------------------
// Snapshots

export interface FakeCellSnapshot {
  value: CellScalar | null;
  formula?: string;
  numberFormat?: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  error?: true;
}

export interface FakeSheetSnapshot {
  position: number;
  visibility: FakeSheetVisibility;
  /** Present only on a protected sheet. */
  protected?: true;
  /** Present only when rows are frozen. */
  frozenRows?: number;
  /** Present only when it is not a new sheet's; print title rows as `$1:$1`. */
  pageLayout?: {
    orientation: string;
    paperSize: string;
    zoom: FakePageLayout["zoom"];
    printTitleRows: string | null;
  };
  /** By A1 address, row-major; only cells with content or formatting. */
  cells: Record<string, FakeCellSnapshot>;
  merged: string[];
  /** 1-based. */
  hiddenRows: number[];
  hiddenColumns: string[];
  columnWidths: Record<string, number>;
  tables: {
    name: string;
    address: string;
    showHeaders: boolean;
    columns: string[];
    style: string;
  }[];
  conditionalFormats: {
    type: FakeConditionalFormatType;
    ranges: string[];
    stopIfTrue: boolean;
    rule: FakeConditionalFormatRule;
    format: FakeConditionalFormatStyle;
  }[];
  notes: Record<string, { content: string; authorName: string }>;
  comments: Record<
    string,
    { content: string; authorName: string; resolved: boolean; replies: string[] }
  >;
  /** Present only when the sheet has charts: by name (the first of a name, as `charts.getItem` finds it). */
  charts?: Record<string, FakeChartSnapshot>;
}

/** A chart as a snapshot shows it: series ranges as sheet-qualified absolute addresses, `#REF!` once deleted. */
export interface FakeChartSnapshot {
  type: string;
  title: string | null;
  legendPosition: string;
  position: string | null;
  series: {
    name: string;
    values: string;
    xValues: string | null;
    lineColor: string | null;
    lineStyle: string;
    lineWeight: number;
    markerStyle: string;
  }[];
}

function chartRefText(model: FakeWorkbookModel, ref: FakeChartRef): string {
  const sheet = model.sheets.find((s) => s.id === ref.sheetId);
  if (!sheet) return "#REF!";
  const { top, left, bottom, right } = ref.rect;
  const cell = (r: number, c: number) => `$${columnLetters(c)}$${r + 1}`;
  return `${quoteSheetName(sheet.name)}!${cell(top, left)}:${cell(bottom, right)}`;
}

function snapshotCharts(
  model: FakeWorkbookModel,
  sheet: FakeSheet
): Record<string, FakeChartSnapshot> {
  const out: Record<string, FakeChartSnapshot> = {};
  for (const chart of sheet.charts) {
    if (chart.name in out) continue;
    out[chart.name] = {
      type: chart.type,
      title: chart.title,
      legendPosition: chart.legendPosition,
      position: chart.position && formatRect(chart.position),
      series: chart.series.map((s) => ({
        name: s.name,
        values: chartRefText(model, s.values),
        xValues: s.xValues && chartRefText(model, s.xValues),
        lineColor: s.lineColor,
        lineStyle: s.lineStyle,
        lineWeight: s.lineWeight,
        markerStyle: s.markerStyle,
      })),
    };
  }
  return out;
}

export interface FakeNameSnapshot {
  formula: string;
  visible: boolean;
  /** Present only when not empty. */
  comment?: string;
}

export interface FakeSnapshot {
  activeSheet: string;
  sheets: Record<string, FakeSheetSnapshot>;
  settings: Record<string, unknown>;
  /**
   * Present only when the workbook has defined names: by name for workbook scope, by `Sheet!name` (the sheet quoted
   * as in a formula) for worksheet scope.
   */
  names?: Record<string, FakeNameSnapshot>;
}

function sortedByPosition<T extends { row: number; column: number }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => a.row - b.row || a.column - b.column);
}

function snapshotSheet(
  sheet: FakeSheet,
  position: number,
  model: FakeWorkbookModel
): FakeSheetSnapshot {
  const cells: Record<string, FakeCellSnapshot> = {};
  const entries = [...sheet.cells].map(([key, cell]) => ({ ...parseCellKey(key), cell }));
  for (const { row, column, cell } of sortedByPosition(entries)) {
    const isDefault =
      cell.value === null &&
      !cell.formula &&
      !cell.numberFormat &&
      !cell.fill &&
      !cell.fontColor &&
      !cell.bold;
    if (isDefault) continue;
    const snap: FakeCellSnapshot = { value: cell.value };
    if (cell.formula) snap.formula = cell.formula;
    if (cell.numberFormat) snap.numberFormat = cell.numberFormat;
    if (cell.fill) snap.fill = cell.fill;
    if (cell.fontColor) snap.fontColor = cell.fontColor;
    if (cell.bold) snap.bold = true;
    if (isErrorValue(cell.value)) snap.error = true;
    cells[cellAddress(row, column)] = snap;
  }
  const notes: FakeSheetSnapshot["notes"] = {};
  for (const note of sortedByPosition(sheet.notes.values()))
    notes[cellAddress(note.row, note.column)] = {
      content: note.content,
      authorName: note.authorName,
    };
  const comments: FakeSheetSnapshot["comments"] = {};
  for (const c of sortedByPosition(sheet.comments.values())) {
    comments[cellAddress(c.row, c.column)] = {
      content: c.content,
      authorName: c.authorName,
      resolved: c.resolved,
      replies: c.replies.map((r) => r.content),
    };
  }
  const columnWidths: Record<string, number> = {};
  for (const [column, width] of [...sheet.columnWidths].sort((a, b) => a[0] - b[0]))
    columnWidths[columnLetters(column)] = width;
  return {
    position,
    visibility: sheet.visibility,
    ...(sheet.protected ? { protected: true as const } : {}),
    ...(sheet.frozenRows > 0 ? { frozenRows: sheet.frozenRows } : {}),
    ...(same(sheet.pageLayout, defaultPageLayout())
      ? {}
      : {
          pageLayout: {
            orientation: sheet.pageLayout.orientation,
            paperSize: sheet.pageLayout.paperSize,
            zoom: { ...sheet.pageLayout.zoom },
            printTitleRows: sheet.pageLayout.printTitleRows
              ? `$${sheet.pageLayout.printTitleRows.top + 1}:$${sheet.pageLayout.printTitleRows.bottom + 1}`
              : null,
          },
        }),
    cells,
    merged: [...sheet.merged].sort((a, b) => a.top - b.top || a.left - b.left).map(formatRect),
    hiddenRows: [...sheet.hiddenRows].sort((a, b) => a - b).map((r) => r + 1),
    hiddenColumns: [...sheet.hiddenColumns].sort((a, b) => a - b).map(columnLetters),
    columnWidths,
    tables: [...sheet.tables]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((t) => ({
        name: t.name,
        address: formatRect(t.rect),
        showHeaders: t.showHeaders,
        columns: [...t.columnNames],
        style: t.style,
      })),
    conditionalFormats: sheet.conditionalFormats.map((cf) => ({
      type: cf.type,
      ranges: cf.ranges.map(formatRect),
      stopIfTrue: cf.stopIfTrue,
      rule: { ...cf.rule },
      format: { ...cf.format },
    })),
    notes,
    comments,
    ...(sheet.charts.length > 0 ? { charts: snapshotCharts(model, sheet) } : {}),
  };
}

/** A deep, JSON-comparable picture of everything the fake models. */
export function snapshotModel(model: FakeWorkbookModel): FakeSnapshot {
  const sheets: Record<string, FakeSheetSnapshot> = {};
  model.sheets.forEach(
    (sheet, position) => (sheets[sheet.name] = snapshotSheet(sheet, position, model))
  );
  const settings: Record<string, unknown> = {};
  for (const key of [...model.settings.keys()].sort())
    settings[key] = JSON.parse(model.settings.get(key)!);
  const names: Record<string, FakeNameSnapshot> = {};
  for (const n of [...model.names].sort((a, b) =>
    nameKey(model, a).localeCompare(nameKey(model, b))
  ))
    names[nameKey(model, n)] = {
      formula: n.formula,
      visible: n.visible,
      ...(n.comment ? { comment: n.comment } : {}),
    };
  return {
    activeSheet: model.sheets.find((s) => s.id === model.activeSheetId)?.name ?? "",
    sheets,
    settings,
    ...(model.names.length ? { names } : {}),
  };
}

function nameKey(model: FakeWorkbookModel, n: FakeDefinedName): string {
  if (n.sheetId === undefined) return n.name;
  const sheet = model.sheets.find((s) => s.id === n.sheetId);
  return `${quoteSheetName(sheet?.name ?? "?")}!${n.name}`;
}

export type FakeDiffKind =
  | "sheet"
  | "cell"
  | "note"
  | "comment"
  | "merge"
  | "hiddenRow"
  | "hiddenColumn"
  | "columnWidth"
  | "table"
  | "conditionalFormat"
  | "pageLayout"
  | "chart"
  | "setting"
  | "name"
  | "activeSheet";

export interface FakeSnapshotDiff {
  kind: FakeDiffKind;
  sheet?: string;
  /** A1 address for cells, notes and comments; merge/range address, table name, CF index, setting key otherwise. */
  address?: string;
  before: unknown;
  after: unknown;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function diffRecords<T>(
  kind: FakeDiffKind,
  sheet: string | undefined,
  a: Record<string, T>,
  b: Record<string, T>,
  out: FakeSnapshotDiff[]
): void {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const before = a[key];
    const after = b[key];
    if (!same(before, after))
      out.push({
        kind,
        ...(sheet !== undefined ? { sheet } : {}),
        address: key,
        before: before ?? null,
        after: after ?? null,
      });
  }
}

function diffSets(
  kind: FakeDiffKind,
  sheet: string,
  a: readonly (string | number)[],
  b: readonly (string | number)[],
  out: FakeSnapshotDiff[]
): void {
  const sa = new Set(a.map(String));
  const sb = new Set(b.map(String));
  for (const x of sa) if (!sb.has(x)) out.push({ kind, sheet, address: x, before: x, after: null });
  for (const x of sb) if (!sa.has(x)) out.push({ kind, sheet, address: x, before: null, after: x });
}

/** Differences between two snapshots, by sheet and address. Empty when they are identical. */
export function diffSnapshots(a: FakeSnapshot, b: FakeSnapshot): FakeSnapshotDiff[] {
  const out: FakeSnapshotDiff[] = [];
  if (a.activeSheet !== b.activeSheet)
    out.push({ kind: "activeSheet", before: a.activeSheet, after: b.activeSheet });
  const names = new Set([...Object.keys(a.sheets), ...Object.keys(b.sheets)]);
  for (const name of names) {
    const sa = a.sheets[name];
    const sb = b.sheets[name];
    if (!sa || !sb) {
      out.push({
        kind: "sheet",
        sheet: name,
        before: sa ? "present" : null,
        after: sb ? "present" : null,
      });
      continue;
    }
    if (
      sa.position !== sb.position ||
      sa.visibility !== sb.visibility ||
      sa.protected !== sb.protected
    ) {
      const state = (s: FakeSheetSnapshot) => ({
        position: s.position,
        visibility: s.visibility,
        protected: s.protected === true,
      });
      out.push({ kind: "sheet", sheet: name, before: state(sa), after: state(sb) });
    }
    diffRecords("cell", name, sa.cells, sb.cells, out);
    diffRecords("note", name, sa.notes, sb.notes, out);
    diffRecords("comment", name, sa.comments, sb.comments, out);
    diffSets("merge", name, sa.merged, sb.merged, out);
    diffSets("hiddenRow", name, sa.hiddenRows, sb.hiddenRows, out);
    diffSets("hiddenColumn", name, sa.hiddenColumns, sb.hiddenColumns, out);
    diffRecords("columnWidth", name, sa.columnWidths, sb.columnWidths, out);
    diffRecords(
      "table",
      name,
      Object.fromEntries(sa.tables.map((t) => [t.name, t])),
      Object.fromEntries(sb.tables.map((t) => [t.name, t])),
      out
    );
    diffRecords(
      "conditionalFormat",
      name,
      Object.fromEntries(sa.conditionalFormats.map((c, i) => [String(i), c])),
      Object.fromEntries(sb.conditionalFormats.map((c, i) => [String(i), c])),
      out
    );
    if (!same(sa.pageLayout, sb.pageLayout))
      out.push({
        kind: "pageLayout",
        sheet: name,
        before: sa.pageLayout ?? null,
        after: sb.pageLayout ?? null,
      });
    diffRecords("chart", name, sa.charts ?? {}, sb.charts ?? {}, out);
  }
  diffRecords("setting", undefined, a.settings, b.settings, out);
  diffRecords("name", undefined, a.names ?? {}, b.names ?? {}, out);
  return out;
}

/** Convenience for tests: the sheet's cell value at an A1 address (`null` when empty). */
export function cellValue(
  model: FakeWorkbookModel,
  sheetName: string,
  address: string
): CellScalar | null {
  const sheet = model.sheets.find((s) => s.name === sheetName);
  if (!sheet) throw new Error(`no sheet ${sheetName}`);
  const parsed = parseAddress(address);
  if (!parsed) throw new Error(`bad address ${address}`);
  return sheet.cells.get(cellKey(parsed.rect.top, parsed.rect.left))?.value ?? null;
}

export function findSheet(model: FakeWorkbookModel, name: string): FakeSheet | undefined {
  return model.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

function requireSheet(model: FakeWorkbookModel, name: string): FakeSheet {
  const sheet = findSheet(model, name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet;
}

/** Convenience for tests: the formula of the cell at an A1 address (`undefined` when it holds none). */
export function cellFormula(
  model: FakeWorkbookModel,
  sheetName: string,
  address: string
): string | undefined {
  const sheet = requireSheet(model, sheetName);
  const parsed = parseAddress(address);
  if (!parsed) throw new Error(`bad address ${address}`);
  return sheet.cells.get(cellKey(parsed.rect.top, parsed.rect.left))?.formula;
}

/** Convenience for tests: a sheet's notes by A1 address, in row order. */
export function sheetNotes(model: FakeWorkbookModel, sheetName: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const note of sortedByPosition(requireSheet(model, sheetName).notes.values()))
    out[cellAddress(note.row, note.column)] = note.content;
  return out;
}

export interface FakeDefinedNameSummary {
  name: string;
  formula: string;
  visible: boolean;
}

/**
 * Convenience for tests: the defined names of one scope, in the order Excel lists them (by name, ignoring case).
 * Without `sheetName`, the workbook-scoped names (what `workbook.names` holds); with it, that worksheet's names.
 */
export function definedNames(
  model: FakeWorkbookModel,
  sheetName?: string
): FakeDefinedNameSummary[] {
  const scope = sheetName === undefined ? undefined : requireSheet(model, sheetName).id;
  return sortedNames(model.names.filter((n) => n.sheetId === scope)).map((n) => ({
    name: n.name,
    formula: n.formula,
    visible: n.visible,
  }));
}

/** Names in Excel's listing order: alphabetical, case-insensitive. */
export function sortedNames<T extends { name: string }>(names: readonly T[]): T[] {
  return [...names].sort((a, b) => {
    const x = a.name.toLowerCase();
    const y = b.name.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * Excel's rules for a defined name: it starts with a letter, "_" or "\"; the rest are letters, digits, "_", "."
 * or "\" (so no spaces); at most 255 characters; and it is not a cell reference in either style (`A1`, `XFD1048576`,
 * `R1C1`, `R`, `C`, `R2`, `RC3`) nor `TRUE` / `FALSE`.
 */
export function isValidDefinedName(name: unknown): name is string {
  if (typeof name !== "string" || name.length === 0 || name.length > 255) return false;
  if (!/^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u.test(name)) return false;
  const a1 = /^([A-Za-z]{1,3})(\d+)$/.exec(name);
  if (a1) {
    const column = columnIndexOf(a1[1]!);
    const row = Number(a1[2]);
    if (column !== undefined && row >= 1 && row <= MAX_ROWS) return false;
  }
  if (/^[RrCc]\d*$/.test(name) || /^[Rr]\d*[Cc]\d*$/.test(name)) return false;
  return !/^(TRUE|FALSE)$/i.test(name);
}

export { MAX_COLUMNS, MAX_ROWS };
