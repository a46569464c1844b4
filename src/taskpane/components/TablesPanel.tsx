import * as React from "react";
import { Button, Spinner } from "@fluentui/react-components";
import type { HostActions } from "../../session/host-actions";
import type { MappingOverride } from "../../workbook/detect";
import type { RunResult } from "../../workbook/run";
import { finished, NEXT, type Activity, type PaneTools } from "./pane";
import { PanelSection } from "./PanelSection";
import { TableList } from "./TableList";
import { tableName } from "./text";

export interface TablesPanelProps {
  readonly actions: Pick<HostActions, "saveMappingOverride">;
  readonly pane: PaneTools;
  readonly activity: Activity;
  /** The latest analysis; `undefined` until the first one is read. */
  readonly analysis: RunResult | undefined;
}

/** "Indicator tables": the tables found, Analyse again, and each table's column mapping to correct. */
export function TablesPanel({
  actions,
  pane,
  activity,
  analysis,
}: TablesPanelProps): React.JSX.Element {
  const disabled = activity !== "idle";

  const saveMapping = (tableId: string, override: MappingOverride): void => {
    const table = analysis?.sheets.flatMap((s) => s.tables).find((t) => t.id === tableId);
    void pane.lock(async () => {
      const saved = await pane.attempt("Could not save the column mapping", NEXT.save, () =>
        finished(() => actions.saveMappingOverride(tableId, override))
      );
      if (!saved) return;
      pane.announce(
        `Mapping saved for ${table ? tableName(table) : tableId}. The tables were analysed again.`
      );
      await pane.reanalyse();
    });
  };

  return (
    <PanelSection
      title="Indicator tables"
      action={
        <Button size="small" disabledFocusable={disabled} onClick={() => void pane.reanalyse()}>
          Analyse again
        </Button>
      }
    >
      {activity === "analysing" && !analysis && (
        <Spinner size="small" label="Reading the workbook…" />
      )}
      {analysis && <TableList result={analysis} disabled={disabled} onSaveMapping={saveMapping} />}
    </PanelSection>
  );
}
