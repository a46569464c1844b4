// @vitest-environment jsdom
import "./setup";
import * as React from "react";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { App } from "../../src/taskpane/App";
import { fakeHost, type FakeHost } from "./fake-host";
import { SUMMARY_HEADER } from "../../src/workbook/summary-sheet";

const KENT = "Kent children's services scorecard";

async function open(host: FakeHost = fakeHost()) {
  const user = userEvent.setup({ delay: null });
  render(<App actions={host.actions} />);
  await screen.findByRole("list", { name: "Indicator tables" });
  return { user, host };
}

/** Disabled, natively or (for buttons that keep focus while an action runs) with aria-disabled. */
const isDisabled = (element: HTMLElement) =>
  (element as HTMLButtonElement).disabled || element.getAttribute("aria-disabled") === "true";

/** The visible message area (errors, notices, warnings). */
const messages = () => screen.getByRole("region", { name: "Messages" });
/** What the polite live region last announced. */
const announced = () => screen.getByRole("status", { name: "Announcements" }).textContent;

async function rateAll(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole("button", { name: "Rate" }));
  await screen.findByRole("heading", { name: "Results" });
}

const tab = (name: string) => screen.getByRole("tab", { name });
/** The panel of the view shown now (the others are hidden). */
const panel = (name: string) => screen.getByRole("tabpanel", { name });

/** Opens a view by its tab. */
async function openView(user: ReturnType<typeof userEvent.setup>, name: string) {
  await user.click(tab(name));
  return panel(name);
}

/** The flagged rows' own buttons (each selects its cell), without their Details buttons. */
const flagButtons = (list: HTMLElement) =>
  within(list)
    .getAllByRole("button")
    .filter((b) => !b.textContent?.startsWith("Details"));

describe("App: tables", () => {
  it("analyses on open and lists every table and the sheets with none", async () => {
    const { host } = await open();
    expect(host.actions.analyse).toHaveBeenCalledTimes(1);
    expect(host.actions.loadSettings).toHaveBeenCalledTimes(1);
    const tables = within(screen.getByRole("list", { name: "Indicator tables" })).getAllByRole(
      "listitem"
    );
    expect(tables).toHaveLength(2);
    const kent = tables[0]!;
    expect(within(kent).getByRole("heading", { name: KENT })).toBeTruthy();
    expect(within(kent).getByText("Sheet Kent · A3:G9 · 6 rows")).toBeTruthy();
    expect(within(kent).getByText("High confidence")).toBeTruthy();
    expect(within(tables[1]!).getByText("Sheet Medway · A2:F6 · 4 rows")).toBeTruthy();
    const empty = screen.getByRole("list", { name: "Sheets with no table" });
    expect(within(empty).getByText("Notes")).toBeTruthy();
    expect(within(empty).getByText(/No indicator table found on "Notes"/)).toBeTruthy();
    // The same reason is not repeated as a warning.
    expect(screen.queryByRole("region", { name: "Warnings" })).toBeNull();
  });

  it("shows each role's guess and reason, and saves a corrected mapping then re-analyses", async () => {
    const { user, host } = await open();
    const toggle = screen.getByRole("button", { name: `Review mapping for ${KENT}` });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    await user.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    const form = screen.getByRole("form", { name: `Column mapping for ${KENT}` });
    const value = within(form).getByRole("combobox", { name: "Latest value" }) as HTMLSelectElement;
    expect(value.value).toBe("F");
    expect(within(form).getByText('Guessed from header "Value" (column F).')).toBeTruthy();
    const save = within(form).getByRole("button", { name: "Save mapping" });
    expect(isDisabled(save)).toBe(true);

    await user.selectOptions(within(form).getByRole("combobox", { name: "Published RAG" }), "");
    await user.selectOptions(value, "E");
    expect(within(form).getByText("Changed by you from column F.")).toBeTruthy();
    await user.click(save);

    await waitFor(() =>
      expect(host.actions.saveMappingOverride).toHaveBeenCalledWith("Kent!A3:G3", {
        value: 4,
        status: null,
      })
    );
    await waitFor(() => expect(host.actions.analyse).toHaveBeenCalledTimes(2));
    expect(
      await within(messages()).findByText(
        `Mapping saved for ${KENT}. The tables were analysed again.`
      )
    ).toBeTruthy();
    // The saved override is now the mapping, with its reason.
    const after = screen.getByRole("form", { name: `Column mapping for ${KENT}` });
    await waitFor(() =>
      expect(
        (within(after).getByRole("combobox", { name: "Latest value" }) as HTMLSelectElement).value
      ).toBe("E")
    );
    expect(
      within(after).getByText(/Your earlier choice \(set by the user \(column E\)\)/)
    ).toBeTruthy();
  });

  it("keeps earlier corrections when saving another one", async () => {
    const host = fakeHost();
    await host.actions.saveMappingOverride("Kent!A3:G3", { value: 4 });
    const { user } = await open(host);
    await user.click(screen.getByRole("button", { name: `Review mapping for ${KENT}` }));
    const form = screen.getByRole("form", { name: `Column mapping for ${KENT}` });
    await user.selectOptions(within(form).getByRole("combobox", { name: "Floor standard" }), "");
    await user.click(within(form).getByRole("button", { name: "Save mapping" }));
    await waitFor(() =>
      expect(host.actions.saveMappingOverride).toHaveBeenLastCalledWith("Kent!A3:G3", {
        value: 4,
        floor: null,
      })
    );
  });
});

