import { describe, expect, it } from "vitest";
import {
  cellFormula,
  cellValue,
  createFakeWorkbook,
  definedNames,
  diffSnapshots,
  isValidDefinedName,
  sheetNotes,
  snapshotModel,
  type FakeOffice,
  type FakeWorkbookSpec,
} from "./index";
import { run, setup } from "./testkit";

/** Kent: a scorecard block B2:E6 with a header row; an ownership name over its data rows. */
const SPEC: FakeWorkbookSpec = {
  sheets: [
    {
      name: "Kent",
      rows: [
        [],
        [null, "Indicator", "Target", "Actual", "Ratio"],
        [null, "Turnover", 0.1, 0.12, 1.2],
        [null, "Absence", 8, 9.5, 1.1875],
        [null, "Vacancies", 20, 18, 0.9],
        [null, "Agency", 5, null, null],
      ],
      formulas: { E3: "=D3/C3", E4: "=D4/C4", E5: "=D5/C5", E6: "=D6/C6" },
      numberFormats: { E3: "0%", E4: "0.0%", E5: "0.00%" },
      notes: { B4: "Includes long-term sickness", D5: "Provisional" },
      fills: { B5: "#FFC000" },
    },
    {
      name: "Tunbridge Wells",
      rows: [
        ["Indicator", "Value"],
        ["Turnover", 3],
      ],
    },
    {
      name: "Summary",
      formulas: { A1: "=SUM(Kent!$C$3:$D$6)", A2: "='Tunbridge Wells'!B2" },
    },
  ],
  names: [
    { name: "Kent_Block", formula: "=Kent!$B$3:$E$6" },
    { name: "TW_Block", formula: "='Tunbridge Wells'!$A$1:$B$2", visible: false },
  ],
};

const kent = (context: Excel.RequestContext) => context.workbook.worksheets.getItem("Kent");

interface LoadedName {
  name: string;
  formula: string;
  visible: boolean;
  type: string;
  value: unknown;
}

/** `workbook.names` as the add-in will load it. */
function loadNames(fake: FakeOffice): Promise<LoadedName[]> {
  return run(fake, async (context) => {
    const names = context.workbook.names.load(
      "items/name,items/formula,items/visible,items/type,items/value"
    );
    await context.sync();
    return names.items.map((n) => ({
      name: n.name,
      formula: n.formula,
      visible: n.visible,
      type: n.type,
      value: n.value as unknown,
    }));
  });
}

async function expectCode(
  fake: FakeOffice,
  code: string,
  batch: (c: Excel.RequestContext) => void
) {
  await expect(
    run(fake, async (context) => {
      batch(context);
      await context.sync();
    })
  ).rejects.toMatchObject({ code });
}

