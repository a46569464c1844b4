import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCsv } from "../workbook/csv";
import { parseRulesTable, type RulesTable } from "../workbook/rules-table";
import { runWorkbook, type RunOptions } from "../workbook/run";
import {
  InputError,
  OutputError,
  readInputFile,
  readWorkbookFile,
  writeWorkbookFile,
} from "../xlsx/io";
import { snapshotWorkbook } from "../xlsx/read";
import { applyPlan } from "../xlsx/write";
import { defaultOutputPath, parseArgs, USAGE, UsageError, type RateArgs } from "./args";
import { resultJson } from "./json";
import { Progress, type ProgressStream } from "./progress";
import { formatSummary } from "./summary";

/** Exit codes (also in the usage text and docs/cli.md). */
export const EXIT = { ok: 0, runError: 1, usage: 2, unreadable: 3 } as const;

export interface CliIO {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: ProgressStream;
  /** Folder relative paths are resolved from. */
  readonly cwd: string;
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

async function readRules(path: string, cwd: string): Promise<RulesTable> {
  const bytes = await readInputFile(resolve(cwd, path)).catch((cause: unknown) => {
    throw cause instanceof InputError ? new InputError(path, cause.problem) : cause;
  });
  return parseRulesTable(parseCsv(bytes.toString("utf8")));
}

async function rate(args: RateArgs, io: CliIO): Promise<number> {
  const inputPath = resolve(io.cwd, args.input);
  const output = args.dryRun
    ? null
    : args.inPlace
      ? args.input
      : (args.output ?? defaultOutputPath(args.input));
  if (output !== null && !args.inPlace && resolve(io.cwd, output) === inputPath)
    throw new UsageError(
      `The output would overwrite the input ${args.input}; use --in-place to do that.`
    );

  const progress = new Progress(io.stderr);
  try {
    const rules = args.rules === undefined ? undefined : await readRules(args.rules, io.cwd);
    progress.show(`Reading ${args.input}`);
    const workbook = await readWorkbookFile(inputPath).catch((cause: unknown) => {
      throw cause instanceof InputError ? new InputError(args.input, cause.problem) : cause;
    });
    const sheetCount = workbook.worksheets.length;
    progress.plan(sheetCount * 2 + 2);
    const snapshot = snapshotWorkbook(workbook, (name) => progress.step(`Read "${name}"`));
    const options: RunOptions = {
      ...(args.clear ? { mode: "clear" as const } : {}),
      ...(args.sheets ? { sheets: args.sheets } : {}),
      ...(rules ? { rules } : {}),
      ...(args.tolerance ? { settings: { defaults: { tolerance: args.tolerance } } } : {}),
    };
    progress.show(args.clear ? "Planning the clear" : "Rating");
    const result = runWorkbook(snapshot, options);
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
      applyPlan(workbook, result.plan, (name) => progress.step(`Updated "${name}"`));
      progress.show(`Writing ${output}`);
      await writeWorkbookFile(workbook, resolve(io.cwd, output)).catch((cause: unknown) => {
        throw cause instanceof OutputError ? new OutputError(output, cause.problem) : cause;
      });
    }
    progress.step("Done");
    progress.end();
    if (args.json)
      io.stdout.write(`${JSON.stringify(resultJson(result, args.input, output), null, 2)}\n`);
    else io.stdout.write(formatSummary({ result, input: args.input, output, clear: args.clear }));
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
    return await rate(args, io);
  } catch (cause) {
    if (cause instanceof UsageError) {
      io.stderr.write(`${PROGRAM}: ${cause.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (cause instanceof InputError) {
      io.stderr.write(`${PROGRAM}: ${cause.message}\n`);
      return EXIT.unreadable;
    }
    if (cause instanceof OutputError) {
      io.stderr.write(`${PROGRAM}: ${cause.message}; nothing was written.\n`);
      return EXIT.runError;
    }
    io.stderr.write(`${PROGRAM}: unexpected error: ${(cause as Error)?.stack ?? String(cause)}\n`);
    return EXIT.runError;
  }
}
