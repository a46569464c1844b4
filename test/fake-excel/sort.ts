/**
 * `Range.sort.apply`: reorders the rows (or columns) of a range by key columns (or rows), as Excel's Sort does. The
 * cells move whole: value, formula (relative references shift with the cell, as when it is copied), number format,
 * fill, font, and the notes and comments anchored to them. Nothing outside the range changes: defined names,
 * conditional formats, merged areas and formulas elsewhere that point into the range keep their addresses.
 */

import { cellKey, type Rect, rectsOverlap } from "./address";
import { FakeErrorCodes, FakeRichApiError, invalidArgument, notImplemented } from "./errors";
import { type CellScalar, isErrorValue } from "./format";
import type { FakeCell, FakeSheet } from "./model";
import { translateFormulaReferences } from "./structure";

export interface SortKey {
  /** Offset of the key column (orientation Rows) or row (Columns) from the range's first one. */
  key: number;
  ascending: boolean;
  textAsNumber: boolean;
}

export interface SortOptions {
  keys: SortKey[];
  matchCase: boolean;
  hasHeaders: boolean;
  orientation: "Rows" | "Columns";
}

const LOCATION = "RangeSort.apply";

/** Checks `apply`'s arguments as Excel does (InvalidArgument) and refuses what the fake does not model. */
export function parseSortArguments(
  rect: Rect,
  fields: unknown,
  matchCase: unknown,
  hasHeaders: unknown,
  orientation: unknown,
  method: unknown
): SortOptions {
  const bool = (value: unknown, what: string): boolean => {
    if (value === undefined || value === null) return false;
    if (typeof value !== "boolean")
      throw invalidArgument(what, LOCATION, `${String(value)} is not a boolean`);
    return value;
  };
  const sortOrientation = orientation ?? "Rows";
  if (sortOrientation !== "Rows" && sortOrientation !== "Columns")
    throw invalidArgument(
      "orientation",
      LOCATION,
      `${String(orientation)} is not "Rows" or "Columns"`
    );
  if (method !== undefined && method !== null && method !== "PinYin" && method !== "StrokeCount")
    throw invalidArgument("method", LOCATION, `${String(method)} is not "PinYin" or "StrokeCount"`);
  if (!Array.isArray(fields) || fields.length === 0)
    throw invalidArgument("fields", LOCATION, "give at least one sort field");
  // Excel's Sort dialog and its API take at most 64 levels.
  if (fields.length > 64) throw invalidArgument("fields", LOCATION, "at most 64 sort fields");
  const lines =
    sortOrientation === "Rows" ? rect.right - rect.left + 1 : rect.bottom - rect.top + 1;
  const keys = fields.map((field: unknown): SortKey => {
    if (!field || typeof field !== "object") throw invalidArgument("fields", LOCATION);
    const f = field as Record<string, unknown>;
    if (typeof f.key !== "number" || !Number.isInteger(f.key) || f.key < 0 || f.key >= lines) {
      throw invalidArgument(
        "key",
        LOCATION,
        `${String(f.key)} is not the offset of a ${sortOrientation === "Rows" ? "column" : "row"} of the range`
      );
    }
    const sortOn = f.sortOn ?? "Value";
    if (!["Value", "CellColor", "FontColor", "Icon"].includes(sortOn as string))
      throw invalidArgument("sortOn", LOCATION);
    if (sortOn !== "Value") throw notImplemented(`${LOCATION} with sortOn ${String(sortOn)}`);
    if (f.color !== undefined || f.icon !== undefined)
      throw notImplemented(`${LOCATION} with a color or icon sort field`);
    if (f.subField !== undefined) throw notImplemented(`${LOCATION} with a subField`);
    const dataOption = f.dataOption ?? "Normal";
    if (dataOption !== "Normal" && dataOption !== "TextAsNumber")
      throw invalidArgument("dataOption", LOCATION);
    return {
      key: f.key,
      ascending: f.ascending === undefined ? true : bool(f.ascending, "ascending"),
      textAsNumber: dataOption === "TextAsNumber",
    };
  });
  return {
    keys,
    matchCase: bool(matchCase, "matchCase"),
    hasHeaders: bool(hasHeaders, "hasHeaders"),
    orientation: sortOrientation,
  };
}

/** Excel's order of kinds in an ascending sort: numbers, text, logicals, errors; blanks are always last. */
type SortValue =
  | { kind: 0; n: number }
  | { kind: 1; s: string }
  | { kind: 2; b: boolean }
  | { kind: 3 }
  | { kind: 4 };

function sortValue(value: CellScalar | null | undefined, textAsNumber: boolean): SortValue {
  if (value === null || value === undefined) return { kind: 4 };
  if (typeof value === "number") return { kind: 0, n: value };
  if (typeof value === "boolean") return { kind: 2, b: value };
  if (isErrorValue(value)) return { kind: 3 };
  if (textAsNumber && value.trim() !== "" && Number.isFinite(Number(value)))
    return { kind: 0, n: Number(value) };
  return { kind: 1, s: value };
}

