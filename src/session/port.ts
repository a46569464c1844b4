import type { CellRange } from "../workbook/address";
import type { ChartSpec } from "../workbook/chart-data";
import type { SheetHead } from "../workbook/findings";
import type { WritePlan } from "../workbook/run";
import type { CellScalar, WorkbookSnapshot } from "../workbook/snapshot";

/**
 * What a session needs of a host (Excel through Office.js, an .xlsx file, the
 * demo's in-memory workbook). Each method is one round trip to the host, and
 * one batch in Excel: a port does no rating, planning or deciding of its own.
 * A new host is one implementation of this interface plus one entry point.
 */
export interface HostPort {
  /**
   * Runs `work` against one consistent view of the workbook: in Excel, one
   * `Excel.run`, so nothing the user does between the read and the write can
   * slip in between them.
   */
  transaction<T>(work: (workbook: PortTransaction) => Promise<T>): Promise<T>;
  /** The add-in's saved state text (column A of its very hidden sheet), or undefined when there is none. */
  readState(): Promise<string | undefined>;
  /**
   * Reads the saved state and writes `next(saved)` back in its place, in one
   * batch (creating the very hidden state sheet when there is none).
   */
  updateState(next: (saved: string | undefined) => readonly string[]): Promise<void>;
  /**
   * Every sheet's name, in tab order, with the first row (A1 to Z1:
   * SHEET_HEAD_WIDTH cells) of those whose name matches `firstRowOf` (reading
   * every sheet's first row would cost a read per sheet in Excel).
   */
  sheetHeads(firstRowOf: RegExp): Promise<readonly SheetHead[]>;
  /**
   * Reads sheet `name`'s used cells (undefined when there is no such sheet),
   * lets `edit` decide what to write from them, and writes it, in one batch.
   */
  editSheet<T>(name: string, edit: (cells: SheetCells | undefined) => SheetEdit<T>): Promise<T>;
  /** Writes a whole sheet the add-in owns (Findings, Summary): added, or cleared and rewritten when `replace`. */
  putSheet(sheet: SheetWrite): Promise<void>;
  /** Shows `cell` on `sheet` to the user (Excel selects it; other hosts only check the sheet exists). */
  selectCell(sheet: string, cell: string): Promise<void>;
  /**
   * Optional (Excel only: an .xlsx file written by ExcelJS and the demo have no
   * charts). Writes a chart's block on the chart data sheet (adding the sheet,
   * hidden, with its header row when `dataSheet.create`) and adds the chart on
   * its sheet, deleting first a chart of the same name there, in one batch.
   */
  putChart?(chart: ChartWrite): Promise<void>;
  /** Optional, with `putChart`: every chart whose name starts with `prefix`, with its sheet. */
  listCharts?(prefix: string): Promise<readonly ChartRef[]>;
  /** Optional, with `putChart`: deletes these charts (one not there is skipped), in one batch. */
  deleteCharts?(charts: readonly ChartRef[]): Promise<void>;
  /**
   * Optional (Excel only: a file and the demo have no user selecting cells).
   * Calls `listener` with the active sheet's name and the selected range's
   * address on it (`A4:G4`, `4:4`) each time the user (or the add-in) changes
   * the selection, until the returned function is called (it resolves once
   * the host has dropped the handler).
   */
  onSelection?(listener: SelectionListener): Promise<() => Promise<void>>;
}

/** Told of each new selection: its sheet and its address there, without the sheet (`A4:G4`). */
export type SelectionListener = (sheet: string, address: string) => void;

/** A chart by its sheet and name. */
export interface ChartRef {
  readonly sheet: string;
  readonly name: string;
}

/** One chart and its numbers: what `putChart` writes. */
export interface ChartWrite {
  readonly dataSheet: {
    readonly name: string;
    /** Add the sheet (hidden), with `header` in row 1; otherwise it is the tool's own sheet already. */
    readonly create: boolean;
    readonly header: readonly string[];
  };
  /** Cleared first (values and formats): the block's columns, as far down as an earlier block of this chart went. */
  readonly clear: CellRange;
  /** The block's text cells (name, headers, period labels), formatted as text ("@"). */
  readonly runs: readonly CellRun[];
  /** The block's numbers from (`row`, `column`), a rectangle (null: an empty cell), in `numberFormat`. */
  readonly numbers: {
    readonly row: number;
    readonly column: number;
    readonly values: readonly (readonly (number | null)[])[];
    readonly numberFormat: string;
  };
  readonly chart: ChartSpec;
}

/** What a port can do inside one `transaction`. */
export interface PortTransaction {
  /** The workbook now: every sheet's cells, the saved state and the add-in's names. */
  read(): Promise<WorkbookSnapshot>;
  /**
   * Applies `plan` to what `read` returned, and deletes `deleteSheets` (sheets
   * the add-in owns) in the same batch. `read` must have been called first.
   */
  apply(plan: WritePlan, deleteSheets: readonly string[]): Promise<void>;
}

/** A sheet's used cells, rows from `origin` (0-based). */
export interface SheetCells {
  readonly origin: { readonly row: number; readonly column: number };
  readonly values: readonly (readonly CellScalar[])[];
}

/**
 * Cells written in one row from (`row`, `column`), 0-based on the sheet. A
 * `text` run is formatted as text ("@") before it is written, so a code such
 * as 007 or a tolerance such as 5% stays the text it is and `=1` is never a
 * formula; a `formula` run is written as formulas (the Findings links only).
 */
export interface CellRun {
  readonly row: number;
  readonly column: number;
  readonly kind: "text" | "formula";
  readonly values: readonly string[];
}

/** What `editSheet` writes: nothing (`write` undefined) or cells on the sheet, adding it if it is missing. */
export interface SheetEdit<T> {
  readonly write?: { readonly runs: readonly CellRun[]; readonly bold?: CellRange };
  readonly result: T;
}

/**
 * A whole sheet the add-in owns, with its look: a bold, frozen header row and
 * column widths; optionally conditional formats and how it prints (the
 * Summary sheet).
 */
export interface SheetWrite {
  readonly name: string;
  /** Clear the existing sheet of that name first (it is the add-in's own); otherwise add the sheet. */
  readonly replace: boolean;
  readonly runs: readonly CellRun[];
  /** Column widths in characters, from column A. */
  readonly widths: readonly number[];
  /** How many columns the bold, frozen header row spans. */
  readonly headerWidth: number;
  /** "Text begins with" formats, each over a range of the sheet, in the add-in's fill and font pairs. */
  readonly conditionalFormats?: readonly SheetConditionalFormat[];
  /** Page setup: orientation, paper, fit to pages, the header row repeated on every page. */
  readonly print?: SheetPrint;
}

/** One "text begins with" format of a range (0-based, on the sheet): its fill and font colours (`#RRGGBB`). */
export interface SheetConditionalFormat {
  readonly range: CellRange;
  readonly beginsWith: string;
  readonly fill: string;
  readonly font: string;
}

/** How a sheet prints: the page, and the scale that fits it on so many pages. */
export interface SheetPrint {
  readonly orientation: "landscape" | "portrait";
  readonly paper: "A4";
  /** Scaled to fit this many pages across… */
  readonly fitToPagesWide: number;
  /** …and this many down. */
  readonly fitToPagesTall: number;
  /** Row 1 printed at the top of every page. */
  readonly repeatHeaderRow: boolean;
}
