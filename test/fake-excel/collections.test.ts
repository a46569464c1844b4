import { describe, expect, it } from "vitest";
import { cellValue, snapshotModel } from "./index";
import { run, setup } from "./testkit";

const ws = (context: Excel.RequestContext, name = "People Q2") =>
  context.workbook.worksheets.getItem(name);

describe("worksheets", () => {
  it("lists, finds case-insensitively and by id, reports position and visibility", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const sheets = context.workbook.worksheets.load(
        "items/name, items/id, items/position, items/visibility"
      );
      await context.sync();
      expect(sheets.items.map((s) => [s.name, s.position, s.visibility])).toEqual([
        ["People Q2", 0, "Visible"],
        ["Notes", 1, "Visible"],
      ]);
      const byId = context.workbook.worksheets.getItem(sheets.items[1]!.id).load("name");
      const byName = context.workbook.worksheets.getItem("NOTES").load("name");
      await context.sync();
      expect([byId.name, byName.name]).toEqual(["Notes", "Notes"]);
    });
  });

  it("add: default and explicit names; duplicates and invalid names are refused", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const a = context.workbook.worksheets.add().load("name, position");
      const b = context.workbook.worksheets.add("Status 2024").load("name");
      await context.sync();
      expect([a.name, a.position, b.name]).toEqual(["Sheet1", 2, "Status 2024"]);
      b.getRange("A1").values = [["ok"]];
    });
    expect(cellValue(fake.model, "Status 2024", "A1")).toBe("ok");
    for (const [name, code] of [
      ["notes", "ItemAlreadyExists"],
      ["a/b", "InvalidArgument"],
      ["x".repeat(32), "InvalidArgument"],
      ["History", "InvalidArgument"],
    ]) {
      await expect(
        run(fake, async (context) => {
          context.workbook.worksheets.add(name);
          await context.sync();
        })
      ).rejects.toMatchObject({ code });
    }
  });

  it("rename rewrites formulas that point at the sheet; position and visibility can be changed", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      ws(context).name = "People";
      ws(context, "Notes").position = 0;
      ws(context, "Notes").visibility = "Hidden";
    });
    const snap = snapshotModel(fake.model);
    expect(snap.sheets.Notes!.cells.A3!.formula).toBe("=People!D4*2");
    expect(snap.sheets.Notes).toMatchObject({ position: 0, visibility: "Hidden" });
    expect(snap.activeSheet).toBe("People");
  });

  it("the last visible sheet cannot be hidden or deleted", async () => {
    const fake = setup({ sheets: [{ name: "Only" }] });
    for (const act of [
      (s: Excel.Worksheet) => (s.visibility = "Hidden"),
      (s: Excel.Worksheet) => s.delete(),
    ]) {
      await expect(
        run(fake, async (context) => {
          act(ws(context, "Only"));
          await context.sync();
        })
      ).rejects.toMatchObject({ code: "InvalidOperation" });
    }
  });

  it("activate, getActiveWorksheet and delete", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      ws(context, "Notes").activate();
      const active = context.workbook.worksheets.getActiveWorksheet().load("name");
      await context.sync();
      expect(active.name).toBe("Notes");
      ws(context, "Notes").delete();
      const count = context.workbook.worksheets.getCount();
      const gone = context.workbook.worksheets.getItemOrNullObject("Notes");
      await context.sync();
      expect([count.value, gone.isNullObject]).toEqual([1, true]);
    });
    expect(fake.model.activeSheetId).toBe(fake.model.sheets[0]!.id);
  });
});

