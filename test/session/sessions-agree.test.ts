/**
 * The one session over its three ports (Excel through the strict fake, an .xlsx
 * workbook through ExcelJS, the demo's in-memory workbook) must do the same
 * thing: one sequence of steps on the example and on Medway, equal plans at
 * every step, equal sheets the add-in owns (the Findings, Summary and
 * Overview sheets with the same look: widths, header, conditional formats, page setup), and
 * after Clear the workbook it started from.
 */
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { EXAMPLE_PATH } from "../../examples/make-example";
import { describe, expect, it } from "vitest";
import { createOfficePort } from "../../src/office/port";
import { createMemoryPort } from "../../src/session/memory-port";
import type { HostPort } from "../../src/session/port";
import { createSession, type Session } from "../../src/session/session";
import { cellAddress, parseRange, rangeAddress } from "../../src/workbook/address";
import { FINDINGS_HEADER } from "../../src/workbook/findings";
import { SUMMARY_HEADER } from "../../src/workbook/summary-sheet";
import { STATE_SHEET } from "../../src/workbook/state";
import type { RunResult, WritePlan } from "../../src/workbook/run";
import type { CellScalar, WorkbookSnapshot } from "../../src/workbook/snapshot";
import { installExcelJsFixes } from "../exceljs/exceljs-fixes";
import { conditionalFormatsOf } from "../exceljs/columns";
import { XlsxPackage } from "../../src/xlsx/package/archive";
import { PackageBook } from "../../src/xlsx/package/book";
import { PackageEdit } from "../../src/xlsx/package/edit";
import { createPackagePort } from "../../src/xlsx/package/port";
import { cellStyle, emptyCell, inlineStringCell } from "../../src/xlsx/package/sheet-xml";
import { createXlsxPort } from "../exceljs/port";
import { snapshotWorkbook } from "../exceljs/read";
import { cellKey, defaultPageLayout, findSheet, formatRect } from "../fake-excel";
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
  /** How one of the add-in's own sheets looks, as this host keeps it (undefined: no such sheet). */
  readonly look: (sheet: string) => Look | undefined | Promise<Look | undefined>;
}

/** What a user sees of a sheet's look, beyond its cells: the same words on every host. */
interface Look {
  readonly frozenRows: number;
  /** Which of the first row's cells are bold, A1 onwards, as far as the header goes. */
  readonly boldHeader: readonly boolean[];
  /** Column widths in characters, A onwards. */
  readonly widths: readonly number[];
  /** Each "text begins with" format: `G2:G41 Red #FFC7CE/#9C0006`, sorted. */
  readonly formats: readonly string[];
  /** Null: a new sheet's page setup, as the host gives it. */
  readonly print: {
    readonly orientation: string;
    readonly paper: string;
    readonly pagesWide: number | undefined;
    readonly pagesTall: number | undefined;
    /** `1:1` */
    readonly titleRows: string | null;
  } | null;
}

const formatKey = (range: string, text: string, fill?: string, font?: string): string =>
  `${range} ${text} ${(fill ?? "").toUpperCase()}/${(font ?? "").toUpperCase()}`;

/** `FFC6EFCE` → `#C6EFCE`. */
const hex = (argb: string | undefined): string | undefined =>
  argb === undefined ? undefined : `#${argb.slice(-6)}`;

/** The look of a sheet in an ExcelJS workbook (what the .xlsx file will hold). */
function xlsxLook(book: ExcelJS.Workbook, name: string, width: number): Look | undefined {
  const sheet = book.getWorksheet(name);
  if (!sheet) return undefined;
  const columns = Array.from({ length: width }, (_, c) => c + 1);
  const setup = sheet.pageSetup;
  return {
    frozenRows: sheet.views[0]?.state === "frozen" ? (sheet.views[0].ySplit ?? 0) : 0,
    boldHeader: columns.map((c) => sheet.getCell(1, c).font?.bold === true),
    widths: columns.map((c) => sheet.getColumn(c).width ?? 0),
    formats: conditionalFormatsOf(sheet)
      .flatMap((cf) =>
        cf.rules.map((rule) => {
          const r = rule as {
            formulae?: string[];
            style?: {
              fill?: { bgColor?: { argb?: string } };
              font?: { color?: { argb?: string } };
            };
          };
          const text = /=("(?:[^"]|"")*")$/.exec(r.formulae?.[0] ?? "")?.[1] ?? "";
          return formatKey(
            cf.ref,
            text.slice(1, -1).replace(/""/g, '"'),
            hex(r.style?.fill?.bgColor?.argb),
            hex(r.style?.font?.color?.argb)
          );
        })
      )
      .sort(),
    print:
      setup.fitToPage || setup.printTitlesRow || setup.orientation === "landscape"
        ? {
            orientation: setup.orientation ?? "portrait",
            paper: setup.paperSize === 9 ? "A4" : String(setup.paperSize),
            pagesWide: setup.fitToPage ? setup.fitToWidth : undefined,
            pagesTall: setup.fitToPage ? setup.fitToHeight : undefined,
            titleRows: setup.printTitlesRow ?? null,
          }
        : null,
  };
}

