/**
 * The whole pure pipeline the add-in and the CLI share (runWorkbook: table
 * detection, rating, trends, SPC on each row's history, every pre-publication
 * and district check, commentary and the write plan) on in-memory district
 * tabs, so `npm run bench` reports the cost of SPC and checks too.
 */
import { performance } from "node:perf_hooks";
import { applyPlanInMemory } from "../src/session/memory-workbook";
import { runWorkbook } from "../src/workbook/run";
import type { CellScalar, SheetSnapshot, WorkbookSnapshot } from "../src/workbook/snapshot";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function districtWorkbook(sheets: number, rows: number, periods: number): WorkbookSnapshot {
  let seed = 11;
  const random = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const labels = Array.from({ length: periods }, (_, i) => {
    const month = 12 * 2021 + i;
    return `${MONTHS[month % 12]}-${String(Math.floor(month / 12) % 100).padStart(2, "0")}`;
  }).reverse(); // latest first, as scorecards lay them out
  const header = [
    "PI code",
    "Indicator",
    "Polarity",
    "Target",
    ...labels,
    "Numerator",
    "Denominator",
    "RAG",
  ];
  return {
    sheets: Array.from({ length: sheets }, (_, s): SheetSnapshot => {
      const values: CellScalar[][] = [[`District ${s + 1} scorecard`], header];
      const formats: string[][] = [["General"], header.map(() => "General")];
      for (let r = 0; r < rows; r++) {
        const level = 0.3 + random() * 0.6;
        const history = labels.map(() => Math.round((level + random() * 0.05) * 1000) / 1000);
        const denominator = 100 + Math.floor(random() * 400);
        const numerator = Math.round(history[0]! * denominator);
        values.push([
          `PI${r + 1}`,
          `Indicator ${r + 1}`,
          r % 2 === 0 ? "Higher is better" : "Lower is better",
          Math.round((level + 0.02) * 100) / 100,
          ...history,
          numerator,
          denominator,
          ["Green", "Amber", "Red"][r % 3]!,
        ]);
        formats.push([
          "General",
          "General",
          "General",
          "0%",
          ...labels.map(() => "0.0%"),
          "0",
          "0",
          "General",
        ]);
      }
      return {
        name: `District ${s + 1}`,
        origin: { row: 0, column: 0 },
        values,
        numberFormats: formats,
      };
    }),
  };
}

/**
 * The district tabs' rows as numbers, as the engine takes them: history oldest
 * first, target, polarity (the same rows `districtWorkbook` lays out).
 */
export function districtRows(
  sheets: number,
  rows: number,
  periods: number
): { history: number[]; target: number; polarity: "maximise" | "minimise"; percent: boolean }[] {
  const snapshot = districtWorkbook(sheets, rows, periods);
  return snapshot.sheets.flatMap((sheet) =>
    sheet.values.slice(2).map((row) => ({
      history: (row.slice(4, 4 + periods) as number[]).slice().reverse(),
      target: row[3] as number,
      polarity: row[2] === "Higher is better" ? ("maximise" as const) : ("minimise" as const),
      percent: true,
    }))
  );
}

/** Median ms of `rounds` runs of `work` after one warm-up. */
function medianMs(rounds: number, work: () => void): number {
  work();
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

/**
 * Re-rating must stay linear: rates one sheet of `rows`, applies the plan (in
 * memory, as a host would: ratings, commentary, notes, state), then rates the
 * rated sheet again, and prints both times and their ratio, and the time of
 * applying each plan (the in-memory host replaces every note it finds by cell).
 */
export function benchRerate(rows: number, periods: number, rounds: number): void {
  const fresh = districtWorkbook(1, rows, periods);
  const first = runWorkbook(fresh);
  let start = performance.now();
  const rated = applyPlanInMemory(fresh, first.plan);
  const applyMs = performance.now() - start;
  const again = runWorkbook(rated);
  start = performance.now();
  applyPlanInMemory(rated, again.plan);
  const reapplyMs = performance.now() - start;
  const notes = rated.sheets[0]!.notes?.length ?? 0;
  const firstMs = medianMs(rounds, () => runWorkbook(fresh));
  const againMs = medianMs(rounds, () => runWorkbook(rated));
  console.log(
    `re-rate: 1 sheet x ${rows.toLocaleString("en-GB")} rows x ${periods} periods, rated (${notes.toLocaleString("en-GB")} notes) and rated again`
  );
  console.log(
    `  first rating ${firstMs.toFixed(0)} ms; re-rating ${againMs.toFixed(0)} ms; ratio ${(againMs / firstMs).toFixed(2)} (goal <= 1.2)`
  );
  console.log(
    `  applying the plan in memory: first ${applyMs.toFixed(0)} ms; re-rating's ${reapplyMs.toFixed(0)} ms (removes and adds every note)`
  );
}

/** Prints the pipeline's median over `rounds` and returns its indicators per second. */
export function benchPipeline(
  sheets: number,
  rows: number,
  periods: number,
  rounds: number
): number {
  const snapshot = districtWorkbook(sheets, rows, periods);
  const indicators = sheets * rows;
  let flags = 0;
  const times: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const start = performance.now();
    const result = runWorkbook(snapshot);
    const ms = performance.now() - start;
    if (round > 0) times.push(ms); // round 0 warms up
    flags = result.sheets.reduce(
      (n, s) =>
        n + s.tables.reduce((m, t) => m + t.rows.reduce((k, r) => k + r.flags.length, 0), 0),
      0
    );
  }
  times.sort((a, b) => a - b);
  const median = times[times.length >> 1]!;
  console.log(
    `pipeline (runWorkbook): ${sheets} district tabs x ${rows.toLocaleString("en-GB")} rows x ${periods} periods: detection, rating, trends, SPC, all checks, commentary, write plan`
  );
  console.log(
    `  median of ${rounds} rounds: ${median.toFixed(0)} ms -> ${Math.round(indicators / (median / 1000)).toLocaleString("en-GB")} indicators/s; ${flags.toLocaleString("en-GB")} flags`
  );
  return indicators / (median / 1000);
}
