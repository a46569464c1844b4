/**
 * Generates examples/district-scorecard.xlsx: a county children's services
 * scorecard in the shape real ones have (see ../../shared/domain/rating-schemes.md
 * §2b and §4), with synthetic figures. Deterministic: a fixed seed, fixed dates
 * and fixed zip timestamps, so running it twice gives the same bytes.
 *
 * Run: npm run examples
 *
 * Each district tab has a title, a two-row header (a merged "Latest Month"
 * banner over Dec-22 and "Monthly Trends" over Dec-20 … Nov-22, real date cells
 * shown mmm-yy), PI code, Indicator, Polarity (H/L/T), Floor, Target, Lower and
 * Upper (the target range of the T row), Numerator, Denominator and the RAG the
 * officers published by hand. Section rows ("Ashford CSWT") split the table.
 * Deliberate cases: a Redacted value rated Green by hand, a published RAG the
 * rule disagrees with, an OCR-damaged RAG ("Reu"), a numerator and denominator
 * that do not give the value, a row N/A across (data held at county level), a
 * formula, a note an officer left on a cell, frozen panes, and two planted
 * outliers the checks must name: a district far from the others (Dover's
 * caseloads) and a step change in one district's history (Ashford's placement
 * stability, an SPC special cause).
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";

export const EXAMPLE_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  "district-scorecard.xlsx"
);

const FIXED_DATE = new Date(Date.UTC(2023, 0, 16, 9, 30, 0));
const DISTRICTS = ["Kent", "Ashford", "Canterbury", "Dover", "Maidstone"] as const;
type District = (typeof DISTRICTS)[number];

/** Months Dec-20 … Dec-22 (25), as UTC dates on the 1st. */
const MONTHS = Array.from({ length: 25 }, (_, i) => new Date(Date.UTC(2020, 11 + i, 1)));

type Kind = "percent" | "count" | "rate";
type Polarity = "H" | "L" | "T";

interface Indicator {
  readonly code: string;
  readonly name: string;
  readonly polarity: Polarity;
  readonly kind: Kind;
  readonly floor?: number;
  readonly target: number;
  readonly lower?: number;
  readonly upper?: number;
  /** Typical level and month-to-month spread. */
  readonly level: number;
  readonly spread: number;
  /** Typical denominator (people, posts, FTE) for a district; the county has five times as many. */
  readonly denominator?: number;
  /** Held at county level only: N/A on district tabs. */
  readonly countyOnly?: boolean;
}

const SECTIONS: readonly { readonly suffix: string; readonly indicators: readonly Indicator[] }[] =
  [
    {
      suffix: "Early Help",
      indicators: [
        {
          code: "EH43",
          name: "Percentage of Early Help cases closed with outcomes achieved",
          polarity: "H",
          kind: "percent",
          floor: 0.75,
          target: 0.85,
          level: 0.83,
          spread: 0.04,
          denominator: 120,
        },
        {
          code: "EH52",
          name: "Percentage of Early Help notifications processed within 3 working days",
          polarity: "H",
          kind: "percent",
          floor: 0.8,
          target: 0.9,
          level: 0.89,
          spread: 0.05,
          denominator: 260,
        },
      ],
    },
    {
      suffix: "CSWT",
      indicators: [
        {
          code: "SCS01",
          name: "Percentage of case holding posts filled by permanent qualified social workers",
          polarity: "H",
          kind: "percent",
          floor: 0.75,
          target: 0.85,
          level: 0.8,
          spread: 0.04,
          denominator: 40,
        },
        {
          code: "SCS08",
          name: "Percentage of referrals to children's social care that are repeat referrals within 12 months",
          polarity: "L",
          kind: "percent",
          floor: 0.25,
          target: 0.2,
          level: 0.21,
          spread: 0.03,
          denominator: 180,
        },
        {
          code: "SCS13",
          name: "Percentage of children becoming subject to a Child Protection Plan for the second or subsequent time",
          polarity: "T",
          kind: "percent",
          target: 0.2,
          lower: 0.175,
          upper: 0.225,
          level: 0.2,
          spread: 0.025,
          denominator: 60,
        },
        {
          code: "SCS19",
          name: "Percentage of children in care in the same placement for the last two years",
          polarity: "H",
          kind: "percent",
          floor: 0.75,
          target: 0.85,
          level: 0.78,
          spread: 0.03,
          denominator: 90,
        },
        {
          code: "SCS25",
          name: "Average caseload per social worker (cases per FTE)",
          polarity: "L",
          kind: "rate",
          floor: 22,
          target: 18,
          level: 18.5,
          spread: 1.5,
          denominator: 20,
        },
        {
          code: "SCS33",
          name: "Number of children missing from care for more than 24 hours",
          polarity: "L",
          kind: "count",
          floor: 10,
          target: 5,
          level: 6,
          spread: 3,
        },
        {
          code: "SCS40",
          name: "Percentage of care leavers in suitable accommodation",
          polarity: "H",
          kind: "percent",
          floor: 0.8,
          target: 0.9,
          level: 0.88,
          spread: 0.03,
          denominator: 700,
          countyOnly: true,
        },
      ],
    },
  ];

