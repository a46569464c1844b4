import { sharedFixturePath } from "../../fixtures";
import type { ExpectedTable, Layout } from "../layout";

const header = {
  code: "A",
  name: "B",
  polarity: "C",
  value: "D",
  target: "E",
  status: "F",
  shortTrend: "G",
  longTrend: "H",
} as const;

function table(
  address: string,
  headerRow: number,
  first: number,
  last: number,
  title: string
): ExpectedTable {
  return {
    address,
    headerRows: [headerRow],
    layout: "wide",
    source: "scan",
    title,
    mapping: { ...header, floor: null, lower: null, upper: null },
    indicatorRows: Array.from({ length: last - first + 1 }, (_, i) => first + i),
    sectionRows: {},
    confidence: "high",
  };
}

/** The published Medway Council Plan, Quarter 2 2022/23 (People): five programme tables on one sheet. */
const layout: Layout = {
  name: "Medway Council Plan Q2 2022/23 (published workbook)",
  description:
    "One sheet, five tables one under another, each headed by an Outcome and Programme title and followed by a " +
    '"Comments:" block; the Goldilocks ranges are only in the comments (CSC0004, CSC0006, ILAC6).',
  workbook: sharedFixturePath("medway-q2-2022-23.xlsx"),
  expected: {
    sheets: {
      "People Q2 22-23": {
        tables: [
          table(
            "A8:H14",
            8,
            9,
            14,
            "Programme: Improving everyone's health and reducing inequalities"
          ),
          table(
            "A21:H33",
            21,
            22,
            33,
            "Programme: Together We Can - Children's Services Improvement Plan"
          ),
          table("A46:H55", 46, 47, 55, "Programme: Raising aspiration and ambition"),
          table("A62:H64", 62, 63, 64, "Programme: The best start in life"),
          table(
            "A71:H76",
            71,
            72,
            76,
            "Programme: Improve support for vulnerable adults by working with partners and communities"
          ),
        ],
      },
    },
    statusesMatchPublished: true,
    rows: [
      {
        sheet: "People Q2 22-23",
        code: "CSC0004",
        status: "Green",
        statusReason: "in-range",
        lower: 63,
        upper: 71,
      },
      {
        sheet: "People Q2 22-23",
        code: "CSC0006",
        status: "Green",
        statusReason: "in-range",
        lower: 32,
        upper: 42,
      },
      {
        sheet: "People Q2 22-23",
        code: "ILAC6",
        status: "Green",
        statusReason: "in-range",
        lower: 305,
        upper: 337,
      },
      {
        sheet: "People Q2 22-23",
        code: "ASCOF 2A(1)",
        status: "Green",
        statusReason: "redacted",
        value: null,
      },
      { sheet: "People Q2 22-23", code: "SEKS4A8", status: "NA", statusReason: "not-available" },
      { sheet: "People Q2 22-23", code: "PH13", status: "Amber", value: 82, target: 85 },
    ],
    warnings: [
      "CSC0004: target range 63–71",
      "CSC0006: target range 32–42",
      "ILAC6: target range 305–337",
    ],
  },
};

export default layout;
