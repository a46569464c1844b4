import { cellAddress, columnIndex } from "../../workbook/address";
import {
  attributeOf,
  childElements,
  elementAt,
  escapeText,
  rootElement,
  tagEnd,
  withAttribute,
  withStartTagAttribute,
  XmlShapeError,
} from "./xml";

/*
 * A worksheet part held as text and edited surgically: the top-level elements
 * (`<cols>`, `<mergeCells>`, `<conditionalFormatting>`, …) as their own text,
 * and `<sheetData>` as rows that are parsed into cells only when something
 * edits them. A row nobody edited is written back character for character.
 */

/** CT_Worksheet's child elements in the order the schema requires. */
export const WORKSHEET_ORDER: readonly string[] = [
  "sheetPr",
  "dimension",
  "sheetViews",
  "sheetFormatPr",
  "cols",
  "sheetData",
  "sheetCalcPr",
  "sheetProtection",
  "protectedRanges",
  "scenarios",
  "autoFilter",
  "sortState",
  "dataConsolidate",
  "customSheetViews",
  "mergeCells",
  "phoneticPr",
  "conditionalFormatting",
  "dataValidations",
  "hyperlinks",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "rowBreaks",
  "colBreaks",
  "customProperties",
  "cellWatches",
  "ignoredErrors",
  "smartTags",
  "drawing",
  "legacyDrawing",
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
];

/** A top-level element of the worksheet: its local name and its text. */
export interface SheetChild {
  readonly name: string;
  xml: string;
  /** The text (whitespace) before it in the file, kept so that an unedited part reads back the same. */
  readonly lead?: string;
}

/** One `<row>` being edited: its start tag and its cells by column (0-based), each as its `<c>` text. */
export interface RowXml {
  /** 0-based. */
  readonly index: number;
  /** `<row r="5" spans="1:8" …>` (always an open tag here; `/>` is written for a row without content). */
  tag: string;
  readonly cells: Map<number, string>;
  /** Anything in the row that is not a cell (an `<extLst>`), kept after the cells. */
  trailing: string;
}

interface RowSpan {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  /** `lastColumnOf`, once worked out: NOT_READ before, UNTOLD when it cannot be told. */
  last: number;
}

/**
 * A text cell the tool appended, kept as its text and style until written:
 * its `<c>` text would take several times the room, for each of the hundreds
 * of thousands of cells a large sheet gains.
 */
interface InlineCell {
  readonly text: string;
  readonly style: string | undefined;
}

/** An appended cell: its `<c>` text, or an inline string cell not yet made into one. */
type AppendedCell = string | InlineCell;

const NOT_READ = -2;
const UNTOLD = -3;

/** The column (0-based) of a cell's `r` (`AB12` → 27), or undefined. */
function columnOfReference(ref: string): number | undefined {
  // Read by character codes, not a pattern: a re-rated sheet parses every one of its cells.
  const length = ref.length;
  let i = ref.charCodeAt(0) === 36 ? 1 : 0; // $
  const lettersAt = i;
  while (i < length && ((ref.charCodeAt(i) | 32) - 97) >>> 0 < 26) i++;
  const letters = i - lettersAt;
  if (letters === 0 || letters > 3) return undefined;
  const column = columnIndex(ref.slice(lettersAt, i));
  if (ref.charCodeAt(i) === 36) i++;
  const digitsAt = i;
  while (i < length && (ref.charCodeAt(i) - 48) >>> 0 < 10) i++;
  return i === digitsAt || i !== length ? undefined : column;
}

export class SheetXml {
  /** The namespace prefix of the worksheet's elements with its colon (`x:`), or "". */
  readonly prefix: string;
  private readonly before: string;
  /** The worksheet's start tag, as the file has it (made an open tag when it was `<worksheet/>`). */
  readonly rootTag: string;
  private readonly after: string;
  private readonly closingLead: string;
  readonly children: SheetChild[];
  /** sheetData's text (its content only) and its rows' extents in it, by row. */
  private readonly dataText: string;
  private readonly dataTag: string;
  private readonly spans: RowSpan[];
  private readonly edited = new Map<number, RowXml>();
  private readonly spanOf = new Map<number, RowSpan>();
  private changed = false;
  /**
   * Cells written right of everything a row held, kept beside the row's text
   * until something needs the row parsed: most rows of a rated sheet only
   * gain the tool's columns, and are then written out as they were plus those.
   */
  private readonly appended = new Map<number, Map<number, AppendedCell>>();

