import { sheet, workbook } from "../grid";
import type { Layout } from "../layout";

/**
 * Target ranges (polarity T / Goldilocks) given three ways: Lower and Upper limit
 * columns on some rows, and commentary under the table for others, written as
 * officers write it. The ranges must reach the rating.
 */
const layout: Layout = {
  name: "Target ranges in columns and in commentary",
  description:
    'PI code / Indicator / Polarity / Floor / Target / Lower limit / Upper limit / Value / RAG, then "Commentary:" with ' +
    '"SCS13: target range of 17.5% – 22.5%", "For SCS16 the target range is 30 to 40." and ' +
    '"SCS18 – we aim for between 8 and 12%"; a comment "between 1 and 5" that is not a range.',
  workbook: workbook(
    sheet(
      "Safeguarding",
      [
        ["Safeguarding scorecard - December 2022"],
        [],
        [
          "PI code",
          "Indicator",
          "Polarity",
          "Floor",
          "Target",
          "Lower limit",
          "Upper limit",
          "Value",
          "RAG",
        ],
        [
          "SCS13",
          "Children subject to a CP plan for a second or subsequent time",
          "T",
          0.25,
          0.2,
          null,
          null,
          0.226,
          "Amber",
        ],
        ["SCS14", "Children in care per 10,000", "T", null, 55, 50, 60, 57.2, "Green"],
        ["SCS16", "CP plans per 10,000", "T", null, 35, null, null, 41, "Amber"],
        [
          "SCS18",
          "Children in need per 1,000 open over 2 years",
          "T",
          null,
          0.1,
          null,
          null,
          0.15,
          "Red",
        ],
        [
          "SCS19",
          "Assessments completed within 45 working days",
          "H",
          0.75,
          0.85,
          null,
          null,
          0.755,
          "Amber",
        ],
        [
          "SCS22",
          "Care leavers in suitable accommodation",
          "H",
          0.8,
          0.9,
          null,
          null,
          "Redacted",
          "Green",
        ],
        [],
        ["Commentary:"],
        ["SCS13: target range of 17.5% – 22.5%"],
        ["For SCS16 the target range is 30 to 40. The rate rose in November."],
        ["SCS18 – we aim for a target of between 8 and 12%."],
        ["SCS22:"],
        ["The number of young people is between 1 and 5 so the figure is redacted."],
      ],
      { formats: { "D4:H4": "0.0%", "D7:H9": "0.0%", "D10:G10": "0%" } }
    )
  ),
  expected: {
    sheets: {
      Safeguarding: {
        tables: [
          {
            address: "A3:I9",
            headerRows: [3],
            layout: "wide",
            source: "scan",
            mapping: {
              code: "A",
              name: "B",
              polarity: "C",
              floor: "D",
              target: "E",
              lower: "F",
              upper: "G",
              value: "H",
              status: "I",
            },
            indicatorRows: [4, 5, 6, 7, 8, 9],
          },
        ],
      },
    },
    statusesMatchPublished: true,
    rows: [
      {
        sheet: "Safeguarding",
        code: "SCS13",
        status: "Amber",
        statusReason: "near-range",
        lower: 0.175,
        upper: 0.225,
      },
      {
        sheet: "Safeguarding",
        code: "SCS14",
        status: "Green",
        statusReason: "in-range",
        lower: 50,
        upper: 60,
      },
      {
        sheet: "Safeguarding",
        code: "SCS16",
        status: "Amber",
        statusReason: "near-range",
        lower: 30,
        upper: 40,
      },
      {
        sheet: "Safeguarding",
        code: "SCS18",
        status: "Red",
        statusReason: "outside-range",
        lower: 0.08,
        upper: 0.12,
      },
      { sheet: "Safeguarding", code: "SCS19", status: "Amber", statusReason: "floor-met" },
      { sheet: "Safeguarding", code: "SCS22", status: "Green", statusReason: "redacted" },
    ],
    warnings: [
      "SCS13: target range 0.175–0.225",
      "SCS16: target range 30–40",
      "SCS18: target range 0.08–0.12",
    ],
    // "between 1 and 5" explains a redaction: it is not SCS22's range.
    absentWarnings: ["SCS22"],
  },
};

export default layout;
