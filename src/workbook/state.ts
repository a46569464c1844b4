import type { MappingOverride } from "./detect";
import type { TrendGapsSetting } from "../engine/trends";
import {
  isCheckId,
  OPTIONAL_COLUMNS,
  RULE_PRESETS,
  type CheckId,
  type OptionalColumn,
  type RulePreset,
} from "./settings";

/** The hidden sheet where the add-in keeps its state, so it survives save and reopen in Excel or on disk. */
export const STATE_SHEET = "ScorecardRAG_State";
/** Sheets the add-in creates on request; never scanned for indicators. */
export const RULES_SHEET = "Rules";

/**
 * What the add-in wrote beside one table, kept under the name of the hidden
 * workbook name that says where the block is now (`ScorecardRAG_3`). Excel
 * (and LibreOffice) move that name when the user inserts, deletes or renames;
 * the record says what the cells held when the add-in wrote them, so that it
 * can tell its own cells from cells the user has since typed into.
 */
export interface BlockRecord {
  /** The sheet the block was written on (for messages; the name says where it is now). */
  readonly sheet: string;
  readonly tableId: string;
  /** The header row as written, one text per column. */
  readonly headers: readonly string[];
  /** Fingerprints of the cells below the header, row by row, four characters a cell. */
  readonly cells: string;
  /** True when the add-in inserted these columns (so clearing deletes them). */
  readonly inserted: boolean;
  /** Fingerprints of the notes the add-in added for this block's rows. */
  readonly notes: readonly string[];
}

/**
 * Version 1's record of a block by coordinates alone, read only to take over
 * workbooks rated before names were used (`legacy` below); never written.
 */
export interface LegacyBlock {
  readonly tableId: string;
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly width: number;
  readonly inserted: boolean;
}

export interface StoredSettings {
  readonly preset?: RulePreset;
  readonly tolerance?: string;
  readonly headers?: Partial<Record<(typeof HEADER_KEYS)[number], string>>;
  /** The optional owned columns turned on or off (on where the data allows, unless saved off). */
  readonly columns?: Readonly<Partial<Record<OptionalColumn, boolean>>>;
  readonly trendDisplay?: "code" | "arrow" | "word";
  /** Trends across periods with no value: `auto` (skip them in annual series only), `skip`, `strict`. */
  readonly trendGaps?: TrendGapsSetting;
  /** Checks turned on or off by id; an id this version does not know is dropped on reading. */
  readonly checks?: Readonly<Partial<Record<CheckId, boolean>>>;
  readonly suppressionThreshold?: number;
  readonly jumpFactor?: number;
}

export interface StoredState {
  readonly version: 2;
  readonly settings: StoredSettings;
  readonly overrides: Readonly<Record<string, MappingOverride>>;
  /** Records of the owned blocks, by the workbook name that locates each. */
  readonly blocks: Readonly<Record<string, BlockRecord>>;
  /** A version-1 state's blocks by sheet, to be verified by their contents and taken over. */
  readonly legacy?: Readonly<Record<string, readonly LegacyBlock[]>>;
  /** Fingerprints of notes the add-in added but could not remove (an Excel without notes): still its own. */
  readonly strandedNotes?: readonly string[];
}

export const EMPTY_STATE: StoredState = { version: 2, settings: {}, overrides: {}, blocks: {} };

/** A problem reading the saved state: reported, and the state (or the part named) treated as new. */
export interface StateProblem {
  readonly message: string;
}

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const isIndex = (v: Json): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;
const MAX_ROW = 1_048_575;
const MAX_COLUMN = 16_383;

const PRESETS: ReadonlySet<string> = new Set(RULE_PRESETS);
const TREND_DISPLAYS = new Set(["code", "arrow", "word"]);
const TREND_GAPS = new Set(["auto", "skip", "strict"]);
const HEADER_KEYS = [
  "rag",
  "shortTrend",
  "longTrend",
  "commentary",
  "variation",
  "assurance",
  "benchmark",
] as const;
const OPTIONAL_COLUMN_SET: ReadonlySet<string> = new Set(OPTIONAL_COLUMNS);

