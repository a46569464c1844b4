import {
  createDeflateRaw,
  crc32 as nativeCrc32,
  inflateRawSync,
  type ZlibOptions,
} from "node:zlib";

/*
 * A zip writer on Node's own zlib, for the .xlsx container (see
 * package/archive.ts). Each part is compressed by zlib on libuv's thread pool
 * as its bytes arrive (a part can be written in pieces, see `entry`), so
 * compressing overlaps rendering; the archive is assembled at the end.
 */

/**
 * zlib's fastest level. The parts compressed here are the rated sheets (every
 * other part is copied as stored), and at level 6 the main thread spent half
 * of the write phase waiting for them: measured on the 13-sheet bench file
 * (21 MB of sheet XML), level 1 compresses in 131 ms against 395 ms at level 6,
 * for a file 22% larger (3.35 MB of sheets against 2.74 MB), which Excel and
 * LibreOffice read alike.
 */
const DEFLATE_LEVEL = 1;

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
  /** False when the compressor's queue is full: wait for `drained` before writing much more. */
  write(bytes: Buffer): boolean;
  /** Resolves once the compressor has taken in what was written (at once when it has). */
  drained(): Promise<void>;
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

  constructor(options: ZlibOptions = { level: DEFLATE_LEVEL }) {
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
        if (bytes.length === 0) return true;
        crc = crc32(bytes, crc);
        size += bytes.length;
        return deflater.write(bytes);
      },
      drained: () =>
        deflater.writableNeedDrain
          ? new Promise<void>((resolve) => {
              // An error ends the wait too; `finish` reports it.
              const done = (): void => {
                deflater.off("drain", done);
                deflater.off("error", done);
                resolve();
              };
              deflater.on("drain", done);
              deflater.on("error", done);
            })
          : Promise.resolve(),
      end: () => void deflater.end(),
    };
  }

  /**
   * Adds a part copied from another zip as it is stored there: its compressed
   * bytes, checksum and size, not unpacked or compressed again.
   */
  copy(path: string, stored: { crc: number; size: number; method: 0 | 8; data: Buffer }): void {
    const name = Buffer.from(path.replace(/^\/+/, ""), "utf8");
    this.entries.push(Promise.resolve({ name, ...stored }));
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
  /** General-purpose flags: bit 0 set means the part is encrypted. */
  readonly flags: number;
  readonly compressedSize: number;
  /** The CRC-32 of its unpacked bytes, as the directory has it. */
  readonly crc: number;
  /** The uncompressed size the directory claims (the bytes may say otherwise: see limits.ts). */
  readonly size: number;
  /** Where its local header starts. */
  readonly offset: number;
}

/** The longest zip comment, which may follow the end record. */
const MAX_COMMENT = 0xffff;

/** Where the end-of-central-directory record starts, or -1 (searched in the last 64 KB only). */
function endRecord(zip: Buffer): number {
  const last = Math.max(0, zip.length - 22 - MAX_COMMENT);
  for (let end = zip.length - 22; end >= last; end--)
    if (zip.readUInt32LE(end) === 0x06054b50) return end;
  return -1;
}

/** A 64-bit little-endian value, or `undefined` beyond what a double holds exactly. */
function readUInt64(zip: Buffer, at: number): number | undefined {
  const value = zip.readBigUInt64LE(at);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(value);
}

/** The Zip64 end record's part count and directory offset, when the archive has one. */
function zip64End(zip: Buffer, end: number): { count: number; at: number } | undefined {
  const locator = end - 20;
  if (locator < 0 || zip.readUInt32LE(locator) !== 0x07064b50) return undefined;
  const record = readUInt64(zip, locator + 8);
  if (record === undefined || record + 56 > zip.length) return undefined;
  if (zip.readUInt32LE(record) !== 0x06064b50) return undefined;
  const count = readUInt64(zip, record + 32);
  const at = readUInt64(zip, record + 48);
  return count === undefined || at === undefined ? undefined : { count, at };
}

