import * as React from "react";
import {
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { PaneFrame } from "./PaneFrame";

const useStyles = makeStyles({
  steps: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

export type OutsideReason =
  /** Office did not report an Excel host: a plain browser, or another Office app. */
  | { readonly kind: "no-excel" }
  /** Excel answered but the add-in could not connect to it. */
  | { readonly kind: "failed"; readonly message: string };

/** What the page shows when it cannot work on a workbook, instead of a blank page. */
export function OutsideExcel({ reason }: { readonly reason: OutsideReason }): React.JSX.Element {
  const styles = useStyles();
  return (
    <PaneFrame>
      {reason.kind === "no-excel" ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Scorecard RAG must run inside Excel</MessageBarTitle>
            This page was opened outside Excel, so there is no workbook to rate. Nothing was
            changed.
          </MessageBarBody>
        </MessageBar>
      ) : (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Scorecard RAG could not connect to Excel</MessageBarTitle>
            {reason.message} Nothing was changed. Close the Scorecard RAG pane and open it again
            from the Home tab; if this keeps happening, restart Excel.
          </MessageBarBody>
        </MessageBar>
      )}
      {reason.kind === "no-excel" && (
        <section aria-label="How to open Scorecard RAG">
          <ol className={styles.steps}>
            <li>Open your scorecard workbook in Excel (desktop or on the web).</li>
            <li>On the Home tab, choose Scorecard RAG.</li>
            <li>The pane lists the indicator tables it found; choose Rate.</li>
          </ol>
        </section>
      )}
    </PaneFrame>
  );
}
