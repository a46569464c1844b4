// @vitest-environment jsdom
import "./setup";
import * as React from "react";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../src/taskpane/App";
import {
  evidenceText,
  keptText,
  splitCellRef,
  writtenSummary,
} from "../../src/taskpane/components/LearnRules";
import type { WorkbookSnapshot } from "../../src/workbook/snapshot";
import { countyScorecard, INDICATORS } from "../corpus/county-floors";
import { sheet } from "../corpus/grid";
import { fakeHost, type FakeHost } from "./fake-host";

const LEARN = "Learn rules from published ratings";
const county = countyScorecard();

async function open(
  host: FakeHost = fakeHost({ snapshot: county.snapshot }),
  list = "Indicator tables"
) {
  const user = userEvent.setup({ delay: null });
  render(<App actions={host.actions} />);
  await screen.findByRole("list", { name: list });
  return { user, host };
}

/** The visible message after writing (the live region says the same, and is left out here). */
const shown = (text: RegExp) => screen.findByText(text, { ignore: "[role=status], script, style" });

/** Disabled, natively or (for buttons that keep focus while an action runs) with aria-disabled. */
const isDisabled = (element: HTMLElement) =>
  (element as HTMLButtonElement).disabled || element.getAttribute("aria-disabled") === "true";

const announced = () => screen.getByRole("status", { name: "Announcements" }).textContent;
const rulesSheet = (host: FakeHost) => host.snapshot().sheets.find((s) => s.name === "Rules");

/** Clicks Learn and waits for the proposal. */
async function learn(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole("button", { name: LEARN }));
  return screen.findByRole("list", { name: "Proposed rules" });
}

/** The proposal's card for a code. */
function card(list: HTMLElement, code: string): HTMLElement {
  const item = within(list)
    .getAllByRole("listitem")
    .find((li) => li.firstElementChild?.textContent?.startsWith(`${code}`));
  expect(item, code).toBeTruthy();
  return item!;
}

