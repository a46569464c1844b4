import { describe, expect, it } from "vitest";
import { cellKey, cellValue, type FakeOffice } from "./index";
import { run, setup } from "./testkit";

function sheet(context: Excel.RequestContext, name = "People Q2"): Excel.Worksheet {
  return context.workbook.worksheets.getItem(name);
}

async function load<K extends keyof Excel.Range>(
  fake: FakeOffice,
  address: string,
  props: K[],
  sheetName = "People Q2"
): Promise<Pick<Excel.Range, K>> {
  return run(fake, async (context) => {
    const range = sheet(context, sheetName).getRange(address).load(props.join(","));
    await context.sync();
    const out = {} as Pick<Excel.Range, K>;
    for (const p of props) out[p] = range[p];
    return out;
  });
}

describe("reading cells", () => {
  it("values, formulas, numberFormat, text and valueTypes", async () => {
    const fake = setup();
    const r = await load(fake, "A4:D5", [
      "values",
      "formulas",
      "numberFormat",
      "text",
      "valueTypes",
    ]);
    expect(r.values).toEqual([
      ["Sickness days", 8, 9.5, 1.1875],
      ["Turnover", 0.1, 0.12, "#DIV/0!"],
    ]);
    expect(r.formulas).toEqual([
      ["Sickness days", 8, 9.5, "=C4/B4"],
      ["Turnover", 0.1, 0.12, "=C5/B5"],
    ]);
    expect(r.numberFormat).toEqual([
      ["General", "General", "General", "0.0%"],
      ["General", "0%", "General", "0.0%"],
    ]);
    expect(r.text).toEqual([
      ["Sickness days", "8", "9.5", "118.8%"],
      ["Turnover", "10%", "0.12", "#DIV/0!"],
    ]);
    expect(r.valueTypes).toEqual([
      ["String", "Double", "Double", "Double"],
      ["String", "Double", "Double", "Error"],
    ]);
  });

  it("empty cells read as empty strings with valueType Empty", async () => {
    const fake = setup();
    const r = await load(fake, "E1:F1", ["values", "text", "valueTypes", "formulas"]);
    expect(r).toEqual({
      values: [["", ""]],
      text: [["", ""]],
      valueTypes: [["Empty", "Empty"]],
      formulas: [["", ""]],
    });
  });

  it("addresses and indexes, with sheet quoting and whole rows/columns", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const s = sheet(context);
      const cell = s
        .getRange("$C$4")
        .load("address, rowIndex, columnIndex, rowCount, columnCount, cellCount");
      const col = s.getRange("C:D").load("address, isEntireColumn, rowCount");
      const row = s.getRange("3:3").load("address, isEntireRow, columnCount");
      const far = s.getRange("XFD1048576").load("address, columnIndex, rowIndex");
      const other = sheet(context, "Notes").getRange("'Notes'!B2").load("address");
      const whole = s.getRange().load("address, cellCount");
      await context.sync();
      expect([
        cell.address,
        cell.rowIndex,
        cell.columnIndex,
        cell.rowCount,
        cell.columnCount,
        cell.cellCount,
      ]).toEqual(["'People Q2'!C4", 3, 2, 1, 1, 1]);
      expect([col.address, col.isEntireColumn, col.rowCount]).toEqual([
        "'People Q2'!C:D",
        true,
        1048576,
      ]);
      expect([row.address, row.isEntireRow, row.columnCount]).toEqual([
        "'People Q2'!3:3",
        true,
        16384,
      ]);
      expect([far.address, far.columnIndex, far.rowIndex]).toEqual([
        "'People Q2'!XFD1048576",
        16383,
        1048575,
      ]);
      expect(other.address).toBe("Notes!B2");
      expect([whole.address, whole.cellCount]).toEqual(["'People Q2'!1:1048576", 1048576 * 16384]);
    });
  });

  it("rejects bad addresses, names and other sheets' addresses at sync", async () => {
    const fake = setup();
    for (const address of ["A0", "XFE1", "A1048577", "MyName", "Notes!A1", "A1:B2:C3", ""]) {
      await expect(
        run(fake, async (context) => {
          sheet(context).getRange(address).load("address");
          await context.sync();
        }),
        address
      ).rejects.toMatchObject({ code: "InvalidArgument" });
    }
  });
});

