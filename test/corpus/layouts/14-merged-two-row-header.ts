import { sheet, workbook, type Cell } from "../grid";
import type { Layout } from "../layout";

const top: Cell[] = [
  "PI code",
  "Indicator",
  "Polarity",
  "Target",
  "Monthly Trends",
  null,
  null,
  "Latest Month",
  "RAG",
];
const months: Cell[] = [null, null, null, null, "Sep-22", "Oct-22", "Nov-22", "Dec-22", null];
const merges = (row: number): string[] => [
  `A${row}:A${row + 1}`,
  `B${row}:B${row + 1}`,
  `C${row}:C${row + 1}`,
  `D${row}:D${row + 1}`,
  `E${row}:G${row}`,
  `I${row}:I${row + 1}`,
];

/**
 * The other way officers build a two-row header: the column names are merged
 * down over both rows and only the month row has text in its second row. The
 * two-row header is repeated after a page break. On the second sheet a short
 * title merged across the whole table sits right on top of the header: a title,
 * not a banner.
 */
const layout: Layout = {
  name: "Two-row header merged down, and a title right above the header",
  description:
    'PI code / Indicator / Polarity / Target merged over two rows, "Monthly Trends" over Sep-22 … Nov-22 and ' +
    '"Latest Month" over Dec-22 in the second row, repeated after a page break; a short merged title with no gap.',
  workbook: workbook(
    sheet(
      "Merged header",
      [
        ["Dover - Early Help scorecard"],
        [],
        top,
        months,
        ["EH01", "Families supported", "H", 300, 280, 290, 301, 310, "Green"],
        ["EH02", "Re-referrals within 12 months", "L", 0.15, 0.17, 0.16, 0.16, 0.155, "Amber"],
        top,
        months,
        ["EH05", "Cases closed with outcomes achieved", "H", 0.8, 0.7, 0.71, 0.74, 0.72, "Red"],
      ],
      {
        merges: [...merges(3), ...merges(7)],
        formats: { "D6:H6": "0.0%", "D9:H9": "0%" },
      }
    ),
    sheet(
      "Short title",
      [
        ["Q3 2022/23"],
        ["Ref", "Indicator", "Aim", "Actual", "Target", "Status"],
        ["P1", "Potholes repaired in 28 days", "Maximise", 0.91, 0.9, "Green"],
        ["P2", "Streetlights repaired in 5 days", "Maximise", 0.82, 0.95, "Red"],
      ],
      { merges: ["A1:F1"], formats: { "D3:E4": "0%" } }
    )
  ),
  expected: {
    sheets: {
      "Merged header": {
        tables: [
          {
            address: "A3:I9",
            headerRows: [3, 4],
            layout: "wide",
            source: "scan",
            title: "Dover - Early Help scorecard",
            mapping: { code: "A", name: "B", polarity: "C", target: "D", value: "H", status: "I" },
            reasons: { value: '"Latest Month" above Dec-22 (column H)' },
            periods: ["Sep-22", "Oct-22", "Nov-22", "Dec-22"],
            indicatorRows: [5, 6, 9],
            repeatedHeaderRows: [7, 8],
          },
        ],
      },
      "Short title": {
        tables: [
          {
            address: "A2:F4",
            headerRows: [2],
            layout: "wide",
            source: "scan",
            title: "Q3 2022/23",
            mapping: { code: "A", name: "B", polarity: "C", value: "D", target: "E", status: "F" },
            indicatorRows: [3, 4],
          },
        ],
      },
    },
    statusesMatchPublished: true,
    rows: [{ sheet: "Merged header", code: "EH01", value: 310, shortTrend: "IMP" }],
  },
};

export default layout;
