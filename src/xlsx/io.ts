import { randomBytes } from "node:crypto";
import { constants, type Stats } from "node:fs";
import { chmod, mkdir, open, rename, stat, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { checkZip, formatBytes, LimitProblem, LIMITS, type ZipSummary } from "./limits";
import { PackageProblem, XlsxPackage } from "./package/archive";
import { BookProblem, PackageBook } from "./package/book";
import { SheetReadProblem } from "./package/read-sheet";
import { XmlShapeError } from "./package/xml";

/** A workbook (or other input file) that cannot be read: `path: problem`, one line. */
export class InputError extends Error {
  readonly path: string;
  readonly problem: string;
  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(`${path}: ${problem}`, options);
    this.name = "InputError";
    this.path = path;
    this.problem = problem;
  }
}

/** An output that could not be written (the input is untouched, no partial file is left). */
export class OutputError extends Error {
  readonly path: string;
  readonly problem: string;
  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(`${path}: ${problem}`, options);
    this.name = "OutputError";
    this.path = path;
    this.problem = problem;
  }
}

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

function systemProblem(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory, not a file";
    case "ENOTDIR":
      return "a folder on its path is a file";
    case "EROFS":
      return "the disk is read-only";
    case "ENOSPC":
    case "EDQUOT":
      return "the disk is full";
    case "ENAMETOOLONG":
      return "the name is too long";
    case "ELOOP":
      return "too many symbolic links on its path";
    case "EMFILE":
    case "ENFILE":
      return "too many files open";
    case "EIO":
      return "the disk reported an input/output error";
    case "EBUSY":
    case "ETXTBSY":
      return "the file is busy (open in another program?)";
    default: {
      const message = (cause as Error | undefined)?.message;
      // Node's own messages start with the code (`EXDEV: cross-device link not permitted, …`).
      return typeof message === "string" && message
        ? message.split("\n")[0]!.replace(/, (open|rename|mkdir|stat|write|read) '.*$/, "")
        : String(cause);
    }
  }
}

/** What a path is, when it is not a regular file: refused before it is read (a FIFO would block, a device never end). */
function notAFile(info: Stats): string | undefined {
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return "is a directory, not a file";
  if (info.isFIFO()) return "is a named pipe (FIFO), not a file; save the workbook to a file first";
  if (info.isSocket()) return "is a socket, not a file";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "is a device, not a file";
  return "is not a regular file";
}

const CHUNK = 1 << 20;

/**
 * Reads a whole input file, with a one-line problem for the usual failures.
 * Only a regular file of at most `LIMITS.inputBytes` is read: a directory,
 * device, FIFO or socket is refused before a byte is read (the file is opened
 * without blocking, then checked, so a FIFO cannot hang the run), and a file
 * that grows past the limit while it is read is refused too.
 */
export async function readInputFile(
  path: string,
  maxBytes: number = LIMITS.inputBytes
): Promise<Buffer> {
  try {
    const info = await stat(path);
    const problem = notAFile(info);
    if (problem) throw new InputError(path, problem);
    if (info.size > maxBytes) throw new InputError(path, tooLarge(info.size, maxBytes));
    const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      // The path may have changed since `stat`: judge what was opened.
      const opened = await handle.stat();
      const swapped = notAFile(opened);
      if (swapped) throw new InputError(path, swapped);
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const buffer = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        chunks.push(buffer.subarray(0, bytesRead));
        total += bytesRead;
        if (total > maxBytes) throw new InputError(path, tooLarge(total, maxBytes, true));
      }
      return Buffer.concat(chunks, total);
    } finally {
      await handle.close().catch(() => undefined);
    }
  } catch (cause) {
    if (cause instanceof InputError) throw cause;
    throw new InputError(path, systemProblem(cause));
  }
}

function tooLarge(size: number, limit: number, atLeast = false): string {
  return `is ${atLeast ? "more than " : ""}${formatBytes(atLeast ? limit : size)}; this tool reads files of up to ${formatBytes(limit)}`;
}

/**
 * What is wrong with `bytes` as an .xlsx file, judged by its first bytes, or
 * `undefined` when it looks like a zip (an .xlsx is a zip of XML parts).
 */
export function xlsxSignatureProblem(bytes: Buffer): string | undefined {
  if (bytes.length === 0) return "is empty (0 bytes), not an .xlsx workbook";
  if (bytes.subarray(0, 8).equals(OLE2)) {
    // Excel saves a password-protected .xlsx as an OLE2 container holding "EncryptionInfo".
    const encrypted = bytes.includes(Buffer.from("EncryptionInfo", "utf16le"));
    return encrypted
      ? "is encrypted (password-protected); save an unprotected copy as .xlsx and try again"
      : "is an old-style .xls workbook (OLE2), not .xlsx; save it as .xlsx in Excel and try again";
  }
  if (bytes.subarray(0, 4).equals(EMPTY_ZIP)) return "is an empty zip file, not an .xlsx workbook";
  if (!bytes.subarray(0, 4).equals(ZIP)) return "is not an .xlsx workbook (it is not a zip file)";
  return undefined;
}