describe("workbook.names", () => {
  it("lists workbook-scoped names with formula, visibility, type and value, by name", async () => {
    const fake = setup(SPEC);
    await run(fake, async (context) => {
      context.workbook.names.add("Ownership", "=kent!$al$4:$ao$40", "Cells the add-in owns");
      context.workbook.names.add("Ratio_Cell", kent(context).getRange("E3"));
      context.workbook.names.add("Whole_Cols", kent(context).getRange("C:D"));
      context.workbook.names.add("Rows_2_4", kent(context).getRange("2:4"));
      kent(context).names.add("Local", kent(context).getRange("B2"));
    });
    expect(await loadNames(fake)).toEqual([
      {
        name: "Kent_Block",
        formula: "=Kent!$B$3:$E$6",
        visible: true,
        type: "Range",
        value: "Kent!$B$3:$E$6",
      },
      {
        name: "Ownership",
        formula: "=Kent!$AL$4:$AO$40",
        visible: true,
        type: "Range",
        value: "Kent!$AL$4:$AO$40",
      },
      {
        name: "Ratio_Cell",
        formula: "=Kent!$E$3",
        visible: true,
        type: "Range",
        value: "Kent!$E$3",
      },
      {
        name: "Rows_2_4",
        formula: "=Kent!$2:$4",
        visible: true,
        type: "Range",
        value: "Kent!$2:$4",
      },
      {
        name: "TW_Block",
        formula: "='Tunbridge Wells'!$A$1:$B$2",
        visible: false,
        type: "Range",
        value: "'Tunbridge Wells'!$A$1:$B$2",
      },
      {
        name: "Whole_Cols",
        formula: "=Kent!$C:$D",
        visible: true,
        type: "Range",
        value: "Kent!$C:$D",
      },
    ]);
    await run(fake, async (context) => {
      const count = context.workbook.names.getCount();
      const local = kent(context).names.load("items/name,items/formula,items/scope");
      const item = context.workbook.names.getItem("OWNERSHIP").load("name,comment,scope");
      await context.sync();
      expect(count.value).toBe(6);
      expect(local.items.map((n) => [n.name, n.formula, n.scope])).toEqual([
        ["Local", "=Kent!$B$2", "Worksheet"],
      ]);
      expect([item.name, item.comment, item.scope]).toEqual([
        "Ownership",
        "Cells the add-in owns",
        "Workbook",
      ]);
    });
    expect(definedNames(fake.model, "Kent")).toEqual([
      { name: "Local", formula: "=Kent!$B$2", visible: true },
    ]);
  });

  it("quotes sheet names that need it and accepts a quoted reference string", async () => {
    const fake = setup(SPEC);
    await run(fake, async (context) => {
      context.workbook.names.add("A_Range", "='Tunbridge Wells'!$A$1:$B$2");
      context.workbook.names.add("B_Range", "='Kent'!$B$2");
      context.workbook.names.add(
        "C_Range",
        context.workbook.worksheets.getItem("Tunbridge Wells").getRange("B2")
      );
    });
    expect(definedNames(fake.model).filter((n) => n.name.endsWith("_Range"))).toEqual([
      { name: "A_Range", formula: "='Tunbridge Wells'!$A$1:$B$2", visible: true },
      { name: "B_Range", formula: "=Kent!$B$2", visible: true },
      { name: "C_Range", formula: "='Tunbridge Wells'!$B$2", visible: true },
    ]);
  });

  it("constants have their own types; a calculated name is not evaluated by the fake", async () => {
    const fake = setup(SPEC);
    await run(fake, async (context) => {
      const names = context.workbook.names;
      names.add("Tolerance", "=0.05");
      names.add("Max_Rows", "=500");
      names.add("Label", '="Owned by ""RAG"""');
      names.add("Enabled", "=TRUE");
    });
    const loaded = await loadNames(fake);
    expect(loaded.filter((n) => n.type !== "Range").map((n) => [n.name, n.type, n.value])).toEqual([
      ["Enabled", "Boolean", true],
      ["Label", "String", 'Owned by "RAG"'],
      ["Max_Rows", "Integer", 500],
      ["Tolerance", "Double", 0.05],
    ]);
    await run(fake, async (context) => {
      context.workbook.names.add("Total", "=SUM(Kent!$C$3:$C$6)");
      const item = context.workbook.names.getItem("Total").load("formula");
      await context.sync();
      expect(item.formula).toBe("=SUM(Kent!$C$3:$C$6)");
    });
    await expectCode(fake, "NotImplemented", (context) =>
      context.workbook.names.getItem("Total").load("type")
    );
  });

  it("property reads before load and sync throw; getItem of a missing name fails at sync; OrNullObject does not", async () => {
    const fake = setup(SPEC);
    await run(fake, async (context) => {
      const item = context.workbook.names.getItem("Kent_Block");
      expect(() => item.formula).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      item.load("formula");
      expect(() => item.formula).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      const names = context.workbook.names;
      expect(() => names.items).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      const missing = context.workbook.names.getItemOrNullObject("nope");
      const present = context.workbook.names.getItemOrNullObject("kent_block");
      await context.sync();
      expect(item.formula).toBe("=Kent!$B$3:$E$6");
      expect([missing.isNullObject, present.isNullObject]).toEqual([true, false]);
      expect(() => item.visible).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
    });
    await expectCode(fake, "ItemNotFound", (context) =>
      context.workbook.names.getItem("nope").load("formula")
    );
    // A worksheet-scoped name is not in workbook.names, and the other way round.
    await expectCode(fake, "ItemNotFound", (context) =>
      kent(context).names.getItem("Kent_Block").load("name")
    );
  });

  it("refuses invalid names with InvalidArgument and duplicates (any case, or a table's name) with ItemAlreadyExists", async () => {
    const fake = setup({
      ...SPEC,
      sheets: [{ ...SPEC.sheets[0]!, tables: [{ name: "Kpis", address: "B2:E6" }] }],
      names: [{ name: "Kent_Block", formula: "=Kent!$B$3:$E$6" }],
    });
    const invalid = [
      "",
      "1st",
      "has space",
      "a-b",
      "A1",
      "xfd1048576",
      "KPI1",
      "R1C1",
      "rc",
      "R",
      "c",
      "R2",
      "TRUE",
      "x".repeat(256),
    ];
    for (const name of invalid) {
      expect(isValidDefinedName(name)).toBe(false);
      await expectCode(fake, "InvalidArgument", (context) =>
        context.workbook.names.add(name, "=Kent!$A$1")
      );
    }
    for (const name of [
      "_owned",
      "\\owned",
      "Owned.Kent_2",
      "ABCD1",
      "XFE1",
      "Émission",
      "x".repeat(255),
    ])
      expect(isValidDefinedName(name)).toBe(true);
    await expectCode(fake, "ItemAlreadyExists", (context) =>
      context.workbook.names.add("KENT_BLOCK", "=Kent!$A$1")
    );
    await expectCode(fake, "ItemAlreadyExists", (context) =>
      context.workbook.names.add("kpis", "=Kent!$A$1")
    );
    await expectCode(fake, "ItemAlreadyExists", (context) =>
      kent(context).tables.add("Kent!H1:I3", true).set({ name: "Kent_Block" })
    );
    // The same name in another scope is allowed.
    await run(fake, async (context) => {
      kent(context).names.add("Kent_Block", "=Kent!$B$2");
    });
    expect(definedNames(fake.model, "Kent")).toEqual([
      { name: "Kent_Block", formula: "=Kent!$B$2", visible: true },
    ]);
    // A reference to no sheet or to a missing one.
    await expectCode(fake, "InvalidArgument", (context) =>
      context.workbook.names.add("Nowhere", "=Dover!$A$1")
    );
    await expectCode(fake, "NotImplemented", (context) =>
      context.workbook.names.add("Bare", "=$A$1")
    );
  });

  it("formula (ExcelApi 1.7), visible and comment can be set; delete removes; getRange gives the cells", async () => {
    const fake = setup(SPEC);
    await run(fake, async (context) => {
      const item = context.workbook.names.getItem("Kent_Block");
      item.formula = "=Kent!$B$3:$E$5";
      item.visible = false;
      item.comment = "owned";
      const range = item.getRange().load("address,values");
      const constant = context.workbook.names.add("Tolerance", "=0.05");
      const none = constant.getRangeOrNullObject();
      await context.sync();
      expect(range.address).toBe("Kent!B3:E5");
      expect(range.values[0]).toEqual(["Turnover", 0.1, 0.12, 1.2]);
      expect(none.isNullObject).toBe(true);
      context.workbook.names.getItem("TW_Block").delete();
    });
    expect(definedNames(fake.model)).toEqual([
      { name: "Kent_Block", formula: "=Kent!$B$3:$E$5", visible: false },
      { name: "Tolerance", formula: "=0.05", visible: true },
    ]);
    expect(snapshotModel(fake.model).names!.Kent_Block).toEqual({
      formula: "=Kent!$B$3:$E$5",
      visible: false,
      comment: "owned",
    });
    await expectCode(fake, "InvalidOperation", (context) =>
      context.workbook.names.getItem("Tolerance").getRange().load("address")
    );
    await expectCode(fake, "InvalidArgument", (context) => {
      (context.workbook.names.getItem("Kent_Block") as { visible: unknown }).visible = "yes";
    });
    const old = setup(SPEC, { requirementSets: { ExcelApi: "1.6" } });
    await run(old, async (context) => {
      const item = context.workbook.names.getItem("Kent_Block");
      expect(() => item.formula).toThrow(/ExcelApi 1.7/);
      expect(() => (item.formula = "=Kent!$A$1")).toThrow(/ExcelApi 1.7/);
      item.load("name,visible,type,value");
      await context.sync();
      expect(item.visible).toBe(true);
    });
  });

  it("worksheet.getRange accepts a name for cells on that sheet", async () => {
    const fake = setup(SPEC);
    await run(fake, async (context) => {
      const range = kent(context).getRange("kent_block").load("address");
      await context.sync();
      expect(range.address).toBe("Kent!B3:E6");
    });
    await expectCode(fake, "InvalidArgument", (context) =>
      kent(context).getRange("TW_Block").load("address")
    );
    await expectCode(fake, "InvalidArgument", (context) =>
      kent(context).getRange("Nothing").load("address")
    );
  });

  it("can be seeded from the spec and shows in snapshots and their diffs", async () => {
    const model = createFakeWorkbook(SPEC);
    expect(definedNames(model)).toEqual([
      { name: "Kent_Block", formula: "=Kent!$B$3:$E$6", visible: true },
      { name: "TW_Block", formula: "='Tunbridge Wells'!$A$1:$B$2", visible: false },
    ]);
    expect(() =>
      createFakeWorkbook({ sheets: [{ name: "S" }], names: [{ name: "A1", formula: "=S!$A$1" }] })
    ).toThrow(/not a valid name/);
    expect(() =>
      createFakeWorkbook({
        sheets: [{ name: "S" }],
        names: [
          { name: "x", formula: "=S!$A$1" },
          { name: "X", formula: "=S!$A$2" },
        ],
      })
    ).toThrow(/duplicate name/);
    expect(snapshotModel(createFakeWorkbook({ sheets: [{ name: "S" }] })).names).toBeUndefined();
    const fake = setup(SPEC);
    const before = snapshotModel(fake.model);
    await run(fake, async (context) => {
      context.workbook.names.getItem("TW_Block").visible = true;
    });
    expect(diffSnapshots(before, snapshotModel(fake.model))).toEqual([
      {
        kind: "name",
        address: "TW_Block",
        before: { formula: "='Tunbridge Wells'!$A$1:$B$2", visible: false },
        after: { formula: "='Tunbridge Wells'!$A$1:$B$2", visible: true },
      },
    ]);
  });
});

