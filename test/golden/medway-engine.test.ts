import { describe, expect, it } from "vitest";
import {
  parseCellValue,
  parsePolarity,
  parsePublishedStatus,
  parsePublishedTrend,
  rateIndicator,
  resolveRule,
  summarise,
  type IndicatorResult,
} from "../../src/engine";
import { parseCsv } from "../../src/workbook/csv";
import { readSharedFixture } from "../fixtures";

// Published Council Plan performance, Medway Council, Quarter 2 2022/23 (shared/fixtures).
const [header, ...records] = parseCsv(
  readSharedFixture("medway-q2-2022-23.csv").toString("utf8")
).filter((r) => r.length > 1);
const column = (name: string): number => header!.indexOf(name);
const rows = records.map((r) => ({
  code: r[column("code")]!,
  aim: r[column("aim")]!,
  value: r[column("value")]!,
  target: r[column("target")]!,
  low: r[column("range_low")]!,
  high: r[column("range_high")]!,
  status: r[column("status")]!,
  shortTrend: r[column("short_trend")]!,
  longTrend: r[column("long_trend")]!,
  programme: r[column("sheet")]!,
}));

function rateRow(row: (typeof rows)[number]): IndicatorResult {
  const number = (text: string): number | undefined => {
    const cell = parseCellValue(text);
    return cell.kind === "number" ? cell.value : undefined;
  };
  const rule = resolveRule(
    {
      polarity: parsePolarity(row.aim),
      target: number(row.target),
      lower: number(row.low),
      upper: number(row.high),
    },
    undefined
  );
  return rateIndicator({
    value: parseCellValue(row.value),
    rule,
    publishedStatus: parsePublishedStatus(row.status),
    publishedShortTrend: parsePublishedTrend(row.shortTrend),
    publishedLongTrend: parsePublishedTrend(row.longTrend),
  });
}

describe("Medway Council Plan Q2 2022/23 (published statuses)", () => {
  // 34 published rows; every status but the redacted row's hand-set Green follows from the rule.
  const ratable = rows.filter((row) => row.code !== "ASCOF 2A(1)");
  it("has the 34 published rows, 33 of them with a status the rule decides", () => {
    expect(rows).toHaveLength(34);
    expect(ratable).toHaveLength(33);
  });

  it.each(ratable.map((row) => [row.code, row.value, row.target, row.status, row] as const))(
    "%s: %s vs %s is %s, as published",
    (_code, _value, _target, status, row) => {
      const result = rateRow(row);
      expect(result.statusSource).toBe("rule");
      expect(result.rating.status).toBe(status);
      expect(result.status).toBe(status);
    }
  );

  it("returns NA (redacted) for ASCOF 2A(1) and keeps its published Green as a manual status", () => {
    const result = rateRow(rows.find((row) => row.code === "ASCOF 2A(1)")!);
    expect(result.rating).toMatchObject({ status: "NA", reason: "redacted" });
    expect(result.status).toBe("Green");
    expect(result.statusSource).toBe("manual");
  });

  it.each(["SEKS4A8", "CASEIEYFS Gap"])("returns NA (not available) for %s", (code) => {
    const result = rateRow(rows.find((row) => row.code === code)!);
    expect(result.rating).toMatchObject({ status: "NA", reason: "not-available" });
    expect(result.status).toBe("NA");
  });

  it("reproduces the first programme's narrative line for line", () => {
    const programme = rows.filter((row) => row.programme === rows[0]!.programme);
    const summary = summarise(programme.map((row) => ({ code: row.code, ...rateRow(row) })));
    expect(summary.lines).toEqual([
      "The total number of measures is 6",
      "1 measure met its target [PH23]",
      "3 measures were slightly below target [PH13; PH17; PH8]",
      "2 measures were significantly below target [PH14; PH15]",
      "The green measure is deteriorating long term [PH23]",
      "Both red measures are deteriorating long term [PH14; PH15]",
    ]);
  });

  it("reproduces the published lines quoted from other programmes", () => {
    const narrative = (name: string): readonly string[] =>
      summarise(
        rows
          .filter((row) => row.programme === name)
          .map((row) => ({ code: row.code, ...rateRow(row) }))
      ).lines;
    expect(narrative("Resilient families")).toContain(
      "1 of the 6 green measures are deteriorating long term [ILAC2]"
    );
    expect(narrative("All children achieving their potential in education")).toContain(
      "1 measure is not available this quarter [SEKS4A8]"
    );
  });
});
