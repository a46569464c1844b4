/**
 * A generated county scorecard in the brief's §2b scheme: a county tab and
 * twelve district tabs, each with Target and RAG columns but no Floor column
 * ("floors are set in business plans"). The RAGs are published with floors
 * 6–17% below target, known here, plus a few slips an officer made by hand,
 * so that learning can be checked against the floors it was generated with.
 * Deterministic: the same seed gives the same workbook.
 */
import { sheet, workbook, type Cell } from "./grid";
import { DISTRICTS as TABS } from "../office/scorecard";
import type { WorkbookSnapshot } from "../../src/workbook/snapshot";

/** The twelve districts of the county (the county tab, Kent, is the first of the scorecard's tabs). */
export const DISTRICTS = TABS.filter((tab) => tab !== "Kent");

export interface GeneratedIndicator {
  readonly code: string;
  readonly name: string;
  readonly polarity: "H" | "L";
  readonly target: number;
  readonly floor: number;
  /** Values are percentages (fractions under a % format) or counts. */
  readonly percent: boolean;
}

/** Floors as a business plan sets them: round numbers, 6–17% from target. */
export const INDICATORS: readonly GeneratedIndicator[] = [
  {
    code: "SCS01",
    name: "Posts filled by permanent qualified social workers",
    polarity: "H",
    target: 0.85,
    floor: 0.75,
    percent: true,
  },
  {
    code: "SCS05",
    name: "Average caseload of social workers",
    polarity: "L",
    target: 18,
    floor: 20,
    percent: false,
  },
  {
    code: "SCS08",
    name: "Re-referrals within 12 months",
    polarity: "L",
    target: 0.2,
    floor: 0.22,
    percent: true,
  },
  {
    code: "SCS13",
    name: "Children subject to a plan for a second time",
    polarity: "L",
    target: 0.18,
    floor: 0.2,
    percent: true,
  },
  {
    code: "SCS19",
    name: "Assessments completed within 45 working days",
    polarity: "H",
    target: 0.9,
    floor: 0.8,
    percent: true,
  },
  {
    code: "SCS22",
    name: "Visits to children in care within timescale",
    polarity: "H",
    target: 0.95,
    floor: 0.85,
    percent: true,
  },
  {
    code: "EH43",
    name: "Early Help assessments within 30 days",
    polarity: "H",
    target: 0.8,
    floor: 0.7,
    percent: true,
  },
  {
    code: "EH52",
    name: "Early Help cases closed with outcomes achieved",
    polarity: "H",
    target: 0.8,
    floor: 0.7,
    percent: true,
  },
  {
    code: "CP10",
    name: "Child protection conferences within 15 days",
    polarity: "H",
    target: 0.85,
    floor: 0.78,
    percent: true,
  },
  {
    code: "LAC04",
    name: "Placement stability: three or more moves",
    polarity: "L",
    target: 0.1,
    floor: 0.115,
    percent: true,
  },
];

/** A small linear congruential generator: reproducible noise, no dependency. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function ragOf(indicator: GeneratedIndicator, value: number): "Green" | "Amber" | "Red" {
  const better = (a: number, b: number): boolean =>
    indicator.polarity === "H" ? a >= b - 1e-12 : a <= b + 1e-12;
  return better(value, indicator.target)
    ? "Green"
    : better(value, indicator.floor)
      ? "Amber"
      : "Red";
}

export interface Slip {
  readonly sheet: string;
  readonly code: string;
  readonly published: "Green" | "Amber" | "Red";
}

export interface CountyScorecard {
  readonly snapshot: WorkbookSnapshot;
  /** The RAG each row should have under its floor (before slips), by sheet and code. */
  readonly truth: ReadonlyMap<string, "Green" | "Amber" | "Red">;
  readonly slips: readonly Slip[];
}

/**
 * Values spread around the target so that every band is used: a third meet
 * the target, a third fall between floor and target, a third below the floor,
 * some within a whisker of the floor either side.
 */
export function countyScorecard(seed = 2023): CountyScorecard {
  const next = random(seed);
  const truth = new Map<string, "Green" | "Amber" | "Red">();
  const slips: Slip[] = [];
  const tabs = ["Kent", ...DISTRICTS].map((tab, t) => {
    const rows: Cell[][] = [
      [`Directorate Scorecard: ${tab}${tab === "Kent" ? " (county total)" : ""}, December 2022`],
      [
        "Key: Green – target has been achieved. Amber – floor standard achieved but target not met. Red – floor standard not achieved.",
      ],
      ["PI code", "Indicator", "Polarity", "Target", "Value", "RAG"],
    ];
    INDICATORS.forEach((indicator, i) => {
      const gap = Math.abs(indicator.target - indicator.floor);
      const towardsWorse = indicator.polarity === "H" ? -1 : 1;
      // Position in units of the floor gap: <0 meets target, 0–1 Amber, >1 Red.
      // Every third value within a whisker of the floor, either side: the ratings that pin it down.
      const position = (t + i) % 3 === 0 ? 1 + (next() - 0.5) * 0.12 : -0.6 + next() * 2.4;
      // Two slips an officer made: a mid-Amber figure published Red, and a beaten target left Amber.
      const slip =
        tab === "Dover" && indicator.code === "SCS19"
          ? "Red"
          : tab === "Swale" && indicator.code === "EH43"
            ? "Amber"
            : undefined;
      const at = slip === "Red" ? 0.4 : slip === "Amber" ? -0.3 : position;
      const raw = indicator.target + towardsWorse * at * gap;
      const value = indicator.percent ? Math.round(raw * 1000) / 1000 : Math.round(raw * 10) / 10;
      const rag = slip ?? ragOf(indicator, value);
      truth.set(`${tab}|${indicator.code}`, ragOf(indicator, value));
      if (slip) slips.push({ sheet: tab, code: indicator.code, published: slip });
      rows.push([indicator.code, indicator.name, indicator.polarity, indicator.target, value, rag]);
    });
    const formats: Record<string, string> = {};
    INDICATORS.forEach((indicator, i) => {
      if (indicator.percent) formats[`D${4 + i}:E${4 + i}`] = "0.0%";
    });
    return sheet(tab, rows, { formats });
  });
  return { snapshot: workbook(...tabs), truth, slips };
}
