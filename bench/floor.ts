/**
 * The floor on this machine: a plain typed-array loop doing only the
 * arithmetic of a relative-tolerance rule and both trends (latest against the
 * period before, and against twelve periods before), with no objects, text or
 * checks. What the engine costs above this is the price of its results.
 */
import { performance } from "node:perf_hooks";

export interface FloorInputs {
  readonly count: number;
  readonly periods: number;
  /** Row-major: indicator i's periods, oldest first, at i * periods. */
  readonly values: Float64Array;
  readonly targets: Float64Array;
  /** 1 higher is better, -1 lower is better. */
  readonly polarity: Int8Array;
}

/** Status and both trends for every indicator; returns a checksum so nothing is optimised away. */
export function floorRun(inputs: FloorInputs, tolerance = 0.05, band = 0.005): number {
  const { count, periods, values, targets, polarity } = inputs;
  let checksum = 0;
  for (let i = 0; i < count; i++) {
    const base = i * periods;
    const latest = values[base + periods - 1]!;
    const target = targets[i]!;
    const sign = polarity[i]!;
    const gap = sign * (latest - target);
    const status = gap >= 0 ? 2 : gap >= -tolerance * Math.abs(target) ? 1 : 0;
    const previous = values[base + periods - 2]!;
    const yearBefore = values[base + periods - 13]!;
    const short = sign * (latest - previous);
    const long = sign * (latest - yearBefore);
    const shortTrend = Math.abs(short) <= band * Math.abs(previous) ? 1 : short > 0 ? 2 : 0;
    const longTrend = Math.abs(long) <= band * Math.abs(yearBefore) ? 1 : long > 0 ? 2 : 0;
    checksum += status * 9 + shortTrend * 3 + longTrend;
  }
  return checksum;
}

/** Median indicators per second of `floorRun` over `rounds` (after one warm-up). */
export function floorRate(inputs: FloorInputs, rounds: number): number {
  let sink = floorRun(inputs);
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    sink += floorRun(inputs);
    times.push(performance.now() - start);
  }
  if (!Number.isFinite(sink)) throw new Error("non-finite checksum");
  times.sort((a, b) => a - b);
  return inputs.count / (times[times.length >> 1]! / 1000);
}
