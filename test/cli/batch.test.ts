import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import { parseArgs, UsageError, type RateArgs } from "../../src/cli/args";
import { batchInputs, batchItems, type JsonBatchDocument } from "../../src/cli/batch";
import type { JsonDocument } from "../../src/cli/json";
import { repoRoot } from "../fixtures";
import { runCli, tempDir } from "../xlsx/helpers";

const OPENPYXL = join(repoRoot, "test", "fixtures", "openpyxl", "district-scorecard-openpyxl.xlsx");

function rateArgs(argv: string[]): RateArgs {
  const args = parseArgs(argv);
  if (args.command !== "rate") throw new Error("not a rate command");
  return args;
}

function statuses(document: JsonDocument): string[] {
  return document.sheets.flatMap((sheet) =>
    sheet.tables.flatMap((table) =>
      table.rows.map((row) => `${sheet.name}!${row.valueCell} ${row.status}`)
    )
  );
}

describe("several workbooks on the command line", () => {
  const temp = tempDir();
  const folder = join(temp.dir, "district packs");
  beforeAll(() => {
    mkdirSync(join(folder, "older"), { recursive: true });
    copyFileSync(EXAMPLE_PATH, join(folder, "Kent pack.xlsx"));
    copyFileSync(OPENPYXL, join(folder, "a from openpyxl.xlsx"));
    writeFileSync(join(folder, "broken.xlsx"), "not a zip");
    // Not rated from a folder: Excel's lock file, an earlier output, other files, sub-folders.
    copyFileSync(EXAMPLE_PATH, join(folder, "~$Kent pack.xlsx"));
    copyFileSync(EXAMPLE_PATH, join(folder, "Kent pack-rated.xlsx"));
    writeFileSync(join(folder, "notes.txt"), "x");
    copyFileSync(EXAMPLE_PATH, join(folder, "older", "old.xlsx"));
  });
  afterAll(() => temp.cleanup());

  it("parses every input and --jobs", () => {
    const args = rateArgs(["rate", "a.xlsx", "b.xlsx", "-j", "3", "--json"]);
    expect(args.inputs).toEqual(["a.xlsx", "b.xlsx"]);
    expect(args.input).toBe("a.xlsx");
    expect(args.jobs).toBe(3);
    expect(() => parseArgs(["rate", "a.xlsx", "--jobs", "0"])).toThrow(UsageError);
    expect(() => parseArgs(["rate", "a.xlsx", "--jobs", "two"])).toThrow(/not a number/);
    expect(() => parseArgs(["learn-rules", "a.xlsx", "b.xlsx", "-o", "r.csv"])).toThrow(
      /Unexpected argument "b.xlsx"/
    );
  });

  it("expands a folder to its workbooks by name, leaving out locks, earlier outputs and sub-folders", async () => {
    expect(await batchInputs(rateArgs(["rate", folder]), temp.dir)).toEqual([
      join(folder, "a from openpyxl.xlsx"),
      join(folder, "broken.xlsx"),
      join(folder, "Kent pack.xlsx"),
    ]);
    // One workbook named on its own is the ordinary run.
    expect(await batchInputs(rateArgs(["rate", EXAMPLE_PATH]), temp.dir)).toBeUndefined();
    const empty = join(temp.dir, "empty");
    mkdirSync(empty);
    await expect(batchInputs(rateArgs(["rate", empty]), temp.dir)).rejects.toThrow(
      /empty: is a directory with no \.xlsx or \.xlsm workbook in it to rate/
    );
  });

  it("gives each workbook the same options and its own output in the -o folder", () => {
    const items = batchItems(
      rateArgs([
        "rate",
        "x/a.xlsx",
        "y/b.xlsx",
        "--sheets",
        "Kent, Dover",
        "--findings",
        "-o",
        "out",
      ]),
      ["x/a.xlsx", "y/b.xlsx"]
    );
    expect(items.map((item) => item.argv)).toEqual([
      [
        "rate",
        "--sheets",
        "Kent,Dover",
        "--findings",
        "-o",
        join("out", "a.xlsx"),
        "--",
        "x/a.xlsx",
      ],
      [
        "rate",
        "--sheets",
        "Kent,Dover",
        "--findings",
        "-o",
        join("out", "b.xlsx"),
        "--",
        "y/b.xlsx",
      ],
    ]);
    expect(() =>
      batchItems(rateArgs(["rate", "x/a.xlsx", "y/a.xlsx", "-o", "out"]), ["x/a.xlsx", "y/a.xlsx"])
    ).toThrow(/x\/a\.xlsx and y\/a\.xlsx would both be written to out\/a\.xlsx/);
  });

  it("rates a folder in worker threads: one JSON document, each as its own run, the worst exit code", async () => {
    const out = join(temp.dir, "rated");
    const run = await runCli(["rate", folder, "-o", out, "--json", "-j", "2"]);
    expect(run.code).toBe(3);
    const document = JSON.parse(run.stdout) as JsonBatchDocument;
    expect(document.version).toBe(1);
    expect(document.workbooks.map((w) => [w.input, w.exitCode])).toEqual([
      [join(folder, "a from openpyxl.xlsx"), 0],
      [join(folder, "broken.xlsx"), 3],
      [join(folder, "Kent pack.xlsx"), 0],
    ]);
    expect(document.workbooks[1]!.errors).toEqual([
      `${join(folder, "broken.xlsx")}: is not an .xlsx workbook (it is not a zip file)`,
    ]);
    expect(document.workbooks[1]!.result).toBeNull();
    expect(run.stderr).toContain("broken.xlsx: is not an .xlsx workbook");
    const text = await runCli(["rate", folder, "--dry-run"]);
    expect(text.stdout).toContain(
      `  ${join(folder, "broken.xlsx")}: failed (exit 3): is not an .xlsx workbook (it is not a zip file)\n`
    );

    const alone = JSON.parse(
      (await runCli(["rate", EXAMPLE_PATH, "--dry-run", "--json"])).stdout
    ) as JsonDocument;
    expect(statuses(document.workbooks[2]!.result!)).toEqual(statuses(alone));
    expect(document.workbooks[2]!.result!.output).toBe(join(out, "Kent pack.xlsx"));
    expect(existsSync(join(out, "Kent pack.xlsx"))).toBe(true);
    expect(existsSync(join(out, "a from openpyxl.xlsx"))).toBe(true);
    expect(existsSync(join(out, "broken.xlsx"))).toBe(false);
  }, 120_000);

  it("refuses an -o that is a file or a workbook's name: with several workbooks it names a folder", async () => {
    const file = join(temp.dir, "out.xlsx");
    writeFileSync(file, "x");
    const asFile = await runCli(["rate", EXAMPLE_PATH, OPENPYXL, "-o", file]);
    expect(asFile.code).toBe(2);
    expect(asFile.stderr).toContain(
      `With several workbooks, -o names a folder for the rated copies; ${file} is a file.`
    );
    const named = await runCli(["rate", EXAMPLE_PATH, OPENPYXL, "-o", join(temp.dir, "new.xlsx")]);
    expect(named.code).toBe(2);
    expect(named.stderr).toContain("new.xlsx looks like a workbook's name.");
    expect(existsSync(join(temp.dir, "new.xlsx"))).toBe(false);
  });

  it("prints each workbook's report under its name, then the totals; one job gives the same", async () => {
    const two = await runCli(["rate", EXAMPLE_PATH, OPENPYXL, "--dry-run", "-j", "2"]);
    expect(two.code).toBe(0);
    expect(two.stdout.match(/^=== .* ===$/gm)).toEqual([
      `=== ${EXAMPLE_PATH} ===`,
      `=== ${OPENPYXL} ===`,
    ]);
    expect(two.stdout).toMatch(/\n2 workbooks: 2 rated \(nothing written\)\.\n$/);
    // The openpyxl copy's SCS25 on Kent has no saved value (a formula without its result); its RAG is the published one.
    expect(two.stdout).toContain(
      `Workbooks:\n  ${EXAMPLE_PATH}: 45 indicators: Green 13 · Amber 24 · Red 4 · NA 4; 8 rows flagged\n` +
        `  ${OPENPYXL}: 45 indicators: Green 13 · Amber 24 · Red 4 · NA 4; 8 rows flagged\n`
    );
    const one = await runCli(["rate", EXAMPLE_PATH, OPENPYXL, "--dry-run", "-j", "1"]);
    expect(one.stdout).toBe(two.stdout);
  }, 120_000);
});
