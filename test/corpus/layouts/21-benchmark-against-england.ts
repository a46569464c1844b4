import { sheet, workbook } from "../grid";
import type { Layout } from "../layout";

/**
 * A public-health profile in the Fingertips shape: each indicator's count,
 * denominator and value for the district beside England's value, no targets.
 * The Benchmark column says what Fingertips' comparison would: Wilson score
 * intervals for the proportions, Byar's method (exact Poisson below 10 events)
 * for the rates per 100,000 (PHEindicatormethods' phe_proportion and
 * phe_rate), the polarity turning higher and lower into better and worse. The
 * figures are synthetic; the intervals are worked in the comments.
 */
const layout: Layout = {
  name: "Public-health profile against England",
  description:
    "Ref / Indicator / Polarity / Numerator / Denominator / Value / England: Better, Similar and Worse " +
    "from the value's 95% interval against England's value.",
  workbook: workbook(
    sheet(
      "Thanet",
      [
        ["Thanet public health profile, 2021/22, compared with England"],
        ["Ref", "Indicator", "Polarity", "Numerator", "Denominator", "Value", "England"],
        // 312 / 3,050 = 10.2%, Wilson 9.20%–11.36%, wholly above 8.8%; lower is better: Worse.
        ["PH01", "Smoking status at time of delivery", "L", 312, 3050, 312 / 3050, 0.088],
        // 1,420 / 2,900 = 49.0%, Wilson 47.1%–50.8%, spans 49.2%: Similar.
        ["PH02", "Breastfeeding at 6 to 8 weeks", "H", 1420, 2900, 1420 / 2900, 0.492],
        // 2,210 / 3,400 = 65.0%, Wilson 63.4%–66.6%, wholly above 60.0%: Better.
        ["PH03", "Flu vaccination coverage, at-risk individuals", "H", 2210, 3400, 0.65, 0.6],
        // 96 / 1,250 = 7.7%, Wilson 6.3%–9.3%, wholly below 10.4%; lower is better: Better.
        ["PH04", "Reception: prevalence of obesity", "L", 96, 1250, 96 / 1250, 0.104],
        // 210 per 165,000 = 127.3 per 100,000, Byar 110.6–145.7, wholly above 76.0: Worse.
        [
          "PH05",
          "Under 75 mortality rate from cardiovascular disease, per 100,000",
          "L",
          210,
          165000,
          127.3,
          76,
        ],
        // 8 per 20,000 = 40.0 per 100,000, exact Poisson 17.3–78.8, wholly below 163.9: Better.
        ["PH06", "Emergency admissions for self-harm, per 100,000", "L", 8, 20000, 40, 163.9],
        // A survey estimate with no count: the value alone, untested: Higher.
        ["PH07", "Percentage of physically active adults", "H", null, null, 0.681, 0.671],
        // 190 per 160,000 = 118.8 per 100,000, Byar 102.5–136.9, spans 125.0: Similar.
        [
          "PH08",
          "Killed and seriously injured casualties on roads, per 100,000",
          "L",
          190,
          160000,
          118.8,
          125,
        ],
        // England's figure not yet published: Not compared.
        ["PH09", "Children in absolute low income families", "L", 4120, 21400, 4120 / 21400, null],
      ],
      { formats: { "F3:G6": "0.0%", "F9:G9": "0.0%", "F11:G11": "0.0%" } }
    )
  ),
  expected: {
    sheets: {
      Thanet: {
        tables: [
          {
            address: "A2:G11",
            headerRows: [2],
            layout: "wide",
            source: "scan",
            title: "Thanet public health profile, 2021/22, compared with England",
            mapping: {
              code: "A",
              name: "B",
              polarity: "C",
              numerator: "D",
              denominator: "E",
              value: "F",
            },
            benchmarks: ["G"],
            indicatorRows: [3, 4, 5, 6, 7, 8, 9, 10, 11],
          },
        ],
      },
    },
    rows: [
      { sheet: "Thanet", code: "PH01", benchmarks: ["Worse"] },
      { sheet: "Thanet", code: "PH02", benchmarks: ["Similar"] },
      { sheet: "Thanet", code: "PH03", benchmarks: ["Better"] },
      { sheet: "Thanet", code: "PH04", benchmarks: ["Better"] },
      { sheet: "Thanet", code: "PH05", benchmarks: ["Worse"] },
      { sheet: "Thanet", code: "PH06", benchmarks: ["Better"] },
      { sheet: "Thanet", code: "PH07", benchmarks: ["Higher"] },
      { sheet: "Thanet", code: "PH08", benchmarks: ["Similar"] },
      { sheet: "Thanet", code: "PH09", benchmarks: ["Not compared"] },
    ],
  },
};

export default layout;
