import { readFileSync } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCsv } from "../workbook/csv";
import { parseRulesTable, type RulesTable } from "../workbook/rules-table";
import type { Message, RunOptions, RunResult } from "../workbook/run";
import {
  InputError,
  OutputError,
  openPackageFile,
  packageInputError,
  readInputFile,
  writePackageFile,
  xlsxSignatureProblem,
} from "../xlsx/io";
import { createPackagePort } from "../xlsx/package/port";
import type { Progress } from "../session/host-actions";
import { createSession } from "../session/session";
import { defaultOutputPath, parseArgs, USAGE, UsageError, type RateArgs } from "./args";
import { batchInputs, FolderWithoutWorkbooks, rateMany } from "./batch";
import { resultJson } from "./json";
import { learnThrough, learningJson, learningReport, runLearnRules } from "./learn";
import { ProgressBar, type ProgressStream } from "./progress";
import { formatSummary, workbookLine } from "./summary";

/** Exit codes (also in the usage text and docs/json-output.md). */
export const EXIT = { ok: 0, runError: 1, usage: 2, unreadable: 3 } as const;

export interface CliIO {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: ProgressStream;
  /** Folder relative paths are resolved from. */
  readonly cwd: string;
  /** Told as each phase of a run ends (read, snapshot, rate, apply, write, report): the benchmark times them. */
  readonly onPhase?: (phase: string) => void;
  /** How long a run goes before a progress bar is drawn (default 400 ms); tests use 0. */
  readonly progressDelayMs?: number;
  /** Told of a successful rate, clear or dry run: the workbook in one line, and where it was written (a batch's totals). */
  readonly onRated?: (rated: { readonly line: string; readonly output: string | null }) => void;
  /** Print the stack of an internal error (a bug); default: the SCORECARD_RAG_DEBUG environment variable. */
  readonly debug?: boolean;
}

const PROGRAM = "scorecard-rag";

