import ExcelJS from "exceljs";
import {
  installExcelJsFixes,
  ReaderProblem,
  withReadContext,
  type ReadContext,
  type ReaderWarning,
} from "./exceljs-fixes";
import { contentExcelJsDrops, type LostContent } from "./fidelity";
import { InputError, noWorksheets, readWorkbookBytes, writeOutputFile } from "../../src/xlsx/io";
import { sheetPartNames } from "../../src/xlsx/limits";
import { workbookBytes } from "./serialize";

/*
 * Workbook files through ExcelJS: the reference .xlsx port's reading and
 * saving (src/xlsx/port.ts), which the tests use as an independent reader and
 * writer beside the package port the command line runs (src/xlsx/package/).
 */

export type { ReaderWarning } from "./exceljs-fixes";

/**
 * Opens an .xlsx workbook. Every way it can fail (missing, a directory, not a
 * zip, an old .xls, encrypted, a damaged zip, a zip that is not a workbook) is
 * an `InputError` naming the file and the problem.
 */
export async function readWorkbookFile(path: string): Promise<ExcelJS.Workbook> {
  return (await openWorkbookFile(path)).workbook;
}

/** What an error from ExcelJS says, when it is plain words (an XML parser's `3:15: unclosed tag`), not JavaScript's. */
function readerDetail(cause: unknown): string | undefined {
  if (!(cause instanceof Error) || cause instanceof TypeError || cause instanceof RangeError)
    return undefined;
  if (cause instanceof ReferenceError || cause instanceof SyntaxError) return undefined;
  const line = String(cause.message ?? "")
    .split("\n")[0]!
    .trim();
  if (!line || /\b(undefined|null|is not a function|of undefined|\.prototype)\b/.test(line))
    return undefined;
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

/** Why ExcelJS could not load the workbook, naming the part or sheet it was reading. */
function loadProblem(bytes: Buffer, context: ReadContext, cause: unknown): string {
  if (cause instanceof ReaderProblem) return cause.message;
  const detail = readerDetail(cause);
  let where: string | undefined;
  if (context.part !== undefined) {
    const part = context.part.replace(/^\/+/, "");
    const sheet = sheetPartNames(bytes).get(part);
    where = sheet === undefined ? `its part ${part}` : `sheet "${sheet}" (${part})`;
  } else if (context.sheet !== undefined) where = `sheet "${context.sheet}"`;
  if (where === undefined)
    return `is damaged or not an .xlsx workbook (${detail ?? "its parts do not fit together as a workbook's"})`;
  return detail === undefined
    ? `is damaged or not an .xlsx workbook (${where} could not be read: it is not what an .xlsx has there, or refers to a part the file lacks)`
    : `is damaged or not an .xlsx workbook (${where} could not be read: ${detail})`;
}

/**
 * Opens an .xlsx workbook as `readWorkbookFile` does, and says what in it a
 * saved copy will not have (charts, macros… see fidelity.ts) and what the
 * reader noticed in its cells (a number no double can hold, kept as text: see
 * exceljs-fixes.ts). A workbook past the limits of limits.ts is refused before
 * it is loaded.
 */
export async function openWorkbookFile(
  path: string
): Promise<{ workbook: ExcelJS.Workbook; lost: LostContent[]; warnings: ReaderWarning[] }> {
  const { bytes, summary } = await readWorkbookBytes(path);
  installExcelJsFixes();
  const workbook = new ExcelJS.Workbook();
  const context: ReadContext = { warnings: [] };
  try {
    await withReadContext(context, () => workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer));
  } catch (cause) {
    throw new InputError(path, loadProblem(bytes, context, cause), { cause });
  }
  if (workbook.worksheets.length === 0) throw new InputError(path, noWorksheets(summary));
  return { workbook, lost: contentExcelJsDrops(bytes), warnings: context.warnings };
}

/**
 * Writes the workbook to `path` through a temporary file in the same folder,
 * renamed into place once complete: a failure never leaves a half-written file,
 * and an existing file at `path` is replaced only by a whole new one. The
 * folder is created if missing.
 */
export async function writeWorkbookFile(workbook: ExcelJS.Workbook, path: string): Promise<void> {
  await writeOutputFile(path, () => workbookBytes(workbook));
}
