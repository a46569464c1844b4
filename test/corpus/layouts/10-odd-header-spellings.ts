import { sheet, workbook } from "../grid";
import type { Layout } from "../layout";

/** Header spellings as officers type them: colons, year suffixes, abbreviations, brackets. */
const layout: Layout = {
  name: "Headers with odd spellings",
  description:
    '"PI Ref:", "KPI", "Polarity (H/L)", "Data Period", "Target 2022-23", "Current Position", "RAG 2022-23", ' +
    '"Direction of Travel", "Long Term DOT", "Benchmark (England)" and an unlabelled Comments column.',
  workbook: workbook(
    sheet(
      "Q3 Performance",
      [
        ["Place Directorate - Key Performance Indicators"],
        ["Quarter 3 2022/23"],
        [],
        [
          "PI Ref:",
          "KPI",
          "Polarity (H/L)",
          "Data Period",
          "Target 2022-23",
          "Current Position",
          "RAG 2022-23",
          "Direction of Travel",
          "Long Term DOT",
          "Benchmark (England)",
          "Comments",
        ],
        [
          "PL01",
          "Major planning applications determined in time",
          "H",
          "R12M",
          0.9,
          0.93,
          "Green",
          "IMP",
          "IMP",
          0.88,
          "On track",
        ],
        [
          "PL02",
          "Household waste recycled",
          "H",
          "Q",
          0.5,
          0.47,
          "Red",
          "DET",
          "STATIC",
          0.42,
          "Garden waste dip",
        ],
        [
          "PL03",
          "Fly-tipping incidents (per 1,000)",
          "L",
          "YTD",
          12,
          12.4,
          "Amber",
          "DET",
          "IMP",
          15.2,
          null,
        ],
        [
          "PL04",
          "Streets below cleanliness standard",
          "L",
          "Q",
          0.06,
          0.05,
          "Green",
          "IMP",
          "IMP",
          null,
          null,
        ],
        [
          "PL05",
          "Affordable homes delivered",
          "H",
          "Cumulative",
          300,
          "tbc",
          "N/A",
          "N/A",
          "N/A",
          null,
          "Returns due in January",
        ],
      ],
      { formats: { "E5:F6": "0%", "J5:J6": "0%", "E8:F8": "0%" } }
    )
  ),
  expected: {
    sheets: {
      "Q3 Performance": {
        tables: [
          {
            address: "A4:K9",
            headerRows: [4],
            layout: "wide",
            source: "scan",
            title: "Quarter 3 2022/23",
            mapping: {
              code: "A",
              name: "B",
              polarity: "C",
              dataPeriod: "D",
              target: "E",
              value: "F",
              status: "G",
              shortTrend: "H",
              longTrend: "I",
            },
            benchmarks: ["J"],
            indicatorRows: [5, 6, 7, 8, 9],
            confidence: "high",
          },
        ],
      },
    },
    statusesMatchPublished: true,
  },
};

export default layout;
