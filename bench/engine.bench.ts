/**
 * Engine benchmark: rates 100,000 indicators with 24-month histories
 * (status + short and long trends + XmR special-cause rules on the history +
 * per-table summaries) on one core, and prints indicators per second (median of
 * the rounds) and peak heap. Run: npm run bench
 *
 * The SPC analysis reads the latest point, and the limits only when it is a
 * special cause, as the workbook's checks do; `limits` and `points` are built
 * lazily (bench:spc times reading every point too). The numeric series for SPC
 * is prepared with the inputs, outside the timed loop.
 */
import { performance } from "node:perf_hooks";
import { analyseSpc } from "../src/engine/stats";
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
/** One indicator's data, as numbers: its history oldest first, its target and polarity. */
interface RowData {
  readonly history: readonly number[];
  readonly target: number;
  readonly polarity: Polarity;
  readonly floor?: number;
  readonly percent: boolean;
}

function engineInputs(rows: readonly RowData[]): Input[] {
  return rows.map((data, i) => {
    const history: HistoryPoint[] = data.history.map((v, p) => ({
      period: periods[p % PERIODS]!,
      value: numberValue(v, data.percent, 1),
    }));
    return {
      code: `PI${i}`,
      row:
        data.polarity === "range"
          ? {
              polarity: "range",
              target: data.target,
              lower: data.target - 3,
              upper: data.target + 3,
            }
          : { polarity: data.polarity, target: data.target },
      rules: data.floor === undefined ? undefined : { floor: data.floor },
      history,
      series: data.history.slice(),
    };
  });
}

function floorInputs(rows: readonly RowData[]): FloorInputs {
  const periodCount = rows[0]!.history.length;
  const values = new Float64Array(rows.length * periodCount);
  const targets = new Float64Array(rows.length);
  const polarity = new Int8Array(rows.length);
  rows.forEach((row, i) => {
    values.set(row.history, i * periodCount);
    targets[i] = row.target;
    polarity[i] = row.polarity === "minimise" ? -1 : 1;
  });
  return { count: rows.length, periods: periodCount, values, targets, polarity };
}

const generated: RowData[] = [];
for (let i = 0; i < INDICATORS; i++) {
  const polarity = polarities[i % 3]!;
  const level = 20 + random() * 60;
  generated.push({
    history: Array.from({ length: PERIODS }, () => level + random() * 10),
    target: polarity === "range" ? level : level + 2,
    polarity,
    ...(i % 4 === 0 ? { floor: polarity === "maximise" ? level - 5 : level + 9 } : {}),
    percent: false,
  });
}
const inputs = engineInputs(generated);

let specialCauses = 0;
let limitsRead = 0;
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

/** Median indicators per second of the engine over `inputs`, and the peak heap seen. */
function engineRate(
  inputs: readonly Input[],
  rounds: number
): { perSecond: number; median: number; peakHeap: number } {
  let peakHeap = process.memoryUsage().heapUsed;
  run(inputs); // warm up
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    run(inputs);
    times.push(performance.now() - start);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  return { perSecond: inputs.length / (median / 1000), median, peakHeap };
}

const format = (n: number): string => Math.round(n).toLocaleString("en-GB");
const engine = engineRate(inputs, ROUNDS);
console.log(
  `engine: ${INDICATORS.toLocaleString("en-GB")} indicators x ${PERIODS} periods (status + short/long trends + XmR special-cause rules + summaries per ${TABLE_SIZE} rows)`
);
console.log(
  `  median of ${ROUNDS} rounds: ${engine.median.toFixed(1)} ms -> ${format(engine.perSecond)} indicators/s (goal >= 3,000,000)`
);
if (!Number.isFinite(limitsRead)) throw new Error("non-finite process limits");
console.log(`  latest points with a special cause: ${specialCauses.toLocaleString("en-GB")}`);
console.log(`  peak heap: ${(engine.peakHeap / 1048576).toFixed(1)} MiB (goal < 100 MiB)`);
const floor = floorRate(floorInputs(generated), ROUNDS);
console.log(
  `floor: a plain typed-array loop of rule + both trends on the same rows: ${format(floor)} indicators/s`
);
console.log(`  engine / floor: 1 : ${(floor / engine.perSecond).toFixed(1)}`);

console.log("");
const SHEETS = 13;
const ROWS = 1000;
const pipeline = benchPipeline(SHEETS, ROWS, PERIODS, 5);
const sameRows = engineRate(engineInputs(districtRows(SHEETS, ROWS, PERIODS)), ROUNDS);
console.log(
  `  the engine alone on the same ${format(SHEETS * ROWS)} rows: ${format(sameRows.perSecond)} indicators/s; pipeline / engine: 1 : ${(sameRows.perSecond / pipeline).toFixed(1)} (goal pipeline >= 200,000 indicators/s)`
);

console.log("");
benchRerate(50_000, PERIODS, 3);
