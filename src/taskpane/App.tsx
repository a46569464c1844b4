import * as React from "react";
import {
  Button,
  FluentProvider,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { HostActions, Progress, WrittenRules } from "./actions";
import type { MappingOverride } from "../workbook/detect";
import type { LearnedRules } from "../workbook/learn-rules";
import type { RunOptions, RunResult } from "../workbook/run";
import type { StoredSettings } from "../workbook/state";
import { ClearRatings } from "./components/ClearRatings";
import { LearnRules, writtenSummary } from "./components/LearnRules";
import { ErrorBar, WarningList, type PaneError } from "./components/Messages";
import { RatePanel } from "./components/RatePanel";
import { Results } from "./components/Results";
import { RuleDefaults } from "./components/RuleDefaults";
import { SheetScope, type SheetScopeValue } from "./components/SheetScope";
import { TableList } from "./components/TableList";
import { allCodes, cellRef, plural, ratingSummary, tableName } from "./components/text";
import { themeFromOffice, type OfficeThemeLike } from "./components/theme";

export { themeFromOffice, type OfficeThemeLike } from "./components/theme";

export interface AppProps {
  readonly actions: HostActions;
  /** `Office.context.officeTheme` (or any object with its colours); light when absent. */
  readonly theme?: OfficeThemeLike;
}

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalL,
    padding: tokens.spacingHorizontalM,
    minHeight: "100vh",
    boxSizing: "border-box",
  },
  section: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  h1: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  h2: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  headingRow: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    columnGap: tokens.spacingHorizontalS,
  },
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

interface Notice {
  readonly intent: "success" | "info";
  readonly text: string;
}

/** What to do next when each host action fails (its message already says what and where). */
const NEXT = {
  analyse:
    "Press Esc in Excel if a cell is being edited, then choose Analyse again. Nothing was changed.",
  rate: "Fix the cell or sheet named above (or correct the column mapping), then choose Rate again. Rating again rewrites only Scorecard RAG's own columns.",
  clear:
    "Check that the sheet is not protected and no cell is being edited, then choose Clear ratings again.",
  select: "The sheet may have been renamed or deleted: choose Analyse again to refresh the list.",
  save: "Your change was not saved. Check that the workbook is not read-only or protected, then try again.",
  sheet:
    "Check that the workbook structure is not protected (Review > Protect Workbook), then try again.",
  load: "The default rule is shown instead; choose a rule to save it again.",
  learn:
    "Press Esc in Excel if a cell is being edited, then choose Learn rules again. Nothing was changed.",
  writeRules:
    "Nothing was written. Check that the Rules sheet is not protected (Review > Unprotect Sheet) and no cell is being edited, then choose Write to Rules sheet again.",
} as const;

function messageOf(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  if (typeof cause === "string") return cause;
  return "An unknown error occurred.";
}

function pluralSheets(names: readonly string[]): string {
  return `${plural(names.length, "sheet")}${names.length ? `: ${names.join(", ")}` : ""}`;
}

/** The Scorecard RAG task pane: find tables, review mappings, choose rules, rate, review flags, clear. */
export function App({ actions, theme }: AppProps): React.JSX.Element {
  const fluentTheme = React.useMemo(() => themeFromOffice(theme), [theme]);
  return (
    <FluentProvider theme={fluentTheme}>
      <Pane actions={actions} />
    </FluentProvider>
  );
}

