import { readdir, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { JSON_VERSION, type JsonDocument } from "./json";
import { UsageError, type RateArgs } from "./args";
import { ProgressBar, type ProgressStream } from "./progress";

/*
 * Several workbooks in one run: `rate a.xlsx b.xlsx …` or a folder. Each
 * workbook is rated by the one-workbook command (the same `main`, with its
 * own argv) in a worker thread, so a damaged file, a refusal or a bug in one
 * never stops the others, and the report is printed once, in input order.
 */

/** One workbook of a batch: where it is read from and the argv that rates it. */
export interface BatchItem {
  readonly input: string;
  readonly argv: readonly string[];
}

/** What rating one workbook printed, as a worker hands it back. */
export interface BatchOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The workbook in one line and where it went, once it was rated (cleared, or dry-run). */
  readonly rated: { readonly line: string; readonly output: string | null } | null;
}

/** A folder named as input that holds no workbook: an input that cannot be read (exit 3). */
export class FolderWithoutWorkbooks extends Error {
  constructor(readonly folder: string) {
    super(`${folder}: is a directory with no .xlsx or .xlsm workbook in it to rate`);
    this.name = "FolderWithoutWorkbooks";
  }
}

/** A workbook this tool reads, by name; `~$` files are Excel's locks, `*-rated.xlsx` earlier outputs. */
function isWorkbookInFolder(name: string): boolean {
  return (
    /\.xls[xm]$/i.test(name) &&
    !name.startsWith("~$") &&
    !name.startsWith(".") &&
    !/-rated\.xls[xm]$/i.test(name)
  );
}

/**
 * The workbooks `args` names, folders expanded (sorted by name, not into
 * sub-folders), or undefined when it names one workbook (the ordinary run).
 * A folder without workbooks is an input that cannot be read (exit 3).
 */
export async function batchInputs(args: RateArgs, cwd: string): Promise<string[] | undefined> {
  const expanded: string[] = [];
  let folder = false;
  for (const input of args.inputs) {
    const info = await stat(resolve(cwd, input)).catch(() => undefined);
    if (!info?.isDirectory()) {
      expanded.push(input);
      continue;
    }
    folder = true;
    const names = (await readdir(resolve(cwd, input)))
      .filter(isWorkbookInFolder)
      .sort((a, b) => a.localeCompare(b, "en"));
    if (names.length === 0) throw new FolderWithoutWorkbooks(input);
    expanded.push(...names.map((name) => join(input, name)));
  }
  return folder || expanded.length > 1 ? expanded : undefined;
}

/** The one-workbook argv for each input: the same options, and its own output. */
export function batchItems(args: RateArgs, inputs: readonly string[]): BatchItem[] {
  const options: string[] = [
    ...(args.rules === undefined ? [] : ["--rules", args.rules]),
    ...(args.toleranceText === undefined ? [] : ["--tolerance", args.toleranceText]),
    ...(args.sheets === undefined ? [] : ["--sheets", args.sheets.join(",")]),
    ...(args.json ? ["--json"] : []),
    ...(args.clear ? ["--clear"] : []),
    ...(args.findings ? ["--findings"] : []),
    ...(args.summary ? ["--summary"] : []),
    ...(args.overview ? ["--overview"] : []),
    ...(args.learn ? ["--learn"] : []),
    ...(args.dryRun ? ["--dry-run"] : []),
    ...(args.inPlace ? ["--in-place"] : []),
  ];
  const outputs = new Map<string, string>();
  return inputs.map((input) => {
    const output = args.output === undefined ? undefined : join(args.output, basename(input));
    if (output !== undefined && !args.dryRun) {
      const twice = outputs.get(output);
      if (twice !== undefined)
        throw new UsageError(
          `${twice} and ${input} would both be written to ${output}; rate them into different folders.`
        );
      outputs.set(output, input);
    }
    return {
      input,
      argv: ["rate", ...options, ...(output === undefined ? [] : ["-o", output]), "--", input],
    };
  });
}

/** The worker thread that runs the command on one workbook at a time (bin/rate-worker.js). */
const WORKER = new URL("../../bin/rate-worker.js", import.meta.url);
/** What this code is running from, for the workers to load the same: the bundle (build/cli/main.mjs) or the sources. */
const RUNNING_FROM = import.meta.url.endsWith(".ts") ? "source" : "bundle";

/**
 * Rates `items` in `width` worker threads, each taking the next workbook when
 * it is done; `onDone` is told of each as it finishes. The outcomes come back
 * in the order of `items`.
 */
