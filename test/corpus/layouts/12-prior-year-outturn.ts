import { sheet, workbook } from "../grid";
import type { Layout } from "../layout";

/**
 * Last year's outturn sits beside this year's quarters. "Outturn 2021/22" is a
 * baseline, not the latest value: the value is the latest quarter (Q3 22-23).
 */
const layout: Layout = {
  name: "Prior-year outturn beside this year's quarters",
  description:
    'Code / Measure / Aim to / "Outturn 2021/22" / "Target 2022/23" / Q1 22-23 / Q2 22-23 / Q3 22-23 / RAG: ' +
    "the value is Q3 22-23, not last year's outturn.",
  workbook: workbook(
    sheet(
      "Resources",
      [
        ["Resources Directorate - Quarter 3 2022/23"],
        [
          "Code",
          "Measure",
          "Aim to",
          "Outturn 2021/22",
          "Target 2022/23",
          "Q1 22-23",
          "Q2 22-23",
          "Q3 22-23",
          "RAG",
        ],
        ["RES1", "Invoices paid within 30 days", "Maximise", 0.94, 0.95, 0.93, 0.95, 0.96, "Green"],
        [
          "RES2",
          "Sickness days lost per FTE (rolling 12 months)",
          "Minimise",
          9.8,
          8.5,
          9.5,
          9.1,
          8.8,
          "Amber",
        ],
        [
          "RES3",
          "Freedom of Information requests answered in 20 days",
          "Maximise",
          0.82,
          0.9,
          0.79,
          0.8,
          0.78,
          "Red",
        ],
      ],
      { formats: { "D3:H3": "0%", "D5:H5": "0%" } }
    )
  ),
  expected: {
    sheets: {
      Resources: {
        tables: [
          {
            address: "A2:I5",
            headerRows: [2],
            layout: "wide",
            source: "scan",
            title: "Resources Directorate - Quarter 3 2022/23",
            mapping: { code: "A", name: "B", polarity: "C", target: "E", value: "H", status: "I" },
            reasons: { value: "Q3 22-23" },
            periods: ["Q1 22-23", "Q2 22-23", "Q3 22-23"],
            indicatorRows: [3, 4, 5],
          },
        ],
      },
    },
    statusesMatchPublished: true,
    rows: [
      { sheet: "Resources", code: "RES1", value: 0.96, shortTrend: "IMP" },
      { sheet: "Resources", code: "RES3", value: 0.78, shortTrend: "DET" },
    ],
  },
};

export default layout;
