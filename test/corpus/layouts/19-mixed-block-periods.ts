import { sheet, workbook, type Cell } from "../grid";
import type { Layout } from "../layout";

const months = ["Jun-22", "Jul-22", "Aug-22", "Sep-22", "Oct-22", "Nov-22", "Dec-22"];
const laterMonths = ["Jul-22", "Aug-22", "Sep-22", "Oct-22", "Nov-22", "Dec-22", "Jan-23"];
const quarters = [
  "Q1 21-22",
  "Q2 21-22",
  "Q3 21-22",
  "Q4 21-22",
  "Q1 22-23",
  "Q2 22-23",
  "Q3 22-23",
];

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

/** One team's block: its header row (the team's name and its own period labels), then its four rows. */
function block(
  team: string,
  labels: readonly string[],
  history: readonly (readonly Cell[])[]
): Cell[][] {
  return [
    [team, null, null, ...labels],
    ...indicators.map((indicator, i) => {
      const values = history[i]!;
      const [code, name, polarity, floor, target] = indicator;
      return [
        code,
        name,
        polarity,
        ...values,
        floor,
        target,
        rag(indicator, values[values.length - 1] as number),
      ];
    }),
  ];
}

/**
 * One table of team blocks whose period labels differ: the header and the
 * Ashford block show Jun-22 … Dec-22; Canterbury's figures run a month later
 * (Jul-22 … Jan-23); Swale reports quarterly (Q1 21-22 … Q3 22-23). Each row
 * reads its history against its own block's labels. Swale's long trends only
 * exist with its quarter labels (Q3 22-23 against Q3 21-22, four columns back):
 * read against the header's months they would all be NA.
 */
