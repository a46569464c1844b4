import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { columnLetter, rangeAddress } from "../../src/workbook/address";
import { detectTables, type DetectedTable, type SingleRole } from "../../src/workbook/detect";
import { runWorkbook, type RunResult } from "../../src/workbook/run";
import { SheetGrid, type WorkbookSnapshot } from "../../src/workbook/snapshot";
import { snapshotWorkbook } from "../exceljs/read";
import { parsePeriod } from "../../src/engine/periods";
import type { ExpectedRow, ExpectedTable, Layout } from "./layout";

// The fixture corpus: one file per layout under ./layouts, each with the workbook and what detection must find.
const layoutsDir = join(dirname(fileURLToPath(import.meta.url)), "layouts");
const files = readdirSync(layoutsDir)
  .filter((f) => f.endsWith(".ts"))
  .sort();
const layouts: { file: string; layout: Layout }[] = await Promise.all(
  files.map(async (file) => {
    const module = (await import(pathToFileURL(join(layoutsDir, file)).href)) as {
      default?: Layout;
      layout?: Layout;
    };
    const layout = module.default ?? module.layout;
    if (!layout) throw new Error(`layouts/${file} exports no layout (default export)`);
    return { file: `layouts/${file}`, layout };
  })
);

async function load(source: WorkbookSnapshot | string): Promise<WorkbookSnapshot> {
  if (typeof source !== "string") return source;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(source);
  return snapshotWorkbook(workbook);
}

/** The detected table projected onto the keys the expectation gives, in the expectation's terms. */
function project(table: DetectedTable, expected: ExpectedTable): ExpectedTable {
  const mapping: Partial<Record<SingleRole, string | null>> = {};
  for (const role of Object.keys(expected.mapping) as SingleRole[]) {
    const choice = table.mapping.roles[role];
    mapping[role] = choice ? columnLetter(choice.column) : null;
  }
  const indicators = table.rows.filter((r) => r.kind === "indicator");
  const out: Record<string, unknown> = {
    address: rangeAddress(table.range),
    headerRows: table.headerRows.map((r) => r + 1),
    layout: table.layout,
    source: table.source,
    mapping,
  };
  if ("listObject" in expected) out.listObject = table.listObject;
  if ("title" in expected) out.title = table.title;
  if (expected.reasons) {
    const reasons: Record<string, string> = {};
    for (const [role, fragment] of Object.entries(expected.reasons)) {
      const reason = table.mapping.roles[role as SingleRole]?.reason ?? "(not mapped)";
      reasons[role] = reason.includes(fragment) ? fragment : reason;
    }
    out.reasons = reasons;
  }
  if (expected.benchmarks)
    out.benchmarks = table.mapping.benchmarks.map((b) => columnLetter(b.column));
  if (expected.periods) out.periods = table.mapping.periods.map((p) => p.header);
  if (expected.indicatorRows) out.indicatorRows = indicators.map((r) => r.row + 1);
  if (expected.indicatorCount !== undefined) out.indicatorCount = indicators.length;
  if (expected.sectionRows)
    out.sectionRows = Object.fromEntries(
      table.rows.filter((r) => r.kind === "section").map((r) => [r.row + 1, r.section ?? ""])
    );
  if (expected.repeatedHeaderRows)
    out.repeatedHeaderRows = table.rows
      .filter((r) => r.kind === "repeated-header")
      .map((r) => r.row + 1);
  if (expected.rowSections) {
    const sections: Record<number, string> = {};
    for (const row of Object.keys(expected.rowSections).map(Number)) {
      const found = table.rows.find((r) => r.row + 1 === row);
      sections[row] =
        found?.section ?? `(row ${row}: ${found ? "no section" : "not in the table"})`;
    }
    out.rowSections = sections;
  }
  if (expected.confidence) out.confidence = table.confidence;
  return out as unknown as ExpectedTable;
}

function findRow(result: RunResult, expected: ExpectedRow) {
  const rows = result.sheets
    .filter((s) => s.name === expected.sheet)
    .flatMap((s) => s.tables.flatMap((t) => t.rows))
    .filter(
      (r) =>
        r.code === expected.code &&
        (expected.period === undefined || r.period === expected.period) &&
        (expected.sheetRow === undefined || r.sheetRow === expected.sheetRow)
    );
  return rows;
}

function projectRow(row: ReturnType<typeof findRow>[number], expected: ExpectedRow): ExpectedRow {
  const out: Record<string, unknown> = { sheet: expected.sheet, code: row.code };
  if (expected.period !== undefined) out.period = row.period;
  if (expected.sheetRow !== undefined) out.sheetRow = row.sheetRow;
  if (expected.status !== undefined) out.status = row.status;
  if (expected.statusReason !== undefined) out.statusReason = row.statusReason;
  if (expected.value !== undefined) out.value = row.value;
  if (expected.target !== undefined) out.target = row.target;
  if (expected.shortTrend !== undefined) out.shortTrend = row.shortTrend;
  if (expected.longTrend !== undefined) out.longTrend = row.longTrend;
  if (expected.section !== undefined) out.section = row.section;
  if (expected.lower !== undefined) out.lower = row.detail.rule.lower;
  if (expected.upper !== undefined) out.upper = row.detail.rule.upper;
  if (expected.variation !== undefined) out.variation = row.variation.text;
  if (expected.assurance !== undefined) out.assurance = row.assurance.text;
  if (expected.benchmarks !== undefined)
    out.benchmarks = row.benchmarks.map((b) => b.comparison.text);
  return out as unknown as ExpectedRow;
}

