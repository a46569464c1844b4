import {
  createDeflateRaw,
  crc32 as nativeCrc32,
  inflateRawSync,
  type ZlibOptions,
} from "node:zlib";

/*
 * A zip writer on Node's own zlib, for the .xlsx container (see serialize.ts).
 *
 * ExcelJS hands its parts to JSZip, which compresses in JavaScript (pako) in
 * small chunks between event-loop turns: on a 13-sheet, 13,000-row scorecard
 * that was most of the time spent writing. Here each part is compressed by
 * zlib on libuv's thread pool as its bytes arrive (a part can be written in
 * pieces, see `entry`), so compressing overlaps rendering; the archive is
 * assembled at the end.
 */

interface ZipEntry {
  readonly name: Buffer;
  readonly crc: number;
  readonly size: number;
  readonly method: 0 | 8;
  readonly data: Buffer;
}

/** The CRC-32 table, for Node versions without `zlib.crc32` (before 20.15). */
let crcTable: Uint32Array | undefined;

/** CRC-32 (the zip and PNG one) in JavaScript; `previous` continues a running value. */
export function tableCrc32(data: Uint8Array, previous = 0): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function crc32(data: Buffer, previous: number): number {
  return typeof nativeCrc32 === "function"
    ? nativeCrc32(data, previous) >>> 0
    : tableCrc32(data, previous);
}

/** A part being written: bytes in, in order; `end` once they are all in. */
export interface ZipEntryWriter {
  write(bytes: Buffer): void;
  end(): void;
}

/** MS-DOS date and time of 1980-01-01 00:00, the earliest a zip can hold: the same bytes on every run. */
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;
/** Bit 11: names are UTF-8. */
const UTF8_FLAG = 0x0800;
const MAX_32 = 0xffffffff;

/**
 * A zip archive built in memory, with the `append(data, { name, base64 })`
 * interface ExcelJS's writer calls, and `entry` for a part written in pieces.
 * Parts are compressed in the background; `finish` waits for them and returns
 * the archive.
 */
export class ZipWriter {
  private readonly entries: Promise<ZipEntry>[] = [];
  private readonly options: ZlibOptions;

  constructor(options: ZlibOptions = { level: 6 }) {
    this.options = options;
  }

  append(data: string | Buffer | Uint8Array, options: { name: string; base64?: boolean }): void {
    const bytes =
      typeof data === "string"
        ? Buffer.from(data, options.base64 ? "base64" : "utf8")
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const entry = this.entry(options.name);
    entry.write(bytes);
    entry.end();
  }

  /**
   * Starts a part whose bytes come in pieces: each piece is checksummed at once
   * and compressed on the thread pool while the caller produces the next.
   */
  entry(path: string): ZipEntryWriter {
    const name = Buffer.from(path.replace(/^\/+/, ""), "utf8");
    const deflater = createDeflateRaw(this.options);
    const compressed: Buffer[] = [];
    let crc = 0;
    let size = 0;
    const done = new Promise<ZipEntry>((resolve, reject) => {
      deflater.on("data", (chunk: Buffer) => compressed.push(chunk));
      deflater.on("error", reject);
      deflater.on("end", () =>
        resolve(
          size === 0
            ? { name, crc, size, method: 0, data: Buffer.alloc(0) }
            : { name, crc, size, method: 8, data: Buffer.concat(compressed) }
        )
      );
    });
    // Reported by `finish`; never an unhandled rejection meanwhile.
    done.catch(() => undefined);
    this.entries.push(done);
    return {
      write: (bytes: Buffer) => {
        if (bytes.length === 0) return;
        crc = crc32(bytes, crc);
        size += bytes.length;
        deflater.write(bytes);
      },
      end: () => void deflater.end(),
    };
  }

  /** The whole archive. */
  async finish(): Promise<Buffer> {
    const entries = await Promise.all(this.entries);
    const chunks: Buffer[] = [];
    const central: Buffer[] = [];
    let offset = 0;
    for (const entry of entries) {
      if (entry.size > MAX_32 || entry.data.length > MAX_32 || offset > MAX_32)
        throw new Error("The workbook is too large for a zip file without Zip64 (over 4 GB).");
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
      local.writeUInt16LE(UTF8_FLAG, 6);
      local.writeUInt16LE(entry.method, 8);
      local.writeUInt16LE(DOS_TIME, 10);
      local.writeUInt16LE(DOS_DATE, 12);
      local.writeUInt32LE(entry.crc, 14);
      local.writeUInt32LE(entry.data.length, 18);
      local.writeUInt32LE(entry.size, 22);
      local.writeUInt16LE(entry.name.length, 26);
      local.writeUInt16LE(0, 28);
      chunks.push(local, entry.name, entry.data);

      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
      header.writeUInt16LE(20, 6);
      header.writeUInt16LE(UTF8_FLAG, 8);
      header.writeUInt16LE(entry.method, 10);
      header.writeUInt16LE(DOS_TIME, 12);
      header.writeUInt16LE(DOS_DATE, 14);
      header.writeUInt32LE(entry.crc, 16);
      header.writeUInt32LE(entry.data.length, 20);
      header.writeUInt32LE(entry.size, 24);
      header.writeUInt16LE(entry.name.length, 28);
      // Extra, comment, disk number, internal and external attributes: 0.
      header.writeUInt32LE(offset, 42);
      central.push(header, entry.name);
      offset += local.length + entry.name.length + entry.data.length;
    }
    const centralSize = central.reduce((n, b) => n + b.length, 0);
    if (entries.length > 0xffff || offset > MAX_32)
      throw new Error("The workbook has too many parts for a zip file without Zip64.");
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(centralSize, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...chunks, ...central, end]);
  }
}

/** A part listed in a zip's central directory. */
export interface ZipPart {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Where its local header starts. */
  readonly offset: number;
}

/**
 * The parts a zip lists, from its central directory (no Zip64), or
 * `undefined` when the bytes are not a zip this can read.
 */
export function zipParts(zip: Buffer): ZipPart[] | undefined {
  // The end record is the last 22 bytes, or earlier when the archive has a comment.
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) return undefined;
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const parts: ZipPart[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return undefined;
    const nameLength = zip.readUInt16LE(at + 28);
    parts.push({
      name: zip.toString("utf8", at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      offset: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return parts;
}

/** A part's bytes (stored or deflated), or `undefined` when they cannot be read. */
export function zipPartData(zip: Buffer, part: ZipPart): Buffer | undefined {
  try {
    if (zip.readUInt32LE(part.offset) !== 0x04034b50) return undefined;
    const start =
      part.offset + 30 + zip.readUInt16LE(part.offset + 26) + zip.readUInt16LE(part.offset + 28);
    const raw = zip.subarray(start, start + part.compressedSize);
    if (part.method === 0) return raw;
    return part.method === 8 ? inflateRawSync(raw) : undefined;
  } catch {
    return undefined;
  }
}
