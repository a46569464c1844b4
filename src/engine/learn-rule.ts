import type { Polarity } from "./polarity";
import type { RuleFields } from "./rules";

/** One published rating, with what it was given for. */
export interface PublishedRating {
  readonly value: number;
  readonly target: number;
  readonly status: "Green" | "Amber" | "Red";
  /** Where the rating is (for messages): `Dover!H13`. */
  readonly where: string;
}

/** An interval of thresholds that reproduce the ratings, as the rule reads it. */
export interface ThresholdInterval {
  /** Lower end; `open` says whether the end itself is excluded. */
  readonly low: number;
  readonly lowOpen: boolean;
  readonly high: number;
  readonly highOpen: boolean;
}

/** The tightest published values either side of a boundary. */
export interface BoundaryEvidence {
  /** The rating on the lenient side closest to the boundary (the worst Amber). */
  readonly inside?: PublishedRating;
  /** The rating on the strict side closest to the boundary (the best Red). */
  readonly outside?: PublishedRating;
}

export type LearnedKind = "floor" | "relative" | "absolute" | "two-state" | "target-only" | "range";

export interface LearnedRule {
  readonly kind: LearnedKind;
  /** The rule fields to use (`floor`, `tolerance`, or `amber: false`); empty for `target-only`. */
  readonly fields: RuleFields;
  /** The Amber/Red boundary's interval on its scale (value, fraction of target, or units), when there is one. */
  readonly interval?: ThresholdInterval;
  /** The value chosen inside the interval (see `roundestIn`). */
  readonly chosen?: number;
  readonly counts: Readonly<Record<"Green" | "Amber" | "Red", number>>;
  readonly evidence: BoundaryEvidence;
  /** Ratings no single rule of this kind reproduces: the publication's own slips. */
  readonly conflicts: readonly { readonly rating: PublishedRating; readonly why: string }[];
}

/** How far a value falls short of its target, on each scale (positive = short). */
function shortfall(
  rating: PublishedRating,
  polarity: Polarity
): { absolute: number; relative: number } {
  const absolute =
    polarity === "minimise" ? rating.value - rating.target : rating.target - rating.value;
  return {
    absolute,
    relative: rating.target === 0 ? Number.NaN : absolute / Math.abs(rating.target),
  };
}

const EPSILON = 1e-9;
const meets = (short: number): boolean => short <= EPSILON * Math.max(1, Math.abs(short));

/**
 * The roundest number in an interval: the one with the fewest significant
 * digits, trying steps 10ᵏ then 5·10ᵏ⁻¹ from coarse to fine, and of several
 * at the same step the one nearest the middle. An analyst picks 75 inside
 * (74.1, 75.1], and 5% inside [4.3%, 6.25%).
 *
 * Cost: O(digits of precision), about 30 steps at most.
 * @example roundestIn({ low: 74.1, lowOpen: true, high: 75.1, highOpen: false }) // 75
 */
export function roundestIn(interval: ThresholdInterval): number {
  const { low, high } = interval;
  const inside = (x: number): boolean =>
    (interval.lowOpen ? x > low + EPSILON * Math.abs(low) : x >= low - EPSILON * Math.abs(low)) &&
    (interval.highOpen
      ? x < high - EPSILON * Math.abs(high)
      : x <= high + EPSILON * Math.abs(high));
  if (!Number.isFinite(low) && !Number.isFinite(high)) return 0;
  if (!Number.isFinite(high)) return roundAbove(low, interval.lowOpen);
  if (!Number.isFinite(low)) return -roundAbove(-high, interval.highOpen);
  const span = Math.max(Math.abs(low), Math.abs(high), 1e-12);
  const exponent = Math.ceil(Math.log10(span)) + 1;
  for (let k = exponent; k > exponent - 16; k--) {
    for (const step of [10 ** k, 5 * 10 ** (k - 1)]) {
      const first = Math.ceil(low / step) * step;
      const candidates: number[] = [];
      for (let x = first; x <= high + step && candidates.length < 50; x += step) {
        const clean = Number(x.toPrecision(12));
        if (inside(clean)) candidates.push(clean);
      }
      if (candidates.length > 0) {
        const middle = (low + high) / 2;
        return candidates.reduce((best, x) =>
          Math.abs(x - middle) < Math.abs(best - middle) ? x : best
        );
      }
    }
  }
  return (low + high) / 2;
}

/** A round number just past `low` (for a boundary with nothing on one side). */
function roundAbove(low: number, open: boolean): number {
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(Math.abs(low), 1e-12)));
  for (const step of [magnitude, magnitude / 2, magnitude / 10]) {
    const x = Number((Math.floor(low / step + (open ? 1 : 0.999999)) * step).toPrecision(12));
    if (open ? x > low : x >= low) return x;
  }
  return low;
}

interface Split {
  readonly violations: readonly PublishedRating[];
  readonly interval: ThresholdInterval;
  readonly inside?: PublishedRating;
  readonly outside?: PublishedRating;
}

