import { displayTrend } from "../engine/trends";
import { STATUSES } from "../engine/status";
import { ASSURANCE_TEXT, VARIATION_TEXT } from "../engine/stats/mdc";
import { cellAddress, columnIndex, qualified, rangeAddress, type CellRange } from "./address";
import { fingerprint, FINGERPRINT_LENGTH, isBlank } from "./fingerprint";
import type { DefinedNameSnapshot, SheetGrid } from "./snapshot";
import type { BlockRecord, LegacyBlock, StoredState } from "./state";

/**
 * Every workbook name the add-in makes starts with this: `ScorecardRAG_1`,
 * `ScorecardRAG_2`… Each is a hidden, workbook-scoped name over one owned
 * block (its header row and the cells below), so that Excel itself moves it
 * when the user inserts or deletes rows and columns or renames the sheet.
 */
export const OWNED_NAME_PREFIX = "ScorecardRAG_";

/** Defined in ./snapshot (what the hosts read); re-exported for the adapters that read names. */
export type { DefinedNameSnapshot };

/** A name the add-in keeps: where the block it names is. */
export interface OwnedName {
  readonly name: string;
  readonly sheet: string;
  readonly range: CellRange;
}

/** A message about ownership, for the run's warnings. */
export interface OwnershipMessage {
  readonly severity: "warning" | "info";
  readonly sheet: string;
  readonly cell?: string;
  readonly message: string;
}

/** Whether a workbook name is one the add-in makes. */
export function isOwnedName(name: string): boolean {
  return name.startsWith(OWNED_NAME_PREFIX) && /^\d+$/.test(name.slice(OWNED_NAME_PREFIX.length));
}

/** The name's number: `ScorecardRAG_12` → 12. */
function nameNumber(name: string): number {
  return Number(name.slice(OWNED_NAME_PREFIX.length)) || 0;
}

/** The name the add-in gives its `n`-th block. */
export function ownedNameFor(n: number): string {
  return `${OWNED_NAME_PREFIX}${n}`;
}

/** The reference a name is given: `'Tunbridge Wells'!$AL$4:$AO$40`. */
export function nameReference(sheet: string, range: CellRange): string {
  const abs = (row: number, column: number): string => {
    const address = rangeAddress({ top: row, left: column, bottom: row, right: column });
    return address.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2");
  };
  return qualified(sheet, `${abs(range.top, range.left)}:${abs(range.bottom, range.right)}`);
}

/**
 * Reads a name's reference: one sheet, one rectangle (`='Kent'!$AL$4:$AO$40`,
 * `Kent!AL4`), or `undefined` for anything else (`#REF!`, several areas, a
 * formula), which the add-in does not make and so never trusts.
 */
