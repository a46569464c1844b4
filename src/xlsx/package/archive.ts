import { createInflateRaw } from "node:zlib";
import { LIMITS } from "../limits";
import {
  zipPartBody,
  zipPartData,
  zipParts,
  ZipWriter,
  type ZipEntryWriter,
  type ZipPart,
} from "../zip";

/*
 * An .xlsx package (a zip of XML parts) as this tool edits it: parts are
 * unpacked only when read, and a part nobody replaced is written back as the
 * zip stored it (the same compressed bytes, checksum and name), so a chart, a
 * pivot table, a macro or anything else the tool does not understand comes
 * through byte for byte.
 */

/** A part's name inside the package, without a leading slash: `xl/worksheets/sheet1.xml`. */
export type PartName = string;

/**
 * A part's text in pieces, made each time it is asked for (a rated sheet's
 * rows): written into the zip as it is made, never held whole.
 */
export type PartPieces = () => Iterable<string>;

/** About this many characters of pieces are encoded and handed on at once. */
const BATCH_CHARS = 1 << 18;

/** `pieces` as UTF-8, in batches of about `BATCH_CHARS` (each piece is whole text: no character is split). */
function* utf8Batches(pieces: Iterable<string>): Generator<Buffer> {
  let batch: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    batch.push(piece);
    length += piece.length;
    if (length < BATCH_CHARS) continue;
    yield Buffer.from(batch.join(""), "utf8");
    batch = [];
    length = 0;
  }
  if (length > 0) yield Buffer.from(batch.join(""), "utf8");
}

/** Writes the pieces into a zip entry, waiting while its compressor is behind, and ends it. */
async function writePieces(entry: ZipEntryWriter, pieces: Iterable<string>): Promise<void> {
  let behind: Promise<void> | undefined;
  for (const bytes of utf8Batches(pieces)) {
    // The next batch is made while the thread pool compresses the one before.
    if (behind) await behind;
    behind = entry.write(bytes) ? undefined : entry.drained();
  }
  if (behind) await behind;
  entry.end();
}

/** Why the package cannot be read as a zip at all (the caller names the file). */
export class PackageProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PackageProblem";
  }
}

interface StoredPart {
  readonly zip: Buffer;
  readonly part: ZipPart;
  /** Its compressed bytes. */
  readonly body: Buffer;
}

/**
 * The parts of an .xlsx, read from its bytes, with edits kept beside them.
 *
 * Cost: reading the directory is O(parts); `bytes(name)` unpacks that part
 * once per call (callers keep what they need); `write` compresses only the
 * replaced parts.
 */
export class XlsxPackage {
  private readonly stored = new Map<PartName, StoredPart>();
  private readonly replaced = new Map<PartName, Buffer>();
  /** Replaced parts whose text is made when written (or when read: then they move to `replaced`). */
  private readonly deferred = new Map<PartName, PartPieces>();
  private readonly order: PartName[] = [];
  private readonly maxPartBytes: number;

  private constructor(maxPartBytes: number) {
    this.maxPartBytes = maxPartBytes;
  }

  /** The package in `zip`; a `PackageProblem` when its directory cannot be read. */
  static read(zip: Buffer, maxPartBytes: number = LIMITS.partBytes): XlsxPackage {
    const parts = zipParts(zip);
    if (!parts) throw new PackageProblem("its zip directory cannot be read (damaged or truncated)");
    const pkg = new XlsxPackage(maxPartBytes);
    for (const part of parts) {
      const name = part.name.replace(/^\/+/, "");
      // A folder entry (`xl/`) is kept too, so the zip lists what it listed.
      if (pkg.stored.has(name)) continue;
      const body = zipPartBody(zip, part);
      if (!body) throw new PackageProblem(`its part ${name} is not where its zip directory says`);
      pkg.stored.set(name, { zip, part, body });
      pkg.order.push(name);
    }
    return pkg;
  }

  /** A new, empty package (tests build small workbooks with it). */
  static empty(): XlsxPackage {
    return new XlsxPackage(LIMITS.partBytes);
  }

  /** Whether the package has the part (names are compared without case, as OPC says). */
  has(name: PartName): boolean {
    return this.resolve(name) !== undefined;
  }

  /** Every part's name, in the zip's order (added parts last). */
  names(): PartName[] {
    return [...this.order];
  }

  /** The part's name as the package spells it, or undefined. */
  resolve(name: PartName): PartName | undefined {
    const clean = name.replace(/^\/+/, "");
    if (this.replaced.has(clean) || this.deferred.has(clean) || this.stored.has(clean))
      return clean;
    const lower = clean.toLowerCase();
    return this.order.find((n) => n.toLowerCase() === lower);
  }

