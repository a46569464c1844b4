import { sheet, workbook } from "../grid";
import type { Layout } from "../layout";

const header = ["PI code", "PI name", "Polarity", "Value", "Target", "RAG"];

/**
 * One table printed over several pages: the header row is repeated, blank rows
 * separate groups, and a group's section heading can follow a blank row. It is
 * still one table, ending at the footnote.
 */
const layout: Layout = {
  name: "Repeated header rows and blank rows inside one table",
  description:
    "A header repeated part-way down (page breaks), single and double blank rows between groups, " +
    "a section heading after a blank row, and a footnote after the last row.",
  workbook: workbook(
    sheet(
      "Scorecard",
      [
        ["Early Help and Preventative Services - Quarter 3"],
        header,
        ["EH01", "Families supported by Early Help units", "H", 1210, 1200, "Green"],
        ["EH02", "Early Help cases closed with outcomes achieved", "H", 0.78, 0.8, "Amber"],
        [],
        ["EH05", "Re-referrals to Early Help within 12 months", "L", 0.16, 0.15, "Red"],
        [],
        [],
        header,
        ["EH07", "Young people NEET (16-17)", "L", 0.031, 0.035, "Green"],
        ["EH08", "Youth justice first time entrants per 100,000", "L", 190, 200, "Green"],
        [],
        ["Youth Service"],
        ["YS1", "Young people attending youth hubs", "H", 5200, 5000, "Green"],
        ["YS2", "Youth hub sessions delivered", "H", 640, 700, "Red"],
        [],
        ["Figures for Q3 are provisional."],
      ],
      { formats: { "D4:E4": "0%", "D6:E6": "0%", "D10:E10": "0.0%" } }
    )
  ),
  expected: {
    sheets: {
      Scorecard: {
        tables: [
          {
            address: "A2:F15",
            headerRows: [2],
            layout: "wide",
            source: "scan",
            title: "Early Help and Preventative Services - Quarter 3",
            mapping: { code: "A", name: "B", polarity: "C", value: "D", target: "E", status: "F" },
            indicatorRows: [3, 4, 6, 10, 11, 14, 15],
            repeatedHeaderRows: [9],
            sectionRows: { 13: "Youth Service" },
            rowSections: { 14: "Youth Service", 15: "Youth Service" },
          },
        ],
      },
    },
    statusesMatchPublished: true,
  },
};

export default layout;