describe("Learn rules: the proposal", () => {
  it("shows each indicator's code, rule and evidence, and each conflict as a link to its cell", async () => {
    const { user, host } = await open();
    const list = await learn(user);
    expect(host.actions.learnRules).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("heading", { name: "Proposed rules" })).toBeTruthy();
    // One card an indicator, in the order learned.
    expect(
      [...list.children].map((li) => li.firstElementChild?.firstElementChild?.textContent)
    ).toEqual(INDICATORS.map((i) => i.code));
    const scs01 = card(list, "SCS01");
    expect(within(scs01).getByText("floor 75%")).toBeTruthy();
    expect(
      within(scs01).getByText(
        "13 published ratings: 2 Green, 6 Amber, 5 Red. Worst Amber 75.5% (Dartford!F4); best Red 74.9% (Swale!F4). Any floor above 74.9% and at most 75.5% fits."
      )
    ).toBeTruthy();
    expect(within(card(list, "SCS05")).getByText("floor 20")).toBeTruthy();
    expect(
      screen.getByText(/Learned from 130 published ratings of 10 indicators\. 2 ratings no single/)
    ).toBeTruthy();
    expect(screen.getByText(/Rating key at Kent!A2 read as a floor standard scheme/)).toBeTruthy();

    // The slip on Dover, named by sheet and cell, with its reason; a click selects it in Excel.
    const conflicts = within(card(list, "SCS19")).getByRole("list", {
      name: "Conflicts for SCS19",
    });
    expect(conflicts.textContent).toBe(
      "Dover!F8: published Red, but closer to target than a published Amber."
    );
    expect(within(card(list, "SCS19")).getByText("1 rating no rule reproduces")).toBeTruthy();
    await user.click(within(conflicts).getByRole("button", { name: "Dover!F8" }));
    expect(host.actions.selectCell).toHaveBeenCalledWith("Dover", "F8");
    await user.click(within(card(list, "EH43")).getByRole("button", { name: "Swale!F10" }));
    expect(host.actions.selectCell).toHaveBeenLastCalledWith("Swale", "F10");
    // Cards without a conflict have no conflict list.
    expect(within(card(list, "SCS01")).queryByRole("list")).toBeNull();

    // Learning writes nothing.
    expect(host.actions.writeLearnedRules).not.toHaveBeenCalled();
    expect(rulesSheet(host)).toBeUndefined();
    expect(announced()).toMatch(/^Proposed rules for 10 indicators, 2 conflicts\./);
  });

  it("Cancel closes the proposal and writes nothing", async () => {
    const { user, host } = await open();
    await learn(user);
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("list", { name: "Proposed rules" })).toBeNull();
    expect(host.actions.writeLearnedRules).not.toHaveBeenCalled();
    expect(rulesSheet(host)).toBeUndefined();
    // Focus goes back to the button that opened it, not to the page.
    expect(document.activeElement).toBe(screen.getByRole("button", { name: LEARN }));
  });

  it("Write to Rules sheet writes the proposal once, says what it did and hands the sheet over", async () => {
    const { user, host } = await open();
    await learn(user);
    const proposal = await host.actions.learnRules.mock.results[0]!.value;
    await user.click(screen.getByRole("button", { name: "Write to Rules sheet" }));
    expect(
      await shown(
        /^Rules sheet created with 10 learned rules\. The Rules sheet is now yours to edit/
      )
    ).toBeTruthy();
    expect(host.actions.writeLearnedRules).toHaveBeenCalledTimes(1);
    expect(host.actions.writeLearnedRules).toHaveBeenCalledWith(proposal);
    expect(screen.queryByRole("list", { name: "Proposed rules" })).toBeNull();
    expect(announced()).toMatch(/^Rules sheet created with 10 learned rules\./);

    const rules = rulesSheet(host)!;
    expect(rules.values[0]![0]).toBe("code");
    expect(rules.values.slice(1).map((r) => [r[0], r[3]])).toEqual([
      ["SCS01", "75%"],
      ["SCS05", "20"],
      ["SCS08", "22%"],
      ["SCS13", "20%"],
      ["SCS19", "80%"],
      ["SCS22", "85%"],
      ["EH43", "70%"],
      ["EH52", "70%"],
      ["CP10", "78%"],
      ["LAC04", "11.5%"],
    ]);
    // Analysed again with the new Rules sheet; "Go to the Rules sheet" selects it.
    await waitFor(() => expect(host.actions.analyse).toHaveBeenCalledTimes(2));
    await user.click(screen.getByRole("button", { name: "Go to the Rules sheet" }));
    expect(host.actions.selectCell).toHaveBeenLastCalledWith("Rules", "A1");
  });

  it("on the officer's Rules sheet: says how many rows were added and updated, and what was kept", async () => {
    const withRules: WorkbookSnapshot = {
      ...county.snapshot,
      sheets: [
        ...county.snapshot.sheets,
        sheet("Rules", [
          ["code", "floor", "tolerance"],
          ["SCS05", null, "10%"],
          ["SCS08", null, null],
        ]),
      ],
    };
    const { user, host } = await open(fakeHost({ snapshot: withRules }));
    await learn(user);
    await user.click(screen.getByRole("button", { name: "Write to Rules sheet" }));
    expect(
      await shown(
        /^Rules sheet updated: 8 rows added, 1 row updated\. 1 value you typed was kept\./
      )
    ).toBeTruthy();
    const kept = screen.getByRole("list", { name: "Values you typed, kept" });
    expect(kept.textContent).toBe("SCS05: your tolerance 10% kept (learned floor 20 not written).");
    const rules = rulesSheet(host)!;
    expect(rules.values.slice(0, 3)).toEqual([
      ["code", "floor", "tolerance"],
      ["SCS05", null, "10%"],
      ["SCS08", "22%", null],
    ]);
    expect(rules.values).toHaveLength(3 + 8);
  });

  it("a workbook with nothing to learn: says so, and offers Close, not Write", async () => {
    const { user, host } = await open(
      fakeHost({ snapshot: { sheets: [sheet("Notes", [["Hi"]])] } }),
      "Sheets with no table"
    );
    await user.click(screen.getByRole("button", { name: LEARN }));
    expect(await shown(/^No published ratings to learn from: no rated table/)).toBeTruthy();
    expect(announced()).toBe("No published ratings to learn from. Nothing was written.");
    expect(screen.queryByRole("button", { name: "Write to Rules sheet" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Close" }));
    expect(host.actions.writeLearnedRules).not.toHaveBeenCalled();
  });

  it("a failed learn or write: the error bar says what to do, and nothing is written", async () => {
    const host = fakeHost({ snapshot: county.snapshot });
    host.actions.learnRules.mockRejectedValueOnce(new Error("A cell is being edited."));
    const { user } = await open(host);
    await user.click(screen.getByRole("button", { name: LEARN }));
    const alert = await screen.findByRole("alert");
    await waitFor(() => expect(alert.textContent).toMatch(/Could not learn the rules/));
    expect(alert.textContent).toMatch(/choose Learn rules again/);
    expect(screen.queryByRole("list", { name: "Proposed rules" })).toBeNull();

    host.actions.writeLearnedRules.mockRejectedValueOnce(
      new Error('Could not write the learned rules on sheet "Rules": AccessDenied')
    );
    await learn(user);
    await user.click(screen.getByRole("button", { name: "Write to Rules sheet" }));
    await waitFor(() => expect(alert.textContent).toMatch(/Could not write the Rules sheet/));
    expect(alert.textContent).toMatch(/Nothing was written/);
    // The proposal is still there, to try again.
    expect(screen.getByRole("list", { name: "Proposed rules" })).toBeTruthy();
    expect(rulesSheet(host)).toBeUndefined();
  });

  it("is disabled while another action runs", async () => {
    const host = fakeHost({ snapshot: county.snapshot, holdStages: ["rating"] });
    const { user } = await open(host);
    await user.click(screen.getByRole("button", { name: "Rate" }));
    await waitFor(() => expect(isDisabled(screen.getByRole("button", { name: LEARN }))).toBe(true));
    host.release("rating");
    await screen.findByRole("heading", { name: "Results" });
    // The rating opened the results and folded the set-up away: open it again.
    await user.click(screen.getByRole("tab", { name: "Set up" }));
    await user.click(screen.getByRole("button", { name: "Edit set-up" }));
    expect(isDisabled(screen.getByRole("button", { name: LEARN }))).toBe(false);
  });
});

describe("Learn rules: keyboard only", () => {
  /** Presses Tab until `target` has focus; fails if it is not in the tab order. */
  async function tabTo(user: ReturnType<typeof userEvent.setup>, target: HTMLElement) {
    const seen: Element[] = [];
    for (let i = 0; i < 80 && document.activeElement !== target; i++) {
      await user.tab();
      seen.push(document.activeElement!);
    }
    expect(document.activeElement, `reached: ${seen.map((e) => e.textContent).join(" | ")}`).toBe(
      target
    );
  }

  it("learns with Enter, goes to a conflict, and reaches Write and Cancel by Tab", async () => {
    const { user, host } = await open();
    await tabTo(user, screen.getByRole("button", { name: LEARN }));
    await user.keyboard("{Enter}");
    const list = await screen.findByRole("list", { name: "Proposed rules" });
    const dover = within(list).getByRole("button", { name: "Dover!F8" });
    await tabTo(user, dover);
    await user.keyboard("{Enter}");
    expect(host.actions.selectCell).toHaveBeenCalledWith("Dover", "F8");
    const write = screen.getByRole("button", { name: "Write to Rules sheet" });
    await tabTo(user, write);
    await tabTo(user, screen.getByRole("button", { name: "Cancel" }));
    await user.keyboard("{Enter}");
    expect(host.actions.writeLearnedRules).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: LEARN }));

    await user.keyboard("{Enter}");
    await tabTo(user, await screen.findByRole("button", { name: "Write to Rules sheet" }));
    await user.keyboard("{Enter}");
    await shown(/^Rules sheet created with 10 learned rules/);
    expect(host.actions.writeLearnedRules).toHaveBeenCalledTimes(1);
  });
});

