/**
 * The pane's views and the one indicator a view can open: shared by the
 * navigation (App), the results and flags, the district overview and the
 * indicator detail, so each names them the same way.
 */

/** The views of the pane, in tab order. */
export type PaneView = "setup" | "results" | "flags" | "districts" | "detail";

/** One indicator row on one sheet: enough to find it again in a RunResult after a re-rate. */
export interface IndicatorRef {
  readonly sheet: string;
  readonly code: string;
  /** 1-based sheet row, as Excel numbers it. */
  readonly sheetRow: number;
}
