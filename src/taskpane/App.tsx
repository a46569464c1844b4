import * as React from "react";
import { Button, FluentProvider, Spinner, makeStyles, tokens } from "@fluentui/react-components";
import type { HostActions } from "../session/host-actions";
import type { RunResult } from "../workbook/run";
import type { StoredSettings } from "../workbook/state";
import { DistrictOverview } from "./components/DistrictOverview";
import { FlagsPanel } from "./components/FlagsPanel";
import { useMounted } from "./components/hooks";
import { PaneMessages, type Notice, type PaneError } from "./components/Messages";
import {
  SetupSummary,
  useViewIds,
  useViewScroll,
  ViewPanel,
  ViewTabs,
  type SetupState,
} from "./components/Navigation";
import { messageOf, NEXT, type Activity, type PaneTools } from "./components/pane";
import { PaneFrame } from "./components/PaneFrame";
import { RateButton, RatePanel, RateProgress, useRating } from "./components/RatePanel";
import { ResultsPanel } from "./components/ResultsPanel";
import { RulesPanel } from "./components/RulesPanel";
import { TablesPanel } from "./components/TablesPanel";
import { indicatorAt } from "./components/indicator-text";
import { cellRef } from "./components/text";
import { themeFromOffice, type OfficeThemeLike } from "./components/theme";
import type { IndicatorRef, PaneView } from "./components/views";

// The indicator detail (and its charts) loads on first use, as a chunk of its own.
const IndicatorDetail = React.lazy(
  () => import(/* webpackChunkName: "indicator-detail" */ "./components/IndicatorDetail")
);

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
  stack: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalL },
});

/**
 * The Scorecard RAG task pane: find tables, review mappings, choose rules, rate,
 * clear (Set up); then the results, the flags, the districts and one indicator,
 * each a view of its own.
 */
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

/** Whether a selection's address (`H9`, `$H$9`) is the cell the pane selected. */
function sameCell(cell: string, address: string): boolean {
  const plain = (a: string): string => a.replace(/\$/g, "").toUpperCase();
  return plain(cell) === plain(address);
}

function sameIndicator(a: IndicatorRef, b: IndicatorRef): boolean {
  return a.sheet === b.sheet && a.code === b.code && a.sheetRow === b.sheetRow;
}

function activityOf(running: Running, analysing: boolean): Activity {
  if (running.rating > 0) return "rating";
  if (analysing) return "analysing";
  return running.busy > 0 ? "busy" : "idle";
}