describe("Learn rules: text", () => {
  it("splits a qualified cell reference as Excel quotes it", () => {
    expect(splitCellRef("Dover!F8")).toEqual({ sheet: "Dover", cell: "F8" });
    expect(splitCellRef("'Tunbridge Wells'!F10")).toEqual({
      sheet: "Tunbridge Wells",
      cell: "F10",
    });
    expect(splitCellRef("'Bob''s tab'!A1")).toEqual({ sheet: "Bob's tab", cell: "A1" });
    expect(splitCellRef("F8")).toBeUndefined();
  });

  it("says what writing did", () => {
    const kept = {
      code: "SCS05",
      field: "floor",
      learned: "20",
      officerField: "tolerance",
      officer: "10%",
      row: 1,
      column: 2,
    } as const;
    expect(keptText(kept)).toBe("SCS05: your tolerance 10% kept (learned floor 20 not written).");
    expect(
      writtenSummary({ sheet: "Rules", created: false, added: 0, updated: 0, kept: [kept, kept] })
    ).toMatch(
      /^Nothing was written: the Rules sheet already holds every rule learned\. 2 values you typed were kept\. The Rules sheet is now yours to edit/
    );
  });

  it("describes the evidence of a two-state indicator without boundary values", async () => {
    const host = fakeHost();
    const learned = await host.actions.learnRules();
    const ilac7 = learned.indicators.find((i) => i.code === "ILAC7(N)")!;
    expect(evidenceText(ilac7)).toBe("1 published rating: 0 Green, 0 Amber, 1 Red.");
  });
});
