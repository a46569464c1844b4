import { excelDate, sheet, workbook, type Cell } from "../grid";
import type { Layout } from "../layout";

// Apr-22 … Mar-23, one row per code per month, the codes interleaved month by month.
const months = Array.from({ length: 12 }, (_, i) => excelDate(2022, 4 + i));
const series: readonly (readonly [string, string, string, number, readonly number[]])[] = [
  [
    "HOU1",
    "Households in temporary accommodation",
    "Minimise",
    250,
    [281, 276, 270, 266, 262, 259, 262, 258, 255, 251, 249, 244],
  ],
  [
    "ASC2",
    "Reablement: still at home 91 days after discharge",
    "Maximise",
    0.82,
    [0.8, 0.79, 0.81, 0.83, 0.82, 0.84, 0.83, 0.83, 0.85, 0.84, 0.86, 0.85],
  ],
  [
    "REV3",
    "Council tax collected (cumulative)",
    "Maximise",
    0.97,
    [0.1, 0.19, 0.28, 0.37, 0.46, 0.55, 0.64, 0.73, 0.82, 0.9, 0.95, 0.968],
  ],
];
const monthlyRows: Cell[][] = [["Code", "Indicator", "Period", "Value", "Target", "Polarity"]];
const monthlyFormats: Record<string, string> = { [`C2:C${1 + 12 * series.length}`]: "mmm-yy" };
months.forEach((month, m) => {
  for (const [code, name, polarity, target, values] of series) {
    monthlyRows.push([code, name, month, values[m]!, target, polarity]);
    if (target < 1) monthlyFormats[`D${monthlyRows.length}:E${monthlyRows.length}`] = "0.0%";
  }
});

// Quarterly returns pasted in the order they arrived: codes and quarters out of order.
const quarterlyRows: Cell[][] = [
  ["Quarterly returns 2022/23"],
  [],
  ["Ref", "Measure", "Quarter", "Actual", "Target", "Aim"],
  ["LIB1", "Library visits (thousands)", "Q2 22-23", 151, 150, "Maximise"],
  ["PLN4", "Major planning applications decided in 13 weeks", "Q1 22-23", 0.91, 0.9, "Maximise"],
  ["LIB1", "Library visits (thousands)", "Q1 22-23", 148, 150, "Maximise"],
  ["PLN4", "Major planning applications decided in 13 weeks", "Q3 22-23", 0.86, 0.9, "Maximise"],
  ["LIB1", "Library visits (thousands)", "Q3 22-23", 139, 150, "Maximise"],
  ["PLN4", "Major planning applications decided in 13 weeks", "Q2 22-23", 0.93, 0.9, "Maximise"],
  ["LIB1", "Library visits (thousands)", "Q4 22-23", 139, 150, "Maximise"],
  ["PLN4", "Major planning applications decided in 13 weeks", "Q4 22-23", 0.95, 0.9, "Maximise"],
];

/** Long ("tidy") data: one row per indicator per period, as exported from a performance system. */
const layout: Layout = {
  name: "Long format: one row per indicator per period",
  description:
    "Code / Indicator / Period / Value / Target / Polarity with three codes interleaved month by month " +
    "(periods typed as dates, shown mmm-yy); a second sheet of quarterly returns out of order.",
  workbook: workbook(
    sheet("Monthly data", monthlyRows, { formats: monthlyFormats }),
    sheet("Quarterly", quarterlyRows)
  ),
  expected: {
    sheets: {
      "Monthly data": {
        tables: [
          {
            address: "A1:F37",
            headerRows: [1],
            layout: "long",
            source: "scan",
            mapping: { code: "A", name: "B", period: "C", value: "D", target: "E", polarity: "F" },
            periods: [],
            indicatorCount: 36,
            sectionRows: {},
          },
        ],
      },
      Quarterly: {
        tables: [
          {
            address: "A3:F11",
            headerRows: [3],
            layout: "long",
            source: "scan",
            title: "Quarterly returns 2022/23",
            mapping: { code: "A", name: "B", period: "C", value: "D", target: "E", polarity: "F" },
            indicatorRows: [4, 5, 6, 7, 8, 9, 10, 11],
          },
        ],
      },
    },
    rows: [
      // HOU1 falls month on month: improving for a Minimise measure; no previous month for Apr-22.
      // (Rows by sheet row: a long table's `period` text for a date-typed period is its serial.)
      {
        sheet: "Monthly data",
        code: "HOU1",
        sheetRow: 35,
        value: 244,
        shortTrend: "IMP",
        status: "Green",
      },
      {
        sheet: "Monthly data",
        code: "HOU1",
        sheetRow: 32,
        value: 249,
        shortTrend: "IMP",
        status: "Green",
      },
      {
        sheet: "Monthly data",
        code: "HOU1",
        sheetRow: 20,
        value: 262,
        shortTrend: "DET",
        status: "Amber",
      },
      { sheet: "Monthly data", code: "HOU1", sheetRow: 2, shortTrend: "NA", status: "Red" },
      {
        sheet: "Monthly data",
        code: "ASC2",
        sheetRow: 36,
        value: 0.85,
        shortTrend: "DET",
        status: "Green",
      },
      // Along each code's own quarters, not the order of the rows.
      { sheet: "Quarterly", code: "LIB1", period: "Q4 22-23", shortTrend: "STATIC", status: "Red" },
      { sheet: "Quarterly", code: "LIB1", period: "Q3 22-23", shortTrend: "DET", status: "Red" },
      { sheet: "Quarterly", code: "LIB1", period: "Q2 22-23", shortTrend: "IMP", status: "Green" },
      { sheet: "Quarterly", code: "PLN4", period: "Q3 22-23", shortTrend: "DET", status: "Amber" },
      { sheet: "Quarterly", code: "PLN4", period: "Q1 22-23", shortTrend: "NA" },
    ],
  },
};

export default layout;