function readSettings(value: Json, drop: (what: string) => void): StoredSettings {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    drop("settings");
    return {};
  }
  const out: {
    -readonly [K in keyof StoredSettings]: StoredSettings[K];
  } = {};
  if (value.preset !== undefined) {
    if (typeof value.preset === "string" && PRESETS.has(value.preset))
      out.preset = value.preset as RulePreset;
    else drop("settings.preset");
  }
  if (value.tolerance !== undefined) {
    if (typeof value.tolerance === "string") out.tolerance = value.tolerance;
    else drop("settings.tolerance");
  }
  if (value.trendDisplay !== undefined) {
    if (typeof value.trendDisplay === "string" && TREND_DISPLAYS.has(value.trendDisplay))
      out.trendDisplay = value.trendDisplay as "code" | "arrow" | "word";
    else drop("settings.trendDisplay");
  }
  if (value.trendGaps !== undefined) {
    if (typeof value.trendGaps === "string" && TREND_GAPS.has(value.trendGaps))
      out.trendGaps = value.trendGaps as TrendGapsSetting;
    else drop("settings.trendGaps");
  }
  if (value.headers !== undefined) {
    if (isRecord(value.headers)) {
      const headers: Partial<Record<(typeof HEADER_KEYS)[number], string>> = {};
      for (const key of HEADER_KEYS) {
        const text = value.headers[key];
        // A header is written as a value: one that Excel would read as a formula is refused.
        if (typeof text === "string" && text.trim() && !/^[=+\-@\t\r\n]/.test(text))
          headers[key] = text;
        else if (text !== undefined) drop(`settings.headers.${key}`);
      }
      out.headers = headers;
    } else drop("settings.headers");
  }
  if (value.checks !== undefined) {
    if (isRecord(value.checks)) {
      // Check by check: an unknown id (a later version's check, a typo) or a value that is not
      // true or false is reported and dropped, and the others are kept.
      const checks: Partial<Record<CheckId, boolean>> = {};
      for (const [id, on] of Object.entries(value.checks)) {
        if (isCheckId(id) && typeof on === "boolean") checks[id] = on;
        else drop(`settings.checks["${id}"]`);
      }
      if (Object.keys(checks).length > 0) out.checks = checks;
    } else drop("settings.checks");
  }
  if (value.columns !== undefined) {
    if (isRecord(value.columns)) {
      const columns: Partial<Record<OptionalColumn, boolean>> = {};
      for (const [id, on] of Object.entries(value.columns)) {
        if (OPTIONAL_COLUMN_SET.has(id) && typeof on === "boolean")
          columns[id as OptionalColumn] = on;
        else drop(`settings.columns["${id}"]`);
      }
      if (Object.keys(columns).length > 0) out.columns = columns;
    } else drop("settings.columns");
  }
  for (const key of ["suppressionThreshold", "jumpFactor"] as const) {
    const v = value[key];
    if (v === undefined) continue;
    if (typeof v === "number" && Number.isFinite(v) && v >= 0) out[key] = v;
    else drop(`settings.${key}`);
  }
  return out;
}

function readOverrides(value: Json, drop: (what: string) => void): Record<string, MappingOverride> {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    drop("overrides");
    return {};
  }
  const out: Record<string, MappingOverride> = {};
  for (const [tableId, override] of Object.entries(value)) {
    if (
      isRecord(override) &&
      Object.values(override).every((column) => column === null || isIndex(column))
    )
      out[tableId] = override as MappingOverride;
    else drop(`overrides["${tableId}"]`);
  }
  return out;
}

const FINGERPRINTS = /^[A-Za-z0-9_~-]*$/;

function readBlock(value: Json): BlockRecord | undefined {
  if (!isRecord(value)) return undefined;
  const { sheet, tableId, headers, cells, inserted, notes } = value;
  if (typeof sheet !== "string" || typeof tableId !== "string") return undefined;
  if (!Array.isArray(headers) || headers.length === 0 || headers.length > 64) return undefined;
  if (!headers.every((h) => typeof h === "string")) return undefined;
  if (typeof cells !== "string" || !FINGERPRINTS.test(cells)) return undefined;
  if (cells.length % (4 * headers.length) !== 0) return undefined;
  if (typeof inserted !== "boolean") return undefined;
  if (!Array.isArray(notes) || !notes.every((n) => typeof n === "string")) return undefined;
  return {
    sheet,
    tableId,
    headers: headers as string[],
    cells,
    inserted,
    notes: notes as string[],
  };
}

