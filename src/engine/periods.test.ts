import { describe, expect, it } from "vitest";
import { isOrdered, parsePeriod } from "./periods";

describe("parsePeriod", () => {
  it.each([
    ["Jun-22", "month", 2022 * 12 + 5],
    ["Sep 13", "month", 2013 * 12 + 8],
    ["Dec 2022", "month", 2022 * 12 + 11],
    ["Mar 13", "month", 2013 * 12 + 2],
    ["June 2022", "month", 2022 * 12 + 5],
    ["sept-22", "month", 2022 * 12 + 8],
    ["Q3 22-23", "quarter", 2022 * 4 + 2],
    ["Q1 2022/23", "quarter", 2022 * 4],
    ["2022/23 Q4", "quarter", 2022 * 4 + 3],
    ["Qtr 2 2021-22", "quarter", 2021 * 4 + 1],
    ["2021-22", "year", 2021],
    ["2021/22", "year", 2021],
    ["21/22", "year", 2021],
    ["2021/2022", "year", 2021],
    ["2019-20", "year", 2019],
    ["2022", "year", 2022],
  ] as const)("%s is a %s (index %d)", (label, granularity, index) => {
    expect(parsePeriod(label)).toEqual({ granularity, index, label });
  });

  it("reads a date serial under a date format as its month", () => {
    // 44713 is 1 June 2022 in Excel's 1900 date system.
    expect(parsePeriod(44713, "mmm-yy")).toEqual({
      granularity: "month",
      index: 2022 * 12 + 5,
      label: "Jun-22",
    });
    expect(parsePeriod(44713, "General")).toBeUndefined();
  });

  it.each([
    ["Value"],
    ["2021-23"],
    ["Q5 22-23"],
    ["Target 2022-23"],
    ["Latest Month"],
    ["12"],
    [""],
  ])("%s is not a period", (label) => {
    expect(parsePeriod(label)).toBeUndefined();
  });

  it("orders a run of periods and rejects mixed or backward runs", () => {
    const months = ["Jun-22", "Jul-22", "Aug-22", "Sep-22", "Oct-22", "Nov-22", "Dec-22"].map((l) =>
      parsePeriod(l)!
    );
    expect(isOrdered(months)).toBe(true);
    expect(isOrdered([...months].reverse())).toBe(false);
    expect(isOrdered([parsePeriod("Jun-22")!, parsePeriod("2022-23")!])).toBe(false);
  });
});
