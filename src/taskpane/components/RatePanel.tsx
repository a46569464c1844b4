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

/** A rating run the pane shares between the set-up's Rate panel and the Rate button beside the pane's name. */
export interface Rating {
  readonly scope: SheetScopeValue;
  readonly setScope: (scope: SheetScopeValue) => void;
  /** The sheets with an indicator table: the ones to choose from. */
  readonly sheets: readonly string[];
  /** The chosen sheets; all when `undefined`. */
  readonly scopeSheets: readonly string[] | undefined;
  /** The run's progress while it runs. */
  readonly progress: Progress | undefined;
  /** Why Rate cannot run, whatever else the pane is doing. */
  readonly blocked: string | undefined;
  /** Rates the sheets in scope, with every panel's controls locked. */
  readonly start: () => void;
  readonly cancel: () => void;
}

export interface UseRatingOptions {
  readonly actions: Pick<HostActions, "rate">;
  readonly pane: PaneTools;
  /** The latest analysis: the sheets with a table are the ones to choose from. */
  readonly analysis: RunResult | undefined;
  /** A rating finished. */
  readonly onResult: (result: RunResult) => void;
}

/** Which sheets to rate, and the run itself: progress, Cancel, the result or the error. */
export function useRating({ actions, pane, analysis, onResult }: UseRatingOptions): Rating {
  const [scope, setScope] = React.useState<SheetScopeValue>({ kind: "all" });
  const [progress, setProgress] = React.useState<Progress>();
  const controller = React.useRef<AbortController | undefined>(undefined);
  const mounted = useMounted();
  React.useEffect(() => () => controller.current?.abort(), []);

  const sheets = React.useMemo(
    () => (analysis?.sheets ?? []).filter((s) => s.tables.length > 0).map((s) => s.name),
    [analysis]
  );
  const scopeSheets = scope.kind === "chosen" ? scope.sheets : undefined;
  const blocked =
    scope.kind === "chosen" && scope.sheets.length === 0
      ? "Choose at least one sheet to rate."
      : analysis !== undefined && sheets.length === 0
        ? "There is no indicator table to rate."
        : undefined;

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

  return {
    scope,
    setScope,
    sheets,
    scopeSheets,
    progress,
    blocked,
    start: () => void pane.lock(rate, "rating"),
    cancel: () => controller.current?.abort(),
  };
}

export interface RateButtonProps {
  readonly rating: Rating;
  readonly activity: Activity;
  readonly size?: "small" | "medium";
  readonly children?: React.ReactNode;
}

/** Rate (primary): waits while any action runs, a rating included. */
export function RateButton({
  rating,
  activity,
  size = "medium",
  children = "Rate",
}: RateButtonProps): React.JSX.Element {
  return (
    <Button
      appearance="primary"
      size={size}
      disabledFocusable={
        activity !== "idle" || rating.blocked !== undefined || rating.progress !== undefined
      }
      onClick={rating.start}
    >
      {children}
    </Button>
  );
}

/** While rating: a labelled progress bar and Cancel (disabled, with the reason, once writing starts). */
export function RateProgress({ rating }: { readonly rating: Rating }): React.JSX.Element | null {
  const cancelHintId = React.useId();
  const { progress } = rating;
  if (!progress) return null;
  const writing = progress.stage === "writing" || progress.stage === "done";
  return (
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
          onClick={rating.cancel}
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
  );
}

export interface RatePanelProps {
  readonly actions: Pick<HostActions, "analyse" | "clear">;
  readonly pane: PaneTools;
  readonly activity: Activity;
  readonly rating: Rating;
  /** The ratings were removed: the last rating's results no longer hold. */
  readonly onCleared: () => void;
}

/**
 * "Rate": which sheets, the Rate button, and while rating a labelled progress
 * bar and Cancel; Clear ratings beside it on the same sheets.
 */
export function RatePanel({
  actions,
  pane,
  activity,
  rating,
  onCleared,
}: RatePanelProps): React.JSX.Element {
  const styles = useStyles();
  const disabled = activity !== "idle";
  const noSheetChosen = rating.scope.kind === "chosen" && rating.scope.sheets.length === 0;
  return (
    <PanelSection title="Rate">
      <SheetScope
        sheets={rating.sheets}
        value={rating.scope}
        disabled={disabled}
        onChange={rating.setScope}
      />
      <div className={styles.stack}>
        <div className={styles.row}>
          <RateButton rating={rating} activity={activity} />
          <ClearPanel
            actions={actions}
            pane={pane}
            disabled={disabled || noSheetChosen}
            sheets={rating.scopeSheets}
            onCleared={onCleared}
          />
        </div>
        {rating.blocked && !rating.progress && <Caption1>{rating.blocked}</Caption1>}
        <RateProgress rating={rating} />
      </div>
    </PanelSection>
  );
}
