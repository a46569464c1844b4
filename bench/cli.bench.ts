/**
 * Command-line benchmark: `scorecard-rag rate` end to end on generated .xlsx
 * files, in a fresh Node process per case, reporting wall time, the time of
 * each phase, peak RSS and peak heap.
 *
 *   13 sheets x 1,000 indicator rows x 24 monthly periods (goal: under 2 s)
 *   1 sheet x 50,000 indicator rows x 24 monthly periods
 *   the same 50,000-row sheet rated, then its rated output rated again (goal:
 *   the re-rating's rate phase within 1.2x the first rating's; re-rating reads
 *   the add-in's own blocks and notes back, so a quadratic step shows here)
 *   growth: 1 sheet x 100, 1,000, 10,000 and 100,000 rows x 24 periods, each
 *   size in its own process, with the time per 1,000 rows (goal: linear, which
 *   here means the time per row at 100,000 rows is at most 1.5x the time per
 *   row at 10,000; below 10,000 rows start-up costs that do not grow with the
 *   rows dominate, so those sizes are shown but not judged)
 *
 * Run: npm run bench:cli (`npm run bench:rerate` runs the re-rating case alone)
 * (or `node scripts/run-bench.mjs bench/cli.bench.ts`, which bundles it first
 * so no loader transpiles during the run). Add `--cpu-prof` to write a V8 CPU
 * profile of each case into the current folder, `--keep <folder>` to keep the
 * generated workbooks and outputs there, `--only N` to run case N alone: 1 the
 * 13-sheet file, 2 the 50,000-row sheet, 3 its re-rating, 4 the growth case
 * (the longest: generating and rating the 100,000-row sheet takes a minute or
 * two on a busy two-core machine).
 *
 * Each case runs in its own child process (this script with `--child`): the
 * CLI's `main()` in-process, timed from the first line of `main` to its exit
 * code, with the workbook layer's phases timed through `onPhase`. Peak RSS is
 * the process's own high-water mark; peak heap is the largest heap V8 reports
 * before any garbage collection (`--trace-gc`) or at the end, which is a true
 * upper bound of the heap in use since V8 only shrinks it by collecting. A
 * second run of the real `bin/scorecard-rag.js` gives the time a user waits,
 * process start and loading included (the prebuilt CLI bundle, build/cli/).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { main } from "../src/cli/main";

const PERIODS = 24;

interface Case {
  readonly name: string;
  readonly sheets: number;
  readonly rows: number;
  /** Seconds; reported as met or missed. */
  readonly goal?: number;
  /** Peak RSS in MB (10^6 bytes); reported as met or missed. */
  readonly rssGoalMb?: number;
  /** Rate the rated output again, and compare the two rate phases. */
  readonly rerate?: boolean;
  /** Rate a sheet of each of these many rows instead of `rows`, and judge how the time grows. */
  readonly growth?: readonly number[];
}

/** The re-rating's rate phase against the first rating's, at most. */
const RERATE_GOAL = 1.2;

const CASES: readonly Case[] = [
  { name: "13 sheets x 1,000 rows x 24 periods", sheets: 13, rows: 1000, goal: 2 },
  { name: "1 sheet x 50,000 rows x 24 periods", sheets: 1, rows: 50_000, goal: 6, rssGoalMb: 500 },
  {
    name: "1 sheet x 50,000 rows x 24 periods, rated, then the rated output rated again",
    sheets: 1,
    rows: 50_000,
    rerate: true,
  },
  {
    name: "growth: 1 sheet x 100 to 100,000 rows x 24 periods",
    sheets: 1,
    rows: 100_000,
    growth: [100, 1000, 10_000, 100_000],
  },
];

/**
 * Linear growth, at most: the time per row at the largest size against the
 * time per row at the size a tenth of it. Noise on a shared machine moves
 * single runs by a fifth or so; a step that grows with the square of the rows
 * makes this 10x.
 */
const GROWTH_GOAL = 1.5;

/** What a child process reports. */
interface ChildReport {
  readonly code: number;
  readonly mainMs: number;
  /** CPU time of the process (every thread) during `main`: steadier than wall time on a busy machine. */
  readonly mainCpuMs: number;
  readonly phases: readonly {
    readonly label: string;
    readonly ms: number;
    readonly cpuMs: number;
    /** Heap in use as the phase ends (live data and garbage not yet collected). */
    readonly heapBytes: number;
  }[];
  readonly maxRssBytes: number;
  readonly finalHeapBytes: number;
  readonly stderr: string;
}

let seed = 7;
function random(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
}

/**
 * Writes a scorecard like the example's, `rows` indicators a sheet, with the
 * streaming writer (the generator must not dominate the bench): title, a
 * two-row header, then per row code, name, polarity, floor, target, the latest
 * month, 23 earlier months, numerator, denominator and a published RAG. Every
 * sheet has the same codes, as district tabs do, so the district checks run.
 */
