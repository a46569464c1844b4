import * as React from "react";
import {
  Button,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { Message } from "../../workbook/run";
import { cellRef } from "./text";

/** A failed host action: what went wrong (the workbook layer names sheet and cell) and what to do next. */
export interface PaneError {
  readonly title: string;
  readonly message: string;
  readonly next: string;
}

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  next: { display: "block", marginTop: tokens.spacingVerticalXS },
});

export function ErrorBar({
  error,
  onDismiss,
}: {
  readonly error: PaneError;
  readonly onDismiss: () => void;
}): React.JSX.Element {
  const styles = useStyles();
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{error.title}</MessageBarTitle>
        {error.message}
        <span className={styles.next}>{error.next}</span>
      </MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button appearance="transparent" aria-label="Dismiss error" onClick={onDismiss}>
            ✕
          </Button>
        }
      />
    </MessageBar>
  );
}

const INTENT = { error: "error", warning: "warning", info: "info" } as const;
const COLLAPSED = 3;

export interface WarningListProps {
  readonly warnings: readonly Message[];
  readonly onSelectCell: (sheet: string, cell: string) => void;
}

/** The run's warnings as message bars, the first three shown and the rest behind "Show all". */
export function WarningList({
  warnings,
  onSelectCell,
}: WarningListProps): React.JSX.Element | null {
  const styles = useStyles();
  const [expanded, setExpanded] = React.useState(false);
  const listId = React.useId();
  if (warnings.length === 0) return null;
  const shown = expanded ? warnings : warnings.slice(0, COLLAPSED);
  return (
    <section aria-label="Warnings" className={styles.stack}>
      <div id={listId} className={styles.stack}>
        {shown.map((w, i) => (
          <MessageBar key={i} intent={INTENT[w.severity]} layout="multiline">
            <MessageBarBody>
              {w.sheet && w.cell ? (
                <>
                  <Link inline onClick={() => onSelectCell(w.sheet!, w.cell!)}>
                    {cellRef(w.sheet, w.cell)}
                  </Link>
                  {": "}
                </>
              ) : w.sheet ? (
                `${w.sheet}: `
              ) : null}
              {w.message}
            </MessageBarBody>
          </MessageBar>
        ))}
      </div>
      {warnings.length > COLLAPSED && (
        <Button
          appearance="subtle"
          aria-expanded={expanded}
          aria-controls={listId}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? "Show fewer" : `Show all ${warnings.length} messages`}
        </Button>
      )}
    </section>
  );
}
