import { sheet, workbook } from "../grid";
import type { Layout } from "../layout";

const months = [
  "Apr-22",
  "May-22",
  "Jun-22",
  "Jul-22",
  "Aug-22",
  "Sep-22",
  "Oct-22",
  "Nov-22",
  "Dec-22",
  "Jan-23",
  "Feb-23",
  "Mar-23",
];

/**
 * No Value column at all: the latest outturn is the last month column. No code
 * column either; the indicator's name identifies the row.
 */
const layout: Layout = {
  name: "Period columns and no Value column",
  description:
    "Indicator / Polarity / Target / Apr-22 … Mar-23: the value is the latest period column (Mar-23).",
  workbook: workbook(
    sheet(
      "Housing 2022-23",
      [
        ["Housing Services - monthly performance 2022/23"],
        ["Indicator", "Polarity", "Target", ...months],
        [
          "Rent collected as % of rent due",
          "Higher is better",
          0.98,
          0.91,
          0.92,
          0.93,
          0.94,
          0.95,
          0.95,
          0.96,
          0.96,
          0.97,
          0.97,
          0.98,
          0.985,
        ],
        [
          "Average days to re-let empty homes",
          "Lower is better",
          28,
          35,
          33,
          31,
          30,
          31,
          29,
          30,
          28,
          27,
          29,
          28,
          29.5,
        ],
        [
          "Repairs completed right first time",
          "Higher is better",
          0.9,
          0.86,
          0.88,
          0.87,
          0.89,
          0.9,
          0.91,
          0.9,
          0.9,
          0.91,
          0.92,
          0.92,
          "Not yet available",
        ],
        [
          "Households prevented from becoming homeless",
          "Higher is better",
          40,
          3,
          7,
          10,
          14,
          18,
          22,
          26,
          29,
          32,
          35,
          38,
          41,
        ],
      ],
      { formats: { "C3:O3": "0.0%", "C5:O5": "0%" } }
    )
  ),
  expected: {
    sheets: {
      "Housing 2022-23": {
        tables: [
          {
            address: "A2:O6",
            headerRows: [2],
            layout: "wide",
            source: "scan",
            title: "Housing Services - monthly performance 2022/23",
            mapping: {
              code: null,
              name: "A",
              polarity: "B",
              target: "C",
              value: "O",
              status: null,
            },
            reasons: { value: "no Value column: the latest period column, Mar-23 (column O)" },
            periods: months,
            indicatorRows: [3, 4, 5, 6],
            confidence: "high",
          },
        ],
      },
    },
    rows: [
      {
        sheet: "Housing 2022-23",
        code: "Rent collected as % of rent due",
        value: 0.985,
        status: "Green",
        shortTrend: "IMP",
      },
      {
        sheet: "Housing 2022-23",
        code: "Average days to re-let empty homes",
        value: 29.5,
        status: "Red",
        shortTrend: "DET",
      },
      {
        sheet: "Housing 2022-23",
        code: "Repairs completed right first time",
        value: null,
        status: "NA",
        statusReason: "not-available",
      },
      {
        sheet: "Housing 2022-23",
        code: "Households prevented from becoming homeless",
        status: "Green",
      },
    ],
  },
};

export default layout;
