import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import { repoRoot, sharedFixturePath } from "../fixtures";
import { runCli, tempDir } from "./helpers";

/*
 * The package writer's promise (#12 items 2 and 4, "Done when"): rating, rating again and clearing
 * change only the parts the tool owns. Every other part of the input (a chart, its drawing, a pivot
 * table and its cache, the VBA project, the theme, document properties, sheets it does not rate) is
 * in each output byte for byte, as its uncompressed bytes; after the clear openpyxl reads the input
 * again, rating twice gives what rating once did, LibreOffice converts every output, and a macro
 * workbook stays macro-enabled and can be rated in place.
 *
 * The chart, pivot and macro workbooks are built by test/fixtures/package/make-fixtures.py (see the
 * README beside them). The zip is read here with Node's zlib alone, not the tool's own zip code.
 */
const PYTHON = "/usr/bin/python3";
const VIEW = join(repoRoot, "test", "xlsx", "openpyxl-view.py");
const hasOpenpyxl =
  spawnSync(PYTHON, ["-c", "import openpyxl"], { stdio: "ignore", timeout: 30_000 }).status === 0;
const hasLibreOffice =
  spawnSync("soffice", ["--version"], { stdio: "ignore", timeout: 60_000 }).status === 0;

const PACKAGE_FIXTURES = join(repoRoot, "test", "fixtures", "package");
const CHART_PIVOT = join(PACKAGE_FIXTURES, "scorecard-chart-pivot.xlsx");
const MACRO = join(PACKAGE_FIXTURES, "scorecard-macro.xlsm");
const BOOKS = [
  CHART_PIVOT,
  MACRO,
  EXAMPLE_PATH,
  sharedFixturePath("medway-q2-2022-23.xlsx"),
  join(repoRoot, "test", "fixtures", "openpyxl", "district-scorecard-openpyxl.xlsx"),
];
const IN_PLACE = [CHART_PIVOT, MACRO];

const MACRO_ENABLED = "application/vnd.ms-excel.sheet.macroEnabled.main+xml";

// ---------------------------------------------------------------------------------------------
// The zip, read independently: the central directory, then each entry's stored or deflated bytes.

/** Every file part of a zip (folders left out), by name, uncompressed. */
function zipParts(path: string): Map<string, Buffer> {
  const zip = readFileSync(path);
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--)
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  if (end < 0) throw new Error(`${path}: no end of central directory`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const parts = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${path}: bad central directory`);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (size === 0xffffffff || local === 0xffffffff) throw new Error(`${path}: zip64 ${name}`);
    if (name.endsWith("/")) continue;
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`${path}: bad entry ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + size);
    if (method === 0) parts.set(name, Buffer.from(raw));
    else if (method === 8) parts.set(name, inflateRawSync(raw));
    else throw new Error(`${path}: ${name} is compressed with method ${method}`);
  }
  return parts;
}

function text(parts: Map<string, Buffer>, name: string): string {
  const data = parts.get(name);
  if (!data) throw new Error(`no part ${name}`);
  return data.toString("utf8");
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [, key, value] of tag.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g))
    out[key!] = value!
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, "&");
  return out;
}

/** The part a relationship points to, as a zip entry name (`xl/comments1.xml`). */
function resolveTarget(from: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const path = from.split("/").slice(0, -1);
  for (const step of target.split("/"))
    if (step === "..") path.pop();
    else if (step !== ".") path.push(step);
  return path.join("/");
}

