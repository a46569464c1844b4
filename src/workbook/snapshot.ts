import type { CellRange } from "./address";

/** A cell as the hosts give it: Excel errors as their text (`#N/A`), dates as serial numbers. */
export type CellScalar = string | number | boolean | null;

/** One of the add-in's workbook names as a host reads it: its name and what it refers to. */
export interface DefinedNameSnapshot {
  readonly name: string;
  /** The reference as the host gives it: `='Kent'!$AL$4:$AO$40`, `Kent!$AL$4:$AO$40`, `#REF!`. */
  readonly formula: string;
}

/** An Excel table (ListObject) on the sheet. */
export interface ListObjectSnapshot {
  readonly name: string;
  readonly range: CellRange;
  readonly showHeaders: boolean;
}

/**
 * What the workbook layer needs of one sheet, read in one go by an adapter.
 * `values`, `numberFormats` and `formulas` are rows of cells starting at `origin`
 * (the used range's top-left, 0-based); rows may be ragged. Cells outside are empty.
 */
export interface SheetSnapshot {
  readonly name: string;
  readonly origin: { readonly row: number; readonly column: number };
  readonly values: readonly (readonly CellScalar[])[];
  readonly numberFormats: readonly (readonly string[])[];
  /** Formula text where the cell holds a formula (`=B5/C5`), else empty. */
  readonly formulas?: readonly (readonly string[])[];
  readonly merged?: readonly CellRange[];
  readonly hiddenRows?: readonly number[];
  readonly hiddenColumns?: readonly number[];
  readonly tables?: readonly ListObjectSnapshot[];
  /** Cells that already hold a note or comment, `D9` style: the add-in never writes over one. */
  readonly notedCells?: readonly string[];
  /** The notes (not threaded comments) on the sheet with their text: the add-in knows its own by their text. */
  readonly notes?: readonly { readonly cell: string; readonly text: string }[];
}

export interface WorkbookSnapshot {
  readonly sheets: readonly SheetSnapshot[];
  /** The add-in's saved state (settings, mapping overrides, records of what it wrote), or undefined for a new workbook. */
  readonly state?: string;
  /** The workbook names the add-in made (`ScorecardRAG_…`): where its blocks are now. */
  readonly names?: readonly DefinedNameSnapshot[];
}

/** A cell's text, trimmed (non-breaking spaces as spaces); numbers and booleans as `String` writes them. */
function textOf(v: string | number | boolean): string {
  // Most cells are numbers or plain text, which need no cleaning.
  if (typeof v !== "string") return String(v);
  const clean = v.includes("\u00a0") ? v.replace(/\u00a0/g, " ") : v;
  return clean.trim();
}

/**
 * `textOf(text) === text`, tested without making a string: no non-breaking space,
 * and printable ASCII (never whitespace) at both ends, so `trim` keeps every character.
 */
function isCleanText(text: string): boolean {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 && !text.includes("\u00a0");
}

/** Reads cells of a sheet by sheet coordinates. */
export class SheetGrid {
  readonly name: string;
  readonly rowCount: number;
  readonly columnCount: number;
  private readonly snapshot: SheetSnapshot;
  private readonly masked: ReadonlySet<number>;
  /** Built on first use, so that each look-up is by key. */
  private noted: ReadonlySet<string> | undefined;
  private hidden: ReadonlySet<number> | undefined;
  /**
   * Each cell's text once read (by snapshot row, then column): detection and rating
   * read the same cells several times, and a number's text is a new string each time.
   */
  private readonly texts: (string | undefined)[][] = [];

  /** `maskedColumns`: sheet columns to read as empty (the add-in's own output). */
  constructor(snapshot: SheetSnapshot, maskedColumns: Iterable<number> = []) {
    this.snapshot = snapshot;
    this.name = snapshot.name;
    this.masked = new Set(maskedColumns);
    let widest = 0;
    for (const row of snapshot.values) widest = Math.max(widest, row.length);
    this.rowCount = snapshot.origin.row + snapshot.values.length;
    this.columnCount = snapshot.origin.column + widest;
  }

  value(row: number, column: number): CellScalar {
    if (this.masked.size > 0 && this.masked.has(column)) return null;
    const r = this.snapshot.values[row - this.snapshot.origin.row];
    const v = r?.[column - this.snapshot.origin.column];
    return v === undefined ? null : v;
  }

  format(row: number, column: number): string {
    return (
      this.snapshot.numberFormats[row - this.snapshot.origin.row]?.[
        column - this.snapshot.origin.column
      ] ?? "General"
    );
  }

  formula(row: number, column: number): string {
    return (
      this.snapshot.formulas?.[row - this.snapshot.origin.row]?.[
        column - this.snapshot.origin.column
      ] ?? ""
    );
  }

  /** The cell's text, trimmed; empty for blanks. */
  text(row: number, column: number): string {
    if (this.masked.size > 0 && this.masked.has(column)) return "";
    const i = row - this.snapshot.origin.row;
    const j = column - this.snapshot.origin.column;
    const v = this.snapshot.values[i]?.[j];
    if (v === undefined || v === null) return "";
    // Plain text is its own text: nothing to remember, no line of texts made for it.
    if (typeof v === "string" && isCleanText(v)) return v;
    let line = this.texts[i];
    if (line === undefined) {
      line = [];
      this.texts[i] = line;
    }
    let text = line[j];
    if (text === undefined) {
      text = textOf(v);
      line[j] = text;
    }
    return text;
  }

  isEmpty(row: number, column: number): boolean {
    const v = this.value(row, column);
    if (v === null) return true;
    if (typeof v !== "string") return false;
    return this.text(row, column) === "";
  }

  /** Raw (unmasked) emptiness, for deciding whether output would overwrite something. */
  isEmptyRaw(row: number, column: number): boolean {
    const r = this.snapshot.values[row - this.snapshot.origin.row];
    const v = r?.[column - this.snapshot.origin.column];
    return (v === undefined || v === null || v === "") && this.formula(row, column) === "";
  }

  /** One past the last column that holds a cell on `row` (the row's own extent, not the sheet's). */
  rowEnd(row: number): number {
    const r = this.snapshot.values[row - this.snapshot.origin.row];
    return r ? this.snapshot.origin.column + r.length : this.snapshot.origin.column;
  }

  get firstRow(): number {
    return this.snapshot.origin.row;
  }

  get firstColumn(): number {
    return this.snapshot.origin.column;
  }

  get merged(): readonly CellRange[] {
    return this.snapshot.merged ?? [];
  }

  get tables(): readonly ListObjectSnapshot[] {
    return this.snapshot.tables ?? [];
  }

  isHiddenRow(row: number): boolean {
    this.hidden ??= new Set(this.snapshot.hiddenRows ?? []);
    return this.hidden.has(row);
  }

  hasNote(address: string): boolean {
    this.noted ??= new Set(this.snapshot.notedCells ?? []);
    return this.noted.has(address);
  }
}
