import { writeXlsx } from "../xlsx";
import type { Layout } from "../layout";

/**
 * The ListObject layout as a saved .xlsx, read back through src/xlsx/read.ts:
 * the Excel table must come back as a table (source "list-object", its range),
 * and the date-typed month headers as months.
 */
const path = await writeXlsx("excel-table.xlsx", (workbook) => {
  const sheet = workbook.addWorksheet("KPIs");
  sheet.getCell("A1").value = "Corporate KPIs - Quarter 3 2022/23";
  sheet.addTable({
    name: "tblKPIs",
    ref: "A3",
    headerRow: true,
    columns: [
      { name: "Ref" },
      { name: "Measure" },
      { name: "Aim" },
      { name: "Actual" },
      { name: "Target" },
      { name: "RAG" },
    ],
    rows: [
      ["CS01", "Calls answered within 60 seconds", "Maximise", 0.81, 0.8, "Green"],
      ["CS02", "Complaints responded to within 10 working days", "Maximise", 0.74, 0.9, "Red"],
      ["FIN1", "Invoices paid within 30 days", "Maximise", 0.93, 0.95, "Amber"],
    ],
  });
  for (const row of [4, 5, 6])
    for (const column of ["D", "E"]) sheet.getCell(`${column}${row}`).numFmt = "0%";
});

const layout: Layout = {
  name: "Excel table in a saved .xlsx",
  description:
    "A ListObject A3:F6 written by ExcelJS and read back from the file through snapshotWorkbook.",
  workbook: path,
  expected: {
    sheets: {
      KPIs: {
        tables: [
          {
            address: "A3:F6",
            headerRows: [3],
            layout: "wide",
            source: "list-object",
            listObject: "tblKPIs",
            title: "Corporate KPIs - Quarter 3 2022/23",
            mapping: { code: "A", name: "B", polarity: "C", value: "D", target: "E", status: "F" },
            indicatorRows: [4, 5, 6],
          },
        ],
      },
    },
    statusesMatchPublished: true,
  },
};

export default layout;
