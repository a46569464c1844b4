/**
 * Engine benchmark: rates 100,000 indicators with 24-month histories
 * (status + short and long trends + XmR special-cause rules on the latest point
 * + per-table summaries) on one core, and prints indicators per second (median
 * of the rounds) and peak heap. Run: npm run bench
 *
 * Two engines on the same rows: the columnar engine (src/engine/columnar: the
 * table as typed arrays, rated in one pass, summary counts per table, the
 * narrative text composed on demand) and the row-by-row engine (rateIndicator,
 * analyseSpc and summarise per row, as the workbook layer calls them). Their
 * results are compared row by row (outside the timed loops).
 *
 * The SPC analysis reads the latest point, and the limits only when it is a
 * special cause, as the workbook's checks do; `limits` and `points` are built
 * lazily (bench:spc times reading every point too). Inputs are prepared outside
 * the timed loops. Peak heap: the high-water mark of the JS heap plus typed-array
 * buffers (`heapUsed + arrayBuffers`), sampled before the rounds (after a full gc:
 * run-bench passes --expose-gc) and after each round, garbage included (no gc
 * between rounds: a forced gc would hide garbage and slow the next round's
 * allocation). Two warm-up rounds (compilation) precede the timed ones.
 * `npm run bench -- --engine-only` stops after the engines and the floor.
 */
import { performance } from "node:perf_hooks";
import { analyseSpc } from "../src/engine/stats";
import {
  allocateColumnarTable,
  allocateRatings,
  columnarResults,
  MAXIMISE,
  MINIMISE,
  polarityCode,
  rateColumnar,
  RANGE,
  SPC_ANALYSED,
  STATUS_CODES,
  summaryOf,
  TREND_CODES,
  type ColumnarRatings,
  type ColumnarTable,
} from "../src/engine/columnar";
import { XMR_LIMIT_FACTOR } from "../src/engine/stats/xmr";
import { floorRate, type FloorInputs } from "./floor";
import { benchPipeline, benchRerate, districtRows } from "./pipeline";
import {
  numberValue,
  rateIndicator,
  resolveRule,
  summarise,
  type HistoryPoint,
  type Period,
  type Polarity,
  type RuleFields,
  type SummaryRow,
} from "../src/engine";

const INDICATORS = 100_000;
const PERIODS = 24;
const TABLE_SIZE = 40;
const ROUNDS = 5;

let seed = 42;
const random = (): number => {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
};

const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => {});
/** What the process holds: the JS heap and the typed arrays' buffers (outside the JS heap). */
const heldBytes = (): number => {
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.arrayBuffers;
};

interface Input {
  code: string;
  row: RuleFields;
  rules: RuleFields | undefined;
  history: HistoryPoint[];
  series: number[];
}

const polarities: Polarity[] = ["maximise", "minimise", "range"];
// One Period per column, shared by every row, as the workbook layer builds histories
// (detect.ts parses each period header once; rate-table.ts reuses it for every row).
const periods: Period[] = Array.from({ length: PERIODS }, (_, p) => ({
  granularity: "month",
  index: 2021 * 12 + p,
  label: "",
}));

/** Summary groups of TABLE_SIZE rows: each group is one table's summary. */
const groupsOf = (rows: number, size: number): number[] =>
  Array.from({ length: Math.ceil(rows / size) }, (_, g) => g * size);

/**
 * The columnar table of `rows` indicators: each row's history (values and
 * `percent`, one decimal shown), target, polarity, a floor on some rows, and a
 * range of target ± 3 for "range" rows.
 */
function columnarTable(
  rows: number,
  fill: (
    row: number,
    history: Float64Array
  ) => { target: number; polarity: Polarity; floor?: number; percent: boolean }
): ColumnarTable {
  const table = allocateColumnarTable(rows, PERIODS, groupsOf(rows, TABLE_SIZE));
  for (let p = 0; p < PERIODS; p++) {
    table.periodGranularity[p] = 1; // month
    table.periodIndex[p] = periods[p]!.index;
  }
  for (let r = 0; r < rows; r++) {
    const row = fill(r, table.values.subarray(r * PERIODS, (r + 1) * PERIODS));
    table.polarity[r] = polarityCode(row.polarity);
    table.target[r] = row.target;
    if (row.polarity === "range") {
      table.lower[r] = row.target - 3;
      table.upper[r] = row.target + 3;
    }
    if (row.floor !== undefined) table.floor[r] = row.floor;
    table.percent[r] = row.percent ? 1 : 0;
    table.decimals[r] = 1;
  }
  return table;
}

/** The generated rows (the same random sequence as before the columnar engine). */
const table = columnarTable(INDICATORS, (i, history) => {
  const polarity = polarities[i % 3]!;
  const level = 20 + random() * 60;
  for (let p = 0; p < PERIODS; p++) history[p] = level + random() * 10;
  return {
    target: polarity === "range" ? level : level + 2,
    polarity,
    ...(i % 4 === 0 ? { floor: polarity === "maximise" ? level - 5 : level + 9 } : {}),
    percent: false,
  };
});

