import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import { readWorkbookFile, writeWorkbookFile } from "../exceljs/exceljs-file";
import { InputError, OutputError, openPackageFile, xlsxSignatureProblem } from "../../src/xlsx/io";
import { tempDir } from "./helpers";

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

describe("readWorkbookFile", () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  async function problemOf(name: string, bytes?: Buffer): Promise<string> {
    const path = join(dir, name);
    if (bytes) writeFileSync(path, bytes);
    // The command line's reader and ExcelJS's are refused for the same reasons, in the same words.
    const packageProblem = await openPackageFile(path).then(
      () => "read",
      (cause: unknown) => (cause instanceof InputError ? cause.problem : String(cause))
    );
    try {
      await readWorkbookFile(path);
    } catch (cause) {
      if (!/^is damaged/.test((cause as InputError).problem))
        expect(packageProblem).toBe((cause as InputError).problem);
      else expect(packageProblem).toMatch(/^is damaged or not an \.xlsx workbook \(/);
      expect(cause).toBeInstanceOf(InputError);
      expect((cause as InputError).message.startsWith(path)).toBe(true);
      return (cause as InputError).problem;
    }
    throw new Error("read did not fail");
  }

  it("says which way a file cannot be read", async () => {
    expect(await problemOf("missing.xlsx")).toBe("no such file");
    mkdirSync(join(dir, "folder.xlsx"));
    expect(await problemOf("folder.xlsx")).toBe("is a directory, not a file");
    expect(await problemOf("empty.xlsx", Buffer.alloc(0))).toMatch(/is empty/);
    expect(await problemOf("data.xlsx", Buffer.from("code,value\nPH13,82\n"))).toBe(
      "is not an .xlsx workbook (it is not a zip file)"
    );
    const encrypted = Buffer.concat([
      OLE2,
      Buffer.alloc(504),
      Buffer.from("EncryptionInfo", "utf16le"),
      Buffer.alloc(64),
    ]);
    expect(await problemOf("locked.xlsx", encrypted)).toMatch(
      /is encrypted \(password-protected\)/
    );
    expect(await problemOf("old.xls", Buffer.concat([OLE2, Buffer.alloc(1000)]))).toMatch(
      /old-style \.xls workbook/
    );
    const example = readFileSync(EXAMPLE_PATH);
    expect(
      await problemOf("truncated.xlsx", example.subarray(0, Math.floor(example.length / 2)))
    ).toMatch(/^is damaged or not an \.xlsx workbook \(/);
  });

  it("reads a workbook", async () => {
    const workbook = await readWorkbookFile(EXAMPLE_PATH);
    expect(workbook.worksheets.map((s) => s.name)).toContain("Ashford");
  });

  it("spots the usual signatures", () => {
    expect(xlsxSignatureProblem(readFileSync(EXAMPLE_PATH))).toBeUndefined();
    expect(xlsxSignatureProblem(Buffer.from([0x50, 0x4b, 0x05, 0x06]))).toMatch(/empty zip/);
  });
});

describe("writeWorkbookFile", () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it("writes through a temporary file and leaves nothing else behind", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("S").getCell("A1").value = 1;
    const out = join(dir, "deep", "folder", "out.xlsx");
    await writeWorkbookFile(workbook, out);
    expect(readdirSync(join(dir, "deep", "folder"))).toEqual(["out.xlsx"]);
  });

  it("replaces an existing file only with a whole one, keeping the cause of a failure", async () => {
    const out = join(dir, "existing.xlsx");
    writeFileSync(out, "last month's report");
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("S");
    // A failure half-way through saving (here: ExcelJS failing to prepare its model).
    Object.assign(workbook.xlsx, {
      prepareModel: () => {
        throw new Error("boom");
      },
    });
    const failure = await writeWorkbookFile(workbook, out).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OutputError);
    expect((failure as OutputError).cause).toMatchObject({ message: "boom" });
    expect(readFileSync(out, "utf8")).toBe("last month's report");
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("fails cleanly when the output cannot be written", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("S");
    writeFileSync(join(dir, "a-file"), "x");
    await expect(
      writeWorkbookFile(workbook, join(dir, "a-file", "out.xlsx"))
    ).rejects.toBeInstanceOf(OutputError);
    mkdirSync(join(dir, "taken.xlsx"));
    await expect(writeWorkbookFile(workbook, join(dir, "taken.xlsx"))).rejects.toThrow(
      /is a directory/
    );
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});
