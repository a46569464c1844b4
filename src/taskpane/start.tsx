// The task pane's composition root: finds out whether it is inside Excel, then shows the add-in over the Office
// adapter, or says it must run inside Excel. The only part of src/taskpane that touches the Office globals (through
// host.ts); every component below receives its host actions as props.
import * as React from "react";
import { createRoot, type Root } from "react-dom/client";
import {
  FluentProvider,
  Spinner,
  makeStyles,
  tokens,
  webDarkTheme,
  webLightTheme,
} from "@fluentui/react-components";
import type { HostActions } from "../session/host-actions";
import { App } from "./App";
import { OutsideExcel, type OutsideReason } from "./components/OutsideExcel";
import type { OfficeThemeLike } from "./components/theme";
import { detectHost, readOfficeTheme, type HostKind } from "./host";

export interface StartOptions {
  /** Whether the page is inside Excel (default: Office.onReady, with a timeout). */
  readonly detect?: () => Promise<HostKind>;
  /** The host actions once Excel is ready (index.tsx passes the Office adapter). */
  readonly createActions: () => HostActions;
  /** The Office theme (default: Office.context.officeTheme and forced colours). */
  readonly officeTheme?: () => OfficeThemeLike | undefined;
}

const useStyles = makeStyles({
  waiting: { padding: tokens.spacingHorizontalM },
});

function prefersDark(): boolean {
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
}

/** Outside Office there is no Office theme: follow the browser's light or dark preference. */
function PlainPage({ children }: { readonly children: React.ReactNode }): React.JSX.Element {
  return (
    <FluentProvider theme={prefersDark() ? webDarkTheme : webLightTheme}>{children}</FluentProvider>
  );
}

function Connecting(): React.JSX.Element {
  const styles = useStyles();
  return (
    <main className={styles.waiting}>
      <Spinner size="small" label="Connecting to Excel…" />
    </main>
  );
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * Renders the task pane into `container`: a spinner while Office starts, then the add-in (in Excel) or a message
 * saying it must run inside Excel (anywhere else). Resolves with what it found, once the final view is rendered.
 */
export async function startTaskPane(
  container: Element,
  options: StartOptions
): Promise<{ readonly host: HostKind; readonly root: Root }> {
  const root = createRoot(container);
  root.render(
    <PlainPage>
      <Connecting />
    </PlainPage>
  );
  const host = await (options.detect ?? detectHost)();
  if (host !== "excel") {
    showOutside(root, { kind: "no-excel" });
    return { host, root };
  }
  let actions: HostActions;
  try {
    actions = options.createActions();
  } catch (cause) {
    showOutside(root, { kind: "failed", message: messageOf(cause) });
    return { host, root };
  }
  root.render(<InExcel actions={actions} readTheme={options.officeTheme ?? readOfficeTheme} />);
  return { host, root };
}

/**
 * The add-in in the Office theme. Excel gives task panes no theme-changed event, so the theme is read again whenever
 * it may have changed: when the pane gets focus back or becomes visible (after File > Account > Office Theme) and
 * when Windows high contrast is switched on or off.
 */
function InExcel({
  actions,
  readTheme,
}: {
  readonly actions: HostActions;
  readonly readTheme: () => OfficeThemeLike | undefined;
}): React.JSX.Element {
  const [theme, setTheme] = React.useState(readTheme);
  React.useEffect(() => {
    const update = (): void => {
      const next = readTheme();
      setTheme((now) => (JSON.stringify(now) === JSON.stringify(next) ? now : next));
    };
    const forced = typeof matchMedia === "function" ? matchMedia("(forced-colors: active)") : null;
    forced?.addEventListener?.("change", update);
    window.addEventListener("focus", update);
    document.addEventListener("visibilitychange", update);
    return () => {
      forced?.removeEventListener?.("change", update);
      window.removeEventListener("focus", update);
      document.removeEventListener("visibilitychange", update);
    };
  }, [readTheme]);
  return <App actions={actions} theme={theme} />;
}

function showOutside(root: Root, reason: OutsideReason): void {
  root.render(
    <PlainPage>
      <OutsideExcel reason={reason} />
    </PlainPage>
  );
}
