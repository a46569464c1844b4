// @vitest-environment jsdom
import "./setup";
import * as React from "react";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { EXAMPLE_PATH } from "../../examples/make-example";
import { DistrictOverview } from "../../src/taskpane/components/DistrictOverview";
import { runWorkbook, type RunResult } from "../../src/workbook/run";
import { installExcelJsFixes } from "../exceljs/exceljs-fixes";
import { snapshotWorkbook } from "../exceljs/read";

let example: RunResult;
beforeAll(async () => {
  installExcelJsFixes();
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(EXAMPLE_PATH);
  example = runWorkbook(snapshotWorkbook(book));
});

function renderOverview(result: RunResult) {
  const onOpen = vi.fn();
  const onSelectCell = vi.fn();
  render(
    <FluentProvider theme={webLightTheme}>
      <DistrictOverview result={result} onOpen={onOpen} onSelectCell={onSelectCell} />
    </FluentProvider>
  );
  return { onOpen, onSelectCell };
}

describe("DistrictOverview", () => {
  it("is a table with a header per tab and per code", () => {
    renderOverview(example);
    const table = screen.getByRole("table", { name: "District overview" });
    const tabs = within(table)
      .getAllByRole("columnheader")
      .map((th) => th.textContent);
    expect(tabs).toEqual([
      "Indicator",
      "Kent(total)",
      "Ashford",
      "Canterbury",
      "Dover",
      "Maidstone",
    ]);
    const codes = within(table).getAllByRole("rowheader");
    expect(codes).toHaveLength(9);
    expect(within(codes[6]!).getByRole("button").textContent).toMatch(/^SCS25/);
    // The table scrolls sideways in its own box, never the pane.
    expect(getComputedStyle(table.parentElement!).overflowX).toBe("auto");
  });

  it("names each cell by code, tab and RAG, with the outlier in words", () => {
    renderOverview(example);
    const dover = screen.getByRole("button", { name: /SCS25 Dover/ });
    expect(dover.textContent).toContain("Red");
    expect(dover.textContent).toContain("▲");
    expect(dover).toHaveProperty(
      "textContent",
      expect.stringContaining("outlier, high against other districts")
    );
    // The symbol itself is hidden from screen readers: the words say it.
    expect(within(dover).getByText("▲").getAttribute("aria-hidden")).toBe("true");
    expect(
      screen.getByRole("button", {
        name: /^SCS19 Maidstone: Red ?, outlier, low against other districts$/,
      })
    ).toBeTruthy();
    // Kent, the county total, is never compared, so never marked.
    expect(screen.getByRole("button", { name: /^SCS25 Kent: \w+$/ })).toBeTruthy();
    expect(
      screen.getByText(/Kent adds up the other tabs, so it is shown but not compared/)
    ).toBeTruthy();
  });

  it("selects the value cell and opens the detail when a cell is clicked", async () => {
    const user = userEvent.setup({ delay: null });
    const { onOpen, onSelectCell } = renderOverview(example);
    await user.click(screen.getByRole("button", { name: /SCS25 Dover/ }));
    expect(onSelectCell).toHaveBeenCalledWith("Dover", "H14");
    expect(onOpen).toHaveBeenCalledWith({ sheet: "Dover", code: "SCS25", sheetRow: 14 });
  });

  it("opens a code's detail on its first tab from the row header", async () => {
    const user = userEvent.setup({ delay: null });
    const { onOpen, onSelectCell } = renderOverview(example);
    const header = screen.getAllByRole("rowheader")[0]!;
    await user.click(within(header).getByRole("button"));
    expect(onOpen).toHaveBeenCalledWith({ sheet: "Kent", code: "EH43", sheetRow: 7 });
    expect(onSelectCell).not.toHaveBeenCalled();
  });

  it("says there is nothing to compare for a run with no coded rows", () => {
    renderOverview(runWorkbook({ sheets: [] }));
    expect(screen.queryByRole("table")).toBeNull();
    expect(screen.getByText(/No rated tab has indicator codes/)).toBeTruthy();
  });
});
