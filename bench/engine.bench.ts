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
import { benchPipeline } from "./pipeline";
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
const inputs: Input[] = [];
for (let i = 0; i < INDICATORS; i++) {
  const polarity = polarities[i % 3]!;
  const level = 20 + random() * 60;
  const history: HistoryPoint[] = [];
  for (let p = 0; p < PERIODS; p++) {
    history.push({
      period: periods[p]!,
      value: numberValue(level + random() * 10, false, 1),
    });
  }
  inputs.push({
    code: `PI${i}`,
    row:
      polarity === "range"
        ? { polarity, target: level, lower: level - 3, upper: level + 3 }
        : { polarity, target: level + 2 },
    rules: i % 4 === 0 ? { floor: polarity === "maximise" ? level - 5 : level + 9 } : undefined,
    history,
    series: history.map((point) =>
      point.value.kind === "number" ? point.value.value : Number.NaN
    ),
  });
}

let specialCauses = 0;
let limitsRead = 0;
function run(): number {
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

let peakHeap = process.memoryUsage().heapUsed;
run(); // warm up
const times: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const start = performance.now();
  run();
  times.push(performance.now() - start);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const perSecond = INDICATORS / (median / 1000);
console.log(
  `engine: ${INDICATORS.toLocaleString("en-GB")} indicators x ${PERIODS} periods (status + short/long trends + XmR special-cause rules + summaries per ${TABLE_SIZE} rows)`
);
console.log(
  `  median of ${ROUNDS} rounds: ${median.toFixed(1)} ms -> ${Math.round(perSecond).toLocaleString("en-GB")} indicators/s (goal >= 1,000,000)`
);
if (!Number.isFinite(limitsRead)) throw new Error("non-finite process limits");
console.log(`  latest points with a special cause: ${specialCauses.toLocaleString("en-GB")}`);
console.log(`  peak heap: ${(peakHeap / 1048576).toFixed(1)} MiB`);

console.log("");
benchPipeline(13, 1000, PERIODS, 5);
