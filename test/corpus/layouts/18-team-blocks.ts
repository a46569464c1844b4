import { excelDate, sheet, workbook, type Cell } from "../grid";
import type { Layout } from "../layout";

const months = ["Jun-22", "Jul-22", "Aug-22", "Sep-22", "Oct-22", "Nov-22", "Dec-22"];
// The second block's labels are typed as dates (1-Jun-2022 …) and shown as mmm-yy.
const dates = [6, 7, 8, 9, 10, 11, 12].map((m) => excelDate(2022, m));

type Indicator = readonly [
  code: string,
  name: string,
  polarity: "H" | "L",
  floor: number,
  target: number,
];

const indicators: readonly Indicator[] = [
  [
    "SCS01",
    "Percentage of case holding posts filled by permanent qualified social workers",
    "H",
    0.75,
    0.85,
  ],
  ["SCS05", "Average caseload of social workers", "L", 22, 18],
  ["SCS19", "Percentage of assessments completed within 45 working days", "H", 0.75, 0.85],
  ["SCS21", "Percentage of care leavers in education, employment or training", "H", 0.55, 0.65],
];

function rag([, , polarity, floor, target]: Indicator, value: number): string {
  const better = (a: number, b: number) => (polarity === "H" ? a >= b : a <= b);
  return better(value, target) ? "Green" : better(value, floor) ? "Amber" : "Red";
}

/** One team's four rows: Jun-22 … Dec-22 for each indicator, then floor, target and the published RAG. */
function block(history: readonly (readonly number[])[]): Cell[][] {
  return indicators.map((indicator, i) => {
    const values = history[i]!;
    const [code, name, polarity, floor, target] = indicator;
    return [
      code,
      name,
      polarity,
      ...values,
      floor,
      target,
      rag(indicator, values[values.length - 1]!),
    ];
  });
}

/**
 * A county children's services scorecard holding every team in one table: a
 * "Monthly Trends" banner over Jun-22 … Nov-22 and "Latest Month" over Dec-22,
 * then per team a row that names it (`Ashford CSWT`) and repeats the month
 * labels, with the team's indicator rows under it. The team rows are the
 * headers of their blocks, never indicators; the rows under them read their
 * history against the block's labels (the Canterbury labels are dates).
 */
const layout: Layout = {
  name: "Team blocks: a team row repeating the period labels heads each block",
  description:
    'Banner + header (PI code / Indicator / Polarity / Jun-22 … Dec-22 / Floor / Target / RAG); "Ashford CSWT" | | | ' +
    'Jun-22 … Dec-22 (text) over four rows, then "Canterbury CSWT" | | | Jun-22 … Dec-22 (dates) over four rows.',
  workbook: workbook(
    sheet(
      "CSWT",
      [
        ["Children's Social Work Teams - Scorecard, December 2022"],
        [],
        [null, null, null, "Monthly Trends", null, null, null, null, null, "Latest Month"],
        ["PI code", "Indicator", "Polarity", ...dates, "Floor", "Target", "RAG"],
        ["Ashford CSWT", null, null, ...months],
        ...block([
          [0.79, 0.8, 0.81, 0.82, 0.84, 0.86, 0.87], // up: IMP
          [17.6, 17.9, 17.2, 16.8, 17.1, 17.4, 17.0], // lower is better, down: IMP
          [0.78, 0.77, 0.76, 0.745, 0.739, 0.76, 0.755], // down: DET
          [0.58, 0.59, 0.6, 0.61, 0.62, 0.62, 0.62], // unchanged: STATIC
        ]),
        ["Canterbury CSWT", null, null, ...dates],
        ...block([
          [0.83, 0.82, 0.8, 0.79, 0.77, 0.76, 0.74], // down: DET
          [19.1, 19.4, 19.8, 20.2, 20.6, 21.0, 21.5], // lower is better, up: DET
          [0.7, 0.72, 0.74, 0.76, 0.79, 0.81, 0.86], // up: IMP
          [0.5, 0.52, 0.54, 0.55, 0.57, 0.6, 0.66], // up: IMP
        ]),
        [],
        [
          "Source: Management Information Unit. Floor standards are set in the service business plans.",
        ],
      ],
      {
        merges: ["D3:I3"],
        formats: {
          "D4:J4": "mmm-yy",
          "D10:J10": "mmm-yy",
          "D6:L6": "0.0%",
          "D7:L7": "0.0",
          "D8:L9": "0.0%",
          "D11:L11": "0.0%",
          "D12:L12": "0.0",
          "D13:L14": "0.0%",
        },
      }
    )
  ),
  expected: {
    sheets: {
      CSWT: {
        tables: [
          {
            address: "A3:M14",
            headerRows: [3, 4],
            layout: "wide",
            source: "scan",
            title: "Children's Social Work Teams - Scorecard, December 2022",
            mapping: {
              code: "A",
              name: "B",
              polarity: "C",
              value: "J",
              floor: "K",
              target: "L",
              status: "M",
            },
            reasons: { value: '"Latest Month" above Dec-22' },
            periods: months,
            indicatorRows: [6, 7, 8, 9, 11, 12, 13, 14],
            // Rows 5 and 10 are block headers, not plain sections (test/workbook/team-blocks.test.ts).
            sectionRows: {},
            rowSections: {
              6: "Ashford CSWT",
              9: "Ashford CSWT",
              11: "Canterbury CSWT",
              14: "Canterbury CSWT",
            },
            confidence: "high",
          },
        ],
      },
    },
    statusesMatchPublished: true,
    rows: [
      {
        sheet: "CSWT",
        code: "SCS01",
        sheetRow: 6,
        status: "Green",
        value: 0.87,
        section: "Ashford CSWT",
        shortTrend: "IMP",
        longTrend: "NA",
      },
      {
        sheet: "CSWT",
        code: "SCS05",
        sheetRow: 7,
        status: "Green",
        value: 17,
        section: "Ashford CSWT",
        shortTrend: "IMP",
        longTrend: "NA",
      },
      {
        sheet: "CSWT",
        code: "SCS19",
        sheetRow: 8,
        status: "Amber",
        value: 0.755,
        section: "Ashford CSWT",
        shortTrend: "DET",
        longTrend: "NA",
      },
      {
        sheet: "CSWT",
        code: "SCS21",
        sheetRow: 9,
        status: "Amber",
        value: 0.62,
        section: "Ashford CSWT",
        shortTrend: "STATIC",
        longTrend: "NA",
      },
      {
        sheet: "CSWT",
        code: "SCS01",
        sheetRow: 11,
        status: "Red",
        value: 0.74,
        section: "Canterbury CSWT",
        shortTrend: "DET",
        longTrend: "NA",
      },
      {
        sheet: "CSWT",
        code: "SCS05",
        sheetRow: 12,
        status: "Amber",
        value: 21.5,
        section: "Canterbury CSWT",
        shortTrend: "DET",
        longTrend: "NA",
      },
      {
        sheet: "CSWT",
        code: "SCS19",
        sheetRow: 13,
        status: "Green",
        value: 0.86,
        section: "Canterbury CSWT",
        shortTrend: "IMP",
        longTrend: "NA",
      },
      {
        sheet: "CSWT",
        code: "SCS21",
        sheetRow: 14,
        status: "Green",
        value: 0.66,
        section: "Canterbury CSWT",
        shortTrend: "IMP",
        longTrend: "NA",
      },
    ],
  },
};

export default layout;
