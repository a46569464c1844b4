// Placeholder task pane: shows what the add-in is, and explains itself when opened outside Excel.
import * as React from "react";
import { createRoot } from "react-dom/client";
import {
  Body1,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Title2,
  makeStyles,
  tokens,
  webLightTheme,
} from "@fluentui/react-components";
import { detectHost, type HostKind } from "./host";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
  },
  heading: { margin: 0 },
});

export function App() {
  const styles = useStyles();
  const [host, setHost] = React.useState<HostKind | "detecting">("detecting");

  React.useEffect(() => {
    let live = true;
    void detectHost().then((kind) => {
      if (live) setHost(kind);
    });
    return () => {
      live = false;
    };
  }, []);

  return (
    <main className={styles.root}>
      <Title2 as="h1" className={styles.heading}>
        Scorecard RAG
      </Title2>
      <Body1>
        Rates your council&apos;s scorecard indicators Red, Amber or Green with your own rules, adds
        trends, and flags outliers and data problems.
      </Body1>
      {host === "detecting" && <Spinner size="tiny" label="Connecting to Excel…" />}
      {host === "excel" && <Body1>Connected to Excel. Open a scorecard workbook to begin.</Body1>}
      {host === "none" && (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>Not running in Excel</MessageBarTitle>
            Scorecard RAG runs inside Excel. Open it from the Home tab in Excel (see README): choose
            Rate scorecard in the Scorecard RAG group. This page was opened outside Excel, so it
            cannot read a workbook.
          </MessageBarBody>
        </MessageBar>
      )}
    </main>
  );
}

const container = document.getElementById("root");
if (container) {
  createRoot(container).render(
    <FluentProvider theme={webLightTheme}>
      <App />
    </FluentProvider>
  );
}
