import { parseTolerance, type Tolerance } from "../engine/tolerance";

export const USAGE = `Usage: scorecard-rag rate <input.xlsx> [options]
       scorecard-rag rate <a.xlsx> <b.xlsx>… | <folder> [options]
       scorecard-rag learn-rules <input.xlsx> -o <rules.csv> [--sheets <names>] [--json]

Rates every indicator table in the workbook Red/Amber/Green with the
workbook's own rules, adds short and long trends and commentary beside each
table, colours the RAG cells, and notes flagged values. Writes a copy; the
input is never changed unless --in-place.

Several workbooks, or a folder (its .xlsx and .xlsm files, not earlier
*-rated.xlsx/.xlsm outputs), are rated side by side in worker threads, with one
summary (or one JSON document) at the end; -o then names a folder for the
copies, which keep their names.

Options:
  -o, --output <file.xlsx>  where to write (default: <input>-rated.xlsx, or .xlsm, beside the input);
                            with several workbooks, a folder
      --in-place            overwrite the input instead of writing a copy
      --rules <rules.csv>   rules table: code,polarity,target,floor,lower,upper,
                            tolerance,amber,rated (overrides the "Rules" sheet)
      --tolerance <t>       default Amber tolerance: 5%, 2pp, ±3 (default 5%)
      --learn               learn each indicator's floor or tolerance from the RAGs the
                            workbook publishes (as learn-rules does), then rate with them
      --sheets <names>      comma-separated sheets to rate, e.g. "Kent,Ashford"
                            (default: every sheet)
      --findings            add a "Findings" sheet listing every flag with a link
                            to its cell, for sign-off (replaces the previous one)
      --summary             add a "Summary" sheet: one row per indicator (RAG, trends,
                            variation, assurance, benchmark), each linked to its value,
                            set to print on one A4 landscape page (replaces the previous one)
      --overview            add an "Overview" sheet: indicators down, tabs across, each cell
                            the RAG (▲/▼ where a district is an outlier against the others),
                            linked to its value, set to print A4 landscape (replaces the previous one)
      --clear               remove this tool's ratings (and its Findings, Summary and Overview sheets)
      --json                print the results as JSON on stdout (docs/json-output.md)
  -n, --dry-run             rate and report, but write no file
  -j, --jobs <n>            with several workbooks, how many to rate at once
                            (default: one per processor)
  -h, --help                show this help
  -V, --version             show the version

learn-rules finds, for each indicator code, the rule that reproduces the RAGs the
workbook already publishes (on every sheet, or --sheets), writes it as a rules CSV
that --rules reads, and prints the evidence and every rating no rule reproduces.

Exit codes (with several workbooks, the highest of theirs):
0 done; 1 the run reported an error (nothing written);
2 usage error; 3 the input (or rules file) cannot be read: missing, not a
regular file, not an .xlsx, damaged, or beyond the limits: 100 MB on disk,
200 MB unpacked per part and 400 MB in all, 4,000,000 cells, 1,000,000 rows.
`;

export interface RateArgs {
  readonly command: "rate";
  /** The first workbook or folder named. */
  readonly input: string;
  /** Every workbook or folder named, in order (`input` is the first). */
  readonly inputs: readonly string[];
  /** How many workbooks to rate at once (`--jobs`); undefined: one per processor. */
  readonly jobs?: number;
  /** Undefined: the default beside the input (or the input itself with --in-place). */
  readonly output?: string;
  readonly rules?: string;
  readonly tolerance?: Tolerance;
  readonly toleranceText?: string;
  readonly sheets?: readonly string[];
  readonly json: boolean;
  readonly clear: boolean;
  readonly findings: boolean;
  /** Write the Summary sheet (`--summary`). */
  readonly summary: boolean;
  /** Write the Overview sheet (`--overview`). */
  readonly overview: boolean;
  readonly inPlace: boolean;
  readonly dryRun: boolean;
  /** Learn the rules from the published RAGs first (`--learn`). */
  readonly learn: boolean;
}

export interface LearnArgs {
  readonly command: "learn-rules";
  readonly input: string;
  readonly output: string;
  readonly sheets?: readonly string[];
  readonly json: boolean;
}

export type ParsedArgs =
  RateArgs | LearnArgs | { readonly command: "help" } | { readonly command: "version" };

