import { parseCellValue } from "../engine/values";
import { cellAddress } from "./address";
import { codeKey } from "./rules-table";
import type { SheetGrid } from "./snapshot";

export interface CommentRange {
  readonly lower: number;
  readonly upper: number;
  readonly cell: string;
}

const NUMBER = String.raw`(-?\d[\d,]*(?:\.\d+)?\s*%?)`;
const UPPER = new RegExp(String.raw`upper(?: limit)?(?: is| at| of| set at|:|=)*\s*` + NUMBER, "i");
const LOWER = new RegExp(String.raw`lower(?: limit)?(?: is| at| of| set at|:|=)*\s*` + NUMBER, "i");
const BETWEEN = new RegExp(
  String.raw`range(?:\s*(?:is|of|:|=))*\s*(?:between\s*)?` +
    NUMBER +
    String.raw`\s*(?:-|–|—|to|and)\s*` +
    NUMBER,
  "i"
);
// "between 1 and 5" alone is not a range ("admissions between 1 and 5 are redacted"): it must be a target's.
const BETWEEN_AND = new RegExp(
  String.raw`\b(?:target|range|limits?|optimum|optimal)\b[^;]*?\bbetween\s+` +
    NUMBER +
    String.raw`\s+and\s+` +
    NUMBER,
  "i"
);

function number(text: string): number | undefined {
  const value = parseCellValue(text.replace(/\s+%$/, "%"));
  return value.kind === "number" ? value.value : undefined;
}

/** "17.5 – 22.5%": a percent sign on one end of a range applies to both. */
function bounds(low: string, high: string): [number | undefined, number | undefined] {
  const percent = /%$/.test(low) || /%$/.test(high);
  const withPercent = (text: string): string => (percent && !/%$/.test(text) ? `${text}%` : text);
  return [number(withPercent(low)), number(withPercent(high))];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Target ranges written in commentary rather than in columns, as the unitary
 * council does for its Goldilocks rows: a cell `CSC0004:` followed by "We have
 * set the upper limit at 71 and the lower at 63", or "target range of 17.5% –
 * 22.5%" next to a code. Only codes in `codes` are read; cells inside the
 * tables (`skipRows`) are ignored.
 *
 * Cost: O(cells outside tables).
 */
export function rangesFromComments(
  grid: SheetGrid,
  codes: ReadonlySet<string>,
  skipRows: ReadonlySet<number>
): Map<string, CommentRange> {
  const found = new Map<string, CommentRange>();
  // The code as a whole word ("For SCS13 the target range…"), not inside another code (SCS130).
  // Built only when a cell states a range: most sheets have none outside their tables.
  let wordPatterns: (readonly [string, RegExp])[] | undefined;
  const codeNamedIn = (text: string): string | undefined => {
    const upperText = text.toUpperCase();
    const direct = [...codes].find(
      (code) => upperText.includes(`${code}:`) || upperText.startsWith(`${code} `)
    );
    if (direct) return direct;
    wordPatterns ??= [...codes].map(
      (code) =>
        [code, new RegExp(String.raw`(^|[^A-Z0-9])${escapeRegExp(code)}($|[^A-Z0-9(])`)] as const
    );
    return wordPatterns.find(([, pattern]) => pattern.test(upperText))?.[0];
  };
  let current: string | undefined;
  for (let r = grid.firstRow; r < grid.rowCount; r++) {
    if (skipRows.has(r)) {
      current = undefined;
      continue;
    }
    for (let c = grid.firstColumn, end = grid.rowEnd(r); c < end; c++) {
      const text = grid.text(r, c);
      if (!text) continue;
      const asCode = codeKey(text);
      if (codes.has(asCode)) {
        current = asCode;
        continue;
      }
      let lower: number | undefined;
      let upper: number | undefined;
      const between = BETWEEN.exec(text) ?? BETWEEN_AND.exec(text);
      if (between) {
        [lower, upper] = bounds(between[1]!.trim(), between[2]!.trim());
      } else {
        const u = UPPER.exec(text);
        const l = LOWER.exec(text);
        if (u && l) [lower, upper] = bounds(l[1]!.trim(), u[1]!.trim());
      }
      if (lower === undefined || upper === undefined || lower > upper) continue;
      // The code the cell names, else the code cell above it in this run of rows.
      const code = codeNamedIn(text) ?? current;
      if (code) found.set(code, { lower, upper, cell: cellAddress(r, c) });
    }
  }
  return found;
}