function relsOf(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** The relationships of a part: type (last segment) and target part. */
function relationships(
  parts: Map<string, Buffer>,
  part: string
): { type: string; target: string }[] {
  const rels = parts.get(relsOf(part));
  if (!rels) return [];
  return [...rels.toString("utf8").matchAll(/<Relationship\b[^>]*>/g)]
    .map((m) => attributes(m[0]))
    .filter((a) => a.TargetMode !== "External" && a.Target !== undefined)
    .map((a) => ({ type: a.Type!.split("/").pop()!, target: resolveTarget(part, a.Target!) }));
}

/** Each sheet's name and its worksheet part, in workbook order. */
function sheetParts(parts: Map<string, Buffer>): Map<string, string> {
  const workbook = text(parts, "xl/workbook.xml");
  const targets = new Map<string, string>();
  const rels = parts.get("xl/_rels/workbook.xml.rels")?.toString("utf8") ?? "";
  for (const [tag] of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const a = attributes(tag);
    targets.set(a.Id!, resolveTarget("xl/workbook.xml", a.Target!));
  }
  const sheets = new Map<string, string>();
  for (const [tag] of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = attributes(tag);
    const id = Object.entries(a).find(([key]) => /(^|:)id$/.test(key) && key !== "sheetId")?.[1];
    if (a.name !== undefined && id !== undefined && targets.has(id))
      sheets.set(a.name, targets.get(id)!);
  }
  return sheets;
}

/**
 * The input's parts the tool has a reason to change: the rated sheets' XML, their rels, notes and
 * VML; styles, workbook and its rels, content types, app properties, shared strings and the calc
 * chain. (Its own new sheets are parts the input does not have.) Everything else must stay.
 */
function ownedParts(parts: Map<string, Buffer>, ratedSheets: readonly string[]): Set<string> {
  const owned = new Set([
    "xl/styles.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "[Content_Types].xml",
    "docProps/app.xml",
    "xl/sharedStrings.xml",
    "xl/calcChain.xml",
  ]);
  const sheets = sheetParts(parts);
  for (const name of ratedSheets) {
    const sheet = sheets.get(name);
    if (sheet === undefined) throw new Error(`no sheet ${name} in the input`);
    owned.add(sheet);
    owned.add(relsOf(sheet));
    for (const rel of relationships(parts, sheet))
      if (rel.type === "comments" || rel.type === "vmlDrawing") owned.add(rel.target);
  }
  return owned;
}

/** Each of the input's parts not owned that the output lacks or holds different bytes for. */
function changedParts(
  input: Map<string, Buffer>,
  output: Map<string, Buffer>,
  owned: Set<string>
): string[] {
  const changed: string[] = [];
  for (const [name, data] of input) {
    if (owned.has(name)) continue;
    const copy = output.get(name);
    if (copy === undefined) changed.push(`${name}: missing`);
    else if (!copy.equals(data)) changed.push(`${name}: changed`);
  }
  return changed.sort();
}

function workbookContentType(parts: Map<string, Buffer>): string | undefined {
  const types = text(parts, "[Content_Types].xml");
  for (const [tag] of types.matchAll(/<Override\b[^>]*>/g)) {
    const a = attributes(tag);
    if (a.PartName === "/xl/workbook.xml") return a.ContentType;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The runs: rate, rate the result again, clear that; and in place on a copy.

interface Step {
  readonly path: string;
  readonly code: number;
  readonly stderr: string;
}

interface BookRun {
  readonly input: string;
  readonly rated: Step;
  readonly again: Step;
  readonly cleared: Step;
  readonly inPlace?: Step;
  /** The sheets the first rating (or the second) found a table on. */
  readonly ratedSheets: string[];
}

function tablesIn(stdout: string): string[] {
  try {
    const doc = JSON.parse(stdout) as { sheets: { name: string; tables: unknown[] }[] };
    return doc.sheets.filter((s) => s.tables.length > 0).map((s) => s.name);
  } catch {
    return [];
  }
}

const temp = tempDir();
const runs = new Map<string, BookRun>();
afterAll(() => temp.cleanup());

beforeAll(async () => {
  for (const input of BOOKS) {
    const ext = extname(input);
    const name = basename(input, ext);
    const out = (step: string): string => join(temp.dir, `${name}-${step}${ext}`);
    const step = async (argv: string[], path: string): Promise<[Step, string]> => {
      const run = await runCli(argv);
      return [{ path, code: run.code, stderr: run.stderr }, run.stdout];
    };
    const [rated, ratedJson] = await step(
      ["rate", input, "-o", out("rated"), "--json"],
      out("rated")
    );
    const [again, againJson] = await step(
      ["rate", out("rated"), "-o", out("again"), "--json"],
      out("again")
    );
    const [cleared] = await step(
      ["rate", out("again"), "--clear", "-o", out("cleared")],
      out("cleared")
    );
    let inPlace: Step | undefined;
    if (IN_PLACE.includes(input)) {
      copyFileSync(input, out("in-place"));
      [inPlace] = await step(["rate", out("in-place"), "--in-place"], out("in-place"));
    }
    const ratedSheets = [...new Set([...tablesIn(ratedJson), ...tablesIn(againJson)])];
    runs.set(basename(input), {
      input,
      rated,
      again,
      cleared,
      ...(inPlace ? { inPlace } : {}),
      ratedSheets,
    });
  }
}, 240_000);

const NAMES = BOOKS.map((book) => [basename(book)]);
const IN_PLACE_NAMES = IN_PLACE.map((book) => [basename(book)]);

function runOf(name: string): BookRun {
  const run = runs.get(name);
  if (!run) throw new Error(`${name} was not run`);
  return run;
}

describe("the fixtures hold what they are for", () => {
  it("the chart/pivot workbook has a chart, its drawing, a pivot table and its cache", () => {
    const names = [...zipParts(CHART_PIVOT).keys()];
    for (const pattern of [
      /^xl\/charts\/chart\d+\.xml$/,
      /^xl\/drawings\/drawing\d+\.xml$/,
      /^xl\/pivotTables\/pivotTable\d+\.xml$/,
      /^xl\/pivotCache\/pivotCacheDefinition\d+\.xml$/,
      /^xl\/pivotCache\/pivotCacheRecords\d+\.xml$/,
    ])
      expect(
        names.some((n) => pattern.test(n)),
        String(pattern)
      ).toBe(true);
  });

  it("the macro workbook is macro-enabled, with a VBA project besides the chart and pivot", () => {
    const parts = zipParts(MACRO);
    expect(workbookContentType(parts)).toBe(MACRO_ENABLED);
    expect(parts.has("xl/vbaProject.bin")).toBe(true);
    expect(relationships(parts, "xl/workbook.xml").map((r) => r.type)).toContain("vbaProject");
    expect(text(parts, "[Content_Types].xml")).toContain(
      '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    );
    expect([...parts.keys()].some((n) => n.startsWith("xl/charts/"))).toBe(true);
    expect([...parts.keys()].some((n) => n.startsWith("xl/pivotTables/"))).toBe(true);
  });
});

describe("the parts the tool does not own stay byte for byte", () => {
  it.each(NAMES)("%s: rate, rate again and clear each succeed", (name) => {
    const run = runOf(name);
    for (const step of [run.rated, run.again, run.cleared])
      expect([basename(step.path), step.code, step.code === 0 ? "" : step.stderr]).toEqual([
        basename(step.path),
        0,
        "",
      ]);
    expect(run.ratedSheets.length).toBeGreaterThan(0);
  });

  it.each(NAMES)(
    "%s: every part it has no reason to touch is identical in the rated, re-rated and cleared output",
    (name) => {
      const run = runOf(name);
      const input = zipParts(run.input);
      const owned = ownedParts(input, run.ratedSheets);
      const changed = Object.fromEntries(
        [run.rated, run.again, run.cleared].map((step) => [
          basename(step.path),
          changedParts(input, zipParts(step.path), owned),
        ])
      );
      expect(changed).toEqual(
        Object.fromEntries(Object.keys(changed).map((output) => [output, []]))
      );
    }
  );

  it.each(IN_PLACE_NAMES)("%s: --in-place is accepted and keeps those parts too", (name) => {
    const run = runOf(name);
    const step = run.inPlace!;
    expect(step.code, step.stderr).toBe(0);
    const input = zipParts(run.input);
    expect(changedParts(input, zipParts(step.path), ownedParts(input, run.ratedSheets))).toEqual(
      []
    );
  });

  it("the .xlsm stays macro-enabled, its VBA project with it", () => {
    const run = runOf(basename(MACRO));
    const vba = zipParts(MACRO).get("xl/vbaProject.bin")!;
    for (const step of [run.rated, run.again, run.cleared, run.inPlace!]) {
      const parts = zipParts(step.path);
      expect([basename(step.path), workbookContentType(parts)]).toEqual([
        basename(step.path),
        MACRO_ENABLED,
      ]);
      expect(parts.get("xl/vbaProject.bin")?.equals(vba), basename(step.path)).toBe(true);
      expect(relationships(parts, "xl/workbook.xml").map((r) => r.type)).toContain("vbaProject");
    }
  });
});

// ---------------------------------------------------------------------------------------------
// What openpyxl reads: the clear gives back the input, rating again changes nothing.

type View = Record<string, unknown>;

function openpyxlViews(paths: readonly string[]): Record<string, View> {
  const run = spawnSync(PYTHON, [VIEW, ...paths], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`openpyxl could not read the files: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, View>;
}

describe.skipIf(!hasOpenpyxl)("as openpyxl reads them", () => {
  const cache = new Map<string, Record<string, View>>();
  /** The input's and each output's view, one openpyxl run a book. */
  const viewsOf = (name: string): Record<string, View> => {
    const run = runOf(name);
    const paths = [run.input, run.rated.path, run.again.path, run.cleared.path];
    if (run.inPlace) paths.push(run.inPlace.path);
    if (!cache.has(name)) cache.set(name, openpyxlViews(paths));
    return cache.get(name)!;
  };

  it.each(NAMES)(
    "%s: after the clear, cells, formats, notes, merges, CF, validations, names, sheet order and state are the input's",
    (name) => {
      const run = runOf(name);
      const views = viewsOf(name);
      expect(views[run.cleared.path]).toEqual(views[run.input]);
    }
  );

  it.each(NAMES)("%s: rating again gives what the first rating did", (name) => {
    const run = runOf(name);
    const views = viewsOf(name);
    expect(views[run.again.path]).toEqual(views[run.rated.path]);
  });

  it.each(IN_PLACE_NAMES)("%s: rated in place, it is what rating to a copy gives", (name) => {
    const run = runOf(name);
    // Refused, the copy is still the input: say that, rather than diff every rated cell.
    expect(run.inPlace!.code, run.inPlace!.stderr).toBe(0);
    const views = viewsOf(name);
    expect(views[run.inPlace!.path]).toEqual(views[run.rated.path]);
  });
});

// ---------------------------------------------------------------------------------------------

describe.skipIf(!hasLibreOffice)("as LibreOffice opens them", () => {
  it("converts every output to PDF", () => {
    const outputs = [...runs.values()].flatMap((run) =>
      [run.rated, run.again, run.cleared, ...(run.inPlace ? [run.inPlace] : [])].map((s) => s.path)
    );
    const outdir = join(temp.dir, "pdf");
    const convert = spawnSync(
      "soffice",
      [
        `-env:UserInstallation=file://${join(temp.dir, "profile")}`,
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        outdir,
        ...outputs,
      ],
      { encoding: "utf8", timeout: 230_000 }
    );
    expect(convert.status, convert.stderr).toBe(0);
    expect(convert.stderr).not.toMatch(/Error/);
    for (const file of outputs) {
      const pdf = join(outdir, `${basename(file, extname(file))}.pdf`);
      expect(existsSync(pdf), `${pdf}: ${convert.stderr}`).toBe(true);
      expect(statSync(pdf).size).toBeGreaterThan(10_000);
    }
  }, 240_000);
});
