import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import ExcelJS from "exceljs";
import { installExcelJsFixes } from "./exceljs-fixes";
import { contentExcelJsDrops, type LostContent } from "./fidelity";
import { workbookBytes } from "./serialize";

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
  const code = (cause as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory, not a file";
    default:
      return (cause as Error).message;
  }
}

/** Reads a whole input file, with a one-line problem for the usual failures. */
export async function readInputFile(path: string): Promise<Buffer> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError(path, "is a directory, not a file");
    return await readFile(path);
  } catch (cause) {
    if (cause instanceof InputError) throw cause;
    throw new InputError(path, systemProblem(cause));
  }
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

/**
 * Opens an .xlsx workbook. Every way it can fail (missing, a directory, not a
 * zip, an old .xls, encrypted, a damaged zip, a zip that is not a workbook) is
 * an `InputError` naming the file and the problem.
 */
export async function readWorkbookFile(path: string): Promise<ExcelJS.Workbook> {
  return (await openWorkbookFile(path)).workbook;
}

/**
 * Opens an .xlsx workbook as `readWorkbookFile` does, and says what in it a
 * saved copy will not have (charts, macros… see fidelity.ts).
 */
export async function openWorkbookFile(
  path: string
): Promise<{ workbook: ExcelJS.Workbook; lost: LostContent[] }> {
  const bytes = await readInputFile(path);
  const problem = xlsxSignatureProblem(bytes);
  if (problem) throw new InputError(path, problem);
  installExcelJsFixes();
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (cause) {
    const detail = String((cause as Error).message ?? cause).split("\n")[0];
    throw new InputError(path, `is damaged or not an .xlsx workbook (${detail})`, { cause });
  }
  if (workbook.worksheets.length === 0)
    throw new InputError(path, "has no worksheets (is it an .xlsx workbook?)");
  return { workbook, lost: contentExcelJsDrops(bytes) };
}

/**
 * Writes the workbook to `path` through a temporary file in the same folder,
 * renamed into place once complete: a failure never leaves a half-written file,
 * and an existing file at `path` is replaced only by a whole new one. The
 * folder is created if missing.
 */
export async function writeWorkbookFile(workbook: ExcelJS.Workbook, path: string): Promise<void> {
  const folder = dirname(path);
  const temporary = join(
    folder,
    `.${basename(path)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`
  );
  try {
    await mkdir(folder, { recursive: true });
    const bytes = await workbookBytes(workbook);
    await writeFile(temporary, bytes, { flag: "wx" });
    const existing = await stat(path).catch(() => undefined);
    if (existing?.isDirectory()) throw Object.assign(new Error(), { code: "EISDIR" });
    // A replaced file keeps its permissions (the new one would get the defaults).
    if (existing) await chmod(temporary, existing.mode & 0o7777).catch(() => undefined);
    await rename(temporary, path);
  } catch (cause) {
    await unlink(temporary).catch(() => undefined);
    throw new OutputError(path, `cannot write: ${systemProblem(cause)}`, { cause });
  }
}
