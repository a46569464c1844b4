import { cellAddress, parseRange, type CellRange } from "../../src/workbook/address";
import type {
  CellScalar,
  ListObjectSnapshot,
  SheetSnapshot,
  WorkbookSnapshot,
} from "../../src/workbook/snapshot";

/** A cell as a layout file writes it: text, a number (a date is its Excel serial), or blank. */
export type Cell = CellScalar;

export interface SheetOptions {
  /** Where `rows[0][0]` sits (the used range's top-left). Default `A1`. */
  readonly origin?: string;
  /** Number formats by cell or range: `{ D9: "0.0%", "F4:L4": "mmm-yy" }`. Others are General. */
  readonly formats?: Readonly<Record<string, string>>;
  /** Merged ranges: `["F3:K3"]`. */
  readonly merges?: readonly string[];
  /** Excel tables (ListObjects): `{ name: "KPIs", ref: "B4:G10" }`. */
  readonly tables?: readonly { name: string; ref: string; showHeaders?: boolean }[];
  /** Hidden rows, 1-based as Excel numbers them. */
  readonly hiddenRows?: readonly number[];
}

function range(address: string): CellRange {
  const parsed = parseRange(address);
  if (!parsed) throw new Error(`grid: "${address}" is not a cell or range address`);
  return parsed;
}

/**
 * A sheet snapshot from a readable 2-D array, the way the adapters would read
 * it: rows top to bottom from `origin` (default A1), ragged rows allowed,
 * `null` for blanks.
 *
 * @example sheet("Q3", [["PI code", "Value"], ["PH13", 82]], { formats: { B2: "0" } })
 */
export function sheet(
  name: string,
  rows: readonly (readonly Cell[])[],
  options: SheetOptions = {}
): SheetSnapshot {
  const origin = range(options.origin ?? "A1");
  const formatRanges = Object.entries(options.formats ?? {}).map(
    ([address, format]) => [range(address), format] as const
  );
  let height = rows.length;
  let width = Math.max(0, ...rows.map((row) => row.length));
  for (const [r] of formatRanges) {
    if (r.top < origin.top || r.left < origin.left)
      throw new Error(`grid: format range ${cellAddress(r.top, r.left)} is before the origin`);
    height = Math.max(height, r.bottom - origin.top + 1);
    width = Math.max(width, r.right - origin.left + 1);
  }
  const values: CellScalar[][] = [];
  const numberFormats: string[][] = [];
  for (let i = 0; i < height; i++) {
    values.push([...(rows[i] ?? [])]);
    const formats: string[] = [];
    for (let j = 0; j < width; j++) {
      const row = origin.top + i;
      const column = origin.left + j;
      const hit = formatRanges.find(
        ([r]) => r.top <= row && row <= r.bottom && r.left <= column && column <= r.right
      );
      formats.push(hit ? hit[1] : "General");
    }
    numberFormats.push(formats);
  }
  const tables: ListObjectSnapshot[] = (options.tables ?? []).map((t) => ({
    name: t.name,
    range: range(t.ref),
    showHeaders: t.showHeaders ?? true,
  }));
  return {
    name,
    origin: { row: origin.top, column: origin.left },
    values,
    numberFormats,
    merged: (options.merges ?? []).map(range),
    hiddenRows: (options.hiddenRows ?? []).map((r) => r - 1),
    tables,
  };
}

export function workbook(...sheets: SheetSnapshot[]): WorkbookSnapshot {
  return { sheets };
}

/**
 * The Excel serial of a date (what a cell typed as 1-Jun-2022 holds), for
 * headers shown through a date format such as `mmm-yy`.
 *
 * @example excelDate(2022, 6) // 44713
 */
export function excelDate(year: number, month: number, day = 1): number {
  return Date.UTC(year, month - 1, day) / 86400000 + 25569;
}

/** `n` blank cells, to pad a row to a column. */
export function blanks(n: number): null[] {
  return Array.from({ length: n }, () => null);
}
