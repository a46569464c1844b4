import { parseRange, type CellRange } from "../workbook/address";
import type {
  CellScalar,
  ListObjectSnapshot,
  SheetSnapshot,
  WorkbookSnapshot,
} from "../workbook/snapshot";
import { STATE_SHEET } from "../workbook/state";

/** Counts what a read or write cost, for the benchmark and the tests. */
export interface SyncCounter {
  syncs: number;
}

/** Excel on the web refuses a request or response over 5 MB; this error code says so. */
export function isPayloadTooLarge(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "RequestPayloadSizeLimitExceeded" || code === "PayloadTooLarge";
}

async function sync(context: Excel.RequestContext, counter: SyncCounter): Promise<void> {
  counter.syncs++;
  await context.sync();
}

interface SheetHandles {
  readonly sheet: Excel.Worksheet;
  readonly used: Excel.Range;
  readonly merged: Excel.RangeAreas | undefined;
}

function cellScalar(value: unknown, type: string | undefined): CellScalar {
  if (type === "Empty" || value === "" || value === undefined || value === null) return null;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string")
    return value;
  return String(value);
}

function snapshotOf(
  name: string,
  used: Excel.Range,
  merged: Excel.RangeAreas | undefined,
  tables: ListObjectSnapshot[]
): SheetSnapshot {
  if (used.isNullObject)
    return {
      name,
      origin: { row: 0, column: 0 },
      values: [],
      numberFormats: [],
      formulas: [],
      tables,
    };
  const values = used.values.map((row, i) =>
    row.map((v, j) => cellScalar(v, used.valueTypes[i]?.[j]))
  );
  const formulas = used.formulas.map((row) =>
    row.map((f) => (typeof f === "string" && f.startsWith("=") ? f : ""))
  );
  const mergedRanges: CellRange[] =
    merged && !merged.isNullObject
      ? merged.areas.items.flatMap((area) =>
          parseRange(area.address) ? [parseRange(area.address)!] : []
        )
      : [];
  return {
    name,
    origin: { row: used.rowIndex, column: used.columnIndex },
    values,
    numberFormats: used.numberFormat.map((row) => row.map((f) => String(f ?? "General"))),
    formulas,
    merged: mergedRanges,
    tables,
  };
}

export interface ReadOptions {
  /** Merged areas need ExcelApi 1.13; without it two-row banners are read cell by cell. */
  readonly mergedAreas: boolean;
  /** Largest block of cells asked for in one request once a whole-sheet read was refused as too large. */
  readonly chunkCells?: number;
}

/**
 * Reads every worksheet into a snapshot: sheet names, tables and the saved state
 * in the first sync; every sheet's used range (values, value types, number
 * formats, formulas), merged areas and table ranges in the second. Two syncs
 * whatever the number of rows and sheets. Only when Excel on the web refuses a
 * response over its 5 MB limit are the used ranges re-read in row blocks, one
 * sync per block.
 */
