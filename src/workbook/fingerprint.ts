import type { CellScalar } from "./snapshot";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Characters in one fingerprint. */
export const FINGERPRINT_LENGTH = 4;

/**
 * A fingerprint that never equals `fingerprint(x)` for any x (it uses a
 * character outside the alphabet): recorded for a cell the user owns.
 */
export const NOT_OURS = "~~~~";

/**
 * The text a cell shows for the purpose of fingerprinting: what the add-in
 * wrote is always text, so a number the user typed never matches it by accident.
 */
function cellText(value: CellScalar | string | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return `\u0000${value}`;
  return (value.includes("\r") ? value.replace(/\r\n?/g, "\n") : value).trim();
}

/**
 * A 24-bit fingerprint of a cell's text, as four URL-safe base-64 characters:
 * FNV-1a over the UTF-16 code units, folded to 24 bits. Kept with the record
 * of what the add-in wrote, so it can tell later whether a cell still holds
 * that (a chance match is 1 in 16.7 million a cell).
 *
 * Cost: O(length of the text).
 * @example fingerprint("Green") // "hZ3S" (four characters from the alphabet)
 */
export function fingerprint(value: CellScalar | string | undefined): string {
  const text = cellText(value);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const folded = ((hash >>> 24) ^ hash) & 0xffffff;
  return (
    ALPHABET[(folded >>> 18) & 63]! +
    ALPHABET[(folded >>> 12) & 63]! +
    ALPHABET[(folded >>> 6) & 63]! +
    ALPHABET[folded & 63]!
  );
}

/** Whether a cell's value is empty as far as ownership goes (blank or whitespace). */
export function isBlank(value: CellScalar | undefined): boolean {
  return value === null || value === undefined || (typeof value === "string" && !value.trim());
}
