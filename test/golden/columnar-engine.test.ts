/**
 * The columnar engine against the row engine on real figures: the published
 * Medway Council Plan table (its statuses and narrative lines), and every row
 * the pipeline rates in the example workbook, the Medway workbook and each
 * corpus layout (rated as the pipeline rated them: its histories, rules,
 * published cells, trend and SPC settings). Every row's full result, the
 * latest point's XmR verdict and the tables' counts and narratives must agree.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import {
  parseCellValue,
  parsePolarity,
  parsePublishedStatus,
  parsePublishedTrend,
  rateIndicator,
  resolveRule,
  summarise,
  type IndicatorInput,
  type Period,
  type ResolvedRule,
} from "../../src/engine";
import {
  columnarFromIndicators,
  columnarResults,
  indicatorResultAt,
  rateColumnar,
  spcLatestPointAt,
  spcLimitsAt,
  STATUS_CODES,
  summaryOf,
} from "../../src/engine/columnar";
import { parseCsv } from "../../src/workbook/csv";
import type { RowResult } from "../../src/workbook/rate-table";
import { runWorkbook } from "../../src/workbook/run";
import type { WorkbookSnapshot } from "../../src/workbook/snapshot";
import { installExcelJsFixes } from "../exceljs/exceljs-fixes";
import { snapshotWorkbook } from "../exceljs/read";
import type { Layout } from "../corpus/layout";
import { readSharedFixture, sharedFixturePath } from "../fixtures";

const here = dirname(fileURLToPath(import.meta.url));
const layoutsDir = join(here, "..", "corpus", "layouts");

describe("the columnar engine on Medway's published Council Plan figures (Q2 2022/23)", () => {
  const [header, ...records] = parseCsv(
    readSharedFixture("medway-q2-2022-23.csv").toString("utf8")
  ).filter((r) => r.length > 1);
  const column = (name: string): number => header!.indexOf(name);
  const number = (text: string): number | undefined => {
    const cell = parseCellValue(text);
    return cell.kind === "number" ? cell.value : undefined;
  };
  const rows = records.map((r) => ({
    code: r[column("code")]!,
    programme: r[column("sheet")]!,
    input: {
      value: parseCellValue(r[column("value")]!),
      rule: resolveRule(
        {
          polarity: parsePolarity(r[column("aim")]!),
          target: number(r[column("target")]!),
          lower: number(r[column("range_low")]!),
          upper: number(r[column("range_high")]!),
        },
        undefined
      ),
      publishedStatus: parsePublishedStatus(r[column("status")]!),
      publishedShortTrend: parsePublishedTrend(r[column("short_trend")]!),
      publishedLongTrend: parsePublishedTrend(r[column("long_trend")]!),
    } satisfies IndicatorInput,
    published: r[column("status")]!,
  }));
  // One summary group per programme, in table order.
  const groups = rows.flatMap((row, i) =>
    i === 0 || row.programme !== rows[i - 1]!.programme ? [i] : []
  );
  const table = columnarFromIndicators(
    rows.map((row) => row.input),
    groups
  );
  const ratings = rateColumnar(table);
  const results = columnarResults(table, ratings);

  it("rates all 34 rows as the row engine does, and as published", () => {
    expect(rows).toHaveLength(34);
    rows.forEach((row, r) => {
      expect(indicatorResultAt(results, r), row.code).toEqual(rateIndicator(row.input));
      // Every published status is the engine's (the redacted row keeps its hand-set Green).
      expect(STATUS_CODES[ratings.status[r]!], row.code).toBe(row.published);
    });
    expect(ratings.manual.reduce((n, m) => n + m, 0)).toBe(1);
  });

  it("gives each programme's narrative as summarise does, with the published lines", () => {
    const codes = rows.map((row) => row.code);
    const narratives = groups.map((start, g) => {
      const end = groups[g + 1] ?? rows.length;
      const expected = summarise(
        rows.slice(start, end).map((row) => ({ code: row.code, ...rateIndicator(row.input) }))
      );
      const summary = summaryOf(results, g, codes);
      expect(summary).toEqual(expected);
      return summary.lines;
    });
    expect(narratives[0]).toEqual([
      "The total number of measures is 6",
      "1 measure met its target [PH23]",
      "3 measures were slightly below target [PH13; PH17; PH8]",
      "2 measures were significantly below target [PH14; PH15]",
      "The green measure is deteriorating long term [PH23]",
      "Both red measures are deteriorating long term [PH14; PH15]",
    ]);
    expect(narratives.flat()).toContain(
      "1 of the 6 green measures are deteriorating long term [ILAC2]"
    );
    expect(narratives.flat()).toContain("1 measure is not available this quarter [SEKS4A8]");
  });
});

async function read(path: string): Promise<WorkbookSnapshot> {
  installExcelJsFixes();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return snapshotWorkbook(workbook);
}

const sources: [string, () => Promise<WorkbookSnapshot>][] = [
  ["example", () => read(EXAMPLE_PATH)],
  ["medway-q2-2022-23", () => read(sharedFixturePath("medway-q2-2022-23.xlsx"))],
  ...readdirSync(layoutsDir)
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((file): [string, () => Promise<WorkbookSnapshot>] => [
      `corpus-${file.replace(/\.ts$/, "")}`,
      async () => {
        const module = (await import(pathToFileURL(join(layoutsDir, file)).href)) as {
          default?: Layout;
          layout?: Layout;
        };
        const layout = (module.default ?? module.layout)!;
        return typeof layout.workbook === "string" ? read(layout.workbook) : layout.workbook;
      },
    ]),
];

/** The row engine's input for a row the pipeline rated: its value, rule, history and published cells. */
function inputOf(row: RowResult): IndicatorInput {
  const detail = row.detail;
  return {
    value: detail.cellValue,
    rule: detail.rule as ResolvedRule,
    history: detail.history,
    ...(row.publishedStatus === null
      ? {}
      : { publishedStatus: { status: row.publishedStatus, text: "", repaired: false } }),
    ...(row.publishedShortTrend === null ? {} : { publishedShortTrend: row.publishedShortTrend }),
    ...(row.publishedLongTrend === null ? {} : { publishedLongTrend: row.publishedLongTrend }),
  };
}

