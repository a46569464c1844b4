import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import { defaultOutputPath, parseArgs, parseSheetList, UsageError } from "../../src/cli/args";
import type { JsonDocument } from "../../src/cli/json";
import { ProgressBar } from "../../src/cli/progress";
import { repoRoot, sharedFixturePath } from "../fixtures";
import { load, ownedOf, runCli, tempDir } from "../xlsx/helpers";

const MEDWAY = sharedFixturePath("medway-q2-2022-23.xlsx");
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const { dir, cleanup } = tempDir();
afterAll(cleanup);

function copyOf(source: string, name: string): string {
  const path = join(dir, name);
  copyFileSync(source, path);
  return path;
}

describe("parseArgs", () => {
  it("reads every option, in both spellings", () => {
    expect(
      parseArgs([
        "rate",
        "in.xlsx",
        "-o",
        "out.xlsx",
        "--rules=rules.csv",
        "--tolerance",
        "2pp",
        "--sheets",
        "People Q2 22-23, Kent",
        "--sheets=Dover",
        "--json",
        "-n",
      ])
    ).toEqual({
      command: "rate",
      input: "in.xlsx",
      inputs: ["in.xlsx"],
      output: "out.xlsx",
      rules: "rules.csv",
      tolerance: { kind: "absolute", amount: 0.02 },
      toleranceText: "2pp",
      sheets: ["People Q2 22-23", "Kent", "Dover"],
      json: true,
      clear: false,
      findings: false,
      summary: false,
      overview: false,
      inPlace: false,
      dryRun: true,
      learn: false,
    });
    expect(parseArgs(["learn-rules", "in.xlsx", "--sheets", "Kent", "-o", "rules.csv"])).toEqual({
      command: "learn-rules",
      input: "in.xlsx",
      output: "rules.csv",
      sheets: ["Kent"],
      json: false,
    });
  });

  it.each([
    [[], /No command/],
    [["rate"], /No input/],
    [["grade", "x.xlsx"], /Unknown command "grade"/],
    [["rate", "x.xlsx", "--colour"], /Unknown option --colour/],
    [["rate", "x.xlsx", "-o"], /-o needs a value/],
    [["rate", "x.xlsx", "--tolerance", "lots"], /--tolerance "lots" is not a tolerance/],
    [["rate", "x.xlsx", "--tolerance", "-5%"], /is not a tolerance/],
    [["rate", "x.xlsx", "--in-place", "-o", "y.xlsx"], /cannot be used together/],
    [["rate", "x.xlsx", "--sheets", " , "], /at least one sheet/],
    [["learn-rules", "x.xlsx", "y.xlsx", "-o", "r.csv"], /Unexpected argument "y.xlsx"/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it("names the default output beside the input", () => {
    expect(defaultOutputPath("reports/q3.xlsx")).toBe("reports/q3-rated.xlsx");
    expect(defaultOutputPath("Q3.XLSX")).toBe("Q3-rated.xlsx");
    // A macro-enabled workbook keeps its extension, or Excel would refuse to open the copy.
    expect(defaultOutputPath("reports/q3.xlsm")).toBe("reports/q3-rated.xlsm");
    expect(parseSheetList("Kent,  People Q2 22-23 ,")).toEqual(["Kent", "People Q2 22-23"]);
  });
});

describe("scorecard-rag rate", () => {
  it("writes <input>-rated.xlsx beside the input and leaves the input alone", async () => {
    const input = copyOf(EXAMPLE_PATH, "scorecard.xlsx");
    const before = readFileSync(input);
    const run = await runCli(["rate", "scorecard.xlsx"], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(existsSync(join(dir, "scorecard-rated.xlsx"))).toBe(true);
    expect(readFileSync(input).equals(before)).toBe(true);
    expect(run.stdout).toContain("Ashford\n  Table A4:AI16");
    expect(run.stdout).toContain("    The total number of measures is 9\n");
    expect(run.stdout).toMatch(/\d+ rows? flagged for checking/);
    expect(run.stdout).toContain("Written to scorecard-rated.xlsx");
  });

  it("overwrites the input only with --in-place, leaving no temporary file", async () => {
    const input = copyOf(MEDWAY, "in-place.xlsx");
    const before = readFileSync(input);
    const run = await runCli(["rate", input, "--in-place"]);
    expect(run.code).toBe(0);
    expect(readFileSync(input).equals(before)).toBe(false);
    expect(ownedOf(await load(input))).toBeDefined();
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("refuses an output that is the input", async () => {
    const input = copyOf(MEDWAY, "same.xlsx");
    const run = await runCli(["rate", input, "-o", join(dir, ".", "same.xlsx")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/would overwrite the input .*use --in-place/);
  });

  it("rates only the sheets named, sheet names with spaces included", async () => {
    const run = await runCli(["rate", MEDWAY, "--sheets", "People Q2 22-23", "--json", "-n"]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as JsonDocument;
    expect(json.sheets.map((s) => s.name)).toEqual(["People Q2 22-23"]);
    expect(json.output).toBeNull();
    const two = await runCli(["rate", EXAMPLE_PATH, "--sheets", "Kent, Dover", "--json", "-n"]);
    expect((JSON.parse(two.stdout) as JsonDocument).sheets.map((s) => s.name)).toEqual([
      "Kent",
      "Dover",
    ]);
  });

  it("passes --tolerance to the rating", async () => {
    const rate = async (extra: string[]) =>
      JSON.parse((await runCli(["rate", MEDWAY, "--json", "-n", ...extra])).stdout) as JsonDocument;
    const statusOf = (json: JsonDocument, code: string) =>
      json.sheets[0]!.tables.flatMap((t) => t.rows).find((r) => r.code === code)!.status;
    // ILAC7(N): 75% against 80%, 6.25% short: Red at 5%, Amber at 10%.
    expect(statusOf(await rate([]), "ILAC7(N)")).toBe("Red");
    expect(statusOf(await rate(["--tolerance", "10%"]), "ILAC7(N)")).toBe("Amber");
  });

  it("passes --rules to the rating and reports codes no sheet has", async () => {
    const rules = join(dir, "rules.csv");
    // A row's own cells win; the rules table fills what they lack (Medway has no tolerance column).
    writeFileSync(rules, "code,tolerance\nPH13,3%\nNOPE1,5%\n");
    const run = await runCli(["rate", MEDWAY, "--rules", rules, "--json", "-n"]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as JsonDocument;
    const ph13 = json.sheets[0]!.tables.flatMap((t) => t.rows).find((r) => r.code === "PH13")!;
    // PH13: 82 against 85 is 3.5% short: Amber at the default 5%, Red at 3%.
    expect(ph13.status).toBe("Red");
    expect(json.warnings.map((w) => w.message)).toContain(
      'Rules line 3: code "NOPE1" is not on any rated sheet.'
    );
  });

  it("clears what it added", async () => {
    const input = copyOf(EXAMPLE_PATH, "to-clear.xlsx");
    expect((await runCli(["rate", input, "-o", join(dir, "to-clear-rated.xlsx")])).code).toBe(0);
    const run = await runCli([
      "rate",
      join(dir, "to-clear-rated.xlsx"),
      "--clear",
      "-o",
      join(dir, "cleared.xlsx"),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Removed Scorecard RAG's columns, colours and notes from "Kent"`);
    const nothing = await runCli(["rate", input, "--clear", "-n"]);
    expect(nothing.stdout).toContain("Nothing to clear");
  });

  it("prints help and the version", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: scorecard-rag rate <input.xlsx>");
    const version = await runCli(["-V"]);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe("--rules", () => {
  const rate = async (csv: string | Buffer) => {
    const rules = join(dir, `rules-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(rules, csv);
    const run = await runCli(["rate", MEDWAY, "--rules", rules, "--json", "-n"]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as JsonDocument;
    const rows = json.sheets.flatMap((s) => s.tables.flatMap((t) => t.rows));
    return { json, row: (code: string) => rows.find((r) => r.code === code)! };
  };
  const messages = (json: JsonDocument) => json.warnings.map((w) => w.message);

  it("reads headers spelt as a scorecard spells them", async () => {
    // Same PH13 rule as above (3% tolerance), with a title line, odd spellings and a BOM.
    const { json, row } = await rate(
      '\uFEFFMedway rules, 2022/23\n"PI Code",Polarity (H/L),Target,Tolerance\r\nPH13,H,85%,3%\r\n'
    );
    expect(row("PH13").status).toBe("Red");
    expect(messages(json).filter((m) => m.startsWith("Rules line"))).toEqual([]);
  });

  it("reports bad values and unknown columns and codes with their line, using the rest", async () => {
    const { json, row } = await rate(
      [
        "code,tolerance,amber,colour",
        "PH13,lots,yes,red",
        "",
        "PH13X,3%,,",
        "ILAC7(N),10%,maybe,",
      ].join("\n")
    );
    expect(messages(json)).toEqual(
      expect.arrayContaining([
        'Rules line 1: unknown column "colour" (known: code, polarity, target, floor, lower, upper, tolerance, amber, rated)',
        'Rules line 2: PH13: tolerance "lots" is not valid',
        'Rules line 4: code "PH13X" is not on any rated sheet.',
        'Rules line 5: ILAC7(N): amber (yes/no) "maybe" is not valid',
      ])
    );
    // The bad tolerance is left out, not guessed: PH13 keeps the default 5% (Amber).
    expect(row("PH13").status).toBe("Amber");
    // The good value on a line with a bad one is used: ILAC7(N) at 10% is Amber.
    expect(row("ILAC7(N)").status).toBe("Amber");
    for (const w of json.warnings.filter((w) => w.message.startsWith("Rules line")))
      expect(w.severity).toBe("warning");
  });

  it("reads a CSV saved by Excel on Windows (Windows-1252, ± for a tolerance)", async () => {
    const { json, row } = await rate(
      Buffer.concat([
        Buffer.from("code,tolerance\r\nPH13,"),
        Buffer.from([0xb1]),
        Buffer.from("2\r\n"),
      ])
    );
    expect(messages(json).filter((m) => m.startsWith("Rules line"))).toEqual([]);
    // PH13: 82 against 85, 3 short: Red within ±2.
    expect(row("PH13").status).toBe("Red");
  });

  it("says so when the rules file is a workbook, exiting 3", async () => {
    const run = await runCli(["rate", MEDWAY, "--rules", EXAMPLE_PATH, "-n"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      `scorecard-rag: ${EXAMPLE_PATH}: is a workbook, not a CSV file; save the rules sheet as CSV\n`
    );
  });
});

describe("output and terminal", () => {
  it("prints pure JSON on stdout even on a terminal, progress only on stderr", async () => {
    const ERASE = "\r\u001b[K";
    // No delay: the bar is drawn from the first step, as on a long run.
    const run = await runCli(["rate", EXAMPLE_PATH, "--json", "-n"], process.cwd(), true, 0);
    expect(run.code).toBe(0);
    expect(() => JSON.parse(run.stdout) as unknown).not.toThrow();
    expect(run.stderr.startsWith(`${ERASE}[`)).toBe(true);
    expect(run.stderr).toContain('Read "Kent"');
    expect(run.stderr.endsWith(ERASE)).toBe(true);
    // Piped stderr: never a bar, however long the run.
    const piped = await runCli(["rate", EXAMPLE_PATH, "--json", "-n"], process.cwd(), false, 0);
    expect(piped.stderr).toBe("");
  });

  it("reports --clear as JSON: no sheets, the output written", async () => {
    const rated = join(dir, "json-clear-rated.xlsx");
    expect((await runCli(["rate", EXAMPLE_PATH, "-o", rated])).code).toBe(0);
    const cleared = join(dir, "json-clear-cleared.xlsx");
    const run = await runCli(["rate", rated, "--clear", "-o", cleared, "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      version: 1,
      input: rated,
      output: cleared,
      sheets: [],
      warnings: [],
      learned: null,
    });
    expect(ownedOf(await load(cleared))).toBeUndefined();
  });

  it("lists the flagged rows in the summary", async () => {
    const run = await runCli(["rate", EXAMPLE_PATH, "-n"]);
    expect(run.stdout).toContain(
      "    2 rows flagged for checking (see the notes on the value cells):\n"
    );
    expect(run.stdout).toContain(
      "      SCS01 (AI10): Published Amber, but the rule gives Green (87.5% meets target 85.0%).\n"
    );
    expect(run.stdout).toContain("Dry run: no file written.");
  });

  it("leaves an existing output alone when the run fails", async () => {
    const output = join(dir, "kept-output.xlsx");
    writeFileSync(output, "the previous report");
    const run = await runCli(["rate", EXAMPLE_PATH, "-o", output, "--sheets", "Nowhere"]);
    expect(run.code).toBe(1);
    expect(readFileSync(output, "utf8")).toBe("the previous report");
  });

  it("refuses an output that is the input reached through a link", async () => {
    const input = copyOf(EXAMPLE_PATH, "linked.xlsx");
    symlinkSync(input, join(dir, "link.xlsx"));
    const before = readFileSync(input);
    const run = await runCli(["rate", input, "-o", join(dir, "link.xlsx")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/would overwrite the input/);
    expect(readFileSync(input).equals(before)).toBe(true);
  });

  it("rates in place through a link, replacing the file and keeping the link and its mode", async () => {
    const input = copyOf(EXAMPLE_PATH, "target.xlsx");
    chmodSync(input, 0o640);
    const link = join(dir, "in-place-link.xlsx");
    symlinkSync(input, link);
    expect((await runCli(["rate", link, "--in-place"])).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(ownedOf(await load(input))).toBeDefined();
    expect(statSync(input).mode & 0o777).toBe(0o640);
  });
});

describe("failures", () => {
  it("exits 2 with the usage on stderr for a usage error", async () => {
    const run = await runCli(["rate", "x.xlsx", "--tolerance", "lots"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^scorecard-rag: --tolerance "lots" is not a tolerance/);
    expect(run.stderr).toContain("Usage: scorecard-rag rate");
  });

  it.each([
    ["missing.xlsx", undefined, "missing.xlsx: no such file"],
    [
      "notes.xlsx",
      Buffer.from("PI code,Value\n"),
      "notes.xlsx: is not an .xlsx workbook (it is not a zip file)",
    ],
    [
      "locked.xlsx",
      Buffer.concat([OLE2, Buffer.alloc(600), Buffer.from("EncryptionInfo", "utf16le")]),
      "locked.xlsx: is encrypted (password-protected); save an unprotected copy as .xlsx and try again",
    ],
    [
      "old.xls",
      Buffer.concat([OLE2, Buffer.alloc(600)]),
      "old.xls: is an old-style .xls workbook (OLE2), not .xlsx; save it as .xlsx in Excel and try again",
    ],
    [
      "broken.xlsx",
      readFileSync(EXAMPLE_PATH).subarray(0, 9000),
      "broken.xlsx: is damaged or not an .xlsx workbook (",
    ],
  ])("exits 3 for an unreadable input: %s", async (name, bytes, message) => {
    if (bytes) writeFileSync(join(dir, name), bytes);
    const run = await runCli(["rate", name], dir);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe("");
    expect(run.stderr.startsWith(`scorecard-rag: ${message}`)).toBe(true);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(join(dir, name.replace(/\.xlsx?$/, "-rated.xlsx")))).toBe(false);
  });

  it("exits 3 for a rules file it cannot read", async () => {
    const run = await runCli(["rate", MEDWAY, "--rules", "no-rules.csv"], dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe("scorecard-rag: no-rules.csv: no such file\n");
  });

  it("exits 1 with the run's message for a sheet that is not there, writing nothing", async () => {
    const input = copyOf(EXAMPLE_PATH, "wrong-sheet.xlsx");
    const run = await runCli(["rate", input, "--sheets", "Kent,Folkestone"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'There is no sheet named "Folkestone". Sheets: About, Kent, Ashford'
    );
    expect(run.stderr).toContain("nothing was written");
    expect(existsSync(join(dir, "wrong-sheet-rated.xlsx"))).toBe(false);
  });

  it("exits 1 when the output cannot be written, leaving no partial file", async () => {
    writeFileSync(join(dir, "plain-file"), "x");
    const run = await runCli(["rate", MEDWAY, "-o", join(dir, "plain-file", "out.xlsx")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/out\.xlsx: cannot write: .*; nothing was written\.\n$/);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("bin/scorecard-rag.js in a real process", () => {
  const bin = join(repoRoot, "bin", "scorecard-rag.js");

  it("rates the example and exits 0", () => {
    const out = join(dir, "subprocess-rated.xlsx");
    const run = spawnSync(process.execPath, [bin, "rate", EXAMPLE_PATH, "-o", out], {
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Written to ${out}`);
    expect(existsSync(out)).toBe(true);
  });

  it("stops quietly when the reader of its output goes away (| head)", async () => {
    const child = spawn(process.execPath, [bin, "rate", EXAMPLE_PATH, "--json", "-n"]);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // Gone before the first line: every write meets a closed pipe.
    child.stdout.destroy();
    const status = await new Promise<number | null>((done) => child.on("close", done));
    expect(stderr).toBe("");
    expect(status).toBe(0);
  });

  it("exits 3 for a missing input and 2 for a usage error", () => {
    const missing = spawnSync(process.execPath, [bin, "rate", "nowhere.xlsx"], {
      encoding: "utf8",
    });
    expect(missing.status).toBe(3);
    expect(missing.stderr).toBe("scorecard-rag: nowhere.xlsx: no such file\n");
    const usage = spawnSync(process.execPath, [bin], { encoding: "utf8" });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("Usage:");
  });
});

describe("Progress", () => {
  it("draws nothing for a short run or when stderr is not a terminal", () => {
    let written = "";
    let now = 0;
    const stream = { write: (t: string) => (written += t), isTTY: true };
    const quick = new ProgressBar(stream, { now: () => now });
    quick.plan(4);
    quick.step("Read");
    quick.end();
    expect(written).toBe("");
    const piped = new ProgressBar(
      { write: (t: string) => (written += t), isTTY: false },
      { now: () => (now += 1000) }
    );
    piped.step("Read");
    piped.end();
    expect(written).toBe("");
  });

  it("draws a bar once the run is long, and erases it at the end", () => {
    let written = "";
    let now = 0;
    const progress = new ProgressBar(
      { write: (t: string) => (written += t), isTTY: true, columns: 80 },
      { now: () => now }
    );
    progress.plan(4);
    now = 1000;
    progress.step('Read "Kent"');
    expect(written).toBe('\r\x1b[K[######------------------]  25% Read "Kent"');
    progress.end();
    expect(written.endsWith("\r\x1b[K")).toBe(true);
  });
});