/** A mistake on the command line: exit 2 with the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const VALUE_OPTIONS = new Set([
  "-o",
  "--output",
  "--rules",
  "--tolerance",
  "--sheets",
  "-j",
  "--jobs",
]);
const FLAGS = new Set([
  "--json",
  "--clear",
  "--findings",
  "--summary",
  "--overview",
  "--learn",
  "--in-place",
  "-n",
  "--dry-run",
  "-h",
  "--help",
  "-V",
  "--version",
]);

/** Splits `--sheets "Kent, Ashford"` into names; names may contain spaces, not commas. */
export function parseSheetList(text: string): string[] {
  return text
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

/**
 * Parses the command line (without `node` and the script). `--opt value` and
 * `--opt=value` both work; `--` ends the options.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const values = new Map<string, string>();
  const sheets: string[] = [];
  const flags = new Set<string>();
  let optionsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (optionsEnded || !arg.startsWith("-") || arg === "-") {
      positional.push(arg);
      continue;
    }
    if (arg === "--") {
      optionsEnded = true;
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUE_OPTIONS.has(name)) {
      let value: string | undefined;
      if (eq > 0) value = arg.slice(eq + 1);
      else {
        value = argv[i + 1];
        if (value === undefined) throw new UsageError(`${name} needs a value.`);
        i++;
      }
      const key = name === "-o" ? "--output" : name === "-j" ? "--jobs" : name;
      if (key === "--sheets") sheets.push(...parseSheetList(value));
      else if (values.has(key)) throw new UsageError(`${name} is given twice.`);
      else values.set(key, value);
      if (key === "--sheets" && parseSheetList(value).length === 0)
        throw new UsageError(`--sheets needs at least one sheet name.`);
      continue;
    }
    if (FLAGS.has(name) && eq < 0) {
      flags.add(
        name === "-n" ? "--dry-run" : name === "-h" ? "--help" : name === "-V" ? "--version" : name
      );
      continue;
    }
    throw new UsageError(`Unknown option ${name}.`);
  }
  if (flags.has("--help")) return { command: "help" };
  if (flags.has("--version")) return { command: "version" };

  const [command, input, ...extra] = positional;
  if (command === undefined) throw new UsageError("No command given.");
  if (command === "help") return { command: "help" };
  if (command !== "rate" && command !== "learn-rules")
    throw new UsageError(`Unknown command "${command}" (expected "rate" or "learn-rules").`);
  if (input === undefined) throw new UsageError("No input workbook given.");
  if (command === "learn-rules") {
    if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`);
    const allowed = new Set(["--json"]);
    const refused = [...flags].find((flag) => !allowed.has(flag));
    if (refused) throw new UsageError(`${refused} is an option of rate, not of learn-rules.`);
    for (const key of values.keys())
      if (key !== "--output")
        throw new UsageError(`${key} is an option of rate, not of learn-rules.`);
    const output = values.get("--output");
    if (output === undefined) throw new UsageError("learn-rules needs -o <rules.csv>.");
    return {
      command: "learn-rules",
      input,
      output,
      ...(sheets.length === 0 ? {} : { sheets }),
      json: flags.has("--json"),
    };
  }

  const inPlace = flags.has("--in-place");
  const output = values.get("--output");
  if (inPlace && output !== undefined)
    throw new UsageError("--in-place and --output cannot be used together.");
  if (flags.has("--learn") && (flags.has("--clear") || values.has("--rules")))
    throw new UsageError(
      "--learn cannot be used with --clear or --rules (learning writes the rules; see learn-rules)."
    );
  if (flags.has("--findings") && flags.has("--clear"))
    throw new UsageError(
      "--findings and --clear cannot be used together (--clear removes the Findings sheet)."
    );
  if (flags.has("--summary") && flags.has("--clear"))
    throw new UsageError(
      "--summary and --clear cannot be used together (--clear removes the Summary sheet)."
    );
  if (flags.has("--overview") && flags.has("--clear"))
    throw new UsageError(
      "--overview and --clear cannot be used together (--clear removes the Overview sheet)."
    );
  const toleranceText = values.get("--tolerance");
  let tolerance: Tolerance | undefined;
  if (toleranceText !== undefined) {
    tolerance = parseTolerance(toleranceText);
    if (!tolerance)
      throw new UsageError(
        `--tolerance "${toleranceText}" is not a tolerance (examples: 5%, 2pp, ±3).`
      );
  }
  const jobsText = values.get("--jobs");
  const jobs = jobsText === undefined ? undefined : Number(jobsText);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 64))
    throw new UsageError(`--jobs "${jobsText}" is not a number of workbooks from 1 to 64.`);
  const rules = values.get("--rules");
  return {
    command: "rate",
    input,
    inputs: [input, ...extra],
    ...(jobs === undefined ? {} : { jobs }),
    ...(output === undefined ? {} : { output }),
    ...(rules === undefined ? {} : { rules }),
    ...(tolerance === undefined ? {} : { tolerance, toleranceText }),
    ...(sheets.length === 0 ? {} : { sheets }),
    json: flags.has("--json"),
    clear: flags.has("--clear"),
    findings: flags.has("--findings"),
    summary: flags.has("--summary"),
    overview: flags.has("--overview"),
    inPlace,
    dryRun: flags.has("--dry-run"),
    learn: flags.has("--learn"),
  };
}

/** `reports/q3.xlsx` → `reports/q3-rated.xlsx` (`.xlsm` stays `.xlsm`), in the same folder and spelling as the input. */
export function defaultOutputPath(input: string): string {
  // A macro-enabled workbook stays one: Excel opens it only as .xlsm.
  const extension = /\.xlsm$/i.test(input) ? "xlsm" : "xlsx";
  return `${input.replace(/\.xls[xm]$/i, "")}-rated.${extension}`;
}