  /** The part's unpacked bytes, or undefined when there is no such part. */
  bytes(name: PartName): Buffer | undefined {
    const key = this.resolve(name);
    if (key === undefined) return undefined;
    const edited = this.replaced.get(key);
    if (edited) return edited;
    const pieces = this.deferred.get(key);
    if (pieces) {
      // Read back (rare: a later edit of the same part): made once, and kept as bytes.
      const bytes = Buffer.concat([...utf8Batches(pieces())]);
      this.deferred.delete(key);
      this.replaced.set(key, bytes);
      return bytes;
    }
    const stored = this.stored.get(key)!;
    const data = zipPartData(stored.zip, stored.part, this.maxPartBytes);
    if (!data)
      throw new PackageProblem(
        `its part ${key} cannot be unpacked (damaged, encrypted, or larger than ${this.maxPartBytes} bytes)`
      );
    return data;
  }

  /** The part as text (XML parts are UTF-8; a byte-order mark is dropped), or undefined. */
  text(name: PartName): string | undefined {
    const data = this.bytes(name);
    if (!data) return undefined;
    const text = data.toString("utf8");
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  /**
   * The part's unpacked bytes in pieces, as they inflate: a large sheet is
   * read without its whole XML in memory at once. Past the part limit it
   * throws a `PackageProblem`.
   */
  async *chunks(name: PartName): AsyncGenerator<Buffer> {
    const key = this.resolve(name);
    if (key === undefined) return;
    const edited = this.replaced.get(key);
    if (edited) {
      yield edited;
      return;
    }
    const pieces = this.deferred.get(key);
    if (pieces) {
      yield* utf8Batches(pieces());
      return;
    }
    const { part, body } = this.stored.get(key)!;
    if (part.method === 0 && (part.flags & 1) === 0) {
      yield body;
      return;
    }
    if (part.method !== 8 || (part.flags & 1) !== 0)
      throw new PackageProblem(
        `its part ${key} is compressed in a way this tool cannot unpack, or encrypted`
      );
    // Pieces of 256 KB: at zlib's 16 KB a large sheet took thousands of stream turns.
    const inflater = createInflateRaw({ chunkSize: 1 << 18 });
    inflater.end(body);
    let total = 0;
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > this.maxPartBytes)
          throw new PackageProblem(
            `its part ${key} unpacks to more than ${this.maxPartBytes} bytes`
          );
        yield chunk;
      }
    } catch (cause) {
      if (cause instanceof PackageProblem) throw cause;
      throw new PackageProblem(`its part ${key} cannot be unpacked (damaged or truncated)`);
    } finally {
      inflater.destroy();
    }
  }

  /** Replaces (or adds) a part. */
  set(name: PartName, content: string | Buffer): void {
    const key = this.resolve(name) ?? name.replace(/^\/+/, "");
    if (!this.order.includes(key)) this.order.push(key);
    this.deferred.delete(key);
    this.replaced.set(key, typeof content === "string" ? Buffer.from(content, "utf8") : content);
  }

  /**
   * Replaces (or adds) a part by its text in pieces, made when the package is
   * written: a large sheet goes into the zip without its whole text, as a
   * string or as bytes, ever in memory. `pieces` must give the same text
   * each time it is called.
   */
  setPieces(name: PartName, pieces: PartPieces): void {
    const key = this.resolve(name) ?? name.replace(/^\/+/, "");
    if (!this.order.includes(key)) this.order.push(key);
    this.replaced.delete(key);
    this.deferred.set(key, pieces);
  }

  /** Removes a part (nothing happens when it is not there). */
  delete(name: PartName): void {
    const key = this.resolve(name);
    if (key === undefined) return;
    this.replaced.delete(key);
    this.deferred.delete(key);
    this.stored.delete(key);
    this.order.splice(this.order.indexOf(key), 1);
  }

  /** Whether the part was replaced, added or is unchanged from the file read (false when absent). */
  isChanged(name: PartName): boolean {
    const key = this.resolve(name);
    return key !== undefined && (this.replaced.has(key) || this.deferred.has(key));
  }

  /** The zip: unchanged parts copied as stored, replaced and added ones compressed. */
  async write(): Promise<Buffer> {
    const zip = new ZipWriter();
    for (const name of this.order) {
      const edited = this.replaced.get(name);
      if (edited) {
        zip.append(edited, { name });
        continue;
      }
      const pieces = this.deferred.get(name);
      if (pieces) {
        await writePieces(zip.entry(name), pieces());
        continue;
      }
      const { part, body } = this.stored.get(name)!;
      if ((part.method === 0 || part.method === 8) && (part.flags & 1) === 0)
        zip.copy(name, { crc: part.crc, size: part.size, method: part.method, data: body });
      else zip.append(this.bytes(name)!, { name });
    }
    return zip.finish();
  }
}