async function writeInput(path: string, sheets: number, rows: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true });
  const months = Array.from({ length: PERIODS }, (_, i) => new Date(Date.UTC(2021, i, 1)));
  for (let s = 0; s < sheets; s++) {
    const sheet = workbook.addWorksheet(`District ${String(s + 1).padStart(2, "0")}`);
    sheet.addRow([`Directorate Scorecard: District ${s + 1}, December 2022`]).commit();
    sheet.addRow([]).commit();
    const banner: (string | null)[] = [null, null, null, null, null, "Latest Month"];
    banner[6] = "Monthly Trends";
    sheet.addRow(banner).commit();
    const header = sheet.addRow([
      "PI code",
      "Indicator",
      "Polarity",
      "Floor",
      "Target",
      months[PERIODS - 1]!,
      ...months.slice(0, PERIODS - 1),
      "Numerator",
      "Denominator",
      "RAG",
    ]);
    for (let c = 6; c < 6 + PERIODS; c++) header.getCell(c).numFmt = "mmm-yy";
    header.commit();
    for (let r = 0; r < rows; r++) {
      const higher = r % 3 !== 1;
      const target = 0.6 + (r % 30) / 100;
      const floor = higher ? target - 0.1 : target + 0.1;
      const level = target + (random() - 0.5) * 0.2;
      const history = Array.from(
        { length: PERIODS },
        () => Math.round(Math.min(1, Math.max(0, level + (random() - 0.5) * 0.08)) * 1000) / 1000
      );
      const latest = history[PERIODS - 1]!;
      const denominator = 100 + (r % 400);
      const better = higher ? latest >= target : latest <= target;
      const row = sheet.addRow([
        `PI${String(r + 1).padStart(5, "0")}`,
        `Indicator number ${r + 1} of the directorate scorecard`,
        higher ? "H" : "L",
        floor,
        target,
        latest,
        ...history.slice(0, PERIODS - 1),
        Math.round(latest * denominator),
        denominator,
        better ? "Green" : "Amber",
      ]);
      for (let c = 4; c < 6 + PERIODS; c++) row.getCell(c).numFmt = "0.0%";
      row.commit();
    }
    sheet.getColumn(2).width = 48;
    await sheet.commit();
  }
  await workbook.commit();
}

/** The largest heap V8 reported before a collection, from `--trace-gc` lines ("… 245.1 (260.3) -> …"). */
function peakHeapFromTrace(trace: string): number {
  let peak = 0;
  for (const match of trace.matchAll(/ (\d+(?:\.\d+)?) \((\d+(?:\.\d+)?)\) -> /g))
    peak = Math.max(peak, Number(match[1]) * 1048576);
  return peak;
}

const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MiB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** In the child: runs the CLI in-process and prints a `ChildReport` as the last stdout line. */
async function child(input: string, output: string): Promise<void> {
  let stderr = "";
  const phases: { label: string; ms: number; cpuMs: number; heapBytes: number }[] = [];
  const cpuMs = (): number => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const start = performance.now();
  const startCpu = cpuMs();
  let last = start;
  let lastCpu = startCpu;
  const code = await main(["rate", input, "-o", output], {
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    cwd: process.cwd(),
    onPhase: (label: string) => {
      const now = performance.now();
      const cpu = cpuMs();
      phases.push({
        label,
        ms: now - last,
        cpuMs: cpu - lastCpu,
        heapBytes: process.memoryUsage().heapUsed,
      });
      last = now;
      lastCpu = cpu;
    },
  });
  const mainMs = performance.now() - start;
  const report: ChildReport = {
    code,
    mainMs,
    mainCpuMs: cpuMs() - startCpu,
    phases,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    finalHeapBytes: process.memoryUsage().heapUsed,
    stderr,
  };
  process.stdout.write(`\n${JSON.stringify(report)}\n`);
}

function runCase(
  script: string,
  input: string,
  output: string,
  profileDir: string | undefined
): ChildReport & { peakHeapBytes: number } {
  const args = [
    ...process.execArgv.filter((a) => !a.startsWith("--cpu-prof")),
    "--trace-gc",
    ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []),
    script,
    "--child",
    input,
    output,
  ];
  const run = spawnSync(process.execPath, args, {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`child failed (${run.status}): ${run.stderr}`);
  // The report is the child's last line of its own; `--trace-gc` may still print after it.
  const lines = run.stdout.trimEnd().split("\n");
  const last = [...lines].reverse().find((line) => line.startsWith("{"));
  if (last === undefined) throw new Error(`child printed no report: ${run.stdout.slice(-500)}`);
  const report = JSON.parse(last) as ChildReport;
  if (report.code !== 0) throw new Error(`scorecard-rag exited ${report.code}: ${report.stderr}`);
  return {
    ...report,
    peakHeapBytes: Math.max(report.finalHeapBytes, peakHeapFromTrace(run.stdout)),
  };
}