describe("writing values", () => {
  it("a single value is broadcast to every cell; a 2-D array must match exactly", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      sheet(context, "Notes").getRange("C1:D2").values = "n/a" as unknown as unknown[][];
    });
    expect(cellValue(fake.model, "Notes", "D2")).toBe("n/a");
    for (const bad of [[[1, 2]], [[1], [2], [3]], [1, 2], [[1, 2], [3]]]) {
      await expect(
        run(fake, async (context) => {
          sheet(context, "Notes").getRange("C1:D2").values = bad as unknown[][];
          await context.sync();
        })
      ).rejects.toMatchObject({
        code: "InvalidArgument",
        message: expect.stringContaining("doesn't match the size or dimensions of the range"),
      });
    }
  });

  it("null leaves a cell unchanged and an empty string clears it", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      sheet(context).getRange("B4:C4").values = [[null, ""]];
    });
    expect(cellValue(fake.model, "People Q2", "B4")).toBe(8);
    expect(cellValue(fake.model, "People Q2", "C4")).toBeNull();
  });

  it("null, undefined, NaN and objects are rejected", async () => {
    const fake = setup();
    for (const bad of [null, [[undefined]], [[Number.NaN]], [[{ a: 1 }]], [[Infinity]]]) {
      await expect(
        run(fake, async (context) => {
          sheet(context).getRange("B4").values = bad as unknown[][];
          await context.sync();
        })
      ).rejects.toMatchObject({ code: "InvalidArgument" });
    }
  });

  it("strings are parsed like typed input", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      sheet(context, "Notes").getRange("C1:C9").values = [
        ["5"],
        ["1,234"],
        ["50%"],
        ["12.5%"],
        ["TRUE"],
        ["'007"],
        ["=A1"],
        ["-x"],
        ["Red"],
      ];
      const text = sheet(context, "Notes").getRange("E1:E2");
      text.numberFormat = [["@"], ["@"]];
      text.values = [["007"], ["TRUE"]];
    });
    const v = (a: string) => cellValue(fake.model, "Notes", a);
    expect([v("C1"), v("C2"), v("C3"), v("C4"), v("C5"), v("C6"), v("C8"), v("C9")]).toEqual([
      5,
      1234,
      0.5,
      0.125,
      true,
      "007",
      "#NAME?",
      "Red",
    ]);
    const cells = fake.model.sheets[1]!.cells;
    expect(cells.get(cellKey(2, 2))?.numberFormat).toBe("0%");
    expect(cells.get(cellKey(3, 2))?.numberFormat).toBe("0.00%");
    expect(cells.get(cellKey(1, 2))?.numberFormat).toBe("#,##0");
    expect(cells.get(cellKey(6, 2))?.formula).toBe("=A1");
    expect(cells.get(cellKey(7, 2))?.formula).toBe("=-x");
    expect([v("E1"), v("E2")]).toEqual(["007", "TRUE"]);
  });

  it("formulas: written as text, read back as text; the value is whatever evaluateFormula says", async () => {
    const plain = setup();
    await run(plain, async (context) => {
      sheet(context).getRange("B4:C4").formulas = [["=1+1", 7]];
    });
    const back = await load(plain, "B4:C4", ["formulas", "values"]);
    expect(back.formulas).toEqual([["=1+1", 7]]);
    expect(back.values).toEqual([[8, 7]]); // the fake does not calculate: B4 keeps its last value

    const calc = setup(undefined, {
      evaluateFormula: (formula, where) =>
        formula === "=1+1" ? 2 : `${where.sheet}!${where.address}`,
    });
    await run(calc, async (context) => {
      sheet(context).getRange("B4:C4").formulas = [["=1+1", "=Z9"]];
    });
    expect((await load(calc, "B4:C4", ["values"])).values).toEqual([[2, "People Q2!C4"]]);
  });

  it("numberFormat: 2-D with nulls, broadcast, and '' resets to General", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const s = sheet(context);
      s.getRange("B4:C4").numberFormat = [["0.00", null]];
      s.getRange("B6:C6").numberFormat = "#,##0" as unknown as unknown[][];
      s.getRange("D4").numberFormat = [[""]];
    });
    const r = await load(fake, "B4:D6", ["numberFormat", "text"]);
    expect(r.numberFormat).toEqual([
      ["0.00", "General", "General"],
      ["0%", "General", "0.0%"],
      ["#,##0", "#,##0", "0.0%"],
    ]);
    expect(r.text[0]).toEqual(["8.00", "9.5", "1.1875"]);
  });

  it("writes into a merged area keep only the top-left cell", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      sheet(context).getRange("A1:D1").values = [["Title", "b", "c", "d"]];
    });
    expect(cellValue(fake.model, "People Q2", "A1")).toBe("Title");
    expect(cellValue(fake.model, "People Q2", "B1")).toBeNull();
  });
});

