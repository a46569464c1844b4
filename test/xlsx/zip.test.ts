import { crc32, inflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { buildExample } from "../../examples/make-example";
import { workbookBytes } from "../exceljs/serialize";
import { tableCrc32, ZipWriter } from "../../src/xlsx/zip";

/**
 * A strict zip reader, independent of the writer and of JSZip: walks the
 * central directory, checks every signature, size and CRC, and returns each
 * part's bytes by name, in order.
 */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  expect(at + zip.readUInt32LE(end + 12)).toBe(end);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    expect(zip.readUInt32LE(local + 14)).toBe(crc);
    expect(zip.toString("utf8", local + 30, local + 30 + nameLength)).toBe(name);
    const start = local + 30 + nameLength + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressed);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    expect(method === 0 || method === 8).toBe(true);
    expect(data.length, name).toBe(size);
    expect(crc32(data) >>> 0, name).toBe(crc);
    out.set(name, data);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return out;
}

function example(): ExcelJS.Workbook {
  // buildExample fixes the created and modified dates, so both writers see the same.
  const workbook = buildExample();
  workbook.getWorksheet("About")!.addImage(
    workbook.addImage({
      // A 1×1 PNG: media parts are binary and go through the same writer.
      base64:
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      extension: "png",
    }),
    "C14:D16"
  );
  return workbook;
}

describe("workbookBytes", () => {
  it("writes exactly the parts ExcelJS's own writer does, in a zip others can read", async () => {
    const ours = await workbookBytes(example());
    const theirs = Buffer.from((await example().xlsx.writeBuffer()) as ArrayBuffer);
    const a = unzip(ours);
    // JSZip also lists the folders ("xl/"); a zip needs no entries for them.
    const b = new Map([...unzip(theirs)].filter(([name]) => !name.endsWith("/")));
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [name, data] of b) expect(a.get(name)!.equals(data), name).toBe(true);
    expect([...a.keys()]).toContain("xl/media/image1.png");
    // And ExcelJS reads it back.
    const reread = new ExcelJS.Workbook();
    await reread.xlsx.load(ours as unknown as ExcelJS.Buffer);
    expect(reread.getWorksheet("Dover")!.getCell("A7").value).toBe("EH43");
  });

  it("writes a sheet too big for one piece (rendered in chunks) as ExcelJS does", async () => {
    const build = (): ExcelJS.Workbook => {
      const workbook = new ExcelJS.Workbook();
      // Fixed: ExcelJS stamps both with the time they were made, which can differ by a second.
      workbook.created = new Date(Date.UTC(2023, 0, 16));
      workbook.modified = new Date(Date.UTC(2023, 0, 16));
      const sheet = workbook.addWorksheet("Big");
      for (let r = 1; r <= 4000; r++)
        sheet.addRow([
          `PI${r}`,
          "Indicator & <name> \u00e9",
          r / 7,
          { formula: `C${r}*2`, result: (2 * r) / 7 },
        ]);
      sheet.getCell("C10").alignment = { horizontal: "center" };
      sheet.getCell("B20").note = "A note";
      sheet.headerFooter = { oddFooter: "Page &P" };
      return workbook;
    };
    const a = unzip(await workbookBytes(build()));
    const b = new Map(
      [...unzip(Buffer.from((await build().xlsx.writeBuffer()) as ArrayBuffer))].filter(
        ([name]) => !name.endsWith("/")
      )
    );
    expect([...a.keys()]).toEqual([...b.keys()]);
    expect(a.get("xl/worksheets/sheet1.xml")!.length).toBeGreaterThan(500_000);
    for (const [name, data] of b) expect(a.get(name)!.equals(data), name).toBe(true);
  });

  it("gives the same bytes every time", async () => {
    expect((await workbookBytes(example())).equals(await workbookBytes(example()))).toBe(true);
  });
});

describe("ZipWriter", () => {
  it("stores empty parts, deflates the rest, and records each part's CRC", async () => {
    const zip = new ZipWriter();
    zip.append("", { name: "empty.txt" });
    zip.append("héllo ".repeat(1000), { name: "/dir/text.xml" });
    zip.append(Buffer.from([1, 2, 3]), { name: "bytes.bin" });
    zip.append("AQID", { name: "b64.bin", base64: true });
    const bytes = await zip.finish();
    const read = unzip(bytes);
    expect([...read.keys()]).toEqual(["empty.txt", "dir/text.xml", "bytes.bin", "b64.bin"]);
    expect(read.get("empty.txt")!.length).toBe(0);
    expect(read.get("dir/text.xml")!.toString("utf8")).toBe("héllo ".repeat(1000));
    expect([...read.get("b64.bin")!]).toEqual([1, 2, 3]);
    expect(bytes.length).toBeLessThan(1000); // compressed
  });

  it("takes a part in pieces, checksumming across them", async () => {
    const zip = new ZipWriter();
    const entry = zip.entry("pieces.xml");
    for (const piece of ["<a>", "", "é".repeat(5000), "</a>"]) entry.write(Buffer.from(piece));
    entry.end();
    const read = unzip(await zip.finish());
    expect(read.get("pieces.xml")!.toString("utf8")).toBe(`<a>${"é".repeat(5000)}</a>`);
  });

  it("refuses compression options zlib does not know (a bug, not a user mistake)", () => {
    expect(() => new ZipWriter({ level: 42 }).append("text", { name: "a.txt" })).toThrow();
  });
});

describe("tableCrc32", () => {
  it("is the standard CRC-32 (for Node without zlib.crc32)", () => {
    expect(tableCrc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    const text = Buffer.from("Scorecard RAG ".repeat(100));
    expect(tableCrc32(text)).toBe(crc32(text));
    const [head, tail] = [text.subarray(0, 500), text.subarray(500)];
    expect(tableCrc32(tail, tableCrc32(head))).toBe(crc32(text));
  });
});
