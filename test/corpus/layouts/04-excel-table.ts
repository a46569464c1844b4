import { sheet, workbook } from "../grid";
import type { Layout } from "../layout";

/**
 * An Excel table (ListObject) used as it is: its own range, not a scan, even
 * though "Measure" could mean the value or the name. The used range starts at
 * B2 (an adapter's snapshot origin), and a plain table below is still scanned.
 */
const layout: Layout = {
  name: "Excel table (ListObject)",
  description:
    "A ListObject B4:G10 with headers Ref / Measure / Aim / Actual / Target / RAG, a title above, " +
    "and a plain (scanned) table under it.",
  workbook: workbook(
    sheet(
      "Corporate KPIs",
      [
        ["Corporate KPIs - Quarter 3 2022/23"],
        [],
        ["Ref", "Measure", "Aim", "Actual", "Target", "RAG"],
        ["CS01", "Calls answered within 60 seconds", "Maximise", 0.81, 0.8, "Green"],
        ["CS02", "Complaints responded to within 10 working days", "Maximise", 0.74, 0.9, "Red"],
        ["FIN1", "Invoices paid within 30 days", "Maximise", 0.93, 0.95, "Amber"],
        ["HR3", "Average working days lost to sickness per FTE", "Minimise", 9.1, 8.5, "Red"],
        [
          "WST2",
          "Household waste sent for reuse, recycling and composting",
          "Maximise",
          0.47,
          0.45,
          "Green",
        ],
        ["ICT1", "Website availability", "Maximise", 0.999, 0.995, "Green"],
        [],
        ["Note: figures are provisional until the year-end audit."],
        [],
        ["Ref", "Measure", "Aim", "Actual", "Target", "RAG"],
        ["PL1", "Planning appeals allowed", "Minimise", 0.3, 0.3, "Green"],
        ["PL2", "Minor applications decided in 8 weeks", "Maximise", 0.62, 0.7, "Red"],
      ],
      {
        origin: "B2",
        tables: [{ name: "tblCorporateKPIs", ref: "B4:G10" }],
        formats: { "E5:F9": "0%", "E8:F8": "0.0", "E10:F10": "0.0%", "E15:F16": "0%" },
      }
    )
  ),
  expected: {
    sheets: {
      "Corporate KPIs": {
        tables: [
          {
            address: "B4:G10",
            headerRows: [4],
            layout: "wide",
            source: "list-object",
            listObject: "tblCorporateKPIs",
            title: "Corporate KPIs - Quarter 3 2022/23",
            mapping: { code: "B", name: "C", polarity: "D", value: "E", target: "F", status: "G" },
            reasons: { name: "could mean several things" },
            indicatorRows: [5, 6, 7, 8, 9, 10],
            confidence: "high",
          },
          {
            address: "B14:G16",
            headerRows: [14],
            layout: "wide",
            source: "scan",
            // The note above is not a title.
            title: undefined,
            mapping: { code: "B", name: "C", polarity: "D", value: "E", target: "F", status: "G" },
            indicatorRows: [15, 16],
          },
        ],
      },
    },
    statusesMatchPublished: true,
  },
};

export default layout;
