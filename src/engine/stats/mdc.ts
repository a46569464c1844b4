import type { Polarity } from "../polarity";
import type { SpcResult } from "./special-cause";
import type { XmrLimits } from "./xmr";

/**
 * The Making Data Count icons as words: what the variation and assurance icons
 * of NHS England's "Making Data Count" say about an indicator's latest point,
 * as NHSRplotthedots' icon summary reads them (the latest point's type,
 * R/ptd_create_ggplot.R `ptd_get_icon`; assurance from
 * R/ptd_calculate_assurance_type.R). The words are what a sheet cell, a note
 * and the task pane show, so they never disagree: the arrow is the side of the
 * special cause (above the mean or rising ↑, below or falling ↓).
 */

/** The variation icon of the latest point. */
export type VariationIcon =
  | "common-cause"
  | "improvement-high"
  | "improvement-low"
  | "concern-high"
  | "concern-low"
  | "neither-high"
  | "neither-low";

/** The assurance icon: can the process be relied on to meet the target? */
export type AssuranceIcon = "consistently-passing" | "consistently-failing" | "hit-and-miss";

/** An icon with its words, or NA with the reason there is none. */
export type IconVerdict<Icon extends string> =
  | { readonly kind: "icon"; readonly icon: Icon; readonly text: string }
  | { readonly kind: "na"; readonly reason: string; readonly text: "NA" };

export const VARIATION_TEXT: Readonly<Record<VariationIcon, string>> = {
  "common-cause": "Common cause",
  "improvement-high": "Improvement ↑",
  "improvement-low": "Improvement ↓",
  "concern-high": "Concern ↑",
  "concern-low": "Concern ↓",
  "neither-high": "Neither ↑",
  "neither-low": "Neither ↓",
};

export const ASSURANCE_TEXT: Readonly<Record<AssuranceIcon, string>> = {
  "consistently-passing": "Consistently passing",
  "consistently-failing": "Consistently failing",
  "hit-and-miss": "Hit and miss",
};

const icon = <Icon extends string>(i: Icon, text: string): IconVerdict<Icon> => ({
  kind: "icon",
  icon: i,
  text,
});

const na = <Icon extends string>(reason: string): IconVerdict<Icon> => ({
  kind: "na",
  reason,
  text: "NA",
});

/**
 * The variation icon of an analysed series: its latest finite point's type.
 * Common cause when no rule marks it; otherwise improvement or concern by the
 * polarity, or "neither" for a target range or no polarity, with the side.
 * NA (with the count) below the minimum number of points.
 *
 * Cost: O(1) on an {@link analyseSpc} result.
 *
 * @example variationVerdict(analyseSpc([...Array(12).fill(5), 50], "minimise")).text // "Concern ↑"
 */
export function variationVerdict(result: SpcResult): IconVerdict<VariationIcon> {
  if (result.kind === "too-few-points")
    return na(`${result.points} point${result.points === 1 ? "" : "s"}, needs ${result.minimum}`);
  const point = result.latest;
  if (!point.specialCause || point.side === null)
    return icon("common-cause", VARIATION_TEXT["common-cause"]);
  const kind: VariationIcon =
    point.variation === "improvement"
      ? point.side === "high"
        ? "improvement-high"
        : "improvement-low"
      : point.variation === "concern"
        ? point.side === "high"
          ? "concern-high"
          : "concern-low"
        : point.side === "high"
          ? "neither-high"
          : "neither-low";
  return icon(kind, VARIATION_TEXT[kind]);
}

/** What assurance is judged against: one target, or a target range (both ends). */
export type AssuranceTarget =
  { readonly target: number } | { readonly lower: number; readonly upper: number };

/**
 * The assurance icon: where the target lies against the process limits
 * (mean ± 2.66 × MR̄, "3-sigma"). For one target and a direction (Making Data
 * Count; NHSRplotthedots R/ptd_calculate_assurance_type.R): a target beyond the
 * limits on the bad side is consistently failing, on the good side
 * consistently passing; between them (or on one) hit and miss. For a target
 * range (polarity `range` with both ends), the same idea extended: both limits
 * inside the range is consistently passing, both outside it on one side
 * consistently failing, otherwise hit and miss. NA with the reason otherwise:
 * no target, no polarity, or one target with "close to target" polarity
 * (the reference gives none for a neutral direction).
 *
 * Cost: O(1).
 *
 * @example assuranceVerdict({ mean: 90, upperProcessLimit: 95, lowerProcessLimit: 85 } as XmrLimits, { target: 80 }, "maximise").text // "Consistently passing"
 */
export function assuranceVerdict(
  limits: Pick<XmrLimits, "upperProcessLimit" | "lowerProcessLimit">,
  target: AssuranceTarget | undefined,
  polarity: Polarity | undefined
): IconVerdict<AssuranceIcon> {
  const upl = limits.upperProcessLimit;
  const lpl = limits.lowerProcessLimit;
  if (target === undefined) return na("no target");
  if ("lower" in target) {
    if (!(Number.isFinite(target.lower) && Number.isFinite(target.upper)))
      return na("no target range");
    if (lpl >= target.lower && upl <= target.upper)
      return icon("consistently-passing", ASSURANCE_TEXT["consistently-passing"]);
    if (upl < target.lower || lpl > target.upper)
      return icon("consistently-failing", ASSURANCE_TEXT["consistently-failing"]);
    return icon("hit-and-miss", ASSURANCE_TEXT["hit-and-miss"]);
  }
  if (!Number.isFinite(target.target)) return na("no target");
  if (polarity === undefined) return na("no polarity");
  if (polarity === "range") return na("one target, no direction to judge");
  const up = polarity === "maximise";
  if (target.target > upl)
    return up
      ? icon("consistently-failing", ASSURANCE_TEXT["consistently-failing"])
      : icon("consistently-passing", ASSURANCE_TEXT["consistently-passing"]);
  if (target.target < lpl)
    return up
      ? icon("consistently-passing", ASSURANCE_TEXT["consistently-passing"])
      : icon("consistently-failing", ASSURANCE_TEXT["consistently-failing"]);
  return icon("hit-and-miss", ASSURANCE_TEXT["hit-and-miss"]);
}
