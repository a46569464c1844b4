/**
 * Learning rules from published ratings through the Office adapter, in the
 * strict fake Excel: `learnRules` reads the workbook and writes nothing;
 * `writeLearnedRules` creates the Rules sheet with the learned floors, or adds
 * to the officer's own Rules sheet without overwriting a cell they typed.
 */
import { describe, expect, it } from "vitest";
import type { WorkbookSnapshot } from "../../src/workbook/snapshot";
import { snapshotModel, type FakeSheetSpec, type FakeWorkbookSpec } from "../fake-excel";
import { countyScorecard, INDICATORS } from "../corpus/county-floors";
import { installExcelGlobals, session } from "./harness";

installExcelGlobals();

/** A workbook snapshot (values and number formats) as the fake Excel's spec. */
function specOf(
  snapshot: WorkbookSnapshot,
  extra: readonly FakeSheetSpec[] = []
): FakeWorkbookSpec {
  return {
    sheets: [
      ...snapshot.sheets.map((sheet) => {
        expect(sheet.origin).toEqual({ row: 0, column: 0 });
        return {
          name: sheet.name,
          rows: sheet.values.map((row) => [...row]),
          numberFormats: sheet.numberFormats.map((row) =>
            row.map((format) => (format === "General" ? null : format))
          ),
        };
      }),
      ...extra,
    ],
  };
}

const county = countyScorecard();
const FLOOR_TEXT: Readonly<Record<string, string>> = {
  SCS01: "75%",
  SCS05: "20",
  SCS08: "22%",
  SCS13: "20%",
  SCS19: "80%",
  SCS22: "85%",
  EH43: "70%",
  EH52: "70%",
  CP10: "78%",
  LAC04: "11.5%",
};

describe("learnRules (Office adapter)", () => {
  it("learns every floor of a generated county scorecard, names the slips by cell, and writes nothing", async () => {
    const { fake, actions } = session(specOf(county.snapshot));
    const before = snapshotModel(fake.model);
    const learned = await actions.learnRules();
    expect(learned.hint?.scheme).toBe("floor");
    expect(learned.indicators.map((i) => i.code)).toEqual(INDICATORS.map((i) => i.code));
    for (const indicator of INDICATORS) {
      const found = learned.indicators.find((i) => i.code === indicator.code)!;
      expect(found.learned.kind).toBe("floor");
      expect(found.learned.fields.floor).toBeCloseTo(indicator.floor, 10);
    }
    expect(
      learned.indicators.flatMap((i) => i.learned.conflicts.map((c) => c.rating.where)).sort()
    ).toEqual(["Dover!F8", "Swale!F10"]);
    expect(snapshotModel(fake.model)).toEqual(before);
  });
});