describe("tables", () => {
  it("items, getItem, ranges and column names", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const tables = context.workbook.tables.load("items/name, count");
      const kpis = ws(context).tables.getItem("kpis");
      kpis.load("name, showHeaders, id");
      kpis.columns.load("items/name, items/index");
      const range = kpis.getRange().load("address");
      const header = kpis.getHeaderRowRange().load("values");
      const body = kpis.getDataBodyRange().load("address");
      const ratio = kpis.columns.getItem("Ratio").getDataBodyRange().load("address");
      const worksheet = kpis.worksheet.load("name");
      const none = context.workbook.tables.getItemOrNullObject("Missing");
      await context.sync();
      expect([tables.count, tables.items.map((t) => t.name)]).toEqual([1, ["Kpis"]]);
      expect([kpis.name, kpis.showHeaders]).toEqual(["Kpis", true]);
      expect(kpis.columns.items.map((c) => [c.name, c.index])).toEqual([
        ["Indicator", 0],
        ["Target", 1],
        ["Actual", 2],
        ["Ratio", 3],
      ]);
      expect(range.address).toBe("'People Q2'!A3:D6");
      expect(header.values).toEqual([["Indicator", "Target", "Actual", "Ratio"]]);
      expect(body.address).toBe("'People Q2'!A4:D6");
      expect(ratio.address).toBe("'People Q2'!D4:D6");
      expect(worksheet.name).toBe("People Q2");
      expect(none.isNullObject).toBe(true);
    });
  });

  it("add with headers names columns from the first row; without headers inserts a header row", async () => {
    const fake = setup({
      sheets: [
        {
          name: "S",
          rows: [
            ["Name", "", "Name"],
            [1, 2, 3],
            [4, 5, 6],
          ],
        },
      ],
    });
    await run(fake, async (context) => {
      const t1 = ws(context, "S").tables.add("A1:C3", true).load("name");
      t1.columns.load("items/name");
      await context.sync();
      expect(t1.name).toBe("Table1");
      expect(t1.columns.items.map((c) => c.name)).toEqual(["Name", "Column1", "Name2"]);
      t1.convertToRange();
      await context.sync();
      const t2 = context.workbook.tables.add("S!A2:C3", false);
      const range = t2.getRange().load("address, values");
      await context.sync();
      expect(range.address).toBe("S!A2:C4");
      expect(range.values).toEqual([
        ["Column1", "Column2", "Column3"],
        [1, 2, 3],
        [4, 5, 6],
      ]);
    });
  });

  it("overlapping tables, merged cells and bad names are refused", async () => {
    const fake = setup();
    await expect(
      run(fake, async (context) => {
        ws(context).tables.add("C5:F8", true);
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "MergedRangeConflict" });
    for (const [name, code] of [
      ["Has space", "InvalidArgument"],
      ["A1", "InvalidArgument"],
      ["Notes_", ""],
    ]) {
      const attempt = run(fake, async (context) => {
        ws(context).tables.getItem("Kpis").name = name!;
        await context.sync();
      });
      if (code) await expect(attempt).rejects.toMatchObject({ code });
      else await attempt;
    }
  });

  it("writing a header cell renames the column; clearing it gives ColumnN", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      ws(context).getRange("B3:C3").values = [["Goal", ""]];
      const columns = ws(context).tables.getItem("Kpis").columns.load("items/name");
      await context.sync();
      expect(columns.items.map((c) => c.name)).toEqual(["Indicator", "Goal", "Column1", "Ratio"]);
    });
  });

  it("showHeaders false hides the header row; delete removes the table and its cells", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const table = ws(context).tables.getItem("Kpis");
      table.showHeaders = false;
      const range = table.getRange().load("address");
      await context.sync();
      expect(range.address).toBe("'People Q2'!A4:D6");
      table.delete();
    });
    expect(fake.model.sheets[0]!.tables).toEqual([]);
    expect(cellValue(fake.model, "People Q2", "A4")).toBeNull();
  });
});

