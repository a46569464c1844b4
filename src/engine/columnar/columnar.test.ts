import { describe, expect, it } from "vitest";
import { rateIndicator, type IndicatorInput, type IndicatorResult } from "../indicator";
import type { Granularity, Period } from "../periods";
import type { Polarity } from "../polarity";
import { resolveRule, type RuleFields } from "../rules";
import { analyseSpc, type SpcOptions } from "../stats/special-cause";
import { STATUSES, type Status } from "../status";
import { nearlyEqual, roundTo } from "../numeric";
import { summarise } from "../summary";
import type { Trend, TrendGaps, TrendOptions } from "../trends";
import { missing, numberValue, type CellValue, type MissingReason } from "../values";
import {
  allocateColumnarTable,
  columnarFromIndicators,
  columnarResults,
  displayedEqual,
  indicatorResultAt,
  rateColumnar,
  spcLatestPointAt,
  spcLimitsAt,
  spcReader,
  STATUS_CODES,
  summaryOf,
  TREND_CODES,
  TREND_OF_REASON,
  TREND_REASON_CODES,
  RATING_REASON_CODES,
  type ColumnarOptions,
} from "./index";

/** A seeded generator (LCG), so every run tests the same rows. */
function generator(seed: number): {
  next: () => number;
  int: (n: number) => number;
  pick: <T>(items: readonly T[]) => T;
  chance: (p: number) => boolean;
} {
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

/** Period columns of one random table: labelled (with or without gaps in the labels), mixed, or unlabelled. */
function periodColumns(
  random: ReturnType<typeof generator>,
  count: number
): (Period | undefined)[] {
  const kind = random.int(6);
  if (kind === 0) return Array.from({ length: count }, () => undefined);
  const granularity: Granularity = (["month", "quarter", "year"] as const)[random.int(3)]!;
  let index = 2015 * 12;
  const columns: (Period | undefined)[] = [];
  for (let p = 0; p < count; p++) {
    // kind 1: labels jump now and then (a column missing from the sheet); kind 2: an unlabelled column or another granularity among them.
    index += kind === 1 && random.chance(0.15) ? 2 : 1;
    if (kind === 2 && random.chance(0.1)) {
      columns.push(
        random.chance(0.5)
          ? undefined
          : { granularity: granularity === "year" ? "month" : "year", index, label: `x${p}` }
      );
      continue;
    }
    columns.push({ granularity, index, label: `${granularity}-${index}` });
  }
  // kind 3: a column out of order; kind 4: the latest's label repeated on an earlier column.
  if (kind === 3 && count > 2) columns.push(columns.splice(random.int(count - 1), 1)[0]);
  const latest = columns[count - 1];
  if (kind === 4 && count > 2 && latest)
    columns[count - 2 - random.int(2)] = { ...latest, label: "repeated" };
  return columns;
}

const MISSING: readonly MissingReason[] = [
  "blank",
  "redacted",
  "not-available",
  "placeholder",
  "excel-error",
  "not-a-number",
];
const POLARITIES: readonly (Polarity | undefined)[] = ["maximise", "minimise", "range", undefined];

/** A value rounded to what `decimals` show, so displayed ties (Static) and tolerance boundaries happen. */
function shown(value: number, percent: boolean, decimals: number): number {
  const scale = (percent ? 100 : 1) * 10 ** decimals;
  return Math.round(value * scale) / scale;
}

/** One random row over `columns`: every polarity, gaps, blanks, percentages, ranges, floors, boundaries. */
function randomRow(
  random: ReturnType<typeof generator>,
  columns: readonly (Period | undefined)[]
): IndicatorInput {
  const percent = random.chance(0.4);
  const decimals = random.int(3);
  const level = percent
    ? 0.2 + random.next() * 0.6
    : random.pick([0, 1, 5, 20, 100, 1000]) * random.next();
  const spread = level * random.pick([0, 0.001, 0.02, 0.1, 0.5]);
  const shape = random.int(6);
  // shape 5: noise, then each of the last three points beyond two sigma on either side, or not.
  const ending = Array.from({ length: 3 }, () => random.pick([0, 0.7, -0.7, 1.5]));
  const gapRate = random.pick([0, 0, 0.05, 0.3]);
  const n = columns.length;
  const rawAt = (p: number): number => {
    if (shape === 0) return level; // constant: ties everywhere, MR̄ 0
    if (shape === 1) return level + (p * spread) / 4; // a trend
    if (shape === 2) return level + (p >= n / 2 ? spread : -spread) + random.next() * spread * 0.1; // a shift
    if (shape === 3 && p === n - 1) return level + spread * 8; // an outlier at the end
    if (shape === 5 && p >= n - 3)
      return level + spread * ending[p - n + 3]! + (random.next() - 0.5) * spread * 0.05;
    return level + (random.next() - 0.5) * spread;
  };
  const history = columns.map((period, p): { period?: Period; value: CellValue } => {
    const raw = rawAt(p);
    const value: CellValue = random.chance(gapRate)
      ? missing(random.pick(MISSING), "x")
      : numberValue(shown(raw, percent, decimals), percent, decimals);
    return period ? { period, value } : { value };
  });
  const latest = history[history.length - 1]!.value;
  const x = latest.kind === "number" ? latest.value : level;
  const polarity = random.pick(POLARITIES);
  // Targets on and around the value: equal, exactly at 5% or at the absolute tolerance, zero, absent.
  const targetKind = random.int(7);
  const target =
    targetKind === 0
      ? x
      : targetKind === 1
        ? x / 0.95
        : targetKind === 2
          ? x * 1.05
          : targetKind === 3
            ? 0
            : targetKind === 4
              ? undefined
              : shown(x * (0.9 + random.next() * 0.2), percent, decimals);
  const fields: {
    -readonly [K in keyof RuleFields]: RuleFields[K];
  } = { polarity, target };
  if (random.chance(0.3)) {
    const width = Math.abs(x) * random.pick([0, 0.05, 0.2]) + random.pick([0, 1, 0.01]);
    const centre = x + random.pick([0, width, -width, 2 * width]);
    if (random.chance(0.8)) fields.lower = centre - width / 2;
    if (random.chance(0.8)) fields.upper = centre + width / 2;
  }
  if (random.chance(0.25)) fields.floor = random.pick([x, x * 0.9, x * 1.1, 0]);
  if (random.chance(0.3))
    fields.tolerance = random.chance(0.5)
      ? { kind: "absolute", amount: random.pick([0, 1, 0.02, Math.abs(x - (target ?? x))]) }
      : { kind: "relative", fraction: random.pick([0, 0.05, 0.1]) };
  if (random.chance(0.1)) fields.amber = false;
  if (random.chance(0.05)) fields.rated = false;
  if (random.chance(0.4)) fields.gaps = random.pick<TrendGaps>(["skip", "strict"]);
  const rule = resolveRule(fields, undefined);
  const status = random.chance(0.3) ? random.pick(STATUSES) : undefined;
  const trend = (): Trend | undefined =>
    random.chance(0.3) ? random.pick<Trend>(["IMP", "STATIC", "DET", "NA"]) : undefined;
  return {
    value: latest,
    rule,
    history,
    ...(status ? { publishedStatus: { status, text: status, repaired: false } } : {}),
    publishedShortTrend: trend(),
    publishedLongTrend: trend(),
  };
}

function randomOptions(random: ReturnType<typeof generator>): ColumnarOptions {
  const trends: { -readonly [K in keyof TrendOptions]: TrendOptions[K] } = {};
  const band = random.int(4);
  if (band === 1) trends.band = { kind: "absolute", amount: random.pick([0, 0.5, 0.01]) };
  if (band === 2) trends.band = { kind: "relative", fraction: random.pick([0, 0.01, 0.05]) };
  if (band === 3) trends.band = { kind: "displayed" };
  if (random.chance(0.3)) trends.longLag = random.pick([1, 2, 3, 4, 12, 30]);
  if (random.chance(0.6)) trends.gaps = random.pick(["auto", "skip", "strict"] as const);
  const spc: { -readonly [K in keyof SpcOptions]: SpcOptions[K] } = {};
  if (random.chance(0.4)) spc.minimumPoints = random.pick([2, 5, 12, 20]);
  if (random.chance(0.2)) spc.shiftLength = random.pick([3, 7]);
  if (random.chance(0.2)) spc.trendLength = random.pick([3, 5]);
  if (random.chance(0.2)) spc.screenOutliers = false;
  return { trends, spc };
}

/** The row engine's verdicts, and the columnar engine's, on the same rows; fails on the first difference. */
function compare(
  inputs: readonly IndicatorInput[],
  periods: readonly (Period | undefined)[],
  options: ColumnarOptions,
  groups: readonly number[]
): number {
  const table = columnarFromIndicators(inputs, groups);
  const ratings = rateColumnar(table, options);
  const results = columnarResults(table, ratings, options.trends, periods);
  const expected: IndicatorResult[] = inputs.map((input) => rateIndicator(input, options.trends));
  const spcAt = spcReader(results, options.spc || undefined);
  inputs.forEach((input, r) => {
    const want = expected[r]!;
    // The codes, then the objects the adapter builds from them.
    expect(STATUS_CODES[ratings.status[r]!], `row ${r} status`).toBe(want.status);
    expect(RATING_REASON_CODES[ratings.reason[r]!], `row ${r} reason`).toBe(want.rating.reason);
    expect(TREND_REASON_CODES[ratings.shortReason[r]!], `row ${r} short`).toBe(want.short.reason);
    expect(TREND_REASON_CODES[ratings.longReason[r]!], `row ${r} long`).toBe(want.long.reason);
    expect(TREND_CODES[TREND_OF_REASON[ratings.longReason[r]!]!]).toBe(want.long.trend);
    expect(TREND_CODES[ratings.shortTrend[r]!]).toBe(want.shortTrend);
    expect(TREND_CODES[ratings.longTrend[r]!]).toBe(want.longTrend);
    expect(indicatorResultAt(results, r), `row ${r}`).toEqual(want);
    const history = input.history ?? [{ value: input.value }];
    if (input.value.kind === "number") {
      const series = history.map((p) => (p.value.kind === "number" ? p.value.value : NaN));
      const spc = analyseSpc(series, input.rule.polarity, options.spc || undefined);
      expect(ratings.spcPoints[r], `row ${r} SPC points`).toBe(
        spc.kind === "analysed" ? spc.points.length : spc.points
      );
      if (spc.kind === "analysed") {
        expect(spcLatestPointAt(results, r), `row ${r} SPC latest`).toEqual(spc.latest);
        expect(spcLimitsAt(results, r), `row ${r} SPC limits`).toEqual(spc.limits);
      } else expect(spcLatestPointAt(results, r)).toBeNull();
      // The whole result as the pipeline keeps it: its JSON carries every point.
      if (options.spc !== false)
        expect(JSON.stringify(spcAt(r)), `row ${r} SPC result`).toBe(JSON.stringify(spc));
    } else {
      expect(spcLatestPointAt(results, r)).toBeNull();
      expect(spcAt(r)).toBeNull();
    }
  });
  groups.forEach((start, g) => {
    const end = groups[g + 1] ?? inputs.length;
    const rows = expected
      .slice(start, end)
      .map((result, i) => ({ code: `PI${start + i}`, ...result }));
    const want = summarise(rows);
    expect(
      summaryOf(
        results,
        g,
        inputs.map((_, r) => `PI${r}`)
      )
    ).toEqual(want);
    STATUS_CODES.forEach((status: Status, code) =>
      expect(ratings.counts[g * 5 + code]).toBe(want.counts[status])
    );
    ["Green", "Amber", "Red"].forEach((status, code) =>
      expect(ratings.deteriorating[g * 3 + code]).toBe(
        rows.filter((row) => row.status === status && row.longTrend === "DET").length
      )
    );
  });
  return inputs.length;
}

describe("the columnar engine gives the row engine's results", () => {
  it("on 4,000 seeded random rows in 40 tables: every polarity, gaps, blanks, percentages, ranges, floors, boundaries", () => {
    const random = generator(13);
    let rows = 0;
    const seen = { reasons: new Set<string>(), trends: new Set<string>(), spc: new Set<string>() };
    for (let t = 0; t < 40; t++) {
      const count = random.pick([1, 2, 5, 13, 14, 24, 30]);
      const periods = periodColumns(random, count);
      const inputs = Array.from({ length: 100 }, () => randomRow(random, periods));
      const options = randomOptions(random);
      const groups = [0, ...Array.from({ length: random.int(4) }, () => 1 + random.int(99))]
        .sort((a, b) => a - b)
        .filter((g, i, all) => i === 0 || g !== all[i - 1]);
      rows += compare(inputs, periods, options, groups);
      for (const input of inputs) {
        const result = rateIndicator(input, options.trends);
        seen.reasons.add(result.rating.reason);
        seen.trends.add(result.short.reason).add(result.long.reason);
        const series = (input.history ?? []).map((p) =>
          p.value.kind === "number" ? p.value.value : NaN
        );
        const spc = analyseSpc(series, input.rule.polarity, options.spc || undefined);
        if (spc.kind === "analysed") spc.latest.rules.forEach((rule) => seen.spc.add(rule));
      }
    }
    expect(rows).toBe(4000);
    // The rows reach every rating reason, every trend reason and every SPC rule, so the comparison covers them.
    expect([...seen.reasons].sort()).toEqual([...RATING_REASON_CODES].sort());
    expect([...seen.trends].sort()).toEqual([...TREND_REASON_CODES].sort());
    expect([...seen.spc].sort()).toEqual(["outside-limits", "shift", "trend", "two-in-three"]);
  });

  it("on ties exactly at the tolerance boundaries (Amber, not Red) and just beyond them", () => {
    const rows: IndicatorInput[] = [];
    for (const polarity of ["maximise", "minimise", "range"] as const)
      for (const target of [85, 0.8, 22, 0.0001, 1e6])
        for (const delta of [0, 0.05, 0.05 + 1e-12, 0.0500001, 0.05 - 1e-12, -0.05, 0.1])
          for (const tolerance of [
            undefined,
            { kind: "absolute" as const, amount: 0.05 * target },
          ]) {
            const x = polarity === "minimise" ? target * (1 + delta) : target * (1 - delta);
            rows.push({
              value: numberValue(x),
              rule: resolveRule({ polarity, target, tolerance }, undefined),
            });
            rows.push({
              value: numberValue(x),
              rule: resolveRule(
                { polarity: "range", lower: target, upper: target * 2, tolerance },
                undefined
              ),
            });
          }
    // Bounds that differ from the value only by binary noise: in the range, and met.
    for (const [x, bound] of [
      [0.3, 0.1 + 0.2],
      [0.1 + 0.2, 0.3],
      [0.7, 0.1 * 7],
    ] as const) {
      rows.push({
        value: numberValue(x),
        rule: resolveRule({ polarity: "range", lower: bound }, undefined),
      });
      rows.push({
        value: numberValue(x),
        rule: resolveRule({ polarity: "range", upper: bound }, undefined),
      });
      rows.push({
        value: numberValue(x),
        rule: resolveRule({ polarity: "range", lower: bound, upper: bound }, undefined),
      });
      rows.push({
        value: numberValue(x),
        rule: resolveRule({ polarity: "maximise", target: bound, floor: bound }, undefined),
      });
      rows.push({
        value: numberValue(x),
        rule: resolveRule({ polarity: "minimise", target: bound }, undefined),
      });
    }
    const reasons = new Set(rows.map((row) => rateIndicator(row).rating.reason));
    expect(reasons).toContain("within-tolerance");
    expect(reasons).toContain("beyond-tolerance");
    expect(reasons).toContain("near-range");
    compare(rows, [undefined], {}, [0]);
  });

  it("on range trends whose distances differ only by floating-point noise (Static)", () => {
    const periods: Period[] = [0, 1].map((i) => ({
      granularity: "year",
      index: 2020 + i,
      label: `${2020 + i}`,
    }));
    const rows = [
      [0.097, 0.103, 0.1],
      [0.103, 0.097, 0.1],
      [0.3, 0.1, 0.2],
      [0.109, 0.097, 0.1],
    ].map(([before, after, target]): IndicatorInput => ({
      value: numberValue(after!, true, 1),
      rule: resolveRule({ polarity: "range", target }, undefined),
      history: [
        { period: periods[0]!, value: numberValue(before!, true, 1) },
        { period: periods[1]!, value: numberValue(after!, true, 1) },
      ],
    }));
    const trends = rows.map((row) => rateIndicator(row).short.reason);
    expect(trends).toEqual(["unchanged", "unchanged", "unchanged", "improved"]);
    compare(rows, periods, {}, [0]);
  });

  it("reads the latest value's missing reason and keeps a hand-set status on an unratable row", () => {
    const rule = resolveRule({ polarity: "maximise", target: 85 }, undefined);
    const inputs: IndicatorInput[] = MISSING.map((reason) => ({
      value: missing(reason, "x"),
      rule,
      publishedStatus: { status: "Green", text: "Green", repaired: false },
      publishedLongTrend: "DET",
    }));
    const ratings = rateColumnar(columnarFromIndicators(inputs));
    expect([...ratings.reason].map((c) => RATING_REASON_CODES[c])).toEqual(MISSING);
    expect([...ratings.status].map((c) => STATUS_CODES[c])).toEqual(MISSING.map(() => "Green"));
    expect([...ratings.longTrend].map((c) => TREND_CODES[c])).toEqual(MISSING.map(() => "DET"));
    compare(inputs, [undefined], {}, [0]);
  });

  it("refuses rows whose period columns differ, or whose value is not their latest point", () => {
    const rule = resolveRule({ polarity: "maximise", target: 85 }, undefined);
    const month = (index: number): Period => ({ granularity: "month", index, label: "" });
    const row = (index: number, value = 80): IndicatorInput => ({
      value: numberValue(value),
      rule,
      history: [{ period: month(index), value: numberValue(80) }],
    });
    expect(() => columnarFromIndicators([row(1), row(2)])).toThrow(RangeError);
    expect(() => columnarFromIndicators([row(1, 81)])).toThrow(RangeError);
    expect(() => allocateColumnarTable(1, 0)).toThrow(RangeError);
    expect(columnarFromIndicators([row(1), row(1)]).rows).toBe(2);
  });

  it("compares displayed values as roundTo and nearlyEqual do, at every magnitude and number of decimals", () => {
    const random = generator(7);
    let equal = 0;
    for (let i = 0; i < 200_000; i++) {
      const decimals = random.int(15);
      const magnitude = 10 ** (random.int(24) - 8);
      const a = (random.next() - 0.3) * magnitude;
      // b: a itself, a neighbour on a rounding boundary, a tiny or a displayed step away.
      const step = 10 ** -decimals;
      const b = random.pick([
        a,
        a + step,
        a - step / 2,
        a * (1 + 1e-10),
        (Math.round(a / step) + 0.5) * step,
        a + (random.next() - 0.5) * step * 3,
        -a,
      ]);
      const expected = nearlyEqual(roundTo(a, decimals), roundTo(b, decimals));
      if (displayedEqual(a, b, decimals) !== expected)
        expect({ a, b, decimals, equal: displayedEqual(a, b, decimals) }).toEqual({
          a,
          b,
          decimals,
          equal: expected,
        });
      if (expected) equal++;
    }
    // Both answers are common, so both paths are exercised.
    expect(equal).toBeGreaterThan(20_000);
    expect(equal).toBeLessThan(180_000);
  });

  it("screens a moving range exactly at 3.267 × MR̄ as analyseSpc does (strictly below is kept)", () => {
    // 0, 1, 0, 1, … then a jump whose moving range is exactly the screening threshold
    // as the doubles come out: searched ulp by ulp around the exact solution.
    const ones = 12;
    const body = Array.from({ length: ones + 1 }, (_, i) => i % 2);
    const last = body[body.length - 1]!;
    const threshold = (jump: number): { range: number; limit: number } => {
      let sum = 0;
      for (let i = 1; i < body.length; i++) sum += Math.abs(body[i]! - body[i - 1]!);
      const range = Math.abs(last + jump - last);
      return { range, limit: 3.267 * ((sum + range) / (ones + 1)) };
    };
    const exact = (3.267 * ones) / (ones + 1 - 3.267);
    let found: number | undefined;
    const step = exact * 2 ** -52;
    for (let k = -20_000; k <= 20_000 && found === undefined; k++) {
      const jump = exact + k * step;
      const { range, limit } = threshold(jump);
      if (range === limit) found = jump;
    }
    expect(found).toBeDefined();
    const series = [...body, last + found!];
    const spc = analyseSpc(series, "maximise");
    expect(spc.kind === "analysed" && spc.limits.screenedMovingRanges).toBe(1);
    const period = (i: number): Period => ({ granularity: "month", index: i, label: `m${i}` });
    const periods = series.map((_, i) => period(i));
    const input: IndicatorInput = {
      value: numberValue(series[series.length - 1]!),
      rule: resolveRule({ polarity: "maximise", target: 1 }, undefined),
      history: series.map((v, i) => ({ period: periods[i]!, value: numberValue(v) })),
    };
    compare([input], periods, {}, [0]);
  });
});
