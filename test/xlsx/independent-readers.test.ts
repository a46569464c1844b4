import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import { repoRoot, sharedFixturePath } from "../fixtures";
import { runCli, tempDir } from "./helpers";

/*
 * Readers this project did not write look at what the CLI writes (#12 item
 * 4): each workbook is rated, rated again and cleared; Debian's openpyxl
 * compares every cell (value, number format, note, bold, fill), merged range,
 * conditional format, validation, defined name, hidden row and column, column
 * width, sheet order and sheet state with the input, and LibreOffice opens
 * each rated file and converts it.
 */
const PYTHON = "/usr/bin/python3";
const VIEW = join(repoRoot, "test", "xlsx", "openpyxl-view.py");
const hasOpenpyxl =
  spawnSync(PYTHON, ["-c", "import openpyxl"], { stdio: "ignore", timeout: 30_000 }).status === 0;
const hasLibreOffice =
  spawnSync("soffice", ["--version"], { stdio: "ignore", timeout: 60_000 }).status === 0;

const BOOKS = [
  EXAMPLE_PATH,
  sharedFixturePath("medway-q2-2022-23.xlsx"),
  join(repoRoot, "test", "fixtures", "openpyxl", "district-scorecard-openpyxl.xlsx"),
];
/** A RAG header cell of each book once rated (the first table's, on a sheet it rates). */
const RAG_HEADER: Readonly<Record<string, string>> = {
  "district-scorecard.xlsx": "Dover!AJ5",
  "medway-q2-2022-23.xlsx": "People Q2 22-23!I8",
  "district-scorecard-openpyxl.xlsx": "Dover!AJ5",
};

interface View {
  readonly sheets: [string, string][];
  readonly names: [string, string, boolean][];
  readonly merged: Record<string, string[]>;
  readonly cf: Record<string, string[]>;
  readonly dv: Record<string, string[]>;
  readonly hiddenRows: Record<string, number[]>;
  readonly hiddenCols: Record<string, string[]>;
  readonly widths: Record<string, Record<string, number>>;
  readonly cells: Record<string, [string, string, string | null, boolean, string]>;
}

function openpyxlViews(paths: readonly string[]): Record<string, View> {
  const run = spawnSync(PYTHON, [VIEW, ...paths], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`openpyxl could not read the files: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, View>;
}

interface Steps {
  readonly input: string;
  readonly rated: string;
  readonly again: string;
  readonly cleared: string;
}

describe.skipIf(!hasOpenpyxl)("rated, rated again and cleared, as openpyxl reads them", () => {
  const temp = tempDir();
  const steps: Steps[] = [];
  let views: Record<string, View> = {};
  beforeAll(async () => {
    for (const input of BOOKS) {
      const name = basename(input, ".xlsx");
      const step = {
        input,
        rated: join(temp.dir, `${name}-rated.xlsx`),
        again: join(temp.dir, `${name}-again.xlsx`),
        cleared: join(temp.dir, `${name}-cleared.xlsx`),
      };
      for (const argv of [
        ["rate", input, "-o", step.rated],
        ["rate", step.rated, "-o", step.again],
        ["rate", step.again, "--clear", "-o", step.cleared],
      ]) {
        const run = await runCli(argv);
        if (run.code !== 0) throw new Error(`${argv.join(" ")}: exit ${run.code}: ${run.stderr}`);
      }
      steps.push(step);
    }
    views = openpyxlViews(steps.flatMap((s) => [s.input, s.rated, s.again, s.cleared]));
  }, 180_000);
  afterAll(() => temp.cleanup());

  it.each(BOOKS.map((book) => [basename(book)]))(
    "%s: the clear gives back the input, and rating again changes nothing",
    (name) => {
      const step = steps.find((s) => basename(s.input) === name)!;
      const [input, rated, again, cleared] = [step.input, step.rated, step.again, step.cleared].map(
        (path) => views[path]!
      );
      expect(again).toEqual(rated);
      expect(cleared).toEqual(input);
      // Every cell of the user's is in the rated file as it was: the tool writes beside the tables,
      // and notes only on value cells that had none (an officer's own note is kept).
      for (const [cell, [value, format, note, bold, fill]] of Object.entries(input!.cells)) {
        const [ratedValue, ratedFormat, ratedNote, ratedBold, ratedFill] = rated!.cells[cell]!;
        expect([cell, ratedValue, ratedFormat, ratedBold, ratedFill]).toEqual([
          cell,
          value,
          format,
          bold,
          fill,
        ]);
        if (note !== null) expect([cell, ratedNote]).toEqual([cell, note]);
      }
      expect(Object.keys(rated!.cells).length).toBeGreaterThan(Object.keys(input!.cells).length);
      expect(rated!.cells[RAG_HEADER[name]!]?.[0]).toMatch(/RAG/);
      expect(rated!.sheets.slice(0, input!.sheets.length)).toEqual(input!.sheets);
    }
  );
});

describe.skipIf(!hasLibreOffice)("rated files, as LibreOffice opens them", () => {
  const temp = tempDir();
  afterAll(() => temp.cleanup());

  it("converts each rated file to PDF", async () => {
    const rated = [];
    for (const input of BOOKS) {
      const output = join(temp.dir, `${basename(input, ".xlsx")}-rated.xlsx`);
      expect((await runCli(["rate", input, "-o", output])).code).toBe(0);
      rated.push(output);
    }
    const run = spawnSync(
      "soffice",
      [
        `-env:UserInstallation=file://${join(temp.dir, "profile")}`,
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        temp.dir,
        ...rated,
      ],
      { encoding: "utf8", timeout: 170_000 }
    );
    expect(run.status).toBe(0);
    for (const file of rated) {
      const pdf = file.replace(/\.xlsx$/, ".pdf");
      expect(existsSync(pdf), `${pdf}: ${run.stderr}`).toBe(true);
      expect(statSync(pdf).size).toBeGreaterThan(10_000);
    }
  }, 180_000);
});
