import { resolve } from "node:path";
import { parseCsv } from "../workbook/csv";
import { createSession, type Session } from "../session/session";
import { describeLearned, learnedRulesRows, type LearnedRules } from "../workbook/learn-rules";
import { parseRulesTable, type RulesTable } from "../workbook/rules-table";
import type { Message } from "../workbook/run";
import {
  InputError,
  OutputError,
  openPackageFile,
  packageInputError,
  writeOutputFile,
} from "../xlsx/io";
import { createPackagePort } from "../xlsx/package/port";
import type { LearnArgs } from "./args";

/** What learning from a workbook gives: the evidence, and the rules to rate with. */
export interface Learning {
  readonly learned: LearnedRules;
  readonly rules: RulesTable;
  /** The rules as CSV text, in the format `--rules` reads. */
  readonly csv: string;
  /** Sheets asked for that the workbook does not have. */
  readonly errors: readonly Message[];
}

/** A CSV field, quoted when it must be (RFC 4180). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Learns the rules from the RAGs the workbook publishes, on `sheets` (all by
 * default), through the session, as `scorecard-rag learn-rules` and `rate --learn` do.
 */
export async function learnThrough(
  session: Session,
  sheets?: readonly string[]
): Promise<Learning> {
  const { learned, result: run } = await session.learn(sheets ? { sheets } : {});
  const rows = learnedRulesRows(learned);
  const csv = `${rows.map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
  // Read back as a file would be, so that what is rated with is exactly what was written.
  const rules = parseRulesTable(parseCsv(csv));
  return { learned, rules, csv, errors: run.warnings.filter((w) => w.severity === "error") };
}

/** The evidence, one indicator a line, with every rating no rule reproduces under it. */
export function learningReport(learned: LearnedRules): string {
  const lines: string[] = [];
  if (learned.hint)
    lines.push(
      `Rating key at ${learned.hint.where}: "${learned.hint.text}" (read as a ${learned.hint.scheme === "floor" ? "floor standard" : "relative tolerance"} scheme).`
    );
  lines.push(
    `Learned from ${learned.ratings} published rating${learned.ratings === 1 ? "" : "s"} of ${learned.indicators.length} indicator${learned.indicators.length === 1 ? "" : "s"}:`
  );
  for (const indicator of learned.indicators) {
    lines.push(`  ${describeLearned(indicator)}`);
    for (const conflict of indicator.learned.conflicts)
      lines.push(`    no rule reproduces ${conflict.rating.where}: ${conflict.why}.`);
  }
  const slips = learned.indicators.reduce((n, i) => n + i.learned.conflicts.length, 0);
  lines.push(
    slips === 0
      ? "Every published rating is reproduced."
      : `${slips} published rating${slips === 1 ? "" : "s"} no single rule reproduces (listed above): check ${slips === 1 ? "it" : "them"} before publication.`
  );
  return `${lines.join("\n")}\n`;
}

/** The learning as JSON (docs/json-output.md, `learned`). */
export function learningJson(learned: LearnedRules): object {
  return {
    hint: learned.hint
      ? { scheme: learned.hint.scheme, text: learned.hint.text, cell: learned.hint.where }
      : null,
    ratings: learned.ratings,
    indicators: learned.indicators.map((i) => ({
      code: i.code,
      polarity: i.polarity,
      kind: i.learned.kind,
      floor: i.learned.fields.floor ?? null,
      tolerance: i.learned.fields.tolerance ?? null,
      amber: i.learned.fields.amber ?? null,
      interval: i.learned.interval
        ? {
            low: Number.isFinite(i.learned.interval.low) ? i.learned.interval.low : null,
            lowOpen: i.learned.interval.lowOpen,
            high: Number.isFinite(i.learned.interval.high) ? i.learned.interval.high : null,
            highOpen: i.learned.interval.highOpen,
          }
        : null,
      counts: i.learned.counts,
      evidence: describeLearned(i),
      conflicts: i.learned.conflicts.map((c) => ({ cell: c.rating.where, reason: c.why })),
    })),
  };
}

/** What `learn-rules` needs of the command line around it. */
export interface LearnIO {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly cwd: string;
}

/**
 * `scorecard-rag learn-rules IN.xlsx [--sheets …] -o rules.csv`: learns the
 * rules, writes the CSV (as the workbook is written, `writeOutputFile`), and
 * prints the evidence (or the JSON). Returns the exit code; unreadable input
 * and unwritable output throw as they do for `rate`.
 */
export async function runLearnRules(
  args: LearnArgs,
  io: LearnIO,
  exits: { readonly ok: number; readonly runError: number }
): Promise<number> {
  const book = await openPackageFile(resolve(io.cwd, args.input)).catch((cause: unknown) => {
    throw cause instanceof InputError
      ? new InputError(args.input, cause.problem, { cause: cause.cause })
      : cause;
  });
  const learning = await learnThrough(createSession(createPackagePort(book)), args.sheets).catch(
    (cause: unknown) => {
      throw packageInputError(args.input, cause);
    }
  );
  if (learning.errors.length > 0) {
    for (const e of learning.errors) io.stderr.write(`scorecard-rag: ${e.message}\n`);
    io.stderr.write("scorecard-rag: nothing was written.\n");
    return exits.runError;
  }
  await writeOutputFile(resolve(io.cwd, args.output), async () => learning.csv).catch(
    (cause: unknown) => {
      throw cause instanceof OutputError
        ? new OutputError(args.output, cause.problem, { cause: cause.cause })
        : cause;
    }
  );
  if (args.json)
    io.stdout.write(
      `${JSON.stringify({ version: 1, input: args.input, output: args.output, learned: learningJson(learning.learned) }, null, 2)}\n`
    );
  else io.stdout.write(`${learningReport(learning.learned)}Written to ${args.output}\n`);
  return exits.ok;
}
