// @vitest-environment jsdom
import "./setup";
import { screen, waitFor, within } from "@testing-library/react";
import { act } from "react";
import { webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { afterEach, describe, expect, it } from "vitest";
import { startTaskPane } from "../../src/taskpane/start";
import { readOfficeTheme } from "../../src/taskpane/host";
import type { Root } from "react-dom/client";
import { fakeHost } from "./fake-host";

// startTaskPane renders with its own root (not Testing Library's render), so tell React that tests wrap it in act().
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  document.body.innerHTML = "";
});

async function start(options: Parameters<typeof startTaskPane>[1]) {
  const container = document.body.appendChild(document.createElement("div"));
  let started!: Awaited<ReturnType<typeof startTaskPane>>;
  await act(async () => {
    started = await startTaskPane(container, options);
  });
  root = started.root;
  return started;
}

/** The CSS custom properties the nearest FluentProvider around `element` defines. */
function themeVariable(element: HTMLElement, name: string): string | undefined {
  const provider = element.closest<HTMLElement>(".fui-FluentProvider");
  const id = [...(provider?.classList ?? [])].find((c) => document.getElementById(c));
  const sheet = (document.getElementById(id ?? "") as HTMLStyleElement | null)?.sheet;
  const text = [...(sheet?.cssRules ?? [])].map((r) => r.cssText).join("\n");
  return new RegExp(`${name}:\\s*([^;]+);`).exec(text)?.[1]?.trim();
}

describe("startTaskPane", () => {
  it("outside Excel says it must run inside Excel, in a message bar", async () => {
    let created = false;
    const { host } = await start({
      detect: async () => "none",
      createActions: () => {
        created = true;
        return fakeHost().actions;
      },
    });
    expect(host).toBe("none");
    const bar = screen.getByRole("group", { name: "Scorecard RAG must run inside Excel" });
    expect(within(bar).getByText(/opened outside Excel/)).toBeTruthy();
    expect(screen.getByRole("region", { name: "How to open Scorecard RAG" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Rate" })).toBeNull();
    expect(created).toBe(false);
  });

  it("shows a spinner while Office starts", async () => {
    const container = document.body.appendChild(document.createElement("div"));
    let ready: (kind: "excel" | "none") => void = () => undefined;
    let pending!: ReturnType<typeof startTaskPane>;
    await act(async () => {
      pending = startTaskPane(container, {
        detect: () => new Promise((resolve) => (ready = resolve)),
        createActions: () => fakeHost().actions,
      });
    });
    expect(screen.getByText("Connecting to Excel…")).toBeTruthy();
    await act(async () => {
      ready("none");
      root = (await pending).root;
    });
    expect(screen.queryByText("Connecting to Excel…")).toBeNull();
    screen.getByRole("group", { name: "Scorecard RAG must run inside Excel" });
  });

  it("in Excel shows the add-in over the host actions, in the Office theme", async () => {
    const fake = fakeHost();
    await start({
      detect: async () => "excel",
      createActions: () => fake.actions,
      officeTheme: () => ({ bodyBackgroundColor: "#262626", bodyForegroundColor: "#FFFFFF" }),
    });
    const tables = await screen.findByRole("list", { name: "Indicator tables" });
    expect(fake.actions.analyse).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole("group", { name: /must run inside Excel/ })).toBeNull();
    expect(themeVariable(tables, "--colorNeutralBackground1")).toBe(
      webDarkTheme.colorNeutralBackground1
    );
  });

  it("follows a change of Office theme when the pane gets focus back", async () => {
    let background = "#FFFFFF";
    await start({
      detect: async () => "excel",
      createActions: () => fakeHost().actions,
      officeTheme: () => ({ bodyBackgroundColor: background }),
    });
    const tables = await screen.findByRole("list", { name: "Indicator tables" });
    expect(themeVariable(tables, "--colorNeutralBackground1")).toBe(
      webLightTheme.colorNeutralBackground1
    );
    background = "#000000";
    act(() => window.dispatchEvent(new Event("focus")));
    await waitFor(() =>
      expect(themeVariable(tables, "--colorNeutralBackground1")).not.toBe(
        webLightTheme.colorNeutralBackground1
      )
    );
  });

  it("says it could not connect, and what to do, when the Office adapter cannot be created", async () => {
    await start({
      detect: async () => "excel",
      createActions: () => {
        throw new Error("Office.context.requirements is not available.");
      },
    });
    const bar = screen.getByRole("group", { name: "Scorecard RAG could not connect to Excel" });
    expect(within(bar).getByText(/Office.context.requirements is not available\./)).toBeTruthy();
    expect(within(bar).getByText(/open it again from the Home tab/)).toBeTruthy();
  });
});

describe("readOfficeTheme", () => {
  type Global = { Office?: unknown };
  afterEach(() => {
    delete (globalThis as Global).Office;
  });

  it("copies Office's theme colours", () => {
    (globalThis as Global).Office = {
      context: { officeTheme: { bodyBackgroundColor: "#262626", bodyForegroundColor: "#fff" } },
    };
    expect(readOfficeTheme(false)).toEqual({
      bodyBackgroundColor: "#262626",
      bodyForegroundColor: "#fff",
      isHighContrast: undefined,
      isDarkTheme: undefined,
    });
  });

  it("is undefined without office.js, or when reading the theme throws", () => {
    expect(readOfficeTheme(false)).toBeUndefined();
    (globalThis as Global).Office = {
      get context(): never {
        throw new Error("not implemented");
      },
    };
    expect(readOfficeTheme(false)).toBeUndefined();
  });

  it("is high contrast when the system forces colours", () => {
    expect(readOfficeTheme(true)).toEqual({ isHighContrast: true });
  });
});