describe("derived ranges", () => {
  it("cell, offset, resize, row, column, entire row/column, last row/column, bounding rect", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const base = sheet(context).getRange("B4:C6");
      const all = [
        base.getCell(1, 1),
        base.getCell(5, 0), // outside the parent range is allowed
        base.getOffsetRange(-1, 2),
        base.getResizedRange(1, -1),
        base.getRow(2),
        base.getColumn(1),
        base.getEntireColumn(),
        base.getEntireRow(),
        base.getLastRow(),
        base.getLastColumn(),
        base.getBoundingRect("F10"),
        base.getIntersection("C5:Z9"),
      ].map((r) => r.load("address"));
      await context.sync();
      expect(all.map((r) => r.address.split("!")[1])).toEqual([
        "C5",
        "B9",
        "D3:E5",
        "B4:B7",
        "B6:C6",
        "C4:C6",
        "B:C",
        "4:6",
        "B6:C6",
        "C4:C6",
        "B4:F10",
        "C5:C6",
      ]);
    });
  });

  it("off-grid results fail at sync", async () => {
    const fake = setup();
    await expect(
      run(fake, async (context) => {
        sheet(context).getRange("A1").getOffsetRange(-1, 0).load("address");
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(
      run(fake, async (context) => {
        sheet(context).getRange("B2").getResizedRange(-2, 0).load("address");
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "InvalidArgument" });
  });

  it("getIntersectionOrNullObject is a null object when the ranges do not meet", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const s = sheet(context);
      const none = s.getRange("A1:B2").getIntersectionOrNullObject("D4:E5");
      const some = s
        .getRange("A1:B2")
        .getIntersectionOrNullObject(s.getRange("B2:C3"))
        .load("address");
      await context.sync();
      expect(none.isNullObject).toBe(true);
      expect(some.isNullObject).toBe(false);
      expect(some.address).toBe("'People Q2'!B2");
    });
  });

  it("getUsedRange counts formatting unless valuesOnly; an empty sheet gives A1 or a null object", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      context.workbook.worksheets.add("Blank");
      const s = sheet(context);
      s.getRange("H20").format.fill.color = "yellow";
      const used = s.getUsedRange().load("address");
      const valuesOnly = s.getUsedRange(true).load("address");
      const blank = sheet(context, "Blank").getUsedRange().load("address");
      const blankOrNull = sheet(context, "Blank").getUsedRangeOrNullObject();
      const inRange = s.getRange("B4:C20").getUsedRange(true).load("address");
      await context.sync();
      expect(used.address).toBe("'People Q2'!A1:H20");
      expect(valuesOnly.address).toBe("'People Q2'!A1:D6");
      expect(blank.address).toBe("Blank!A1");
      expect(blankOrNull.isNullObject).toBe(true);
      expect(inRange.address).toBe("'People Q2'!B4:C6");
    });
  });
});

describe("hidden rows and columns", () => {
  it("reads true/false/null (mixed) and writes whole rows/columns", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const s = sheet(context);
      const r2 = s.getRange("A2").load("rowHidden");
      const r1to3 = s.getRange("A1:A3").load("rowHidden");
      const f = s.getRange("F1").load("columnHidden, hidden");
      await context.sync();
      expect([r2.rowHidden, r1to3.rowHidden, f.columnHidden, f.hidden]).toEqual([
        true,
        null,
        true,
        true,
      ]);
      s.getRange("A2").rowHidden = false;
      s.getRange("B5:C5").columnHidden = true;
      const after = s.getRange("A1:C3").load("rowHidden, columnHidden");
      await context.sync();
      expect([after.rowHidden, after.columnHidden]).toEqual([false, null]);
    });
    expect([...fake.model.sheets[0]!.hiddenColumns].sort()).toEqual([1, 2, 5]);
  });
});

describe("formats", () => {
  it("fill colour: default white, names normalised, mixed is null, clear() removes", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const s = sheet(context);
      const before = s.getRange("B4").format.fill.load("color");
      await context.sync();
      expect(before.color).toBe("#FFFFFF");
      s.getRange("B4:C4").format.fill.color = "orange";
      s.getRange("C4").format.fill.color = "#ff0000";
      const mixed = s.getRange("B4:C4").format.fill.load("color");
      const one = s.getRange("B4").format.fill.load("color");
      await context.sync();
      expect([one.color, mixed.color]).toEqual(["#FFA500", null]);
      s.getRange("B4:C4").format.fill.clear();
      const cleared = s.getRange("B4:C4").format.fill.load("color");
      await context.sync();
      expect(cleared.color).toBe("#FFFFFF");
    });
  });

  it("font colour and bold; bad colours and null are rejected", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const s = sheet(context);
      s.getRange("A3:D3").format.font.bold = true;
      s.getRange("A3").format.font.color = "#006100";
      const font = s.getRange("A3:D3").format.font.load("bold, color");
      await context.sync();
      expect([font.bold, font.color]).toEqual([true, null]);
    });
    for (const bad of ["reddish", null, 5]) {
      await expect(
        run(fake, async (context) => {
          sheet(context).getRange("A3").format.fill.color = bad as string;
          await context.sync();
        })
      ).rejects.toMatchObject({ code: "InvalidArgument" });
    }
  });

  it("column width: read, write, hidden reads 0, autofit from the text", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const s = sheet(context);
      const widths = [
        s.getRange("A1").format.load("columnWidth"),
        s.getRange("F1").format.load("columnWidth"),
        s.getRange("A1:B1").format.load("columnWidth"),
      ];
      await context.sync();
      expect(widths.map((w) => w.columnWidth)).toEqual([48, 0, 48]);
      s.getRange("B:B").format.columnWidth = 60;
      s.getRange("A:A").format.autofitColumns();
      const after = [
        s.getRange("B1").format.load("columnWidth"),
        s.getRange("A1").format.load("columnWidth"),
      ];
      await context.sync();
      expect(after[0]!.columnWidth).toBe(60);
      expect(after[1]!.columnWidth).toBeGreaterThan(48);
    });
  });

  it("whole-column format writes are refused loudly (formats are stored per cell)", async () => {
    const fake = setup();
    await expect(
      run(fake, async (context) => {
        sheet(context).getRange("A:A").format.fill.color = "red";
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "NotImplemented" });
  });
});

