/**
 * Fuzzing the command line: `scorecard-rag rate` on every file of the corpus
 * (generate.ts: about 320 valid-but-odd workbooks and 40 malformed files,
 * deterministic from the seed), asserting for each run:
 *
 * - the exit code is 0, 1 or 3 (and the one the case expects);
 * - stderr has no stack trace or JavaScript internals, nor an "internal
 *   error" (a bug caught by the last-resort handler);
 * - a failure says so in one line naming the file (and what the case
 *   expects it to say: the limit, the sheet and cell);
 * - an output written holds no `<v>Infinity</v>` or `<v>NaN</v>`, `--json`
 *   prints JSON, and some outputs are rated again (the tool's own state);
 * - the run stays within its time and memory limits.
 *
 * Most files run in-process (`main` with captured output). The risky ones
 * (zip bombs, a FIFO, /dev/zero, a huge file) run `bin/scorecard-rag.js` in a
 * child process with a capped heap and a timeout, its peak RSS reported by
 * report-rss.mjs. A one-line summary is printed at the end.
 *
 * Repro a case: `npx tsx test/fuzz/generate.ts /tmp/corpus` writes the corpus,
 * then `node bin/scorecard-rag.js rate /tmp/corpus/<name> <options> -o out.xlsx`.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { main, type CliIO } from "../../src/cli/main";
import { zipPartData, zipParts } from "../../src/xlsx/zip";
import { generateCorpus, type FuzzCase } from "./generate";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = join(ROOT, "bin", "scorecard-rag.js");
const REPORT_RSS = join(ROOT, "test", "fuzz", "report-rss.mjs");

/**
 * Per run. In-process runs share the test's process, whose peak RSS only
 * grows (V8 keeps what it has had): a run is charged with how far it raises
 * that peak, and the peak itself has a ceiling.
 */
const LIMITS = {
  inProcessMs: 20_000,
  inProcessRssGrowthBytes: 800_000_000,
  inProcessRssBytes: 3_000_000_000,
  childMs: 30_000,
  childHeapMb: 512,
  childRssBytes: 600_000_000,
} as const;

/**
 * Failures the fuzzer found in code this suite does not own, marked `it.fails`
 * until they are fixed (then the mark must go): name → what fails.
 */
const KNOWN: Readonly<Record<string, string>> = {};

/** A sheet whose bounding box is this large could hang a scan of every position: run in a child. */
const HUGE_BOX = 1e9;
/**
 * The hang guard of such a run: a small workbook takes a few seconds in a
 * child, 10.7 s once on a loaded 2-core machine; a scan of every position of
 * the box would take hours. Speed itself is measured by the benches.
 */
const HUGE_BOX_MS = 30_000;

const dir = mkdtempSync(join(tmpdir(), "scorecard-fuzz-"));
const outDir = mkdtempSync(join(tmpdir(), "scorecard-fuzz-out-"));
const started = performance.now();
const cases = await generateCorpus(dir);
const generatedMs = performance.now() - started;
const RULES = join(dir, "rules.csv");

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** Peak RSS of the process (child) or of the test's process so far (in-process). */
  readonly rssBytes: number | undefined;
  /** In-process: how far the run raised the test process's peak RSS. */
  readonly rssGrowthBytes?: number;
  readonly output: string | undefined;
  readonly argv: readonly string[];
}

function argvOf(c: FuzzCase, input: string, out: string): { argv: string[]; output?: string } {
  const options = c.options.map((o) => (o === "RULES" ? RULES : o));
  if (options.includes("--in-place")) return { argv: ["rate", input, ...options], output: input };
  if (options.includes("-n")) return { argv: ["rate", input, ...options] };
  return { argv: ["rate", input, ...options, "-o", out], output: out };
}

async function runInProcess(argv: readonly string[], output?: string): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    cwd: outDir,
    debug: false,
  };
  const before = process.resourceUsage().maxRSS * 1024;
  const t = performance.now();
  const code = await main(argv, io);
  const ms = performance.now() - t;
  const rssBytes = process.resourceUsage().maxRSS * 1024;
  return { code, stdout, stderr, ms, rssBytes, rssGrowthBytes: rssBytes - before, output, argv };
}

