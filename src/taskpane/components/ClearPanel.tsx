import * as React from "react";
import type { HostActions } from "../../session/host-actions";
import { ClearRatings } from "./ClearRatings";
import { NEXT, type PaneTools } from "./pane";
import { plural } from "./text";

export interface ClearPanelProps {
  readonly actions: Pick<HostActions, "analyse" | "clear">;
  readonly pane: PaneTools;
  readonly disabled?: boolean;
  /** The sheets in scope; all when `undefined`. */
  readonly sheets: readonly string[] | undefined;
  /** The ratings were removed: the last rating's results no longer hold. */
  readonly onCleared: () => void;
}

function pluralSheets(names: readonly string[]): string {
  return `${plural(names.length, "sheet")}${names.length ? `: ${names.join(", ")}` : ""}`;
}

/** "Clear ratings" on the sheets in scope: finds what to clear, asks, clears, analyses again. */
export function ClearPanel({
  actions,
  pane,
  disabled,
  sheets,
  onCleared,
}: ClearPanelProps): React.JSX.Element {
  const prepare = async (): Promise<readonly string[] | undefined> => {
    const plan = await pane.attempt("Could not check what to clear", NEXT.analyse, () =>
      actions.analyse({ mode: "clear", ...(sheets ? { sheets } : {}) })
    );
    return plan?.plan.sheets.map((s) => s.sheet);
  };

  const clear = (): void => {
    void pane.lock(async () => {
      const cleared = await pane.attempt("Could not clear the ratings", NEXT.clear, () =>
        actions.clear(sheets)
      );
      if (!cleared) return;
      onCleared();
      pane.announce(`Removed Scorecard RAG's columns from ${pluralSheets(cleared.clearedSheets)}.`);
      await pane.reanalyse();
    });
  };

  return <ClearRatings disabled={disabled} onPrepare={prepare} onConfirm={clear} />;
}
