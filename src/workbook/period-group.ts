import { parseCellValue, type CellValue, type HistoryPoint, type Period } from "../engine";
import { allocateColumnarTable, setPeriods, type ColumnarTable } from "../engine/columnar";
import type { PeriodColumn } from "./detect";
import type { SheetGrid } from "./snapshot";

/**
 * The rows of a wide table that read one set of period columns (the table's,
 * or a team block's), read once into one columnar table: each row's history
 * is read cell by cell into the table's values (NaN where a cell has no
 * number) as its `HistoryPoint`s are made, so the rows are rated in one pass
 * with no per-row input objects.
 *
 * A history reads the period columns up to the value's column when it is one
 * of them (the later cells are not read), else all of them and then the value
 * as the latest point (period one after the last, labelled `latest`); with no
 * period columns it is the value alone.
 *
 * Memory: the columnar table (8 × rows × (width + 5) bytes), and a point a
 * cell.
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
  /**
   * Each column's last point, which the next row's equal cell shares (a figure
   * repeated down a column, a blank under a blank). Sharing points beyond that,
   * by a map from cell to point, costs more in look-ups than the points it saves
   * the garbage collector.
   */
  private readonly lastPoints: (HistoryPoint | undefined)[];

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
    this.lastPoints = new Array<HistoryPoint | undefined>(this.count).fill(undefined);
  }

  /**
   * Reads sheet row `row`'s history into the table's next row ({@link rows}
   * before the call) and returns it; sets {@link value} and {@link finite}.
   * Each point's value is `parseCellValue`'s reading of its cell, as the row
   * engine's histories hold.
   *
   * Cost: O(periods), a point a cell (but for a repeat of the cell above).
   */
  read(grid: SheetGrid, row: number): HistoryPoint[] {
    const { count, width } = this;
    const values = this.table.values;
    const base = this.rows * width;
    this.rows++;
    this.finite = true;
    if (this.periods.length === 0) {
      const value = this.valueOf(grid, row);
      this.value = value;
      values[base] = this.numberOf(value);
      return [{ value }];
    }
    const history = new Array<HistoryPoint>(this.latest ? count + 1 : count);
    for (let i = 0; i < count; i++) {
      const column = this.periods[i]!.column;
      const raw = grid.value(row, column);
      // A blank is a new value each time parseCellValue reads it: here it is one value.
      const value = raw === null ? BLANK : parseCellValue(raw, grid.format(row, column));
      let point = this.lastPoints[i];
      if (point === undefined || point.value !== value) {
        point = { period: this.periods[i]!.period, value };
        this.lastPoints[i] = point;
      }
      history[i] = point;
      values[base + i] = this.numberOf(point.value);
    }
    if (this.latest) {
      const value = this.valueOf(grid, row);
      this.value = value;
      history[count] = { period: this.latestPeriod, value };
      values[base + count] = this.numberOf(value);
    } else {
      this.value = this.valueColumn === undefined ? BLANK : history[count - 1]!.value;
    }
    return history;
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

/** What `parseCellValue(null)` reads: one shared value, as every reading of it is equal. */
const BLANK: CellValue = Object.freeze(parseCellValue(null));
