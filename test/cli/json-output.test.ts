import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import type { JsonDocument } from "../../src/cli/json";
import { repoRoot, sharedFixturePath } from "../fixtures";
import { runCli, tempDir } from "../xlsx/helpers";

/**
 * The field lists of docs/json-output.md: under each `### \`object\`` heading, the
 * first column of its table. The output must have exactly these fields, so a
 * field cannot be added or removed without the documentation.
 */
function documentedFields(): Map<string, string[]> {
  const text = readFileSync(join(repoRoot, "docs", "json-output.md"), "utf8");
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split("\n")) {
    const heading = /^### `([^`]+)`\s*$/.exec(line);
    if (heading) {
      current = [];
      sections.set(heading[1]!, current);
      continue;
    }
    if (line.startsWith("## ")) current = undefined;
    const row = /^\|\s*`([^`]+)`\s*\|/.exec(line);
    if (current && row) current.push(row[1]!);
  }
  return sections;
}

const sorted = (keys: Iterable<string>): string[] => [...keys].sort();

describe("the --json document", () => {
  let docs: JsonDocument[];
  const fields = documentedFields();

  beforeAll(async () => {
    docs = [];
    for (const input of [EXAMPLE_PATH, sharedFixturePath("medway-q2-2022-23.xlsx")]) {
      const run = await runCli(["rate", input, "--json", "--dry-run"]);
      expect(run.code).toBe(0);
      docs.push(JSON.parse(run.stdout) as JsonDocument);
    }
  });

  it("documents the objects the output has", () => {
    expect(sorted(fields.keys())).toEqual(
      sorted([
        "document",
        "sheet",
        "table",
        "mapping entry",
        "period",
        "counts",
        "row",
        "flag",
        "verdict",
        "benchmark",
        "warning",
        "learned",
        "learned indicator",
      ])
    );
  });

  it("has exactly the documented fields in every object", () => {
    const expectKeys = (object: object, section: string): void =>
      expect(sorted(Object.keys(object)), section).toEqual(sorted(fields.get(section)!));
    const seen = { rows: 0, flags: 0, warnings: 0, mappings: 0, periods: 0 };
    for (const doc of docs) {
      expectKeys(doc, "document");
      for (const warning of doc.warnings) {
        expectKeys(warning, "warning");
        seen.warnings++;
      }
      for (const sheet of doc.sheets) {
        expectKeys(sheet, "sheet");
        for (const table of sheet.tables) {
          expectKeys(table, "table");
          expectKeys(table.counts, "counts");
          for (const entry of Object.values(table.mapping)) {
            expectKeys(entry, "mapping entry");
            seen.mappings++;
          }
          for (const period of table.periods) {
            expectKeys(period, "period");
            seen.periods++;
          }
          for (const row of table.rows) {
            expectKeys(row, "row");
            expectKeys(row.variation, "verdict");
            expectKeys(row.assurance, "verdict");
            for (const benchmark of row.benchmarks) expectKeys(benchmark, "benchmark");
            seen.rows++;
            for (const flag of row.flags) {
              expectKeys(flag, "flag");
              seen.flags++;
            }
          }
        }
      }
    }
    // Every kind of object was actually seen.
    expect(Object.values(seen).every((n) => n > 0)).toBe(true);
  });

  it("keeps absent things as null, never missing, and never leaks internals", () => {
    const text = JSON.stringify(docs);
    expect(text).not.toContain('"detail"');
    const row = docs[0]!.sheets.flatMap((s) => s.tables.flatMap((t) => t.rows))[0]!;
    expect(row.period).toBeNull();
  });

  it("prints the documented example (shortened as the page says), free text aside", async () => {
    const text = readFileSync(join(repoRoot, "docs", "json-output.md"), "utf8");
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(text)![1]!) as JsonDocument;
    // Run as the page says, from a folder holding examples/district-scorecard.xlsx.
    const { dir, cleanup } = tempDir();
    try {
      mkdirSync(join(dir, "examples"));
      copyFileSync(EXAMPLE_PATH, join(dir, "examples", "district-scorecard.xlsx"));
      const run = await runCli(["rate", "examples/district-scorecard.xlsx", "--json"], dir);
      expect(run.code).toBe(0);
      const full = JSON.parse(run.stdout) as JsonDocument;
      const sheet = full.sheets.find((s) => s.name === "Canterbury")!;
      const table = sheet.tables[0]!;
      const shortened: JsonDocument = {
        ...full,
        sheets: [
          {
            ...sheet,
            tables: [
              {
                ...table,
                periods: [table.periods[0]!, table.periods[1]!, table.periods.at(-1)!],
                rows: table.rows.filter((r) => r.code === "SCS01"),
              },
            ],
          },
        ],
        warnings: [],
      };
      // Wording belongs to the engine and the checks and may improve; fields and values may not change.
      const withoutProse = (doc: JsonDocument): unknown =>
        JSON.parse(JSON.stringify(doc), (key: string, value: unknown) =>
          ["narrative", "explanation", "commentary", "message"].includes(key) ? "…" : value
        );
      expect(withoutProse(shortened)).toEqual(withoutProse(example));
    } finally {
      cleanup();
    }
  });

  it("matches the documented example's shape for the example workbook", () => {
    const canterbury = docs[0]!.sheets.find((s) => s.name === "Canterbury")!;
    const scs01 = canterbury.tables[0]!.rows.find((r) => r.code === "SCS01")!;
    expect(scs01).toMatchObject({
      sheetRow: 10,
      valueCell: "H10",
      value: 0.875,
      valueText: "87.5%",
      percent: true,
      status: "Green",
      publishedStatus: "Amber",
    });
    expect(scs01.flags.map((f) => f.kind)).toContain("published-status");
  });
});
