import { parseRange, rangeAddress, type CellRange } from "../workbook/address";
import type {
  CellScalar,
  ListObjectSnapshot,
  SheetSnapshot,
  WorkbookSnapshot,
} from "../workbook/snapshot";
import { STATE_SHEET } from "../workbook/state";
import { isOwnFormatLook } from "../workbook/own-format";
import { isOwnedName, parseNameReference, type DefinedNameSnapshot } from "../workbook/ownership";
import { jsonBytes } from "./bytes";

/** Counts what a read or write cost, for the benchmark and the tests. */
export interface SyncCounter {
  syncs: number;
}

/**
 * Excel on the web refuses a request or a response over 5 MB with one of these
 * codes (`PayloadTooLarge` is what older builds said).
 */
export function isPayloadTooLarge(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return (
    code === "RequestPayloadSizeLimitExceeded" ||
    code === "ResponsePayloadSizeLimitExceeded" ||
    code === "PayloadTooLarge"
  );
}

async function sync(context: Excel.RequestContext, counter: SyncCounter): Promise<void> {
  counter.syncs++;
  await context.sync();
}

/** One of the add-in's own conditional formats, found by its id. */
export interface OwnFormat {
  /** Where to ask for it: the owned block it sits in. */
  readonly address: string;
  readonly id: string;
}

/** A workbook snapshot plus what only the Office host can tell. */
export interface OfficeSnapshot extends WorkbookSnapshot {
  readonly names: readonly DefinedNameSnapshot[];
  /** Sheets with protection on: any write to them fails, so the adapter refuses before writing. */
  readonly protectedSheets: readonly string[];
  /**
   * The add-in's own rules on its owned blocks, by sheet: removed one by one, so a user's rule that also covers
   * those cells is left whole (`conditionalFormats.clearAll()` would cut a hole in it).
   */
  readonly ownFormats: ReadonlyMap<string, readonly OwnFormat[]>;
}

export interface ReadOptions {
  /** Merged areas need ExcelApi 1.13; without it two-row banners are read cell by cell. */
  readonly mergedAreas: boolean;
  /** Notes need ExcelApi 1.18; without it only threaded comments (ExcelApi 1.10) mark cells as annotated. */
  readonly notes?: boolean;
  /**
   * Cells asked for in the first request of a block read, once reading every sheet at once was refused as too
   * large; later requests are sized from what came back (default 100,000).
   */
  readonly chunkCells?: number;
}

/*
 * The grids Office.js hands back are converted in place: they are plain arrays
 * the add-in alone holds, and a 13-tab workbook of 50,000 rows is some 20
 * million cells a grid, too many to copy.
 */

/** Rows of values as the workbook layer wants them: empty cells (Excel gives `""`) as null. */
function scalarRows(values: unknown[][]): CellScalar[][] {
  for (const row of values)
    for (let j = 0; j < row.length; j++) {
      const v = row[j];
      if (v === "" || v === undefined) row[j] = null;
      else if (
        typeof v !== "number" &&
        typeof v !== "boolean" &&
        typeof v !== "string" &&
        v !== null
      )
        row[j] = String(v);
    }
  return values as CellScalar[][];
}

/** `Range.formulas` gives a constant cell's value; only `=…` text is a formula. */
function formulaRows(formulas: unknown[][]): string[][] {
  for (const row of formulas)
    for (let j = 0; j < row.length; j++) {
      const f = row[j];
      if (typeof f !== "string" || !f.startsWith("=")) row[j] = "";
    }
  return formulas as string[][];
}

function formatRows(formats: unknown[][]): string[][] {
  for (const row of formats)
    for (let j = 0; j < row.length; j++) {
      const f = row[j];
      if (typeof f !== "string" || !f) row[j] = "General";
    }
  return formats as string[][];
}

function mergedRanges(merged: Excel.RangeAreas | undefined): CellRange[] {
  if (!merged || merged.isNullObject) return [];
  return merged.areas.items.flatMap((area) => {
    const range = parseRange(area.address);
    return range ? [range] : [];
  });
}

/** `'People Q2'!D9` → sheet `People Q2`, cell `D9`. */
function splitAddress(address: string): { sheet: string; cell: string } | undefined {
  const bang = address.lastIndexOf("!");
  const range = parseRange(address);
  if (bang < 0 || !range) return undefined;
  const quoted = address.slice(0, bang);
  const sheet = /^'.*'$/.test(quoted) ? quoted.slice(1, -1).replace(/''/g, "'") : quoted;
  return { sheet, cell: rangeAddress({ ...range, bottom: range.top, right: range.left }) };
}

