/**
 * SPC benchmark: analyseSpc (XmR limits + the four special-cause rules + labels)
 * on 100,000 random 24-point series, on one core. Prints analyses per second.
 * Run: npm run bench:spc
 */
import { performance } from "node:perf_hooks";
import type { Polarity } from "../src/engine/polarity";
import { analyseSpc } from "../src/engine/stats";

const SERIES = 100_000;
const POINTS = 24;
const ROUNDS = 7;

let seed = 42;
const random = (): number => {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
};

// Noisy levels, some with a step change or a drift, so every rule fires somewhere.
const polarities: (Polarity | undefined)[] = ["maximise", "minimise", "range", undefined];
const inputs: { values: number[]; polarity: Polarity | undefined; target: number }[] = [];
for (let i = 0; i < SERIES; i++) {
  const level = 20 + random() * 60;
  const kind = i % 4;
  const values: number[] = [];
  for (let p = 0; p < POINTS; p++) {
    const step = kind === 1 && p >= 14 ? 8 : 0;
    const drift = kind === 2 ? p * 0.6 : 0;
    values.push(level + step + drift + random() * 10);
  }
  inputs.push({ values, polarity: polarities[i % 4], target: level + 5 });
}

let special = 0;
let marked = 0;
// readPoints: also read `points` (every point object, built lazily on first read), as a
// chart would; without it only `latest` is read, as the workbook's checks do.
function run(readPoints: boolean): void {
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    const result = analyseSpc(input.values, input.polarity, { target: input.target });
    if (result.kind !== "analysed") continue;
    if (result.latest.specialCause) special++;
    if (readPoints) marked += result.points.length;
  }
}

const medianOf = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const rate = (ms: number): string => Math.round(SERIES / (ms / 1000)).toLocaleString("en-GB");
console.log(`analyseSpc: ${SERIES.toLocaleString("en-GB")} series x ${POINTS} points, one core`);
for (const readPoints of [false, true]) {
  run(readPoints); // warm up
  run(readPoints);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    run(readPoints);
    const cpu = process.cpuUsage(cpuStart);
    times.push(performance.now() - start);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  const median = medianOf(times);
  const cpuMedian = medianOf(cpuTimes);
  console.log(
    readPoints ? "  latest + every point read:" : "  latest point only (points not read):"
  );
  console.log(
    `    median of ${ROUNDS} rounds: ${median.toFixed(1)} ms wall -> ${rate(median)} analyses/s (${((median * 1e6) / SERIES).toFixed(0)} ns each)`
  );
  // CPU time includes the GC's helper threads; on a loaded machine wall time overstates the cost.
  console.log(`    CPU time: ${cpuMedian.toFixed(1)} ms -> ${rate(cpuMedian)} analyses/s of CPU`);
}
console.log(
  `  latest point special cause in ${(special / (2 * (ROUNDS + 2))).toFixed(0)} series a round; ${(marked / (ROUNDS + 2)).toLocaleString("en-GB")} points read a round`
);