/** A small linear congruential generator: the same figures every run. */
function seeded(seedText: string): () => number {
  let seed = 2166136261;
  for (const ch of seedText) seed = Math.imul(seed ^ ch.charCodeAt(0), 16777619) >>> 0;
  return () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
}

function round(value: number, places: number): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

interface Series {
  readonly values: number[];
  readonly numerator?: number;
  readonly denominator?: number;
}

/**
 * 25 monthly values for an indicator in a district, with its latest numerator
 * and denominator. `shape` plants a real pattern: a district that has always run
 * at another level, or a step change part-way through the history.
 */
function series(indicator: Indicator, district: District, shape: Shape = {}): Series {
  const random = seeded(`${district}/${indicator.code}`);
  const scale = district === "Kent" ? 5 : 1;
  const districtShift = (random() - 0.5) * indicator.spread * 2;
  const base = shape.level ?? indicator.level;
  const values: number[] = [];
  let level = base + districtShift;
  for (let i = 0; i < MONTHS.length; i++) {
    level += (random() - 0.5) * indicator.spread;
    level = base + districtShift + (level - base - districtShift) * 0.7;
    const step = shape.step && i >= shape.step.from ? shape.step.by : 0;
    const v = level + step + (random() - 0.5) * indicator.spread;
    values.push(
      indicator.kind === "count"
        ? Math.max(0, Math.round(v * scale))
        : indicator.kind === "rate"
          ? round(v, 1)
          : round(Math.min(1, Math.max(0, v)), 3)
    );
  }
  if (!indicator.denominator) return { values };
  const denominator =
    indicator.kind === "rate"
      ? round(indicator.denominator * scale * (0.9 + random() * 0.2), 1)
      : Math.round(indicator.denominator * scale * (0.8 + random() * 0.4));
  const latest = values[values.length - 1]!;
  const numerator = Math.round(latest * denominator);
  // The value is what the numerator and denominator give (to the displayed precision).
  values[values.length - 1] =
    indicator.kind === "rate"
      ? round(numerator / denominator, 1)
      : round(numerator / denominator, 3);
  return { values, numerator, denominator };
}

/** The RAG an officer would publish for a value (the council's floor-and-target scheme). */
function publishedRag(indicator: Indicator, value: number): "Green" | "Amber" | "Red" {
  if (indicator.polarity === "T") {
    const { lower = indicator.target, upper = indicator.target } = indicator;
    if (value >= lower && value <= upper) return "Green";
    const gap = value < lower ? (lower - value) / lower : (value - upper) / upper;
    return gap <= 0.05 ? "Amber" : "Red";
  }
  const better = (a: number, b: number): boolean => (indicator.polarity === "H" ? a >= b : a <= b);
  if (better(value, indicator.target)) return "Green";
  if (indicator.floor !== undefined && better(value, indicator.floor)) return "Amber";
  return "Red";
}