/**
 * The threshold on a scale that best separates the lenient side (Amber: at or
 * below the threshold) from the strict side (Red: above it), fewest ratings on
 * the wrong side; those are the violations. `score` is the rating's position
 * on the scale (a shortfall).
 */
function bestSplit(
  lenient: readonly PublishedRating[],
  strict: readonly PublishedRating[],
  score: (r: PublishedRating) => number,
  least = Number.NEGATIVE_INFINITY
): Split | undefined {
  const points = [
    ...lenient.map((r) => ({ r, s: score(r), lenient: true })),
    ...strict.map((r) => ({ r, s: score(r), lenient: false })),
  ].filter((p) => Number.isFinite(p.s));
  if (points.length === 0) return undefined;
  points.sort((a, b) => a.s - b.s);
  // Threshold t: lenient wants s <= t, strict wants s > t. Try t below all, and at each distinct score.
  const cuts = [least, ...new Set(points.map((p) => p.s).filter((x) => x > least))];
  // Of the cuts with fewest ratings on the wrong side, the one with the widest gap to the next
  // score: the boundary the ratings pin down least tightly is the least likely to be a slip's.
  let best: { t: number; bad: number; margin: number } | undefined;
  for (const t of cuts) {
    let bad = 0;
    let next = Number.POSITIVE_INFINITY;
    for (const p of points) {
      if (p.lenient ? p.s > t : p.s <= t) bad++;
      if (p.s > t && p.s < next) next = p.s;
    }
    // A boundary on the target itself leaves no room for the Ambers there are: the last resort.
    const margin =
      t === least && Number.isFinite(least) && lenient.length > 0
        ? Number.NEGATIVE_INFINITY
        : Number.isFinite(t)
          ? next - t
          : Number.POSITIVE_INFINITY;
    if (!best || bad < best.bad || (bad === best.bad && margin > best.margin))
      best = { t, bad, margin };
  }
  if (!best) return undefined;
  const t = best.t;
  const violations = points.filter((p) => (p.lenient ? p.s > t : p.s <= t)).map((p) => p.r);
  const goodLenient = points.filter((p) => p.lenient && p.s <= t);
  const goodStrict = points.filter((p) => !p.lenient && p.s > t);
  const inside = goodLenient.reduce<(typeof points)[number] | undefined>(
    (m, p) => (!m || p.s > m.s ? p : m),
    undefined
  );
  const outside = goodStrict.reduce<(typeof points)[number] | undefined>(
    (m, p) => (!m || p.s < m.s ? p : m),
    undefined
  );
  return {
    violations,
    interval: {
      low: Math.max(inside ? inside.s : Number.NEGATIVE_INFINITY, least),
      lowOpen: false,
      high: outside ? outside.s : Number.POSITIVE_INFINITY,
      highOpen: true,
    },
    ...(inside ? { inside: inside.r } : {}),
    ...(outside ? { outside: outside.r } : {}),
  };
}

/**
 * Finds the rule that reproduces an indicator's published ratings.
 *
 * Green is "target met" (equal counts as met); a Green short of its target,
 * or an Amber or Red that meets it, is a conflict. The Amber/Red boundary is
 * found on three scales — a floor (a value level), a tolerance relative to the
 * target, an absolute tolerance — each as the interval of thresholds that puts
 * the fewest ratings on the wrong side. The scale with fewest conflicts wins;
 * on a tie a floor (the county scheme, brief §2b) when every rating has the
 * same target, else the relative tolerance (§2a), else the absolute; `hint`
 * (from the rating key printed on the sheet) breaks a tie first. Where no
 * Amber appears but Reds do, two states. One threshold inside the interval is
 * chosen with `roundestIn`.
 *
 * Cost: O(n²) for n ratings (n is small: one per tab and period).
 */
