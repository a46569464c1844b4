import * as React from "react";
import {
  Button,
  Caption1,
  Field,
  ProgressBar,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { HostActions, Progress } from "../../session/host-actions";
import type { RunOptions, RunResult } from "../../workbook/run";
import { ClearPanel } from "./ClearPanel";
import { useMounted } from "./hooks";
import { NEXT, type Activity, type PaneTools } from "./pane";
import { PanelSection } from "./PanelSection";
import { SheetScope, type SheetScopeValue } from "./SheetScope";
import { ratingSummary } from "./text";

const useStyles = makeStyles({
  row: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalS,
  },
  stack: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
});

export interface RatePanelProps {
  readonly actions: Pick<HostActions, "rate" | "analyse" | "clear">;
  readonly pane: PaneTools;
  readonly activity: Activity;
  /** The latest analysis: the sheets with a table are the ones to choose from. */
  readonly analysis: RunResult | undefined;
  /** A rating finished (the result) or was cleared (`undefined`). */
  readonly onResult: (result: RunResult | undefined) => void;
}

/**
 * "Rate": which sheets, the Rate button, and while rating a labelled progress
 * bar and Cancel; Clear ratings beside it on the same sheets.
 */
export function RatePanel({
  actions,
  pane,
  activity,
  analysis,
  onResult,
}: RatePanelProps): React.JSX.Element {
  const styles = useStyles();
  const [scope, setScope] = React.useState<SheetScopeValue>({ kind: "all" });
  const [progress, setProgress] = React.useState<Progress>();
  const controller = React.useRef<AbortController | undefined>(undefined);
  const mounted = useMounted();
  React.useEffect(() => () => controller.current?.abort(), []);
  const cancelHintId = React.useId();

  const ratedSheets = React.useMemo(
    () => (analysis?.sheets ?? []).filter((s) => s.tables.length > 0).map((s) => s.name),
    [analysis]
  );
  const scopeSheets = scope.kind === "chosen" ? scope.sheets : undefined;
  const disabled = activity !== "idle";
  const noSheetChosen = scope.kind === "chosen" && scope.sheets.length === 0;
  const nothingToRate = analysis !== undefined && ratedSheets.length === 0;
  const disabledReason = noSheetChosen
    ? "Choose at least one sheet to rate."
    : nothingToRate
      ? "There is no indicator table to rate."
      : undefined;
  const writing = progress?.stage === "writing" || progress?.stage === "done";

  const rate = async (): Promise<void> => {
    const abort = new AbortController();
    controller.current = abort;
    pane.clearMessages();
    setProgress({ stage: "reading", fraction: 0, message: "Starting…" });
    const options: RunOptions = scopeSheets ? { sheets: scopeSheets } : {};
    try {
      const rated = await actions.rate(
        options,
        (p) => {
          if (mounted.current && !abort.signal.aborted) setProgress(p);
        },
        abort.signal
      );
      if (!mounted.current) return;
      onResult(rated);
      pane.say(ratingSummary(rated));
    } catch (cause) {
      if (!mounted.current) return;
      if (abort.signal.aborted) pane.announce("Rating cancelled; nothing was written.", "info");
      else pane.fail("Could not rate the workbook", cause, NEXT.rate);
    } finally {
      if (controller.current === abort) controller.current = undefined;
      if (mounted.current) setProgress(undefined);
    }
  };

  return (
    <PanelSection title="Rate">
      <SheetScope sheets={ratedSheets} value={scope} disabled={disabled} onChange={setScope} />
      <div className={styles.stack}>
        <div className={styles.row}>
          <Button
            appearance="primary"
            disabledFocusable={disabled || noSheetChosen || nothingToRate || progress !== undefined}
            onClick={() => void pane.lock(rate, "rating")}
          >
            Rate
          </Button>
          <ClearPanel
            actions={actions}
            pane={pane}
            disabled={disabled || noSheetChosen}
            sheets={scopeSheets}
            onCleared={() => onResult(undefined)}
          />
        </div>
        {disabledReason && !progress && <Caption1>{disabledReason}</Caption1>}
        {progress && (
          <>
            <Field label="Rating progress" hint={progress.message}>
              <ProgressBar
                value={Math.max(0, Math.min(1, progress.fraction))}
                max={1}
                aria-valuetext={progress.message}
              />
            </Field>
            <div>
              <Button
                disabledFocusable={writing}
                aria-describedby={writing ? cancelHintId : undefined}
                onClick={() => controller.current?.abort()}
              >
                Cancel
              </Button>
              {writing && (
                <Caption1 block id={cancelHintId}>
                  Writing the ratings; this step cannot be cancelled.
                </Caption1>
              )}
            </div>
          </>
        )}
      </div>
    </PanelSection>
  );
}