interface SheetRead {
  readonly sheet: Excel.Worksheet;
  readonly used: Excel.Range;
  readonly merged: Excel.RangeAreas | undefined;
}

/** What the second sync reads besides the cells; queued again after a refused read. */
interface Extras {
  readonly tables: { table: Excel.Table; range: Excel.Range }[];
  readonly annotations: Excel.Range[];
  readonly formats: { sheet: string; address: string; items: Excel.ConditionalFormatCollection }[];
}

/** The owned blocks' rows below their header, where the add-in's rules sit, from the names that locate them. */
function ownedFormatRanges(
  names: readonly DefinedNameSnapshot[]
): { sheet: string; address: string }[] {
  return names.flatMap(({ formula }) => {
    const at = parseNameReference(formula);
    if (!at || at.range.bottom <= at.range.top) return [];
    return [{ sheet: at.sheet, address: rangeAddress({ ...at.range, top: at.range.top + 1 }) }];
  });
}

/** The add-in's names (`ScorecardRAG_…`) among the workbook's. */
function ownedNames(names: Excel.NamedItemCollection): DefinedNameSnapshot[] {
  return names.items
    .filter((item) => isOwnedName(item.name))
    .map((item) => ({
      name: item.name,
      formula: typeof item.formula === "string" ? item.formula : "",
    }));
}

function queueExtras(
  worksheets: Excel.WorksheetCollection,
  names: readonly DefinedNameSnapshot[],
  tables: Excel.TableCollection,
  notes: Excel.NoteCollection | undefined,
  comments: Excel.CommentCollection
): Extras {
  const tableRanges = tables.items.map((table) => {
    const range = table.getRange();
    range.load("address");
    return { table, range };
  });
  const annotations = [...(notes?.items ?? []), ...comments.items].map((item) => {
    const location = item.getLocation();
    location.load("address");
    return location;
  });
  const sheetNames = new Set(worksheets.items.map((sheet) => sheet.name));
  const formats = ownedFormatRanges(names)
    .filter(({ sheet }) => sheetNames.has(sheet))
    .map(({ sheet, address }) => {
      const items = worksheets.getItem(sheet).getRange(address).conditionalFormats;
      items.load(
        "items/id,items/type,items/textComparisonOrNullObject/rule," +
          "items/textComparisonOrNullObject/format/fill/color," +
          "items/textComparisonOrNullObject/format/font/color"
      );
      return { sheet, address, items };
    });
  return { tables: tableRanges, annotations, formats };
}

function isOwnFormat(format: Excel.ConditionalFormat): boolean {
  if (format.type !== Excel.ConditionalFormatType.containsText) return false;
  const text = format.textComparisonOrNullObject;
  if (text.isNullObject) return false;
  return isOwnFormatLook({
    beginsWith:
      text.rule.operator === Excel.ConditionalTextOperator.beginsWith ? text.rule.text : undefined,
    fill: text.format.fill.color,
    font: text.format.font.color,
  });
}

function queueSheet(sheet: Excel.Worksheet, options: ReadOptions, cells: boolean): SheetRead {
  const used = sheet.getUsedRangeOrNullObject();
  used.load(
    cells
      ? "address,rowIndex,columnIndex,rowCount,columnCount,values,numberFormat,formulas"
      : "address,rowIndex,columnIndex,rowCount,columnCount"
  );
  const merged = options.mergedAreas ? used.getMergedAreasOrNullObject() : undefined;
  merged?.load("areas/items/address");
  return { sheet, used, merged };
}

/**
 * Reads every worksheet into a snapshot. First sync: sheet names and
 * protection, tables, the saved state, the add-in's workbook names, and the
 * workbook's notes (with their text) and comments. Second sync: every sheet's
 * used range (values, number formats, formulas), merged areas, table ranges,
 * where each note and comment sits, and the conditional formats on the cells
 * the add-in's names cover. Two syncs
 * whatever the number of rows and sheets. Only when Excel on the web refuses a
 * response over its 5 MB limit are the cells read again in row blocks, as many
 * blocks to a sync as fit.
 *
 * Hidden rows and columns are not read: the workbook layer does not use them,
 * and Office.js has no way to read them for a whole sheet at once.
 */
