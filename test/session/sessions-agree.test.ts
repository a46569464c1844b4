/**
 * The one session over its three ports (Excel through the strict fake, an .xlsx
 * workbook through ExcelJS, the demo's in-memory workbook) must do the same
 * thing: one sequence of steps on the example and on Medway, equal plans at
 * every step, equal sheets the add-in owns, and after Clear the workbook it
 * started from.
 */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { createOfficePort } from "../../src/office/port";
import { createMemoryPort } from "../../src/session/memory-port";
import type { HostPort } from "../../src/session/port";
import { createSession, type Session } from "../../src/session/session";
import { cellAddress } from "../../src/workbook/address";
import { FINDINGS_HEADER } from "../../src/workbook/findings";
import { STATE_SHEET } from "../../src/workbook/state";
import type { RunResult, WritePlan } from "../../src/workbook/run";
import type { CellScalar, WorkbookSnapshot } from "../../src/workbook/snapshot";
import { installExcelJsFixes } from "../../src/xlsx/exceljs-fixes";
import { createXlsxPort } from "../../src/xlsx/port";
import { snapshotWorkbook } from "../../src/xlsx/read";
import { sharedFixturePath } from "../fixtures";
import { fakeSpecFromExcelJs } from "../office/from-xlsx";
import { fakeOffice, hostOf, installExcelGlobals, loadExample } from "../office/harness";

installExcelGlobals();

interface Host {
  readonly label: string;
  readonly port: HostPort;
  readonly session: Session;
  /** Types a value into a cell, as the user would. */
  readonly type: (sheet: string, cell: string, value: CellScalar) => Promise<void>;
}

async function loadMedway(): Promise<ExcelJS.Workbook> {
  installExcelJsFixes();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(sharedFixturePath("medway-q2-2022-23.xlsx"));
  return workbook;
}

/** The same workbook behind each of the three ports. */
async function hosts(load: () => Promise<ExcelJS.Workbook>): Promise<Host[]> {
  const xlsxBook = await load();
  const xlsxPort = createXlsxPort(xlsxBook);
  const fake = fakeOffice(fakeSpecFromExcelJs(await load()));
  const officePort = createOfficePort(hostOf(fake));
  const memoryPort = createMemoryPort(snapshotWorkbook(await load()));
  return [
    {
      label: "xlsx",
      port: xlsxPort,
      session: createSession(xlsxPort),
      type: async (sheet, cell, value) => {
        xlsxBook.getWorksheet(sheet)!.getCell(cell).value = value;
      },
    },
    {
      label: "office",
      port: officePort,
      session: createSession(officePort),
      type: (sheet, cell, value) =>
        fake.Excel.run(async (context) => {
          context.workbook.worksheets.getItem(sheet).getRange(cell).values = [[value]];
          await context.sync();
        }),
    },
    {
      label: "memory",
      port: memoryPort,
      session: createSession(memoryPort),
      type: async (sheet, cell, value) => memoryPort.setCell(sheet, cell, value),
    },
  ];
}

interface CellView {
  readonly value: CellScalar;
  readonly format: string;
  readonly formula: string;
}

/**
 * What a user sees of a workbook: each sheet in tab order with every cell
 * holding a value, formula or number format, the saved state and the names;
 * independent of where a host's used range starts.
 */