describe("App: rule defaults", () => {
  it("saves the preset when it changes, and the custom tolerance", async () => {
    const { user, host } = await open();
    const group = screen.getByRole("radiogroup", { name: "Default rule" });
    expect(
      (within(group).getByRole("radio", { name: "Relative tolerance 5%" }) as HTMLInputElement)
        .checked
    ).toBe(true);

    await user.click(within(group).getByRole("radio", { name: "Floor standard" }));
    await waitFor(() =>
      expect(host.actions.saveSettings).toHaveBeenCalledWith({ preset: "floor" })
    );
    expect(
      (within(group).getByRole("radio", { name: "Floor standard" }) as HTMLInputElement).checked
    ).toBe(true);

    await user.click(within(group).getByRole("radio", { name: "Custom tolerance" }));
    await waitFor(() =>
      expect(host.actions.saveSettings).toHaveBeenLastCalledWith({
        preset: "custom",
        tolerance: "5%",
      })
    );
    const spin = await screen.findByRole("spinbutton", { name: "Custom tolerance (% of target)" });
    await waitFor(() => expect((spin as HTMLInputElement).disabled).toBe(false));
    await user.clear(spin);
    await user.type(spin, "7.5");
    await user.tab();
    await waitFor(() =>
      expect(host.actions.saveSettings).toHaveBeenLastCalledWith({
        preset: "custom",
        tolerance: "7.5%",
      })
    );
    expect(host.snapshot().state).toContain('"tolerance":"7.5%"');
  });

  it("restores the saved preset and reverts when saving fails", async () => {
    const host = fakeHost();
    await host.actions.saveSettings({ preset: "range" });
    host.actions.saveSettings.mockRejectedValueOnce(
      new Error('The workbook is read-only, so sheet "ScorecardRAG_State" cannot be changed.')
    );
    const { user } = await open(host);
    const group = screen.getByRole("radiogroup", { name: "Default rule" });
    await waitFor(() =>
      expect(
        (within(group).getByRole("radio", { name: "Target range" }) as HTMLInputElement).checked
      ).toBe(true)
    );
    await user.click(within(group).getByRole("radio", { name: "Floor standard" }));
    const alert = await screen.findByText(/The workbook is read-only/);
    expect(alert.closest("[class*='fui-MessageBar']")).toBeTruthy();
    expect(screen.getByText("Could not save the rule defaults")).toBeTruthy();
    expect(
      (within(group).getByRole("radio", { name: "Target range" }) as HTMLInputElement).checked
    ).toBe(true);
  });

  it("creates the Rules sheet with every indicator code", async () => {
    const { user, host } = await open();
    const button = screen.getByRole("button", { name: "Create Rules sheet" });
    expect(button.getAttribute("aria-describedby")).toBeTruthy();
    await user.click(button);
    await waitFor(() =>
      expect(host.actions.createRulesSheet).toHaveBeenCalledWith([
        "SCS01",
        "SCS02",
        "SCS03",
        "SCS04",
        "SCS05",
        "SCS06",
        "PH13",
        "ILAC1",
        "ILAC7(N)",
        "CSC0004",
      ])
    );
    expect(
      await within(messages()).findByText(/Rules sheet created with 10 indicator codes/)
    ).toBeTruthy();
  });
});