/**
 * The parts a zip lists, from its central directory (Zip64 sizes and offsets
 * included), or `undefined` when the bytes are not a zip this can read.
 *
 * Cost: O(parts); never reads past the buffer.
 */
export function zipParts(zip: Buffer): ZipPart[] | undefined {
  try {
    // The end record is the last 22 bytes, or earlier when the archive has a comment.
    const end = endRecord(zip);
    if (end < 0) return undefined;
    let count = zip.readUInt16LE(end + 10);
    let at = zip.readUInt32LE(end + 16);
    if (count === 0xffff || at === MAX_32) {
      const wide = zip64End(zip, end);
      if (wide) ({ count, at } = wide);
    }
    // Each directory entry takes at least 46 bytes: a count beyond that is a lie.
    if (count * 46 > zip.length) return undefined;
    const parts: ZipPart[] = [];
    for (let i = 0; i < count; i++) {
      if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return undefined;
      const nameLength = zip.readUInt16LE(at + 28);
      const extraLength = zip.readUInt16LE(at + 30);
      if (at + 46 + nameLength + extraLength > zip.length) return undefined;
      let compressedSize = zip.readUInt32LE(at + 20);
      let size = zip.readUInt32LE(at + 24);
      let offset = zip.readUInt32LE(at + 42);
      // Zip64: the values saturated at 0xFFFFFFFF are in the extra field 0x0001, in this order.
      if (size === MAX_32 || compressedSize === MAX_32 || offset === MAX_32) {
        const extra = zip.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
        for (let e = 0; e + 4 <= extra.length;) {
          const id = extra.readUInt16LE(e);
          const length = extra.readUInt16LE(e + 2);
          if (id === 0x0001) {
            let v = e + 4;
            const next = (): number | undefined => {
              if (v + 8 > e + 4 + length || v + 8 > extra.length) return undefined;
              const value = readUInt64(extra, v);
              v += 8;
              return value;
            };
            if (size === MAX_32) size = next() ?? size;
            if (compressedSize === MAX_32) compressedSize = next() ?? compressedSize;
            if (offset === MAX_32) offset = next() ?? offset;
            break;
          }
          e += 4 + length;
        }
      }
      parts.push({
        name: zip.toString("utf8", at + 46, at + 46 + nameLength),
        method: zip.readUInt16LE(at + 10),
        flags: zip.readUInt16LE(at + 8),
        compressedSize,
        crc: zip.readUInt32LE(at + 16),
        size,
        offset,
      });
      at += 46 + nameLength + extraLength + zip.readUInt16LE(at + 32);
    }
    return parts;
  } catch {
    return undefined;
  }
}

/** Where a part's compressed bytes are, or `undefined` when its local header is not where the directory says. */
export function zipPartBody(zip: Buffer, part: ZipPart): Buffer | undefined {
  if (part.offset + 30 > zip.length || zip.readUInt32LE(part.offset) !== 0x04034b50)
    return undefined;
  const start =
    part.offset + 30 + zip.readUInt16LE(part.offset + 26) + zip.readUInt16LE(part.offset + 28);
  if (start + part.compressedSize > zip.length) return undefined;
  return zip.subarray(start, start + part.compressedSize);
}

/**
 * A part's bytes (stored or deflated), or `undefined` when they cannot be
 * read or would unpack to more than `maxBytes` (a zip bomb, see limits.ts).
 */
export function zipPartData(zip: Buffer, part: ZipPart, maxBytes?: number): Buffer | undefined {
  try {
    const raw = zipPartBody(zip, part);
    if (raw === undefined || (part.flags & 1) !== 0) return undefined;
    if (part.method === 0) return maxBytes !== undefined && raw.length > maxBytes ? undefined : raw;
    if (part.method !== 8) return undefined;
    if (maxBytes === undefined) return inflateRawSync(raw);
    const data = inflateRawSync(raw, { maxOutputLength: Math.max(1, maxBytes) });
    return data.length > maxBytes ? undefined : data;
  } catch {
    return undefined;
  }
}