function version(): string {
  try {
    const url = new URL("../../package.json", import.meta.url);
    return (JSON.parse(readFileSync(fileURLToPath(url), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/**
 * The text of a CSV file as Excel saves one: UTF-8 (with or without a BOM),
 * UTF-16 with a BOM ("Unicode text"), or, failing UTF-8, Windows-1252, which
 * is what "CSV (Comma delimited)" writes on Windows (a `±` or `é` there is not
 * valid UTF-8, and would otherwise read as U+FFFD).
 */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

async function readRules(path: string, cwd: string): Promise<RulesTable> {
  const bytes = await readInputFile(resolve(cwd, path)).catch((cause: unknown) => {
    throw cause instanceof InputError ? new InputError(path, cause.problem) : cause;
  });
  if (xlsxSignatureProblem(bytes) === undefined)
    throw new InputError(path, "is a workbook, not a CSV file; save the rules sheet as CSV");
  return parseRulesTable(parseCsv(decodeCsv(bytes)));
}

/**
 * Whether two paths name the same file: the same path, or (when both exist)
 * the same file reached another way (a symbolic or hard link, a folder
 * spelled in another case on a case-insensitive disk).
 */
async function sameFile(a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  const [x, y] = await Promise.all([
    stat(a).catch(() => undefined),
    stat(b).catch(() => undefined),
  ]);
  return x !== undefined && y !== undefined && x.dev === y.dev && x.ino === y.ino;
}

function hasErrors(result: RunResult): boolean {
  return result.warnings.some((w) => w.severity === "error");
}

/** How far a run got, for the message when it fails unexpectedly. */
interface RunProgress {
  written?: string;
}

async function rate(args: RateArgs, io: CliIO, got: RunProgress): Promise<number> {
  const inputPath = resolve(io.cwd, args.input);
  const output = args.dryRun
    ? null
    : args.inPlace
      ? args.input
      : (args.output ?? defaultOutputPath(args.input));
  if (output !== null && !args.inPlace && (await sameFile(inputPath, resolve(io.cwd, output))))
    throw new UsageError(
      `The output would overwrite the input ${args.input}; use --in-place to do that.`
    );

  const progress = new ProgressBar(
    io.stderr,
    io.progressDelayMs === undefined ? {} : { delayMs: io.progressDelayMs }
  );
  try {
    const rules = args.rules === undefined ? undefined : await readRules(args.rules, io.cwd);
    progress.show(`Reading ${args.input}`);
    const book = await openPackageFile(inputPath).catch((cause: unknown) => {
      throw cause instanceof InputError
        ? new InputError(args.input, cause.problem, { cause: cause.cause })
        : cause;
    });
    io.onPhase?.("read");
    const sheetCount = book.worksheets().length;
    progress.plan(sheetCount * 2 + 2);
    const session = createSession(
      createPackagePort(book, {
        onSheet: (name, phase) =>
          progress.step(`${phase === "read" ? "Read" : "Updated"} "${name}"`),
      })
    );
    // Told as each stage of the session's rating starts: when one starts, the one before has ended.
    const phaseEnded: Partial<Record<Progress["stage"], string>> = {
      rating: "snapshot",
      writing: "rate",
      done: "apply",
    };
    const onProgress = (p: Progress): void => {
      const ended = phaseEnded[p.stage];
      if (ended) io.onPhase?.(ended);
    };
    // --learn: the rules the published RAGs imply, learned on the sheets being rated, then rated with.
    // A sheet is read when the session asks for it: a part that cannot be read is the input's problem.
    const reading = <T>(work: Promise<T>): Promise<T> =>
      work.catch((cause: unknown) => {
        throw packageInputError(args.input, cause);
      });
    const learning = args.learn ? await reading(learnThrough(session, args.sheets)) : undefined;
    const options: RunOptions = {
      ...(args.sheets ? { sheets: args.sheets } : {}),
      ...(rules ? { rules } : learning ? { rules: learning.rules } : {}),
      ...(args.tolerance ? { settings: { defaults: { tolerance: args.tolerance } } } : {}),
    };
    progress.show(args.clear ? "Planning the clear" : "Rating");
    let findingsSheet: string | undefined;
    let summarySheet: string | undefined;
    let overviewSheet: string | undefined;
    let run: RunResult;
    if (output === null)
      // A dry run: the same run, written nowhere.
      run = await reading(session.analyse({ ...options, mode: args.clear ? "clear" : "rate" }));
    else if (args.clear) {
      run = (await reading(session.clear(args.sheets))).result;
      io.onPhase?.("rate");
    } else {
      run = await reading(session.rate(options, onProgress));
      if (args.findings && !hasErrors(run)) findingsSheet = await session.createFindingsSheet(run);
      if (args.summary && !hasErrors(run)) summarySheet = await session.createSummarySheet(run);
      if (args.overview && !hasErrors(run)) overviewSheet = await session.createOverviewSheet(run);
    }
    // Cells the reader kept as text or could not read a result of (read-sheet.ts).
    const cellWarnings: Message[] = book.warnings.map((w) => ({
      severity: "warning",
      sheet: w.sheet,
      cell: w.cell,
      message: w.message,
    }));
    // Excel refuses to open a macro-enabled workbook saved under .xlsx.
    const macroWarnings: Message[] =
      output !== null && book.isMacroEnabled() && !/\.xlsm$/i.test(output)
        ? [
            {
              severity: "warning",
              message: `${args.input} is a macro-enabled workbook, so Excel opens ${output} only if it is renamed to .xlsm.`,
            },
          ]
        : [];
    const result: RunResult = {
      ...run,
      warnings: [...cellWarnings, ...run.warnings, ...macroWarnings],
    };
    progress.step("Rated");

    const errors = result.warnings.filter((w) => w.severity === "error");
    if (errors.length > 0) {
      progress.end();
      for (const e of errors) {
        const where = [e.sheet, e.cell].filter(Boolean).join("!");
        io.stderr.write(`${PROGRAM}: ${where ? `${where}: ` : ""}${e.message}\n`);
      }
      io.stderr.write(`${PROGRAM}: nothing was written.\n`);
      return EXIT.runError;
    }

    if (output !== null) {
      progress.show(`Writing ${output}`);
      // In place through a symbolic link: replace the file it points to, not the link.
      const target = args.inPlace
        ? await realpath(inputPath).catch(() => inputPath)
        : resolve(io.cwd, output);
      await writePackageFile(book, target).catch((cause: unknown) => {
        throw cause instanceof OutputError
          ? new OutputError(output, cause.problem, { cause: cause.cause })
          : cause;
      });
      got.written = output;
      io.onPhase?.("write");
    }
    progress.step("Done");
    progress.end();
    io.onRated?.({ line: workbookLine(result), output });
    if (args.json)
      io.stdout.write(
        `${JSON.stringify(resultJson(result, args.input, output, learning ? learningJson(learning.learned) : null), null, 2)}\n`
      );
    else
      io.stdout.write(
        (learning ? `${learningReport(learning.learned)}\n` : "") +
          formatSummary({
            result,
            input: args.input,
            output,
            clear: args.clear,
            ...(findingsSheet ? { findingsSheet } : {}),
            ...(summarySheet ? { summarySheet } : {}),
            ...(overviewSheet ? { overviewSheet } : {}),
          })
      );
    io.onPhase?.("report");
    return EXIT.ok;
  } finally {
    progress.end();
  }
}

/**
 * The command line, in-process: `argv` without `node` and the script; returns
 * the exit code. Usage errors exit 2 with the usage on stderr, unreadable input
 * 3, errors the run reports (a missing sheet) or a failed write 1.
 */
export async function main(
  argv: readonly string[],
  io: CliIO = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }
): Promise<number> {
  const got: RunProgress = {};
  let input: string | undefined;
  try {
    const args = parseArgs(argv);
    if (args.command === "help") {
      io.stdout.write(USAGE);
      return EXIT.ok;
    }
    if (args.command === "version") {
      io.stdout.write(`${version()}\n`);
      return EXIT.ok;
    }
    input = args.input;
    if (args.command === "learn-rules") return await runLearnRules(args, io, EXIT);
    const batch = await batchInputs(args, io.cwd);
    if (batch) return await rateMany(args, batch, io);
    return await rate(args, io, got);
  } catch (cause) {
    if (cause instanceof UsageError) {
      io.stderr.write(`${PROGRAM}: ${cause.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (cause instanceof InputError || cause instanceof FolderWithoutWorkbooks) {
      io.stderr.write(`${PROGRAM}: ${oneLine(cause.message)}\n`);
      return EXIT.unreadable;
    }
    if (cause instanceof OutputError) {
      io.stderr.write(`${PROGRAM}: ${oneLine(cause.message)}; nothing was written.\n`);
      return EXIT.runError;
    }
    io.stderr.write(internalErrorMessage(cause, input, got.written, io.debug));
    return EXIT.runError;
  }
}

/** A message on one line (a file name may hold a line break). */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}

/**
 * What to say about an error nobody expected (a bug in this tool): one line,
 * no stack trace, unless asked for (`SCORECARD_RAG_DEBUG=1`), to report it.
 */
export function internalErrorMessage(
  cause: unknown,
  input?: string,
  written?: string,
  debug = process.env.SCORECARD_RAG_DEBUG === "1"
): string {
  const what =
    written === undefined
      ? "nothing was written"
      : `${written} was written, but the report could not be printed`;
  const line =
    `${PROGRAM}: ${input === undefined ? "" : `${oneLine(input)}: `}internal error ` +
    `(a bug in ${PROGRAM}, not a problem you can fix in the workbook); ${what}. ` +
    `Please report it, with the workbook if you can; SCORECARD_RAG_DEBUG=1 shows the details.\n`;
  if (!debug) return line;
  const detail =
    cause instanceof Error ? (cause.stack ?? `${cause.name}: ${cause.message}`) : String(cause);
  return `${line}${detail}\n`;
}
