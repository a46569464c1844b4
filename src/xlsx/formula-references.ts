/**
 * The A1-style references in a formula's text, for code that rewrites them
 * (columns inserted or deleted; a shared formula read from another cell).
 *
 * The walk copies text in double quotes, structured references and external
 * workbooks (`Table1[Value]`, `[1]Sheet!A1`) and function names as they are,
 * and hands every other word (`B7`, `$B$7`, `Name`) to `single`, and every
 * `word:word` pair (`B2:K2`, `A:B`, `1:3`) to `range` first, with the sheet
 * named before it. What the callback returns replaces the text; `undefined`
 * keeps it (and a pair `range` declines is read as a word, a colon and a
 * word). Deciding what is a reference is the callback's.
 *
 * Cost: O(formula length).
 *
 * @example mapReferences("SUM(B2:C2)*D1", { single: (w) => w.toLowerCase() }) // "SUM(B2:C2)*d1"
 */

/** The sheet of a reference into another workbook (`[1]Sheet!A1`): never one of this workbook's. */
export const EXTERNAL_SHEET = "\u0000external";

/** A word read in a formula: where it points, as written before it. */
export interface ReferencePrefix {
  /**
   * The sheet named before the reference (`Kent` of `Kent!B2`, `My sheet` of
   * `'My sheet'!B2`, quotes undone), `EXTERNAL_SHEET`, or `undefined` when
   * none is: the formula's own sheet.
   */
  readonly sheet: string | undefined;
}

export interface ReferenceVisitor {
  readonly single?: (word: string, at: ReferencePrefix) => string | undefined;
  readonly range?: (first: string, second: string, at: ReferencePrefix) => string | undefined;
}

const WORD = /[A-Za-z0-9_.$\\]/;

export function mapReferences(formula: string, visit: ReferenceVisitor): string {
  let out = "";
  let i = 0;
  const n = formula.length;
  // The sheet the next word belongs to (set by a `Sheet!` prefix).
  let prefixSheet: string | undefined;

  const readWord = (from: number): string => {
    let j = from;
    while (j < n && WORD.test(formula[j]!)) j++;
    return formula.slice(from, j);
  };

  while (i < n) {
    const ch = formula[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < n) {
        if (formula[j] === '"') {
          if (formula[j + 1] === '"') j += 2;
          else break;
        } else j++;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      prefixSheet = undefined;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      let name = "";
      while (j < n) {
        if (formula[j] === "'") {
          if (formula[j + 1] === "'") {
            name += "'";
            j += 2;
          } else break;
        } else name += formula[j++];
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      if (formula[i] === "!") {
        out += "!";
        i++;
        prefixSheet = name;
      }
      continue;
    }
    if (ch === "[") {
      let depth = 0;
      let j = i;
      for (; j < n; j++) {
        if (formula[j] === "[") depth++;
        else if (formula[j] === "]" && --depth === 0) break;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      // `[1]Sheet!A1` is another workbook: nothing after it is ours.
      prefixSheet = EXTERNAL_SHEET;
      continue;
    }
    if (WORD.test(ch)) {
      const word = readWord(i);
      const j = i + word.length;
      if (formula[j] === "!") {
        out += word + "!";
        prefixSheet = prefixSheet === EXTERNAL_SHEET ? prefixSheet : word;
        i = j + 1;
        continue;
      }
      if (formula[j] === "(") {
        out += word;
        i = j;
        prefixSheet = undefined;
        continue;
      }
      const at: ReferencePrefix = { sheet: prefixSheet };
      prefixSheet = undefined;
      if (formula[j] === ":" && visit.range) {
        const second = readWord(j + 1);
        const end = j + 1 + second.length;
        if (second && formula[end] !== "!") {
          const replaced = visit.range(word, second, at);
          if (replaced !== undefined) {
            out += replaced;
            i = end;
            continue;
          }
        }
      }
      out += visit.single?.(word, at) ?? word;
      i = j;
      continue;
    }
    if (ch !== " ") prefixSheet = undefined;
    out += ch;
    i++;
  }
  return out;
}