describe("writeLearnedRules (Office adapter)", () => {
  it("creates the Rules sheet with the learned floors, as text, and the ratings follow them", async () => {
    const { fake, actions, counter } = session(specOf(county.snapshot));
    const learned = await actions.learnRules();
    const syncs = counter.syncs;
    const written = await actions.writeLearnedRules(learned);
    expect(written).toEqual({
      sheet: "Rules",
      created: true,
      added: INDICATORS.length,
      updated: 0,
      kept: [],
    });
    // Is there a Rules sheet? Then one sync for every cell.
    expect(counter.syncs - syncs).toBe(2);
    const rules = snapshotModel(fake.model).sheets["Rules"]!;
    expect(["A1", "B1", "C1", "D1", "G1", "H1"].map((a) => rules.cells[a]?.value)).toEqual([
      "code",
      "polarity",
      "target",
      "floor",
      "tolerance",
      "amber",
    ]);
    INDICATORS.forEach((indicator, i) => {
      const code = rules.cells[`A${i + 2}`]!;
      const floor = rules.cells[`D${i + 2}`]!;
      expect(code.value).toBe(indicator.code);
      expect(floor.value).toBe(FLOOR_TEXT[indicator.code]);
      for (const cell of [code, floor]) {
        expect(cell.numberFormat).toBe("@");
        expect(cell.formula).toBeUndefined();
      }
      // Nothing but the code and the floor in the row.
      for (const column of ["B", "C", "E", "F", "G", "H", "I", "J"])
        expect(rules.cells[`${column}${i + 2}`]?.value ?? null).toBeNull();
    });

    // Rated again, the Rules sheet is used: no "default rule" warning, and only the two slips differ.
    const run = await actions.analyse();
    expect(run.warnings.filter((w) => w.sheet === "Rules")).toEqual([]);
    expect(run.warnings.filter((w) => /default rule/.test(w.message))).toEqual([]);
    const differ = run.sheets.flatMap((s) =>
      s.tables.flatMap((t) =>
        t.rows.filter((r) => r.status !== r.publishedStatus).map((r) => `${s.name}|${r.code}`)
      )
    );
    expect(differ.sort()).toEqual(county.slips.map((s) => `${s.sheet}|${s.code}`).sort());
  });

  it("adds to the officer's Rules sheet without overwriting a cell they typed", async () => {
    // The officer's own sheet: a title, their column order and names, a floor typed for SCS01,
    // a tolerance for SCS05 (which sets its Amber band: a learned floor would override it), an empty
    // floor for SCS08, a note column, a code of their own, and a formula in a target.
    const officer: FakeSheetSpec = {
      name: "Rules",
      rows: [
        ["Agreed rules, March 2023"],
        ["PI code", "Polarity", "Floor", "Tolerance", "Target", "Notes"],
        ["SCS01", "H", 0.7, null, null, "Floor agreed at DMT"],
        ["SCS05", "L", null, "10%", null, "Director's tolerance"],
        ["SCS08", null, null, null, null, null],
        ["OWN1", "H", null, null, 0.5, null],
      ],
      numberFormats: { C3: "0%", D4: "@" },
      formulas: { E6: "=0.25*2" },
      bold: ["A2:F2"],
    };
    const { fake, actions, counter } = session(specOf(county.snapshot, [officer]));
    const learned = await actions.learnRules();
    // SCS01's floor is the officer's, so there is nothing to learn for it.
    expect(learned.indicators.map((i) => i.code)).not.toContain("SCS01");
    const before = snapshotModel(fake.model).sheets["Rules"]!;
    const syncs = counter.syncs;
    const written = await actions.writeLearnedRules(learned);
    expect(counter.syncs - syncs).toBe(3);
    expect(written.created).toBe(false);
    expect(written.updated).toBe(1);
    expect(written.added).toBe(INDICATORS.length - 3);
    expect(written.kept).toEqual([
      expect.objectContaining({
        code: "SCS05",
        field: "floor",
        learned: "20",
        officerField: "tolerance",
        officer: "10%",
      }),
    ]);

    const after = snapshotModel(fake.model).sheets["Rules"]!;
    // Every cell the officer had is exactly as it was (value, formula, format).
    for (const [address, cell] of Object.entries(before.cells))
      expect(after.cells[address], address).toEqual(cell);
    // SCS08's empty floor is filled; the codes the sheet lacked are appended below, in order.
    expect(after.cells["C5"]).toMatchObject({ value: "22%", numberFormat: "@" });
    const appended = INDICATORS.map((i) => i.code).filter(
      (c) => !["SCS01", "SCS05", "SCS08"].includes(c)
    );
    appended.forEach((code, i) => {
      expect(after.cells[`A${7 + i}`]).toMatchObject({ value: code, numberFormat: "@" });
      expect(after.cells[`C${7 + i}`]).toMatchObject({ value: FLOOR_TEXT[code] });
      expect(after.cells[`B${7 + i}`]?.value ?? null).toBeNull();
    });
    expect(
      Object.keys(after.cells)
        .filter((a) => !(a in before.cells))
        .sort()
    ).toEqual(["C5", ...appended.flatMap((_, i) => [`A${7 + i}`, `C${7 + i}`])].sort());

    // Learning and writing again changes nothing: every learned value is in the sheet now.
    const again = await actions.writeLearnedRules(await actions.learnRules());
    expect(again).toMatchObject({ added: 0, updated: 0 });
    expect(snapshotModel(fake.model).sheets["Rules"]).toEqual(after);
  });

  it("keeps a code that looks like a number or a formula as text", async () => {
    // Three tabs, two indicators: 007 (Amber within 10% of targets that differ) and =1 (two states).
    const tab = (
      name: string,
      target: number,
      rows: readonly (readonly [value: number, rag: string])[]
    ): FakeSheetSpec => ({
      name,
      rows: [
        ["Code", "Indicator", "Polarity", "Target", "Value", "RAG"],
        ["007", "Visits on time", "H", target, rows[0]![0], rows[0]![1]],
        ["=1", "Complaints answered", "H", 100, rows[1]![0], rows[1]![1]],
      ],
      numberFormats: { A2: "@", A3: "@" },
    });
    const { fake, actions } = session({
      sheets: [
        tab("North", 100, [
          [95, "Amber"],
          [90, "Red"],
        ]),
        tab("South", 80, [
          [68, "Red"],
          [100, "Green"],
        ]),
        tab("East", 50, [
          [46, "Amber"],
          [99, "Red"],
        ]),
      ],
    });
    const learned = await actions.learnRules();
    expect(learned.indicators.map((i) => [i.code, i.learned.kind])).toEqual([
      ["007", "relative"],
      ["=1", "two-state"],
    ]);
    await actions.writeLearnedRules(learned);
    const rules = snapshotModel(fake.model).sheets["Rules"]!;
    for (const [address, value] of [
      ["A2", "007"],
      ["A3", "=1"],
      ["G2", "10%"],
      ["H3", "no"],
    ] as const) {
      expect(rules.cells[address], address).toMatchObject({ value, numberFormat: "@" });
      expect(rules.cells[address]!.formula, address).toBeUndefined();
    }
    // Read back, the codes match the scorecard's: no "not on any rated sheet" warning.
    const run = await actions.analyse();
    expect(run.warnings.filter((w) => w.sheet === "Rules" || /Rules line/.test(w.message))).toEqual(
      []
    );
    const rows = run.sheets.flatMap((s) => s.tables.flatMap((t) => t.rows));
    expect(rows.every((r) => r.status === r.publishedStatus)).toBe(true);
  });

  it("a protected Rules sheet: the error names the sheet, and nothing is written", async () => {
    const { fake, actions } = session(
      specOf(county.snapshot, [{ name: "Rules", rows: [["code", "floor"]], protected: true }])
    );
    const learned = await actions.learnRules();
    const before = snapshotModel(fake.model);
    await expect(actions.writeLearnedRules(learned)).rejects.toThrow(/sheet "Rules"/);
    expect(snapshotModel(fake.model)).toEqual(before);
  });
});
