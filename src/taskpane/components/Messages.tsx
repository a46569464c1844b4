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
import type { Message, RunResult } from "../../workbook/run";
import { useShowAll, ShowAllButton } from "./ShowAll";
import { cellRef } from "./text";

/** A failed host action: what went wrong (the workbook layer names sheet and cell) and what to do next. */
export interface PaneError {
  readonly title: string;
  readonly message: string;
  readonly next: string;
}

export type NoticeIntent = "success" | "info";

/** What an action did, shown until dismissed or the next run. */
export interface Notice {
  readonly intent: NoticeIntent;
  readonly text: string;
}

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  next: { display: "block", marginTop: tokens.spacingVerticalXS },
});

/** The ✕ of a message bar; `label` says which message it dismisses. */
export function DismissAction({
  label,
  onDismiss,
}: {
  readonly label: string;
  readonly onDismiss: () => void;
}): React.JSX.Element {
  return (
    <MessageBarActions
      containerAction={
        <Button appearance="transparent" aria-label={label} onClick={onDismiss}>
          ✕
        </Button>
      }
    />
  );
}

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
      <DismissAction label="Dismiss error" onDismiss={onDismiss} />
    </MessageBar>
  );
}

export function NoticeBar({
  notice,
  onDismiss,
}: {
  readonly notice: Notice;
  readonly onDismiss: () => void;
}): React.JSX.Element {
  return (
    <MessageBar intent={notice.intent} layout="multiline">
      <MessageBarBody>{notice.text}</MessageBarBody>
      <DismissAction label="Dismiss message" onDismiss={onDismiss} />
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
  const list = useShowAll(warnings, COLLAPSED);
  if (warnings.length === 0) return null;
  return (
    <section aria-label="Warnings" className={styles.stack}>
      <div id={list.listId} className={styles.stack}>
        {list.shown.map((w, i) => (
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
      <ShowAllButton list={list} more={`Show all ${warnings.length} messages`} fewer="Show fewer" />
    </section>
  );
}

/** The warnings of a run, less the notes that repeat why a sheet has no table (the table list says it). */
export function paneWarnings(shown: RunResult | undefined): Message[] {
  const problems = new Set((shown?.sheets ?? []).map((s) => s.problem).filter(Boolean));
  return (shown?.warnings ?? []).filter((w) => !(w.severity === "info" && problems.has(w.message)));
}

export interface PaneMessagesProps {
  readonly error: PaneError | undefined;
  readonly notice: Notice | undefined;
  /** The latest rating, else the latest analysis: its warnings are listed. */
  readonly shown: RunResult | undefined;
  readonly onDismissError: () => void;
  readonly onDismissNotice: () => void;
  readonly onSelectCell: (sheet: string, cell: string) => void;
}

/** The pane's message area: the error (in an alert region), the last notice, the run's warnings. */
export function PaneMessages({
  error,
  notice,
  shown,
  onDismissError,
  onDismissNotice,
  onSelectCell,
}: PaneMessagesProps): React.JSX.Element {
  const styles = useStyles();
  const warnings = React.useMemo(() => paneWarnings(shown), [shown]);
  return (
    <section aria-label="Messages" className={styles.stack}>
      <div role="alert">{error && <ErrorBar error={error} onDismiss={onDismissError} />}</div>
      {notice && <NoticeBar notice={notice} onDismiss={onDismissNotice} />}
      <WarningList warnings={warnings} onSelectCell={onSelectCell} />
    </section>
  );
}