function view(snapshot: WorkbookSnapshot): unknown {
  return {
    // The state sheet's cells are compared as the state text, below.
    sheets: snapshot.sheets
      .filter((sheet) => sheet.name !== STATE_SHEET)
      .map((sheet) => {
        const cells: Record<string, CellView> = {};
        sheet.values.forEach((row, i) =>
          row.forEach((value, j) => {
            const format = sheet.numberFormats[i]?.[j] || "General";
            const formula = sheet.formulas?.[i]?.[j] ?? "";
            if (value === null && formula === "" && format === "General") return;
            // A formula's result is left out: the fake Excel does not calculate.
            cells[cellAddress(sheet.origin.row + i, sheet.origin.column + j)] = {
              value: formula === "" ? value : null,
              format,
              formula,
            };
          })
        );
        return { name: sheet.name, cells };
      }),
    state: snapshot.state ?? null,
    // Excel gives a name's formula with its `=`, ExcelJS without: the reference is what counts.
    names: [...(snapshot.names ?? [])]
      .map((n) => ({ name: n.name, formula: n.formula.replace(/^=/, "") }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

const read = (port: HostPort): Promise<WorkbookSnapshot> =>
  port.transaction((workbook) => workbook.read());

/** Runs `step` on every host and checks they all give the same. */
async function agree<T>(all: readonly Host[], step: (host: Host) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (const host of all) results.push(await step(host));
  for (const [i, result] of results.entries())
    expect({ host: all[i]!.label, result }).toEqual({ host: all[i]!.label, result: results[0] });
  return results;
}

async function sameWorkbooks(all: readonly Host[]): Promise<unknown[]> {
  return agree(all, async (host) => view(await read(host.port)));
}

const planOf = (result: RunResult): WritePlan => result.plan;

const workbooks: [string, () => Promise<ExcelJS.Workbook>][] = [
  ["the district scorecard example", loadExample],
  ["Medway Q2 2022/23", loadMedway],
];

describe.each(workbooks)("the session over each port, on %s", (_label, load) => {
  it("plans the same, writes the same sheets and clears back to the original", async () => {
    const all = await hosts(load);
    const [original] = await sameWorkbooks(all);

    const analysed = await agree(all, (h) => h.session.analyse());
    const sheets = analysed[0]!.sheets.filter((s) => s.tables.length > 0).map((s) => s.name);
    expect(sheets.length).toBeGreaterThan(0);

    const rated = await agree(all, async (h) => planOf(await h.session.rate({})));
    expect(rated[0]!.sheets.flatMap((s) => s.writes).length).toBeGreaterThan(0);
    await sameWorkbooks(all);

    const table = analysed[0]!.sheets.flatMap((s) => s.tables)[0]!;
    const first = table.rows[0]!;
    const sheetOfFirst = table.sheet;
    const findings = await agree(all, async (h) =>
      h.session.createFindingsSheet(await h.session.analyse())
    );
    expect(findings[0]).toBe("Findings");
    const [afterFindings] = await sameWorkbooks(all);
    const findingsSheet = (
      afterFindings as { sheets: { name: string; cells: object }[] }
    ).sheets.find((s) => s.name === "Findings")!;
    expect(Object.keys(findingsSheet.cells)).toContain("F1");
    // The Findings sheet is the tool's own: never scanned for indicators on the next analyse.
    const again = await agree(all, (h) => h.session.analyse());
    expect(again[0]!.sheets.find((s) => s.name === "Findings")).toBeUndefined();

    for (const host of all)
      await host.type(sheetOfFirst, first.valueCell, (first.value ?? 0) + 1000);
    const rerated = await agree(all, async (h) => planOf(await h.session.rate({})));
    expect(rerated[0]).not.toEqual(rated[0]);
    await sameWorkbooks(all);

    const some = sheets.slice(0, 2);
    const partly = await agree(all, async (h) => {
      const cleared = await h.session.clear(some);
      return {
        cleared: cleared.clearedSheets,
        removed: cleared.removedSheets,
        plan: cleared.result.plan,
      };
    });
    expect(partly[0]!.cleared).toEqual(some);
    // Clearing some sheets keeps the Findings sheet (it lists every sheet's flags).
    expect(partly[0]!.removed).toEqual([]);
    await sameWorkbooks(all);

    await agree(all, async (h) => planOf(await h.session.rate({})));
    await sameWorkbooks(all);

    const cleared = await agree(all, async (h) => (await h.session.clear()).removedSheets);
    expect(cleared[0]).toEqual(["Findings"]);
    const [after] = await sameWorkbooks(all);
    // The original, but for the one value the user typed.
    for (const host of all) await host.type(sheetOfFirst, first.valueCell, first.value);
    const [restored] = await sameWorkbooks(all);
    expect(after).not.toEqual(original);
    expect(restored).toEqual(original);
  });
});

describe("one behaviour where the hosts had drifted", () => {
  it("keeps every saved setting when another is saved, on every port", async () => {
    const all = await hosts(loadExample);
    await agree(all, async (h) => {
      await h.session.saveSettings({ tolerance: "10%" });
      await h.session.saveSettings({ trendDisplay: "arrow" });
      return h.session.loadSettings();
    });
    expect(await all[0]!.session.loadSettings()).toMatchObject({
      tolerance: "10%",
      trendDisplay: "arrow",
    });
  });

  it("writes the Findings sheet with the shared header on every port", async () => {
    const all = await hosts(loadExample);
    const [viewed] = await agree(all, async (h) => {
      await h.session.createFindingsSheet(await h.session.analyse());
      const sheet = (await read(h.port)).sheets.find((s) => s.name === "Findings")!;
      return sheet.values[0];
    });
    expect(viewed).toEqual(FINDINGS_HEADER);
  });

  it.each([
    '{"version":1,"owned":{"Kent":{}}}',
    '{"version":2,"blocks":{"ScorecardRAG_1":{"sheet":"Kent"}}}',
    '{"version":2,"settings":{"checks":{"enabled":"yes"}},"overrides":[]}',
  ])("rates and clears over malformed state %s, reporting it", async (text) => {
    const port = createMemoryPort({ ...snapshotWorkbook(await loadExample()), state: text });
    const session = createSession(port);
    const rated = await session.rate({});
    expect(rated.warnings.some((w) => w.sheet === "ScorecardRAG_State")).toBe(true);
    expect((await session.clear()).clearedSheets.length).toBeGreaterThan(0);
  });
});
