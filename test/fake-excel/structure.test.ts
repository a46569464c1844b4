import { describe, expect, it } from "vitest";
import {
  adjustFormulaReferences,
  cellValue,
  diffSnapshots,
  snapshotModel,
  type FakeWorkbookSpec,
} from "./index";
import { run, SCORECARD, setup } from "./testkit";

const ws = (context: Excel.RequestContext, name = "People Q2") =>
  context.workbook.worksheets.getItem(name);

describe("insert with shift Down", () => {
  it("moves cells, notes, merges, tables and conditional formats below, and expands what it splits", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      ws(context).getRange("A5:D5").insert("Down"); // inside the table, between Sickness days and Turnover
    });
    const snap = snapshotModel(fake.model).sheets["People Q2"]!;
    expect(cellValue(fake.model, "People Q2", "A5")).toBeNull();
    expect(cellValue(fake.model, "People Q2", "A6")).toBe("Turnover");
    expect(cellValue(fake.model, "People Q2", "A7")).toBe("Vacancies");
    expect(snap.tables[0]!.address).toBe("A3:D7");
    expect(snap.conditionalFormats[0]!.ranges).toEqual(["D4:D7"]);
    expect(snap.notes).toEqual({
      C4: { content: "Includes long-term sickness", authorName: "Spec Author" },
    });
    expect(snap.merged).toEqual(["A1:D1"]);
    // formats from the row above are copied into the new cells
    expect(snap.cells.D5).toEqual({ value: null, numberFormat: "0.0%" });
  });

  it("rewrites formula references on the same and on other sheets", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      ws(context).getRange("A2:D2").insert("Down");
    });
    const people = snapshotModel(fake.model).sheets["People Q2"]!.cells;
    expect(people.D5!.formula).toBe("=C5/B5");
    expect(people.D7!.formula).toBe("=C7/B7");
    expect(snapshotModel(fake.model).sheets.Notes!.cells.A3!.formula).toBe("='People Q2'!D5*2");
    expect(snapshotModel(fake.model).sheets.Notes!.cells.A2!.value).toBe("=D4"); // text, not a formula: untouched
  });

  it("whole-row inserts move hidden rows; the returned range is the blank space and live ranges follow their cells", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const s = ws(context);
      const turnover = s.getRange("A5");
      turnover.load("address");
      await context.sync();
      const blank = s.getRange("1:2").insert(fake.Excel.InsertShiftDirection.down).load("address");
      turnover.load("address");
      const values = turnover.load("values");
      await context.sync();
      expect(blank.address).toBe("'People Q2'!1:2");
      expect(turnover.address).toBe("'People Q2'!A7");
      expect(values.values).toEqual([["Turnover"]]);
    });
    expect([...fake.model.sheets[0]!.hiddenRows]).toEqual([3]);
  });

  it("refuses to split a merged area or part of a table, and changes nothing", async () => {
    const fake = setup();
    const before = snapshotModel(fake.model);
    await expect(
      run(fake, async (context) => {
        ws(context).getRange("B1:B1").insert("Down");
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "InsertDeleteConflict" });
    await expect(
      run(fake, async (context) => {
        ws(context).getRange("B4:B5").insert("Down");
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "InsertDeleteConflict" });
    expect(diffSnapshots(before, snapshotModel(fake.model))).toEqual([]);
  });

  it("refuses to push non-empty cells off the sheet", async () => {
    const spec: FakeWorkbookSpec = { sheets: [{ name: "S", rows: [["top"]], formulas: {} }] };
    const fake = setup(spec);
    await run(fake, async (context) => {
      ws(context, "S").getRange("A1048576").values = [["bottom"]];
    });
    await expect(
      run(fake, async (context) => {
        ws(context, "S").getRange("A1").insert("Down");
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "NonBlankCellOffSheet" });
  });

  it("rejects a bad shift direction", async () => {
    const fake = setup();
    await expect(
      run(fake, async (context) => {
        ws(context)
          .getRange("A1")
          .insert("Up" as Excel.InsertShiftDirection);
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "InvalidArgument" });
  });
});

describe("insert with shift Right", () => {
  it("a whole column inside a table adds a table column and moves widths, hidden columns and CFs", async () => {
    const fake = setup({
      sheets: [{ ...SCORECARD.sheets[0]!, columnWidths: { C: 70 } }],
    });
    await run(fake, async (context) => {
      ws(context).getRange("C:C").insert("Right");
    });
    const snap = snapshotModel(fake.model).sheets["People Q2"]!;
    expect(snap.tables[0]).toMatchObject({
      address: "A3:E6",
      columns: ["Indicator", "Target", "Column1", "Actual", "Ratio"],
    });
    expect(snap.cells.C3).toEqual({ value: "Column1" });
    expect(snap.cells.E4!.formula).toBe("=D4/B4");
    expect(snap.columnWidths).toEqual({ D: 70 });
    expect(snap.hiddenColumns).toEqual(["G"]);
    expect(snap.conditionalFormats[0]!.ranges).toEqual(["E4:E6"]);
    expect(snap.notes.D4).toBeDefined();
    expect(snap.merged).toEqual(["A1:E1"]);
  });

  it("a partial band splits conditional formats: the moved part follows its cells, the rest stays", async () => {
    const fake = setup({
      sheets: [
        {
          name: "S",
          rows: [
            ["a", "b"],
            ["c", "d"],
            ["e", "f"],
          ],
          conditionalFormats: [{ address: "A1:B3", type: "Custom", rule: { formula: "=A1>0" } }],
        },
      ],
    });
    await run(fake, async (context) => {
      ws(context, "S").getRange("A2").insert("Right");
    });
    const snap = snapshotModel(fake.model).sheets.S!;
    expect(snap.conditionalFormats[0]!.ranges).toEqual(["A1:B1", "B2:C2", "A3:B3"]);
    expect(snap.cells.B2!.value).toBe("c");
    expect(snap.cells.C2!.value).toBe("d");
  });
});

describe("delete", () => {
  it("shift Up removes the cells, their notes and formulas referring to them, and shrinks tables and CFs", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      ws(context).getRange("A4:D4").delete("Up");
    });
    const snap = snapshotModel(fake.model);
    const people = snap.sheets["People Q2"]!;
    expect(people.cells.A4!.value).toBe("Turnover");
    expect(people.notes).toEqual({});
    expect(people.tables[0]!.address).toBe("A3:D5");
    expect(people.conditionalFormats[0]!.ranges).toEqual(["D4:D5"]);
    expect(snap.sheets.Notes!.cells.A3!.formula).toBe("='People Q2'!#REF!*2");
  });

  it("a deleted range object becomes an invalid reference", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const range = ws(context).getRange("A6:D6");
      range.delete("Up");
      range.load("values");
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidReference" });
    });
  });

  it("shift Left over whole columns removes a table column and moves hidden columns", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      ws(context).getRange("B:B").delete(fake.Excel.DeleteShiftDirection.left);
    });
    const people = snapshotModel(fake.model).sheets["People Q2"]!;
    expect(people.tables[0]).toMatchObject({
      address: "A3:C6",
      columns: ["Indicator", "Actual", "Ratio"],
    });
    expect(people.cells.C4!.formula).toBe("=B4/#REF!");
    expect(people.hiddenColumns).toEqual(["E"]);
    expect(people.merged).toEqual(["A1:C1"]);
  });

  it("deleting a table's header row alone is refused", async () => {
    const fake = setup();
    await expect(
      run(fake, async (context) => {
        ws(context).getRange("3:3").delete("Up");
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "InsertDeleteConflict" });
  });
});

