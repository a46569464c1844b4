/**
 * Cell-level reads and writes on the model, shared by the Range proxy: grids of values/formulas/formats,
 * uniform format properties, used ranges and table header upkeep.
 */

import {
  cellAddress,
  cellKey,
  type Rect,
  rectCellCount,
  rectContainsCell,
  rectRows,
  rectColumns,
  intersectRects,
} from "./address";
import { FakeErrorCodes, FakeRichApiError, invalidArgument } from "./errors";
import { type CellScalar, formatCellText, parseInput, valueTypeOf } from "./format";
import type { FakeCell, FakeSheet } from "./model";
import type { SyncEnv } from "./client";

export function getCell(sheet: FakeSheet, row: number, column: number): FakeCell | undefined {
  return sheet.cells.get(cellKey(row, column));
}

export function ensureCell(sheet: FakeSheet, row: number, column: number): FakeCell {
  const key = cellKey(row, column);
  let cell = sheet.cells.get(key);
  if (!cell) {
    cell = { value: null };
    sheet.cells.set(key, cell);
  }
  return cell;
}

export function isBlankCell(cell: FakeCell): boolean {
  return (
    cell.value === null &&
    !cell.formula &&
    !cell.numberFormat &&
    !cell.fill &&
    !cell.fontColor &&
    !cell.bold
  );
}

export function pruneCell(sheet: FakeSheet, row: number, column: number): void {
  const key = cellKey(row, column);
  const cell = sheet.cells.get(key);
  if (cell && isBlankCell(cell)) sheet.cells.delete(key);
}

/** Visits the stored cells inside `rect` (cheap for a huge range: only rows and columns in use are walked). */
export function forEachStoredCell(
  sheet: FakeSheet,
  rect: Rect,
  fn: (cell: FakeCell, row: number, column: number, key: number) => void
): void {
  sheet.cells.forEachIn(rect, (cell, row, column) => fn(cell, row, column, cellKey(row, column)));
}

/** Builds the 2-D grid Excel returns for a cell property. */
export function readGrid<T>(
  sheet: FakeSheet,
  rect: Rect,
  read: (cell: FakeCell | undefined) => T
): T[][] {
  const out: T[][] = [];
  for (let r = rect.top; r <= rect.bottom; r++) {
    const cells = sheet.cells.row(r);
    const row: T[] = new Array<T>(rect.right - rect.left + 1);
    for (let c = rect.left; c <= rect.right; c++) row[c - rect.left] = read(cells?.[c]);
    out.push(row);
  }
  return out;
}

export const readValue = (cell: FakeCell | undefined): CellScalar => cell?.value ?? "";
export const readFormula = (cell: FakeCell | undefined): CellScalar =>
  cell?.formula ?? cell?.value ?? "";
export const readNumberFormat = (cell: FakeCell | undefined): string =>
  cell?.numberFormat ?? "General";
export const readText = (cell: FakeCell | undefined): string =>
  formatCellText(cell?.value, cell?.numberFormat);
export const readValueType = (cell: FakeCell | undefined): string => valueTypeOf(cell?.value);

/**
 * A uniform property over a range: the common value, or `null` when cells differ (as Excel reports mixed formats).
 * `read(undefined)` is the default for cells that do not exist.
 */
export function uniform<T>(
  sheet: FakeSheet,
  rect: Rect,
  read: (cell: FakeCell | undefined) => T
): T | null {
  let seen = 0;
  let first: { value: T } | undefined;
  let mixed = false;
  forEachStoredCell(sheet, rect, (cell) => {
    seen++;
    const value = read(cell);
    if (!first) first = { value };
    else if (first.value !== value) mixed = true;
  });
  if (seen < rectCellCount(rect)) {
    const value = read(undefined);
    if (!first) first = { value };
    else if (first.value !== value) mixed = true;
  }
  return mixed || !first ? null : first.value;
}

const MERGE_ANCHOR_ONLY = Symbol("merge");

function mergeAnchorCheck(
  sheet: FakeSheet,
  row: number,
  column: number
): typeof MERGE_ANCHOR_ONLY | undefined {
  for (const m of sheet.merged) {
    if (rectContainsCell(m, row, column) && (row !== m.top || column !== m.left))
      return MERGE_ANCHOR_ONLY;
  }
  return undefined;
}

export type GridKind = "values" | "formulas" | "numberFormat";