/** Why a workbook that loaded has no worksheets, by the parts it lacks. */
export function noWorksheets(summary: ZipSummary): string {
  const has = (name: string): boolean =>
    summary.parts.some((p) => p.name.replace(/^\/+/, "") === name);
  if (!has("xl/workbook.xml"))
    return "is damaged or not an .xlsx workbook (it has no xl/workbook.xml, the part that lists the sheets)";
  if (!has("xl/_rels/workbook.xml.rels"))
    return "is damaged or not an .xlsx workbook (xl/_rels/workbook.xml.rels is missing, so its sheets cannot be found)";
  return "has no worksheets this tool can read (only chart sheets, or its sheets' parts are missing)";
}

/**
 * Creates `folder` and the folders above it that are missing, one at a time
 * (Node's `mkdir(…, { recursive: true })` can spin for minutes on a path it
 * cannot create, such as one under /proc).
 */
async function makeFolder(folder: string): Promise<void> {
  const missing: string[] = [];
  for (let at = folder; missing.length < 4096;) {
    const info = await stat(at).catch((cause: NodeJS.ErrnoException) => {
      if (cause.code === "ENOENT") return undefined;
      throw cause;
    });
    if (info) {
      if (!info.isDirectory()) throw Object.assign(new Error(), { code: "ENOTDIR" });
      break;
    }
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const dir of missing.reverse())
    await mkdir(dir).catch((cause: NodeJS.ErrnoException) => {
      if (cause.code !== "EEXIST") throw Object.assign(cause, { folder: dir });
    });
}

/**
 * Writes an output file (a temporary file in the
 * same folder, renamed into place; never over a device; the folder made if
 * missing), with the content made only once the target is known to be
 * writable. Any failure is an `OutputError` naming the file.
 */
export async function writeOutputFile(
  path: string,
  content: () => Promise<Uint8Array | string>
): Promise<void> {
  const folder = dirname(path);
  const temporary = join(
    folder,
    `.${basename(path)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`
  );
  try {
    // Never replace a device, a FIFO or a socket with a file (`-o /dev/null` as root would).
    const before = await stat(path).catch(() => undefined);
    if (before && !before.isFile())
      throw Object.assign(new Error(), { code: before.isDirectory() ? "EISDIR" : "ENOTFILE" });
    await makeFolder(folder);
    await writeFile(temporary, await content(), { flag: "wx" });
    const existing = await stat(path).catch(() => undefined);
    if (existing && !existing.isFile())
      throw Object.assign(new Error(), { code: existing.isDirectory() ? "EISDIR" : "ENOTFILE" });
    // A replaced file keeps its permissions (the new one would get the defaults).
    if (existing) await chmod(temporary, existing.mode & 0o7777).catch(() => undefined);
    await rename(temporary, path);
  } catch (cause) {
    await unlink(temporary).catch(() => undefined);
    throw new OutputError(path, `cannot write: ${writeProblem(cause)}`, { cause });
  }
}

function writeProblem(cause: unknown): string {
  const { code, folder } = (cause ?? {}) as { code?: string; folder?: string };
  if (code === "ENOTFILE") return "is a device, a named pipe or a socket, not a file";
  if (folder !== undefined)
    return `the folder ${folder} cannot be created (${systemProblem(cause)})`;
  return systemProblem(cause);
}

/**
 * An input workbook's bytes, refused (an `InputError` naming the file) unless
 * it is a regular file, a zip (not an .xls or encrypted file) and within the
 * limits of limits.ts, checked by streaming the zip before anything reads it.
 */
export async function readWorkbookBytes(
  path: string
): Promise<{ bytes: Buffer; summary: ZipSummary }> {
  const bytes = await readInputFile(path);
  const problem = xlsxSignatureProblem(bytes);
  if (problem) throw new InputError(path, problem);
  try {
    return { bytes, summary: await checkZip(bytes) };
  } catch (cause) {
    if (cause instanceof LimitProblem) throw new InputError(path, cause.message, { cause });
    throw cause;
  }
}

/**
 * Opens an .xlsx (or .xlsm) workbook as a package to be edited in place (see
 * package/): the checks of `readWorkbookBytes`, then the workbook, its
 * styles and its sheets' relationships. Sheets are read when the port asks.
 * Every failure is an `InputError` naming the file and the problem.
 */
export async function openPackageFile(path: string): Promise<PackageBook> {
  const { bytes, summary } = await readWorkbookBytes(path);
  try {
    const book = await PackageBook.open(XlsxPackage.read(bytes));
    if (book.worksheets().length === 0) throw new InputError(path, noWorksheets(summary));
    return book;
  } catch (cause) {
    throw packageInputError(path, cause);
  }
}

/** A reading failure of the package as an `InputError` (one already is one stays as it is). */
export function packageInputError(path: string, cause: unknown): unknown {
  if (cause instanceof InputError) return cause;
  if (cause instanceof SheetReadProblem && !cause.damaged)
    return new InputError(path, cause.message, { cause });
  if (
    cause instanceof PackageProblem ||
    cause instanceof BookProblem ||
    cause instanceof SheetReadProblem ||
    cause instanceof XmlShapeError
  )
    return new InputError(path, `is damaged or not an .xlsx workbook (${cause.message})`, {
      cause,
    });
  return cause;
}

/** Writes the package (unchanged parts as they were stored) to `path`, as `writeOutputFile` does. */
export async function writePackageFile(book: PackageBook, path: string): Promise<void> {
  await writeOutputFile(path, () => book.pkg.write());
}