describe("round trips", () => {
  it("inserting a column and deleting it again restores every cell, note, merge, table and CF", async () => {
    const fake = setup();
    const before = snapshotModel(fake.model);
    await run(fake, async (context) => {
      const blank = ws(context).getRange("E:E").insert("Right");
      blank.getCell(3, 0).values = [["Red"]];
      await context.sync();
      ws(context).getRange("E:E").delete("Left");
    });
    expect(diffSnapshots(before, snapshotModel(fake.model))).toEqual([]);
  });

  it("inserting rows inside the table and deleting them restores the table", async () => {
    const fake = setup();
    const before = snapshotModel(fake.model);
    await run(fake, async (context) => {
      ws(context).getRange("5:7").insert("Down");
      await context.sync();
      ws(context).getRange("5:7").delete("Up");
    });
    expect(diffSnapshots(before, snapshotModel(fake.model))).toEqual([]);
  });
});

describe("adjustFormulaReferences", () => {
  const down2At5 = { axis: "rows" as const, at: 4, count: 2, bandStart: 0, bandEnd: 16383 };
  it("moves references at or below the insertion, keeps $ and string literals, ignores other sheets and functions", () => {
    expect(
      adjustFormulaReferences('=SUM($A$4:B6)+A5+Other!A5+LOG10(A9)&"A5"', "S", "S", down2At5)
    ).toBe('=SUM($A$4:B8)+A7+Other!A5+LOG10(A11)&"A5"');
    expect(adjustFormulaReferences("='My Sheet'!C9", "S", "My Sheet", down2At5)).toBe(
      "='My Sheet'!C11"
    );
    expect(adjustFormulaReferences("=SUM(A:A)+SUM(5:6)", "S", "S", down2At5)).toBe(
      "=SUM(A:A)+SUM(7:8)"
    );
  });
});
