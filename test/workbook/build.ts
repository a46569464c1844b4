import type { CellScalar, SheetSnapshot, WorkbookSnapshot } from "../../src/workbook/snapshot";
import { parseRange } from "../../src/workbook/address";
import type { SheetPlan } from "../../src/workbook/plan";

/** A sheet from rows of cells starting at A1; `formats` by address (`{ D2: "0.0%" }`). */
export function sheet(
  name: string,
  rows: CellScalar[][],
  formats: Record<string, string> = {},
  merged: string[] = []
): SheetSnapshot {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const numberFormats = rows.map(() => Array.from({ length: width }, () => "General"));
  for (const [address, format] of Object.entries(formats)) {
    const range = parseRange(address)!;
    for (let r = range.top; r <= Math.min(range.bottom, rows.length - 1); r++)
      for (let c = range.left; c <= range.right; c++) numberFormats[r]![c] = format;
  }
  return {
    name,
    origin: { row: 0, column: 0 },
    values: rows,
    numberFormats,
    merged: merged.map((m) => parseRange(m)!),
  };
}

export function workbook(...sheets: SheetSnapshot[]): WorkbookSnapshot {
  return { sheets };
}

/** Month labels `Jan-21` … for `count` months from `start` (months since 2000-01). */
export function months(count: number, startYear = 2021, startMonth = 0): string[] {
  const names = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
  ];
  return Array.from({ length: count }, (_, i) => {
    const m = startMonth + i;
    return `${names[m % 12]}-${String((startYear + Math.floor(m / 12)) % 100).padStart(2, "0")}`;
  });
}

/** A sheet's plan that does nothing but what `overrides` say (sheet "S" unless named). */
export function sheetPlan(overrides: Partial<SheetPlan>): SheetPlan {
  return {
    sheet: "S",
    removeNotes: [],
    removeNoteFingerprints: [],
    removeConditionalFormats: [],
    clearRanges: [],
    deleteColumns: [],
    insertColumns: [],
    writes: [],
    conditionalFormats: [],
    notes: [],
    blocks: [],
    ...overrides,
  };
}