function validateElement(value: unknown, kind: GridKind, location: string): void {
  if (value === null) return;
  if (value === undefined) throw invalidArgument(kind, location, "undefined in the input array");
  if (kind === "numberFormat") {
    if (typeof value !== "string")
      throw invalidArgument(
        kind,
        location,
        `number format ${JSON.stringify(value)} is not a string`
      );
    return;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw invalidArgument(kind, location, `${value} is not a valid cell value`);
    return;
  }
  if (typeof value === "string") {
    if (value.length > 32767)
      throw invalidArgument(kind, location, "text longer than 32,767 characters");
    return;
  }
  if (typeof value !== "boolean")
    throw invalidArgument(
      kind,
      location,
      `${JSON.stringify(value) ?? String(value)} is not a valid cell value`
    );
}

/**
 * Writes `input` (a 2-D array matching the range, or a single value for every cell) into the sheet as Excel does.
 * `null` entries leave their cell unchanged; `""` clears; strings are parsed like typed input.
 */
export function writeGrid(
  env: SyncEnv,
  sheet: FakeSheet,
  rect: Rect,
  input: unknown,
  kind: GridKind,
  location: string
): { cells: number } {
  if (input === null || input === undefined)
    throw invalidArgument(kind, location, `${kind} cannot be set to ${String(input)}`);
  let at: (r: number, c: number) => unknown;
  if (Array.isArray(input)) {
    const rows = rectRows(rect);
    const columns = rectColumns(rect);
    const shapeOk =
      input.length === rows && input.every((row) => Array.isArray(row) && row.length === columns);
    if (!shapeOk) {
      const got = `${input.length}x${Array.isArray(input[0]) ? (input[0] as unknown[]).length : "?"}`;
      throw new FakeRichApiError(
        FakeErrorCodes.invalidArgument,
        `The number of rows or columns in the input array doesn't match the size or dimensions of the range. (range is ${rows}x${columns}, input is ${got})`,
        location
      );
    }
    for (const row of input as unknown[][])
      for (const value of row) validateElement(value, kind, location);
    at = (r, c) => (input as unknown[][])[r - rect.top]![c - rect.left];
  } else {
    validateElement(input, kind, location);
    at = () => input;
  }

  let written = 0;
  const visit = (r: number, c: number) => {
    const raw = at(r, c);
    if (raw === null) return;
    if (mergeAnchorCheck(sheet, r, c)) return; // Excel keeps only the top-left cell of a merged area
    written++;
    if (kind === "numberFormat") {
      const format = raw as string;
      const cell = ensureCell(sheet, r, c);
      if (format === "" || format === "General") delete cell.numberFormat;
      else cell.numberFormat = format;
      pruneCell(sheet, r, c);
      return;
    }
    const cell = ensureCell(sheet, r, c);
    const text = raw as CellScalar;
    const parsed =
      kind === "formulas" && typeof text === "string" && text.startsWith("=") && text.length > 1
        ? { value: null, formula: text }
        : parseInput(text, cell.numberFormat);
    if (parsed.formula !== undefined) {
      const evaluated = env.host.options.evaluateFormula?.(parsed.formula, {
        sheet: sheet.name,
        address: cellAddress(r, c),
      });
      cell.formula = parsed.formula;
      cell.value =
        evaluated !== undefined
          ? evaluated
          : "value" in parsed && parsed.value !== null
            ? parsed.value
            : cell.value;
    } else {
      delete cell.formula;
      cell.value = parsed.value;
    }
    if ("impliedFormat" in parsed && parsed.impliedFormat && !cell.numberFormat)
      cell.numberFormat = parsed.impliedFormat;
    pruneCell(sheet, r, c);
  };

  const broadcastClear = !Array.isArray(input) && input === "" && kind !== "numberFormat";
  if (
    broadcastClear ||
    (!Array.isArray(input) && rectCellCount(rect) > env.host.limits.maxCellsPerFormatWrite)
  ) {
    if (!broadcastClear) {
      throw new FakeRichApiError(
        FakeErrorCodes.notImplemented,
        `not implemented in fake: writing one value to ${rectCellCount(rect)} cells`,
        location
      );
    }
    forEachStoredCell(sheet, rect, (_cell, r, c) => visit(r, c));
  } else {
    for (let r = rect.top; r <= rect.bottom; r++)
      for (let c = rect.left; c <= rect.right; c++) visit(r, c);
  }
  syncTableHeaders(sheet, rect);
  return { cells: written };
}