function runChild(
  argv: readonly string[],
  output?: string,
  timeoutMs: number = LIMITS.childMs
): Promise<Run> {
  const rssFile = join(outDir, `rss-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve) => {
    const t = performance.now();
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${LIMITS.childHeapMb}`, "--import", REPORT_RSS, BIN, ...argv],
      { cwd: outDir, env: { ...process.env, FUZZ_RSS_FILE: rssFile, SCORECARD_RAG_DEBUG: "" } }
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - t;
      const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, "utf8")) : undefined;
      rmSync(rssFile, { force: true });
      resolve({
        code: code ?? (signal ? -1 : -2),
        stdout,
        stderr: signal ? `${stderr}\n[killed by ${signal} after ${Math.round(ms)} ms]` : stderr,
        ms,
        rssBytes: rss,
        output,
        argv,
      });
    });
  });
}

/** Child runs go two at a time (the machine has two cores), started at once, beside the in-process ones. */
function pool<T>(jobs: readonly (() => Promise<T>)[], width: number): Promise<T>[] {
  const lanes: Promise<unknown>[] = Array.from({ length: width }, () => Promise.resolve());
  return jobs.map((job, i) => {
    const result = lanes[i % width]!.then(job);
    lanes[i % width] = result.catch(() => undefined);
    return result;
  });
}

const inChild = (c: FuzzCase): boolean => c.isolate || (c.box ?? 0) > HUGE_BOX;
const timeLimit = (c: FuzzCase): number =>
  c.isolate ? LIMITS.childMs : inChild(c) ? HUGE_BOX_MS : LIMITS.inProcessMs;
const isolated = cases.filter(inChild);
const inProcess = cases.filter((c) => !inChild(c));
const childResults = pool(
  isolated.map((c, i) => () => {
    let input = c.path;
    if (c.options.includes("--in-place")) {
      input = join(outDir, `in-place-${c.name}`);
      copyFileSync(c.path, input);
    }
    const { argv, output } = argvOf(c, input, join(outDir, `child-${i}-out.xlsx`));
    return runChild(argv, output, timeLimit(c));
  }),
  2
);
const childRuns = new Map(isolated.map((c, i) => [c.name, childResults[i]!]));

const STACK =
  /\n\s+at |TypeError|RangeError|ReferenceError|SyntaxError|Cannot read propert|undefined \(reading/;

/**
 * A workbook's sheets, checked for numbers XML cannot hold. The tool never
 * writes one; a cell of the user's that holds one is copied as it was.
 */
function notNumbersIn(path: string): string[] {
  const bytes = readFileSync(path);
  const found: string[] = [];
  for (const part of zipParts(bytes) ?? []) {
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(part.name)) continue;
    const xml = zipPartData(bytes, part)?.toString("utf8") ?? "";
    for (const m of xml.matchAll(
      /<c(?: r="([A-Z]+\d+)")?[^>]*>(?:<f>[^<]*<\/f>)?<v>(-?Infinity|NaN)<\/v>/g
    ))
      found.push(`${part.name} ${m[1]}: ${m[2]}`);
  }
  return found;
}

interface Stat {
  readonly name: string;
  readonly code: number;
  readonly ms: number;
  readonly rssBytes: number | undefined;
  readonly rssGrowthBytes: number | undefined;
  readonly isolated: boolean;
}
const stats: Stat[] = [];

function check(c: FuzzCase, run: Run, isolatedRun: boolean): void {
  stats.push({
    name: c.name,
    code: run.code,
    ms: run.ms,
    rssBytes: run.rssBytes,
    rssGrowthBytes: run.rssGrowthBytes,
    isolated: isolatedRun,
  });
  const where = `${c.name} (${c.what}): scorecard-rag ${run.argv.join(" ")}\nexit ${run.code}\n${run.stderr}`;
  expect(STACK.test(run.stderr), `stack trace or internals on stderr: ${where}`).toBe(false);
  expect(/internal error/.test(run.stderr), `internal error: ${where}`).toBe(false);
  expect(c.exits, `exit code: ${where}`).toContain(run.code);
  if (run.code !== 0) {
    const lines = run.stderr.trimEnd().split("\n");
    expect(
      lines.every((l) => l.startsWith("scorecard-rag: ")),
      `message lines: ${where}`
    ).toBe(true);
    expect(lines[0], `names the file: ${where}`).toContain(basename(c.path));
    if (run.code === 3) expect(lines.length, `one line: ${where}`).toBe(1);
  }
  if (c.message) expect(run.stderr + run.stdout, `message: ${where}`).toMatch(c.message);
  if (run.code === 0 && run.output && existsSync(run.output))
    // As many as the input had (a user's cell is copied as it was, given an address if it had none).
    expect(
      notNumbersIn(run.output).length,
      `numbers XML cannot hold written into the output: ${where}\n${notNumbersIn(run.output).join("\n")}`
    ).toBeLessThanOrEqual(notNumbersIn(c.path).length);
  if (run.code === 0 && c.options.includes("--json"))
    expect(() => JSON.parse(run.stdout) as unknown, `--json output: ${where}`).not.toThrow();
  if (isolatedRun) {
    expect(run.code, `killed at the time limit: ${where}`).not.toBe(-1);
    expect(run.ms, `time: ${where}`).toBeLessThan(timeLimit(c));
    expect(run.rssBytes, `peak RSS not reported: ${where}`).toBeDefined();
    expect(run.rssBytes!, `peak RSS: ${where}`).toBeLessThan(LIMITS.childRssBytes);
  } else {
    expect(run.ms, `time: ${where}`).toBeLessThan(timeLimit(c));
    expect(run.rssGrowthBytes!, `raised the peak RSS by: ${where}`).toBeLessThan(
      LIMITS.inProcessRssGrowthBytes
    );
    expect(run.rssBytes!, `peak RSS of the test process: ${where}`).toBeLessThan(
      LIMITS.inProcessRssBytes
    );
  }
}

