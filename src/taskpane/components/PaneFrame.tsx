import * as React from "react";
import { makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalL,
    padding: tokens.spacingHorizontalM,
    minHeight: "100vh",
    boxSizing: "border-box",
  },
  h1: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

/** The page: the add-in's name as its heading, then the content. */
export function PaneFrame({ children }: { readonly children: React.ReactNode }): React.JSX.Element {
  const styles = useStyles();
  return (
    <main className={styles.root}>
      <h1 className={styles.h1}>Scorecard RAG</h1>
      {children}
    </main>
  );
}
