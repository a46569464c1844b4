import * as React from "react";
import type { HostActions } from "../../session/host-actions";
import type { RunResult } from "../../workbook/run";
import { summaryTableRows } from "../../workbook/summary-sheet";
import { finished, NEXT, type Activity, type PaneTools } from "./pane";
import { PanelSection } from "./PanelSection";
import { Results } from "./Results";
import { flaggedItems, plural, ratingSummary } from "./text";

export interface ResultsPanelProps {
  readonly actions: Pick<HostActions, "createFindingsSheet" | "createSummarySheet">;
  readonly pane: PaneTools;
  readonly activity: Activity;
  /** The latest rating. */
  readonly result: RunResult;
  /** Opens the Flags view. */
  readonly onShowFlags: () => void;
}

/** "Results": the latest rating's counts, narratives and number of flags, and the Findings and Summary sheets. */
export function ResultsPanel({
  actions,
  pane,
  activity,
  result,
  onShowFlags,
}: ResultsPanelProps): React.JSX.Element {
  const createFindings = (): void => {
    const count = flaggedItems(result).length;
    void pane.lock(async () => {
      const created = await pane.attempt("Could not create the Findings sheet", NEXT.sheet, () =>
        finished(() => actions.createFindingsSheet(result))
      );
      if (created) pane.announce(`Findings sheet created with ${plural(count, "flag")}.`);
    });
  };

  const createSummary = (): void => {
    const count = result.sheets
      .flatMap((s) => s.tables)
      .reduce((n, table) => n + summaryTableRows(table).length, 0);
    void pane.lock(async () => {
      const name = await pane.attempt("Could not create the Summary sheet", NEXT.sheet, () =>
        actions.createSummarySheet(result)
      );
      if (name !== undefined)
        pane.announce(
          `${name === "Summary" ? "Summary" : `"${name}"`} sheet created with ${plural(count, "indicator")}.`
        );
    });
  };

  return (
    <PanelSection title="Results">
      <Results
        result={result}
        summary={ratingSummary(result)}
        disabled={activity !== "idle"}
        onShowFlags={onShowFlags}
        onCreateFindingsSheet={createFindings}
        onCreateSummarySheet={createSummary}
      />
    </PanelSection>
  );
}
