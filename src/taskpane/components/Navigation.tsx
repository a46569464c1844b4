import * as React from "react";
import {
  Button,
  Caption1,
  Tab,
  TabList,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import type { RunResult } from "../../workbook/run";
import type { StoredSettings } from "../../workbook/state";
import { PRESET_LABEL } from "./RuleDefaults";
import { plural } from "./text";
import type { PaneView } from "./views";

/** The views in tab order, with their tab labels. */
export const VIEWS: readonly PaneView[] = ["setup", "results", "flags", "districts", "detail"];

export const VIEW_LABEL: Readonly<Record<PaneView, string>> = {
  setup: "Set up",
  results: "Results",
  flags: "Flags",
  districts: "Districts",
  detail: "Detail",
};

const useStyles = makeStyles({
  // Five small tabs, a little tighter than Fluent's, fit a 320 px pane; narrower still (or zoomed), they wrap
  // rather than scroll sideways.
  tabs: { flexWrap: "wrap", marginLeft: `calc(-1 * ${tokens.spacingHorizontalXS})` },
  tab: { paddingLeft: tokens.spacingHorizontalXS, paddingRight: tokens.spacingHorizontalXS },
  panel: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalL },
  hidden: { display: "none" },
  summary: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
  },
  summaryText: { minWidth: 0, overflowWrap: "anywhere" },
});

/** The ids that tie each tab to its panel. */
export interface ViewIds {
  readonly tab: (view: PaneView) => string;
  readonly panel: (view: PaneView) => string;
}

export function useViewIds(): ViewIds {
  const base = React.useId();
  return React.useMemo(
    () => ({
      tab: (view) => `${base}tab-${view}`,
      panel: (view) => `${base}panel-${view}`,
    }),
    [base]
  );
}

export interface ViewTabsProps {
  readonly ids: ViewIds;
  readonly view: PaneView;
  /** The views that can be opened now; the others' tabs are disabled. */
  readonly available: ReadonlySet<PaneView>;
  /** Why some tabs are disabled, read with the tab list. */
  readonly hint?: string;
  readonly onSelect: (view: PaneView) => void;
}

/** The views as tabs: arrow keys move between them, Enter or Space opens one. */
export function ViewTabs({
  ids,
  view,
  available,
  hint,
  onSelect,
}: ViewTabsProps): React.JSX.Element {
  const styles = useStyles();
  const hintId = React.useId();
  return (
    <>
      <TabList
        size="small"
        aria-label="Views"
        aria-describedby={hint ? hintId : undefined}
        className={styles.tabs}
        selectedValue={view}
        onTabSelect={(_, data) => {
          const next = VIEWS.find((v) => v === data.value);
          if (next) onSelect(next);
        }}
      >
        {VIEWS.map((v) => (
          <Tab
            key={v}
            value={v}
            id={ids.tab(v)}
            aria-controls={ids.panel(v)}
            className={styles.tab}
            disabled={!available.has(v)}
          >
            {VIEW_LABEL[v]}
          </Tab>
        ))}
      </TabList>
      {hint && <Caption1 id={hintId}>{hint}</Caption1>}
    </>
  );
}

export interface ViewPanelProps {
  readonly ids: ViewIds;
  /** The view this panel shows. */
  readonly view: PaneView;
  /** The view the pane shows now: the panel is hidden unless it is this one. */
  readonly current: PaneView;
  readonly children?: React.ReactNode;
}

/** One view's panel, named by its tab; hidden (but kept, with its state) while another view is shown. */
export const ViewPanel = React.forwardRef<HTMLDivElement, ViewPanelProps>(function ViewPanel(
  { ids, view, current, children },
  ref
) {
  const styles = useStyles();
  const shown = view === current;
  return (
    <div
      ref={ref}
      role="tabpanel"
      id={ids.panel(view)}
      aria-labelledby={ids.tab(view)}
      tabIndex={-1}
      hidden={!shown}
      className={mergeClasses(styles.panel, !shown && styles.hidden)}
    >
      {children}
    </div>
  );
});

/** Where the scrolling body was in each view, so a view (and a re-rate) comes back where it was left. */
export interface ViewScroll {
  readonly ref: React.RefObject<HTMLElement>;
  readonly onScroll: () => void;
  /** Forgets the positions of every view but set-up (the results were cleared). */
  readonly forget: () => void;
}

/**
 * Keeps the scroller's position per view: saved as it scrolls, put back when
 * the view is shown again and when `content` (the rating) changes.
 */
export function useViewScroll(view: PaneView, content: unknown): ViewScroll {
  const ref = React.useRef<HTMLElement>(null);
  const tops = React.useRef<Partial<Record<PaneView, number>>>({});
  const shown = React.useRef(view);
  const onScroll = React.useCallback(() => {
    if (ref.current) tops.current[shown.current] = ref.current.scrollTop;
  }, []);
  const forget = React.useCallback(() => {
    tops.current = { setup: tops.current.setup ?? 0 };
  }, []);
  React.useLayoutEffect(() => {
    shown.current = view;
    const scroller = ref.current;
    const top = tops.current[view] ?? 0;
    if (scroller && scroller.scrollTop !== top) scroller.scrollTop = top;
  }, [view, content]);
  return { ref, onScroll, forget };
}

export type SetupState = "expanded" | "collapsed";

export interface SetupSummaryProps {
  readonly analysis: RunResult | undefined;
  readonly settings: StoredSettings;
  readonly state: SetupState;
  /** The id of the set-up the button shows and hides. */
  readonly controls: string;
  readonly onToggle: () => void;
}

/** The default rule, as the set-up summary names it. */
export function ruleLabel(settings: StoredSettings): string {
  const preset = settings.preset ?? "relative-5";
  return preset === "custom"
    ? `Custom tolerance ${settings.tolerance ?? "5%"}`
    : PRESET_LABEL[preset];
}

/** Once rated: the set-up in one line, and a disclosure button that shows it again to change it. */
export function SetupSummary({
  analysis,
  settings,
  state,
  controls,
  onToggle,
}: SetupSummaryProps): React.JSX.Element {
  const styles = useStyles();
  const sheets = (analysis?.sheets ?? []).filter((s) => s.tables.length > 0);
  const tables = sheets.reduce((n, s) => n + s.tables.length, 0);
  return (
    <div className={styles.summary}>
      <Text className={styles.summaryText}>
        {plural(tables, "indicator table")} on {plural(sheets.length, "sheet")} · Default rule:{" "}
        {ruleLabel(settings)}
      </Text>
      <Button
        size="small"
        aria-expanded={state === "expanded"}
        aria-controls={controls}
        onClick={onToggle}
      >
        Edit set-up
      </Button>
    </div>
  );
}