describe("names move with the cells", () => {
  it("insert and delete rows and columns adjust a name exactly as a cell formula", async () => {
    const fake = setup(SPEC);
    const step = async (
      batch: (context: Excel.RequestContext) => void,
      formula: string,
      sum: string
    ) => {
      await run(fake, async (context) => batch(context));
      expect(definedNames(fake.model)[0]).toEqual({ name: "Kent_Block", formula, visible: true });
      // The cell formula on Summary points at the Target and Actual columns of the block and moves the same way.
      expect(cellFormula(fake.model, "Summary", "A1")).toBe(sum);
    };
    // Above: moves. Inside: grows. To the left: moves. Inside: shrinks. Below: unchanged.
    await step(
      (c) => kent(c).getRange("1:1").insert("Down"),
      "=Kent!$B$4:$E$7",
      "=SUM(Kent!$C$4:$D$7)"
    );
    await step(
      (c) => kent(c).getRange("5:6").insert("Down"),
      "=Kent!$B$4:$E$9",
      "=SUM(Kent!$C$4:$D$9)"
    );
    await step(
      (c) => kent(c).getRange("A:A").delete("Left"),
      "=Kent!$A$4:$D$9",
      "=SUM(Kent!$B$4:$C$9)"
    );
    await step(
      (c) => kent(c).getRange("6:7").delete("Up"),
      "=Kent!$A$4:$D$7",
      "=SUM(Kent!$B$4:$C$7)"
    );
    await step(
      (c) => kent(c).getRange("A8:D9").insert("Down"),
      "=Kent!$A$4:$D$7",
      "=SUM(Kent!$B$4:$C$7)"
    );
    expect(definedNames(fake.model)[1]!.formula).toBe("='Tunbridge Wells'!$A$1:$B$2"); // other sheet: same
  });

  it("cells shifted right within the name's rows widen it; a partial band leaves it alone", async () => {
    const fake = setup(SPEC);
    await run(fake, async (context) => {
      kent(context).getRange("C3:C6").insert("Right");
    });
    expect(definedNames(fake.model)[0]!.formula).toBe("=Kent!$B$3:$F$6");
    await run(fake, async (context) => {
      kent(context).getRange("C4:C5").insert("Right"); // only some of its rows: Excel leaves the reference
    });
    expect(definedNames(fake.model)[0]!.formula).toBe("=Kent!$B$3:$F$6");
  });

  it("deleting every cell it refers to makes it =Kent!#REF!, an Error, with no range", async () => {
    const fake = setup(SPEC);
    await run(fake, async (context) => {
      context.workbook.names.add("Ratio", "=Kent!$E$3:$E$6");
      kent(context).getRange("E:E").delete("Left");
    });
    const ratio = (await loadNames(fake)).find((n) => n.name === "Ratio")!;
    expect(ratio).toEqual({
      name: "Ratio",
      formula: "=Kent!#REF!",
      visible: true,
      type: "Error",
      value: "#REF!",
    });
    await run(fake, async (context) => {
      const range = context.workbook.names.getItem("Ratio").getRangeOrNullObject();
      await context.sync();
      expect(range.isNullObject).toBe(true);
    });
    await expectCode(fake, "InvalidOperation", (context) =>
      context.workbook.names.getItem("Ratio").getRange().load("address")
    );
    // Excel refuses to change the visibility of an Error-typed name.
    await expectCode(fake, "InvalidArgument", (context) => {
      context.workbook.names.getItem("Ratio").visible = false;
    });
  });

  it("a live range from getRange moves with its cells too", async () => {
    const fake = setup(SPEC);
    await run(fake, async (context) => {
      const range = context.workbook.names.getItem("Kent_Block").getRange();
      range.load("address");
      await context.sync();
      kent(context).getRange("1:2").insert("Down");
      range.load("address");
      await context.sync();
      expect(range.address).toBe("Kent!B5:E8");
    });
  });

  it("renaming the sheet rewrites the reference, quoted when needed", async () => {
    const fake = setup(SPEC);
    await run(fake, async (context) => {
      kent(context).name = "Kent County";
    });
    expect(definedNames(fake.model)[0]!.formula).toBe("='Kent County'!$B$3:$E$6");
    await run(fake, async (context) => {
      context.workbook.worksheets.getItem("Kent County").names.add("Local", "='Kent County'!$B$2");
      context.workbook.worksheets.getItem("Kent County").name = "Kent";
      context.workbook.worksheets.getItem("Tunbridge Wells").name = "TW";
    });
    expect(definedNames(fake.model)).toEqual([
      { name: "Kent_Block", formula: "=Kent!$B$3:$E$6", visible: true },
      { name: "TW_Block", formula: "=TW!$A$1:$B$2", visible: false },
    ]);
    expect(definedNames(fake.model, "Kent")).toEqual([
      { name: "Local", formula: "=Kent!$B$2", visible: true },
    ]);
    expect(cellFormula(fake.model, "Summary", "A2")).toBe("=TW!B2");
  });

  it("deleting the sheet makes it =#REF!$B$3:$E$6 and takes the sheet's own names with it", async () => {
    const fake = setup(SPEC);
    await run(fake, async (context) => {
      kent(context).names.add("Local", "=Kent!$B$2");
      context.workbook.names.add("Both", "=Kent!$B$2:$B$3");
    });
    await run(fake, async (context) => {
      kent(context).delete();
    });
    const names = await loadNames(fake);
    expect(names.map((n) => [n.name, n.formula, n.type, n.value])).toEqual([
      ["Both", "=#REF!$B$2:$B$3", "Error", "#REF!"],
      ["Kent_Block", "=#REF!$B$3:$E$6", "Error", "#REF!"],
      ["TW_Block", "='Tunbridge Wells'!$A$1:$B$2", "Range", "'Tunbridge Wells'!$A$1:$B$2"],
    ]);
    expect(fake.model.names.some((n) => n.name === "Local")).toBe(false);
    expect(cellFormula(fake.model, "Summary", "A1")).toBe("=SUM(#REF!$C$3:$D$6)");
  });

  it("moving a sheet leaves names as they are", async () => {
    const fake = setup(SPEC);
    const before = definedNames(fake.model);
    await run(fake, async (context) => {
      kent(context).position = 2;
    });
    expect(definedNames(fake.model)).toEqual(before);
    expect(fake.model.sheets.map((s) => s.name)).toEqual(["Tunbridge Wells", "Summary", "Kent"]);
  });

  it("a refused add stops the batch there: the names added before it stay, as Excel applies them", async () => {
    const fake = setup(SPEC);
    const before = snapshotModel(fake.model);
    await expectCode(fake, "InvalidArgument", (context) => {
      context.workbook.names.add("Fine", "=Kent!$A$1");
      context.workbook.names.add("not fine", "=Kent!$A$1");
      context.workbook.names.add("Never", "=Kent!$A$2");
    });
    expect(diffSnapshots(before, snapshotModel(fake.model))).toEqual([
      {
        kind: "name",
        address: "Fine",
        before: null,
        after: { formula: "=Kent!$A$1", visible: true },
      },
    ]);
  });
});