export function parseNameReference(
  formula: string
): { sheet: string; range: CellRange } | undefined {
  const text = formula.trim().replace(/^=/, "");
  const bang = text.lastIndexOf("!");
  if (bang <= 0) return undefined;
  const rawSheet = text.slice(0, bang);
  let sheet: string;
  if (/^'(?:[^']|'')+'$/.test(rawSheet)) sheet = rawSheet.slice(1, -1).replace(/''/g, "'");
  else if (/^[^'![\]*?:/\\ ]+$/.test(rawSheet)) sheet = rawSheet;
  else return undefined;
  const match = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?$/.exec(
    text.slice(bang + 1)
  );
  if (!match) return undefined;
  const left = columnIndex(match[1]!);
  const right = match[3] ? columnIndex(match[3]) : left;
  const top = Number(match[2]) - 1;
  const bottom = match[4] ? Number(match[4]) - 1 : top;
  if (left === undefined || right === undefined || top < 0 || bottom < top || right < left)
    return undefined;
  if (right > 16383 || bottom > 1048575) return undefined;
  return { sheet, range: { top, left, bottom, right } };
}

/** A cell of a block: who it belongs to now. `blank` cells hold nothing, so either may write them. */
export type CellOwner = "ours" | "blank" | "user";

/** A block found where its name says and checked against its record. */
export interface VerifiedBlock {
  readonly name: string;
  readonly record: BlockRecord;
  /** Where the block is now: header row and the rows below. */
  readonly range: CellRange;
  /** Cells (`row * 16384 + column`) of the block the user has typed into since: kept as they are. */
  readonly kept: ReadonlySet<number>;
}

/** What the add-in owns on one sheet, verified. */
export interface SheetOwnership {
  readonly blocks: readonly VerifiedBlock[];
  /** Cells (`D9`) that hold one of the add-in's notes now (found by their text). */
  readonly notes: readonly string[];
  /** The fingerprints of those notes, in the same order. */
  readonly noteFingerprints: readonly string[];
  /** Set when something of the add-in's on the sheet cannot be found or verified: then nothing on it is changed. */
  readonly refusal?: OwnershipMessage;
}

/** What the add-in owns in the workbook, verified sheet by sheet. */
export interface WorkbookOwnership {
  readonly sheets: ReadonlyMap<string, SheetOwnership>;
  /** Names to keep as they are unless this run replaces them (every valid name with a record). */
  readonly names: readonly OwnedName[];
  /** Names to delete whatever happens: they point nowhere, or at cells that are all empty. */
  readonly dropped: readonly string[];
  readonly messages: readonly OwnershipMessage[];
  /** The number for the next new block's name. */
  readonly nextNumber: number;
}

/** A cell's key in a `kept` set. */
export const cellKey = (row: number, column: number): number => row * 16384 + column;

const MAX_KEPT_MESSAGES = 20;

/** A block's body cells, each with the fingerprint it was written with, or a test for legacy blocks. */
interface Expected {
  readonly rows: number;
  readonly width: number;
  /** Fingerprint of recorded cell (row, column) of the body; undefined when the record has none. */
  readonly at: (row: number, column: number) => string | undefined;
  /** For a legacy block: whether a cell's text is one the add-in writes in that column. */
  readonly looksOurs?: (column: number, text: string) => boolean;
}

function expectedOf(record: BlockRecord): Expected {
  const width = record.headers.length;
  const rowLength = width * FINGERPRINT_LENGTH;
  return {
    rows: record.cells.length / rowLength,
    width,
    at: (row, column) => {
      const start = row * rowLength + column * FINGERPRINT_LENGTH;
      return start + FINGERPRINT_LENGTH <= record.cells.length
        ? record.cells.slice(start, start + FINGERPRINT_LENGTH)
        : undefined;
    },
  };
}

interface Classified {
  readonly kept: number[];
  readonly ours: number;
  /** Of the filled cells, those whose text says more than a status or trend word (the commentary): ours and not. */
  readonly telling: { readonly ours: number; readonly kept: number };
}

/** The status words the add-in writes in the RAG column (`Green`, `Amber (manual)` …). */
const STATUS_WORDS = new Set<string>(STATUSES.flatMap((status) => [status, `${status} (manual)`]));
/** The trend words it writes in the trend columns, in every display (`IMP`, `↑ IMP`, `Improving` …). */
const TREND_WORDS = new Set<string>(
  (["code", "arrow", "word"] as const).flatMap((display) =>
    (["IMP", "STATIC", "DET", "NA"] as const).map((trend) => displayTrend(trend, display))
  )
);
/** Texts the add-in writes in many cells alike: a match on one says little about whose the block is. */
/** The words of the Variation, Assurance and Benchmark columns: as common across workbooks as the status words. */
const VERDICT_WORDS = new Set<string>([
  ...Object.values(VARIATION_TEXT),
  ...Object.values(ASSURANCE_TEXT),
  ...["Better", "Similar", "Worse", "Higher", "Lower", "Same"],
]);
/** An NA verdict with its reason (`NA (8 points, needs 12)`, `Not compared (no benchmark value)`). */
const NA_VERDICT = /^(NA|Not compared) \(/;
const COMMON_WORDS = new Set<string>([...STATUS_WORDS, ...TREND_WORDS, ...VERDICT_WORDS]);

function telling(
  grid: SheetGrid,
  kept: readonly number[],
  range: CellRange,
  rows: number
): { ours: number; kept: number } {
  const keptSet = new Set(kept);
  let ours = 0;
  let notOurs = 0;
  for (let r = range.top + 1; r <= range.top + rows; r++)
    for (let c = range.left; c <= range.right; c++) {
      const value = grid.value(r, c);
      if (
        isBlank(value) ||
        (typeof value === "string" && (COMMON_WORDS.has(value.trim()) || NA_VERDICT.test(value)))
      )
        continue;
      if (keptSet.has(cellKey(r, c))) notOurs++;
      else ours++;
    }
  return { ours, kept: notOurs };
}

/**
 * Sorts a block's body cells into the add-in's, blank and the user's. Two
 * readings are tried and the one that finds fewer user cells wins: cell by
 * cell in place (typing into a cell), and row by row wherever the rows now
 * are (the table sorted with the block, rows inserted or deleted), with any
 * row that matches no recorded row read cell by cell against the recorded
 * cells of that column no row has claimed.
 */
function classify(grid: SheetGrid, range: CellRange, expected: Expected): Classified {
  const top = range.top + 1;
  const rows = range.bottom - range.top;
  const width = expected.width;
  const fingerprints: string[][] = [];
  const blank: boolean[][] = [];
  for (let r = 0; r < rows; r++) {
    const prints: string[] = [];
    const blanks: boolean[] = [];
    for (let c = 0; c < width; c++) {
      const value = grid.value(top + r, range.left + c);
      blanks.push(isBlank(value));
      prints.push(fingerprint(value));
    }
    fingerprints.push(prints);
    blank.push(blanks);
  }

  const inPlace: number[] = [];
  let inPlaceOurs = 0;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < width; c++) {
      if (blank[r]![c]) continue;
      if (r < expected.rows && expected.at(r, c) === fingerprints[r]![c]) inPlaceOurs++;
      else inPlace.push(cellKey(top + r, range.left + c));
    }
  if (inPlace.length === 0 || expected.rows === 0)
    return { kept: inPlace, ours: inPlaceOurs, telling: telling(grid, inPlace, range, rows) };

  const rowPrint = (r: number): string => {
    let text = "";
    for (let c = 0; c < width; c++) text += expected.at(r, c) ?? "";
    return text;
  };
  const unclaimed = new Map<string, number[]>();
  for (let r = 0; r < expected.rows; r++) {
    const key = rowPrint(r);
    const list = unclaimed.get(key) ?? [];
    list.push(r);
    unclaimed.set(key, list);
  }
  const loose: number[] = [];
  let ours = 0;
  for (let r = 0; r < rows; r++) {
    const list = unclaimed.get(fingerprints[r]!.join(""));
    if (list && list.length > 0) {
      list.pop();
      ours += blank[r]!.filter((b) => !b).length;
    } else loose.push(r);
  }
  const columnPrints: Map<string, number>[] = [];
  for (let c = 0; c < width; c++) columnPrints.push(new Map());
  for (const list of unclaimed.values())
    for (const r of list)
      for (let c = 0; c < width; c++) {
        const print = expected.at(r, c)!;
        columnPrints[c]!.set(print, (columnPrints[c]!.get(print) ?? 0) + 1);
      }
  const kept: number[] = [];
  for (const r of loose)
    for (let c = 0; c < width; c++) {
      if (blank[r]![c]) continue;
      const count = columnPrints[c]!.get(fingerprints[r]![c]!) ?? 0;
      if (count > 0) {
        columnPrints[c]!.set(fingerprints[r]![c]!, count - 1);
        ours++;
      } else kept.push(cellKey(top + r, range.left + c));
    }
  const best = kept.length < inPlace.length ? { kept, ours } : { kept: inPlace, ours: inPlaceOurs };
  return { ...best, telling: telling(grid, best.kept, range, rows) };
}

/**
 * Whether a block is the add-in's despite cells that differ from the record:
 * most of its filled cells match, and so do most of those that say more than
 * a status or trend word. Another workbook's record matches many "Green" and
 * "IMP" cells by chance, but not the commentary.
 */
function mostlyOurs(c: Classified): boolean {
  if (c.kept.length >= c.ours) return false;
  return c.telling.ours + c.telling.kept === 0 || c.telling.kept < c.telling.ours;
}

/** A legacy block's cells: the add-in's where their text is what it writes in that column. */
function classifyLegacy(
  grid: SheetGrid,
  range: CellRange,
  looksOurs: (column: number, text: string) => boolean
): Classified {
  const kept: number[] = [];
  let ours = 0;
  for (let r = range.top + 1; r <= range.bottom; r++) {
    const ragOurs = looksOurs(0, grid.text(r, range.left));
    for (let c = 0; c <= range.right - range.left; c++) {
      const value = grid.value(r, range.left + c);
      if (isBlank(value)) continue;
      const mine = typeof value === "string" && (c === 3 ? ragOurs : looksOurs(c, value.trim()));
      if (mine) ours++;
      else kept.push(cellKey(r, range.left + c));
    }
  }
  return { kept, ours, telling: telling(grid, kept, range, range.bottom - range.top) };
}

/** Whether a legacy block's cell holds what the add-in writes in that column (commentary: anything). */
function looksLikeOutput(column: number, text: string): boolean {
  return column === 0 ? STATUS_WORDS.has(text) : column <= 2 ? TREND_WORDS.has(text) : true;
}

function cellName(sheet: string, row: number, column: number): string {
  return qualified(sheet, cellAddress(row, column));
}

function isEmptyRange(grid: SheetGrid, range: CellRange): boolean {
  for (let r = range.top; r <= range.bottom; r++)
    for (let c = range.left; c <= range.right; c++) if (!isBlank(grid.value(r, c))) return false;
  return true;
}

export interface OwnershipInput {
  /** Every sheet, unmasked, by name. */
  readonly grids: ReadonlyMap<string, SheetGrid>;
  /** The add-in's names as the host read them. */
  readonly names: readonly DefinedNameSnapshot[];
  readonly state: StoredState;
  /** Notes now in the workbook (cell → text), by sheet. */
  readonly notes: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** The column headers the add-in writes now (for a legacy block's header check). */
  readonly headers: readonly string[];
}

/**
 * Finds and verifies everything the add-in owns, before anything is changed.
 * Each block is where its workbook name says it is now. It is the add-in's
 * only if its header cells still read what the record says was written and
 * most of its cells still hold what was written; cells the user has typed
 * into since are kept (and said so). A block that cannot be found or verified
 * refuses its sheet: nothing on that sheet is changed this run, and the
 * message names the sheet and range.
 *
 * A version-1 state's blocks (coordinates, no names) are verified the same
 * way by their contents (the tool's own header texts, status and trend words)
 * and taken over under a new name; otherwise refused.
 *
 * Cost: O(cells of the owned blocks + notes).
 */
export function resolveOwnership(input: OwnershipInput): WorkbookOwnership {
  const { grids, state } = input;
  const messages: OwnershipMessage[] = [];
  const dropped: string[] = [];
  const names: OwnedName[] = [];
  const perSheet = new Map<
    string,
    { blocks: VerifiedBlock[]; noteHashes: Set<string>; refusal?: OwnershipMessage }
  >();
  const sheetEntry = (sheet: string) => {
    let entry = perSheet.get(sheet);
    if (!entry) {
      entry = { blocks: [], noteHashes: new Set() };
      perSheet.set(sheet, entry);
    }
    return entry;
  };
  const refuse = (sheet: string, range: CellRange, why: string): void => {
    const entry = sheetEntry(sheet);
    const where = qualified(sheet, rangeAddress(range));
    const message: OwnershipMessage = {
      severity: "warning",
      sheet,
      cell: rangeAddress(range),
      message:
        `Scorecard RAG's columns at ${where} ${why}, so they were left alone and nothing else on ` +
        `"${sheet}" was changed. Put them back as they were, or delete those columns, then run again.`,
    };
    entry.refusal ??= message;
    messages.push(message);
  };

  let highest = 0;
  for (const key of Object.keys(state.blocks))
    if (isOwnedName(key)) highest = Math.max(highest, nameNumber(key));
  const seen = new Set<string>();
  for (const { name, formula } of input.names) {
    if (!isOwnedName(name) || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    highest = Math.max(highest, nameNumber(name));
    const target = parseNameReference(formula);
    const grid = target ? grids.get(target.sheet) : undefined;
    const record = state.blocks[name];
    if (!target || !grid) {
      // Its cells were deleted (or its sheet): nothing is left to own.
      dropped.push(name);
      continue;
    }
    const { sheet, range } = target;
    if (!record) {
      if (isEmptyRange(grid, range)) dropped.push(name);
      else {
        refuse(sheet, range, "have no record in the saved state (it was removed or replaced)");
        names.push({ name, sheet, range });
      }
      continue;
    }
    const expected = expectedOf(record);
    const width = range.right - range.left + 1;
    if (width !== expected.width) {
      refuse(sheet, range, `are ${width} columns wide now, not ${expected.width}`);
      names.push({ name, sheet, range });
      continue;
    }
    const header = record.headers.findIndex(
      (text, c) => grid.text(range.top, range.left + c) !== text.trim()
    );
    if (header >= 0) {
      const cell = cellName(sheet, range.top, range.left + header);
      const now = grid.text(range.top, range.left + header);
      refuse(
        sheet,
        range,
        now
          ? `no longer have their header: ${cell} reads "${now}", not "${record.headers[header]}"`
          : `no longer have their header: ${cell} is empty, not "${record.headers[header]}"`
      );
      names.push({ name, sheet, range });
      continue;
    }
    const classified = classify(grid, range, expected);
    const { kept, ours } = classified;
    if (kept.length > 0 && !mostlyOurs(classified)) {
      refuse(
        sheet,
        range,
        `do not hold what Scorecard RAG wrote there (${kept.length} of ${kept.length + ours} filled cells differ; ` +
          `was the state sheet copied from another workbook?)`
      );
      names.push({ name, sheet, range });
      continue;
    }
    reportKept(sheet, record.headers, range, kept, messages);
    const entry = sheetEntry(sheet);
    entry.blocks.push({ name, record, range, kept: new Set(kept) });
    for (const hash of record.notes) entry.noteHashes.add(hash);
    names.push({ name, sheet, range });
  }

  for (const [sheet, blocks] of Object.entries(state.legacy ?? {})) {
    const grid = grids.get(sheet);
    if (!grid) continue;
    for (const block of blocks) {
      const range = {
        top: block.top,
        left: block.left,
        bottom: block.bottom,
        right: block.left + block.width - 1,
      };
      const headersMatch =
        block.width === input.headers.length &&
        input.headers.every((text, c) => grid.text(range.top, range.left + c) === text.trim());
      const classified = headersMatch ? classifyLegacy(grid, range, looksLikeOutput) : undefined;
      const kept = classified?.kept ?? [];
      if (!classified || (kept.length > 0 && !mostlyOurs(classified))) {
        if (isEmptyRange(grid, range)) continue;
        refuse(
          sheet,
          range,
          "were recorded by an earlier version by position only, and what is there now is not " +
            "recognisably Scorecard RAG's (the sheet may have been edited since)"
        );
        continue;
      }
      reportKept(sheet, input.headers, range, kept, messages);
      const name = ownedNameFor(++highest);
      const record: BlockRecord = {
        sheet,
        tableId: block.tableId,
        headers: input.headers,
        cells: "",
        inserted: block.inserted,
        notes: [],
      };
      sheetEntry(sheet).blocks.push({ name, record, range, kept: new Set(kept) });
      names.push({ name, sheet, range });
    }
  }

  const stranded = state.strandedNotes ?? [];
  if (stranded.length > 0)
    for (const [sheet, notes] of input.notes)
      if (notes.size > 0) for (const hash of stranded) sheetEntry(sheet).noteHashes.add(hash);
  const sheets = new Map<string, SheetOwnership>();
  for (const [sheet, entry] of perSheet) {
    const notes: string[] = [];
    const noteFingerprints: string[] = [];
    if (entry.noteHashes.size > 0 && !entry.refusal)
      for (const [cell, text] of input.notes.get(sheet) ?? []) {
        const hash = fingerprint(text);
        if (entry.noteHashes.has(hash)) {
          notes.push(cell);
          noteFingerprints.push(hash);
        }
      }
    sheets.set(sheet, {
      blocks: entry.refusal ? [] : entry.blocks,
      notes,
      noteFingerprints,
      ...(entry.refusal ? { refusal: entry.refusal } : {}),
    });
  }
  return { sheets, names, dropped, messages, nextNumber: highest + 1 };
}

function reportKept(
  sheet: string,
  headers: readonly string[],
  range: CellRange,
  kept: readonly number[],
  messages: OwnershipMessage[]
): void {
  kept.slice(0, MAX_KEPT_MESSAGES).forEach((key) => {
    const row = Math.floor(key / 16384);
    const column = key % 16384;
    const header = headers[column - range.left] ?? "A cell";
    const cell = rangeAddress({ top: row, left: column, bottom: row, right: column });
    messages.push({
      severity: "info",
      sheet,
      cell,
      message: `${header} in ${qualified(sheet, cell)} was edited: kept.`,
    });
  });
  if (kept.length > MAX_KEPT_MESSAGES)
    messages.push({
      severity: "info",
      sheet,
      cell: rangeAddress(range),
      message: `${kept.length - MAX_KEPT_MESSAGES} more edited cells in ${qualified(sheet, rangeAddress(range))} were kept.`,
    });
}

/**
 * The add-in's header row (its four header texts side by side) somewhere on
 * the sheet outside every block it owns: its output copied with the sheet
 * (Excel copies cells, not workbook names), or left by a state that was
 * replaced. Such cells cannot be told from the user's, so the sheet is left
 * alone and the message says how to go on.
 *
 * Cost: O(cells the sheet holds), one comparison a cell unless it reads like the first header.
 */
export function unrecordedOutput(
  grid: SheetGrid,
  headers: readonly string[],
  owned: SheetOwnership | undefined
): OwnershipMessage | undefined {
  const first = headers[0]!.trim();
  for (let r = grid.firstRow; r < grid.rowCount; r++)
    // Each row's own cells: one cell at XFD1048576 must not make this a scan of the whole sheet.
    for (let c = grid.firstColumn, end = grid.rowEnd(r); c < end; c++) {
      const value = grid.value(r, c);
      if (typeof value !== "string" || value.trim() !== first) continue;
      if (!headers.every((text, i) => grid.text(r, c + i) === text.trim())) continue;
      if (owned?.blocks.some((b) => b.range.top === r && b.range.left === c)) continue;
      const range = { top: r, left: c, bottom: r, right: c + headers.length - 1 };
      return {
        severity: "warning",
        sheet: grid.name,
        cell: rangeAddress(range),
        message:
          `${qualified(grid.name, rangeAddress(range))} holds Scorecard RAG's column headers, but the workbook has no ` +
          `record of those columns (was the sheet copied, or the state sheet replaced?), so nothing on "${grid.name}" ` +
          `was changed. Delete those columns (or their header cells) to rate this sheet again.`,
      };
    }
  return undefined;
}

/** Records what a block holds once written: the header texts, and a fingerprint per body cell. */
export function blockCells(values: readonly (readonly (string | null)[])[]): string {
  let text = "";
  for (let r = 1; r < values.length; r++)
    for (const value of values[r]!) text += fingerprint(value);
  return text;
}

export type { LegacyBlock };
