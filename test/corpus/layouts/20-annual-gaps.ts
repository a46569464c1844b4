import { sheet, workbook } from "../grid";
import type { Layout } from "../layout";

const years = ["2016-17", "2017-18", "2018-19", "2019-20", "2020-21", "2021-22"];

/**
 * Annual outcome measures with years that were not collected: the user surveys
 * were not run in 2019-20 and 2020-21, and the carers' survey runs every other
 * year. The published direction of travel compares the latest year with the
 * latest earlier year that has a value (2018-19), and so do the trends: not NA.
 */
const layout: Layout = {
  name: "Annual series with years not collected",
  description:
    "Ref / Indicator / Aim to / Target 2021-22 / 2016-17 … 2021-22 / DOT / RAG, with `N/A` and " +
    "`Not collected` in 2019-20 and 2020-21 (and every other year for a biennial survey): " +
    "the trends compare with 2018-19, as the published DOT does.",
  workbook: workbook(
    sheet(
      "ASCOF",
      [
        ["Adult Social Care Outcomes Framework: annual measures, 2021-22"],
        ["Ref", "Indicator", "Aim to", "Target 2021-22", ...years, "DOT", "RAG"],
        [
          "1A",
          "Social care-related quality of life score",
          "Maximise",
          19.2,
          19.1,
          19.2,
          19.3,
          "N/A",
          "N/A",
          19.0,
          "DET",
          "Amber",
        ],
        [
          "1D",
          "Carer-reported quality of life score (biennial survey)",
          "Maximise",
          7.5,
          7.7,
          "Not collected",
          7.5,
          "Not collected",
          "Not collected",
          7.3,
          "DET",
          "Amber",
        ],
        [
          "3A",
          "Overall satisfaction of people who use services with their care and support",
          "Maximise",
          0.65,
          0.64,
          0.66,
          0.63,
          "N/A",
          "N/A",
          0.66,
          "IMP",
          "Green",
        ],
        [
          "2A",
          "Permanent admissions of older people to care homes, per 100,000",
          "Minimise",
          560,
          610,
          590,
          575,
          540,
          600,
          555,
          "IMP",
          "Green",
        ],
        [
          "3D",
          "People who use services who find it easy to find information (new measure)",
          "Maximise",
          0.7,
          "N/A",
          "N/A",
          "N/A",
          "N/A",
          "N/A",
          0.71,
          null,
          "Green",
        ],
      ],
      { formats: { "D3:J4": "0.0", "D5:J5": "0%", "D7:J7": "0%" } }
    )
  ),
  expected: {
    sheets: {
      ASCOF: {
        tables: [
          {
            address: "A2:L7",
            headerRows: [2],
            layout: "wide",
            source: "scan",
            title: "Adult Social Care Outcomes Framework: annual measures, 2021-22",
            mapping: {
              code: "A",
              name: "B",
              polarity: "C",
              target: "D",
              value: "J",
              shortTrend: "K",
              status: "L",
            },
            periods: years,
            indicatorRows: [3, 4, 5, 6, 7],
          },
        ],
      },
    },
    statusesMatchPublished: true,
    rows: [
      // 19.0 against 2018-19's 19.3: worse, as published; no 2019-20 or 2020-21.
      { sheet: "ASCOF", code: "1A", value: 19, shortTrend: "DET", longTrend: "DET" },
      // 7.3 against 2018-19's 7.5 (2017-18, the survey's off year, never in the comparison).
      { sheet: "ASCOF", code: "1D", value: 7.3, shortTrend: "DET", longTrend: "DET" },
      { sheet: "ASCOF", code: "3A", value: 0.66, shortTrend: "IMP", longTrend: "IMP" },
      // No gap: against 2020-21, as before.
      { sheet: "ASCOF", code: "2A", value: 555, shortTrend: "IMP", longTrend: "IMP" },
      // A new measure: nothing earlier to compare with.
      { sheet: "ASCOF", code: "3D", status: "Green", shortTrend: "NA", longTrend: "NA" },
    ],
  },
};

export default layout;
