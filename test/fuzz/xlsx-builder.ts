import * as zlib from "node:zlib";
import { tableCrc32 } from "../../src/xlsx/zip";

const crc32 = (data: Buffer): number =>
  typeof zlib.crc32 === "function" ? zlib.crc32(data) : tableCrc32(data);
const { constants, deflateRawSync } = zlib;

/*
 * Builds .xlsx files from their XML text, byte for byte, for the fuzz corpus:
 * a small zip writer that can also lie (wrong sizes in the directory, a wrong
 * method), and the few parts a workbook needs.
 */

export interface RawEntry {
  readonly name: string;
  readonly data: Buffer | string;
  /** 8 (deflate, the default) or 0 (stored). */
  readonly method?: 0 | 8;
  /** What the directory claims the uncompressed size is (the truth by default). */
  readonly claimedSize?: number;
  /** A pre-compressed body (deflate), used as it is: for bombs built in pieces. */
  readonly compressed?: Buffer;
}

/** A zip archive of `entries`, in order, no Zip64. */
export function zipBytes(entries: readonly RawEntry[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const data = typeof entry.data === "string" ? Buffer.from(entry.data, "utf8") : entry.data;
    const method = entry.method ?? 8;
    const body = entry.compressed ?? (method === 8 ? deflateRawSync(data) : data);
    const crc = crc32(data) >>> 0;
    const size = entry.claimedSize ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(33, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    chunks.push(local, name, body);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt16LE(33, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(size >>> 0, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += local.length + name.length + body.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
const CT = "http://schemas.openxmlformats.org/package/2006/content-types";
const SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

export interface SheetSpec {
  readonly name: string;
  /** The `<sheetData>` content (rows), or a whole worksheet document when `whole`. */
  readonly xml: string;
  readonly whole?: boolean;
  readonly state?: "hidden" | "veryHidden";
  /** Extra parts this sheet refers to (a table, comments): relationships file text. */
  readonly rels?: string;
}

export interface WorkbookSpec {
  readonly sheets: readonly SheetSpec[];
  /** The shared strings, or `null` for no sharedStrings part at all. */
  readonly sharedStrings?: readonly string[] | null;
  /** Parts added as they are (a table, comments), or replacing a built one of the same name. */
  readonly parts?: Readonly<Record<string, string | Buffer>>;
  /** Parts left out, by name. */
  readonly omit?: readonly string[];
  /** Extra `<Override>`s in [Content_Types].xml. */
  readonly contentTypes?: readonly { partName: string; contentType: string }[];
  /** Sheet XML method (stored or deflated). */
  readonly method?: 0 | 8;
}

/** The parts of a minimal workbook, in the order Excel writes them. */
export function workbookParts(spec: WorkbookSpec): RawEntry[] {
  const sharedStrings = spec.sharedStrings === undefined ? [] : spec.sharedStrings;
  const overrides = [
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`,
    ...spec.sheets.map(
      (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${SHEET_CT}"/>`
    ),
    ...(sharedStrings
      ? [
          `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`,
        ]
      : []),
    ...(spec.contentTypes ?? []).map(
      (o) => `<Override PartName="${o.partName}" ContentType="${o.contentType}"/>`
    ),
  ];
  const parts: Record<string, string | Buffer> = {
    "[Content_Types].xml":
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="${CT}">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>${overrides.join("")}</Types>`,
    "_rels/.rels":
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}">` +
      `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml":
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>` +
      spec.sheets
        .map(
          (s, i) =>
            `<sheet name="${xmlEscape(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ""} r:id="rId${i + 1}"/>`
        )
        .join("") +
      `</sheets></workbook>`,
    "xl/_rels/workbook.xml.rels":
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}">` +
      spec.sheets
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`
        )
        .join("") +
      (sharedStrings
        ? `<Relationship Id="rId${spec.sheets.length + 1}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`
        : "") +
      `</Relationships>`,
  };
  spec.sheets.forEach((sheet, i) => {
    parts[`xl/worksheets/sheet${i + 1}.xml`] = sheet.whole
      ? sheet.xml
      : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${sheet.xml}</sheetData></worksheet>`;
    if (sheet.rels) parts[`xl/worksheets/_rels/sheet${i + 1}.xml.rels`] = sheet.rels;
  });
  if (sharedStrings)
    parts["xl/sharedStrings.xml"] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN}" count="${sharedStrings.length}" uniqueCount="${sharedStrings.length}">` +
      sharedStrings.map((s) => `<si><t xml:space="preserve">${xmlEscape(s)}</t></si>`).join("") +
      `</sst>`;
  Object.assign(parts, spec.parts ?? {});
  for (const name of spec.omit ?? []) delete parts[name];
  return Object.entries(parts).map(([name, data]) => ({
    name,
    data,
    ...(spec.method !== undefined && name.startsWith("xl/worksheets/sheet")
      ? { method: spec.method }
      : {}),
  }));
}

/** A minimal .xlsx workbook. */
export function workbookBytesOf(spec: WorkbookSpec): Buffer {
  return zipBytes(workbookParts(spec));
}

/** `A`, `B`, …, `XFD` for 1-based column numbers. */
export function columnLetters(column: number): string {
  let s = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** An inline-string cell (`t="inlineStr"`). */
export function textCell(ref: string, text: string, style?: number): string {
  return `<c r="${ref}" t="inlineStr"${style === undefined ? "" : ` s="${style}"`}><is><t xml:space="preserve">${xmlEscape(text)}</t></is></c>`;
}

/** A number cell, the value written as given (it may be odd: `1e400`, `NaN`). */
export function numberCell(ref: string, value: string | number, style?: number): string {
  return `<c r="${ref}"${style === undefined ? "" : ` s="${style}"`}><v>${value}</v></c>`;
}

/** A shared-string cell. */
export function sharedCell(ref: string, index: number | string): string {
  return `<c r="${ref}" t="s"><v>${index}</v></c>`;
}

/**
 * A raw deflate stream of `pieces` in order, each `text` repeated `times`,
 * built without ever holding the whole: each distinct 1 MB block is deflated
 * once (a sync flush ends it on a byte boundary, not final) and its bytes
 * repeated, then an empty final block ends the stream.
 */
export function deflateConcat(pieces: readonly { text: string; times?: number }[]): {
  body: Buffer;
  size: number;
} {
  const out: Buffer[] = [];
  let size = 0;
  const flushed = (data: Buffer): Buffer =>
    deflateRawSync(data, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  for (const { text, times = 1 } of pieces) {
    const unit = Buffer.from(text, "utf8");
    const perBlock = Math.max(1, Math.floor((1 << 20) / unit.length));
    const blocks = Math.floor(times / perBlock);
    if (blocks > 0) {
      const block = flushed(Buffer.from(text.repeat(perBlock), "utf8"));
      for (let i = 0; i < blocks; i++) out.push(block);
      size += blocks * perBlock * unit.length;
    }
    const rest = times - blocks * perBlock;
    if (rest > 0) {
      out.push(flushed(Buffer.from(text.repeat(rest), "utf8")));
      size += rest * unit.length;
    }
  }
  out.push(Buffer.from([0x03, 0x00])); // an empty final block (fixed Huffman)
  return { body: Buffer.concat(out), size };
}