export async function rateInWorkers(
  items: readonly BatchItem[],
  cwd: string,
  width: number,
  onDone: (item: BatchItem, outcome: BatchOutcome) => void
): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = new Array<BatchOutcome>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    const worker = new Worker(WORKER, { workerData: { cli: RUNNING_FROM } });
    try {
      while (next < items.length) {
        const at = next++;
        const item = items[at]!;
        const outcome = await new Promise<BatchOutcome>((done, fail) => {
          const onError = (cause: Error): void => fail(cause);
          worker.once("error", onError);
          worker.once("message", (reply: BatchOutcome) => {
            worker.off("error", onError);
            done(reply);
          });
          worker.postMessage({ argv: item.argv, cwd });
        });
        outcomes[at] = outcome;
        onDone(item, outcome);
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, lane));
  return outcomes;
}

/** One workbook in the `--json` document of a batch (docs/json-output.md, "Several workbooks"). */
export interface JsonBatchEntry {
  readonly input: string;
  readonly exitCode: number;
  readonly errors: readonly string[];
  readonly result: JsonDocument | null;
}

export interface JsonBatchDocument {
  readonly version: number;
  readonly workbooks: readonly JsonBatchEntry[];
}

function errorLines(stderr: string): string[] {
  return stderr
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => line.replace(/^scorecard-rag: /, ""));
}

/** The end of a batch's text report: a line per workbook, then the totals. */
export function batchTotals(
  items: readonly BatchItem[],
  outcomes: readonly BatchOutcome[],
  dryRun: boolean
): string {
  const lines = outcomes.map((outcome, i) => {
    const input = items[i]!.input;
    if (outcome.code !== 0 || !outcome.rated)
      return `  ${input}: failed (exit ${outcome.code}): ${errorLines(outcome.stderr)
        .map((line) => (line.startsWith(`${input}: `) ? line.slice(input.length + 2) : line))
        .join(" ")}`;
    const { line, output } = outcome.rated;
    return `  ${input}: ${line}${output ? `; written to ${output}` : ""}`;
  });
  const failed = outcomes.filter((o) => o.code !== 0).length;
  const done = outcomes.length - failed;
  const what = dryRun ? "rated (nothing written)" : "done";
  const totals = `${outcomes.length} workbooks: ${done} ${what}${failed > 0 ? `, ${failed} failed (see the messages above)` : ""}.`;
  return `Workbooks:\n${lines.join("\n")}\n\n${totals}\n`;
}

/**
 * `rate` over several workbooks: each rated in a worker, progress on stderr,
 * then each one's report in input order and the totals (or one JSON
 * document). Returns the highest exit code of the workbooks.
 */
export async function rateMany(
  args: RateArgs,
  inputs: readonly string[],
  io: {
    readonly stdout: { write(text: string): unknown };
    readonly stderr: ProgressStream;
    readonly cwd: string;
    readonly progressDelayMs?: number;
  }
): Promise<number> {
  if (args.output !== undefined) {
    const info = await stat(resolve(io.cwd, args.output)).catch(() => undefined);
    const problem = info
      ? info.isDirectory()
        ? undefined
        : "is a file"
      : /\.xls[xm]$/i.test(args.output)
        ? "looks like a workbook's name"
        : undefined;
    if (problem)
      throw new UsageError(
        `With several workbooks, -o names a folder for the rated copies; ${args.output} ${problem}.`
      );
  }
  const items = batchItems(args, inputs);
  const progress = new ProgressBar(
    io.stderr,
    io.progressDelayMs === undefined ? {} : { delayMs: io.progressDelayMs }
  );
  progress.plan(items.length);
  let finished = 0;
  progress.show(`Rating ${items.length} workbooks`);
  let outcomes: BatchOutcome[];
  try {
    outcomes = await rateInWorkers(items, io.cwd, args.jobs ?? availableParallelism(), (item) => {
      finished += 1;
      progress.step(`${finished} of ${items.length}: ${item.input}`);
    });
  } finally {
    progress.end();
  }
  for (const outcome of outcomes) io.stderr.write(outcome.stderr);
  if (args.json) {
    const document: JsonBatchDocument = {
      version: JSON_VERSION,
      workbooks: outcomes.map((outcome, i) => ({
        input: items[i]!.input,
        exitCode: outcome.code,
        errors: outcome.code === 0 ? [] : errorLines(outcome.stderr),
        result: outcome.code === 0 ? (JSON.parse(outcome.stdout) as JsonDocument) : null,
      })),
    };
    io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    outcomes.forEach((outcome, i) => {
      const report =
        outcome.code === 0
          ? outcome.stdout
          : `Failed (exit ${outcome.code}): ${errorLines(outcome.stderr).join(" ")}\n`;
      io.stdout.write(`=== ${items[i]!.input} ===\n${report}\n`);
    });
    io.stdout.write(batchTotals(items, outcomes, args.dryRun));
  }
  return Math.max(0, ...outcomes.map((o) => o.code));
}
