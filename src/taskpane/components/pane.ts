import type { NoticeIntent } from "./Messages";

/**
 * What the pane as a whole is doing, so every panel's controls wait for every
 * other panel's action: `rating` (only the rule defaults and Cancel react),
 * `analysing` (reading the workbook), `busy` (another action), else `idle`.
 */
export type Activity = "idle" | "busy" | "analysing" | "rating";

/** What a panel may ask of the pane around a host action; the host actions themselves come as props. */
export interface PaneTools {
  /** Runs a host action; a rejection becomes the pane's error bar and `undefined`. */
  attempt<T>(title: string, next: string, run: () => Promise<T>): Promise<T | undefined>;
  /** Shows a failure in the pane's error bar. */
  fail(title: string, cause: unknown, next: string): void;
  /** Runs an action with every panel's controls disabled (`rating`: the rating run itself). */
  lock<T>(run: () => Promise<T>, kind?: "busy" | "rating"): Promise<T>;
  /** Says something in a notice bar and in the live region. */
  announce(text: string, intent?: NoticeIntent): void;
  /** Says something in the live region only (the panel shows it itself). */
  say(text: string): void;
  /** Hides the error and the notice and empties the live region: a new run starts. */
  clearMessages(): void;
  /** Reads the workbook again, so every panel shows what it now holds. */
  reanalyse(): Promise<void>;
  /** Selects a cell in Excel; a failure shows in the error bar. */
  selectCell(sheet: string, cell: string): void;
}

/** What to do next when each host action fails (its message already says what and where). */
export const NEXT = {
  analyse:
    "Press Esc in Excel if a cell is being edited, then choose Analyse again. Nothing was changed.",
  rate: "Fix the cell or sheet named above (or correct the column mapping), then choose Rate again. Rating again rewrites only Scorecard RAG's own columns.",
  clear:
    "Check that the sheet is not protected and no cell is being edited, then choose Clear ratings again.",
  select: "The sheet may have been renamed or deleted: choose Analyse again to refresh the list.",
  save: "Your change was not saved. Check that the workbook is not read-only or protected, then try again.",
  sheet:
    "Check that the workbook structure is not protected (Review > Protect Workbook), then try again.",
  load: "The default rule is shown instead; choose a rule to save it again.",
  learn:
    "Press Esc in Excel if a cell is being edited, then choose Learn rules again. Nothing was changed.",
  writeRules:
    "Nothing was written. Check that the Rules sheet is not protected (Review > Unprotect Sheet) and no cell is being edited, then choose Write to Rules sheet again.",
} as const;

export function messageOf(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  if (typeof cause === "string") return cause;
  return "An unknown error occurred.";
}

/** Runs `run` and says that it resolved: for host actions whose value the pane does not use. */
export async function finished(run: () => Promise<unknown>): Promise<true> {
  await run();
  return true;
}