const POLARITY_OF: Record<number, Polarity> = {
  [MAXIMISE]: "maximise",
  [MINIMISE]: "minimise",
  [RANGE]: "range",
};

/** The row engine's inputs for the rows of a columnar table (the same numbers). */
function engineInputs(table: ColumnarTable): Input[] {
  return Array.from({ length: table.rows }, (_, i): Input => {
    const series = Array.from(table.values.subarray(i * PERIODS, (i + 1) * PERIODS));
    const percent = table.percent[i] === 1;
    const polarity = POLARITY_OF[table.polarity[i]!]!;
    const target = table.target[i]!;
    const floor = table.floor[i]!;
    return {
      code: `PI${i}`,
      row:
        polarity === "range"
          ? { polarity, target, lower: table.lower[i]!, upper: table.upper[i]! }
          : { polarity, target },
      rules: floor === floor ? { floor } : undefined,
      history: series.map((v, p) => ({
        period: periods[p % PERIODS]!,
        value: numberValue(v, percent, 1),
      })),
      series,
    };
  });
}

function floorInputs(table: ColumnarTable): FloorInputs {
  const polarity = new Int8Array(table.rows);
  for (let i = 0; i < table.rows; i++) polarity[i] = table.polarity[i] === MINIMISE ? -1 : 1;
  return {
    count: table.rows,
    periods: table.periods,
    values: table.values,
    targets: table.target,
    polarity,
  };
}

let specialCauses = 0;
let limitsRead = 0;

/** The columnar engine over the whole table, then the limits of each special cause (as the checks read them). */
function runColumnar(table: ColumnarTable, out: ColumnarRatings): number {
  rateColumnar(table, {}, out);
  let greens = 0;
  for (let g = 0; g < out.counts.length; g += 5) greens += out.counts[g]!;
  for (let r = 0; r < out.rows; r++) {
    if (out.spcKind[r] === SPC_ANALYSED && out.spcLatest[r] !== 0) {
      specialCauses++;
      limitsRead += out.spcMean[r]! + XMR_LIMIT_FACTOR * out.spcMeanMovingRange[r]!;
    }
  }
  return greens;
}

function run(inputs: readonly Input[]): number {
  let greens = 0;
  let table: SummaryRow[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    const rule = resolveRule(input.row, input.rules);
    const result = rateIndicator({
      value: input.history[PERIODS - 1]!.value,
      rule,
      history: input.history,
    });
    const spc = analyseSpc(input.series, input.row.polarity);
    // As the workbook's checks do: the limits are read only for a special cause (for its sentence).
    if (spc.kind === "analysed" && spc.latest.specialCause) {
      specialCauses++;
      limitsRead += spc.limits.upperProcessLimit;
    }
    table.push({ code: input.code, status: result.status, longTrend: result.longTrend });
    if (table.length === TABLE_SIZE) {
      greens += summarise(table).counts.Green;
      table = [];
    }
  }
  return greens;
}

interface Rate {
  readonly perSecond: number;
  readonly median: number;
  readonly peakHeap: number;
}

/** Median indicators per second of `work` over `count` indicators, and the peak held memory seen. */
function rateOf(count: number, rounds: number, work: () => number): Rate {
  gc();
  let peakHeap = heldBytes();
  let sink = work() + work(); // warm up: the first rounds also compile
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    sink += work();
    times.push(performance.now() - start);
    peakHeap = Math.max(peakHeap, heldBytes());
  }
  if (!Number.isFinite(sink)) throw new Error("non-finite checksum");
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  return { perSecond: count / (median / 1000), median, peakHeap };
}

/** Rows where the columnar engine and the row engine disagree (status, trends, SPC latest point). */
function differences(table: ColumnarTable, out: ColumnarRatings, inputs: readonly Input[]): number {
  let differ = 0;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    const result = rateIndicator({
      value: input.history[PERIODS - 1]!.value,
      rule: resolveRule(input.row, input.rules),
      history: input.history,
    });
    const spc = analyseSpc(input.series, input.row.polarity);
    const rules = spc.kind === "analysed" ? spc.latest.rules.length : -1;
    const columnarRules = out.spcKind[i] === SPC_ANALYSED ? popCount(out.spcLatest[i]! & 15) : -1;
    if (
      STATUS_CODES[out.status[i]!] !== result.status ||
      TREND_CODES[out.shortTrend[i]!] !== result.shortTrend ||
      TREND_CODES[out.longTrend[i]!] !== result.longTrend ||
      rules !== columnarRules
    )
      differ++;
  }
  // And every table's summary.
  const results = columnarResults(table, out);
  const codes = inputs.map((input) => input.code);
  for (let g = 0; g < table.groups.length; g++) {
    const start = table.groups[g]!;
    const rows = inputs.slice(start, start + TABLE_SIZE).map((input) => {
      const result = rateIndicator({
        value: input.history[PERIODS - 1]!.value,
        rule: resolveRule(input.row, input.rules),
        history: input.history,
      });
      return { code: input.code, status: result.status, longTrend: result.longTrend };
    });
    if (summaryOf(results, g, codes).lines.join("\n") !== summarise(rows).lines.join("\n"))
      differ++;
  }
  return differ;
}