describe("App: rating", () => {
  it("shows progress, then the results, the narrative and an announcement", async () => {
    const host = fakeHost({ holdStages: ["rating"] });
    const { user } = await open(host);
    await user.click(screen.getByRole("button", { name: "Rate" }));

    const bar = await screen.findByRole("progressbar", { name: "Rating progress" });
    await waitFor(() => expect(bar.getAttribute("aria-valuetext")).toBe("Reading the workbook…"));
    expect(bar.getAttribute("aria-valuenow")).toBe("0.1");
    expect(isDisabled(screen.getByRole("button", { name: "Rate" }))).toBe(true);
    expect(host.actions.rate).toHaveBeenCalledWith(
      {},
      expect.any(Function),
      expect.any(AbortSignal)
    );

    host.release("rating");
    await screen.findByRole("heading", { name: "Results" });
    expect(screen.queryByRole("progressbar")).toBeNull();

    const kent = screen.getByRole("region", { name: "Results for Kent" });
    const counts = within(kent).getByRole("list", { name: "Status counts for sheet Kent" });
    expect(
      within(counts)
        .getAllByRole("listitem")
        .map((li) => li.textContent)
    ).toEqual(["Green3", "Amber2", "Red1", "NA0", "Not rated0"]);
    const narrative = within(kent).getByRole("list", { name: `Summary of ${KENT}` });
    expect(within(narrative).getByText("The total number of measures is 6")).toBeTruthy();
    expect(
      within(narrative).getByText("1 measure was significantly below target [SCS03]")
    ).toBeTruthy();

    const summary = "Rated 10 indicators on 2 sheets: 3 Green, 5 Amber, 2 Red. 3 flags to check.";
    expect(within(screen.getByRole("region", { name: "Results" })).getByText(summary)).toBeTruthy();
    expect(announced()).toBe(summary);
  });

  it("cancels: aborts the signal and says nothing was written", async () => {
    const host = fakeHost({ holdStages: ["rating"] });
    const { user } = await open(host);
    await user.click(screen.getByRole("button", { name: "Rate" }));
    await screen.findByRole("progressbar", { name: "Rating progress" });
    await user.click(screen.getByRole("button", { name: "Cancel" }));

    const signal = host.actions.rate.mock.calls[0]![2];
    expect(signal.aborted).toBe(true);
    expect(
      await within(messages()).findByText("Rating cancelled; nothing was written.")
    ).toBeTruthy();
    expect(announced()).toBe("Rating cancelled; nothing was written.");
    expect(screen.queryByRole("heading", { name: "Results" })).toBeNull();
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(host.snapshot().state).toBeUndefined();
    expect(isDisabled(screen.getByRole("button", { name: "Rate" }))).toBe(false);
  });

  it("cannot cancel once writing has started", async () => {
    const host = fakeHost();
    // Hold the run in its writing stage.
    let finish: () => void = () => undefined;
    host.actions.rate.mockImplementationOnce(async (_o, onProgress) => {
      onProgress({ stage: "writing", fraction: 0.8, message: "Writing ratings to 2 sheets…" });
      await new Promise<void>((resolve) => (finish = resolve));
      throw new Error("stopped");
    });
    const { user } = await open(host);
    await user.click(screen.getByRole("button", { name: "Rate" }));
    const cancel = await screen.findByRole("button", { name: "Cancel" });
    await waitFor(() => expect(isDisabled(cancel)).toBe(true));
    expect(screen.getByText("Writing the ratings; this step cannot be cancelled.")).toBeTruthy();
    finish();
    await screen.findByText("Could not rate the workbook");
  });

  it("rates only the chosen sheets", async () => {
    const { user, host } = await open();
    await user.click(screen.getByRole("radio", { name: "Chosen sheets" }));
    const rate = screen.getByRole("button", { name: "Rate" });
    expect(isDisabled(rate)).toBe(true);
    expect(screen.getAllByText("Choose at least one sheet to rate.").length).toBeGreaterThan(0);
    const group = screen.getByRole("group", { name: "Sheets to include" });
    expect(
      within(group)
        .getAllByRole("checkbox")
        .map((c) => c.getAttribute("aria-label") ?? c.closest("div")?.textContent)
    ).toHaveLength(2);
    await user.click(within(group).getByRole("checkbox", { name: "Medway" }));
    await user.click(rate);
    await screen.findByRole("heading", { name: "Results" });
    expect(host.actions.rate.mock.calls[0]![0]).toEqual({ sheets: ["Medway"] });
    expect(screen.queryByRole("region", { name: "Results for Kent" })).toBeNull();
  });

  it("lists flagged rows; a click or Enter selects the cell", async () => {
    const { user, host } = await open();
    await rateAll(user);
    await openView(user, "Flags");
    expect(screen.getByRole("heading", { name: "Flags to check (3)" })).toBeTruthy();
    const list = screen.getByRole("list", { name: "Flagged rows" });
    const items = flagButtons(list);
    expect(items).toHaveLength(3);
    // Errors first; severity as text, not only colour.
    const first = items[0]!;
    expect(first.textContent).toContain("Error");
    expect(first.textContent).toContain("SCS06");
    expect(first.textContent).toContain("Kent!F9");
    expect(first.textContent).toContain("120.0% is outside 0–100%.");

    await user.click(within(list).getByRole("button", { name: /SCS06.*Kent!F9/ }));
    expect(host.actions.selectCell).toHaveBeenLastCalledWith("Kent", "F9");

    const warning = within(list).getByRole("button", { name: /SCS04.*Kent!G7/ });
    expect(warning.textContent).toContain("Warning");
    warning.focus();
    await user.keyboard("{Enter}");
    expect(host.actions.selectCell).toHaveBeenLastCalledWith("Kent", "G7");
    await user.keyboard(" ");
    expect(host.actions.selectCell).toHaveBeenCalledTimes(2 + 1);
  });

  it("creates the Findings sheet from the rating result", async () => {
    const { user, host } = await open();
    await rateAll(user);
    await user.click(screen.getByRole("button", { name: "Create Findings sheet" }));
    await waitFor(() => expect(host.actions.createFindingsSheet).toHaveBeenCalledTimes(1));
    const rated = await host.actions.rate.mock.results[0]!.value;
    expect(host.actions.createFindingsSheet).toHaveBeenCalledWith(rated);
    expect(
      await within(messages()).findByText("Findings sheet created with 3 flags.")
    ).toBeTruthy();
  });

  it("creates the Summary sheet from the rating result, one row per indicator", async () => {
    const { user, host } = await open();
    await rateAll(user);
    await user.click(screen.getByRole("button", { name: "Create Summary sheet" }));
    await waitFor(() => expect(host.actions.createSummarySheet).toHaveBeenCalledTimes(1));
    const rated = await host.actions.rate.mock.results[0]!.value;
    expect(host.actions.createSummarySheet).toHaveBeenCalledWith(rated);
    expect(
      await within(messages()).findByText("Summary sheet created with 10 indicators.")
    ).toBeTruthy();
    const summary = host.snapshot().sheets.find((s) => s.name === "Summary")!;
    expect(summary.values[0]).toEqual(SUMMARY_HEADER);
    expect(summary.values).toHaveLength(1 + 10);
  });

  it("copies a table's summary, or says how to copy by hand", async () => {
    const { user } = await open();
    await rateAll(user);
    const writeText = vi.spyOn(navigator.clipboard, "writeText");
    await user.click(screen.getByRole("button", { name: `Copy summary of ${KENT}` }));
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    const text = writeText.mock.calls[0]![0];
    expect(text.split("\n")[0]).toBe(`${KENT} (Kent!A3:G9)`);
    expect(text).toContain("The total number of measures is 6");
    expect(await screen.findByText("Summary copied.")).toBeTruthy();

    const original = Object.getOwnPropertyDescriptor(navigator, "clipboard");
    Object.defineProperty(navigator, "clipboard", { value: undefined, configurable: true });
    try {
      await user.click(screen.getByRole("button", { name: /Copy summary of Council Plan/ }));
      expect(await screen.findByText(/Copying is not available in this window/)).toBeTruthy();
    } finally {
      if (original) Object.defineProperty(navigator, "clipboard", original);
    }
  });
});

