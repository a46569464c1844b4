import { memoised } from "./memo";

/** A RAG rating. `NA`: no usable value or rule; `Not rated`: deliberately data only. */
export type Status = "Green" | "Amber" | "Red" | "Not rated" | "NA";

export const STATUSES: readonly Status[] = ["Green", "Amber", "Red", "Not rated", "NA"];

/** A status read from a published cell, and whether its spelling had to be repaired. */
export interface PublishedStatus {
  readonly status: Status;
  readonly text: string;
  readonly repaired: boolean;
}

const EXACT: ReadonlyMap<string, Status> = new Map<string, Status>([
  ["green", "Green"],
  ["g", "Green"],
  ["amber", "Amber"],
  ["a", "Amber"],
  ["yellow", "Amber"],
  ["red", "Red"],
  ["r", "Red"],
  ["na", "NA"],
  ["n/a", "NA"],
  ["not available", "NA"],
  ["not rated", "Not rated"],
  ["unrated", "Not rated"],
  ["data only", "Not rated"],
  ["no rag", "Not rated"],
  // Grey marks "data only" in several councils' keys; it must not be repaired into Green.
  ["grey", "Not rated"],
  ["gray", "Not rated"],
]);

/**
 * Reads a published RAG cell. Exact spellings are case- and space-insensitive;
 * spellings damaged by OCR in pasted reports (`Reu`, `GREW`, `Arnber`) are
 * repaired when they are one letter away from a status word and cannot be
 * read as another, and marked `repaired` so a check can say so.
 *
 * Cost: O(length of the text).
 *
 * @example parsePublishedStatus("GREW") // { status: "Green", text: "GREW", repaired: true }
 */
export function parsePublishedStatus(raw: unknown): PublishedStatus | undefined {
  if (typeof raw !== "string") return undefined;
  return publishedStatusOf(raw);
}

// Its reading is shared by every cell of that spelling, so it is frozen.
const publishedStatusOf = memoised((raw: string) => {
  const read = readPublishedStatus(raw);
  return read && Object.freeze(read);
});

function readPublishedStatus(raw: string): PublishedStatus | undefined {
  const text = raw.trim();
  const key = text
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/[.!]+$/, "");
  if (key === "") return undefined;
  const exact = EXACT.get(key);
  if (exact) return { status: exact, text, repaired: false };
  const candidates = (["Green", "Amber", "Red"] as const).filter((status) =>
    withinOneEdit(key, status.toLowerCase())
  );
  const repairedStatus = candidates.length === 1 ? candidates[0] : undefined;
  if (repairedStatus && key.length >= 3) return { status: repairedStatus, text, repaired: true };
  // OCR often splits or merges letters: "rn" for "m", "GREW" for "GREEN".
  const normalised = key.replace(/rn/g, "m");
  if (normalised !== key && EXACT.has(normalised))
    return { status: EXACT.get(normalised)!, text, repaired: true };
  if (/^gre[a-z]{1,3}$/.test(key)) return { status: "Green", text, repaired: true };
  return undefined;
}

/** True when `a` becomes `b` by at most one insertion, deletion or substitution. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (a.length < b.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}
