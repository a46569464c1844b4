// @vitest-environment jsdom
import "./setup";
import * as React from "react";
import {
  FluentProvider,
  webDarkTheme,
  webLightTheme,
  type Theme,
} from "@fluentui/react-components";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it, vi } from "vitest";
import IndicatorDetail from "../../src/taskpane/components/IndicatorDetail";
import type { IndicatorRef } from "../../src/taskpane/components/views";
import type { RunResult } from "../../src/workbook/run";
import { exampleResult } from "./example-result";

let result: RunResult;
beforeAll(async () => {
  result = await exampleResult();
});

const SCS19: IndicatorRef = { sheet: "Ashford", code: "SCS19", sheetRow: 13 };

function show(indicator: IndicatorRef, theme: Theme = webLightTheme) {
  const onSelectCell = vi.fn<(sheet: string, cell: string) => void>();
  const view = render(
    <FluentProvider theme={theme}>
      <IndicatorDetail result={result} indicator={indicator} onSelectCell={onSelectCell} />
    </FluentProvider>
  );
  return { onSelectCell, ...view };
}

/** The definition beside a term of a description list. */
function definition(term: string): string {
  const dt = screen.getByText(term, { selector: "dt" });
  return dt.nextElementSibling?.textContent ?? "";
}

describe("IndicatorDetail", () => {
  it("shows the indicator, its RAG and why, its rule, trends and verdicts", () => {
    show(SCS19);
    expect(
      screen.getByRole("heading", {
        name: "SCS19: Percentage of children in care in the same placement for the last two years",
      })
    ).toBeTruthy();
    expect(screen.getByText("Amber")).toBeTruthy();
    expect(screen.getByText("Amber: below target 85.0% but floor 75.0% met.")).toBeTruthy();
    expect(definition("Polarity")).toBe("Higher is better (Maximise)");
    expect(definition("Target")).toBe("85.0%");
    expect(definition("Floor")).toMatch(/^75\.0%: below it is Red/);
    expect(definition("Short trend")).toBe("Deteriorating, against Nov-22");
    expect(definition("Long trend")).toBe("Improving, against Dec-21");
    expect(definition("Variation")).toBe("Improvement ↑");
    expect(definition("Assurance")).toBe("Consistently failing");
    // The row's flag: the special-cause sentence, as a button to its cell.
    expect(screen.getByRole("heading", { name: "Flags (1)" })).toBeTruthy();
    expect(
      screen.getByText(/Dec-22 value 76\.3% is above the upper process limit 74\.8%/)
    ).toBeTruthy();
  });

  it("draws the XmR chart with a summary and a data table of every period", () => {
    show(SCS19);
    const chart = screen.getByRole("img", { name: /XmR chart/ });
    expect(chart.getAttribute("aria-label")).toMatch(
      /^XmR chart of SCS19: 25 periods, Dec-20 to Dec-22; mean 71\.5%, process limits 68\.1% to 74\.8%; target 85\.0%/
    );
    const table = screen.getByRole("table", { name: "Values of SCS19 by period" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(25);
    const dec22 = within(table).getByRole("rowheader", { name: "Dec-22" }).closest("tr")!;
    expect(dec22.textContent).toContain("76.3%");
    expect(dec22.textContent).toContain("Special cause improvement: outside the process limits");
    // Shape as well as colour: improvement circles, concern diamonds (paths); one marker a period.
    const marks = chart.querySelectorAll("[data-mark]");
    expect(marks).toHaveLength(25);
    const last = marks[marks.length - 1]!;
    expect(last.tagName).toBe("circle");
    expect(last.getAttribute("data-mark")).toBe("improvement");
    expect(chart.querySelector('[data-mark="concern"]')?.tagName).toBe("path");
    expect(screen.getByRole("list", { name: "Chart key" }).textContent).toContain("Process limits");
  });

  it("goes to the value cell", async () => {
    const user = userEvent.setup({ delay: null });
    const { onSelectCell } = show(SCS19);
    await user.click(screen.getByRole("button", { name: "Go to cell" }));
    expect(onSelectCell).toHaveBeenCalledWith("Ashford", "H13");
  });

  it("shades a target range and says so", () => {
    show({ sheet: "Ashford", code: "SCS13", sheetRow: 12 }, webDarkTheme);
    expect(definition("Polarity")).toBe("Within the target range is best (Goldilocks)");
    expect(definition("Target range")).toBe("17.5% to 22.5%");
    expect(screen.getByRole("img", { name: /target range 17\.5% to 22\.5%/ })).toBeTruthy();
    expect(screen.getByRole("list", { name: "Chart key" }).textContent).toContain("Target range");
  });

  it("finds a row that moved by its code, and says so", () => {
    show({ ...SCS19, sheetRow: 40 });
    expect(screen.getByRole("heading", { name: /^SCS19:/ })).toBeTruthy();
    expect(
      screen.getByText("Rating again moved this indicator from row 40 to row 13.")
    ).toBeTruthy();
  });

  it("says plainly when the row is gone", () => {
    show({ sheet: "Ashford", code: "GONE1", sheetRow: 13 });
    expect(screen.getByRole("status").textContent).toMatch(
      /^GONE1 is no longer in the results for Ashford/
    );
    expect(screen.queryByRole("img")).toBeNull();
    show({ sheet: "Nowhere", code: "SCS19", sheetRow: 13 });
    expect(screen.getByText(/^Nowhere is not in the latest results/)).toBeTruthy();
  });
});
