import type { MappingOverride } from "./detect";
import type { RulePreset } from "./settings";

/** The hidden sheet where the add-in keeps its state, so it survives save and reopen in Excel or on disk. */
export const STATE_SHEET = "ScorecardRAG_State";
/** Sheets the add-in creates on request; never scanned for indicators. */
export const RULES_SHEET = "Rules";
export const FINDINGS_SHEET = "Findings";

/** Columns the add-in wrote beside one table: rows `top`..`bottom`, columns `left`..`left + width − 1` (0-based). */
export interface OwnedBlock {
  readonly tableId: string;
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly width: number;
  /** True when the add-in inserted these columns (so clearing deletes them). */
  readonly inserted: boolean;
}

export interface OwnedSheet {
  readonly blocks: readonly OwnedBlock[];
  /** Cells (`D9`) where the add-in added a note. */
  readonly notes: readonly string[];
}

export interface StoredSettings {
  readonly preset?: RulePreset;
  readonly tolerance?: string;
  readonly headers?: Partial<Record<"rag" | "shortTrend" | "longTrend" | "commentary", string>>;
  readonly trendDisplay?: "code" | "arrow" | "word";
  readonly checks?: Readonly<Record<string, boolean>>;
  readonly suppressionThreshold?: number;
  readonly jumpFactor?: number;
}

export interface StoredState {
  readonly version: 1;
  readonly settings: StoredSettings;
  readonly overrides: Readonly<Record<string, MappingOverride>>;
  readonly owned: Readonly<Record<string, OwnedSheet>>;
}

export const EMPTY_STATE: StoredState = { version: 1, settings: {}, overrides: {}, owned: {} };

/** A problem reading the saved state: reported, and the state treated as new. */
export interface StateProblem {
  readonly message: string;
}

/**
 * Reads the saved state text. Missing text is a new workbook; text that is
 * not this add-in's state is reported and ignored (nothing is owned), so a
 * damaged state can never make the add-in overwrite user cells.
 */
export function parseState(text: string | undefined): {
  state: StoredState;
  problem?: StateProblem;
} {
  if (!text || !text.trim()) return { state: EMPTY_STATE };
  try {
    const parsed: unknown = JSON.parse(text);
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      (parsed as { version?: unknown }).version === 1
    ) {
      const p = parsed as Partial<StoredState>;
      return {
        state: {
          version: 1,
          settings: p.settings ?? {},
          overrides: p.overrides ?? {},
          owned: p.owned ?? {},
        },
      };
    }
    return {
      state: EMPTY_STATE,
      problem: {
        message: `The saved state in sheet "${STATE_SHEET}" is not in a known format; it was ignored.`,
      },
    };
  } catch (cause) {
    return {
      state: EMPTY_STATE,
      problem: {
        message: `The saved state in sheet "${STATE_SHEET}" could not be read (${(cause as Error).message}); it was ignored.`,
      },
    };
  }
}

/** Chunks state text into cells (Excel allows 32,767 characters a cell). */
export function stateCells(state: StoredState): string[] {
  const text = JSON.stringify(state);
  const cells: string[] = [];
  for (let i = 0; i < text.length; i += 30000) cells.push(text.slice(i, i + 30000));
  return cells;
}

/** Whether the state holds nothing worth keeping (then the state sheet can go). */
export function isEmptyState(state: StoredState): boolean {
  return (
    Object.keys(state.owned).length === 0 &&
    Object.keys(state.overrides).length === 0 &&
    Object.keys(state.settings).length === 0
  );
}