const layout: Layout = {
  name: "Team blocks with different period labels in one table",
  description:
    'Banner + header (Jun-22 … Dec-22); "Ashford CSWT" block with Jun-22 … Dec-22, "Canterbury CSWT" with ' +
    'Jul-22 … Jan-23, "Swale CSWT" with Q1 21-22 … Q3 22-23; four indicators each.',
  workbook: workbook(
    sheet(
      "CSWT",
      [
        ["Children's Social Work Teams - Scorecard, January 2023"],
        [],
        [null, null, null, "Monthly Trends", null, null, null, null, null, "Latest Month"],
        ["PI code", "Indicator", "Polarity", ...months, "Floor", "Target", "RAG"],
        ...block("Ashford CSWT", months, [
          [0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86], // up: IMP
          [18.2, 18.0, 17.8, 17.6, 17.4, 17.5, 17.9], // lower is better, up: DET
          [0.76, 0.77, 0.78, 0.79, 0.8, 0.8, 0.83], // up: IMP
          [0.57, 0.58, 0.59, 0.6, 0.61, 0.6, 0.6], // unchanged: STATIC
        ]),
        ...block("Canterbury CSWT", laterMonths, [
          [0.84, 0.83, 0.82, 0.81, 0.8, 0.79, 0.77], // down: DET
          [21.0, 20.8, 20.6, 20.4, 20.3, 20.1, 19.6], // lower is better, down: IMP
          [0.7, 0.71, 0.72, 0.73, 0.74, 0.74, 0.74], // unchanged: STATIC
          [0.6, 0.61, 0.62, 0.63, 0.64, 0.63, 0.58], // down: DET
        ]),
        ...block("Swale CSWT", quarters, [
          [0.7, 0.71, 0.72, 0.75, 0.8, 0.84, 0.78], // short DET; long IMP (0.78 vs 0.72 in Q3 21-22)
          [15.2, 15.8, 16.0, 17.1, 18.4, 19.5, 18.2], // short IMP; long DET (18.2 vs 16.0)
          [0.8, 0.82, 0.83, 0.85, 0.86, 0.88, 0.83], // short DET; long STATIC (0.83 both)
          ["N/A", "N/A", "N/A", 0.55, 0.58, 0.6, 0.62], // short IMP; long NA (Q3 21-22 is N/A)
        ]),
        [],
        [
          "Source: Management Information Unit. Floor standards are set in the service business plans.",
        ],
      ],
      {
        merges: ["D3:I3"],
        formats: {
          "D6:L6": "0.0%",
          "D7:L7": "0.0",
          "D8:L9": "0.0%",
          "D11:L11": "0.0%",
          "D12:L12": "0.0",
          "D13:L14": "0.0%",
          "D16:L16": "0.0%",
          "D17:L17": "0.0",
          "D18:L19": "0.0%",
        },
      }
    )
  ),
  expected: {
    sheets: {
      CSWT: {
        tables: [
          {
            address: "A3:M19",
            headerRows: [3, 4],
            layout: "wide",
            source: "scan",
            title: "Children's Social Work Teams - Scorecard, January 2023",
            mapping: {
              code: "A",
              name: "B",
              polarity: "C",
              value: "J",
              floor: "K",
              target: "L",
              status: "M",
            },
            periods: months,
            indicatorRows: [6, 7, 8, 9, 11, 12, 13, 14, 16, 17, 18, 19],
            // Rows 5, 10 and 15 are block headers (test/workbook/team-blocks.test.ts).
            sectionRows: {},
            rowSections: {
              6: "Ashford CSWT",
              9: "Ashford CSWT",
              11: "Canterbury CSWT",
              14: "Canterbury CSWT",
              16: "Swale CSWT",
              19: "Swale CSWT",
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
        value: 0.86,
        section: "Ashford CSWT",
        shortTrend: "IMP",
        longTrend: "NA",
      },
      {
        sheet: "CSWT",
        code: "SCS05",
        sheetRow: 7,
        status: "Green",
        value: 17.9,
        section: "Ashford CSWT",
        shortTrend: "DET",
        longTrend: "NA",
      },
      {
        sheet: "CSWT",
        code: "SCS19",
        sheetRow: 8,
        status: "Amber",
        value: 0.83,
        section: "Ashford CSWT",
        shortTrend: "IMP",
        longTrend: "NA",
      },
      {
        sheet: "CSWT",
        code: "SCS21",
        sheetRow: 9,
        status: "Amber",
        value: 0.6,
        section: "Ashford CSWT",
        shortTrend: "STATIC",
        longTrend: "NA",
      },
      {
        sheet: "CSWT",
        code: "SCS01",
        sheetRow: 11,
        status: "Amber",
        value: 0.77,
        section: "Canterbury CSWT",
        shortTrend: "DET",
        longTrend: "NA",
      },
      {
        sheet: "CSWT",
        code: "SCS05",
        sheetRow: 12,
        status: "Amber",
        value: 19.6,
        section: "Canterbury CSWT",
        shortTrend: "IMP",
        longTrend: "NA",
      },
      {
        sheet: "CSWT",
        code: "SCS19",
        sheetRow: 13,
        status: "Red",
        value: 0.74,
        section: "Canterbury CSWT",
        shortTrend: "STATIC",
        longTrend: "NA",
      },
      {
        sheet: "CSWT",
        code: "SCS21",
        sheetRow: 14,
        status: "Amber",
        value: 0.58,
        section: "Canterbury CSWT",
        shortTrend: "DET",
        longTrend: "NA",
      },
      {
        sheet: "CSWT",
        code: "SCS01",
        sheetRow: 16,
        status: "Amber",
        value: 0.78,
        section: "Swale CSWT",
        shortTrend: "DET",
        longTrend: "IMP",
      },
      {
        sheet: "CSWT",
        code: "SCS05",
        sheetRow: 17,
        status: "Amber",
        value: 18.2,
        section: "Swale CSWT",
        shortTrend: "IMP",
        longTrend: "DET",
      },
      {
        sheet: "CSWT",
        code: "SCS19",
        sheetRow: 18,
        status: "Amber",
        value: 0.83,
        section: "Swale CSWT",
        shortTrend: "DET",
        longTrend: "STATIC",
      },
      {
        sheet: "CSWT",
        code: "SCS21",
        sheetRow: 19,
        status: "Amber",
        value: 0.62,
        section: "Swale CSWT",
        shortTrend: "IMP",
        longTrend: "NA",
      },
    ],
  },
};

export default layout;