  private original: readonly SheetChild[] = [];
  /** The text it was read from (its pieces are views of it, so keeping it costs nothing more). */
  readonly source: string;

  /**
   * Whether its text may differ from the part read: something was set, a row
   * was opened for editing, or a top-level element's text was replaced.
   */
  get isChanged(): boolean {
    if (this.changed || this.edited.size > 0 || this.appended.size > 0) return true;
    if (this.original.length !== this.children.length) return true;
    return this.children.some(
      (child, i) => child.name !== this.original[i]!.name || child.xml !== this.original[i]!.xml
    );
  }

  constructor(xml: string) {
    this.source = xml;
    const root = rootElement(xml);
    if (root.name !== "worksheet")
      throw new XmlShapeError(`its root is <${root.name}>, not <worksheet>`);
    this.prefix = root.prefix ? `${root.prefix}:` : "";
    this.before = xml.slice(0, root.span.start);
    this.after = xml.slice(root.span.end);
    this.rootTag = root.span.tag.endsWith("/>") ? `${root.span.tag.slice(0, -2)}>` : root.span.tag;
    this.children = [];
    let dataText = "";
    let dataTag = `<${this.prefix}sheetData>`;
    let spans: RowSpan[] = [];
    let at = root.span.contentStart;
    for (const { name, span } of childElements(xml, root.span)) {
      const lead = xml.slice(at, span.start);
      at = span.end;
      if (name === "sheetData") {
        dataTag = span.tag.endsWith("/>") ? `${span.tag.slice(0, -2)}>` : span.tag;
        dataText = xml.slice(span.contentStart, span.contentEnd);
        spans = rowSpans(dataText, this.prefix);
        this.children.push({ name, xml: "", lead });
        continue;
      }
      this.children.push({ name, xml: xml.slice(span.start, span.end), lead });
    }
    this.closingLead = root.span.tag.endsWith("/>") ? "" : xml.slice(at, root.span.contentEnd);
    if (!this.children.some((c) => c.name === "sheetData"))
      this.insertChild({ name: "sheetData", xml: "" });
    this.original = this.children.map((c) => ({ ...c }));
    this.dataText = dataText;
    this.dataTag = dataTag;
    this.spans = spans;
    for (const span of spans) this.spanOf.set(span.index, span);
  }

