import {
  displayOf,
  numberInDisplay,
  parseCellValue,
  type CellValue,
  type Display,
  type HistoryPoint,
  type Period,
} from "../engine";
import { allocateColumnarTable, setPeriods, type ColumnarTable } from "../engine/columnar";
import type { PeriodColumn } from "./detect";
import type { SheetGrid } from "./snapshot";

/**
 * The rows of a wide table that read one set of period columns (the table's,
 * or a team block's), read once into one columnar table: each row's history
 * is read cell by cell into the table's values (NaN where a cell has no
 * number), so the rows are rated in one pass with no per-row input objects.
 *
 * A history reads the period columns up to the value's column when it is one
 * of them (the later cells are not read), else all of them and then the value
 * as the latest point (period one after the last, labelled `latest`); with no
 * period columns it is the value alone.
 *
 * The histories are kept as the table's numbers, each number cell's display
 * (a number format's percent and decimals) and, for the few cells that are not
 * a plain number (text, an error, a blank), what `parseCellValue` read: a
 * row's `HistoryPoint`s are made only when something asks for them
 * ({@link history}, {@link valueAt}), and are equal to `parseCellValue`'s
 * reading of each cell.
 *
 * Memory: the columnar table (8 × rows × (width + 5) bytes), 2 bytes a
 * history cell, and a parsed value for each cell that is not a number.
 */
export class PeriodGroup {
  /** Period columns a history reads. */
  readonly count: number;
  /** Whether the value, in no period column, is the history's latest point. */
  readonly latest: boolean;
  /** The table's columns: the history's points (1 with no period columns). */
  readonly width: number;
  /** Each column's period, as the histories' points carry them. */
  readonly labels: readonly (Period | undefined)[];
  readonly table: ColumnarTable;
  /** The value the last {@link read} took (its value column's cell, or a blank). */
  value: CellValue = BLANK;
  /** Whether the last {@link read} found only finite numbers (the columnar engine's premise). */
  finite = true;
  /** Rows read so far: the next row's index in the table. */
  rows = 0;

  private readonly periods: readonly PeriodColumn[];
  private readonly valueColumn: number | undefined;
  private readonly latestPeriod: Period | undefined;
  /** Each read cell's display, as an index into {@link displays}, or {@link PARSED}. */
  private readonly cellDisplays: Uint16Array;
  /** The displays the number cells use, in the order first met (a table has a handful). */
  private readonly displays: Display[] = [];
  private readonly displayIndex = new Map<Display, number>();
  /** What `parseCellValue` read from each cell that is not a plain finite number, by cell. */
  private readonly parsed = new Map<number, CellValue>();

  /** `rows`: how many rows the group will read. */
  constructor(periods: readonly PeriodColumn[], valueColumn: number | undefined, rows: number) {
    const at = valueColumn === undefined ? -1 : periods.findIndex((p) => p.column === valueColumn);
    this.periods = periods;
    this.valueColumn = valueColumn;
    this.count = at >= 0 ? at + 1 : periods.length;
    this.latest = periods.length > 0 && valueColumn !== undefined && at < 0;
    const last = periods[periods.length - 1]?.period;
    this.latestPeriod =
      this.latest && last
        ? { granularity: last.granularity, index: last.index + 1, label: "latest" }
        : undefined;
    const labels: (Period | undefined)[] = periods.slice(0, this.count).map((p) => p.period);
    if (this.latest) labels.push(this.latestPeriod);
    if (labels.length === 0) labels.push(undefined);
    this.labels = labels;
    this.width = labels.length;
    this.table = allocateColumnarTable(rows, this.width);
    setPeriods(this.table, labels);
    this.cellDisplays = new Uint16Array(rows * this.count);
  }

