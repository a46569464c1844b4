import { describe, expect, it } from "vitest";
import {
  cellKey,
  cellValue,
  createFakeOffice,
  createFakeWorkbook,
  FakeRichApiError,
} from "./index";
import { run, SCORECARD, setup } from "./testkit";

const NOT_LOADED =
  "The property 'values' is not available. Before reading the property's value, call the load method on the containing object and call \"context.sync()\" on the associated request context.";

describe("PropertyNotLoaded", () => {
  it("throws when a property was never loaded, with Excel's code and message", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const range = context.workbook.worksheets.getItem("People Q2").getRange("A3:D4");
      let caught: unknown;
      try {
        void range.values;
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(FakeRichApiError);
      expect(caught).toMatchObject({
        name: "RichApi.Error",
        code: "PropertyNotLoaded",
        message: NOT_LOADED,
      });
      expect((caught as FakeRichApiError).debugInfo.errorLocation).toBe("Range.values");
    });
  });

  it("throws when loaded but read before sync", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const range = context.workbook.worksheets
        .getItem("People Q2")
        .getRange("A3:D4")
        .load("values");
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await context.sync();
      expect(range.values[0]).toEqual(["Indicator", "Target", "Actual", "Ratio"]);
    });
  });

  it("only the loaded properties become readable", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const range = context.workbook.worksheets
        .getItem("People Q2")
        .getRange("D4")
        .load("numberFormat");
      await context.sync();
      expect(range.numberFormat).toEqual([["0.0%"]]);
      expect(() => range.values).toThrow(/'values' is not available/);
      expect(() => range.address).toThrow(/'address' is not available/);
      expect(() => range.format.fill.color).toThrow(/'color' is not available/);
    });
  });

  it("a forgotten await on sync is caught: the read happens before the round trip", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const range = context.workbook.worksheets.getItem("People Q2").getRange("A4").load("values");
      const pending = context.sync();
      expect(() => range.values).toThrow(/not available/);
      await pending;
      expect(range.values).toEqual([["Sickness days"]]);
    });
  });

  it("loaded data is a snapshot: later writes do not change it until reloaded", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const sheet = context.workbook.worksheets.getItem("People Q2");
      const range = sheet.getRange("B4").load("values");
      await context.sync();
      sheet.getRange("B4").values = [[99]];
      await context.sync();
      expect(range.values).toEqual([[8]]);
      range.load("values");
      await context.sync();
      expect(range.values).toEqual([[99]]);
    });
  });

  it("a setter caches the assigned value locally, as office.js does", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const range = context.workbook.worksheets.getItem("People Q2").getRange("B4");
      range.values = [["12"]];
      expect(range.values).toEqual([["12"]]); // what was assigned, not what Excel stores (12)
    });
    expect(cellValue(fake.model, "People Q2", "B4")).toBe(12);
  });

  it("collection items need a load too", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const sheets = context.workbook.worksheets;
      expect(() => sheets.items).toThrow(/'items' is not available/);
      sheets.load("items/name");
      expect(() => sheets.items).toThrow(/'items' is not available/);
      await context.sync();
      expect(sheets.items.map((s) => s.name)).toEqual(["People Q2", "Notes"]);
      expect(() => sheets.items[0]!.position).toThrow(/'position' is not available/);
    });
  });

  it("ClientResult.value throws ValueNotLoaded before sync", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const count = context.workbook.worksheets.getCount();
      expect(() => count.value).toThrow(expect.objectContaining({ code: "ValueNotLoaded" }));
      await context.sync();
      expect(count.value).toBe(2);
    });
  });
});