describe("worksheet.copy", () => {
  it("copies cells, formats and notes, not the workbook's names; Excel gives the copy its own twins", async () => {
    const fake = setup(SPEC);
    await run(fake, async (context) => {
      kent(context).names.add("Local", "=Kent!$B$2");
      const copy = kent(context).copy("After", kent(context)).load("name,position");
      await context.sync();
      expect([copy.name, copy.position]).toEqual(["Kent (2)", 1]);
      const notes = copy.notes.load("items/content");
      await context.sync();
      expect(notes.items.map((n) => n.content)).toEqual([
        "Includes long-term sickness",
        "Provisional",
      ]);
    });
    const snap = snapshotModel(fake.model);
    expect(snap.sheets["Kent (2)"]!.cells).toEqual(snap.sheets.Kent!.cells);
    expect(sheetNotes(fake.model, "Kent (2)")).toEqual(sheetNotes(fake.model, "Kent"));
    expect(definedNames(fake.model)).toEqual([
      { name: "Kent_Block", formula: "=Kent!$B$3:$E$6", visible: true },
      { name: "TW_Block", formula: "='Tunbridge Wells'!$A$1:$B$2", visible: false },
    ]);
    expect(definedNames(fake.model, "Kent (2)")).toEqual([
      { name: "Kent_Block", formula: "='Kent (2)'!$B$3:$E$6", visible: true },
      { name: "Local", formula: "='Kent (2)'!$B$2", visible: true },
    ]);
    // Edits on the copy leave the original and its names alone.
    await run(fake, async (context) => {
      context.workbook.worksheets.getItem("Kent (2)").getRange("1:3").delete("Up");
    });
    expect(definedNames(fake.model)[0]!.formula).toBe("=Kent!$B$3:$E$6");
    expect(definedNames(fake.model, "Kent (2)")[0]!.formula).toBe("='Kent (2)'!$B$1:$E$3");
    expect(cellValue(fake.model, "Kent", "B3")).toBe("Turnover");
  });

  it("places the copy by positionType, numbers copies, renames tables, points self-references at the copy", async () => {
    const fake = setup({
      sheets: [
        {
          name: "Kent",
          rows: [
            ["KPI", "Value"],
            ["A", 1],
          ],
          formulas: { C2: "=Kent!B2*2" },
          tables: [{ name: "Kpis", address: "A1:B2" }],
        },
        { name: "Other" },
      ],
    });
    await run(fake, async (context) => {
      const sheet = kent(context);
      sheet.copy(); // "None": at the beginning, as documented
      sheet.copy("End");
      sheet.copy("Beginning");
      sheet.copy("Before", context.workbook.worksheets.getItem("Other"));
    });
    expect(fake.model.sheets.map((s) => s.name)).toEqual([
      "Kent (4)",
      "Kent (2)",
      "Kent",
      "Kent (5)",
      "Other",
      "Kent (3)",
    ]);
    expect(cellFormula(fake.model, "Kent (3)", "C2")).toBe("='Kent (3)'!B2*2");
    expect(fake.model.sheets.flatMap((s) => s.tables.map((t) => t.name))).toEqual([
      "Kpis4",
      "Kpis2",
      "Kpis",
      "Kpis5",
      "Kpis3",
    ]);
    expect(fake.model.activeSheetId).toBe(fake.model.sheets[2]!.id);
    await expectCode(fake, "InvalidArgument", (context) => kent(context).copy("After"));
    await expectCode(fake, "InvalidArgument", (context) => kent(context).copy("Sideways" as "End"));
    const old = setup(SPEC, { requirementSets: { ExcelApi: "1.6" } });
    await run(old, async (context) => {
      expect(() => kent(context).copy()).toThrow(/ExcelApi 1.7/);
    });
  });

  it("works on a protected sheet, as does adding a name", async () => {
    const fake = setup({ ...SPEC, sheets: [{ ...SPEC.sheets[0]!, protected: true }] });
    await run(fake, async (context) => {
      kent(context).copy("End");
      kent(context).names.add("Local", "=Kent!$B$2");
    });
    expect(fake.model.sheets.map((s) => [s.name, s.protected])).toEqual([
      ["Kent", true],
      ["Kent (2)", true],
    ]);
  });
});

