/**
 * "Chart in workbook" (Issue #11): a native Excel line chart of one indicator
 * beside its table, through the Office session over the strict fake, on the
 * example scorecard. The chart plots a block on the hidden chart data sheet;
 * charting again replaces it; Clear removes the charts and the sheet.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createMemoryPort } from "../../src/session/memory-port";
import { createSession } from "../../src/session/session";
import {
  CHART_DATA_HEADER,
  CHART_DATA_SHEET,
  chartName,
  findIndicator,
} from "../../src/workbook/chart-data";
import type { RunResult } from "../../src/workbook/run";
import { createXlsxPort } from "../exceljs/port";
import { snapshotWorkbook } from "../exceljs/read";
import { diffSnapshots, findSheet, snapshotModel, type FakeWorkbookSpec } from "../fake-excel";
import { exampleSpec, installExcelGlobals, loadExample, rate, session } from "./harness";

installExcelGlobals();

const ASHFORD_SCS19 = { sheet: "Ashford", code: "SCS19" };

/** The indicator in a run, with its 1-based sheet row. */
function indicatorIn(result: RunResult, sheet: string, code: string) {
  const row = result.sheets
    .find((s) => s.name === sheet)!
    .tables.flatMap((t) => t.rows)
    .find((r) => r.code === code)!;
  return { sheet, code, sheetRow: row.sheetRow };
}

/** The cells of column `column` (0-based) from `top` to `bottom` (0-based) of a fake sheet. */
function columnValues(
  spec: ReturnType<typeof snapshotModel>,
  sheet: string,
  address: string
): unknown[] {
  const [, from, to] = /!\$?([A-Z]+\$?\d+):\$?([A-Z]+\$?\d+)$/.exec(address)!;
  const col = from!.replace(/[$\d]/g, "");
  const first = Number(from!.replace(/[^\d]/g, ""));
  const last = Number(to!.replace(/[^\d]/g, ""));
  return Array.from(
    { length: last - first + 1 },
    (_, i) => spec.sheets[sheet]!.cells[`${col}${first + i}`]?.value ?? null
  );
}

