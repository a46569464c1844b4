/** A rectangle of cells, 0-based and inclusive, as the workbook layer counts them. */
export interface CellRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

const twoLetters: (string | undefined)[] = new Array<string | undefined>(676).fill(undefined);

/**
 * `0 → A`, `25 → Z`, `26 → AA`: the one column-letter writer (formula shifting,
 * the .xlsx fixes and the Office adapter all use it). Columns up to `ZZZ`
 * (past Excel's `XFD`) are built in one `fromCharCode`, no loop.
 *
 * @example columnLetter(27) // "AB"
 */
export function columnLetter(column: number): string {
  if (column >= 0 && column < 26) return String.fromCharCode(65 + column);
  if (column >= 26 && column < 702) {
    // Two letters: every row's cell addresses name the same few columns, so each is built once.
    let letters = twoLetters[column - 26];
    if (letters === undefined) {
      letters = String.fromCharCode(64 + Math.floor(column / 26), 65 + (column % 26));
      twoLetters[column - 26] = letters;
    }
    return letters;
  }
  if (column >= 702 && column < 18278) {
    const c = column - 702;
    return String.fromCharCode(
      65 + Math.floor(c / 676),
      65 + (Math.floor(c / 26) % 26),
      65 + (c % 26)
    );
  }
  let n = column + 1;
  let text = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    text = String.fromCharCode(65 + rem) + text;
    n = Math.floor((n - 1) / 26);
  }
  return text;
}

/**
 * `A → 0`, `AB → 27`, either case; `undefined` for anything but one to three
 * letters. The inverse of `columnLetter`, and allocation-free (no regex, no
 * upper-casing).
 *
 * @example columnIndex("AB") // 27
 */
export function columnIndex(letters: string): number | undefined {
  const length = letters.length;
  if (length === 0 || length > 3) return undefined;
  let n = 0;
  for (let i = 0; i < length; i++) {
    // Setting bit 5 lower-cases A–Z and leaves a–z as they are; nothing else lands in a–z.
    const code = letters.charCodeAt(i) | 32;
    if (code < 97 || code > 122) return undefined;
    n = n * 26 + (code - 96);
  }
  return n - 1;
}

/** `cellAddress(8, 3) → "D9"`. */
export function cellAddress(row: number, column: number): string {
  return `${columnLetter(column)}${row + 1}`;
}

/** `A8:H14`, or `D9` for one cell. */
export function rangeAddress(range: CellRange): string {
  const start = cellAddress(range.top, range.left);
  return range.top === range.bottom && range.left === range.right
    ? start
    : `${start}:${cellAddress(range.bottom, range.right)}`;
}

/** Quotes a sheet name for an address when Excel would: `'People Q2 22-23'!A8`. */
export function qualified(sheet: string, address: string): string {
  const quoted = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${quoted}!${address}`;
}

/** Parses `D9` or `A8:H14` (absolute `$` allowed, sheet prefix ignored). */
export function parseRange(address: string): CellRange | undefined {
  const local = address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
  const match = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(local.trim());
  if (!match) return undefined;
  const left = columnIndex(match[1]!)!;
  const top = Number(match[2]) - 1;
  const right = match[3] ? columnIndex(match[3])! : left;
  const bottom = match[4] ? Number(match[4]) - 1 : top;
  return {
    top: Math.min(top, bottom),
    left: Math.min(left, right),
    bottom: Math.max(top, bottom),
    right: Math.max(left, right),
  };
}

export function rangesOverlap(a: CellRange, b: CellRange): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}