  /**
   * Reads sheet row `row`'s history into the table's next row ({@link rows}
   * before the call); sets {@link value} and {@link finite}.
   *
   * Cost: O(periods); no allocation for a number cell.
   */
  read(grid: SheetGrid, row: number): void {
    const { count, width } = this;
    const values = this.table.values;
    const k = this.rows++;
    const base = k * width;
    this.finite = true;
    if (this.periods.length === 0) {
      const value = this.valueOf(grid, row);
      this.value = value;
      values[base] = this.numberOf(value);
      return;
    }
    const cells = k * count;
    let lastFormat: string | undefined;
    let lastDisplay = 0;
    for (let i = 0; i < count; i++) {
      const column = this.periods[i]!.column;
      const raw = grid.value(row, column);
      if (typeof raw === "number" && raw - raw === 0) {
        // Cells along a row share a format: its display is looked up once.
        const format = grid.format(row, column);
        if (format !== lastFormat) {
          lastFormat = format;
          lastDisplay = this.displayNumber(displayOf(format));
        }
        this.cellDisplays[cells + i] = lastDisplay;
        values[base + i] = raw;
        continue;
      }
      const value = raw === null ? BLANK : parseCellValue(raw, grid.format(row, column));
      this.cellDisplays[cells + i] = PARSED;
      this.parsed.set(cells + i, value);
      values[base + i] = this.numberOf(value);
    }
    if (this.latest) {
      const value = this.valueOf(grid, row);
      this.value = value;
      values[base + count] = this.numberOf(value);
    } else {
      this.value = this.valueColumn === undefined ? BLANK : this.valueAt(k, count - 1);
    }
  }

  /**
   * Point `i`'s value (0 = the oldest) of the group's row `k`, as
   * `parseCellValue` reads its cell; the latest point, when it is the value in
   * no period column, is `rowValue`, the value {@link read} took.
   */
  valueAt(k: number, i: number, rowValue: CellValue = BLANK): CellValue {
    if (i >= this.count || this.periods.length === 0) return rowValue;
    const cell = k * this.count + i;
    const display = this.cellDisplays[cell]!;
    return display === PARSED
      ? this.parsed.get(cell)!
      : numberInDisplay(this.table.values[k * this.width + i]!, this.displays[display]!);
  }

  /** Point `i` (0 = the oldest) of row `k`'s history; `rowValue` as {@link valueAt} takes it. */
  pointAt(k: number, i: number, rowValue: CellValue): HistoryPoint {
    if (this.periods.length === 0) return { value: rowValue };
    const period = i < this.count ? this.periods[i]!.period : this.latestPeriod;
    return { period, value: this.valueAt(k, i, rowValue) };
  }

  /**
   * Row `k`'s history, oldest first, made now; `rowValue` as {@link valueAt} takes it.
   *
   * Cost: O(periods), a point a cell.
   */
  history(k: number, rowValue: CellValue): HistoryPoint[] {
    const points = new Array<HistoryPoint>(this.width);
    for (let i = 0; i < this.width; i++) points[i] = this.pointAt(k, i, rowValue);
    return points;
  }

  private displayNumber(display: Display): number {
    let index = this.displayIndex.get(display);
    if (index === undefined) {
      index = this.displays.length;
      if (index >= PARSED) throw new RangeError("a table uses more than 65,534 number displays");
      this.displays.push(display);
      this.displayIndex.set(display, index);
    }
    return index;
  }

  private valueOf(grid: SheetGrid, row: number): CellValue {
    const c = this.valueColumn;
    return c === undefined ? BLANK : parseCellValue(grid.value(row, c), grid.format(row, c));
  }

  /** The value's number for the table: NaN for no number; a non-finite one is noted. */
  private numberOf(value: CellValue): number {
    if (value.kind !== "number") return NaN;
    const n = value.value;
    if (n - n !== 0) this.finite = false;
    return n;
  }
}

/** A cell's display index that says its value is in the parsed map. */
const PARSED = 0xffff;

/** What `parseCellValue(null)` reads: one shared value, as every reading of it is equal. */
const BLANK: CellValue = Object.freeze(parseCellValue(null));