/** Wall time of a whole process (start-up included), or undefined when the command is missing. */
function timeProcess(command: string, args: readonly string[]): number | undefined {
  const start = performance.now();
  const run = spawnSync(command, args, { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const ms = performance.now() - start;
  if (run.error) return undefined;
  if (run.status !== 0) throw new Error(`${command} exited ${run.status}: ${run.stderr}`);
  return ms;
}

/** The floors on the same file: `unzip -p` to /dev/null, and the streaming parse (best of three each). */
function floors(input: string): { unzipMs?: number; parseMs: number } {
  const best = (f: () => number | undefined): number | undefined => {
    const runs = [f(), f(), f()].filter((ms): ms is number => ms !== undefined);
    return runs.length === 0 ? undefined : Math.min(...runs);
  };
  const unzipMs = best(() => timeProcess("unzip", ["-p", input]));
  const floorScript = resolve(dirname(fileURLToPath(import.meta.url)), "parse-floor.mjs");
  const parseMs = best(() => timeProcess(process.execPath, [floorScript, input]))!;
  return unzipMs === undefined ? { parseMs } : { unzipMs, parseMs };
}

/** The real command, as a user runs it: wall time of the whole process. */
function runBin(input: string, output: string): number {
  const bin = resolve(dirname(fileURLToPath(import.meta.url)), "..", "bin", "scorecard-rag.js");
  const start = performance.now();
  const run = spawnSync(process.execPath, [bin, "rate", input, "-o", output], {
    encoding: "utf8",
  });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`bin exited ${run.status}: ${run.stderr}`);
  return ms;
}

/** A phase's wall time in a child's report (NaN when the run had no such phase). */
function phaseMs(report: ChildReport, label: string): number {
  return report.phases.find((p) => p.label === label)?.ms ?? NaN;
}

/**
 * The growth case: a fresh sheet of each size, generated and rated in its own
 * process, then the verdict on the two largest sizes (`GROWTH_GOAL`).
 */
async function growthCase(
  c: Case & { readonly growth: readonly number[] },
  script: string,
  dir: string,
  profileDir: string | undefined
): Promise<void> {
  const count = (n: number): string => n.toLocaleString("en-GB");
  console.log(`\n${c.name} (each size in a fresh process)`);
  const perRow: number[] = [];
  for (const rows of c.growth) {
    const input = join(dir, `in-${c.sheets}x${rows}.xlsx`);
    await writeInput(input, c.sheets, rows);
    const output = join(dir, `out-${c.sheets}x${rows}.xlsx`);
    const report = runCase(script, input, output, profileDir);
    perRow.push(report.mainMs / rows);
    const phases = ["rate", "apply", "write"]
      .map((label) => `${label} ${seconds(phaseMs(report, label))}`)
      .join(" · ");
    console.log(
      `  ${count(rows).padStart(7)} rows: ${seconds(report.mainMs)} end to end in-process (${phases}); ` +
        `${((report.mainMs / rows) * 1000).toFixed(0)} ms per 1,000 rows; peak RSS ${mib(report.maxRssBytes)}`
    );
  }
  const steps = c.growth
    .slice(1)
    .map(
      (rows, i) =>
        `${count(c.growth[i]!)} -> ${count(rows)} ${(perRow[i + 1]! / perRow[i]!).toFixed(2)}x`
    );
  console.log(`  time per row, each size against the one before: ${steps.join(" · ")}`);
  const n = c.growth.length;
  const ratio = perRow[n - 1]! / perRow[n - 2]!;
  console.log(
    `  growth from ${count(c.growth[n - 2]!)} to ${count(c.growth[n - 1]!)} rows: time per row ${ratio.toFixed(2)}x ` +
      `(goal: linear, i.e. <= ${GROWTH_GOAL}x: ${ratio <= GROWTH_GOAL ? "met" : "MISSED"})`
  );
}

async function parent(): Promise<void> {
  const profile = process.argv.includes("--cpu-prof");
  const keepAt = process.argv.indexOf("--keep");
  const keep = keepAt > 0 ? process.argv[keepAt + 1] : undefined;
  const script = process.argv[1]!;
  const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), "scorecard-bench-cli-"));
  try {
    console.log(`bench:cli (Node ${process.version}; each case in a fresh process)`);
    const onlyAt = process.argv.indexOf("--only");
    const only = onlyAt > 0 ? Number(process.argv[onlyAt + 1]) : undefined;
    for (const [i, c] of CASES.entries()) {
      if (only !== undefined && only !== i + 1) continue;
      if (c.growth) {
        await growthCase(
          { ...c, growth: c.growth },
          script,
          dir,
          profile ? process.cwd() : undefined
        );
        continue;
      }
      const input = join(dir, `in-${c.sheets}x${c.rows}.xlsx`);
      const made = performance.now();
      await writeInput(input, c.sheets, c.rows);
      const madeMs = performance.now() - made;
      const output = join(dir, `out-${c.sheets}x${c.rows}.xlsx`);
      const report = runCase(script, input, output, profile ? process.cwd() : undefined);
      if (c.rerate) {
        const again = join(dir, `out-${c.sheets}x${c.rows}-again.xlsx`);
        const second = runCase(script, output, again, profile ? process.cwd() : undefined);
        const rate = (r: ChildReport): { ms: number; cpuMs: number } =>
          r.phases.find((p) => p.label === "rate") ?? { ms: NaN, cpuMs: NaN };
        const [a, b] = [rate(report), rate(second)];
        const ratio = b.ms / a.ms;
        console.log(`\n${c.name}`);
        console.log(
          `  first rating:  rate phase ${seconds(a.ms)} (CPU ${seconds(a.cpuMs)}); end to end ${seconds(report.mainMs)}`
        );
        console.log(
          `  re-rating:     rate phase ${seconds(b.ms)} (CPU ${seconds(b.cpuMs)}); end to end ${seconds(second.mainMs)}`
        );
        console.log(
          `  re-rate / first rate phase: ${ratio.toFixed(2)} wall, ${(b.cpuMs / a.cpuMs).toFixed(2)} CPU ` +
            `(goal <= ${RERATE_GOAL}: ${ratio <= RERATE_GOAL ? "met" : "MISSED"})`
        );
        console.log(
          `    re-rating wall: ${second.phases.map((p) => `${p.label} ${seconds(p.ms)}`).join(" · ")}`
        );
        console.log(
          `  peak RSS ${mib(Math.max(report.maxRssBytes, second.maxRssBytes))} · peak heap ${mib(Math.max(report.peakHeapBytes, second.peakHeapBytes))}`
        );
        continue;
      }
      const binMs = Math.min(
        runBin(input, join(dir, `bin-${c.sheets}x${c.rows}.xlsx`)),
        runBin(input, join(dir, `bin-${c.sheets}x${c.rows}.xlsx`))
      );
      const floor = floors(input);
      const goal =
        c.goal === undefined
          ? ""
          : ` (goal < ${c.goal} s: ${report.mainMs < c.goal * 1000 ? "met" : "MISSED"})`;
      console.log(`\n${c.name}`);
      console.log(
        `  input ${mib(statSync(input).size)} (generated in ${seconds(madeMs)}), output ${mib(statSync(output).size)}`
      );
      console.log(
        `  rate, end to end in-process: ${seconds(report.mainMs)}${goal}; CPU ${seconds(report.mainCpuMs)}`
      );
      console.log(
        `    wall: ${report.phases.map((p) => `${p.label} ${seconds(p.ms)}`).join(" · ")}`
      );
      console.log(
        `    CPU:  ${report.phases.map((p) => `${p.label} ${seconds(p.cpuMs)}`).join(" · ")}`
      );
      console.log(
        `  whole process (node bin/scorecard-rag.js, start-up included: the prebuilt bundle, or tsx once a source is newer): ${seconds(binMs)} (best of 2)` +
          (c.goal === undefined
            ? ""
            : ` (goal < ${c.goal} s: ${binMs < c.goal * 1000 ? "met" : "MISSED"})`)
      );
      console.log(
        `  floors on the same file (whole processes, best of 3): unzip -p to /dev/null ${floor.unzipMs === undefined ? "(unzip not installed)" : seconds(floor.unzipMs)}` +
          ` · streaming parse of every sheet (bench/parse-floor.mjs: node:zlib + saxes) ${seconds(floor.parseMs)}`
      );
      console.log(
        `  CLI / streaming-parse floor: ${(binMs / floor.parseMs).toFixed(1)}x (goal <= 3x: ${binMs <= 3 * floor.parseMs ? "met" : "MISSED"})`
      );
      const rssGoal =
        c.rssGoalMb === undefined
          ? ""
          : ` (goal < ${c.rssGoalMb} MB: ${report.maxRssBytes < c.rssGoalMb * 1e6 ? "met" : "MISSED"})`;
      console.log(
        `  peak RSS ${mib(report.maxRssBytes)}${rssGoal} · peak heap ${mib(report.peakHeapBytes)}`
      );
      console.log(
        `    heap at the end of: ${report.phases.map((p) => `${p.label} ${mib(p.heapBytes)}`).join(" · ")}`
      );
    }
    if (profile) console.log(`\nCPU profiles (*.cpuprofile) written to ${process.cwd()}`);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await child(process.argv[3]!, process.argv[4]!);
else await parent();