const RAG_FILL = { Green: "FFC6EFCE", Amber: "FFFFEB9C", Red: "FFFFC7CE" } as const;
const HEADER_FILL: ExcelJS.Fill = {
  type: "pattern",
  pattern: "solid",
  fgColor: { argb: "FFDDEBF7" },
};
const SECTION_FILL: ExcelJS.Fill = {
  type: "pattern",
  pattern: "solid",
  fgColor: { argb: "FFF2F2F2" },
};
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: "thin", color: { argb: "FFBFBFBF" } },
  left: { style: "thin", color: { argb: "FFBFBFBF" } },
  bottom: { style: "thin", color: { argb: "FFBFBFBF" } },
  right: { style: "thin", color: { argb: "FFBFBFBF" } },
};

function formatOf(kind: Kind): string {
  return kind === "percent" ? "0.0%" : kind === "rate" ? "0.0" : "0";
}

/** Column numbers (1-based) of the layout. */
const COL = {
  code: 1,
  name: 2,
  polarity: 3,
  floor: 4,
  target: 5,
  lower: 6,
  upper: 7,
  latest: 8,
  historyFirst: 9,
  historyLast: 9 + MONTHS.length - 2,
  numerator: 9 + MONTHS.length - 1,
  denominator: 9 + MONTHS.length,
  rag: 9 + MONTHS.length + 1,
};

/** A planted pattern in a history (see `series`). */
interface Shape {
  /** The district's own typical level, instead of the indicator's. */
  readonly level?: number;
  /** From month index `from` (0 = Dec-20) on, every value moves by `by`. */
  readonly step?: { readonly from: number; readonly by: number };
}

/** Special cases, by district and code. */
interface Override {
  shape?: Shape;
  latest?: number | string;
  previous?: number;
  published?: string;
  numerator?: number;
  denominator?: number;
  note?: string;
  formula?: boolean;
}
const OVERRIDES: Partial<Record<District, Record<string, Override>>> = {
  Kent: {
    // The domain brief's figures: Amber now, below the floor (Red) the month before.
    SCS19: { latest: 0.755, previous: 0.746, numerator: 151, denominator: 200 },
    // Just outside the 17.5%–22.5% range with the floor met: Amber.
    SCS13: { latest: 0.226, numerator: 113, denominator: 500 },
    SCS25: { formula: true },
  },
  Ashford: {
    SCS13: { note: "Provisional: the validated figure is due in January." },
    // A new fostering support team from Apr-22: placement stability steps up
    // from about 70% to about 76% and stays there, a special cause (improvement)
    // on its own history, while the latest value is unremarkable beside the
    // other districts.
    SCS19: { shape: { level: 0.7, step: { from: 16, by: 0.065 } } },
  },
  Canterbury: {
    // Met its target, but published Amber: the slip the tool must flag.
    SCS01: { latest: 0.875, published: "Amber", numerator: 35, denominator: 40 },
  },
  Dover: {
    // Small numbers suppressed before publication; the officer rated it by hand.
    SCS33: { latest: "Redacted", published: "Green" },
    // Caseloads have run high in Dover all along: steady on its own history (no
    // special cause), but far above every other district this month.
    SCS25: { shape: { level: 25.5 } },
  },
  Maidstone: {
    // OCR damage in a pasted report: "Reu" for Red.
    SCS08: { latest: 0.27, published: "Reu", numerator: 54, denominator: 200 },
    // The numerator and denominator do not give the published value.
    EH43: { numerator: 97 },
  },
};

