import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonDocument } from "../../src/cli/json";
import { repoRoot } from "../fixtures";
import { countyScorecard, DISTRICTS, INDICATORS } from "../corpus/county-floors";
import { runCli, tempDir } from "../xlsx/helpers";

/** The generated county scorecard (test/corpus/county-floors.ts) as a real .xlsx file. */
async function writeCounty(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of countyScorecard().snapshot.sheets) {
    const ws = workbook.addWorksheet(sheet.name);
    sheet.values.forEach((row, r) =>
      row.forEach((value, c) => {
        if (value === null) return;
        const cell = ws.getCell(sheet.origin.row + r + 1, sheet.origin.column + c + 1);
        cell.value = value;
        const format = sheet.numberFormats[r]?.[c];
        if (format && format !== "General") cell.numFmt = format;
      })
    );
  }
  await workbook.xlsx.writeFile(path);
}

function documentedFields(section: string): string[] {
  const text = readFileSync(join(repoRoot, "docs", "json-output.md"), "utf8");
  const start = text.indexOf(`### \`${section}\``);
  const body = text.slice(start).split("\n").slice(1);
  const fields: string[] = [];
  for (const line of body.slice(1)) {
    if (line.startsWith("### ")) break;
    const field = /^\| `([^`]+)`/.exec(line);
    if (field) fields.push(field[1]!);
  }
  return fields.sort();
}

describe("scorecard-rag learn-rules and rate --learn (a county scorecard with no Floor column)", () => {
  const { dir, cleanup } = tempDir();
  const input = join(dir, "county.xlsx");
  const rules = join(dir, "rules.csv");
  const training = ["Kent", ...DISTRICTS.slice(0, 8)];
  const heldOut = DISTRICTS.slice(8);

  beforeAll(async () => {
    await writeCounty(input);
  });
  afterAll(cleanup);

  it("learns the floors on some tabs, writes them as a rules CSV, and names the slips by cell", async () => {
    const run = await runCli(["learn-rules", input, "--sheets", training.join(","), "-o", rules]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const csv = readFileSync(rules, "utf8").split(/\r\n/);
    expect(csv[0]).toBe("code,floor,tolerance,amber,lower,upper");
    for (const indicator of INDICATORS) {
      const floor = indicator.percent
        ? `${Number((indicator.floor * 100).toPrecision(10))}%`
        : String(indicator.floor);
      expect(csv).toContain(`${indicator.code},${floor},,,,`);
    }
    expect(run.stdout).toMatch(/Rating key at Kent!A2/);
    expect(run.stdout).toMatch(/SCS19: floor 80%/);
    expect(run.stdout).toMatch(
      /no rule reproduces Dover!F8: published Red, but closer to target than a published Amber/
    );
    expect(run.stdout).toMatch(/Written to /);
  });

  it("rated with those rules, the other tabs reproduce ≥ 95% of their published RAGs", async () => {
    const run = await runCli([
      "rate",
      input,
      "--rules",
      rules,
      "--sheets",
      heldOut.join(","),
      "--json",
      "--dry-run",
    ]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as JsonDocument;
    const rows = doc.sheets.flatMap((s) => s.tables.flatMap((t) => t.rows));
    expect(rows).toHaveLength(heldOut.length * INDICATORS.length);
    const same = rows.filter((r) => r.status === r.publishedStatus).length;
    expect(same / rows.length).toBeGreaterThanOrEqual(0.95);
  });

  it("rate --learn learns, rates, and puts what it learned in the JSON (documented fields)", async () => {
    const run = await runCli(["rate", input, "--learn", "--json", "--dry-run"]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as JsonDocument & {
      learned: { indicators: Record<string, unknown>[] } & Record<string, unknown>;
    };
    expect(Object.keys(doc.learned).sort()).toEqual(documentedFields("learned"));
    for (const indicator of doc.learned.indicators)
      expect(Object.keys(indicator).sort()).toEqual(documentedFields("learned indicator"));
    expect(doc.learned.indicators.map((i) => i.code)).toEqual(INDICATORS.map((i) => i.code));
    const differ = doc.sheets.flatMap((s) =>
      s.tables.flatMap((t) =>
        t.rows.filter((r) => r.status !== r.publishedStatus).map((r) => `${s.name}|${r.code}`)
      )
    );
    expect(differ.sort()).toEqual(["Dover|SCS19", "Swale|EH43"]);
    expect(doc.warnings.some((w) => /default rule/.test(w.message))).toBe(false);
  });

  it("without --learn, says once that the default rule disagrees and how to learn", async () => {
    const run = await runCli(["rate", input, "--dry-run"]);
    expect(run.code).toBe(0);
    expect(run.stdout.match(/learn-rules IN\.xlsx/g)).toHaveLength(1);
  });

  it("usage: learn-rules needs -o, and refuses rate's options", async () => {
    expect((await runCli(["learn-rules", input])).code).toBe(2);
    expect((await runCli(["learn-rules", input, "-o", rules, "--clear"])).code).toBe(2);
    expect((await runCli(["rate", input, "--learn", "--rules", rules])).code).toBe(2);
  });
});