/** Rows with the same period columns (a team block or a long table's code has its own). */
function periodKey(row: RowResult): string {
  return row.detail.history
    .map((p) => (p.period ? `${p.period.granularity}:${p.period.index}` : "-"))
    .join(",");
}

describe("the columnar engine on every row the pipeline rates", () => {
  it.each(sources)("%s", async (_name, load) => {
    const result = runWorkbook(await load());
    const settings = result.settings;
    const options = {
      trends: settings.trends,
      spc: { minimumPoints: settings.checks.spcMinimumPoints },
    };
    let compared = 0;
    for (const sheet of result.sheets)
      for (const table of sheet.tables) {
        const byPeriods = new Map<string, RowResult[]>();
        for (const row of table.rows) {
          const key = periodKey(row);
          byPeriods.set(key, [...(byPeriods.get(key) ?? []), row]);
        }
        for (const rows of byPeriods.values()) {
          const columnar = columnarFromIndicators(rows.map(inputOf));
          const ratings = rateColumnar(columnar, options);
          const periods: (Period | undefined)[] = rows[0]!.detail.history.map((p) => p.period);
          const results = columnarResults(columnar, ratings, options.trends, periods);
          rows.forEach((row, r) => {
            const where = `${sheet.name} ${row.valueCell}`;
            expect(indicatorResultAt(results, r), where).toEqual(row.detail.result);
            const spc = row.detail.spc;
            if (spc?.kind === "analysed") {
              expect(spcLatestPointAt(results, r), where).toEqual(spc.latest);
              expect(spcLimitsAt(results, r), where).toEqual(spc.limits);
            } else {
              expect(spcLatestPointAt(results, r), where).toBeNull();
              expect(ratings.spcPoints[r], where).toBe(spc?.points ?? 0);
            }
            compared++;
          });
          // A wide table's rows share their period columns: its counts and narrative are one group's.
          if (table.layout === "wide" && byPeriods.size === 1) {
            const summary = summaryOf(
              results,
              0,
              rows.map((row) => row.code),
              {
                periodWord:
                  settings.periodWord ??
                  rows[0]!.detail.history[0]?.period?.granularity ??
                  "quarter",
              }
            );
            expect(summary.counts).toEqual(table.counts);
            expect(summary.lines).toEqual(table.narrative);
          }
        }
      }
    expect(compared).toBe(
      result.sheets.reduce((n, s) => n + s.tables.reduce((m, t) => m + t.rows.length, 0), 0)
    );
  });
});
