import { sheet, workbook } from "../grid";
import type { Layout } from "../layout";

/**
 * The indicator names have no header: the top-left cell is blank and the header
 * row starts at Target. The names column is still the names. A chart-feed block
 * (an unlabelled column over period columns only) is still not a table.
 */
const layout: Layout = {
  name: "Unlabelled indicator column",
  description:
    "A blank top-left header cell over the indicator names, then Polarity / Target / Actual / RAG; " +
    "and a chart-feed block (Actual/Target rows under months) that must stay no table.",
  workbook: workbook(
    sheet(
      "Leisure",
      [
        ["Leisure and Culture - Q3 2022/23"],
        [],
        [null, "Polarity", "Target", "Actual", "RAG"],
        ["Leisure centre visits (thousands)", "H", 210, 214, "Green"],
        ["Library issues (thousands)", "H", 95, 91, "Amber"],
        ["Museum visitor satisfaction", "H", 0.9, 0.78, "Red"],
      ],
      { formats: { "C6:D6": "0%" } }
    ),
    sheet("Chart feed", [
      [null, "Apr-22", "May-22", "Jun-22"],
      ["Actual", 0.8, 0.79, 0.81],
      ["Target", 0.82, 0.82, 0.82],
    ])
  ),
  expected: {
    sheets: {
      Leisure: {
        tables: [
          {
            address: "A3:E6",
            headerRows: [3],
            layout: "wide",
            source: "scan",
            title: "Leisure and Culture - Q3 2022/23",
            mapping: { code: null, name: "A", polarity: "B", target: "C", value: "D", status: "E" },
            reasons: {
              name: "no header: the unlabelled column left of the header holds the indicator names",
            },
            indicatorRows: [4, 5, 6],
          },
        ],
      },
      "Chart feed": { problem: "but it has no indicator code or name column" },
    },
    statusesMatchPublished: true,
  },
};

export default layout;
