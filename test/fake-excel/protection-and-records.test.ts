import { describe, expect, it } from "vitest";
import { CellStore } from "./cell-store";
import {
  cellKey,
  cellValue,
  createFakeOffice,
  createFakeWorkbook,
  diffSnapshots,
  snapshotModel,
  utf8Length,
} from "./index";
import { run, SCORECARD, setup } from "./testkit";

describe("worksheet protection", () => {
  it("protection.protected loads; protect and unprotect switch it", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const sheet = context.workbook.worksheets.getItem("People Q2");
      sheet.load("protection/protected");
      await context.sync();
      expect(sheet.protection.protected).toBe(false);
      sheet.protection.protect();
      sheet.protection.load("protected");
      await context.sync();
      expect(sheet.protection.protected).toBe(true);
      sheet.protection.unprotect();
    });
    expect(fake.model.sheets[0]!.protected).toBe(false);
  });

  it("refuses changes to a protected sheet with AccessDenied, naming the statement; reads and selection still work", async () => {
    const fake = createFakeOffice(
      createFakeWorkbook({
        ...SCORECARD,
        sheets: SCORECARD.sheets.map((s, i) => (i === 0 ? { ...s, protected: true } : s)),
      })
    );
    const before = snapshotModel(fake.model);
    const changes: ((context: Excel.RequestContext) => void)[] = [
      (c) => (c.workbook.worksheets.getItem("People Q2").getRange("B4").values = [[1]]),
      (c) => c.workbook.worksheets.getItem("People Q2").getRange("B4").clear(),
      (c) => void c.workbook.worksheets.getItem("People Q2").getRange("F:F").insert("Right"),
      (c) =>
        void c.workbook.worksheets
          .getItem("People Q2")
          .getRange("B4:B6")
          .conditionalFormats.add("ContainsText"),
      (c) => void c.workbook.notes.add("'People Q2'!A4", "note"),
      (c) => (c.workbook.worksheets.getItem("People Q2").getRange("A1").format.fill.color = "red"),
    ];
    for (const change of changes) {
      const error = await run(fake, async (context) => {
        change(context);
        return context.sync().then(
          () => undefined,
          (e: unknown) => e
        );
      });
      expect(error).toMatchObject({ code: "AccessDenied" });
      // The statement names the sheet, by getItem("People Q2") or in the note's address.
      expect((error as { debugInfo: { statement?: string } }).debugInfo.statement).toContain(
        "People Q2"
      );
    }
    expect(diffSnapshots(before, snapshotModel(fake.model))).toEqual([]);
    await run(fake, async (context) => {
      const sheet = context.workbook.worksheets.getItem("People Q2");
      const range = sheet.getRange("A4").load("values");
      sheet.activate();
      range.select();
      await context.sync();
      expect(range.values).toEqual([["Sickness days"]]);
    });
    // The other sheet is not protected.
    await run(fake, async (context) => {
      context.workbook.worksheets.getItem("Notes").getRange("B1").values = [["ok"]];
    });
    expect(cellValue(fake.model, "Notes", "B1")).toBe("ok");
  });
});

describe("what the fake records", () => {
  it("every Excel API member touched, by class: reads, writes, calls and loads", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const range = context.workbook.worksheets.getItem("People Q2").getRange("A1:B2");
      range.load("values,format/fill/color");
      range.numberFormat = [
        ["0", "0"],
        ["0", "0"],
      ];
      await context.sync();
    });
    expect([...fake.stats.apiMembers.get("Range")!].sort()).toEqual(
      ["format", "load", "numberFormat", "values"].sort()
    );
    expect([...fake.stats.apiMembers.get("RangeFill")!]).toEqual(["color"]);
    expect(fake.stats.apiMembers.get("Workbook")).toEqual(new Set(["worksheets"]));
    fake.stats.reset();
    expect(fake.stats.apiMembers.size).toBe(0);
  });

  it("a member of a set the host lacks is recorded, then refused", async () => {
    const fake = setup(SCORECARD, { requirementSets: { ExcelApi: "1.17" } });
    await run(fake, async (context) => {
      expect(() => context.workbook.notes).toThrow(
        expect.objectContaining({ code: "ApiNotFound" })
      );
    });
    expect(fake.stats.apiMembers.get("Workbook")).toEqual(new Set(["notes"]));
  });

  it("request and response sizes are UTF-8 bytes, as Excel on the web counts them", async () => {
    expect(utf8Length("abc")).toBe(3);
    expect(utf8Length("£")).toBe(2);
    expect(utf8Length("17.5%–22.5% ↑")).toBe(17);
    expect(utf8Length("😀")).toBe(4);
    const fake = setup();
    await run(fake, async (context) => {
      context.workbook.worksheets.getItem("Notes").getRange("B1").values = [["↑↑↑↑"]];
    });
    await run(fake, async (context) => {
      context.workbook.worksheets.getItem("Notes").getRange("B1").values = [["abcd"]];
    });
    const [arrows, letters] = fake.stats.requestBytes;
    expect(arrows! - letters!).toBe(8);
  });

  it("a conditional format's rule loads through textComparisonOrNullObject, null for other types, with no stray sync", async () => {
    const fake = createFakeOffice(
      createFakeWorkbook({
        sheets: [
          {
            name: "S",
            conditionalFormats: [
              {
                address: "A1:A5",
                type: "ContainsText",
                rule: { operator: "BeginsWith", text: "Red" },
              },
              { address: "A1:A5", type: "Custom", rule: { formula: "=A1>1" } },
            ],
          },
        ],
      })
    );
    await run(fake, async (context) => {
      const formats = context.workbook.worksheets.getItem("S").getRange("A1:A5").conditionalFormats;
      formats.load("items/type,items/textComparisonOrNullObject/rule");
      await context.sync();
      const [text, custom] = formats.items;
      expect(text!.textComparisonOrNullObject.rule).toEqual({
        operator: "BeginsWith",
        text: "Red",
      });
      expect(custom!.textComparisonOrNullObject.isNullObject).toBe(true);
    });
    expect(fake.stats.syncCount).toBe(1);
  });
});

describe("CellStore", () => {
  it("keeps cells by key, walks them row by row and only inside a rectangle when asked", () => {
    const store = new CellStore();
    store.set(cellKey(5, 2), { value: "c" });
    store.set(cellKey(0, 1), { value: "a" });
    store.set(cellKey(5, 0), { value: "b" });
    store.set(cellKey(1_000_000, 16_383), { value: "far" });
    expect(store.size).toBe(4);
    expect([...store].map(([, cell]) => cell.value)).toEqual(["a", "b", "c", "far"]);
    const inside: unknown[] = [];
    store.forEachIn({ top: 0, left: 1, bottom: 1_048_575, right: 2 }, (cell) =>
      inside.push(cell.value)
    );
    expect(inside).toEqual(["a", "c"]);
    expect(store.delete(cellKey(5, 2))).toBe(true);
    expect(store.delete(cellKey(5, 2))).toBe(false);
    expect(store.get(cellKey(5, 2))).toBeUndefined();
    expect(store.size).toBe(3);
    const copy = store.clone();
    copy.get(cellKey(0, 1))!.value = "changed";
    expect(store.get(cellKey(0, 1))!.value).toBe("a");
  });
});