export function learnRule(
  ratings: readonly PublishedRating[],
  polarity: Polarity,
  hint?: "floor" | "relative"
): LearnedRule {
  const counts = { Green: 0, Amber: 0, Red: 0 };
  for (const r of ratings) counts[r.status]++;
  const conflicts: { rating: PublishedRating; why: string }[] = [];
  const amber: PublishedRating[] = [];
  const red: PublishedRating[] = [];
  for (const r of ratings) {
    const met = meets(shortfall(r, polarity).absolute);
    if (r.status === "Green" && !met)
      conflicts.push({ rating: r, why: "published Green, but the target is not met" });
    else if (r.status !== "Green" && met)
      conflicts.push({ rating: r, why: `published ${r.status}, but the target is met` });
    else if (r.status === "Amber") amber.push(r);
    else if (r.status === "Red") red.push(r);
  }
  if (amber.length === 0 && red.length === 0)
    return { kind: "target-only", fields: {}, counts, evidence: {}, conflicts };
  if (amber.length === 0)
    return {
      kind: "two-state",
      fields: { amber: false },
      counts,
      evidence: {},
      conflicts,
    };

  const sameTarget = ratings.every(
    (r) => Math.abs(r.target - ratings[0]!.target) <= EPSILON * Math.max(1, Math.abs(r.target))
  );
  const sign = polarity === "minimise" ? 1 : -1;
  const scales: {
    kind: "floor" | "relative" | "absolute";
    score: (r: PublishedRating) => number;
  }[] = [
    // A floor is a value: lenient (Amber) at or past it. On the shortfall-like scale −value (maximise) or value (minimise).
    { kind: "floor", score: (r) => sign * r.value },
    { kind: "relative", score: (r) => shortfall(r, polarity).relative },
    { kind: "absolute", score: (r) => shortfall(r, polarity).absolute },
  ];
  const preference = (kind: string): number => {
    if (hint === kind) return 0;
    if (kind === "floor") return sameTarget ? 1 : 3;
    if (kind === "relative") return 2;
    return 4;
  };
  let chosen: { kind: "floor" | "relative" | "absolute"; split: Split } | undefined;
  for (const scale of scales) {
    if (scale.kind === "floor" && !sameTarget && hint !== "floor") continue;
    // A floor lies on the far side of the target from Green; a tolerance is at least 0.
    const least =
      scale.kind === "floor"
        ? sameTarget
          ? sign * ratings[0]!.target
          : Number.NEGATIVE_INFINITY
        : 0;
    const split = bestSplit(amber, red, scale.score, least);
    if (!split) continue;
    if (
      !chosen ||
      split.violations.length < chosen.split.violations.length ||
      (split.violations.length === chosen.split.violations.length &&
        preference(scale.kind) < preference(chosen.kind))
    )
      chosen = { kind: scale.kind, split };
  }
  if (!chosen) return { kind: "target-only", fields: {}, counts, evidence: {}, conflicts };
  const { kind, split } = chosen;
  for (const r of split.violations)
    conflicts.push({
      rating: r,
      why:
        r.status === "Amber"
          ? "published Amber, but further from target than a published Red"
          : "published Red, but closer to target than a published Amber",
    });
  const evidence: BoundaryEvidence = {
    ...(split.inside ? { inside: split.inside } : {}),
    ...(split.outside ? { outside: split.outside } : {}),
  };
  if (kind === "floor") {
    // Back from the scale to values: maximise scores −value, so the floor lies in (best Red, worst Amber].
    const interval: ThresholdInterval =
      sign === -1
        ? { low: -split.interval.high, lowOpen: true, high: -split.interval.low, highOpen: false }
        : split.interval;
    const floor = roundestIn(interval);
    return { kind, fields: { floor }, interval, chosen: floor, counts, evidence, conflicts };
  }
  const value = roundestIn(split.interval);
  const tolerance =
    kind === "relative"
      ? ({ kind: "relative", fraction: value } as const)
      : ({ kind: "absolute", amount: value } as const);
  return {
    kind,
    fields: { tolerance },
    interval: split.interval,
    chosen: value,
    counts,
    evidence,
    conflicts,
  };
}

/**
 * The target range a "stay close to target" indicator (polarity T) was
 * rated with: Green inside [lower, upper], anything else outside. Each bound
 * is the roundest number between the nearest non-Green and the outermost
 * Green on its side of the target; a non-Green between the outermost Greens
 * is a conflict. The Amber/Red boundary outside the range is left to the
 * tolerance (not learned).
 *
 * Cost: O(n) for n ratings.
 * @example learnRange([{ value: 20, target: 20, status: "Green", where: "" }, …]).fields // { lower: 17.5, upper: 22.5 }
 */
export function learnRange(ratings: readonly PublishedRating[]): LearnedRule {
  const counts = { Green: 0, Amber: 0, Red: 0 };
  for (const r of ratings) counts[r.status]++;
  const greens = ratings.filter((r) => r.status === "Green");
  if (greens.length === 0)
    return { kind: "target-only", fields: {}, counts, evidence: {}, conflicts: [] };
  const low = Math.min(...greens.map((r) => r.value));
  const high = Math.max(...greens.map((r) => r.value));
  const conflicts: { rating: PublishedRating; why: string }[] = [];
  let below: PublishedRating | undefined;
  let above: PublishedRating | undefined;
  for (const r of ratings) {
    if (r.status === "Green") continue;
    if (r.value >= low && r.value <= high)
      conflicts.push({
        rating: r,
        why: `published ${r.status}, but inside the range the Greens span`,
      });
    else if (r.value < low) {
      if (!below || r.value > below.value) below = r;
    } else if (!above || r.value < above.value) above = r;
  }
  const lowerInterval: ThresholdInterval = {
    low: below ? below.value : Number.NEGATIVE_INFINITY,
    lowOpen: true,
    high: low,
    highOpen: false,
  };
  const upperInterval: ThresholdInterval = {
    low: high,
    lowOpen: false,
    high: above ? above.value : Number.POSITIVE_INFINITY,
    highOpen: true,
  };
  const lower = roundestIn(lowerInterval);
  const upper = roundestIn(upperInterval);
  return {
    kind: "range",
    fields: { lower, upper },
    interval: { low: lowerInterval.low, lowOpen: true, high: upperInterval.high, highOpen: true },
    chosen: lower,
    counts,
    evidence: { ...(below ? { outside: below } : above ? { outside: above } : {}) },
    conflicts,
  };
}