describe("writes are queued and applied in order at sync", () => {
  it("nothing reaches the workbook before sync", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const range = context.workbook.worksheets.getItem("People Q2").getRange("B4:C4");
      range.values = [[1, 2]];
      range.numberFormat = [["0.00", "0.00"]];
      expect(cellValue(fake.model, "People Q2", "B4")).toBe(8);
      await context.sync();
      expect(cellValue(fake.model, "People Q2", "B4")).toBe(1);
      expect(fake.model.sheets[0]!.cells.get(cellKey(3, 2))?.numberFormat).toBe("0.00");
    });
  });

  it("loads see the state at their position in the queue", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const sheet = context.workbook.worksheets.getItem("People Q2");
      const before = sheet.getRange("B4").load("values");
      sheet.getRange("B4").values = [[1]];
      sheet.getRange("B4").values = [[2]];
      const after = sheet.getRange("B4").load("values");
      await context.sync();
      expect(before.values).toEqual([[8]]);
      expect(after.values).toEqual([[2]]);
    });
  });

  it("the end of Excel.run flushes pending writes (one more round trip)", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      context.workbook.worksheets.getItem("People Q2").getRange("B4").values = [[42]];
    });
    expect(cellValue(fake.model, "People Q2", "B4")).toBe(42);
    expect(fake.stats.syncCount).toBe(1);
    expect(fake.stats.syncCalls).toBe(1);
  });

  it("a batch that throws discards its pending writes", async () => {
    const fake = setup();
    await expect(
      run(fake, async (context) => {
        context.workbook.worksheets.getItem("People Q2").getRange("B4").values = [[42]];
        throw new Error("adapter bug");
      })
    ).rejects.toThrow("adapter bug");
    expect(cellValue(fake.model, "People Q2", "B4")).toBe(8);
  });

  it("a failing command keeps the commands before it and drops those after it", async () => {
    const fake = setup();
    await expect(
      run(fake, async (context) => {
        const sheet = context.workbook.worksheets.getItem("People Q2");
        sheet.getRange("B4").values = [[1]];
        sheet.getRange("B5:C5").values = [[1, 2, 3]]; // wrong shape
        sheet.getRange("B6").values = [[3]];
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    expect(cellValue(fake.model, "People Q2", "B4")).toBe(1);
    expect(cellValue(fake.model, "People Q2", "B6")).toBe(20);
  });

  it("Excel.run resolves with the batch's result and rejects a batch that returns no promise", async () => {
    const fake = setup();
    await expect(fake.Excel.run(async () => 7)).resolves.toBe(7);
    await expect(
      fake.Excel.run((() => 7) as unknown as () => Promise<number>)
    ).rejects.toMatchObject({ code: "RunMustReturnPromise" });
  });
});

describe("null objects", () => {
  it("isNullObject is readable after sync (no load needed) and not before", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject("Nope");
      const present = context.workbook.worksheets.getItemOrNullObject("people q2");
      expect(() => missing.isNullObject).toThrow(
        expect.objectContaining({ code: "PropertyNotLoaded" })
      );
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(present.isNullObject).toBe(false);
    });
  });

  it("a null object's loaded properties read as undefined; its children are null too", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject("Nope");
      missing.load("name");
      const range = missing.getRange("A1").load("values");
      await context.sync();
      expect(missing.name).toBeUndefined();
      expect(range.values).toBeUndefined();
    });
  });

  it("writing through a null object fails at sync with ItemNotFound", async () => {
    const fake = setup();
    await expect(
      run(fake, async (context) => {
        const missing = context.workbook.worksheets.getItemOrNullObject("Nope");
        await context.sync();
        missing.getRange("A1").values = [[1]];
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "ItemNotFound" });
  });

  it("getItem of a missing item fails at sync, not at the call", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const sheet = context.workbook.worksheets.getItem("Nope");
      sheet.load("name");
      await expect(context.sync()).rejects.toMatchObject({ code: "ItemNotFound" });
    });
  });
});