export async function readWorkbook(
  context: Excel.RequestContext,
  options: ReadOptions,
  counter: SyncCounter = { syncs: 0 }
): Promise<OfficeSnapshot> {
  const workbook = context.workbook;
  const worksheets = workbook.worksheets;
  worksheets.load("items/name,items/protection/protected");
  const tables = workbook.tables;
  tables.load("items/name,items/showHeaders,items/worksheet/name");
  // A missing state sheet makes its used range a null object too: no error, and nothing read.
  const stateSheet = worksheets.getItemOrNullObject(STATE_SHEET);
  const stateCells = stateSheet.getUsedRangeOrNullObject(true);
  stateCells.load("columnIndex,values");
  const notes = options.notes ? workbook.notes : undefined;
  // The text tells the add-in's own notes from the user's, wherever they have moved.
  notes?.load("items/content");
  const definedNames = workbook.names;
  definedNames.load("items/name,items/formula");
  const comments = workbook.comments;
  comments.load("items/id");
  await sync(context, counter);

  const state = stateSheet.isNullObject ? undefined : stateText(stateCells);
  const names = ownedNames(definedNames);
  let extras = queueExtras(worksheets, names, tables, notes, comments);
  let reads = worksheets.items.map((sheet) => queueSheet(sheet, options, true));
  let blocks: Map<Excel.Worksheet, CellBlocks> | undefined;
  try {
    await sync(context, counter);
  } catch (error) {
    if (!isPayloadTooLarge(error)) throw error;
    // Nothing of the refused sync was delivered: ask for everything but the cells again, then the cells in blocks.
    extras = queueExtras(worksheets, names, tables, notes, comments);
    reads = worksheets.items.map((sheet) => queueSheet(sheet, options, false));
    await sync(context, counter);
    blocks = await readInBlocks(context, reads, options.chunkCells ?? 100_000, counter);
  }

  const tablesBySheet = new Map<string, ListObjectSnapshot[]>();
  for (const { table, range } of extras.tables) {
    const parsed = parseRange(range.address);
    if (!parsed) continue;
    const list = tablesBySheet.get(table.worksheet.name) ?? [];
    list.push({ name: table.name, range: parsed, showHeaders: table.showHeaders });
    tablesBySheet.set(table.worksheet.name, list);
  }
  const notedBySheet = new Map<string, Set<string>>();
  const notesBySheet = new Map<string, { cell: string; text: string }[]>();
  const noteCount = notes?.items.length ?? 0;
  extras.annotations.forEach((location, i) => {
    const at = splitAddress(location.address);
    if (!at) return;
    const set = notedBySheet.get(at.sheet) ?? new Set<string>();
    set.add(at.cell);
    notedBySheet.set(at.sheet, set);
    if (i < noteCount) {
      const list = notesBySheet.get(at.sheet) ?? [];
      list.push({ cell: at.cell, text: notes!.items[i]!.content });
      notesBySheet.set(at.sheet, list);
    }
  });

  const sheets: SheetSnapshot[] = reads.map(({ sheet, used, merged }) => {
    const common = {
      name: sheet.name,
      merged: mergedRanges(merged),
      tables: tablesBySheet.get(sheet.name) ?? [],
      notedCells: [...(notedBySheet.get(sheet.name) ?? [])],
      notes: notesBySheet.get(sheet.name) ?? [],
    };
    if (used.isNullObject)
      return {
        ...common,
        origin: { row: 0, column: 0 },
        values: [],
        numberFormats: [],
        formulas: [],
      };
    const cells = blocks?.get(sheet) ?? {
      values: scalarRows(used.values),
      numberFormats: formatRows(used.numberFormat),
      formulas: formulaRows(used.formulas),
    };
    return { ...common, origin: { row: used.rowIndex, column: used.columnIndex }, ...cells };
  });
  const protectedSheets = worksheets.items
    .filter((sheet) => sheet.protection.protected)
    .map((sheet) => sheet.name);
  const ownFormats = new Map<string, OwnFormat[]>();
  for (const { sheet, address, items } of extras.formats) {
    const list = ownFormats.get(sheet) ?? [];
    for (const format of items.items)
      if (isOwnFormat(format) && !list.some((f) => f.id === format.id))
        list.push({ address, id: format.id });
    ownFormats.set(sheet, list);
  }
  const snapshot = { sheets, protectedSheets, ownFormats, names };
  return state === undefined ? snapshot : { ...snapshot, state };
}

/**
 * The state text: column A of the state sheet's used range, top to bottom (as
 * many cells as the state needs, each at most 30,000 characters); empty when
 * the sheet is.
 */
function stateText(used: Excel.Range): string {
  if (used.isNullObject || used.columnIndex !== 0) return "";
  return used.values.map((row) => (typeof row[0] === "string" ? row[0] : "")).join("");
}

/**
 * Only the add-in's saved state, without the cells of every sheet: for saving
 * a setting or reading the settings back. One sync.
 */