describe("a chart in the workbook (Office)", () => {
  let spec: FakeWorkbookSpec;
  beforeAll(async () => {
    spec = await exampleSpec();
  });

  it("adds one owned chart beside the table, from a block equal to the row's history and XmR limits", async () => {
    const { fake, actions } = session(spec);
    const original = snapshotModel(fake.model);
    const result = await rate(actions);
    const rated = snapshotModel(fake.model);
    const indicator = indicatorIn(result, ASHFORD_SCS19.sheet, ASHFORD_SCS19.code);
    const outcome = await actions.createChart(result, indicator);
    const name = chartName("Ashford", "SCS19");
    expect(outcome).toEqual({ name });
    expect(name).toBe("ScorecardRAG_chart_Ashford_SCS19");

    const after = snapshotModel(fake.model);
    const charts = after.sheets["Ashford"]!.charts!;
    expect(Object.keys(charts)).toEqual([name]);
    const chart = charts[name]!;
    const { row } = findIndicator(result, indicator)!;
    expect(chart.title).toBe(`SCS19: ${row.name} (XmR)`);
    expect(chart.type).toBe("Line");
    expect(chart.series.map((s) => s.name)).toEqual([
      "Value",
      "Mean",
      "Upper process limit",
      "Lower process limit",
      "Target",
    ]);
    // Right of the owned block (AJ:AM on the example), level with the indicator's row.
    const block = result.plan.names.find(
      (n) =>
        n.sheet === "Ashford" &&
        n.range.top <= indicator.sheetRow - 1 &&
        indicator.sheetRow - 1 <= n.range.bottom
    )!;
    expect(block).toBeDefined();
    expect(chart.position).toMatch(new RegExp(`^[A-Z]+${indicator.sheetRow}:[A-Z]+\\d+$`));
    expect(findSheet(fake.model, "Ashford")!.charts[0]!.position!.left).toBe(block.range.right + 2);

    // The data: on the hidden chart data sheet, recognised by its header row.
    const data = after.sheets[CHART_DATA_SHEET]!;
    expect(data.visibility).toBe("Hidden");
    expect([data.cells["A1"]?.value, data.cells["B1"]?.value]).toEqual([...CHART_DATA_HEADER]);
    const history = row.detail.history;
    const spc = row.detail.spc;
    if (spc?.kind !== "analysed") throw new Error("SCS19 should have an XmR analysis");
    const at = (i: number) => columnValues(after, CHART_DATA_SHEET, chart.series[i]!.values);
    expect(at(0)).toEqual(history.map((p) => (p.value.kind === "number" ? p.value.value : null)));
    expect(at(1)).toEqual(history.map(() => spc.limits.mean));
    expect(at(2)).toEqual(history.map(() => spc.limits.upperProcessLimit));
    expect(at(3)).toEqual(history.map(() => spc.limits.lowerProcessLimit));
    expect(at(4)).toEqual(history.map(() => row.detail.rule.target));
    const labels = columnValues(after, CHART_DATA_SHEET, chart.series[0]!.xValues!);
    expect(labels).toHaveLength(history.length);
    expect(chart.series.every((s) => s.xValues === chart.series[0]!.xValues)).toBe(true);
    // Looks: the values with markers, the limits dashed grey, the target green.
    expect(chart.series[0]!.markerStyle).toBe("Circle");
    expect(chart.series[2]!.lineStyle).toBe("Dash");
    expect(chart.series[2]!.lineColor).toBe("#808080");
    expect(chart.series[4]!.lineColor).toBe("#00B050");

    // Nothing else changed: the indicator sheets are as rated, apart from the chart.
    expect(
      diffSnapshots(rated, after).filter(
        (d) => d.sheet !== CHART_DATA_SHEET && !(d.kind === "chart" && d.sheet === "Ashford")
      )
    ).toEqual([]);

    // Again: still one chart, the same block.
    expect(await actions.createChart(result, indicator)).toEqual({ name });
    const again = snapshotModel(fake.model);
    expect(Object.keys(again.sheets["Ashford"]!.charts!)).toEqual([name]);
    expect(findSheet(fake.model, "Ashford")!.charts).toHaveLength(1);
    expect(diffSnapshots(after, again)).toEqual([]);

    // Clear all: no chart, no chart data sheet, the workbook as it was.
    const cleared = await actions.clear();
    expect(cleared).toMatchObject({ removedCharts: [{ sheet: "Ashford", name }] });
    expect(diffSnapshots(original, snapshotModel(fake.model))).toEqual([]);
  });

  it("two indicators get two blocks; clearing one sheet removes its chart and block, keeping the other's", async () => {
    const { fake, actions } = session(spec);
    const result = await rate(actions);
    const ashford = indicatorIn(result, "Ashford", "SCS19");
    const other = result.sheets.find((s) => s.name !== "Ashford" && s.tables.length > 0)!;
    const otherRow = other.tables[0]!.rows[0]!;
    const second = { sheet: other.name, code: otherRow.code, sheetRow: otherRow.sheetRow };
    await actions.createChart(result, ashford);
    await actions.createChart(result, second);
    const both = snapshotModel(fake.model);
    const secondName = chartName(second.sheet, second.code);
    expect(both.sheets[second.sheet]!.charts![secondName]!.series[0]!.values).toMatch(/\$J\$4:/);

    await actions.clear(["Ashford"]);
    const after = snapshotModel(fake.model);
    expect(after.sheets["Ashford"]!.charts).toBeUndefined();
    expect(Object.keys(after.sheets[second.sheet]!.charts!)).toEqual([secondName]);
    const data = after.sheets[CHART_DATA_SHEET]!;
    expect(data.cells["A2"]?.value ?? null).toBeNull();
    expect(data.cells["I2"]?.value).toBe(secondName);

    await actions.clear();
    expect(after.sheets[CHART_DATA_SHEET]).toBeDefined();
    expect(snapshotModel(fake.model).sheets[CHART_DATA_SHEET]).toBeUndefined();
  });

  it("an indicator the run does not have is a problem, not a throw", async () => {
    const { actions } = session(spec);
    const result = await rate(actions);
    const outcome = await actions.createChart(result, {
      sheet: "Ashford",
      code: "NOPE",
      sheetRow: 6,
    });
    expect(outcome).toHaveProperty("problem");
  });
});

describe("hosts without charts", () => {
  it("the .xlsx and in-memory ports say charts are added in Excel only, and write nothing", async () => {
    const book = await loadExample();
    const ports = [createXlsxPort(book), createMemoryPort(snapshotWorkbook(await loadExample()))];
    for (const port of ports) {
      const actions = createSession(port);
      const result = await actions.analyse();
      const before = snapshotWorkbook(book);
      const outcome = await actions.createChart(result, indicatorIn(result, "Ashford", "SCS19"));
      expect(outcome).toEqual({ unsupported: expect.stringMatching(/in Excel only/) });
      expect(snapshotWorkbook(book)).toEqual(before);
    }
  });
});
