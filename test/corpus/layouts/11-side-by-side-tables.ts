import { sheet, workbook } from "../grid";
import type { Layout } from "../layout";

/**
 * Two tables beside each other, separated by an empty column: on one sheet they
 * share the header row and end at different rows; on the other the right-hand
 * table starts lower down and has its own title. Each is its own table.
 */
const layout: Layout = {
  name: "Two tables side by side",
  description:
    "Children's and adults' tables in A:F and H:M with a blank column G between, sharing a header row; " +
    "and a second sheet where the right-hand table starts three rows lower.",
  workbook: workbook(
    sheet(
      "Summary",
      [
        ["Children's services", null, null, null, null, null, null, "Adult social care"],
        [],
        [
          "PI code",
          "PI name",
          "Aim to",
          "Value",
          "Target",
          "Status",
          null,
          "PI code",
          "PI name",
          "Aim to",
          "Value",
          "Target",
          "Status",
        ],
        [
          "CS1",
          "Children in care per 10,000",
          "Minimise",
          67.3,
          70,
          "Green",
          null,
          "AS1",
          "Admissions to care homes (65+) per 100,000",
          "Minimise",
          119.3,
          145,
          "Green",
        ],
        [
          "CS2",
          "Child protection plans per 10,000",
          "Minimise",
          44,
          40,
          "Red",
          null,
          "AS2",
          "Direct payments",
          "Maximise",
          0.323,
          0.3,
          "Green",
        ],
        [
          "Early Help",
          null,
          null,
          null,
          null,
          null,
          null,
          "AS3",
          "Reablement still at home after 91 days",
          "Maximise",
          0.78,
          0.8,
          "Amber",
        ],
        ["EH1", "Early Help assessments in 10 days", "Maximise", 0.82, 0.8, "Green"],
        ["EH2", "Cases closed with outcomes achieved", "Maximise", 0.71, 0.8, "Red"],
      ],
      { formats: { "K5:L6": "0.0%", "D7:E8": "0%" } }
    ),
    sheet(
      "Staggered",
      [
        ["Housing", null, null, null, null, null, "Revenues"],
        [],
        ["Code", "Indicator", "Polarity", "Value", "Target"],
        ["H1", "Homes let within 28 days", "H", 0.91, 0.9, null, "Collection rates - Quarter 3"],
        ["H2", "Rent arrears as % of rent due", "L", 0.031, 0.03],
        [
          "H3",
          "Households in temporary accommodation",
          "L",
          244,
          250,
          null,
          "Code",
          "Indicator",
          "Polarity",
          "Value",
          "Target",
        ],
        [
          "H4",
          "Empty homes brought back into use",
          "H",
          45,
          40,
          null,
          "R1",
          "Council tax collected",
          "H",
          0.968,
          0.97,
        ],
        [null, null, null, null, null, null, "R2", "Business rates collected", "H", 0.981, 0.975],
      ],
      { formats: { "D4:E5": "0.0%", "J7:K8": "0.0%" } }
    )
  ),
  expected: {
    sheets: {
      Summary: {
        tables: [
          {
            address: "A3:F8",
            headerRows: [3],
            layout: "wide",
            source: "scan",
            title: "Children's services",
            mapping: { code: "A", name: "B", polarity: "C", value: "D", target: "E", status: "F" },
            indicatorRows: [4, 5, 7, 8],
            sectionRows: { 6: "Early Help" },
          },
          {
            address: "H3:M6",
            headerRows: [3],
            layout: "wide",
            source: "scan",
            title: "Adult social care",
            mapping: { code: "H", name: "I", polarity: "J", value: "K", target: "L", status: "M" },
            indicatorRows: [4, 5, 6],
            sectionRows: {},
          },
        ],
      },
      Staggered: {
        tables: [
          {
            address: "A3:E7",
            headerRows: [3],
            layout: "wide",
            source: "scan",
            title: "Housing",
            mapping: { code: "A", name: "B", polarity: "C", value: "D", target: "E" },
            indicatorRows: [4, 5, 6, 7],
          },
          {
            address: "G6:K8",
            headerRows: [6],
            layout: "wide",
            source: "scan",
            title: "Collection rates - Quarter 3",
            mapping: { code: "G", name: "H", polarity: "I", value: "J", target: "K" },
            indicatorRows: [7, 8],
          },
        ],
      },
    },
    statusesMatchPublished: true,
    rows: [
      { sheet: "Summary", code: "AS3", status: "Amber" },
      { sheet: "Summary", code: "EH2", status: "Red", section: "Early Help" },
      { sheet: "Staggered", code: "R1", status: "Amber", value: 0.968 },
    ],
  },
};

export default layout;