const popCount = (bits: number): number =>
  (bits & 1) + ((bits >> 1) & 1) + ((bits >> 2) & 1) + ((bits >> 3) & 1);

const format = (n: number): string => Math.round(n).toLocaleString("en-GB");
const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;

// 1. The columnar engine, measured first, while the process holds only its typed arrays.
const out = allocateRatings(table.rows, table.groups.length);
specialCauses = 0;
const columnar = rateOf(INDICATORS, ROUNDS, () => runColumnar(table, out));
const columnarSpecialCauses = specialCauses / (ROUNDS + 2);
console.log(
  `engine (columnar): ${INDICATORS.toLocaleString("en-GB")} indicators x ${PERIODS} periods (status + short/long trends + XmR special-cause rules on the latest point + summary counts per ${TABLE_SIZE} rows)`
);
console.log(
  `  median of ${ROUNDS} rounds: ${columnar.median.toFixed(1)} ms -> ${format(columnar.perSecond)} indicators/s (goal >= 3,000,000)`
);
console.log(`  latest points with a special cause: ${format(columnarSpecialCauses)}`);
console.log(
  `  peak heap: ${mib(columnar.peakHeap)} (goal < 100 MiB; JS heap + typed arrays, inputs and outputs included)`
);
const codes = Array.from({ length: table.rows }, (_, i) => `PI${i}`);
const narratives = rateOf(INDICATORS, ROUNDS, () => {
  const results = columnarResults(table, rateColumnar(table, {}, out));
  let lines = 0;
  for (let g = 0; g < table.groups.length; g++) lines += summaryOf(results, g, codes).lines.length;
  return lines;
});
console.log(
  `  with every table's narrative text composed too (the pipeline composes it on demand): ${format(narratives.perSecond)} indicators/s`
);

// 2. The row-by-row engine on the same rows.
const inputs = engineInputs(table);
specialCauses = 0;
const engine = rateOf(INDICATORS, ROUNDS, () => run(inputs));
const rowSpecialCauses = specialCauses / (ROUNDS + 2);
console.log(
  `engine (row by row: rateIndicator + analyseSpc + summarise): ${format(engine.perSecond)} indicators/s (median ${engine.median.toFixed(1)} ms); peak heap ${mib(engine.peakHeap)}; ${format(rowSpecialCauses)} special causes`
);
if (!Number.isFinite(limitsRead)) throw new Error("non-finite process limits");
console.log(
  `  columnar / row by row: ${(columnar.perSecond / engine.perSecond).toFixed(1)} x; rows or summaries that differ: ${differences(table, out, inputs)}`
);

const floor = floorRate(floorInputs(table), ROUNDS);
console.log(
  `floor: a plain typed-array loop of rule + both trends on the same rows: ${format(floor)} indicators/s`
);
console.log(
  `  engine / floor: columnar 1 : ${(floor / columnar.perSecond).toFixed(1)}; row by row 1 : ${(floor / engine.perSecond).toFixed(1)}`
);

// `--engine-only` (for profiling the engines): stop before the pipeline and re-rate sections.
if (process.argv.includes("--engine-only")) process.exit(0);

console.log("");
const SHEETS = 13;
const ROWS = 1000;
const pipeline = benchPipeline(SHEETS, ROWS, PERIODS, 5);
const district = districtRows(SHEETS, ROWS, PERIODS);
const districtTable = columnarTable(district.length, (i, history) => {
  history.set(district[i]!.history);
  return district[i]!;
});
const districtOut = allocateRatings(districtTable.rows, districtTable.groups.length);
const sameRows = rateOf(district.length, ROUNDS, () => runColumnar(districtTable, districtOut));
const districtInputs = engineInputs(districtTable);
const sameRowsByRow = rateOf(district.length, ROUNDS, () => run(districtInputs));
console.log(
  `  the engine alone on the same ${format(SHEETS * ROWS)} rows: columnar ${format(sameRows.perSecond)} indicators/s, row by row ${format(sameRowsByRow.perSecond)}; pipeline / engine: 1 : ${(sameRows.perSecond / pipeline).toFixed(1)} (goal pipeline >= 200,000 indicators/s)`
);

console.log("");
benchRerate(50_000, PERIODS, 3);