describe("App: views", () => {
  const selected = (name: string) => tab(name).getAttribute("aria-selected") === "true";

  it("opens on Set up, with the other views disabled until a rating (saying why)", async () => {
    await open();
    expect(screen.getByRole("tablist", { name: "Views" })).toBeTruthy();
    const tabs = ["Set up", "Results", "Flags", "Districts", "Detail"];
    expect(screen.getAllByRole("tab")).toEqual(tabs.map(tab));
    expect(tabs.filter((name) => isDisabled(tab(name)))).toEqual(tabs.slice(1));
    expect(selected("Set up")).toBe(true);
    expect(screen.getAllByRole("tabpanel")).toEqual([panel("Set up")]);
    const why = screen.getByText(/^Rate first/);
    expect(screen.getByRole("tablist").getAttribute("aria-describedby")).toBe(why.id);
    // No summary to collapse to yet: the whole set-up shows.
    expect(screen.queryByRole("button", { name: "Edit set-up" })).toBeNull();
  });

  it("goes to Results after the first rating, and collapses the set-up to one line", async () => {
    const { user } = await open();
    await rateAll(user);
    expect(selected("Results")).toBe(true);
    expect(screen.getAllByRole("tabpanel")).toEqual([panel("Results")]);
    expect(isDisabled(tab("Detail"))).toBe(true);
    expect(screen.queryByText(/^Rate first/)).toBeNull();

    const setup = await openView(user, "Set up");
    expect(
      within(setup).getByText(
        "2 indicator tables on 2 sheets · Default rule: Relative tolerance 5%"
      )
    ).toBeTruthy();
    expect(screen.queryByRole("list", { name: "Indicator tables" })).toBeNull();
    expect(screen.queryByRole("radiogroup", { name: "Default rule" })).toBeNull();
    // Rate stays in the set-up; Rate again beside the name only where the set-up is out of sight.
    expect(within(setup).getByRole("button", { name: "Rate" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Rate again" })).toBeNull();

    const edit = within(setup).getByRole("button", { name: "Edit set-up" });
    expect(edit.getAttribute("aria-expanded")).toBe("false");
    await user.click(edit);
    expect(edit.getAttribute("aria-expanded")).toBe("true");
    expect(screen.getByRole("list", { name: "Indicator tables" })).toBeTruthy();
    expect(document.getElementById(edit.getAttribute("aria-controls")!)).toBeTruthy();
    await user.click(edit);
    expect(screen.queryByRole("list", { name: "Indicator tables" })).toBeNull();
  });

  it("keeps the view after a re-rate, and Rate again shows its progress", async () => {
    const { user, host } = await open();
    await rateAll(user);
    await openView(user, "Flags");

    // Hold the re-rate once it has started.
    const real = host.actions.rate.getMockImplementation()!;
    let go: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (go = resolve));
    host.actions.rate.mockImplementationOnce(async (options, onProgress, signal) => {
      onProgress({ stage: "reading", fraction: 0.1, message: "Reading the workbook…" });
      await started;
      return real(options, onProgress, signal);
    });
    await user.click(screen.getByRole("button", { name: "Rate again" }));
    expect(await screen.findByRole("progressbar", { name: "Rating progress" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Cancel" })).toBeTruthy();
    go();
    await waitFor(() => expect(screen.queryByRole("progressbar")).toBeNull());
    expect(selected("Flags")).toBe(true);
    expect(screen.getAllByRole("tabpanel")).toEqual([panel("Flags")]);
    expect(screen.getByRole("list", { name: "Flagged rows" })).toBeTruthy();
  });

  it("keeps each view's scroll position, through a re-rate too", async () => {
    const { user, host } = await open();
    await rateAll(user);
    const scroller = screen.getByRole("main");
    const scrollTo = (top: number) => {
      scroller.scrollTop = top;
      fireEvent.scroll(scroller);
    };
    scrollTo(300);
    await openView(user, "Flags");
    expect(scroller.scrollTop).toBe(0);
    scrollTo(120);

    await user.click(screen.getByRole("button", { name: "Rate again" }));
    await waitFor(() => expect(host.actions.rate).toHaveBeenCalledTimes(2));
    await waitFor(() =>
      expect(isDisabled(screen.getByRole("button", { name: "Rate again" }))).toBe(false)
    );
    expect(selected("Flags")).toBe(true);
    expect(scroller.scrollTop).toBe(120);

    await openView(user, "Results");
    expect(scroller.scrollTop).toBe(300);
    await openView(user, "Set up");
    expect(scroller.scrollTop).toBe(0);
    await openView(user, "Flags");
    expect(scroller.scrollTop).toBe(120);
  });

  it("opens an indicator's detail from its flag; the Detail tab is disabled until then", async () => {
    const { user } = await open();
    await rateAll(user);
    expect(isDisabled(tab("Detail"))).toBe(true);
    await openView(user, "Flags");
    await user.click(screen.getByRole("button", { name: "Details of SCS06 on Kent" }));

    expect(selected("Detail")).toBe(true);
    expect(isDisabled(tab("Detail"))).toBe(false);
    const detail = panel("Detail");
    expect((await within(detail).findAllByText(/SCS06/)).length).toBeGreaterThan(0);
    expect(document.activeElement).toBe(detail);

    // The detail stays open for that indicator while other views are visited.
    await openView(user, "Results");
    await openView(user, "Detail");
    expect(within(panel("Detail")).getAllByText(/SCS06/).length).toBeGreaterThan(0);
  });

  it("a row selected in Excel shows its indicator on Detail, and is offered from the other views", async () => {
    const { user, host } = await open();
    await rateAll(user);
    await waitFor(() => expect(host.actions.watchSelection).toHaveBeenCalledTimes(1));

    // On Results: a header row is nothing; an indicator's row is offered, not forced on the user.
    act(() => host.selectInExcel("Kent", "A3:G3"));
    expect(screen.queryByRole("button", { name: /in Detail$/ })).toBeNull();
    act(() => host.selectInExcel("Kent", "B5"));
    expect(selected("Results")).toBe(true);
    expect(announced()).toMatch(/SCS02 on Kent selected/);
    await user.click(screen.getByRole("button", { name: "Open SCS02 (Kent) in Detail" }));
    expect(selected("Detail")).toBe(true);
    expect(document.activeElement).toBe(panel("Detail"));
    expect((await within(panel("Detail")).findAllByText(/SCS02/)).length).toBeGreaterThan(0);

    // On Detail: a whole row selected shows its indicator at once, focus left where it was (Excel).
    act(() => host.selectInExcel("Kent", "9:9"));
    expect((await within(panel("Detail")).findAllByText(/SCS06/)).length).toBeGreaterThan(0);
    expect(screen.queryByRole("button", { name: /in Detail$/ })).toBeNull();
    expect(announced()).toBe("Detail shows SCS06 on Kent.");
  });

  it("a cell the pane selects itself does not offer its row", async () => {
    const { user, host } = await open();
    await rateAll(user);
    await waitFor(() => expect(host.actions.watchSelection).toHaveBeenCalledTimes(1));
    await openView(user, "Flags");
    const [first] = flagButtons(screen.getByRole("list", { name: /flag/i }));
    await user.click(first!);
    const [sheet, cell] = host.actions.selectCell.mock.calls[0]!;
    act(() => host.selectInExcel(sheet, cell));
    expect(screen.queryByRole("button", { name: /in Detail$/ })).toBeNull();
  });

  it("Results links to the Flags view; Districts shows the district overview", async () => {
    const { user } = await open();
    await rateAll(user);
    await user.click(screen.getByRole("button", { name: "Show 3 flags" }));
    expect(selected("Flags")).toBe(true);
    expect(document.activeElement).toBe(panel("Flags"));
    const districts = await openView(user, "Districts");
    expect(districts.textContent).not.toBe("");
  });

  it("Detail's Chart in workbook asks the host for the chart and says what it did", async () => {
    const { user, host } = await open();
    await rateAll(user);
    await openView(user, "Flags");
    await user.click(screen.getByRole("button", { name: "Details of SCS06 on Kent" }));
    const chart = await within(panel("Detail")).findByRole("button", { name: "Chart in workbook" });
    await user.click(chart);
    await waitFor(() => expect(host.actions.createChart).toHaveBeenCalledTimes(1));
    expect(host.actions.createChart.mock.calls[0]![1]).toMatchObject({
      sheet: "Kent",
      code: "SCS06",
    });
    // The demo host has no charts: its sentence is shown, not an error.
    await waitFor(() => expect(messages().textContent).toMatch(/Excel only/));
  });

  it("Districts offers the Overview sheet", async () => {
    const { user, host } = await open();
    await rateAll(user);
    const districts = await openView(user, "Districts");
    await user.click(within(districts).getByRole("button", { name: "Create Overview sheet" }));
    await waitFor(() => expect(host.actions.createOverviewSheet).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(announced()).toMatch(/Overview.* sheet created/));
  });

  it("after Clear ratings, the results views close until the next rating", async () => {
    const { user, host } = await open();
    await rateAll(user);
    await openView(user, "Set up");
    await user.click(screen.getByRole("button", { name: "Clear ratings" }));
    const dialog = await screen.findByRole("alertdialog");
    await user.click(await within(dialog).findByRole("button", { name: "Remove columns" }));
    await waitFor(() => expect(host.actions.clear).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(isDisabled(tab("Results"))).toBe(true));
    expect(selected("Set up")).toBe(true);
    expect(screen.queryByRole("button", { name: "Edit set-up" })).toBeNull();
    expect(await screen.findByRole("list", { name: "Indicator tables" })).toBeTruthy();

    // The next rating is a first one again: it opens the results.
    await rateAll(user);
    expect(selected("Results")).toBe(true);
  });
});

describe("App: clearing", () => {
  it("asks for confirmation naming the sheets, and only clears after confirming", async () => {
    const host = fakeHost();
    host.prerate();
    const { user } = await open(host);

    await user.click(screen.getByRole("button", { name: "Clear ratings" }));
    let dialog = await screen.findByRole("alertdialog");
    expect(
      await within(dialog).findByText(
        "Remove the RAG, trend and commentary columns Scorecard RAG added on 2 sheets? Your own cells are not changed."
      )
    ).toBeTruthy();
    expect(within(dialog).getByRole("list", { name: "Sheets to clear" }).textContent).toBe(
      "KentMedway"
    );
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    expect(host.actions.clear).not.toHaveBeenCalled();
    // Focus goes back to the button that opened the dialog.
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole("button", { name: "Clear ratings" }))
    );

    // Escape closes it too, without clearing.
    await user.click(screen.getByRole("button", { name: "Clear ratings" }));
    await within(await screen.findByRole("alertdialog")).findByRole("button", {
      name: "Remove columns",
    });
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    expect(host.actions.clear).not.toHaveBeenCalled();

    await user.click(screen.getByRole("button", { name: "Clear ratings" }));
    dialog = await screen.findByRole("alertdialog");
    await user.click(await within(dialog).findByRole("button", { name: "Remove columns" }));
    await waitFor(() => expect(host.actions.clear).toHaveBeenCalledWith(undefined));
    expect(
      await within(messages()).findByText(
        "Removed Scorecard RAG's columns from 2 sheets: Kent, Medway."
      )
    ).toBeTruthy();
    expect(host.snapshot().state).toBeUndefined();
  });

  it("says there is nothing to clear on a workbook never rated", async () => {
    const { user, host } = await open();
    await user.click(screen.getByRole("button", { name: "Clear ratings" }));
    const dialog = await screen.findByRole("alertdialog");
    expect(await within(dialog).findByText(/nothing to clear/)).toBeTruthy();
    expect(within(dialog).queryByRole("button", { name: "Remove columns" })).toBeNull();
    await user.click(within(dialog).getByRole("button", { name: "Close" }));
    expect(host.actions.clear).not.toHaveBeenCalled();
  });
});

describe("App: errors and warnings", () => {
  it("shows a rejected action's message and what to do next", async () => {
    const host = fakeHost();
    host.actions.rate.mockRejectedValueOnce(
      new Error('Sheet "Kent", cell F9: Excel is busy (a cell is being edited).')
    );
    const { user } = await open(host);
    await user.click(screen.getByRole("button", { name: "Rate" }));
    expect(await screen.findByText("Could not rate the workbook")).toBeTruthy();
    expect(screen.getByText(/Sheet "Kent", cell F9: Excel is busy/)).toBeTruthy();
    expect(screen.getByText(/then choose Rate again/)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Dismiss error" }));
    expect(screen.queryByText("Could not rate the workbook")).toBeNull();
  });

  it("shows an error when the first analysis fails", async () => {
    const host = fakeHost();
    host.actions.analyse.mockRejectedValueOnce(new Error("The workbook could not be read."));
    const user = userEvent.setup({ delay: null });
    render(<App actions={host.actions} />);
    expect(await screen.findByText("Could not read the workbook")).toBeTruthy();
    expect(screen.getByText("The workbook could not be read.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Analyse again" }));
    await screen.findByRole("list", { name: "Indicator tables" });
  });

  it("shows warnings, three at a time, with a link to their cell", async () => {
    const host = fakeHost();
    const real = await host.actions.analyse();
    host.actions.analyse.mockClear();
    host.actions.analyse.mockResolvedValue({
      ...real,
      warnings: [
        ...real.warnings,
        {
          severity: "warning",
          sheet: "Rules",
          cell: "A4",
          message: 'Tolerance "lots" is not a number.',
        },
        { severity: "warning", message: 'Rules line 5: code "XX1" is not on any rated sheet.' },
        {
          severity: "info",
          sheet: "Kent",
          cell: "B20",
          message: "SCS01: target range 63–71 read from the comment in B20.",
        },
        {
          severity: "error",
          message: 'There is no sheet named "Kentt". Sheets: Kent, Medway, Notes.',
        },
        { severity: "warning", sheet: "Medway", message: "Two tables share header row 2." },
      ],
    });
    const { user } = await open(host);
    const region = screen.getByRole("region", { name: "Warnings" });
    expect(within(region).getByText(/Tolerance "lots" is not a number\./)).toBeTruthy();
    expect(within(region).queryByText(/There is no sheet named "Kentt"/)).toBeNull();
    const more = within(region).getByRole("button", { name: "Show all 5 messages" });
    await user.click(more);
    expect(within(region).getByText(/There is no sheet named "Kentt"/)).toBeTruthy();
    expect(within(region).getByText(/Two tables share header row 2/)).toBeTruthy();
    await user.click(within(region).getByRole("button", { name: "Rules!A4" }));
    expect(host.actions.selectCell).toHaveBeenCalledWith("Rules", "A4");
  });
});

describe("App: keyboard only", () => {
  /** Presses Tab until `target` has focus; fails if it is not in the tab order. */
  async function tabTo(user: ReturnType<typeof userEvent.setup>, target: HTMLElement) {
    const seen: Element[] = [];
    for (let i = 0; i < 60 && document.activeElement !== target; i++) {
      await user.tab();
      seen.push(document.activeElement!);
    }
    expect(document.activeElement, `reached: ${seen.map((e) => e.textContent).join(" | ")}`).toBe(
      target
    );
  }

  it("every button and field is in the tab order", async () => {
    await open();
    const user = userEvent.setup({ delay: null });
    const reached = new Set<Element>();
    for (let i = 0; i < 40; i++) {
      await user.tab();
      reached.add(document.activeElement!);
    }
    for (const button of screen.getAllByRole("button")) expect(reached.has(button)).toBe(true);
    // A radio group is one tab stop: its checked radio.
    for (const group of screen.getAllByRole("radiogroup")) {
      const checked = within(group)
        .getAllByRole("radio")
        .find((r) => (r as HTMLInputElement).checked);
      expect(reached.has(checked!)).toBe(true);
    }
  });

  it("rates with Enter, announces the result, and goes to a flagged cell with Enter", async () => {
    const { user, host } = await open();
    await tabTo(user, screen.getByRole("button", { name: "Rate" }));
    await user.keyboard("{Enter}");
    await screen.findByRole("heading", { name: "Results" });
    expect(host.actions.rate).toHaveBeenCalledTimes(1);
    expect(announced()).toMatch(/^Rated 10 indicators on 2 sheets/);
    // The results' panel has focus, so a screen reader says where the pane went.
    await waitFor(() => expect(document.activeElement).toBe(panel("Results")));

    // Back to the tabs, the arrow key to Flags, Enter to open it.
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(tab("Results"));
    await user.keyboard("{ArrowRight}");
    expect(document.activeElement).toBe(tab("Flags"));
    await user.keyboard("{Enter}");
    expect(tab("Flags").getAttribute("aria-selected")).toBe("true");

    const flag = within(screen.getByRole("list", { name: "Flagged rows" })).getByRole("button", {
      name: /SCS06.*Kent!F9/,
    });
    await tabTo(user, flag);
    await user.keyboard("{Enter}");
    expect(host.actions.selectCell).toHaveBeenCalledWith("Kent", "F9");
  });

  it("opens a mapping review, changes a role and saves it with the keyboard", async () => {
    const { user, host } = await open();
    const toggle = screen.getByRole("button", { name: `Review mapping for ${KENT}` });
    await tabTo(user, toggle);
    await user.keyboard("{Enter}");
    const form = screen.getByRole("form", { name: `Column mapping for ${KENT}` });
    const status = within(form).getByRole("combobox", { name: "Published RAG" });
    await tabTo(user, status);
    await user.selectOptions(status, "");
    const save = within(form).getByRole("button", { name: "Save mapping" });
    await tabTo(user, save);
    await user.keyboard("{Enter}");
    await waitFor(() =>
      expect(host.actions.saveMappingOverride).toHaveBeenCalledWith("Kent!A3:G3", { status: null })
    );
  });
});

describe("App: labels and error messages", () => {
  const ROLES = [
    "button",
    "combobox",
    "radio",
    "radiogroup",
    "checkbox",
    "spinbutton",
    "progressbar",
    "list",
    "form",
    "region",
    "tab",
    "tablist",
    "tabpanel",
  ] as const;

  /** Every element with a role a screen reader announces has a name. */
  function expectAllNamed(): void {
    for (const role of ROLES) {
      const unnamed = screen.queryAllByRole(role, { name: (name) => name.trim() === "" });
      expect(
        unnamed.map((e) => e.outerHTML.slice(0, 120)),
        `unnamed ${role}`
      ).toEqual([]);
    }
  }

  it("names every control for screen readers, while rating and after", async () => {
    const host = fakeHost({ holdStages: ["rating"] });
    const { user } = await open(host);
    await user.click(screen.getByRole("button", { name: `Review mapping for ${KENT}` }));
    await user.click(screen.getByRole("radio", { name: "Custom tolerance" }));
    await screen.findByRole("spinbutton", { name: "Custom tolerance (% of target)" });
    await user.click(screen.getByRole("radio", { name: "Chosen sheets" }));
    await user.click(screen.getByRole("checkbox", { name: "Kent" }));
    await user.click(screen.getByRole("button", { name: "Rate" }));
    await screen.findByRole("progressbar", { name: "Rating progress" });
    expectAllNamed();
    host.release("rating");
    await screen.findByRole("heading", { name: "Results" });
    expectAllNamed();
    await openView(user, "Set up");
    await user.click(screen.getByRole("button", { name: "Edit set-up" }));
    expect(screen.getAllByRole("combobox").length).toBeGreaterThan(0);
    expectAllNamed();
  }, 90_000);

  it("names every control in the Flags, Districts and Detail views", async () => {
    const { user } = await open();
    await rateAll(user);
    for (const view of ["Flags", "Districts"]) {
      await openView(user, view);
      expectAllNamed();
    }
    await openView(user, "Flags");
    await user.click(screen.getByRole("button", { name: "Details of SCS06 on Kent" }));
    await within(panel("Detail")).findAllByText(/SCS06/);
    expectAllNamed();
  }, 90_000);

  it("a cell that cannot be selected: an error bar naming the sheet and cell, and what to do", async () => {
    const host = fakeHost();
    host.actions.selectCell.mockRejectedValueOnce(
      new Error('There is no sheet named "Kent" in this workbook.')
    );
    const { user } = await open(host);
    await rateAll(user);
    await openView(user, "Flags");
    await user.click(
      within(screen.getByRole("list", { name: "Flagged rows" })).getByRole("button", {
        name: /SCS06.*Kent!F9/,
      })
    );
    const bar = await within(screen.getByRole("alert")).findByRole("group", {
      name: "Could not select Kent!F9",
    });
    expect(within(bar).getByText(/There is no sheet named "Kent"/)).toBeTruthy();
    expect(within(bar).getByText(/choose Analyse again to refresh the list/)).toBeTruthy();
  });

  it("a failed Rate: the error bar is a labelled message bar in the alert region", async () => {
    const host = fakeHost();
    host.actions.rate.mockRejectedValueOnce(
      new Error('Sheet "Kent", cell F9: the cell is locked (the sheet is protected).')
    );
    const { user } = await open(host);
    await user.click(screen.getByRole("button", { name: "Rate" }));
    const bar = await within(screen.getByRole("alert")).findByRole("group", {
      name: "Could not rate the workbook",
    });
    expect(within(bar).getByText(/Sheet "Kent", cell F9/)).toBeTruthy();
    expect(within(bar).getByText(/then choose Rate again/)).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Results" })).toBeNull();
  });
});
