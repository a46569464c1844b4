import { sheet, workbook, type Cell } from "../grid";
import type { ExpectedTable, Layout } from "../layout";

const indicators: readonly (readonly [string, string, string, number, number])[] = [
  ["SCS01", "Case holding posts filled by permanent qualified social workers", "H", 0.75, 0.85],
  ["SCS05", "Average caseload of social workers", "L", 22, 18],
  ["SCS19", "Assessments completed within 45 working days", "H", 0.75, 0.85],
  ["EH52", "Early Help cases closed with outcomes achieved", "H", 0.7, 0.8],
];

/** One district's tab: the same codes in the same order, with that district's values. */
function districtTab(district: string, values: readonly Cell[], firstRow = 1) {
  const rows: Cell[][] = [
    [`${district} - Children's Services Scorecard, Q3 2022/23`],
    [],
    ["PI code", "Indicator", "Polarity", "Floor", "Target", "Value", "RAG"],
    ...indicators.map(([code, name, polarity, floor, target], i) => {
      const value = values[i] ?? null;
      return [code, name, polarity, floor, target, value, ragOf(polarity, floor, target, value)];
    }),
  ];
  const top = firstRow + 3;
  return sheet(district, rows, {
    origin: `A${firstRow}`,
    formats: { [`D${top}:F${top}`]: "0%", [`D${top + 2}:F${top + 3}`]: "0.0%" },
  });
}

function ragOf(polarity: string, floor: number, target: number, value: Cell): Cell {
  if (typeof value !== "number") return "N/A";
  const better = (a: number, b: number) => (polarity === "H" ? a >= b : a <= b);
  return better(value, target) ? "Green" : better(value, floor) ? "Amber" : "Red";
}

function expectedTab(top: number, title: string): { tables: ExpectedTable[] } {
  return {
    tables: [
      {
        address: `A${top + 2}:G${top + 6}`,
        headerRows: [top + 2],
        layout: "wide",
        source: "scan",
        title,
        mapping: {
          code: "A",
          name: "B",
          polarity: "C",
          floor: "D",
          target: "E",
          value: "F",
          status: "G",
        },
        indicatorRows: [top + 3, top + 4, top + 5, top + 6],
      },
    ],
  };
}

/**
 * A county scorecard with one tab per district, all reporting the same codes:
 * a contents tab with no table, a tab whose used range starts lower down, and a
 * district whose Early Help figure is held at area level (N/A).
 */
const layout: Layout = {
  name: "District tabs with the same codes",
  description:
    "Contents + three district tabs (same header, same codes, different values), one tab's used range starting at row 3.",
  workbook: workbook(
    sheet("Contents", [
      ["Children's Services Scorecard - Quarter 3 2022/23"],
      [],
      ["Tabs: one per district. Floor standards come from the business plans."],
      ["Ashford"],
      ["Canterbury"],
      ["Dover"],
    ]),
    districtTab("Ashford", [0.87, 17.0, 0.755, 0.72]),
    districtTab("Canterbury", [0.82, 19.5, 0.86, 0.81], 3),
    districtTab("Dover", [0.7, 23.1, 0.88, "N/A"])
  ),
  expected: {
    sheets: {
      Contents: {
        problem: 'No indicator table found on "Contents": no row has headers',
      },
      Ashford: expectedTab(1, "Ashford - Children's Services Scorecard, Q3 2022/23"),
      Canterbury: expectedTab(3, "Canterbury - Children's Services Scorecard, Q3 2022/23"),
      Dover: expectedTab(1, "Dover - Children's Services Scorecard, Q3 2022/23"),
    },
    statusesMatchPublished: true,
    rows: [
      { sheet: "Ashford", code: "SCS19", status: "Amber", statusReason: "floor-met" },
      { sheet: "Canterbury", code: "SCS05", status: "Amber", value: 19.5 },
      { sheet: "Dover", code: "SCS05", status: "Red", statusReason: "below-floor" },
      { sheet: "Dover", code: "EH52", status: "NA", statusReason: "not-available" },
    ],
  },
};

export default layout;