/**
 * What the panels share: the latest analysis and rating, the saved settings,
 * the messages (error, notice, live region), what the pane is doing, and which
 * view is shown. Each panel keeps its own state (kept while another view is
 * shown) and calls the host actions it needs.
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
  // The cell the pane itself last selected: its selection event is not the user choosing a row.
  const ownSelection = React.useRef<{ readonly sheet: string; readonly cell: string }>();

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
        ownSelection.current = { sheet, cell };
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

  const [view, setView] = React.useState<PaneView>("setup");
  const [indicator, setIndicator] = React.useState<IndicatorRef>();
  const [setup, setSetup] = React.useState<SetupState>("collapsed");
  // Views whose panel has been shown: kept mounted (hidden) once opened, so each keeps its state.
  const [opened, setOpened] = React.useState<ReadonlySet<PaneView>>(() => new Set(["setup"]));
  const ids = useViewIds();
  const scroll = useViewScroll(view, result);
  const panels = React.useRef<Partial<Record<PaneView, HTMLDivElement | null>>>({});
  const [focusRequest, setFocusRequest] = React.useState(0);
  const rated = React.useRef(false);

  /** Shows a view; `focus` moves focus to its panel (named by its tab), for a change the user did not make on the tabs. */
  const show = React.useCallback((next: PaneView, move: "focus" | "stay" = "stay") => {
    setView(next);
    setOpened((o) => (o.has(next) ? o : new Set(o).add(next)));
    if (move === "focus") setFocusRequest((n) => n + 1);
  }, []);

  React.useLayoutEffect(() => {
    if (focusRequest > 0) panels.current[view]?.focus({ preventScroll: true });
    // Only a new request moves focus, not a tab the user chose (the view is read, not watched).
  }, [focusRequest]);

  const onRated = (next: RunResult): void => {
    setResult(next);
    // The first rating opens the results; a re-rate keeps the view (and its scroll position).
    if (!rated.current) {
      rated.current = true;
      setSetup("collapsed");
      show("results", "focus");
    }
  };
  const rating = useRating({ actions, pane, analysis, onResult: onRated });

  const onCleared = (): void => {
    rated.current = false;
    setResult(undefined);
    setIndicator(undefined);
    setOffer(undefined);
    setOpened(new Set(["setup"]));
    scroll.forget();
    show("setup");
  };

  const open = React.useCallback(
    (ref: IndicatorRef) => {
      setIndicator(ref);
      show("detail", "focus");
    },
    [show]
  );

  // A row selected in Excel: the indicator on it becomes Detail's; shown at once on Detail, offered elsewhere.
  const [offer, setOffer] = React.useState<IndicatorRef>();
  const onSelection = (sheet: string, address: string): void => {
    const own = ownSelection.current;
    ownSelection.current = undefined;
    if (!result) return;
    if (own && own.sheet === sheet && sameCell(own.cell, address)) return;
    const ref = indicatorAt(result, sheet, address);
    if (!ref) {
      setOffer(undefined);
      return;
    }
    const same = indicator !== undefined && sameIndicator(indicator, ref);
    setIndicator(ref);
    if (view === "detail") {
      setOffer(undefined);
      if (!same) pane.say(`Detail shows ${ref.code} on ${ref.sheet}.`);
    } else if (!offer || !sameIndicator(offer, ref)) {
      setOffer(ref);
      pane.say(
        `${ref.code} on ${ref.sheet} selected: open it in Detail with the button under the tabs.`
      );
    }
  };
  const selectionListener = React.useRef(onSelection);
  React.useEffect(() => {
    selectionListener.current = onSelection;
  });
  const watching = result !== undefined;
  React.useEffect(() => {
    if (!watching) return undefined;
    let stop: (() => Promise<void>) | undefined;
    let ended = false;
    const unsubscribe = (stopping: () => Promise<void>): void => {
      stopping().catch(() => {});
    };
    host.current
      .watchSelection?.((sheet, address) => selectionListener.current(sheet, address))
      .then(
        (stopping) => {
          if (ended) unsubscribe(stopping);
          else stop = stopping;
        },
        // A host that cannot watch the selection: rows open from the flags and districts only.
        () => {}
      );
    return () => {
      ended = true;
      if (stop) unsubscribe(stop);
    };
  }, [watching]);
  React.useEffect(() => {
    if (view === "detail") setOffer(undefined);
  }, [view]);

  const chartInWorkbook = (rated: RunResult, ref: IndicatorRef): void => {
    void pane.lock(async () => {
      const outcome = await pane.attempt("Could not add the chart", NEXT.sheet, () =>
        actions.createChart(rated, ref)
      );
      if (!outcome) return;
      if ("name" in outcome)
        pane.announce(`Chart of ${ref.code} added beside its table on "${ref.sheet}".`);
      else pane.announce("unsupported" in outcome ? outcome.unsupported : outcome.problem, "info");
    });
  };

  const createOverview = (rated: RunResult): void => {
    void pane.lock(async () => {
      const name = await pane.attempt("Could not create the Overview sheet", NEXT.sheet, () =>
        actions.createOverviewSheet(rated)
      );
      if (name !== undefined)
        pane.announce(`${name === "Overview" ? "Overview" : `"${name}"`} sheet created.`);
    });
  };

  // A new error shows at the top of the body: bring it into sight.
  React.useEffect(() => {
    if (error && scroll.ref.current) scroll.ref.current.scrollTop = 0;
  }, [error, scroll.ref]);

  const available = new Set<PaneView>(["setup"]);
  if (result) for (const v of ["results", "flags", "districts"] as const) available.add(v);
  if (result && indicator) available.add("detail");
  const setupId = `${ids.panel("setup")}-details`;
  const collapsed = result !== undefined && setup === "collapsed";
  const panelRef = (v: PaneView) => (element: HTMLDivElement | null) => {
    panels.current[v] = element;
  };

  return (
    <PaneFrame
      action={
        result &&
        view !== "setup" && (
          <RateButton rating={rating} activity={activity} size="small">
            Rate again
          </RateButton>
        )
      }
      header={
        <>
          <ViewTabs
            ids={ids}
            view={view}
            available={available}
            hint={
              result
                ? undefined
                : "Rate first: Results, Flags and Districts open once the workbook is rated."
            }
            onSelect={show}
          />
          {offer && view !== "detail" && (
            <div>
              <Button
                size="small"
                onClick={() => {
                  setOffer(undefined);
                  show("detail", "focus");
                }}
              >
                {`Open ${offer.code} (${offer.sheet}) in Detail`}
              </Button>
            </div>
          )}
          {view !== "setup" && <RateProgress rating={rating} />}
        </>
      }
      bodyRef={scroll.ref}
      onBodyScroll={scroll.onScroll}
    >
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
      <ViewPanel ids={ids} view="setup" current={view} ref={panelRef("setup")}>
        {result && (
          <SetupSummary
            analysis={analysis}
            settings={settings}
            state={setup}
            controls={setupId}
            onToggle={() => setSetup((s) => (s === "expanded" ? "collapsed" : "expanded"))}
          />
        )}
        <div id={setupId} hidden={collapsed} className={collapsed ? undefined : styles.stack}>
          <TablesPanel {...panel} analysis={analysis} />
          <RulesPanel
            {...panel}
            analysis={analysis}
            settings={settings}
            onSettingsChange={setSettings}
          />
        </div>
        <RatePanel {...panel} rating={rating} onCleared={onCleared} />
      </ViewPanel>
      <ViewPanel ids={ids} view="results" current={view} ref={panelRef("results")}>
        {result && (
          <ResultsPanel {...panel} result={result} onShowFlags={() => show("flags", "focus")} />
        )}
      </ViewPanel>
      <ViewPanel ids={ids} view="flags" current={view} ref={panelRef("flags")}>
        {result && <FlagsPanel result={result} onSelectCell={pane.selectCell} onOpen={open} />}
      </ViewPanel>
      <ViewPanel ids={ids} view="districts" current={view} ref={panelRef("districts")}>
        {result && opened.has("districts") && (
          <>
            <DistrictOverview result={result} onOpen={open} onSelectCell={pane.selectCell} />
            <div>
              <Button
                disabledFocusable={activity !== "idle"}
                onClick={() => createOverview(result)}
              >
                Create Overview sheet
              </Button>
            </div>
          </>
        )}
      </ViewPanel>
      <ViewPanel ids={ids} view="detail" current={view} ref={panelRef("detail")}>
        {result && indicator && opened.has("detail") && (
          <React.Suspense fallback={<Spinner label="Loading chart" />}>
            <IndicatorDetail
              result={result}
              indicator={indicator}
              onSelectCell={pane.selectCell}
              onChartInWorkbook={(ref) => chartInWorkbook(result, ref)}
              busy={activity !== "idle"}
            />
          </React.Suspense>
        )}
      </ViewPanel>
    </PaneFrame>
  );
}
