import { createInflateRaw } from "node:zlib";
import { zipPartBody, zipPartData, zipParts, type ZipPart } from "./zip";

/*
 * How large a workbook this tool reads, checked before the package is read.
 *
 * A few megabytes of zip can unpack to gigabytes of XML (a "zip bomb", on
 * purpose or not), so the file's size says little. Before anything is parsed,
 * every part is unpacked here once, as a stream (never held whole), counting
 * the bytes it really unpacks to (whatever the zip's directory claims) and the
 * rows and cells of each worksheet; the first limit passed stops the count and
 * refuses the file, naming the limit. Memory grows with the cells: rating a
 * 100,000-row sheet (3.2 million cells, 120 MB of XML) peaks at about 1.2 GB
 * RSS (`npm run bench:cli`, case 4), so 4,000,000 cells keeps the worst case
 * inside the 2 GB heap Node gives itself on an 8 GB laptop. The largest real
 * scorecards are far smaller.
 *
 * Also documented in docs/json-output.md and the usage text (src/cli/args.ts).
 */

const MB = 1_000_000;

export const LIMITS = {
  /** The .xlsx (or rules .csv) file itself, on disk. */
  inputBytes: 100 * MB,
  /** Any one part, unpacked (ExcelJS holds each as one string). */
  partBytes: 200 * MB,
  /** Every part together, unpacked. */
  unpackedBytes: 400 * MB,
  /** Parts in the zip. */
  parts: 10_000,
  /** Cells (`<c>` elements) in all worksheets together. */
  cells: 4_000_000,
  /** Rows (`<row>` elements) in all worksheets together. */
  rows: 1_000_000,
  /** Shared strings (`<si>` elements). */
  sharedStrings: 2_000_000,
} as const;

export type Limits = { readonly [K in keyof typeof LIMITS]: number };

/** `1,000,000`; sizes as `100 MB`. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-GB");
}

export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${formatCount(Math.round((bytes / MB) * 10) / 10)} MB`;
  if (bytes >= 1000) return `${formatCount(Math.round(bytes / 100) / 10)} kB`;
  return `${formatCount(bytes)} bytes`;
}

/** A workbook refused before it is loaded: the problem, one line, without the file's name. */
export class LimitProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LimitProblem";
  }
}

/** ExcelJS reads a part as a worksheet when its name matches this (lib/xlsx/xlsx.js). */
const WORKSHEET = /xl\/worksheets\/sheet(\d+)[.]xml/;

/** Counts `<tag` followed by a space, `/` or `>` across the chunks of a stream. */
class TagCounter {
  private readonly tag: Buffer;
  private carry = Buffer.alloc(0);
  count = 0;

  constructor(tag: string) {
    this.tag = Buffer.from(`<${tag}`, "latin1");
  }

  add(chunk: Buffer): void {
    const text = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const tag = this.tag;
    const tagLength = tag.length;
    const whole = (next: number | undefined): boolean =>
      // Space, tab, CR, LF, '/', '>': the whole name (not `<col`, `<cfRule`).
      next === 0x20 ||
      next === 0x09 ||
      next === 0x0a ||
      next === 0x0d ||
      next === 0x2f ||
      next === 0x3e;
    // A match in the last `tagLength` bytes is left to the next chunk (it is in the carry).
    const last = text.length - tagLength;
    if (tagLength > 2) {
      // A longer tag is rare (`<row`): the native search skips to it.
      for (let at = text.indexOf(tag); at >= 0 && at < last; at = text.indexOf(tag, at + tagLength))
        if (whole(text[at + tagLength])) this.count++;
    } else {
      // `<c` is in every cell: a loop over the bytes beats a native call a match.
      const first = tag[0]!;
      const second = tag[1]!;
      for (let at = 0; at < last; at++)
        if (text[at] === first && text[at + 1] === second && whole(text[at + 2])) this.count++;
    }
    // A match starting in the last `tagLength` bytes ends in the next chunk (it is counted then).
    this.carry = Buffer.from(text.subarray(Math.max(0, text.length - tagLength)));
  }
}

/** What the zip says of a part, as a reader of the message would want it named. */
function partLabel(part: string, sheets: ReadonlyMap<string, string>): string {
  const sheet = sheets.get(part);
  return sheet === undefined ? part : `${part} (sheet "${sheet}")`;
}

