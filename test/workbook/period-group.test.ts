import { describe, expect, it } from "vitest";
import { parseCellValue, type HistoryPoint, type Period } from "../../src/engine";
import type { PeriodColumn } from "../../src/workbook/detect";
import { PeriodGroup } from "../../src/workbook/period-group";
import { SheetGrid, type CellScalar } from "../../src/workbook/snapshot";

/*
 * A period group reads each row's history as the row engine's histories were
 * read (each cell through parseCellValue, up to the value's column, or then the
 * value as the latest point) and the same numbers into its columnar table.
 */

const period = (index: number): Period => ({ granularity: "year", index, label: `Y${index}` });
// Columns 1, 2, 3 are periods Y1…Y3; column 4 is outside them.
const PERIODS: readonly PeriodColumn[] = [1, 2, 3].map((column) => ({
  column,
  period: period(column),
  header: `Y${column}`,
}));

const LONG_TEXT_NUMBER = `1${"0".repeat(400)}`;
const ROWS: readonly (readonly CellScalar[])[] = [
  ["A", 0.5, 0.5, null, 7],
  ["B", 0.5, null, "Redacted", 8],
  ["C", -0, null, "31.5%", "n/a"],
  ["D", 0.25, 0.25, 0.25, 0.25],
  ["E", true, LONG_TEXT_NUMBER, 3, 9],
];
const FORMATS = ROWS.map((cells) => cells.map((_, c) => (c === 2 ? "0.0%" : "General")));
const grid = new SheetGrid({
  name: "S",
  origin: { row: 0, column: 0 },
  values: ROWS,
  numberFormats: FORMATS,
});

/** The history as parsing each cell gives it. */
function expected(row: number, columns: readonly PeriodColumn[]): HistoryPoint[] {
  return columns.map((p) => ({
    period: p.period,
    value: parseCellValue(grid.value(row, p.column), grid.format(row, p.column)),
  }));
}

/** Reads every row, then makes each row's history (after all are read, as the rating does). */
function readAll(group: PeriodGroup): { history: HistoryPoint[]; finite: boolean }[] {
  const read = ROWS.map((_, row) => {
    group.read(grid, row);
    return { value: group.value, finite: group.finite };
  });
  return read.map(({ value, finite }, k) => {
    const history = group.history(k, value);
    // Each point on its own is the history's.
    history.forEach((point, i) => expect(group.pointAt(k, i, value)).toEqual(point));
    return { history, finite };
  });
}

describe("a period group", () => {
  it("reads every period column, then the value as the latest point, when the value is beyond them", () => {
    const group = new PeriodGroup(PERIODS, 4, ROWS.length);
    const latest: Period = { granularity: "year", index: 4, label: "latest" };
    expect(group.labels).toEqual([...PERIODS.map((p) => p.period), latest]);
    readAll(group).forEach(({ history, finite }, row) => {
      const value = parseCellValue(grid.value(row, 4), grid.format(row, 4));
      expect(history).toEqual([...expected(row, PERIODS), { period: latest, value }]);
      expect(finite).toBe(row !== 4);
      const numbers = Array.from(group.table.values.subarray(row * 4, row * 4 + 4));
      expect(numbers).toEqual(
        history.map((p) => (p.value.kind === "number" ? p.value.value : NaN))
      );
    });
    // -0 stays -0.
    expect(Object.is(group.table.values[2 * 4], -0)).toBe(true);
  });

  it("stops at the value's column when it is a period column, and takes the value from it", () => {
    const group = new PeriodGroup(PERIODS, 2, ROWS.length);
    expect(group.width).toBe(2);
    ROWS.forEach((_, row) => {
      group.read(grid, row);
      expect(group.history(row, group.value)).toEqual(expected(row, PERIODS.slice(0, 2)));
      expect(group.value).toEqual(parseCellValue(grid.value(row, 2), grid.format(row, 2)));
    });
  });

  it("reads the value alone without period columns, and a blank without a value column", () => {
    const alone = new PeriodGroup([], 4, ROWS.length);
    expect(alone.labels).toEqual([undefined]);
    ROWS.forEach((_, row) => {
      const value = parseCellValue(grid.value(row, 4), grid.format(row, 4));
      alone.read(grid, row);
      expect(alone.value).toEqual(value);
      expect(alone.history(row, alone.value)).toEqual([{ value }]);
    });
    const none = new PeriodGroup(PERIODS, undefined, ROWS.length);
    ROWS.forEach((_, row) => {
      none.read(grid, row);
      expect(none.history(row, none.value)).toEqual(expected(row, PERIODS));
      expect(none.value).toEqual(parseCellValue(null));
    });
  });

  it("makes a row's points from what it kept, whatever was read after it", () => {
    // A figure read under one format keeps its display when later rows read the same figure under another.
    const mixed = new SheetGrid({
      name: "M",
      origin: { row: 0, column: 0 },
      values: [
        ["A", 0.25, 0.5, "Suppressed"],
        ["B", 0.25, 0.5, 0.75],
      ],
      numberFormats: [
        ["General", "0%", "0.00", "General"],
        ["General", "General", "0.0%", "0"],
      ],
    });
    const group = new PeriodGroup(PERIODS, undefined, 2);
    group.read(mixed, 0);
    group.read(mixed, 1);
    [0, 1].forEach((row) =>
      expect(group.history(row, group.value)).toEqual(
        PERIODS.map((p) => ({
          period: p.period,
          value: parseCellValue(mixed.value(row, p.column), mixed.format(row, p.column)),
        }))
      )
    );
  });
});