function addDistrictSheet(workbook: ExcelJS.Workbook, district: District): void {
  const sheet = workbook.addWorksheet(district, {
    views: [{ state: "frozen", xSplit: 2, ySplit: 5, topLeftCell: "C6", activeCell: "A1" }],
    pageSetup: {
      orientation: "landscape",
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  const area = district === "Kent" ? "Kent (county total)" : district;
  sheet.getCell(1, 1).value = "Kent County Council: Children, Young People and Education";
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.getCell(2, 1).value = `Directorate Scorecard: ${area}, December 2022`;
  sheet.getCell(2, 1).font = { bold: true, size: 12 };

  // Two-row header: banners over the month columns, then the column names.
  sheet.getCell(4, COL.latest).value = "Latest Month";
  sheet.getCell(4, COL.historyFirst).value = "Monthly Trends";
  sheet.mergeCells(4, COL.historyFirst, 4, COL.historyLast);
  const headers: [number, string][] = [
    [COL.code, "PI code"],
    [COL.name, "Indicator"],
    [COL.polarity, "Polarity"],
    [COL.floor, "Floor"],
    [COL.target, "Target"],
    [COL.lower, "Lower"],
    [COL.upper, "Upper"],
    [COL.numerator, "Numerator"],
    [COL.denominator, "Denominator"],
    [COL.rag, "RAG"],
  ];
  for (const [column, text] of headers) sheet.getCell(5, column).value = text;
  sheet.getCell(5, COL.latest).value = MONTHS[MONTHS.length - 1]!;
  for (let m = 0; m < MONTHS.length - 1; m++)
    sheet.getCell(5, COL.historyFirst + m).value = MONTHS[m]!;
  for (let c = COL.code; c <= COL.rag; c++) {
    for (const r of [4, 5]) {
      const cell = sheet.getCell(r, c);
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.border = THIN;
      cell.alignment = { horizontal: "center", vertical: "middle", wrapText: r === 5 };
    }
    if (c >= COL.latest && c <= COL.historyLast) sheet.getCell(5, c).numFmt = "mmm-yy";
  }

  let r = 6;
  for (const section of SECTIONS) {
    const heading = `${district === "Kent" ? "Kent" : district} ${section.suffix}`;
    sheet.getCell(r, COL.code).value = heading;
    for (let c = COL.code; c <= COL.rag; c++) {
      sheet.getCell(r, c).fill = SECTION_FILL;
      sheet.getCell(r, c).font = { bold: true, italic: true };
    }
    r++;
    for (const indicator of section.indicators) {
      const row = sheet.getRow(r);
      const override = OVERRIDES[district]?.[indicator.code] ?? {};
      const format = formatOf(indicator.kind);
      row.getCell(COL.code).value = indicator.code;
      row.getCell(COL.name).value = indicator.name;
      row.getCell(COL.polarity).value = indicator.polarity;
      row.getCell(COL.polarity).alignment = { horizontal: "center" };
      const rules: [number, number | undefined][] = [
        [COL.floor, indicator.floor],
        [COL.target, indicator.target],
        [COL.lower, indicator.lower],
        [COL.upper, indicator.upper],
      ];
      for (const [column, value] of rules) {
        if (value === undefined) continue;
        row.getCell(column).value = value;
        row.getCell(column).numFmt = format;
      }
      if (indicator.countyOnly && district !== "Kent") {
        // Data held at county level: N/A all the way across.
        for (let c = COL.latest; c <= COL.rag; c++) {
          row.getCell(c).value = "N/A";
          row.getCell(c).alignment = { horizontal: "right" };
        }
      } else {
        const { values, numerator, denominator } = series(indicator, district, override.shape);
        if (typeof override.latest === "number") values[values.length - 1] = override.latest;
        if (override.previous !== undefined) values[values.length - 2] = override.previous;
        for (let m = 0; m < MONTHS.length - 1; m++) {
          const cell = row.getCell(COL.historyFirst + m);
          cell.value = values[m]!;
          cell.numFmt = format;
        }
        const latest = row.getCell(COL.latest);
        const latestValue = values[values.length - 1]!;
        if (override.formula && numerator !== undefined) {
          latest.value = {
            formula: `${colLetter(COL.numerator)}${r}/${colLetter(COL.denominator)}${r}`,
            result: latestValue,
          };
        } else latest.value = override.latest ?? latestValue;
        latest.numFmt = format;
        latest.font = { bold: true };
        if (override.note) latest.note = override.note;
        if (numerator !== undefined && denominator !== undefined) {
          row.getCell(COL.numerator).value = override.numerator ?? numerator;
          row.getCell(COL.denominator).value = override.denominator ?? denominator;
          if (indicator.kind === "rate") row.getCell(COL.denominator).numFmt = "0.0";
        }
        const published =
          override.published ??
          (typeof override.latest === "string" ? "" : publishedRag(indicator, latestValue));
        const rag = row.getCell(COL.rag);
        rag.value = published;
        rag.alignment = { horizontal: "center" };
        const fill =
          published === "Reu" ? RAG_FILL.Red : RAG_FILL[published as keyof typeof RAG_FILL];
        if (fill) rag.fill = { type: "pattern", pattern: "solid", fgColor: { argb: fill } };
      }
      for (let c = COL.code; c <= COL.rag; c++) row.getCell(c).border = THIN;
      r++;
    }
  }
  r++;
  sheet.getCell(r, 1).value =
    "Source: synthetic figures for the Scorecard RAG example; not real council data.";
  sheet.getCell(r, 1).font = { italic: true, size: 9 };

  sheet.getColumn(COL.code).width = 11;
  sheet.getColumn(COL.name).width = 58;
  sheet.getColumn(COL.polarity).width = 9;
  for (const c of [COL.floor, COL.target, COL.lower, COL.upper]) sheet.getColumn(c).width = 8;
  for (let c = COL.latest; c <= COL.historyLast; c++) sheet.getColumn(c).width = 8;
  sheet.getColumn(COL.numerator).width = 11;
  sheet.getColumn(COL.denominator).width = 12;
  sheet.getColumn(COL.rag).width = 9;
  sheet.getRow(5).height = 30;
}

function colLetter(column: number): string {
  let n = column;
  let text = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    text = String.fromCharCode(65 + rem) + text;
    n = Math.floor((n - 1) / 26);
  }
  return text;
}

function addAboutSheet(workbook: ExcelJS.Workbook): void {
  const sheet = workbook.addWorksheet("About");
  const lines = [
    "Children, Young People and Education: Directorate Scorecard, December 2022",
    "",
    "Green: the target has been achieved.",
    "Amber: the floor standard has been achieved but the target has not been met.",
    "Red: the floor standard has not been achieved.",
    "Polarity H: higher is better. L: lower is better. T: stay within the target range (Lower to Upper).",
    "N/A: the data is held at county level only.",
    "",
    "The figures in this workbook are synthetic, generated for the Scorecard RAG example.",
  ];
  lines.forEach((text, i) => {
    if (text) sheet.getCell(i + 1, 1).value = text;
  });
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.getColumn(1).width = 100;
}

/** Sets every entry's modification time in a zip (ExcelJS stamps them with the time of writing). */
export function fixZipTimestamps(zip: Buffer, date: Date): Buffer {
  const out = Buffer.from(zip);
  const time =
    (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
  const day =
    ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  // End of central directory: the last "PK\x05\x06".
  const end = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error("not a zip file");
  const entries = out.readUInt16LE(end + 10);
  let at = out.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    if (out.readUInt32LE(at) !== 0x02014b50) throw new Error("bad central directory");
    out.writeUInt16LE(time, at + 12);
    out.writeUInt16LE(day, at + 14);
    const local = out.readUInt32LE(at + 42);
    if (out.readUInt32LE(local) !== 0x04034b50) throw new Error("bad local header");
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(day, local + 12);
    at += 46 + out.readUInt16LE(at + 28) + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  return out;
}

/** Builds the example workbook in memory. */
export function buildExample(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Scorecard RAG example generator";
  workbook.lastModifiedBy = "Scorecard RAG example generator";
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  addAboutSheet(workbook);
  for (const district of DISTRICTS) addDistrictSheet(workbook, district);
  workbook.views = [
    {
      x: 0,
      y: 0,
      width: 20000,
      height: 12000,
      firstSheet: 0,
      activeTab: 1,
      visibility: "visible",
    },
  ];
  return workbook;
}

/** The example's bytes: the same on every run. */
export async function exampleBytes(): Promise<Buffer> {
  const bytes = await buildExample().xlsx.writeBuffer();
  return fixZipTimestamps(Buffer.from(bytes as ArrayBuffer), FIXED_DATE);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bytes = await exampleBytes();
  writeFileSync(EXAMPLE_PATH, bytes);
  console.log(`Wrote ${EXAMPLE_PATH} (${bytes.length} bytes)`);
}
