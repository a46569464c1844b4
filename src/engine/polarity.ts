/**
 * Polarity: which direction of an indicator is good.
 *
 * - `maximise`: higher is better (`Maximise`, `H`, `Higher values are better`).
 * - `minimise`: lower is better (`Minimise`, `L`, `Lower values are better`).
 * - `range`: a target or a band is best; too low is as bad as too high
 *   (`Goldilocks`, `T`, `As close to target as possible`).
 */
import { memoised } from "./memo";

export type Polarity = "maximise" | "minimise" | "range";

const SPELLINGS: ReadonlyMap<string, Polarity> = new Map<string, Polarity>([
  ...[
    "maximise",
    "maximize",
    "max",
    "h",
    "high",
    "higher",
    "up",
    "increase",
    "↑",
    "higher is better",
    "higher values are better",
    "higher value is better",
    "high is good",
    "bigger is better",
    "aim high",
  ].map((s) => [s, "maximise"] as const),
  ...[
    "minimise",
    "minimize",
    "min",
    "l",
    "low",
    "lower",
    "down",
    "decrease",
    "↓",
    "lower is better",
    "lower values are better",
    "lower value is better",
    "low is good",
    "smaller is better",
    "aim low",
  ].map((s) => [s, "minimise"] as const),
  ...[
    "goldilocks",
    "t",
    "target",
    "range",
    "target range",
    "within range",
    "in range",
    "↔",
    "as close to target as possible",
    "close to target",
    "as close to the target as possible",
    "stay close to the target",
    "stay close to target",
  ].map((s) => [s, "range"] as const),
]);

/**
 * Reads a polarity from any spelling seen in council workbooks, ignoring case,
 * surrounding or repeated whitespace, a leading `Tolerance:` or `Aim to`, and
 * trailing punctuation. Returns `undefined` for anything it does not recognise:
 * a polarity is never guessed.
 *
 * Cost: O(length of the text).
 *
 * @example parsePolarity(" Tolerance: Higher values are better ") // "maximise"
 * @example parsePolarity("T") // "range"
 */
export function parsePolarity(raw: unknown): Polarity | undefined {
  if (typeof raw !== "string") return undefined;
  return polarityOf(raw);
}

const polarityOf = memoised(readPolarity);

function readPolarity(raw: string): Polarity | undefined {
  const text = raw
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^(tolerance|polarity|aim to|aim)\s*[:\-–]?\s*/, "")
    .replace(/[.:;!]+$/, "")
    .trim();
  return SPELLINGS.get(text);
}