/** Table header cells always hold the column names: blanks become "ColumnN", duplicates get a suffix. */
export function syncTableHeaders(sheet: FakeSheet, touched?: Rect): void {
  for (const table of sheet.tables) {
    if (!table.showHeaders) continue;
    const header: Rect = {
      top: table.rect.top,
      bottom: table.rect.top,
      left: table.rect.left,
      right: table.rect.right,
    };
    if (touched && !intersectRects(header, touched)) continue;
    const names: string[] = [];
    for (let c = header.left; c <= header.right; c++) {
      const cell = ensureCell(sheet, header.top, c);
      let name =
        cell.value === null || cell.value === ""
          ? ""
          : formatCellText(cell.value, cell.numberFormat);
      if (name === "") {
        let n = 1;
        while (
          names.includes(`Column${n}`) ||
          table.columnNames.some((x, i) => i !== c - header.left && x === `Column${n}`)
        )
          n++;
        name = `Column${n}`;
      }
      let unique = name;
      let suffix = 2;
      while (names.some((x) => x.toLowerCase() === unique.toLowerCase()))
        unique = `${name}${suffix++}`;
      names.push(unique);
      cell.value = unique;
      delete cell.formula;
    }
    table.columnNames = names;
  }
}

/** The smallest rectangle holding every cell with a value (or, unless valuesOnly, formatting). */
export function usedRect(sheet: FakeSheet, valuesOnly: boolean, within?: Rect): Rect | undefined {
  let box: Rect | undefined;
  sheet.cells.forEach((cell, row, column) => {
    const used =
      cell.value !== null || cell.formula !== undefined || (!valuesOnly && !isBlankCell(cell));
    if (!used) return;
    if (within && !rectContainsCell(within, row, column)) return;
    if (!box) box = { top: row, left: column, bottom: row, right: column };
    else {
      box.top = Math.min(box.top, row);
      box.left = Math.min(box.left, column);
      box.bottom = Math.max(box.bottom, row);
      box.right = Math.max(box.right, column);
    }
  });
  return box;
}

const NAMED_COLORS: Record<string, string> = {
  black: "#000000",
  white: "#FFFFFF",
  red: "#FF0000",
  green: "#008000",
  lime: "#00FF00",
  blue: "#0000FF",
  yellow: "#FFFF00",
  orange: "#FFA500",
  amber: "#FFBF00",
  gray: "#808080",
  grey: "#808080",
  silver: "#C0C0C0",
  purple: "#800080",
  pink: "#FFC0CB",
  brown: "#A52A2A",
  cyan: "#00FFFF",
  magenta: "#FF00FF",
  navy: "#000080",
  teal: "#008080",
  maroon: "#800000",
  olive: "#808000",
  lightgreen: "#90EE90",
  darkgreen: "#006400",
  lightgray: "#D3D3D3",
  lightgrey: "#D3D3D3",
};

/** `#RRGGBB` (upper case) for an HTML colour code or name; `""` means "reset". Throws InvalidArgument otherwise. */
export function normaliseColor(value: unknown, location: string): string {
  if (value === "") return "";
  if (typeof value !== "string")
    throw invalidArgument("color", location, `${JSON.stringify(value)} is not a colour`);
  if (/^#[0-9a-f]{6}$/i.test(value)) return value.toUpperCase();
  if (/^#[0-9a-f]{3}$/i.test(value))
    return `#${[...value.slice(1)].map((d) => d + d).join("")}`.toUpperCase();
  const named = NAMED_COLORS[value.toLowerCase()];
  if (named) return named;
  throw invalidArgument(
    "color",
    location,
    `${JSON.stringify(value)} is not an HTML colour code or known colour name`
  );
}

export function checkFormatWrite(env: SyncEnv, rect: Rect, location: string): void {
  if (rectCellCount(rect) > env.host.limits.maxCellsPerFormatWrite) {
    throw new FakeRichApiError(
      FakeErrorCodes.notImplemented,
      `not implemented in fake: formatting ${rectCellCount(rect)} cells at once (whole rows/columns); format a smaller range`,
      location
    );
  }
}

export function forEachAddress(rect: Rect, fn: (row: number, column: number) => void): void {
  for (let r = rect.top; r <= rect.bottom; r++)
    for (let c = rect.left; c <= rect.right; c++) fn(r, c);
}
