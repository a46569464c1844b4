/**
 * A sheet's cells, keyed by `cellKey(row, column)` with the subset of the `Map` interface the fake uses, stored as
 * rows of cells. A district scorecard of 50,000 rows and 13 tabs is some 20 million cells: a `Map` entry per cell
 * made the fake too slow and too big to benchmark that; arrays of rows are several times smaller and faster to read.
 */

import { MAX_COLUMNS } from "./address";
import type { FakeCell } from "./model";

export class CellStore implements Iterable<[number, FakeCell]> {
  private rows: (FakeCell | undefined)[][] = [];
  private count = 0;

  constructor(entries?: Iterable<readonly [number, FakeCell]>) {
    for (const [key, cell] of entries ?? []) this.set(key, cell);
  }

  get size(): number {
    return this.count;
  }

  /** The cells of one row by column (holes where there is none); do not modify. */
  row(row: number): readonly (FakeCell | undefined)[] | undefined {
    return this.rows[row];
  }

  get(key: number): FakeCell | undefined {
    const column = key % MAX_COLUMNS;
    return this.rows[(key - column) / MAX_COLUMNS]?.[column];
  }

  has(key: number): boolean {
    return this.get(key) !== undefined;
  }

  set(key: number, cell: FakeCell): this {
    const column = key % MAX_COLUMNS;
    const row = (key - column) / MAX_COLUMNS;
    let cells = this.rows[row];
    if (!cells) this.rows[row] = cells = [];
    if (cells[column] === undefined) this.count++;
    cells[column] = cell;
    return this;
  }

  delete(key: number): boolean {
    const column = key % MAX_COLUMNS;
    const cells = this.rows[(key - column) / MAX_COLUMNS];
    if (!cells || cells[column] === undefined) return false;
    cells[column] = undefined;
    this.count--;
    return true;
  }

  /** Visits every cell row by row, left to right, without allocating. `fn` may delete the cell it is given. */
  forEach(fn: (cell: FakeCell, row: number, column: number) => void): void {
    this.rows.forEach((cells, row) => {
      for (let column = 0; column < cells.length; column++) {
        const cell = cells[column];
        if (cell !== undefined) fn(cell, row, column);
      }
    });
  }

  /**
   * Visits the cells inside the rectangle (0-based, inclusive), row by row. Walks only rows and columns that can
   * hold cells, so a whole-column rectangle costs the rows in use, not a million. `fn` may delete or add cells.
   */
  forEachIn(
    rect: { top: number; left: number; bottom: number; right: number },
    fn: (cell: FakeCell, row: number, column: number) => void
  ): void {
    const bottom = Math.min(rect.bottom, this.rows.length - 1);
    for (let row = rect.top; row <= bottom; row++) {
      const cells = this.rows[row];
      if (!cells) continue;
      const right = Math.min(rect.right, cells.length - 1);
      for (let column = rect.left; column <= right; column++) {
        const cell = cells[column];
        if (cell !== undefined) fn(cell, row, column);
      }
    }
  }

  /** Row by row, left to right; a copy, so the store may change while it is walked. */
  entries(): IterableIterator<[number, FakeCell]> {
    const out: [number, FakeCell][] = [];
    this.forEach((cell, row, column) => out.push([row * MAX_COLUMNS + column, cell]));
    return out[Symbol.iterator]();
  }

  values(): IterableIterator<FakeCell> {
    const out: FakeCell[] = [];
    this.forEach((cell) => out.push(cell));
    return out[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[number, FakeCell]> {
    return this.entries();
  }

  /** A deep copy: the cells are copied too. */
  clone(): CellStore {
    const copy = new CellStore();
    copy.rows = this.rows.map((cells) => cells.map((cell) => (cell ? { ...cell } : undefined)));
    copy.count = this.count;
    return copy;
  }
}