describe("range.sort.apply", () => {
  it("reorders rows with their values, formulas, formats and notes; the header and names stay", async () => {
    const fake = setup(SPEC);
    await run(fake, async (context) => {
      kent(context)
        .getRange("B2:E6")
        .sort.apply([{ key: 2, ascending: false }], false, true);
    });
    const values = (address: string) => cellValue(fake.model, "Kent", address);
    expect(["B2", "B3", "B4", "B5", "B6"].map(values)).toEqual([
      "Indicator",
      "Vacancies",
      "Absence",
      "Turnover",
      "Agency", // blank key: last, whatever the direction
    ]);
    // Relative references move with the cell, as Excel does.
    expect(["E3", "E4", "E5", "E6"].map((a) => cellFormula(fake.model, "Kent", a))).toEqual([
      "=D3/C3",
      "=D4/C4",
      "=D5/C5",
      "=D6/C6",
    ]);
    const cells = snapshotModel(fake.model).sheets.Kent!.cells;
    expect([cells.E3!.numberFormat, cells.E4!.numberFormat, cells.E5!.numberFormat]).toEqual([
      "0.00%",
      "0.0%",
      "0%",
    ]);
    expect(cells.B3!.fill).toBe("#FFC000"); // Vacancies' fill came with it
    expect(cells.B5!.fill).toBeUndefined();
    expect(sheetNotes(fake.model, "Kent")).toEqual({
      D3: "Provisional",
      B4: "Includes long-term sickness",
    });
    expect(definedNames(fake.model)[0]!.formula).toBe("=Kent!$B$3:$E$6");
    expect(cellFormula(fake.model, "Summary", "A1")).toBe("=SUM(Kent!$C$3:$D$6)");
  });

  it("orders numbers, text, logicals, errors, then blanks; descending reverses all but blanks", async () => {
    const column = [[3], ["b"], [true], ["#N/A"], [null], [1], ["A"], [false], ["a"]];
    const sorted = async (ascending: boolean, matchCase = false) => {
      const fake = setup({ sheets: [{ name: "S", rows: column }] });
      await run(fake, async (context) => {
        context.workbook.worksheets
          .getItem("S")
          .getRange("A1:A9")
          .sort.apply([{ key: 0, ascending }], matchCase);
      });
      return Array.from({ length: 9 }, (_, i) => cellValue(fake.model, "S", `A${i + 1}`));
    };
    expect(await sorted(true)).toEqual([1, 3, "A", "a", "b", false, true, "#N/A", null]);
    expect(await sorted(false)).toEqual(["#N/A", true, false, "b", "A", "a", 3, 1, null]);
    expect(await sorted(true, true)).toEqual([1, 3, "a", "A", "b", false, true, "#N/A", null]);
  });

  it("sorts by several keys, stably; TextAsNumber; columns orientation", async () => {
    const fake = setup({
      sheets: [
        {
          name: "S",
          rows: [
            ["x", "2", 1],
            ["y", "10", 1],
            ["z", "2", 0],
            ["w", "10", 0],
          ],
        },
      ],
    });
    await run(fake, async (context) => {
      context.workbook.worksheets
        .getItem("S")
        .getRange("A1:C4")
        .sort.apply([{ key: 2 }, { key: 1, dataOption: "TextAsNumber" }]);
    });
    const col = (c: string) => [1, 2, 3, 4].map((r) => cellValue(fake.model, "S", `${c}${r}`));
    expect(col("A")).toEqual(["z", "w", "x", "y"]);
    await run(fake, async (context) => {
      context.workbook.worksheets
        .getItem("S")
        .getRange("A1:C4")
        .sort.apply([{ key: 1 }]); // as text, "10" comes before "2"
    });
    expect(col("A")).toEqual(["w", "y", "z", "x"]);
    expect(col("B")).toEqual(["10", "10", "2", "2"]);
    const wide = setup({
      sheets: [
        {
          name: "S",
          rows: [
            ["h", 3, 1, 2],
            ["k", "c", "a", "b"],
          ],
        },
      ],
    });
    await run(wide, async (context) => {
      context.workbook.worksheets
        .getItem("S")
        .getRange("A1:D2")
        .sort.apply([{ key: 0 }], false, true, "Columns");
    });
    expect(snapshotModel(wide.model).sheets.S!.cells.B2!.value).toBe("a");
    expect(["A1", "B1", "C1", "D1"].map((a) => cellValue(wide.model, "S", a))).toEqual([
      "h",
      1,
      2,
      3,
    ]);
  });

  it("refuses bad arguments, merged cells, a protected sheet and unmodelled sort kinds", async () => {
    const fake = setup(SPEC);
    const before = snapshotModel(fake.model);
    const sort = (context: Excel.RequestContext) => kent(context).getRange("B3:E6").sort;
    await expectCode(fake, "InvalidArgument", (c) => sort(c).apply([{ key: 4 }]));
    await expectCode(fake, "InvalidArgument", (c) => sort(c).apply([]));
    await expectCode(fake, "InvalidArgument", (c) =>
      sort(c).apply([{ key: 0 }], false, false, "Diagonal" as "Rows")
    );
    await expectCode(fake, "NotImplemented", (c) =>
      sort(c).apply([{ key: 0, sortOn: "CellColor", color: "#FFC000" }])
    );
    expect(diffSnapshots(before, snapshotModel(fake.model))).toEqual([]);
    const merged = setup({ ...SPEC, sheets: [{ ...SPEC.sheets[0]!, merged: ["B4:C4"] }] });
    await expectCode(merged, "InvalidOperation", (c) => sort(c).apply([{ key: 0 }]));
    const locked = setup({ ...SPEC, sheets: [{ ...SPEC.sheets[0]!, protected: true }] });
    await expectCode(locked, "AccessDenied", (c) => sort(c).apply([{ key: 0 }]));
    const old = setup(SPEC, { requirementSets: { ExcelApi: "1.1" } });
    await run(old, async (context) => {
      expect(() => kent(context).getRange("B3:E6").sort).toThrow(/ExcelApi 1.2/);
    });
  });
});

