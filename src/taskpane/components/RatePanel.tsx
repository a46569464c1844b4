import * as React from "react";
import {
  Button,
  Caption1,
  Field,
  ProgressBar,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { Progress } from "../actions";

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
  /** Where the run has got to, while rating. */
  readonly progress: Progress | undefined;
  readonly disabled?: boolean;
  /** Why Rate is disabled, if it is, shown under the button. */
  readonly disabledReason?: string;
  readonly onRate: () => void;
  readonly onCancel: () => void;
  /** Further buttons beside Rate (Clear ratings). */
  readonly children?: React.ReactNode;
}

/** The Rate button, and while rating a labelled progress bar and Cancel. */
export function RatePanel({
  progress,
  disabled,
  disabledReason,
  onRate,
  onCancel,
  children,
}: RatePanelProps): React.JSX.Element {
  const styles = useStyles();
  const writing = progress?.stage === "writing" || progress?.stage === "done";
  const cancelHintId = React.useId();
  return (
    <div className={styles.stack}>
      <div className={styles.row}>
        <Button
          appearance="primary"
          disabledFocusable={disabled || progress !== undefined}
          onClick={onRate}
        >
          Rate
        </Button>
        {children}
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
              onClick={onCancel}
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
  );
}
