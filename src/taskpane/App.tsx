import * as React from "react";
import { FluentProvider, makeStyles } from "@fluentui/react-components";
import type { HostActions } from "../session/host-actions";
import type { RunResult } from "../workbook/run";
import type { StoredSettings } from "../workbook/state";
import { useMounted } from "./components/hooks";
import { PaneMessages, type Notice, type PaneError } from "./components/Messages";
import { messageOf, NEXT, type Activity, type PaneTools } from "./components/pane";
import { PaneFrame } from "./components/PaneFrame";
import { RatePanel } from "./components/RatePanel";
import { ResultsPanel } from "./components/ResultsPanel";
import { RulesPanel } from "./components/RulesPanel";
import { TablesPanel } from "./components/TablesPanel";
import { cellRef } from "./components/text";
import { themeFromOffice, type OfficeThemeLike } from "./components/theme";

export { themeFromOffice, type OfficeThemeLike } from "./components/theme";

export interface AppProps {
  readonly actions: HostActions;
  /** `Office.context.officeTheme` (or any object with its colours); light when absent. */
  readonly theme?: OfficeThemeLike;
}

const useStyles = makeStyles({
  visuallyHidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    margin: "-1px",
    padding: 0,
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
    border: 0,
  },
});

/** The Scorecard RAG task pane: find tables, review mappings, choose rules, rate, review flags, clear. */
export function App({ actions, theme }: AppProps): React.JSX.Element {
  const fluentTheme = React.useMemo(() => themeFromOffice(theme), [theme]);
  return (
    <FluentProvider theme={fluentTheme}>
      <Pane actions={actions} />
    </FluentProvider>
  );
}

/** How many actions of each kind are running; the pane's activity follows from it. */
type Running = Readonly<Record<"busy" | "rating", number>>;

function activityOf(running: Running, analysing: boolean): Activity {
  if (running.rating > 0) return "rating";
  if (analysing) return "analysing";
  return running.busy > 0 ? "busy" : "idle";
}

/**
 * What the panels share: the latest analysis and rating, the saved settings,
 * the messages (error, notice, live region) and what the pane is doing. Each
 * panel keeps its own state and calls the host actions it needs.
 */
function Pane({ actions }: { readonly actions: HostActions }): React.JSX.Element {
  const styles = useStyles();
  const [analysis, setAnalysis] = React.useState<RunResult>();
  const [analysing, setAnalysing] = React.useState(false);
  const [result, setResult] = React.useState<RunResult>();
  const [settings, setSettings] = React.useState<StoredSettings>({});
  const [running, setRunning] = React.useState<Running>({ busy: 0, rating: 0 });
  const [error, setError] = React.useState<PaneError>();
  const [notice, setNotice] = React.useState<Notice>();
  const [announcement, setAnnouncement] = React.useState("");
  const mounted = useMounted();
  // The latest actions, so a host that passes a new object each render does not re-run the opening analysis.
  const host = React.useRef(actions);
  React.useEffect(() => {
    host.current = actions;
  }, [actions]);

  const pane = React.useMemo((): PaneTools => {
    const fail = (title: string, cause: unknown, next: string): void => {
      if (mounted.current) setError({ title, message: messageOf(cause), next });
    };
    const attempt = async <T,>(
      title: string,
      next: string,
      run: () => Promise<T>
    ): Promise<T | undefined> => {
      try {
        return await run();
      } catch (cause) {
        fail(title, cause, next);
        return undefined;
      }
    };
    const count = (kind: keyof Running, by: number): void =>
      setRunning((r) => ({ ...r, [kind]: r[kind] + by }));
    return {
      attempt,
      fail,
      async lock(run, kind = "busy") {
        count(kind, 1);
        try {
          return await run();
        } finally {
          if (mounted.current) count(kind, -1);
        }
      },
      announce(text, intent = "success") {
        setNotice({ intent, text });
        setAnnouncement(text);
      },
      say: setAnnouncement,
      clearMessages() {
        setError(undefined);
        setNotice(undefined);
        setAnnouncement("");
      },
      async reanalyse() {
        setAnalysing(true);
        const found = await attempt("Could not read the workbook", NEXT.analyse, () =>
          host.current.analyse()
        );
        if (!mounted.current) return;
        if (found) setAnalysis(found);
        setAnalysing(false);
      },
      selectCell(sheet, cell) {
        void attempt(`Could not select ${cellRef(sheet, cell)}`, NEXT.select, () =>
          host.current.selectCell(sheet, cell)
        );
      },
    };
  }, [mounted]);

  React.useEffect(() => {
    void pane.reanalyse();
    void pane
      .attempt("Could not read the saved settings", NEXT.load, () => host.current.loadSettings())
      .then((saved) => {
        if (saved && mounted.current) setSettings(saved);
      });
  }, [pane, mounted]);

  const activity = activityOf(running, analysing);
  const panel = { actions, pane, activity };

  return (
    <PaneFrame>
      <div
        role="status"
        aria-label="Announcements"
        aria-live="polite"
        aria-atomic="true"
        className={styles.visuallyHidden}
      >
        {announcement}
      </div>
      <PaneMessages
        error={error}
        notice={notice}
        shown={result ?? analysis}
        onDismissError={() => setError(undefined)}
        onDismissNotice={() => setNotice(undefined)}
        onSelectCell={pane.selectCell}
      />
      <TablesPanel {...panel} analysis={analysis} />
      <RulesPanel
        {...panel}
        analysis={analysis}
        settings={settings}
        onSettingsChange={setSettings}
      />
      <RatePanel {...panel} analysis={analysis} onResult={setResult} />
      {result && <ResultsPanel {...panel} result={result} />}
    </PaneFrame>
  );
}
