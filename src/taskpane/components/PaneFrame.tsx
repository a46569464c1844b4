import * as React from "react";
import { makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    height: "100vh",
    boxSizing: "border-box",
  },
  header: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM} ${tokens.spacingVerticalXS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  titleRow: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
  },
  h1: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  body: {
    flexGrow: 1,
    minHeight: 0,
    overflowY: "auto",
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalL,
    padding: tokens.spacingHorizontalM,
    boxSizing: "border-box",
  },
});

export interface PaneFrameProps {
  /** Beside the add-in's name (the Rate button when set-up is out of sight). */
  readonly action?: React.ReactNode;
  /** Under the name, out of the scrolling body: the view tabs and the rating progress. */
  readonly header?: React.ReactNode;
  /** The scrolling body, so each view can keep its scroll position. */
  readonly bodyRef?: React.Ref<HTMLElement>;
  readonly onBodyScroll?: React.UIEventHandler<HTMLElement>;
  readonly children: React.ReactNode;
}

/**
 * The page, one pane tall: a header with the add-in's name as its heading (and
 * the view tabs), then the content, which scrolls on its own so the header
 * stays in sight.
 */
export function PaneFrame({
  action,
  header,
  bodyRef,
  onBodyScroll,
  children,
}: PaneFrameProps): React.JSX.Element {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <header className={styles.header}>
        <div className={styles.titleRow}>
          <h1 className={styles.h1}>Scorecard RAG</h1>
          {action}
        </div>
        {header}
      </header>
      <main ref={bodyRef} className={styles.body} onScroll={onBodyScroll}>
        {children}
      </main>
    </div>
  );
}