export async function readWorkbook(
  context: Excel.RequestContext,
  options: ReadOptions,
  counter: SyncCounter = { syncs: 0 }
): Promise<WorkbookSnapshot> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  const tables = context.workbook.tables;
  tables.load("items/name,items/showHeaders,items/worksheet/name");
  const stateSheet = worksheets.getItemOrNullObject(STATE_SHEET);
  stateSheet.load("isNullObject");
  await sync(context, counter);

  const stateValues = stateSheet.isNullObject ? undefined : stateSheet.getRange("A1:A200");
  stateValues?.load("values");
  const tableRanges = tables.items.map((table) => {
    const range = table.getRange();
    range.load("address");
    return { table, range };
  });
  const handles: SheetHandles[] = worksheets.items.map((sheet) => {
    const used = sheet.getUsedRangeOrNullObject();
    used.load(
      "isNullObject,address,rowIndex,columnIndex,rowCount,columnCount,values,valueTypes,numberFormat,formulas"
    );
    const merged = options.mergedAreas ? used.getMergedAreasOrNullObject() : undefined;
    merged?.load("isNullObject,areas/items/address");
    return { sheet, used, merged };
  });
  let chunked: Map<string, SheetSnapshot> | undefined;
  try {
    await sync(context, counter);
  } catch (error) {
    if (!isPayloadTooLarge(error)) throw error;
    chunked = await readInBlocks(context, worksheets.items, options, counter);
    stateValues?.load("values");
    for (const t of tableRanges) t.range.load("address");
    await sync(context, counter);
  }
  const tablesBySheet = new Map<string, ListObjectSnapshot[]>();
  for (const { table, range } of tableRanges) {
    const parsed = parseRange(range.address);
    if (!parsed) continue;
    const list = tablesBySheet.get(table.worksheet.name) ?? [];
    list.push({ name: table.name, range: parsed, showHeaders: table.showHeaders });
    tablesBySheet.set(table.worksheet.name, list);
  }
  const sheets = handles.map(
    ({ sheet, used, merged }) =>
      chunked?.get(sheet.name) ??
      snapshotOf(sheet.name, used, merged, tablesBySheet.get(sheet.name) ?? [])
  );
  for (const s of sheets)
    if (chunked?.has(s.name)) Object.assign(s, { tables: tablesBySheet.get(s.name) ?? [] });
  const state = stateValues
    ? stateValues.values.map((row) => (typeof row[0] === "string" ? row[0] : "")).join("")
    : undefined;
  return state === undefined ? { sheets } : { sheets, state };
}

/** The fallback for Excel on the web's payload limit: used-range addresses first, then row blocks. */
async function readInBlocks(
  context: Excel.RequestContext,
  sheets: readonly Excel.Worksheet[],
  options: ReadOptions,
  counter: SyncCounter
): Promise<Map<string, SheetSnapshot>> {
  const useds = sheets.map((sheet) => {
    const used = sheet.getUsedRangeOrNullObject();
    used.load("isNullObject,rowIndex,columnIndex,rowCount,columnCount");
    return { sheet, used };
  });
  await sync(context, counter);
  const chunkCells = options.chunkCells ?? 100_000;
  const result = new Map<string, SheetSnapshot>();
  for (const { sheet, used } of useds) {
    if (used.isNullObject) {
      result.set(sheet.name, {
        name: sheet.name,
        origin: { row: 0, column: 0 },
        values: [],
        numberFormats: [],
        formulas: [],
      });
      continue;
    }
    const rowsPerBlock = Math.max(1, Math.floor(chunkCells / Math.max(1, used.columnCount)));
    const values: CellScalar[][] = [];
    const numberFormats: string[][] = [];
    const formulas: string[][] = [];
    for (let start = 0; start < used.rowCount; start += rowsPerBlock) {
      const block = used
        .getCell(start, 0)
        .getResizedRange(Math.min(rowsPerBlock, used.rowCount - start) - 1, used.columnCount - 1);
      block.load("values,valueTypes,numberFormat,formulas");
      await sync(context, counter);
      block.values.forEach((row, i) =>
        values.push(row.map((v, j) => cellScalar(v, block.valueTypes[i]?.[j])))
      );
      block.numberFormat.forEach((row) =>
        numberFormats.push(row.map((f) => String(f ?? "General")))
      );
      block.formulas.forEach((row) =>
        formulas.push(row.map((f) => (typeof f === "string" && f.startsWith("=") ? f : "")))
      );
    }
    const merged = options.mergedAreas ? used.getMergedAreasOrNullObject() : undefined;
    merged?.load("isNullObject,areas/items/address");
    await sync(context, counter);
    result.set(sheet.name, {
      name: sheet.name,
      origin: { row: used.rowIndex, column: used.columnIndex },
      values,
      numberFormats,
      formulas,
      merged:
        merged && !merged.isNullObject
          ? merged.areas.items.flatMap((a) =>
              parseRange(a.address) ? [parseRange(a.address)!] : []
            )
          : [],
    });
  }
  return result;
}
