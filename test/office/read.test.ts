/** readWorkbook through the strict fake: round trips, payload limits, and what it reads besides the cells. */
import { describe, expect, it } from "vitest";
import { readWorkbook, type OfficeSnapshot, type ReadOptions } from "../../src/office/read";
import { STATE_SHEET } from "../../src/workbook/state";
import { rangeAddress } from "../../src/workbook/address";
import type { FakeOffice, FakeOfficeOptions, FakeWorkbookSpec } from "../fake-excel";
import { DESKTOP, fakeOffice, installExcelGlobals, touchedMembers, WEB } from "./harness";
import { DISTRICTS, districtSheet, narrowWorkbook, scorecardWorkbook } from "./scorecard";

installExcelGlobals();

const FULL: ReadOptions = { mergedAreas: true, notes: true };

async function read(
  fake: FakeOffice,
  options: ReadOptions = FULL
): Promise<{ snapshot: OfficeSnapshot; syncs: number }> {
  const counter = { syncs: 0 };
  const snapshot = await fake.Excel.run((context) => readWorkbook(context, options, counter));
  return { snapshot, syncs: counter.syncs };
}

function readSpec(spec: FakeWorkbookSpec, options: FakeOfficeOptions = DESKTOP) {
  return read(fakeOffice(spec, options));
}

describe("round trips", () => {
  it("reads 13 tabs in at most 2 syncs, the same number for 10, 1,000 and 50,000 rows a tab", async () => {
    const syncs: number[] = [];
    for (const rows of [10, 1_000, 50_000]) {
      const fake = fakeOffice(narrowWorkbook(rows));
      const { snapshot, syncs: counted } = await read(fake);
      // The adapter's own count is the fake's count of round trips.
      expect(counted).toBe(fake.stats.syncCount);
      syncs.push(counted);
      expect(snapshot.sheets.map((s) => s.name)).toEqual([...DISTRICTS]);
      for (const sheet of snapshot.sheets) {
        expect(sheet.values).toHaveLength(rows + 1);
        expect(sheet.values[rows]?.[0]).toBe(`PI${rows}`);
      }
    }
    expect(Math.max(...syncs)).toBeLessThanOrEqual(2);
    expect(new Set(syncs).size).toBe(1);
  });

  it("reads the full-width district tabs (24 monthly columns) in the same 2 syncs", async () => {
    const { snapshot, syncs } = await readSpec(scorecardWorkbook(200));
    expect(syncs).toBeLessThanOrEqual(2);
    const kent = snapshot.sheets[0]!;
    expect(kent.values[4 + 199]?.[0]).toBe("PI00200");
    expect(kent.numberFormats[3]?.[5]).toBe("mmm-yy");
  });
});

describe("Excel on the web's 5 MB response limit", () => {
  it("a workbook too big for one response is read in blocks, each response within the limit, to the same snapshot", async () => {
    const spec = scorecardWorkbook(1_000);
    const desktop = await readSpec(spec);
    const fake = fakeOffice(spec, WEB);
    const web = await read(fake);

    expect(web.snapshot).toEqual(desktop.snapshot);
    // The whole-workbook read was refused, then the blocks went through.
    const refused = fake.stats.syncs.filter((s) => s.error !== undefined);
    expect(refused.map((s) => s.error)).toEqual(["ResponsePayloadSizeLimitExceeded"]);
    const delivered = fake.stats.syncs.filter((s) => s.error === undefined);
    expect(Math.max(...delivered.map((s) => s.responseBytes))).toBeLessThanOrEqual(
      fake.limits.maxPayloadBytes
    );
    expect(web.syncs).toBeGreaterThan(2);
  });

  it("blocks still too big are halved until they fit, rows kept in order", async () => {
    const spec = scorecardWorkbook(300, 2);
    const desktop = await readSpec(spec);
    const fake = fakeOffice(spec, { ...WEB, limits: { maxPayloadBytes: 60_000 } });
    const web = await read(fake, { ...FULL, chunkCells: 50_000 });

    expect(web.snapshot).toEqual(desktop.snapshot);
    const delivered = fake.stats.syncs.filter((s) => s.error === undefined);
    expect(Math.max(...delivered.map((s) => s.responseBytes))).toBeLessThanOrEqual(60_000);
    expect(fake.stats.syncs.filter((s) => s.error).length).toBeGreaterThan(1);
  });
});