describe("sync statistics", () => {
  it("counts round trips, not empty syncs, and records request/response bytes", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      await context.sync(); // nothing queued: no round trip
      const range = context.workbook.worksheets
        .getItem("People Q2")
        .getRange("A3:D6")
        .load("values");
      await context.sync();
      range.values = range.values.map((row) => row.map(() => 1));
      await context.sync();
    });
    expect(fake.stats.syncCalls).toBe(4); // 3 explicit + the implicit one at the end of run
    expect(fake.stats.syncCount).toBe(2);
    expect(fake.stats.requestBytes).toHaveLength(2);
    expect(fake.stats.responseBytes[0]).toBeGreaterThan(
      JSON.stringify([["Indicator", "Target", "Actual", "Ratio"]]).length
    );
    expect(fake.stats.requestBytes[1]).toBeGreaterThan(JSON.stringify([[1, 1, 1, 1]]).length * 4);
    expect(fake.stats.runCount).toBe(1);
  });

  it("logs operations with sheet-qualified addresses", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const sheet = context.workbook.worksheets.getItem("People Q2");
      sheet.getRange("E4:E6").values = [["R"], ["A"], ["G"]];
      sheet.getRange("E4").format.fill.color = "#FF0000";
      sheet.getRange("A1").load("values");
    });
    expect(fake.stats.operations.map((o) => [o.op, o.target, o.write])).toEqual([
      ["setValues", "'People Q2'!E4:E6", true],
      ["setFillColor", "'People Q2'!E4", true],
      ["load", "'People Q2'!A1", false],
    ]);
  });

  it("failNextSync rejects the next round trip and applies nothing", async () => {
    const fake = setup();
    fake.failNextSync("GeneralException");
    await expect(
      run(fake, async (context) => {
        context.workbook.worksheets.getItem("People Q2").getRange("B4").values = [[1]];
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "GeneralException" });
    expect(cellValue(fake.model, "People Q2", "B4")).toBe(8);
  });
});

