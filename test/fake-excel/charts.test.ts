import { describe, expect, it } from "vitest";
import { findSheet, snapshotModel } from "./index";
import { run, setup } from "./testkit";

describe("charts", () => {
  it("adds a line chart from a range, names, titles and places it, styles its series, and loads them back", async () => {
    const fake = setup();
    const loaded = await run(fake, async (context) => {
      const sheet = context.workbook.worksheets.getItem("People Q2");
      const chart = sheet.charts.add(
        fake.Excel.ChartType.line,
        sheet.getRange("B4:C6"),
        fake.Excel.ChartSeriesBy.columns
      );
      chart.name = "Mine";
      chart.title.text = "Targets and actuals";
      chart.legend.position = fake.Excel.ChartLegendPosition.bottom;
      chart.setPosition("F2", "M16");
      const first = chart.series.getItemAt(0);
      first.name = "Target";
      first.setXAxisValues(sheet.getRange("A4:A6"));
      first.markerStyle = fake.Excel.ChartMarkerStyle.circle;
      first.format.line.color = "#00b050";
      first.format.line.lineStyle = fake.Excel.ChartLineStyle.dash;
      first.format.line.weight = 1.5;
      const added = chart.series.add("Ratio");
      added.setValues(sheet.getRange("D4:D6"));
      await context.sync();
      sheet.charts.load("items/name");
      chart.series.load("items/name,count");
      await context.sync();
      return {
        charts: sheet.charts.items.map((c) => c.name),
        series: chart.series.items.map((s) => s.name),
        count: chart.series.count,
      };
    });
    expect(loaded).toEqual({ charts: ["Mine"], series: ["Target", "Series2", "Ratio"], count: 3 });
    const chart = snapshotModel(fake.model).sheets["People Q2"]!.charts!["Mine"]!;
    expect(chart).toMatchObject({
      type: "Line",
      title: "Targets and actuals",
      legendPosition: "Bottom",
      position: "F2:M16",
    });
    expect(chart.series[0]).toEqual({
      name: "Target",
      values: "'People Q2'!$B$4:$B$6",
      xValues: "'People Q2'!$A$4:$A$6",
      lineColor: "#00B050",
      lineStyle: "Dash",
      lineWeight: 1.5,
      markerStyle: "Circle",
    });
    expect(chart.series[2]!.values).toBe("'People Q2'!$D$4:$D$6");
  });

  it("finds a chart by name or as a null object, and deletes it; a sheet without charts has none in its snapshot", async () => {
    const fake = setup();
    const before = snapshotModel(fake.model);
    expect(before.sheets["People Q2"]!.charts).toBeUndefined();
    const found = await run(fake, async (context) => {
      const sheet = context.workbook.worksheets.getItem("People Q2");
      sheet.charts.add("Line", sheet.getRange("C4:C6"), "Columns").name = "Gone";
      await context.sync();
      const missing = sheet.charts.getItemOrNullObject("Nope");
      const there = sheet.charts.getItemOrNullObject("gone");
      const count = sheet.charts.getCount();
      await context.sync();
      const result = {
        missing: missing.isNullObject,
        there: there.isNullObject,
        count: count.value,
      };
      there.delete();
      await context.sync();
      return result;
    });
    expect(found).toEqual({ missing: true, there: false, count: 1 });
    expect(findSheet(fake.model, "People Q2")!.charts).toEqual([]);
    expect(snapshotModel(fake.model)).toEqual(before);
  });

  it("is strict: no header guessing, no other chart types, no unmodelled members", async () => {
    const fake = setup();
    await expect(
      run(fake, async (context) => {
        const sheet = context.workbook.worksheets.getItem("People Q2");
        sheet.charts.add("Line", sheet.getRange("A3:C6"), "Columns");
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "NotImplemented" });
    await expect(
      run(fake, async (context) => {
        const sheet = context.workbook.worksheets.getItem("People Q2");
        sheet.charts.add("Pie", sheet.getRange("C4:C6"), "Columns");
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "NotImplemented" });
    await expect(
      run(fake, async (context) => {
        const sheet = context.workbook.worksheets.getItem("People Q2");
        const chart = sheet.charts.add("Line", sheet.getRange("C4:C6"), "Columns");
        void chart.axes;
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "NotImplemented" });
    await expect(
      run(fake, async (context) => {
        const sheet = context.workbook.worksheets.getItem("People Q2");
        const chart = sheet.charts.add("Line", sheet.getRange("C4:C6"), "Columns");
        (chart.series.getItemAt(0).format.line as { lineStyle: string }).lineStyle = "Wavy";
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "InvalidArgument" });
  });

  it("a series on a deleted sheet reads #REF!", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const data = context.workbook.worksheets.getItem("Notes");
      const sheet = context.workbook.worksheets.getItem("People Q2");
      const chart = sheet.charts.add("Line", sheet.getRange("C4:C6"), "Columns");
      chart.name = "Refs";
      chart.series.getItemAt(0).setValues(data.getRange("B1:B2"));
      await context.sync();
      data.delete();
      await context.sync();
    });
    const chart = snapshotModel(fake.model).sheets["People Q2"]!.charts!["Refs"]!;
    expect(chart.series[0]!.values).toBe("#REF!");
  });
});