describe("what is read besides the cells", () => {
  const spec: FakeWorkbookSpec = {
    sheets: [
      districtSheet("Kent", {
        rows: 12,
        notes: { H9: "Provisional figure." },
      }),
      { ...districtSheet("Dover", { rows: 12 }), protected: true, comments: { B6: "Ask Sam" } },
      { name: "Empty" },
      {
        name: "Listed",
        rows: [
          ["PI code", "Value"],
          ["A1", 3],
        ],
        tables: [{ name: "Kpis", address: "A1:B2" }],
      },
      { name: STATE_SHEET, visibility: "VeryHidden", rows: [['{"version":1,'], ['"owned":{}}']] },
    ],
  };

  it("merged areas, tables, notes and comments, protection, an empty sheet and the saved state", async () => {
    const { snapshot } = await readSpec(spec);
    const byName = new Map(snapshot.sheets.map((s) => [s.name, s]));
    expect(byName.get("Kent")!.merged?.map(rangeAddress)).toEqual(["G3:AC3"]);
    expect(byName.get("Kent")!.notedCells).toEqual(["H9"]);
    expect(byName.get("Dover")!.notedCells).toEqual(["B6"]);
    expect(snapshot.protectedSheets).toEqual(["Dover"]);
    expect(byName.get("Empty")).toMatchObject({ values: [], origin: { row: 0, column: 0 } });
    expect(byName.get("Listed")!.tables).toEqual([
      { name: "Kpis", range: { top: 0, left: 0, bottom: 1, right: 1 }, showHeaders: true },
    ]);
    expect(snapshot.state).toBe('{"version":1,"owned":{}}');
  });

  it("without ExcelApi 1.13 it does not ask for merged areas; without 1.18, not for notes", async () => {
    const fake = fakeOffice(spec, { ...DESKTOP, requirementSets: { ExcelApi: "1.12" } });
    const { snapshot } = await read(fake, { mergedAreas: false, notes: false });
    const touched = touchedMembers(fake);
    expect(touched).not.toContain("Range.getMergedAreasOrNullObject");
    expect(touched.filter((m) => m.startsWith("Note") || m === "Workbook.notes")).toEqual([]);
    const kent = snapshot.sheets.find((s) => s.name === "Kent")!;
    expect(kent.merged).toEqual([]);
    // Comments (ExcelApi 1.10) still mark their cells.
    expect(snapshot.sheets.find((s) => s.name === "Dover")!.notedCells).toEqual(["B6"]);
    expect(kent.notedCells).toEqual([]);
  });

  it("the saved state is read whole, however many cells of column A it spans", async () => {
    const state = JSON.stringify({
      version: 1,
      settings: { tolerance: "7%" },
      overrides: {},
      owned: {},
    });
    // More cells than the 200 a fixed A1:A200 read would take.
    const pieces = Array.from({ length: 250 }, (_, i) => [i < 249 ? " " : state]);
    const { snapshot } = await readSpec({
      sheets: [{ name: "Kent" }, { name: STATE_SHEET, visibility: "VeryHidden", rows: pieces }],
    });
    expect(snapshot.state).toBe(" ".repeat(249) + state);
  });

  it("values come back as the workbook layer wants them: blanks null, errors as text, formulas apart", async () => {
    const { snapshot } = await readSpec({
      sheets: [
        {
          name: "S",
          rows: [
            ["Value", "Ratio", null],
            [3, "#DIV/0!", true],
          ],
          formulas: { B2: "=A2/0" },
          numberFormats: { A2: "0.0" },
        },
      ],
    });
    const sheet = snapshot.sheets[0]!;
    expect(sheet.values).toEqual([
      ["Value", "Ratio", null],
      [3, "#DIV/0!", true],
    ]);
    expect(sheet.formulas).toEqual([
      ["", "", ""],
      ["", "=A2/0", ""],
    ]);
    expect(sheet.numberFormats).toEqual([
      ["General", "General", "General"],
      ["0.0", "General", "General"],
    ]);
  });
});