describe("conditional formats", () => {
  it("add ContainsText with rule and format; new formats go to the top priority", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const range = ws(context).getRange("E4:E6");
      const cf = range.conditionalFormats.add(fake.Excel.ConditionalFormatType.containsText);
      cf.textComparison.format.fill.color = "#C6EFCE";
      cf.textComparison.format.font.color = "#006100";
      cf.textComparison.rule = {
        operator: fake.Excel.ConditionalTextOperator.contains,
        text: "Green",
      };
      const all = ws(context)
        .getRange("A1:Z99")
        .conditionalFormats.load("items/type, items/priority");
      const count = range.conditionalFormats.getCount();
      await context.sync();
      expect(all.items.map((c) => [c.type, c.priority])).toEqual([
        ["ContainsText", 0],
        ["ContainsText", 1],
      ]);
      expect(count.value).toBe(1);
      const rule = cf.textComparison.load("rule");
      const fill = cf.textComparison.format.fill.load("color");
      await context.sync();
      expect(rule.rule).toEqual({ operator: "Contains", text: "Green" });
      expect(fill.color).toBe("#C6EFCE");
    });
    expect(snapshotModel(fake.model).sheets["People Q2"]!.conditionalFormats[0]).toEqual({
      type: "ContainsText",
      ranges: ["E4:E6"],
      stopIfTrue: false,
      rule: { operator: "Contains", text: "Green" },
      format: { fillColor: "#C6EFCE", fontColor: "#006100" },
    });
  });

  it("custom and cellValue rules", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const range = ws(context).getRange("C4:C6");
      const custom = range.conditionalFormats.add("Custom");
      custom.custom.rule.formula = "=$C4>$B4";
      custom.custom.format.font.bold = true;
      const cell = range.conditionalFormats.add("CellValue");
      cell.cellValue.rule = { formula1: "10", operator: "GreaterThan" };
      cell.stopIfTrue = true;
      const formula = custom.custom.rule.load("formula");
      const cellRule = cell.cellValue.load("rule");
      await context.sync();
      expect(formula.formula).toBe("=$C4>$B4");
      expect(cellRule.rule).toEqual({ formula1: "10", operator: "GreaterThan" });
    });
    const cfs = fake.model.sheets[0]!.conditionalFormats;
    expect(cfs.map((c) => c.type)).toEqual(["CellValue", "Custom", "ContainsText"]);
    expect(cfs[0]!.stopIfTrue).toBe(true);
  });

  it("wrong type strings and rules are refused; unmodelled types are loud", async () => {
    const fake = setup();
    await expect(
      run(fake, async (context) => {
        ws(context)
          .getRange("E4")
          .conditionalFormats.add("TextComparison" as Excel.ConditionalFormatType);
        await context.sync();
      })
    ).rejects.toMatchObject({
      code: "InvalidArgument",
      message: expect.stringContaining("ContainsText"),
    });
    await expect(
      run(fake, async (context) => {
        const cf = ws(context).getRange("E4").conditionalFormats.add("ContainsText");
        cf.textComparison.rule = { operator: "Contains" } as Excel.ConditionalTextComparisonRule;
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    await run(fake, async (context) => {
      expect(() => ws(context).getRange("E4").conditionalFormats.add("DataBar")).toThrow(
        "not implemented in fake"
      );
    });
  });

  it("reading a different type's rule is ItemNotFound; the OrNullObject variant is a null object", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const cf = ws(context).getRange("D4").conditionalFormats.getItemAt(0);
      const custom = cf.customOrNullObject;
      const text = cf.textComparisonOrNullObject;
      await context.sync();
      expect([custom.isNullObject, text.isNullObject]).toEqual([true, false]);
      cf.custom.load("rule");
      await expect(context.sync()).rejects.toMatchObject({ code: "ItemNotFound" });
    });
  });

  it("clearAll clips formats to outside the range; getRange fails once a format covers several areas", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      ws(context).getRange("D5").conditionalFormats.clearAll();
      const cf = ws(context).getRange("D4").conditionalFormats.getItemAt(0);
      const areas = cf.getRanges().load("address");
      const single = cf.getRangeOrNullObject();
      await context.sync();
      expect(areas.address).toBe("'People Q2'!D4,'People Q2'!D6");
      expect(single.isNullObject).toBe(true);
      cf.getRange().load("address");
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidOperation" });
    });
  });

  it("delete and priority", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const range = ws(context).getRange("D4:D6");
      range.conditionalFormats.add("Custom").custom.rule.formula = "=TRUE";
      const old = range.conditionalFormats.getItemAt(1);
      old.priority = 0;
      await context.sync();
      const first = range.conditionalFormats.getItemAt(0).load("type");
      await context.sync();
      expect(first.type).toBe("ContainsText");
      first.delete();
      const count = range.conditionalFormats.getCount();
      await context.sync();
      expect(count.value).toBe(1);
    });
  });
});