describe("payload limits (Excel on the web: 5 MB)", () => {
  const bigRows = (rows: number, text: string) =>
    Array.from({ length: rows }, () => [text, text, text, text]);

  it("a request over the limit rejects with RequestPayloadSizeLimitExceeded and applies nothing", async () => {
    const fake = setup();
    const values = bigRows(15_000, "x".repeat(100)); // ~6 MB of JSON
    await expect(
      run(fake, async (context) => {
        const sheet = context.workbook.worksheets.getItem("Notes");
        sheet.getRange("B1").values = [["first"]];
        sheet.getRange("A10:D15009").values = values;
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
    expect(cellValue(fake.model, "Notes", "B1")).toBeNull();
    expect(fake.stats.requestBytes[0]).toBeGreaterThan(5 * 1024 * 1024);
  });

  it("the same data in chunks under the limit succeeds", async () => {
    const fake = setup();
    const values = bigRows(15_000, "x".repeat(100));
    await run(fake, async (context) => {
      const sheet = context.workbook.worksheets.getItem("Notes");
      for (let start = 0; start < values.length; start += 5000) {
        sheet.getRangeByIndexes(9 + start, 0, 5000, 4).values = values.slice(start, start + 5000);
        await context.sync();
      }
    });
    expect(fake.stats.syncCount).toBe(3);
    expect(Math.max(...fake.stats.requestBytes)).toBeLessThan(5 * 1024 * 1024);
    expect(cellValue(fake.model, "Notes", "D15009")).toBe("x".repeat(100));
  });

  it("a response over the limit rejects with ResponsePayloadSizeLimitExceeded and rolls back the batch", async () => {
    const fake = setup(SCORECARD, { limits: { maxPayloadBytes: 2000 } });
    await run(fake, async (context) => {
      const sheet = context.workbook.worksheets.getItem("Notes");
      sheet.getRange("A10:A200").values = Array.from({ length: 191 }, () => [1]);
    });
    await expect(
      run(fake, async (context) => {
        const sheet = context.workbook.worksheets.getItem("Notes");
        sheet.getRange("B1").values = [["written in the failing batch"]];
        sheet.getRange("A10:A200").load("values, text, formulas");
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "ResponsePayloadSizeLimitExceeded" });
    expect(cellValue(fake.model, "Notes", "B1")).toBeNull();
  });

  it("the limit is configurable at runtime", async () => {
    const fake = setup();
    fake.limits.maxPayloadBytes = 100;
    await expect(
      run(fake, async (context) => {
        context.workbook.worksheets.getItem("Notes").getRange("A1:A20").values = Array.from(
          { length: 20 },
          () => ["abcdefgh"]
        );
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
  });

  it("loading a whole column's values is refused before building a million-row array", async () => {
    const fake = setup();
    const started = Date.now();
    await expect(
      run(fake, async (context) => {
        context.workbook.worksheets.getItem("People Q2").getRange("A:A").load("values");
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "ResponsePayloadSizeLimitExceeded" });
    await expect(
      run(fake, async (context) => {
        context.workbook.worksheets.getItem("People Q2").getRange().load("values");
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "RangeExceedsLimit" });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("requirement sets", () => {
  it("worksheet.notes throws ApiNotFound on access when ExcelApi is 1.17", async () => {
    const fake = setup(SCORECARD, { requirementSets: { ExcelApi: "1.17" } });
    expect(fake.Office.context.requirements.isSetSupported("ExcelApi", "1.18")).toBe(false);
    expect(fake.Office.context.requirements.isSetSupported("ExcelApi", "1.17")).toBe(true);
    await run(fake, async (context) => {
      const sheet = context.workbook.worksheets.getItem("People Q2");
      let caught: unknown;
      try {
        void sheet.notes;
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({
        code: "ApiNotFound",
        message:
          "The method or property Worksheet.notes is part of the ExcelApi 1.18 requirement set, which is not available in your version of Excel.",
      });
      sheet.getRange("A1").load("values"); // the rest of the API still works
      await context.sync();
    });
  });

  it("notes work at ExcelApi 1.18, and older APIs gate the same way", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const notes = context.workbook.worksheets.getItem("People Q2").notes.load("items/content");
      await context.sync();
      expect(notes.items.map((n) => n.content)).toEqual(["Includes long-term sickness"]);
    });
    fake.setRequirementSets({ ExcelApi: "1.9" });
    await run(fake, async (context) => {
      expect(() => context.workbook.comments).toThrow(
        expect.objectContaining({ code: "ApiNotFound" })
      );
      expect(() =>
        context.workbook.worksheets.getItem("People Q2").getRange("A1").getMergedAreasOrNullObject()
      ).toThrow(/ExcelApi 1.13/);
    });
  });
});

describe("unmodelled API surface is loud", () => {
  it("real members the fake lacks throw 'not implemented in fake'", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const range = context.workbook.worksheets.getItem("People Q2").getRange("A1");
      expect(() => range.formulasR1C1).toThrow("not implemented in fake: Range.formulasR1C1");
      expect(() => range.getSpillingToRange()).toThrow(
        "not implemented in fake: Range.getSpillingToRange"
      );
      expect(() => range.format.rowHeight).toThrow(
        "not implemented in fake: RangeFormat.rowHeight"
      );
      expect(() => range.load("formulasR1C1")).toThrow(
        /not implemented in fake: Range.formulasR1C1/
      );
      expect(() => fake.Excel.createWorkbook()).toThrow(
        "not implemented in fake: Excel.createWorkbook"
      );
    });
  });

  it("a misspelt property in a load string fails at sync with InvalidArgument", async () => {
    const fake = setup();
    await expect(
      run(fake, async (context) => {
        context.workbook.worksheets
          .getItem("People Q2")
          .getRange("A1")
          .load("values, numberFromat");
        await context.sync();
      })
    ).rejects.toMatchObject({
      code: "InvalidArgument",
      message: expect.stringContaining("numberFromat"),
    });
  });

  it("objects from a finished batch cannot queue work", async () => {
    const fake = setup();
    const range = await run(fake, async (context) =>
      context.workbook.worksheets.getItem("People Q2").getRange("A4").load("values")
    );
    expect(range.values).toEqual([["Sickness days"]]); // loaded data stays readable
    expect(() => {
      range.values = [["x"]];
    }).toThrow(expect.objectContaining({ code: "InvalidObjectPath" }));
  });

  it("objects cannot cross request contexts", async () => {
    const fake = setup();
    await run(fake, async (outer) => {
      const a = outer.workbook.worksheets.getItem("People Q2").getRange("A1:B2");
      await run(fake, async (inner) => {
        const b = inner.workbook.worksheets.getItem("People Q2").getRange("B2:C3");
        expect(() => b.getIntersection(a)).toThrow(
          expect.objectContaining({ code: "InvalidRequestContext" })
        );
      });
    });
  });

  it("errors are OfficeExtension.Error instances with debugInfo", async () => {
    const fake = setup();
    const error = await run(fake, async (context) => {
      context.workbook.worksheets.getItem("People Q2").getRange("ZZZ1").load("values");
      return context.sync().catch((e: unknown) => e);
    });
    expect(error).toBeInstanceOf(fake.OfficeExtension.Error);
    expect(error).toMatchObject({
      code: "InvalidArgument",
      debugInfo: { code: "InvalidArgument" },
    });
  });
});

describe("load forms", () => {
  it("accepts comma strings, arrays, select/expand and nested object options", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const sheet = context.workbook.worksheets.getItem("People Q2");
      const a = sheet.getRange("D4").load("values, numberFormat");
      const b = sheet.getRange("D4").load(["text", "address"]);
      const c = sheet.getRange("D4").load({ select: "valueTypes", expand: "format/fill" });
      const d = sheet.getRange("D4").load({ rowIndex: true, format: { font: { bold: true } } });
      const e = sheet.getRange("D4").load("format/fill/color, worksheet/name");
      await context.sync();
      expect([a.values, a.numberFormat]).toEqual([[[1.1875]], [["0.0%"]]]);
      expect([b.text, b.address]).toEqual([[["118.8%"]], "'People Q2'!D4"]);
      expect([c.valueTypes, c.format.fill.color]).toEqual([[["Double"]], "#FFFFFF"]);
      expect([d.rowIndex, d.format.font.bold]).toEqual([3, false]);
      expect([e.format.fill.color, e.worksheet.name]).toEqual(["#FFFFFF", "People Q2"]);
      expect(() => d.format.font.color).toThrow(/not available/);
    });
  });

  it("load() with no argument loads every scalar; collection.load('name') means items/name", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const range = context.workbook.worksheets.getItem("People Q2").getRange("A4:B4").load();
      const tables = context.workbook.tables.load("name");
      await context.sync();
      expect(range.toJSON()).toMatchObject({
        address: "'People Q2'!A4:B4",
        values: [["Sickness days", 8]],
        rowCount: 1,
        columnCount: 2,
      });
      expect(tables.items.map((t) => t.name)).toEqual(["Kpis"]);
      expect(() => tables.items[0]!.showHeaders).toThrow(/not available/);
    });
  });

  it("context.load and trackedObjects behave", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const range = context.workbook.worksheets.getItem("People Q2").getRange("A4");
      context.load(range, "values");
      context.trackedObjects.add(range);
      await context.sync();
      expect(range.values).toEqual([["Sickness days"]]);
      context.trackedObjects.remove(range);
    });
  });
});

describe("independent fakes", () => {
  it("two fakes over two models do not share state", async () => {
    const a = createFakeOffice(createFakeWorkbook(SCORECARD));
    const b = createFakeOffice(createFakeWorkbook(SCORECARD));
    await a.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("People Q2").getRange("B4").values = [[0]];
    });
    expect(cellValue(a.model, "People Q2", "B4")).toBe(0);
    expect(cellValue(b.model, "People Q2", "B4")).toBe(8);
    expect(b.stats.syncCount).toBe(0);
  });
});
