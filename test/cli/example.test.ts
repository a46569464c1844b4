import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH, exampleBytes } from "../../examples/make-example";
import type { JsonDocument, JsonRow } from "../../src/cli/json";
import { load, noteText, ownedOf, runCli, tempDir } from "../xlsx/helpers";

/*
 * examples/district-scorecard.xlsx is what `npm run examples` writes, and it
 * holds every case the demo is meant to show, found by the real pipeline.
 */

describe("the example workbook", () => {
  const { dir, cleanup } = tempDir();
  const output = join(dir, "rated.xlsx");
  let json: JsonDocument;
  let summary: string;

  const row = (sheet: string, code: string): JsonRow => {
    const found = json.sheets
      .find((s) => s.name === sheet)
      ?.tables.flatMap((t) => t.rows)
      .find((r) => r.code === code);
    if (!found) throw new Error(`no row ${sheet}/${code}`);
    return found;
  };
  const kinds = (r: JsonRow): string[] => r.flags.map((f) => f.kind);

  beforeAll(async () => {
    const run = await runCli(["rate", EXAMPLE_PATH, "-o", output, "--json"]);
    expect(run.code).toBe(0);
    json = JSON.parse(run.stdout) as JsonDocument;
    summary = (await runCli(["rate", EXAMPLE_PATH, "--dry-run"])).stdout;
  });
  afterAll(cleanup);

  it("is exactly what examples/make-example.ts produces (run `npm run examples` after changing it)", async () => {
    const committed = readFileSync(EXAMPLE_PATH);
    const built = await exampleBytes();
    expect(built.equals(await exampleBytes())).toBe(true);
    expect(built.equals(committed)).toBe(true);
  });

  it("has several district tabs with monthly histories (Dec-20 to Dec-22)", () => {
    const districts = json.sheets.filter((s) => s.tables.length > 0);
    expect(districts.map((s) => s.name)).toEqual([
      "Kent",
      "Ashford",
      "Canterbury",
      "Dover",
      "Maidstone",
    ]);
    for (const sheet of districts) expect(sheet.tables[0]!.periods).toHaveLength(25);
  });

  it("has a Goldilocks row rated against its range", () => {
    const scs13 = row("Canterbury", "SCS13");
    expect(json.sheets[1]!.tables[0]!.mapping).toHaveProperty("lower");
    expect(json.sheets[1]!.tables[0]!.mapping).toHaveProperty("upper");
    expect(["in-range", "near-range", "outside-range"]).toContain(scs13.statusReason);
  });

  it("has a redacted value, kept as the officer's manual rating", () => {
    expect(row("Dover", "SCS33")).toMatchObject({
      value: null,
      valueText: "Redacted",
      statusReason: "redacted",
      statusSource: "manual",
      status: "Green",
    });
  });

  it("has a published RAG the rule disagrees with", () => {
    expect(row("Canterbury", "SCS01")).toMatchObject({
      status: "Green",
      publishedStatus: "Amber",
    });
    expect(kinds(row("Canterbury", "SCS01"))).toContain("published-status");
  });

  it("names the planted district outlier (Dover's caseloads), in the summary too", () => {
    const dover = row("Dover", "SCS25");
    expect(kinds(dover)).toContain("district-outlier");
    expect(dover.commentary).toMatch(/Dover's 25\.\d is far above the other districts/);
    expect(summary).toMatch(/SCS25 \(H14\): Dover's 25\.\d is far above the other districts/);
  });

  it("names the planted special cause (Ashford's step up in placement stability)", () => {
    const ashford = row("Ashford", "SCS19");
    expect(kinds(ashford).filter((k) => k.startsWith("spc-"))).toHaveLength(1);
    expect(ashford.commentary).toMatch(/special cause, Improvement ↑\./);
    // Unremarkable beside the other districts: the signal is in its own history.
    expect(kinds(ashford)).not.toContain("district-outlier");
  });

  it("writes the commentary naming the outliers into the rated workbook", async () => {
    const rated = await load(output);
    const block = ownedOf(rated)!["Dover"]!.blocks[0]!;
    const commentary = rated.getWorksheet("Dover")!.getCell(14, block.left + 4).value;
    expect(String(commentary)).toContain("far above the other districts");
    // A warning gets a note on the value cell.
    expect(noteText(rated.getWorksheet("Dover")!.getCell("H14"))).toBe(
      row("Dover", "SCS25").commentary
    );
  });
});