/** `&amp;` and friends in an attribute value. */
function xmlUnescape(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const e = entity.toLowerCase();
    if (e === "amp") return "&";
    if (e === "lt") return "<";
    if (e === "gt") return ">";
    if (e === "quot") return '"';
    if (e === "apos") return "'";
    const code = e.startsWith("#x") ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : "";
  });
}

function attribute(tag: string, name: RegExp): string | undefined {
  const match = new RegExp(`\\s${name.source}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return match ? xmlUnescape(match[1] ?? match[2] ?? "") : undefined;
}

/** The small parts read to name sheets are read only this far. */
const NAMING_PART_BYTES = 10 * MB;

/**
 * Each worksheet part's sheet name (`xl/worksheets/sheet2.xml` → `Kent`),
 * from the workbook part and its relationships, for messages. Best effort:
 * a sheet that cannot be named is left out.
 */
export function sheetPartNames(zip: Buffer, parts?: readonly ZipPart[]): Map<string, string> {
  const names = new Map<string, string>();
  try {
    const all = parts ?? zipParts(zip) ?? [];
    const text = (name: string): string => {
      const part = all.find((p) => p.name.replace(/^\/+/, "") === name);
      return part ? (zipPartData(zip, part, NAMING_PART_BYTES)?.toString("utf8") ?? "") : "";
    };
    const targets = new Map<string, string>();
    for (const [tag] of text("xl/_rels/workbook.xml.rels").matchAll(/<Relationship\b[^>]*>/g)) {
      const id = attribute(tag, /Id/);
      const target = attribute(tag, /Target/);
      if (id === undefined || target === undefined) continue;
      const path = target.startsWith("/")
        ? target.replace(/^\/+/, "")
        : `xl/${target.replace(/^\s+/, "")}`;
      targets.set(id, path.replace(/^xl\/(\.\/)+/, "xl/"));
    }
    for (const [tag] of text("xl/workbook.xml").matchAll(/<sheet\b[^>]*>/g)) {
      const name = attribute(tag, /name/);
      const id = attribute(tag, /[A-Za-z_][\w.-]*:id/);
      const path = id === undefined ? undefined : targets.get(id);
      if (name !== undefined && path !== undefined) names.set(path, name);
    }
  } catch {
    // Named by part only.
  }
  return names;
}

/** What the check found: enough to name things in later messages. */
export interface ZipSummary {
  readonly parts: readonly ZipPart[];
  /** Bytes every part unpacks to. */
  readonly unpackedBytes: number;
  readonly cells: number;
  readonly rows: number;
}

/** Unpacks a part as a stream, chunk by chunk, never holding it whole; stops (throwing) past `cap`. */
async function unpackPart(
  body: Buffer,
  part: ZipPart,
  cap: number,
  onChunk: (chunk: Buffer) => void,
  tooLarge: () => never
): Promise<number> {
  if (part.method === 0) {
    if (body.length > cap) tooLarge();
    for (let at = 0; at < body.length; at += 1 << 16) onChunk(body.subarray(at, at + (1 << 16)));
    return body.length;
  }
  const inflater = createInflateRaw({ chunkSize: 1 << 18 });
  inflater.end(body);
  let size = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > cap) tooLarge();
      onChunk(chunk);
    }
  } finally {
    inflater.destroy();
  }
  return size;
}

/**
 * Checks an .xlsx (its bytes, already known to start like a zip) against the
 * limits before it is loaded; throws a `LimitProblem` saying which limit it
 * passes, or that the zip itself is damaged.
 *
 * Cost: one pass of inflating every part (a few milliseconds for a scorecard,
 * about a second at the limits), in 256 KB pieces.
 */
export async function checkZip(zip: Buffer, limits: Limits = LIMITS): Promise<ZipSummary> {
  const parts = zipParts(zip);
  if (!parts)
    throw new LimitProblem(
      "is damaged or not an .xlsx workbook (its zip directory is missing or cut short: was the file copied or downloaded in full?)"
    );
  if (parts.length > limits.parts)
    throw new LimitProblem(
      `has ${formatCount(parts.length)} parts in its zip; this tool reads workbooks of up to ${formatCount(limits.parts)} parts`
    );
  let names: Map<string, string> | undefined;
  const label = (part: ZipPart): string =>
    partLabel(part.name, (names ??= sheetPartNames(zip, parts)));
  // The directory's own claims first: refused without unpacking anything.
  let claimed = 0;
  for (const part of parts) {
    if (part.name.endsWith("/")) continue;
    if (part.size > limits.partBytes)
      throw new LimitProblem(
        `has a part, ${label(part)}, of ${formatBytes(part.size)} unpacked; this tool reads parts of up to ${formatBytes(limits.partBytes)}`
      );
    claimed += part.size;
  }
  if (claimed > limits.unpackedBytes)
    throw new LimitProblem(
      `unpacks to ${formatBytes(claimed)}; this tool reads workbooks of up to ${formatBytes(limits.unpackedBytes)} unpacked`
    );

  let unpacked = 0;
  let cells = 0;
  let rows = 0;
  for (const part of parts) {
    if (part.name.endsWith("/")) continue;
    if ((part.flags & 1) !== 0)
      throw new LimitProblem(
        `is encrypted (its part ${part.name} needs a zip password); save an unprotected copy as .xlsx and try again`
      );
    if (part.method !== 0 && part.method !== 8)
      throw new LimitProblem(
        `is damaged or not an .xlsx workbook (its part ${part.name} uses zip compression method ${part.method}, which Excel does not write)`
      );
    const body = zipPartBody(zip, part);
    if (!body)
      throw new LimitProblem(
        `is damaged or not an .xlsx workbook (its part ${part.name} is not where the zip directory says, or is cut short)`
      );
    const name = part.name.replace(/^\/+/, "");
    const counters: TagCounter[] = [];
    let kind: "sheet" | "strings" | undefined;
    if (WORKSHEET.test(name)) {
      kind = "sheet";
      counters.push(new TagCounter("row"), new TagCounter("c"));
    } else if (name === "xl/sharedStrings.xml") {
      kind = "strings";
      counters.push(new TagCounter("si"));
    }
    // The claims are within the limits (above), so a part unpacking to more than its claim is
    // the only way past them: the directory lies (a damaged file, or a bomb built to fool a check).
    const cap = Math.min(part.size, limits.partBytes, limits.unpackedBytes - unpacked);
    const tooLarge = (): never => {
      throw new LimitProblem(
        `is damaged or not an .xlsx workbook (its part ${label(part)} unpacks to more than the ${formatBytes(part.size)} its zip directory says: a damaged file, or a zip bomb)`
      );
    };
    const checkCounts = (): void => {
      if (kind === "sheet") {
        if (rows + counters[0]!.count > limits.rows)
          throw new LimitProblem(
            `has more than ${formatCount(limits.rows)} rows (the count passes it in ${label(part)}); this tool reads workbooks of up to ${formatCount(limits.rows)} rows in all`
          );
        if (cells + counters[1]!.count > limits.cells)
          throw new LimitProblem(
            `has more than ${formatCount(limits.cells)} cells (the count passes it in ${label(part)}); this tool reads workbooks of up to ${formatCount(limits.cells)} cells in all`
          );
      } else if (kind === "strings" && counters[0]!.count > limits.sharedStrings)
        throw new LimitProblem(
          `has more than ${formatCount(limits.sharedStrings)} shared strings; this tool reads workbooks of up to ${formatCount(limits.sharedStrings)} shared strings`
        );
    };
    let size: number;
    try {
      size = await unpackPart(
        body,
        part,
        cap,
        (chunk) => {
          if (counters.length === 0) return;
          for (const counter of counters) counter.add(chunk);
          checkCounts();
        },
        tooLarge
      );
    } catch (cause) {
      if (cause instanceof LimitProblem) throw cause;
      throw new LimitProblem(
        `is damaged or not an .xlsx workbook (its part ${label(part)} cannot be unpacked: ${zlibProblem(cause)})`
      );
    }
    unpacked += size;
    if (kind === "sheet") {
      rows += counters[0]!.count;
      cells += counters[1]!.count;
    }
  }
  return { parts, unpackedBytes: unpacked, cells, rows };
}

/** zlib's message, which is plain ("invalid stored block lengths"), or a general one. */
function zlibProblem(cause: unknown): string {
  const message = (cause as Error | undefined)?.message;
  return typeof message === "string" && /^[\w\s,.'-]{1,80}$/.test(message)
    ? message
    : "its compressed data is damaged";
}