describe("fixture corpus: table detection", () => {
  it("has at least ten layouts", () => {
    expect(layouts.length).toBeGreaterThanOrEqual(10);
  });

  describe.each(layouts)("$file", ({ file, layout }) => {
    const detectionTest = layout.knownIssue ? it.fails : it;
    const suffix = layout.knownIssue ? ` (known issue: ${layout.knownIssue})` : "";
    detectionTest(
      `${layout.name}: every sheet's tables, or why there are none${suffix}`,
      async () => {
        const snapshot = await load(layout.workbook);
        expect(
          snapshot.sheets.map((s) => s.name),
          `${file}: the workbook's sheets and the expected sheets differ`
        ).toEqual(Object.keys(layout.expected.sheets));
        for (const sheet of snapshot.sheets) {
          const expected = layout.expected.sheets[sheet.name]!;
          const detection = detectTables(new SheetGrid(sheet));
          const where = `${file}, sheet "${sheet.name}"`;
          if ("problem" in expected) {
            expect
              .soft(
                detection.tables.map((t) => rangeAddress(t.range)),
                `${where}: expected no table`
              )
              .toEqual([]);
            expect
              .soft(detection.problem, `${where}: the "no table" problem`)
              .toContain(expected.problem);
            continue;
          }
          expect.soft(detection.problem, `${where}: unexpected problem`).toBeUndefined();
          expect
            .soft(
              detection.tables.map((t) => rangeAddress(t.range)),
              `${where}: table addresses`
            )
            .toEqual(expected.tables.map((t) => t.address));
          expected.tables.forEach((want, i) => {
            const table = detection.tables[i];
            if (table)
              expect.soft(project(table, want), `${where}, table ${want.address}`).toEqual(want);
          });
        }
      }
    );

    const { rows, statusesMatchPublished, warnings, absentWarnings } = layout.expected;
    if (rows?.length || statusesMatchPublished || warnings?.length || absentWarnings?.length) {
      it(`${layout.name}: rated rows (runWorkbook)`, async () => {
        const result = runWorkbook(await load(layout.workbook));
        for (const want of rows ?? []) {
          const found = findRow(result, want);
          const label = `${file}: row ${want.sheet}/${want.code}${want.period ? ` ${want.period}` : ""}`;
          expect(found.length, `${label} found once`).toBe(1);
          expect(projectRow(found[0]!, want), label).toEqual(want);
        }
        if (statusesMatchPublished) {
          const published = result.sheets.flatMap((s) =>
            s.tables.flatMap((t) => t.rows.filter((r) => r.publishedStatus !== null))
          );
          expect(published.length, `${file}: rows with a published status`).toBeGreaterThan(0);
          expect(
            published
              .filter((r) => r.status !== r.publishedStatus)
              .map((r) => `${r.code}: ${r.status} (published ${r.publishedStatus})`),
            `${file}: statuses that differ from the published ones`
          ).toEqual([]);
        }
        for (const fragment of warnings ?? [])
          expect(
            result.warnings.map((w) => w.message),
            `${file}: warning "${fragment}"`
          ).toContainEqual(expect.stringContaining(fragment));
        for (const fragment of absentWarnings ?? [])
          expect(
            result.warnings.map((w) => w.message).filter((m) => m.includes(fragment)),
            `${file}: no warning about "${fragment}"`
          ).toEqual([]);
      });
    }
  });
});

describe("fixture corpus: every layout", () => {
  it("rates no team, section or period-label row as an indicator, and its DOT agrees with the printed figures", async () => {
    const problems: string[] = [];
    let compared = 0;
    for (const { file, layout } of layouts) {
      const result = runWorkbook(await load(layout.workbook));
      for (const sheet of result.sheets)
        for (const table of sheet.tables) {
          const sections = new Set(
            table.rows.map((r) => r.section).filter((s): s is string => s !== null)
          );
          for (const row of table.rows) {
            const where = `${file} ${sheet.name}!${row.valueCell}`;
            if (
              typeof row.valueText === "string" &&
              row.value === null &&
              parsePeriod(row.valueText)
            )
              problems.push(`${where}: rated a period label "${row.valueText}" as a value`);
            if (row.code && sections.has(row.code) && row.value === null)
              problems.push(`${where}: rated the section row "${row.code}"`);
            // Where the history gives a previous value, the computed DOT is the printed one.
            for (const [which, computed, source, printed] of [
              ["short", row.shortTrend, row.shortTrendSource, row.publishedShortTrend],
              ["long", row.longTrend, row.longTrendSource, row.publishedLongTrend],
            ] as const) {
              if (source !== "computed" || printed === null || computed === "NA") continue;
              compared++;
              if (printed !== computed)
                problems.push(`${where}: ${which} trend ${computed}, printed ${printed}`);
            }
          }
        }
    }
    expect(problems).toEqual([]);
    expect(compared, "rows whose printed DOT was checked against their history").toBeGreaterThan(0);
  });
});