function Pane({ actions }: { readonly actions: HostActions }): React.JSX.Element {
  const styles = useStyles();
  const [analysis, setAnalysis] = React.useState<RunResult>();
  const [analysing, setAnalysing] = React.useState(false);
  const [settings, setSettings] = React.useState<StoredSettings>({});
  const [scope, setScope] = React.useState<SheetScopeValue>({ kind: "all" });
  const [progress, setProgress] = React.useState<Progress>();
  const [result, setResult] = React.useState<RunResult>();
  const [busy, setBusy] = React.useState(false);
  const [notice, setNotice] = React.useState<Notice>();
  const [error, setError] = React.useState<PaneError>();
  const [announcement, setAnnouncement] = React.useState("");
  const controller = React.useRef<AbortController | undefined>(undefined);
  // The latest actions, so a host that passes a new object each render does not re-run the opening analysis.
  const host = React.useRef(actions);
  React.useEffect(() => {
    host.current = actions;
  }, [actions]);
  const ids = {
    tables: React.useId(),
    rules: React.useId(),
    rate: React.useId(),
    results: React.useId(),
  };
  const mounted = React.useRef(true);

  React.useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      controller.current?.abort();
    };
  }, []);

  const announce = React.useCallback((text: string, intent: Notice["intent"] = "success") => {
    setNotice({ intent, text });
    setAnnouncement(text);
  }, []);

  /** Runs a host action; a rejection becomes the error bar and `undefined`. */
  const attempt = React.useCallback(
    async <T,>(title: string, next: string, run: () => Promise<T>): Promise<T | undefined> => {
      try {
        const value = await run();
        return value;
      } catch (cause) {
        if (mounted.current) setError({ title, message: messageOf(cause), next });
        return undefined;
      }
    },
    []
  );

  const analyse = React.useCallback(async () => {
    setAnalysing(true);
    const found = await attempt("Could not read the workbook", NEXT.analyse, () =>
      host.current.analyse()
    );
    if (!mounted.current) return;
    if (found) setAnalysis(found);
    setAnalysing(false);
  }, [attempt]);

  React.useEffect(() => {
    void analyse();
    void attempt("Could not read the saved settings", NEXT.load, () =>
      host.current.loadSettings()
    ).then((saved) => {
      if (saved && mounted.current) setSettings(saved);
    });
  }, [analyse, attempt]);

  /** Runs a non-rating action with the controls disabled. */
  const withBusy = async <T,>(run: () => Promise<T>): Promise<T> => {
    setBusy(true);
    try {
      return await run();
    } finally {
      if (mounted.current) setBusy(false);
    }
  };

  const ratedSheets = React.useMemo(
    () => (analysis?.sheets ?? []).filter((s) => s.tables.length > 0).map((s) => s.name),
    [analysis]
  );
  const scopeSheets = scope.kind === "chosen" ? scope.sheets : undefined;
  const rating = progress !== undefined;
  const disabled = busy || rating || analysing;

  const saveMapping = (tableId: string, override: MappingOverride): void => {
    const table = analysis?.sheets.flatMap((s) => s.tables).find((t) => t.id === tableId);
    void withBusy(async () => {
      const saved = await attempt("Could not save the column mapping", NEXT.save, async () => {
        await host.current.saveMappingOverride(tableId, override);
        return true;
      });
      if (!saved) return;
      announce(
        `Mapping saved for ${table ? tableName(table) : tableId}. The tables were analysed again.`
      );
      await analyse();
    });
  };

  const saveSettings = (next: StoredSettings): void => {
    const previous = settings;
    setSettings(next);
    void withBusy(async () => {
      const saved = await attempt("Could not save the rule defaults", NEXT.save, async () => {
        await host.current.saveSettings(next);
        return true;
      });
      if (!mounted.current) return;
      if (saved) announce("Rule defaults saved in the workbook.");
      else setSettings(previous);
    });
  };

  const createRulesSheet = (): void => {
    const codes = analysis ? allCodes(analysis) : [];
    void withBusy(async () => {
      const done = await attempt("Could not create the Rules sheet", NEXT.sheet, async () => {
        await host.current.createRulesSheet(codes);
        return true;
      });
      if (!done) return;
      announce(
        `Rules sheet created with ${plural(codes.length, "indicator code")}. Fill in the rules that differ from the default, then choose Rate.`
      );
      await analyse();
    });
  };

  const learnRules = (): Promise<LearnedRules | undefined> =>
    withBusy(() =>
      attempt("Could not learn the rules", NEXT.learn, () => host.current.learnRules())
    );

  const writeLearnedRules = (learned: LearnedRules): Promise<WrittenRules | undefined> =>
    withBusy(async () => {
      const written = await attempt("Could not write the Rules sheet", NEXT.writeRules, () =>
        host.current.writeLearnedRules(learned)
      );
      if (!written) return undefined;
      // The message stays beside the proposal it replaces; the live region says it too.
      setAnnouncement(writtenSummary(written));
      await analyse();
      return written;
    });

  const rate = async (): Promise<void> => {
    const abort = new AbortController();
    controller.current = abort;
    setError(undefined);
    setNotice(undefined);
    setAnnouncement("");
    setProgress({ stage: "reading", fraction: 0, message: "Starting…" });
    const options: RunOptions = scopeSheets ? { sheets: scopeSheets } : {};
    try {
      const rated = await host.current.rate(
        options,
        (p) => {
          if (mounted.current && !abort.signal.aborted) setProgress(p);
        },
        abort.signal
      );
      if (!mounted.current) return;
      setResult(rated);
      const summary = ratingSummary(rated);
      setAnnouncement(summary);
    } catch (cause) {
      if (!mounted.current) return;
      if (abort.signal.aborted) announce("Rating cancelled; nothing was written.", "info");
      else
        setError({
          title: "Could not rate the workbook",
          message: messageOf(cause),
          next: NEXT.rate,
        });
    } finally {
      if (controller.current === abort) controller.current = undefined;
      if (mounted.current) setProgress(undefined);
    }
  };

  const cancel = (): void => controller.current?.abort();

  const prepareClear = async (): Promise<readonly string[] | undefined> => {
    const plan = await attempt("Could not check what to clear", NEXT.analyse, () =>
      host.current.analyse({ mode: "clear", ...(scopeSheets ? { sheets: scopeSheets } : {}) })
    );
    return plan?.plan.sheets.map((s) => s.sheet);
  };

  const clear = (): void => {
    void withBusy(async () => {
      const cleared = await attempt("Could not clear the ratings", NEXT.clear, () =>
        host.current.clear(scopeSheets)
      );
      if (!cleared) return;
      setResult(undefined);
      announce(`Removed Scorecard RAG's columns from ${pluralSheets(cleared.clearedSheets)}.`);
      await analyse();
    });
  };

  const selectCell = (sheet: string, cell: string): void => {
    void attempt(`Could not select ${cellRef(sheet, cell)}`, NEXT.select, () =>
      host.current.selectCell(sheet, cell)
    );
  };

  const createFindings = (): void => {
    if (!result) return;
    const count = result.sheets
      .flatMap((s) => s.tables)
      .reduce((n, t) => n + t.rows.reduce((m, r) => m + r.flags.length, 0), 0);
    void withBusy(async () => {
      const done = await attempt("Could not create the Findings sheet", NEXT.sheet, async () => {
        await host.current.createFindingsSheet(result);
        return true;
      });
      if (done) announce(`Findings sheet created with ${plural(count, "flag")}.`);
    });
  };

  const shown = result ?? analysis;
  const problems = new Set((shown?.sheets ?? []).map((s) => s.problem).filter(Boolean));
  const warnings = (shown?.warnings ?? []).filter(
    (w) => !(w.severity === "info" && problems.has(w.message))
  );
  const noSheetChosen = scope.kind === "chosen" && scope.sheets.length === 0;
  const nothingToRate = analysis !== undefined && ratedSheets.length === 0;

  return (
    <main className={styles.root}>
      <h1 className={styles.h1}>Scorecard RAG</h1>
      <div
        role="status"
        aria-label="Announcements"
        aria-live="polite"
        aria-atomic="true"
        className={styles.visuallyHidden}
      >
        {announcement}
      </div>

      <section aria-label="Messages" className={styles.section}>
        <div role="alert">
          {error && <ErrorBar error={error} onDismiss={() => setError(undefined)} />}
        </div>
        {notice && (
          <MessageBar intent={notice.intent} layout="multiline">
            <MessageBarBody>{notice.text}</MessageBarBody>
            <MessageBarActions
              containerAction={
                <Button
                  appearance="transparent"
                  aria-label="Dismiss message"
                  onClick={() => setNotice(undefined)}
                >
                  ✕
                </Button>
              }
            />
          </MessageBar>
        )}
        <WarningList warnings={warnings} onSelectCell={selectCell} />
      </section>

      <section className={styles.section} aria-labelledby={ids.tables}>
        <div className={styles.headingRow}>
          <h2 id={ids.tables} className={styles.h2}>
            Indicator tables
          </h2>
          <Button size="small" disabledFocusable={disabled} onClick={() => void analyse()}>
            Analyse again
          </Button>
        </div>
        {analysing && !analysis && <Spinner size="small" label="Reading the workbook…" />}
        {analysis && (
          <TableList result={analysis} disabled={disabled} onSaveMapping={saveMapping} />
        )}
      </section>

      <section className={styles.section} aria-labelledby={ids.rules}>
        <h2 id={ids.rules} className={styles.h2}>
          Rules
        </h2>
        <RuleDefaults
          settings={settings}
          disabled={rating}
          busy={disabled}
          onSave={saveSettings}
          onCreateRulesSheet={createRulesSheet}
        />
        <LearnRules
          disabled={disabled}
          onLearn={learnRules}
          onWrite={writeLearnedRules}
          onSelectCell={selectCell}
          onAnnounce={setAnnouncement}
        />
      </section>

      <section className={styles.section} aria-labelledby={ids.rate}>
        <h2 id={ids.rate} className={styles.h2}>
          Rate
        </h2>
        <SheetScope sheets={ratedSheets} value={scope} disabled={disabled} onChange={setScope} />
        <RatePanel
          progress={progress}
          disabled={disabled || noSheetChosen || nothingToRate}
          disabledReason={
            noSheetChosen
              ? "Choose at least one sheet to rate."
              : nothingToRate
                ? "There is no indicator table to rate."
                : undefined
          }
          onRate={() => void rate()}
          onCancel={cancel}
        >
          <ClearRatings
            disabled={disabled || noSheetChosen}
            onPrepare={prepareClear}
            onConfirm={clear}
          />
        </RatePanel>
      </section>

      {result && (
        <section className={styles.section} aria-labelledby={ids.results}>
          <h2 id={ids.results} className={styles.h2}>
            Results
          </h2>
          <Results
            result={result}
            summary={ratingSummary(result)}
            disabled={disabled}
            onSelectCell={selectCell}
            onCreateFindingsSheet={createFindings}
          />
        </section>
      )}
    </main>
  );
}