export async function readState(
  context: Excel.RequestContext,
  counter: SyncCounter = { syncs: 0 }
): Promise<string | undefined> {
  const stateSheet = context.workbook.worksheets.getItemOrNullObject(STATE_SHEET);
  const used = stateSheet.getUsedRangeOrNullObject(true);
  used.load("columnIndex,values");
  await sync(context, counter);
  return stateSheet.isNullObject ? undefined : stateText(used);
}

interface CellBlocks {
  values: CellScalar[][];
  numberFormats: string[][];
  formulas: string[][];
}

interface Block {
  readonly read: SheetRead;
  readonly start: number;
  readonly rows: number;
}

/** What a block read aims for per response: below Excel on the web's 5 MB, with room for estimate error. */
const RESPONSE_TARGET_BYTES = 4 * 1024 * 1024;

/** About what a block's response weighed, from up to 200 of its rows (measuring every row costs as much as a copy). */
function sampledResponseBytes(range: Excel.Range): number {
  const rows = range.values.length;
  const step = Math.max(1, Math.floor(rows / 200));
  let bytes = 0;
  for (let r = 0; r < rows; r += step)
    bytes +=
      jsonBytes(range.values[r]) + jsonBytes(range.numberFormat[r]) + jsonBytes(range.formulas[r]);
  return (bytes * rows) / Math.ceil(rows / step);
}

/**
 * The fallback for Excel on the web's payload limit: the used ranges' cells in
 * row blocks, packed into syncs. The first sync asks for `chunkCells` cells;
 * later ones are sized from the bytes per cell seen so far to come near 4 MB.
 * A sync that is still refused is retried with half as many cells (a lone
 * block is split in two), and never asks for more again, so a sheet of long
 * text gets there too.
 */
async function readInBlocks(
  context: Excel.RequestContext,
  reads: readonly SheetRead[],
  chunkCells: number,
  counter: SyncCounter
): Promise<Map<Excel.Worksheet, CellBlocks>> {
  const result = new Map<Excel.Worksheet, CellBlocks>();
  const pending: Block[] = [];
  // Small blocks, so that a sync can be packed close to its budget.
  const blockCells = Math.max(1, Math.floor(chunkCells / 4));
  for (const read of reads) {
    if (read.used.isNullObject) continue;
    result.set(read.sheet, { values: [], numberFormats: [], formulas: [] });
    const rowsPerBlock = Math.max(1, Math.floor(blockCells / Math.max(1, read.used.columnCount)));
    for (let start = 0; start < read.used.rowCount; start += rowsPerBlock)
      pending.push({ read, start, rows: Math.min(rowsPerBlock, read.used.rowCount - start) });
  }
  let budget = chunkCells;
  let ceiling = Number.POSITIVE_INFINITY;
  while (pending.length > 0) {
    const batch: Block[] = [];
    let cells = 0;
    while (pending.length > 0) {
      const next = pending[0]!;
      const size = next.rows * next.read.used.columnCount;
      if (batch.length > 0 && cells + size > budget) break;
      batch.push(pending.shift()!);
      cells += size;
    }
    const ranges = batch.map(({ read, start, rows }) => {
      const range = read.sheet.getRangeByIndexes(
        read.used.rowIndex + start,
        read.used.columnIndex,
        rows,
        read.used.columnCount
      );
      range.load("values,numberFormat,formulas");
      return range;
    });
    try {
      await sync(context, counter);
    } catch (error) {
      const lone = batch.length === 1 ? batch[0]! : undefined;
      if (!isPayloadTooLarge(error) || (lone && lone.rows === 1)) throw error;
      if (lone) {
        const half = Math.ceil(lone.rows / 2);
        pending.unshift(
          { read: lone.read, start: lone.start, rows: half },
          { read: lone.read, start: lone.start + half, rows: lone.rows - half }
        );
      } else pending.unshift(...batch);
      ceiling = Math.max(1, Math.floor(cells / 2));
      budget = ceiling;
      continue;
    }
    const bytes = ranges.reduce((n, range) => n + sampledResponseBytes(range), 0);
    budget = Math.min(
      ceiling,
      Math.max(1, Math.floor((RESPONSE_TARGET_BYTES * cells) / Math.max(1, bytes)))
    );
    // Blocks of a sheet are queued in row order and never reordered, so appending keeps the rows in place.
    batch.forEach(({ read }, i) => {
      const range = ranges[i]!;
      const target = result.get(read.sheet)!;
      for (const row of scalarRows(range.values)) target.values.push(row);
      for (const row of formatRows(range.numberFormat)) target.numberFormats.push(row);
      for (const row of formulaRows(range.formulas)) target.formulas.push(row);
    });
  }
  return result;
}