function textComparer(matchCase: boolean): (a: string, b: string) => number {
  // Case-insensitive unless matchCase, and then lower case first, as Excel. Excel ignores apostrophes and hyphens
  // (a string with a hyphen goes after the same string without one).
  const collator = new Intl.Collator("en-US", {
    sensitivity: matchCase ? "case" : "accent",
    caseFirst: "lower",
  });
  const strip = (s: string) => s.replace(/['-]/g, "");
  return (a, b) => {
    const d = collator.compare(strip(a), strip(b));
    if (d !== 0) return d;
    return (a.match(/-/g)?.length ?? 0) - (b.match(/-/g)?.length ?? 0);
  };
}

function compareSortValues(
  a: SortValue,
  b: SortValue,
  ascending: boolean,
  text: (a: string, b: string) => number
): number {
  if (a.kind === 4 || b.kind === 4) return (a.kind === 4 ? 1 : 0) - (b.kind === 4 ? 1 : 0);
  let d = a.kind - b.kind;
  if (d === 0) {
    if (a.kind === 0 && b.kind === 0) d = a.n - b.n;
    else if (a.kind === 1 && b.kind === 1) d = text(a.s, b.s);
    else if (a.kind === 2 && b.kind === 2) d = Number(a.b) - Number(b.b);
  }
  return ascending ? d : -d;
}

/** Sorts the range in place. Throws (changing nothing) where Excel refuses. */
export function sortRange(sheet: FakeSheet, rect: Rect, options: SortOptions): { order: number[] } {
  const rows = options.orientation === "Rows";
  const area: Rect = rows
    ? { ...rect, top: rect.top + (options.hasHeaders ? 1 : 0) }
    : { ...rect, left: rect.left + (options.hasHeaders ? 1 : 0) };
  const count = rows ? area.bottom - area.top + 1 : area.right - area.left + 1;
  if (count <= 1) return { order: count === 1 ? [0] : [] };
  if (sheet.merged.some((m) => rectsOverlap(m, area))) {
    // Excel: "To do this, all the merged cells need to be the same size." The fake refuses any merge in the way.
    throw new FakeRichApiError(
      FakeErrorCodes.invalidOperation,
      "The operation isn't valid for this object. (to sort, all the merged cells need to be the same size; the fake refuses any merged cells in the sorted area)",
      LOCATION
    );
  }
  for (const table of sheet.tables) {
    if (!rectsOverlap(table.rect, area)) continue;
    const body: Rect = {
      ...table.rect,
      top: table.rect.top + (table.showHeaders ? 1 : 0),
      bottom: table.rect.bottom - (table.showTotals ? 1 : 0),
    };
    const inside =
      area.top >= body.top &&
      area.bottom <= body.bottom &&
      area.left >= body.left &&
      area.right <= body.right;
    if (!inside)
      throw new FakeRichApiError(
        FakeErrorCodes.invalidOperation,
        `The operation isn't valid for this object. (the sorted area crosses the edge, header or totals of table ${table.name})`,
        LOCATION
      );
  }

  const at = (line: number, offset: number): FakeCell | undefined =>
    rows
      ? sheet.cells.get(cellKey(area.top + line, area.left + offset))
      : sheet.cells.get(cellKey(area.top + offset, area.left + line));
  const text = textComparer(options.matchCase);
  const keyValues = Array.from({ length: count }, (_, line) =>
    options.keys.map((k) => sortValue(at(line, k.key)?.value, k.textAsNumber))
  );
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((x, y) => {
    for (let i = 0; i < options.keys.length; i++) {
      const d = compareSortValues(
        keyValues[x]![i]!,
        keyValues[y]![i]!,
        options.keys[i]!.ascending,
        text
      );
      if (d !== 0) return d;
    }
    return x - y; // stable, as Excel
  });
  if (order.every((from, to) => from === to)) return { order };

  // The new line of each old line.
  const destination = new Array<number>(count);
  order.forEach((from, to) => (destination[from] = to));
  const width = rows ? area.right - area.left + 1 : area.bottom - area.top + 1;
  // Each stored cell of the area, by its line (row within the area for orientation Rows) and its offset along it.
  const cells: { cell: FakeCell; line: number; offset: number }[] = [];
  for (let line = 0; line < count; line++) {
    for (let offset = 0; offset < width; offset++) {
      const key = rows
        ? cellKey(area.top + line, area.left + offset)
        : cellKey(area.top + offset, area.left + line);
      const cell = sheet.cells.get(key);
      if (cell) {
        cells.push({ cell, line, offset });
        sheet.cells.delete(key);
      }
    }
  }
  for (const { cell, line, offset } of cells) {
    const to = destination[line]!;
    const shift = to - line;
    if (cell.formula)
      cell.formula = rows
        ? translateFormulaReferences(cell.formula, shift, 0)
        : translateFormulaReferences(cell.formula, 0, shift);
    sheet.cells.set(
      rows
        ? cellKey(area.top + to, area.left + offset)
        : cellKey(area.top + offset, area.left + to),
      cell
    );
  }
  const moveAnchored = <T extends { row: number; column: number }>(map: Map<number, T>) => {
    const out = new Map<number, T>();
    for (const item of map.values()) {
      const inside =
        item.row >= area.top &&
        item.row <= area.bottom &&
        item.column >= area.left &&
        item.column <= area.right;
      if (inside) {
        if (rows) item.row = area.top + destination[item.row - area.top]!;
        else item.column = area.left + destination[item.column - area.left]!;
      }
      out.set(cellKey(item.row, item.column), item);
    }
    return out;
  };
  sheet.notes = moveAnchored(sheet.notes);
  sheet.comments = moveAnchored(sheet.comments);
  return { order };
}