/** A sheet's legacy blocks: version 1's `{ blocks: […], notes }`, or the list itself as version 2 keeps it. */
function readLegacy(value: Json): LegacyBlock[] | undefined {
  const list = Array.isArray(value) ? value : isRecord(value) ? value.blocks : undefined;
  if (!Array.isArray(list)) return undefined;
  const blocks: LegacyBlock[] = [];
  for (const b of list) {
    if (!isRecord(b)) return undefined;
    const { tableId, top, bottom, left, width, inserted } = b;
    if (typeof tableId !== "string" || typeof inserted !== "boolean") return undefined;
    if (!isIndex(top) || !isIndex(bottom) || !isIndex(left) || !isIndex(width)) return undefined;
    if (bottom < top || bottom > MAX_ROW || width < 1 || left + width - 1 > MAX_COLUMN)
      return undefined;
    blocks.push({ tableId, top, bottom, left, width, inserted });
  }
  return blocks;
}

/**
 * Reads the saved state text. Missing text is a new workbook. Anything that
 * is not the documented shape (docs/ownership.md) is
 * reported and ignored, part by part, never thrown: a damaged or foreign
 * state can never make the add-in overwrite user cells, because the records
 * here only ever confirm cells the workbook's own names point at.
 *
 * Cost: O(length of the text).
 */
export function parseState(text: string | undefined): {
  state: StoredState;
  problem?: StateProblem;
} {
  if (!text || !text.trim()) return { state: EMPTY_STATE };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    return {
      state: EMPTY_STATE,
      problem: {
        message: `The saved state in sheet "${STATE_SHEET}" could not be read (${(cause as Error).message}); it was ignored.`,
      },
    };
  }
  if (!isRecord(parsed) || (parsed.version !== 1 && parsed.version !== 2))
    return {
      state: EMPTY_STATE,
      problem: {
        message: `The saved state in sheet "${STATE_SHEET}" is not in a known format; it was ignored.`,
      },
    };
  const dropped: string[] = [];
  const drop = (what: string): void => {
    dropped.push(what);
  };
  const settings = readSettings(parsed.settings, drop);
  const overrides = readOverrides(parsed.overrides, drop);
  const blocks: Record<string, BlockRecord> = {};
  let legacy: Record<string, LegacyBlock[]> | undefined;
  if (parsed.version === 2) {
    if (isRecord(parsed.blocks)) {
      for (const [name, value] of Object.entries(parsed.blocks)) {
        const block = readBlock(value);
        if (block) blocks[name] = block;
        else drop(`blocks["${name}"]`);
      }
    } else if (parsed.blocks !== undefined) drop("blocks");
  }
  const legacyField = parsed.version === 1 ? "owned" : "legacy";
  const legacyValue = parsed[legacyField];
  if (legacyValue !== undefined) {
    if (isRecord(legacyValue)) {
      for (const [sheet, value] of Object.entries(legacyValue)) {
        const list = readLegacy(value);
        if (list) {
          if (list.length > 0) (legacy ??= {})[sheet] = list;
        } else drop(`${legacyField}["${sheet}"]`);
      }
    } else drop(legacyField);
  }
  let strandedNotes: string[] | undefined;
  if (parsed.strandedNotes !== undefined) {
    const list = parsed.strandedNotes;
    if (Array.isArray(list) && list.every((h) => typeof h === "string" && FINGERPRINTS.test(h)))
      strandedNotes = list as string[];
    else drop("strandedNotes");
  }
  const state: StoredState = {
    version: 2,
    settings,
    overrides,
    blocks,
    ...(legacy ? { legacy } : {}),
    ...(strandedNotes && strandedNotes.length > 0 ? { strandedNotes } : {}),
  };
  if (dropped.length === 0) return { state };
  const listed = dropped.slice(0, 5).join(", ") + (dropped.length > 5 ? ", …" : "");
  return {
    state,
    problem: {
      message: `Parts of the saved state in sheet "${STATE_SHEET}" are not in the expected shape (${listed}); they were ignored.`,
    },
  };
}

/** Chunks state text into cells (Excel allows 32,767 characters a cell). */
export function stateCells(state: StoredState): string[] {
  const text = JSON.stringify(state);
  const cells: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + 30000);
    // Each cell is written as a value: one that began with = + - @ (or ') would be read as a
    // formula (or lose its first character), so a chunk never starts with one.
    while (end < text.length && end > start + 1 && /[=+\-@']/.test(text[end]!)) end--;
    cells.push(text.slice(start, end));
    start = end;
  }
  return cells;
}

/** Whether the state holds nothing worth keeping (then the state sheet can go). */
export function isEmptyState(state: StoredState): boolean {
  return (
    Object.keys(state.blocks).length === 0 &&
    Object.keys(state.legacy ?? {}).length === 0 &&
    (state.strandedNotes ?? []).length === 0 &&
    Object.keys(state.overrides).length === 0 &&
    Object.keys(state.settings).length === 0
  );
}
