/**
 * The whole pipeline's output, frozen: for the example, Medway and every corpus
 * layout, the full result (tables, mappings, ratings, trends, flags with their
 * messages, warnings and the write plan) as JSON, compared with the file saved
 * beside this test. A change that alters any rating, message or planned cell
 * shows here as a diff to review; a faster pipeline must leave every file as it
 * is. To accept an intended change: `npx vitest run test/golden -u`, then read
 * the diff before committing it.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import type { SpcResult } from "../../src/engine/stats/special-cause";
import { runWorkbook } from "../../src/workbook/run";
import type { WorkbookSnapshot } from "../../src/workbook/snapshot";
import { installExcelJsFixes } from "../exceljs/exceljs-fixes";
import { snapshotWorkbook } from "../exceljs/read";
import type { Layout } from "../corpus/layout";
import { sharedFixturePath } from "../fixtures";

const here = dirname(fileURLToPath(import.meta.url));
const layoutsDir = join(here, "..", "corpus", "layouts");

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

/** A row's XmR analysis as its limits and latest point, not its private copy of every value. */
function compactSpc(key: string, value: unknown): unknown {
  if (key !== "spc" || value === null || typeof value !== "object") return value;
  const spc = value as SpcResult;
  return spc.kind === "analysed"
    ? { kind: spc.kind, limits: spc.limits, latest: spc.latest, assurance: spc.assurance ?? null }
    : spc;
}

describe("the pipeline's full output is unchanged", () => {
  it.each(sources)("%s", async (name, load) => {
    const result = runWorkbook(await load());
    const json = `${JSON.stringify({ sheets: result.sheets, warnings: result.warnings, plan: result.plan }, compactSpc, 1)}\n`;
    await expect(json).toMatchFileSnapshot(join(here, "pipeline-json", `${name}.json`));
    // The checks read a row's last points without making its history: they are the history's.
    for (const sheet of result.sheets)
      for (const table of sheet.tables)
        for (const row of table.rows) {
          const history = row.detail.history;
          expect(row.detail.historyLength).toBe(history.length);
          for (let back = 0; back <= history.length; back++)
            expect(row.detail.recentPoint(back)).toEqual(history[history.length - 1 - back]);
        }
  });
});