describe("notes (ExcelApi 1.18)", () => {
  it("add, list with locations, get by address, edit and delete", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const notes = ws(context).notes;
      notes.add("E4", "Checked by finance");
      notes.add(ws(context).getRange("A6"), "Vacancy freeze");
      notes.load("items/content, items/authorName");
      await context.sync();
      expect(notes.items.map((n) => n.content)).toEqual([
        "Includes long-term sickness",
        "Checked by finance",
        "Vacancy freeze",
      ]);
      expect(notes.items[1]!.authorName).toBe("Fake User");
      const where = notes.items.map((n) => n.getLocation().load("address"));
      const byAddress = notes.getItem("'People Q2'!C4").load("content");
      const missing = notes.getItemOrNullObject("Z99");
      await context.sync();
      expect(where.map((r) => r.address)).toEqual([
        "'People Q2'!C4",
        "'People Q2'!E4",
        "'People Q2'!A6",
      ]);
      expect(byAddress.content).toBe("Includes long-term sickness");
      expect(missing.isNullObject).toBe(true);
      byAddress.content = "Edited";
      notes.getItem("A6").delete();
    });
    expect(snapshotModel(fake.model).sheets["People Q2"]!.notes).toEqual({
      C4: { content: "Edited", authorName: "Spec Author" },
      E4: { content: "Checked by finance", authorName: "Fake User" },
    });
  });

  it("refuses a second note on a cell, a multi-cell address, and non-text content", async () => {
    const fake = setup();
    for (const [address, content, code] of [
      ["C4", "again", "ItemAlreadyExists"],
      ["E4:E5", "x", "InvalidCellAddress"],
      ["E4", 5, "InvalidArgument"],
    ] as const) {
      await expect(
        run(fake, async (context) => {
          ws(context).notes.add(address, content);
          await context.sync();
        })
      ).rejects.toMatchObject({ code });
    }
  });

  it("workbook-level notes take sheet-qualified addresses", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      context.workbook.notes.add("Notes!B2", "Workbook level");
      const count = context.workbook.notes.getCount();
      await context.sync();
      expect(count.value).toBe(2);
    });
    expect(snapshotModel(fake.model).sheets.Notes!.notes.B2!.content).toBe("Workbook level");
  });
});

describe("comments", () => {
  it("add, getItemByCell, list, resolve and delete", async () => {
    const fake = setup(undefined, {
      authorName: "Analyst",
      now: () => new Date("2025-04-01T09:00:00Z"),
    });
    await run(fake, async (context) => {
      const comments = context.workbook.comments;
      const added = comments.add("'People Q2'!D5", "Check the denominator").load("id");
      await context.sync();
      const byCell = comments
        .getItemByCell("'People Q2'!D5")
        .load("content, authorName, creationDate, resolved, id");
      const location = byCell.getLocation().load("address");
      await context.sync();
      expect([byCell.content, byCell.authorName, byCell.resolved, byCell.id]).toEqual([
        "Check the denominator",
        "Analyst",
        false,
        added.id,
      ]);
      expect(byCell.creationDate.toISOString()).toBe("2025-04-01T09:00:00.000Z");
      expect(location.address).toBe("'People Q2'!D5");
      byCell.resolved = true;
      const sheetComments = ws(context).comments.load("items/content");
      await context.sync();
      expect(sheetComments.items.map((c) => c.content)).toEqual(["Check the denominator"]);
      byCell.delete();
      const count = comments.getCount();
      await context.sync();
      expect(count.value).toBe(0);
    });
  });
});

describe("settings", () => {
  it("add, getItem, items, JSON copies, delete", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const settings = context.workbook.settings;
      settings.add("ragRules", { red: 0.9, amber: 1 });
      const version = settings.getItem("version").load("value, key");
      const missing = settings.getItemOrNullObject("nope");
      settings.load("items/key");
      await context.sync();
      expect([version.key, version.value]).toEqual(["version", 1]);
      expect(missing.isNullObject).toBe(true);
      expect(settings.items.map((s) => s.key)).toEqual(["version", "mapping", "ragRules"]);
      const rules = settings.getItem("ragRules").load("value");
      await context.sync();
      (rules.value as { red: number }).red = 0; // a copy: the workbook is untouched
      version.value = 2;
      settings.getItem("mapping").delete();
    });
    expect(snapshotModel(fake.model).settings).toEqual({
      ragRules: { red: 0.9, amber: 1 },
      version: 2,
    });
  });

  it("non-JSON values and missing keys are errors", async () => {
    const fake = setup();
    await expect(
      run(fake, async (context) => {
        context.workbook.settings.add("f", () => 1);
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(
      run(fake, async (context) => {
        context.workbook.settings.getItem("nope").load("value");
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "ItemNotFound" });
  });
});