  /** The qualified element name with the sheet's prefix: `c` → `x:c` where the file uses one. */
  q(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** The texts of the top-level elements called `name`, in order. */
  childrenNamed(name: string): SheetChild[] {
    return this.children.filter((c) => c.name === name);
  }

  /** Replaces every top-level `name` element with `xmls` (none removes them), at the schema's place. */
  setChildren(name: string, xmls: readonly string[]): void {
    this.changed = true;
    const first = this.children.findIndex((c) => c.name === name);
    const kept = this.children.filter((c) => c.name !== name);
    const fresh = xmls.map((xml) => ({ name, xml }));
    if (first >= 0) {
      const at = this.children.slice(0, first).filter((c) => c.name !== name).length;
      kept.splice(at, 0, ...fresh);
      this.children.splice(0, this.children.length, ...kept);
      return;
    }
    this.children.splice(0, this.children.length, ...kept);
    for (const child of fresh) this.insertChild(child);
  }

  private insertChild(child: SheetChild): void {
    const rank = WORKSHEET_ORDER.indexOf(child.name);
    const at = this.children.findIndex((c) => WORKSHEET_ORDER.indexOf(c.name) > rank);
    this.children.splice(at < 0 ? this.children.length : at, 0, child);
  }

  /** The rows that have a `<row>` element, 0-based, in order. */
  rowIndexes(): number[] {
    const all = new Set<number>(this.spans.map((s) => s.index));
    for (const index of this.edited.keys()) all.add(index);
    return [...all].sort((a, b) => a - b);
  }

  /** A row for editing (parsed on first use), or undefined when the sheet has no such row and `create` is false. */
  row(index: number, create = false): RowXml | undefined {
    const done = this.edited.get(index);
    if (done) return done;
    const span = this.spanOf.get(index);
    if (!span) {
      if (!create) return undefined;
      const fresh: RowXml = {
        index,
        tag: `<${this.q("row")} r="${index + 1}">`,
        cells: new Map(),
        trailing: "",
      };
      this.edited.set(index, fresh);
      return fresh;
    }
    const parsed = parseRow(this.dataText, span, this.prefix);
    const extra = this.appended.get(index);
    if (extra) {
      for (const [column, cell] of extra)
        parsed.cells.set(column, this.cellText(index, column, cell));
      this.appended.delete(index);
    }
    this.edited.set(index, parsed);
    return parsed;
  }

  /**
   * The last column a row not yet parsed holds a cell in (-1 for none), read
   * from its last `<c` tag; undefined when that cannot be told without parsing.
   */
  private lastColumnOf(span: RowSpan): number | undefined {
    // The row's text never changes, so neither does this: read once, though every cell written asks.
    if (span.last === NOT_READ) span.last = this.readLastColumn(span) ?? UNTOLD;
    return span.last === UNTOLD ? undefined : span.last;
  }

  private readLastColumn(span: RowSpan): number | undefined {
    const text = this.dataText;
    const close = `</${this.q("row")}>`;
    const contentEnd = text.endsWith(close, span.end) ? span.end - close.length : span.end;
    const open = `<${this.q("c")}`;
    let at = text.lastIndexOf(open, contentEnd);
    while (at >= span.start) {
      const next = text[at + open.length];
      if (next === " " || next === ">" || next === "/") break;
      at = text.lastIndexOf(open, at - 1);
    }
    if (at < span.start)
      return text.indexOf("<", tagEnd(text, span.start)) < contentEnd ? undefined : -1;
    // An extension list after the cells, or a cell without its address: parse.
    if (text.slice(at, contentEnd).includes("extLst")) return undefined;
    const ref = attributeOf(text.slice(at, tagEnd(text, at)), "r");
    return ref === undefined ? undefined : columnOfReference(ref);
  }

  /** The row's start tag, without parsing its cells (undefined when the sheet has no such row). */
  rowTag(index: number): string | undefined {
    const done = this.edited.get(index);
    if (done) return done.tag;
    const span = this.spanOf.get(index);
    return span ? this.dataText.slice(span.start, tagEnd(this.dataText, span.start)) : undefined;
  }

  /** A cell's `<c>` text, or undefined. */
  cell(row: number, column: number): string | undefined {
    if (!this.edited.has(row)) {
      const span = this.spanOf.get(row);
      if (!span) return undefined;
      const last = this.lastColumnOf(span);
      if (last !== undefined && column > last) {
        const cell = this.appended.get(row)?.get(column);
        return cell === undefined ? undefined : this.cellText(row, column, cell);
      }
    }
    return this.row(row)?.cells.get(column);
  }

  /**
   * Sets (or with undefined removes) a cell's `<c>` text; its `r` is set to
   * the address, unless the caller says the text has it already.
   */
  setCell(row: number, column: number, xml: string | undefined, addressed = false): void {
    this.changed = true;
    if (xml === undefined) {
      const extra = this.appended.get(row);
      if (extra?.has(column)) extra.delete(column);
      else if (this.cell(row, column) !== undefined) this.row(row)?.cells.delete(column);
      return;
    }
    if (!this.edited.has(row)) {
      const span = this.spanOf.get(row);
      const last = span ? this.lastColumnOf(span) : undefined;
      if (span && last !== undefined && column > last) {
        let extra = this.appended.get(row);
        if (!extra) this.appended.set(row, (extra = new Map()));
        extra.set(
          column,
          addressed ? xml : withStartTagAttribute(xml, "r", cellAddress(row, column))
        );
        return;
      }
    }
    const target = this.row(row, true)!;
    target.cells.set(
      column,
      addressed ? xml : withStartTagAttribute(xml, "r", cellAddress(row, column))
    );
  }

  /**
   * Sets a cell to `text` as an inline string in style `style`, as
   * `setCell(row, column, inlineStringCell(…), true)` does; a cell right of
   * everything its row holds is kept as its text and style until written.
   */
  setInlineString(row: number, column: number, text: string, style: string | undefined): void {
    if (!this.edited.has(row)) {
      const span = this.spanOf.get(row);
      const last = span ? this.lastColumnOf(span) : undefined;
      if (span && last !== undefined && column > last) {
        this.changed = true;
        let extra = this.appended.get(row);
        if (!extra) this.appended.set(row, (extra = new Map()));
        extra.set(column, { text, style });
        return;
      }
    }
    this.setCell(row, column, inlineStringCell(this.prefix, row, column, text, style), true);
  }

  /** An appended cell's `<c>` text. */
  private cellText(row: number, column: number, cell: AppendedCell): string {
    return typeof cell === "string"
      ? cell
      : inlineStringCell(this.prefix, row, column, cell.text, cell.style);
  }

  /** The rows parsed for editing so far (the only ones whose text can have changed). */
  editedRows(): RowXml[] {
    return [...this.edited.values()];
  }

  /**
   * The range the sheet's cells span (undefined when it has none): edited
   * rows by their cells, the others by the first and last cell reference in
   * their text, so rows nobody edited are not parsed for it.
   */
  usedRange(): { top: number; left: number; bottom: number; right: number } | undefined {
    let top = Infinity;
    let bottom = -1;
    let left = Infinity;
    let right = -1;
    const take = (row: number, first: number, last: number): void => {
      top = Math.min(top, row);
      bottom = Math.max(bottom, row);
      left = Math.min(left, first);
      right = Math.max(right, last);
    };
    const open = `<${this.q("c")} r="`;
    for (const [row, extra] of this.appended) {
      if (extra.size === 0) continue;
      const columns = [...extra.keys()];
      take(row, Math.min(...columns), Math.max(...columns));
    }
    for (const span of this.spans) {
      if (this.edited.has(span.index)) continue;
      const first = this.dataText.indexOf(open, span.start);
      if (first < 0 || first > span.end) continue;
      const last = this.dataText.lastIndexOf(open, span.end);
      const a = columnOfReference(
        this.dataText.slice(first + open.length, this.dataText.indexOf('"', first + open.length))
      );
      const b = columnOfReference(
        this.dataText.slice(last + open.length, this.dataText.indexOf('"', last + open.length))
      );
      if (a === undefined || b === undefined) {
        const cells = [...this.row(span.index)!.cells.keys()];
        if (cells.length > 0) take(span.index, Math.min(...cells), Math.max(...cells));
        continue;
      }
      take(span.index, a, b);
    }
    for (const row of this.edited.values()) {
      if (row.cells.size === 0) continue;
      const cells = [...row.cells.keys()];
      take(row.index, Math.min(...cells), Math.max(...cells));
    }
    return bottom < 0 ? undefined : { top, left, bottom, right };
  }

  /** Every row parsed for editing (a column insert or delete moves cells in all of them). */
  allRows(): RowXml[] {
    // The caller edits the rows it is given.
    this.changed = true;
    return this.rowIndexes().map((i) => this.row(i, true)!);
  }

  /** The worksheet's text. */
  toString(): string {
    return [...this.pieces()].join("");
  }

  /**
   * The worksheet's text in pieces, in order (`toString` joins them), each
   * row's made as it is reached: a large sheet is written out without one
   * string of it all, or of all its rows.
   */
  *pieces(): Generator<string> {
    yield this.before;
    yield this.rootTag;
    for (const child of this.children) {
      if (child.lead) yield child.lead;
      if (child.name !== "sheetData") {
        yield child.xml;
        continue;
      }
      if (!this.hasRowText()) {
        yield `${this.dataTag.slice(0, -1)}/>`;
        continue;
      }
      yield this.dataTag;
      yield* this.renderRows();
      yield `</${this.q("sheetData")}>`;
    }
    yield this.closingLead;
    yield `</${this.q("worksheet")}>`;
    yield this.after;
  }

  /** Whether sheetData has any text to write (else it is written `<sheetData/>`). */
  private hasRowText(): boolean {
    for (const piece of this.renderRows()) if (piece !== "") return true;
    return false;
  }

  /** A row as the file had it, with the cells written right of its own added before its end tag. */
  private rowWithAppended(span: RowSpan, extra: ReadonlyMap<number, AppendedCell>): string {
    const text = this.dataText;
    const openEnd = tagEnd(text, span.start);
    let tag = text.slice(span.start, openEnd);
    const selfClosing = tag.endsWith("/>");
    if (selfClosing) tag = `${tag.slice(0, -2).replace(/\s+$/, "")}>`;
    const columns = [...extra.keys()].sort((a, b) => a - b);
    const spans = attributeOf(tag, "spans");
    const first = spans === undefined ? undefined : Number(spans.split(":")[0]);
    if (spans !== undefined && first !== undefined && Number.isFinite(first))
      tag = withAttribute(
        tag,
        "spans",
        `${selfClosing ? columns[0]! + 1 : first}:${columns[columns.length - 1]! + 1}`
      );
    const close = `</${this.q("row")}>`;
    const content = selfClosing ? "" : text.slice(openEnd, span.end - close.length);
    const cells = columns.map((c) => this.cellText(span.index, c, extra.get(c)!)).join("");
    return `${tag}${content}${cells}${close}`;
  }

  private *renderRows(): Generator<string> {
    if (this.edited.size === 0 && this.appended.size === 0) {
      yield this.dataText;
      return;
    }
    const added = [...this.edited.values()]
      .filter((row) => !this.spanOf.has(row.index))
      .sort((a, b) => a.index - b.index);
    let at = 0;
    let next = 0;
    for (const span of this.spans) {
      while (next < added.length && added[next]!.index < span.index) {
        yield this.dataText.slice(at, span.start);
        yield renderRow(added[next++]!, this.prefix);
        at = span.start;
      }
      const edit = this.edited.get(span.index);
      if (edit) {
        yield this.dataText.slice(at, span.start);
        yield renderRow(edit, this.prefix);
        at = span.end;
        continue;
      }
      const extra = this.appended.get(span.index);
      if (extra && extra.size > 0) {
        yield this.dataText.slice(at, span.start);
        yield this.rowWithAppended(span, extra);
        at = span.end;
      }
    }
    yield this.dataText.slice(at);
    while (next < added.length) yield renderRow(added[next++]!, this.prefix);
  }
}

/** The extents of the `<row>` elements in sheetData's content; rows without `r` follow the one before. */
function rowSpans(text: string, prefix: string): RowSpan[] {
  const open = `<${prefix}row`;
  const spans: RowSpan[] = [];
  let previous = -1;
  let i = 0;
  for (;;) {
    const at = text.indexOf(open, i);
    if (at < 0) break;
    const next = text[at + open.length];
    if (
      next !== " " &&
      next !== ">" &&
      next !== "/" &&
      next !== "\n" &&
      next !== "\t" &&
      next !== "\r"
    ) {
      i = at + open.length;
      continue;
    }
    const end = rowEnd(text, at, prefix) ?? elementAt(text, at).end;
    const r = attributeOf(text.slice(at, tagEnd(text, at)), "r");
    const index = r !== undefined && /^\d+$/.test(r) ? Number(r) - 1 : previous + 1;
    spans.push({ index, start: at, end, last: NOT_READ });
    previous = index;
    i = end;
  }
  return spans;
}

/**
 * Where the `<row>` starting at `at` ends, as `elementAt` would find it, for
 * the usual row (a start tag without quotes holding `>`, no nested row);
 * undefined otherwise, for `elementAt`.
 */
function rowEnd(text: string, at: number, prefix: string): number | undefined {
  const open = text.indexOf(">", at);
  if (open < 0) return undefined;
  // Searches bounded by the row: one reaching to the end of the sheet for every row was quadratic.
  const tag = text.slice(at, open);
  if (tag.includes("'")) return undefined;
  // An odd number of `"` before the `>` would put it inside a value.
  let quotes = 0;
  for (let q = tag.indexOf('"'); q >= 0; q = tag.indexOf('"', q + 1)) quotes++;
  if (quotes % 2 !== 0) return undefined;
  if (text[open - 1] === "/") return open + 1;
  const close = `</${prefix}row>`;
  const end = text.indexOf(close, open);
  if (end < 0) return undefined;
  const next = text.indexOf(`<${prefix}row`, open);
  if (next >= 0 && next < end) return undefined;
  return end + close.length;
}

function parseRow(text: string, span: RowSpan, prefix: string): RowXml {
  const open = tagEnd(text, span.start);
  const startTag = text.slice(span.start, open);
  const tag = withAttribute(
    startTag.endsWith("/>") ? `${startTag.slice(0, -2)}>` : startTag,
    "r",
    String(span.index + 1)
  );
  const cells = new Map<number, string>();
  if (startTag.endsWith("/>")) return { index: span.index, tag, cells, trailing: "" };
  const contentEnd = span.end - `</${prefix}row>`.length;
  const cellOpen = `<${prefix}c`;
  const cellClose = `</${prefix}c>`;
  let trailing = "";
  let previous = -1;
  let at = open;
  // Cells one after another, as every writer lays them out; anything else is
  // kept whole after them (an extension list).
  while (at < contentEnd) {
    const lt = text.indexOf("<", at);
    if (lt < 0 || lt >= contentEnd) break;
    const next = text[lt + cellOpen.length];
    const isCell = text.startsWith(cellOpen, lt) && (next === " " || next === ">" || next === "/");
    if (!isCell) {
      const other = elementAt(text, lt);
      trailing += text.slice(lt, other.end);
      at = other.end;
      continue;
    }
    const end = tagEnd(text, lt);
    if (end < 0) throw new XmlShapeError(`an unfinished cell in row ${span.index + 1}`);
    const cellEnd = text[end - 2] === "/" ? end : text.indexOf(cellClose, end) + cellClose.length;
    if (cellEnd < end) throw new XmlShapeError(`an unclosed cell in row ${span.index + 1}`);
    const xml = text.slice(lt, cellEnd);
    const r = text.indexOf(' r="', lt);
    const ref = r >= 0 && r < end ? text.slice(r + 4, text.indexOf('"', r + 4)) : undefined;
    const column = (ref !== undefined ? columnOfReference(ref) : undefined) ?? previous + 1;
    cells.set(
      column,
      ref === undefined ? withStartTagAttribute(xml, "r", cellAddress(span.index, column)) : xml
    );
    previous = column;
    at = cellEnd;
  }
  return { index: span.index, tag, cells, trailing };
}

function renderRow(row: RowXml, prefix: string): string {
  if (row.cells.size === 0 && row.trailing === "") {
    // A row element without cells still carries its height, style or hidden state.
    return `${row.tag.slice(0, -1)}/>`;
  }
  const columns = [...row.cells.keys()].sort((a, b) => a - b);
  let tag = row.tag;
  // `spans` (the row's first and last column, 1-based) is a hint readers may trust: kept true.
  if (attributeOf(tag, "spans") !== undefined)
    tag = withAttribute(
      tag,
      "spans",
      columns.length === 0 ? undefined : `${columns[0]! + 1}:${columns[columns.length - 1]! + 1}`
    );
  return `${tag}${columns.map((c) => row.cells.get(c)!).join("")}${row.trailing}</${prefix}row>`;
}

/** A cell holding text as an inline string, in style `style` (the cell's own, kept). */
export function inlineStringCell(
  prefix: string,
  row: number,
  column: number,
  text: string,
  style: string | undefined
): string {
  const s = style === undefined ? "" : ` s="${style}"`;
  const space = /^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : "";
  return `<${prefix}c r="${cellAddress(row, column)}"${s} t="inlineStr"><${prefix}is><${prefix}t${space}>${escapeText(text)}</${prefix}t></${prefix}is></${prefix}c>`;
}

/** An empty cell that keeps its style (what clearing a cell's contents in Excel leaves). */
export function emptyCell(
  prefix: string,
  row: number,
  column: number,
  style: string | undefined
): string | undefined {
  if (style === undefined || style === "0") return undefined;
  return `<${prefix}c r="${cellAddress(row, column)}" s="${style}"/>`;
}

/** The `s` attribute of a `<c>` text. */
export function cellStyle(cellXml: string): string | undefined {
  return attributeOf(cellXml.slice(0, tagEnd(cellXml, 0)), "s");
}