describe("notes follow their cells", () => {
  it("items load their content and getLocation() after inserts, deletes and a sort", async () => {
    const fake = setup(SPEC);
    const locations = () =>
      run(fake, async (context) => {
        const notes = context.workbook.notes.load("items/content");
        const local = kent(context).notes.load("items/content");
        await context.sync();
        const places = notes.items.map((n) => n.getLocation().load("address"));
        await context.sync();
        expect(local.items.map((n) => n.content)).toEqual(notes.items.map((n) => n.content));
        return notes.items.map((n, i) => [n.content, places[i]!.address]);
      });
    expect(await locations()).toEqual([
      ["Includes long-term sickness", "Kent!B4"],
      ["Provisional", "Kent!D5"],
    ]);
    await run(fake, async (context) => {
      kent(context).getRange("1:2").insert("Down");
      kent(context).getRange("A:A").delete("Left");
    });
    expect(await locations()).toEqual([
      ["Includes long-term sickness", "Kent!A6"],
      ["Provisional", "Kent!C7"],
    ]);
    await run(fake, async (context) => {
      // The block is now A4:D8; by Actual, descending: Vacancies, Absence, Turnover, Agency.
      kent(context)
        .getRange("A4:D8")
        .sort.apply([{ key: 2, ascending: false }], false, true);
    });
    expect(await locations()).toEqual([
      ["Provisional", "Kent!C5"],
      ["Includes long-term sickness", "Kent!A6"],
    ]);
    await run(fake, async (context) => {
      kent(context).getRange("5:5").delete("Up"); // the Provisional note's cell goes, and the note with it
    });
    expect(await locations()).toEqual([["Includes long-term sickness", "Kent!A5"]]);
  });
});