describe("merges", () => {
  it("getMergedAreasOrNullObject lists merged areas, or is null", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const s = sheet(context);
      const areas = s.getRange("A1:D10").getMergedAreasOrNullObject();
      areas.load("address, areaCount");
      areas.areas.load("items/address");
      const none = s.getRange("A3:D6").getMergedAreasOrNullObject();
      await context.sync();
      expect(none.isNullObject).toBe(true);
      expect(areas.isNullObject).toBe(false);
      expect([areas.address, areas.areaCount]).toEqual(["'People Q2'!A1:D1", 1]);
      expect(areas.areas.items.map((r) => r.address)).toEqual(["'People Q2'!A1:D1"]);
    });
  });

  it("merge keeps the top-left value; unmerge removes the area", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const s = sheet(context, "Notes");
      s.getRange("C1:D1").values = [["keep", "drop"]];
      s.getRange("C1:D1").merge();
      s.getRange("A1").unmerge();
    });
    expect(fake.model.sheets[1]!.merged).toEqual([{ top: 0, left: 2, bottom: 0, right: 3 }]);
    expect(cellValue(fake.model, "Notes", "D1")).toBeNull();
    await run(fake, async (context) => {
      sheet(context, "Notes").getRange("D1").unmerge();
    });
    expect(fake.model.sheets[1]!.merged).toEqual([]);
  });
});

describe("clear", () => {
  it("Contents keeps formats; Formats keeps values but drops CFs and merges; All drops notes too", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      sheet(context).getRange("D4").clear("Contents");
    });
    let cell = fake.model.sheets[0]!.cells.get(cellKey(3, 3));
    expect(cell).toEqual({ value: null, numberFormat: "0.0%" });

    await run(fake, async (context) => {
      sheet(context).getRange("D5").clear(fake.Excel.ClearApplyTo.formats);
      sheet(context).getRange("A1").clear("Formats");
    });
    cell = fake.model.sheets[0]!.cells.get(cellKey(4, 3));
    expect(cell).toEqual({ value: "#DIV/0!", formula: "=C5/B5" });
    expect(fake.model.sheets[0]!.conditionalFormats[0]!.ranges).toEqual([
      { top: 3, left: 3, bottom: 3, right: 3 },
      { top: 5, left: 3, bottom: 5, right: 3 },
    ]);
    expect(fake.model.sheets[0]!.merged).toEqual([]);

    await run(fake, async (context) => {
      sheet(context).getRange("C4").clear();
    });
    expect(fake.model.sheets[0]!.notes.size).toBe(0);
    expect(cellValue(fake.model, "People Q2", "C4")).toBeNull();
  });

  it("rejects an unknown applyTo", async () => {
    const fake = setup();
    await expect(
      run(fake, async (context) => {
        sheet(context)
          .getRange("D4")
          .clear("Everything" as Excel.ClearApplyTo);
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "InvalidArgument" });
  });
});

describe("selection", () => {
  it("select() moves the selection and activates the sheet; getSelectedRange reads it", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const before = context.workbook.getSelectedRange().load("address");
      await context.sync();
      expect(before.address).toBe("'People Q2'!A1");
      sheet(context, "Notes").getRange("B2:C3").select();
      const after = context.workbook.getSelectedRange().load("address");
      const active = context.workbook.worksheets.getActiveWorksheet().load("name");
      await context.sync();
      expect(after.address).toBe("Notes!B2:C3");
      expect(active.name).toBe("Notes");
    });
  });
});