afterAll(() => {
  const codes = new Map<number, number>();
  for (const s of stats) codes.set(s.code, (codes.get(s.code) ?? 0) + 1);
  const timed = stats.filter((s) => !KNOWN[s.name]);
  const slowestOf = (list: Stat[]): Stat | undefined =>
    list.reduce<Stat | undefined>((a, b) => (a === undefined || b.ms > a.ms ? b : a), undefined);
  const slowIn = slowestOf(timed.filter((s) => !s.isolated));
  const slowChild = slowestOf(timed.filter((s) => s.isolated));
  const local = stats.filter((s) => !s.isolated);
  const inRss = Math.max(...local.map((s) => s.rssBytes ?? 0));
  const grower = local.reduce(
    (a, b) => ((b.rssGrowthBytes ?? 0) > (a.rssGrowthBytes ?? 0) ? b : a),
    local[0]!
  );
  const children = stats.filter((s) => s.isolated);
  const childRss = children.reduce(
    (a, b) => ((b.rssBytes ?? 0) > (a.rssBytes ?? 0) ? b : a),
    children[0]!
  );
  const mb = (b: number | undefined): string => `${Math.round((b ?? 0) / 1e6)} MB`;
  console.log(
    `fuzz: ${cases.length} files (${inProcess.length} in-process, ${isolated.length} in a child), ` +
      `${stats.length} runs; exit codes ${[...codes]
        .sort((a, b) => a[0] - b[0])
        .map(([c, n]) => `${c}: ${n}`)
        .join(", ")}; ` +
      `slowest in-process ${Math.round(slowIn?.ms ?? 0)} ms (${slowIn?.name}), in a child ` +
      `${Math.round(slowChild?.ms ?? 0)} ms (${slowChild?.name}); ${Object.keys(KNOWN).length} known failures ` +
      `(it.fails); peak RSS in-process ${mb(inRss)} ` +
      `(largest rise ${mb(grower?.rssGrowthBytes)}, ${grower?.name}), ` +
      `child ${mb(childRss?.rssBytes)} (${childRss?.name}); generated in ${Math.round(generatedMs)} ms, ` +
      `${Math.round((performance.now() - started) / 1000)} s in all`
  );
  rmSync(dir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

describe("scorecard-rag rate on the fuzz corpus", () => {
  describe.each([
    ["in-process", inProcess],
    ["in a child process", isolated],
  ] as const)("%s", (_, group) => {
    for (const c of group) {
      const test = KNOWN[c.name] ? it.fails : it;
      test(`${c.name}: ${c.what.slice(0, 80)}`, { timeout: timeLimit(c) + 60_000 }, async () => {
        if (inChild(c)) {
          const run = await childRuns.get(c.name)!;
          check(c.options.includes("--in-place") ? { ...c, path: run.argv[1]! } : c, run, true);
          return;
        }
        let input = c.path;
        if (c.options.includes("--in-place")) {
          input = join(outDir, `in-place-${c.name}`);
          copyFileSync(c.path, input);
        }
        const { argv, output } = argvOf(c, input, join(outDir, `out-${c.name}`));
        const run = await runInProcess(argv, output);
        check({ ...c, path: input }, run, false);
        if (c.rerun && run.code === 0 && output && existsSync(output)) {
          const again = join(outDir, `again-${c.name}`);
          const rerun = await runInProcess(["rate", output, ...c.rerun, "-o", again], again);
          check(
            { ...c, path: output, options: c.rerun, exits: [0, 1], name: `${c.name} (rerun)` },
            rerun,
            false
          );
        }
      });
    }
  });
});
