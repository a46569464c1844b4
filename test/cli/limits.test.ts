import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import { internalErrorMessage, main, type CliIO } from "../../src/cli/main";
import { installExcelJsFixes } from "../exceljs/exceljs-fixes";
import { InputError, readInputFile } from "../../src/xlsx/io";
import { checkZip, LIMITS, LimitProblem, sheetPartNames, type Limits } from "../../src/xlsx/limits";
import { zipPartData, zipParts } from "../../src/xlsx/zip";
import {
  deflateConcat,
  numberCell,
  sharedCell,
  textCell,
  workbookBytesOf,
  workbookParts,
  zipBytes,
  type RawEntry,
} from "../fuzz/xlsx-builder";

const dir = mkdtempSync(join(tmpdir(), "scorecard-limits-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(
  argv: string[]
): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd: dir,
    debug: false,
  };
  const t = performance.now();
  const code = await main(argv, io);
  return { code, stdout, stderr, ms: performance.now() - t };
}

function file(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const HEADER = `<row r="1">${textCell("A1", "PI code")}${textCell("B1", "Indicator")}${textCell("C1", "Target")}${textCell("D1", "Dec-22")}</row>`;
const NO_STACK = /\n\s+at |TypeError|Cannot read properties/;

describe("files that are not files", () => {
  it.skipIf(process.platform === "win32")(
    "refuses a FIFO at once instead of waiting on it",
    async () => {
      const fifo = join(dir, "pipe.xlsx");
      expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
      const r = await run(["rate", fifo, "-n"]);
      expect(r.code).toBe(3);
      expect(r.stderr).toBe(
        `scorecard-rag: ${fifo}: is a named pipe (FIFO), not a file; save the workbook to a file first\n`
      );
    }
  );

  it.skipIf(!existsSync("/dev/zero"))(
    "refuses a device (/dev/zero) without reading it",
    async () => {
      const r = await run(["rate", "/dev/zero", "-n"]);
      expect(r.code).toBe(3);
      expect(r.stderr).toBe("scorecard-rag: /dev/zero: is a device, not a file\n");
    }
  );

  it("refuses a file over the size limit by its size, without reading it", async () => {
    const huge = join(dir, "huge.xlsx");
    writeFileSync(huge, readFileSync(EXAMPLE_PATH));
    truncateSync(huge, LIMITS.inputBytes + 1); // sparse
    const r = await run(["rate", huge, "-n"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `scorecard-rag: ${huge}: is 100 MB; this tool reads files of up to 100 MB\n`
    );
    expect(r.ms).toBeLessThan(2000);
    // A file that grows past the limit while it is read is refused too.
    const small = file("small.csv", Buffer.from("code\nPI1\n"));
    await expect(readInputFile(small, 4)).rejects.toThrow(
      /is 9 bytes; this tool reads files of up to 4 bytes/
    );
    await expect(readInputFile(small, 100)).resolves.toHaveLength(9);
  });

  it("refuses a directory with no workbook in it (a folder of workbooks is rated: batch.test.ts)", async () => {
    mkdirSync(join(dir, "folder.xlsx"));
    const r = await run(["rate", "folder.xlsx", "-n"]);
    expect(r).toMatchObject({
      code: 3,
      stderr:
        "scorecard-rag: folder.xlsx: is a directory with no .xlsx or .xlsm workbook in it to rate\n",
    });
  });
});

describe("outputs that cannot be written", () => {
  it.skipIf(!existsSync("/proc/self"))(
    "fails at once, exit 1, for a folder that cannot be created (/proc/nope)",
    async () => {
      const r = await run(["rate", EXAMPLE_PATH, "-o", "/proc/nope/out.xlsx"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^scorecard-rag: \/proc\/nope\/out\.xlsx: cannot write: the folder \/proc\/nope cannot be created \([^)]+\); nothing was written\.\n$/
      );
      expect(r.ms).toBeLessThan(10_000);
    }
  );

  it.skipIf(!existsSync("/dev/null"))("never replaces a device with a file", async () => {
    const r = await run(["rate", EXAMPLE_PATH, "-o", "/dev/null"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "scorecard-rag: /dev/null: cannot write: is a device, a named pipe or a socket, not a file; nothing was written.\n"
    );
  });

  it("says a folder on the path is a file", async () => {
    file("plain", Buffer.from("x"));
    const r = await run(["rate", EXAMPLE_PATH, "-o", join(dir, "plain", "sub", "out.xlsx")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot write: a folder on its path is a file; nothing was written/);
  });
});

const SMALL: Limits = {
  ...LIMITS,
  partBytes: 10_000,
  unpackedBytes: 30_000,
  cells: 100,
  rows: 20,
  sharedStrings: 50,
  parts: 12,
};

async function problem(bytes: Buffer, limits: Limits = SMALL): Promise<string> {
  try {
    await checkZip(bytes, limits);
  } catch (cause) {
    expect(cause).toBeInstanceOf(LimitProblem);
    return (cause as LimitProblem).message;
  }
  return "passed";
}

function rows(n: number, cells: number): string {
  let xml = "";
  for (let r = 1; r <= n; r++) {
    xml += `<row r="${r}">`;
    for (let c = 0; c < cells; c++) xml += numberCell(`${String.fromCharCode(65 + c)}${r}`, r);
    xml += "</row>";
  }
  return xml;
}

describe("checkZip: the limits, before ExcelJS loads anything", () => {
  it("passes a workbook within them and counts its rows and cells", async () => {
    const summary = await checkZip(
      workbookBytesOf({ sheets: [{ name: "S", xml: rows(5, 3) }] }),
      SMALL
    );
    expect(summary).toMatchObject({ rows: 5, cells: 15 });
    expect(await checkZip(readFileSync(EXAMPLE_PATH))).toMatchObject({ rows: expect.any(Number) });
  });

  it("refuses too many rows, cells, shared strings or parts, naming the limit and the sheet", async () => {
    expect(await problem(workbookBytesOf({ sheets: [{ name: "Kent", xml: rows(21, 1) }] }))).toBe(
      'has more than 20 rows (the count passes it in xl/worksheets/sheet1.xml (sheet "Kent")); this tool reads workbooks of up to 20 rows in all'
    );
    expect(
      await problem(workbookBytesOf({ sheets: [{ name: "Kent", xml: rows(11, 10) }] }))
    ).toMatch(
      /^has more than 100 cells \(the count passes it in xl\/worksheets\/sheet1\.xml \(sheet "Kent"\)\); this tool reads workbooks of up to 100 cells in all$/
    );
    const strings = Array.from({ length: 51 }, (_, i) => `s${i}`);
    expect(
      await problem(
        workbookBytesOf({ sheets: [{ name: "Kent", xml: "" }], sharedStrings: strings })
      )
    ).toMatch(/more than 50 shared strings/);
    const many = workbookParts({ sheets: [{ name: "Kent", xml: "" }] });
    for (let i = 0; i < 10; i++) many.push({ name: `customXml/item${i}.xml`, data: "<a/>" });
    expect(await problem(zipBytes(many))).toBe(
      "has 16 parts in its zip; this tool reads workbooks of up to 12 parts"
    );
  });

  it("refuses a part or a total over the size limits by what the directory claims, unpacking nothing", async () => {
    const big = deflateConcat([{ text: " ", times: 20_000 }]);
    const one = workbookParts({ sheets: [{ name: "Kent", xml: "" }] }).map((p): RawEntry =>
      p.name === "xl/worksheets/sheet1.xml"
        ? { name: p.name, data: Buffer.alloc(0), compressed: big.body, claimedSize: big.size }
        : p
    );
    expect(await problem(zipBytes(one))).toBe(
      'has a part, xl/worksheets/sheet1.xml (sheet "Kent"), of 20 kB unpacked; this tool reads parts of up to 10 kB'
    );
    const part = deflateConcat([{ text: " ", times: 9_000 }]);
    const four = workbookParts({ sheets: [{ name: "Kent", xml: "" }] });
    for (let i = 0; i < 4; i++)
      four.push({
        name: `xl/media/image${i}.png`,
        data: Buffer.alloc(0),
        compressed: part.body,
        claimedSize: part.size,
      });
    expect(await problem(zipBytes(four))).toMatch(
      /^unpacks to 3\d\.\d kB; this tool reads workbooks of up to 30 kB unpacked$/
    );
  });

  it("catches a directory that lies about a part's size (a zip bomb), stopping at the claim", async () => {
    // 2 GB of rows claiming 1 kB: refused after unpacking just over 1 kB, in well under a second.
    const bomb = deflateConcat([{ text: "<row><c><v>1</v></c></row>", times: 80_000_000 }]);
    expect(bomb.body.length).toBeLessThan(6_000_000);
    const parts = workbookParts({ sheets: [{ name: "Kent", xml: "" }] }).map((p): RawEntry =>
      p.name === "xl/worksheets/sheet1.xml"
        ? { name: p.name, data: Buffer.alloc(0), compressed: bomb.body, claimedSize: 1000 }
        : p
    );
    const t = performance.now();
    expect(await problem(zipBytes(parts), LIMITS)).toBe(
      'is damaged or not an .xlsx workbook (its part xl/worksheets/sheet1.xml (sheet "Kent") unpacks to more than the 1 kB its zip directory says: a damaged file, or a zip bomb)'
    );
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it("refuses a million-row sheet of a few MB through the command line, exit 3, naming the limit", async () => {
    const bomb = deflateConcat([{ text: "<row><c><v>1</v></c></row>", times: LIMITS.rows + 1 }]);
    const parts = workbookParts({ sheets: [{ name: "Kent", xml: "" }] }).map((p): RawEntry =>
      p.name === "xl/worksheets/sheet1.xml"
        ? { name: p.name, data: Buffer.alloc(0), compressed: bomb.body, claimedSize: bomb.size }
        : p
    );
    const path = file("million.xlsx", zipBytes(parts));
    const r = await run(["rate", path, "-n"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `scorecard-rag: ${path}: has more than 1,000,000 rows (the count passes it in xl/worksheets/sheet1.xml (sheet "Kent")); this tool reads workbooks of up to 1,000,000 rows in all\n`
    );
  });

  it("names damaged zips, unknown compression and zip passwords", async () => {
    const good = workbookBytesOf({ sheets: [{ name: "Kent", xml: rows(2, 2) }] });
    expect(await problem(good.subarray(0, good.length - 5))).toMatch(
      /zip directory is missing or cut short/
    );
    const method = Buffer.from(good);
    for (let at = method.indexOf("PK\x01\x02"); at >= 0; at = method.indexOf("PK\x01\x02", at + 4))
      method.writeUInt16LE(12, at + 10);
    expect(await problem(method)).toMatch(
      /uses zip compression method 12, which Excel does not write/
    );
    const locked = Buffer.from(good);
    for (let at = locked.indexOf("PK\x01\x02"); at >= 0; at = locked.indexOf("PK\x01\x02", at + 4))
      locked.writeUInt16LE(1, at + 8);
    expect(await problem(locked)).toMatch(/^is encrypted \(its part .* needs a zip password\)/);
  });

  it("names each sheet's part for messages", () => {
    const bytes = workbookBytesOf({
      sheets: [
        { name: "Kent & Medway", xml: "" },
        { name: "Dover", xml: "" },
      ],
    });
    expect([...sheetPartNames(bytes)]).toEqual([
      ["xl/worksheets/sheet1.xml", "Kent & Medway"],
      ["xl/worksheets/sheet2.xml", "Dover"],
    ]);
  });
});

describe("zipParts", () => {
  it("reads Zip64 sizes and offsets from the extra field", () => {
    const data = Buffer.from("hello, zip64");
    const zip = zipBytes([{ name: "a.txt", data, method: 0 }]);
    // Saturate the directory's sizes and offset, and give the real ones in a Zip64 extra field.
    const end = zip.length - 22;
    const at = zip.readUInt32LE(end + 16);
    const header = Buffer.from(zip.subarray(at, at + 46 + 5));
    header.writeUInt32LE(0xffffffff, 20);
    header.writeUInt32LE(0xffffffff, 24);
    header.writeUInt32LE(0xffffffff, 42);
    const extra = Buffer.alloc(4 + 24);
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(24, 2);
    extra.writeBigUInt64LE(BigInt(data.length), 4);
    extra.writeBigUInt64LE(BigInt(data.length), 12);
    extra.writeBigUInt64LE(0n, 20);
    header.writeUInt16LE(extra.length, 30);
    const directory = Buffer.concat([header, extra]);
    const tail = Buffer.from(zip.subarray(end));
    tail.writeUInt32LE(directory.length, 12);
    const zip64 = Buffer.concat([zip.subarray(0, at), directory, tail]);
    const parts = zipParts(zip64)!;
    expect(parts).toMatchObject([
      { name: "a.txt", size: data.length, compressedSize: data.length, offset: 0 },
    ]);
    expect(zipPartData(zip64, parts[0]!)!.toString()).toBe("hello, zip64");
  });

  it("finds the end record behind a comment, and gives up on garbage without reading past the end", () => {
    const zip = zipBytes([{ name: "a.txt", data: "x" }]);
    const commented = Buffer.concat([
      zip.subarray(0, zip.length - 2),
      Buffer.from([5, 0]),
      Buffer.from("hello"),
    ]);
    expect(zipParts(commented)?.map((p) => p.name)).toEqual(["a.txt"]);
    expect(zipParts(Buffer.alloc(100_000, 0x50))).toBeUndefined();
    const lying = Buffer.from(zip);
    lying.writeUInt16LE(60_000, lying.length - 22 + 10);
    expect(zipParts(lying)).toBeUndefined();
    const long = zipBytes([{ name: "b.txt", data: "y".repeat(1000) }]);
    const part = zipParts(long)![0]!;
    expect(zipPartData(long, part, 999)).toBeUndefined();
    expect(zipPartData(long, part, 1000)?.length).toBe(1000);
  });
});

describe("what the reader refuses, or keeps, cell by cell", () => {
  it("refuses text cells whose shared strings are missing or out of range, naming sheet and cell", async () => {
    const missing = file(
      "no-sst.xlsx",
      workbookBytesOf({
        sheets: [
          { name: "Kent", xml: `<row r="1">${sharedCell("A1", 0)}${sharedCell("B1", 1)}</row>` },
        ],
        sharedStrings: null,
      })
    );
    let r = await run(["rate", missing, "-n"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `scorecard-rag: ${missing}: xl/sharedStrings.xml is missing but sheet "Kent" uses shared strings (cell A1 and 1 more): its text cells cannot be read\n`
    );
    const range = file(
      "sst-range.xlsx",
      workbookBytesOf({
        sheets: [{ name: "Kent", xml: `<row r="3">${sharedCell("C3", 99999)}</row>` }],
        sharedStrings: ["PI code", "Target"],
      })
    );
    r = await run(["rate", range, "-n"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `scorecard-rag: ${range}: sheet "Kent" cell C3 refers to shared string 99999, but xl/sharedStrings.xml has only 2 (0 to 1)\n`
    );
  });

  it("says which part and sheet is damaged, without JavaScript's words", async () => {
    const broken = file(
      "broken.xlsx",
      workbookBytesOf({
        sheets: [
          { name: "Kent", xml: HEADER },
          { name: "Dover", xml: `<row r="1"><c r="A1"><v>1</v></row>` },
        ],
      })
    );
    const r = await run(["rate", broken, "-n"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^scorecard-rag: .*broken\.xlsx: is damaged or not an \.xlsx workbook \(sheet "Dover" \(xl\/worksheets\/sheet2\.xml\) could not be read: row 1 is not well-formed XML near "<c r="A1"><v>1<\/v>"\)\n$/
    );
    const rels = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.xml"/></Relationships>`;
    const dangling = file(
      "dangling.xlsx",
      workbookBytesOf({ sheets: [{ name: "Kent", xml: HEADER, rels }] })
    );
    const d = await run(["rate", dangling, "-n"]);
    expect(d.code).toBe(3);
    expect(d.stderr).toMatch(
      /\(sheet "Kent" \(xl\/worksheets\/sheet1\.xml\) could not be read: it refers to a part the file lacks \(xl\/comments1\.xml\)\)\n$/
    );
    expect(NO_STACK.test(d.stderr)).toBe(false);
  });

  it("keeps a number no double can hold as its text, with a warning naming sheet and cell, never writing Infinity", async () => {
    const path = file(
      "1e400.xlsx",
      workbookBytesOf({
        sheets: [
          {
            name: "Kent",
            xml:
              HEADER +
              `<row r="2">${textCell("A2", "PI1")}${textCell("B2", "Thing")}${numberCell("C2", 50)}${numberCell("D2", "1e400")}</row>` +
              `<row r="3">${textCell("A3", "PI2")}${textCell("B3", "Other")}${numberCell("C3", "NaN")}<c r="D3"><f>C3*2</f><v>-1e400</v></c></row>`,
          },
        ],
      })
    );
    const out = join(dir, "1e400-out.xlsx");
    const r = await run(["rate", path, "-o", out, "--json"]);
    expect(r.code).toBe(0);
    const warnings = (
      JSON.parse(r.stdout) as { warnings: { sheet: string; cell: string; message: string }[] }
    ).warnings;
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          sheet: "Kent",
          cell: "D2",
          message: expect.stringMatching(
            /^"1e400" is not a number Excel can hold.*kept as that text/
          ),
        }),
        expect.objectContaining({
          sheet: "Kent",
          cell: "C3",
          message: expect.stringMatching(/^"NaN" is not a number/),
        }),
        expect.objectContaining({
          sheet: "Kent",
          cell: "D3",
          message: expect.stringMatching(/saved result "-1e400" is not a number .* left out/),
        }),
      ])
    );
    // The result fix 2 drops is warned of once, not also as a formula saved without its result.
    expect(warnings.filter((w) => w.cell === "D3").map((w) => w.message)).toEqual([
      expect.stringMatching(/saved result "-1e400"/),
    ]);
    // The user's cells are written back as the file had them: the text 1e400, never Infinity.
    const bytes = readFileSync(out);
    const sheet = zipParts(bytes)!.find((p) => p.name === "xl/worksheets/sheet1.xml")!;
    const xml = zipPartData(bytes, sheet)!.toString();
    expect(xml).not.toMatch(/Infinity/);
    expect(xml).toContain(`${numberCell("D2", "1e400")}`);
    expect(xml).toContain(`${numberCell("C3", "NaN")}<c r="D3"><f>C3*2</f><v>-1e400</v></c>`);
  });

  it('numbers rows and cells that have no address, and reads t="d" dates as dates', async () => {
    const path = file(
      "no-r.xlsx",
      workbookBytesOf({
        sheets: [
          {
            name: "Kent",
            xml: `<row><c t="inlineStr"><is><t>PI code</t></is></c><c><v>5</v></c></row><row><c r="B2"><v>6</v></c><c><v>7</v></c></row><row r="5"><c r="A5" t="d"><v>2022-12-01</v></c></row>`,
          },
        ],
      })
    );
    const out = join(dir, "no-r-out.xlsx");
    const r = await run(["rate", path, "-o", out]);
    expect(r.code).toBe(0);
    // Rows the tool did not edit keep their (absent) addresses: ExcelJS reads them with fix 4.
    installExcelJsFixes();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.getWorksheet("Kent")!;
    expect([
      sheet.getCell("A1").value,
      sheet.getCell("B1").value,
      sheet.getCell("B2").value,
      sheet.getCell("C2").value,
    ]).toEqual(["PI code", 5, 6, 7]);
    expect(sheet.getCell("A5").value).toEqual(new Date("2022-12-01"));
  });
});

describe("an internal error (a bug)", () => {
  it("is one line, without the stack, unless SCORECARD_RAG_DEBUG is set", () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    const line = internalErrorMessage(bug, "in.xlsx", undefined, false);
    expect(line).toBe(
      "scorecard-rag: in.xlsx: internal error (a bug in scorecard-rag, not a problem you can fix in the workbook); nothing was written. Please report it, with the workbook if you can; SCORECARD_RAG_DEBUG=1 shows the details.\n"
    );
    expect(internalErrorMessage(bug, "in.xlsx", "out.xlsx", true)).toMatch(
      /out\.xlsx was written, but the report could not be printed.*\nTypeError: Cannot read properties/s
    );
  });

  it("InputError keeps the path apart from the problem", () => {
    const e = new InputError("a.xlsx", "is empty");
    expect([e.path, e.problem, e.message]).toEqual(["a.xlsx", "is empty", "a.xlsx: is empty"]);
  });
});
