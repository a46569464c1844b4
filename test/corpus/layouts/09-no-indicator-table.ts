import { excelDate, sheet, workbook } from "../grid";
import type { Layout } from "../layout";

/**
 * Sheets a scorecard workbook carries that hold no indicator table. Each gets a
 * problem saying why, never a table made up from prose or chart numbers.
 */
const layout: Layout = {
  name: "Sheets with no indicator table",
  description:
    "A notes sheet (prose that mentions targets and floors), an empty sheet, a contacts list with a " +
    '"Name, Notes, Owner" header, a chart-data sheet of numbers only, and a chart series sheet.',
  workbook: workbook(
    sheet("Notes", [
      ["About this scorecard"],
      [],
      [
        "Each indicator is rated against its target for 2022/23. Floor standards are set in the business plans.",
      ],
      [
        "Red means the floor standard has not been achieved; Amber means the floor is met but the target is not.",
      ],
      ["Direction of travel compares the latest value with the previous period."],
      [],
      ["Contact: Performance and Information Team"],
    ]),
    sheet("Blank", []),
    sheet("Owners", [
      ["Name", "Notes", "Owner"],
      ["Early Help", "Quarterly return", "J. Smith"],
      ["Youth Justice", "Data from the YJB", "A. Patel"],
    ]),
    sheet("Chart data", [
      [2019, 2020, 2021, 2022],
      [61.2, 63.5, 64.1, 67.3],
      [30.1, 33.4, 35.2, 34],
      [310, 322, 330, 319],
    ]),
    sheet(
      "Chart series",
      [
        [null, excelDate(2022, 4), excelDate(2022, 5), excelDate(2022, 6), excelDate(2022, 7)],
        ["Actual", 0.8, 0.79, 0.81, 0.83],
        ["Target", 0.82, 0.82, 0.82, 0.82],
      ],
      { formats: { "B1:E1": "mmm-yy", "B2:E3": "0%" } }
    )
  ),
  expected: {
    sheets: {
      Notes: {
        problem: 'No indicator table found on "Notes": no row has headers such as "PI code"',
      },
      Blank: { problem: 'No indicator table found on "Blank": the sheet is empty.' },
      Owners: {
        problem:
          'No indicator table found on "Owners": the best header row is 1 ("Name"), but it has no Value, Target, Status or period columns.',
      },
      "Chart data": { problem: 'No indicator table found on "Chart data": no row has headers' },
      "Chart series": {
        problem:
          'the best header row is 1 ("Apr-22" … "Jul-22"), but it has no indicator code or name column.',
      },
    },
  },
};

export default layout;