async function loadMedway(): Promise<ExcelJS.Workbook> {
  installExcelJsFixes();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(sharedFixturePath("medway-q2-2022-23.xlsx"));
  return workbook;
}

/** Types a value into a cell of a package, as a user saving the file from Excel would leave it. */
function typeIntoPackage(
  book: PackageBook,
  sheetName: string,
  cell: string,
  value: CellScalar
): void {
  const sheet = book.worksheets().find((s) => s.name === sheetName)!;
  const edit = new PackageEdit(book.pkg);
  const xml = edit.sheetXml(sheet.part);
  const at = parseRange(cell)!;
  const existing = xml.cell(at.top, at.left);
  const style = existing === undefined ? undefined : cellStyle(existing);
  const s = style === undefined ? "" : ` s="${style}"`;
  xml.setCell(
    at.top,
    at.left,
    value === null
      ? emptyCell("", at.top, at.left, style)
      : typeof value === "string"
        ? inlineStringCell("", at.top, at.left, value, style)
        : typeof value === "boolean"
          ? `<c r="${cell}"${s} t="b"><v>${value ? 1 : 0}</v></c>`
          : `<c r="${cell}"${s}><v>${value}</v></c>`
  );
  edit.commit();
}

/** The same workbook behind each of the four ports. */
async function hosts(load: () => Promise<ExcelJS.Workbook>, bytes: () => Buffer): Promise<Host[]> {
  const packageBook = await PackageBook.open(XlsxPackage.read(bytes()));
  const packagePort = createPackagePort(packageBook);
  const xlsxBook = await load();
  const xlsxPort = createXlsxPort(xlsxBook);
  const fake = fakeOffice(fakeSpecFromExcelJs(await load()));
  const officePort = createOfficePort(hostOf(fake));
  const memoryPort = createMemoryPort(snapshotWorkbook(await load()));
  // The header's width decides how many columns a look compares (the Overview's: its tabs, as written).
  const widthOf = (name: string): number =>
    name.startsWith("Summary")
      ? SUMMARY_HEADER.length
      : name.startsWith("Overview")
        ? (memoryPort.sheetLook(name)?.headerWidth ?? 0)
        : FINDINGS_HEADER.length;
  return [
    {
      // The CLI's port: the package edited in place, read back by ExcelJS for its look.
      label: "package",
      port: packagePort,
      session: createSession(packagePort),
      type: async (sheet, cell, value) => typeIntoPackage(packageBook, sheet, cell, value),
      look: async (name) => {
        const written = new ExcelJS.Workbook();
        await written.xlsx.load((await packageBook.pkg.write()) as unknown as ExcelJS.Buffer);
        return xlsxLook(written, name, widthOf(name));
      },
    },
    {
      label: "xlsx",
      port: xlsxPort,
      session: createSession(xlsxPort),
      type: async (sheet, cell, value) => {
        xlsxBook.getWorksheet(sheet)!.getCell(cell).value = value;
      },
      look: (name) => xlsxLook(xlsxBook, name, widthOf(name)),
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
      look: (name) => {
        const sheet = findSheet(fake.model, name);
        if (!sheet) return undefined;
        const columns = Array.from({ length: widthOf(name) }, (_, c) => c);
        const { orientation, paperSize, zoom, printTitleRows } = sheet.pageLayout;
        const untouched = JSON.stringify(sheet.pageLayout) === JSON.stringify(defaultPageLayout());
        return {
          frozenRows: sheet.frozenRows,
          boldHeader: columns.map((c) => sheet.cells.get(cellKey(0, c))?.bold === true),
          // The port sets widths in points, 7 a character.
          widths: columns.map((c) => (sheet.columnWidths.get(c) ?? 0) / 7),
          formats: sheet.conditionalFormats
            .map((cf) => {
              expect(cf).toMatchObject({ type: "ContainsText", rule: { operator: "BeginsWith" } });
              return formatKey(
                cf.ranges.map(formatRect).join(" "),
                cf.rule.text ?? "",
                cf.format.fillColor,
                cf.format.fontColor
              );
            })
            .sort(),
          print: untouched
            ? null
            : {
                orientation: orientation.toLowerCase(),
                paper: paperSize,
                pagesWide: zoom.horizontalFitToPages,
                pagesTall: zoom.verticalFitToPages,
                titleRows:
                  printTitleRows && `${printTitleRows.top + 1}:${printTitleRows.bottom + 1}`,
              },
        };
      },
    },
    {
      label: "memory",
      port: memoryPort,
      session: createSession(memoryPort),
      type: async (sheet, cell, value) => memoryPort.setCell(sheet, cell, value),
      look: (name) => {
        const look = memoryPort.sheetLook(name);
        if (!look) return undefined;
        const columns = Array.from({ length: widthOf(name) }, (_, c) => c);
        return {
          frozenRows: 1,
          boldHeader: columns.map((c) => c < look.headerWidth),
          widths: columns.map((c) => look.widths[c] ?? 0),
          formats: (look.conditionalFormats ?? [])
            .map((f) => formatKey(rangeAddress(f.range), f.beginsWith, f.fill, f.font))
            .sort(),
          print: look.print
            ? {
                orientation: look.print.orientation,
                paper: look.print.paper,
                pagesWide: look.print.fitToPagesWide,
                pagesTall: look.print.fitToPagesTall,
                titleRows: look.print.repeatHeaderRow ? "1:1" : null,
              }
            : null,
        };
      },
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

const workbooks: [string, () => Promise<ExcelJS.Workbook>, () => Buffer][] = [
  ["the district scorecard example", loadExample, () => readFileSync(EXAMPLE_PATH)],
  [
    "Medway Q2 2022/23",
    loadMedway,
    () => readFileSync(sharedFixturePath("medway-q2-2022-23.xlsx")),
  ],
];

describe.each(workbooks)("the session over each port, on %s", (_label, load, bytes) => {
  it("plans the same, writes the same sheets and clears back to the original", async () => {
    const all = await hosts(load, bytes);
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

    // The Summary sheet: the same cells, links and look on every host.
    const summary = await agree(all, async (h) =>
      h.session.createSummarySheet(await h.session.analyse())
    );
    expect(summary[0]).toBe("Summary");
    const [afterSummary] = await sameWorkbooks(all);
    const summaryCells = (
      afterSummary as { sheets: { name: string; cells: Record<string, CellView> }[] }
    ).sheets.find((s) => s.name === "Summary")!.cells;
    expect(summaryCells.L1!.value).toBe("Benchmark");
    expect(summaryCells.B2!.formula).toMatch(/^=HYPERLINK\("#/);
    const [look] = await agree(all, async (h) => h.look("Summary"));
    expect(look).toMatchObject({
      frozenRows: 1,
      boldHeader: SUMMARY_HEADER.map(() => true),
      print: { orientation: "landscape", paper: "A4", pagesWide: 1, titleRows: "1:1" },
    });
    expect(look!.formats.length).toBeGreaterThan(10);
    // The Findings sheet's look agrees too (no formats, no page setup).
    const [findingsLook] = await agree(all, async (h) => h.look("Findings"));
    expect(findingsLook).toMatchObject({ frozenRows: 1, formats: [], print: null });
    // Re-created in place, never scanned.
    await agree(all, async (h) => h.session.createSummarySheet(await h.session.analyse()));
    await sameWorkbooks(all);
    const scanned = await agree(all, (h) => h.session.analyse());
    expect(scanned[0]!.sheets.find((s) => s.name === "Summary")).toBeUndefined();

    // The Overview sheet: tabs across, the same links and RAG formats on every host.
    const overview = await agree(all, async (h) =>
      h.session.createOverviewSheet(await h.session.analyse())
    );
    expect(overview[0]).toBe("Overview");
    const [afterOverview] = await sameWorkbooks(all);
    const overviewCells = (
      afterOverview as { sheets: { name: string; cells: Record<string, CellView> }[] }
    ).sheets.find((s) => s.name === "Overview")!.cells;
    expect(overviewCells.A1!.value).toBe("Indicator code");
    expect(overviewCells.C2!.formula).toMatch(/^=HYPERLINK\("#/);
    const [overviewLook] = await agree(all, async (h) => h.look("Overview"));
    expect(overviewLook).toMatchObject({
      frozenRows: 1,
      print: { orientation: "landscape", paper: "A4", pagesWide: 1, titleRows: "1:1" },
    });
    expect(overviewLook!.boldHeader.every(Boolean)).toBe(true);
    expect(overviewLook!.formats.map((f) => f.split(" ")[1])).toEqual(["Amber", "Green", "Red"]);
    await agree(all, async (h) => h.session.createOverviewSheet(await h.session.analyse()));
    await sameWorkbooks(all);
    const unscanned = await agree(all, (h) => h.session.analyse());
    expect(unscanned[0]!.sheets.find((s) => s.name === "Overview")).toBeUndefined();

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
    // Clearing some sheets keeps the Findings, Summary and Overview sheets (they list every sheet's rows).
    expect(partly[0]!.removed).toEqual([]);
    await sameWorkbooks(all);

    await agree(all, async (h) => planOf(await h.session.rate({})));
    await sameWorkbooks(all);

    const cleared = await agree(all, async (h) => (await h.session.clear()).removedSheets);
    expect(cleared[0]).toEqual(["Findings", "Summary", "Overview"]);
    expect(await Promise.all(all.map((h) => h.look("Summary")))).toEqual(all.map(() => undefined));
    expect(await Promise.all(all.map((h) => h.look("Overview")))).toEqual(all.map(() => undefined));
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
    const all = await hosts(loadExample, () => readFileSync(EXAMPLE_PATH));
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
    const all = await hosts(loadExample, () => readFileSync(EXAMPLE_PATH));
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
