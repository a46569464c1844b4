import { sheet, workbook } from "../grid";
import type { Layout } from "../layout";

/**
 * An area heading over district headings over indicator rows, and under the
 * table a key spread over several cells and a footnote: the table stops at the
 * key, and both headings are sections.
 */
const layout: Layout = {
  name: "Nested section headings and a key under the table",
  description:
    '"North Kent" then "Dartford CSWT" as headings before the rows, "Gravesham CSWT" later; a blank row, then ' +
    '"Key:" | "G = target met" | "A = floor met" | "R = below floor", and a "* provisional" footnote.',
  workbook: workbook(
    sheet(
      "North Kent",
      [
        ["PI code", "Indicator", "Polarity", "Floor", "Target", "Value", "RAG"],
        ["North Kent"],
        ["Dartford CSWT"],
        ["SCS01", "Posts filled by permanent social workers", "H", 0.75, 0.85, 0.86, "Green"],
        ["SCS05", "Average caseload", "L", 22, 18, 19.5, "Amber"],
        ["Gravesham CSWT"],
        ["SCS01", "Posts filled by permanent social workers", "H", 0.75, 0.85, 0.71, "Red"],
        ["SCS05", "Average caseload", "L", 22, 18, 17.2, "Green"],
        [],
        ["Key:", "G = target met", "A = floor met", "R = below floor"],
        ["* provisional", "Figures for December are provisional."],
      ],
      { formats: { "D4:F4": "0%", "D7:F7": "0%" } }
    )
  ),
  expected: {
    sheets: {
      "North Kent": {
        tables: [
          {
            address: "A1:G8",
            headerRows: [1],
            layout: "wide",
            source: "scan",
            mapping: {
              code: "A",
              name: "B",
              polarity: "C",
              floor: "D",
              target: "E",
              value: "F",
              status: "G",
            },
            indicatorRows: [4, 5, 7, 8],
            sectionRows: { 2: "North Kent", 3: "Dartford CSWT", 6: "Gravesham CSWT" },
            rowSections: {
              4: "Dartford CSWT",
              5: "Dartford CSWT",
              7: "Gravesham CSWT",
              8: "Gravesham CSWT",
            },
          },
        ],
      },
    },
    statusesMatchPublished: true,
    rows: [
      { sheet: "North Kent", code: "SCS01", sheetRow: 7, status: "Red", section: "Gravesham CSWT" },
    ],
  },
};

export default layout;
