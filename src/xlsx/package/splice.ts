import { cellAddress, columnIndex, columnLetter, parseRange } from "../../workbook/address";
import { shiftColumn, shiftFormula, shiftSpan, shiftSqref, type ColumnShift } from "../formula";
import { mapReferences } from "../formula-references";
import type { PartName } from "./archive";
import type { PackageEdit } from "./edit";
import { isRelType, REL, relsPartOf, resolveTarget } from "./relationships";
import { cellStyle, inlineStringCell, SheetXml, type RowXml } from "./sheet-xml";
import {
  attributeOf,
  attributesOf,
  childElements,
  elementAt,
  escapeText,
  rootElement,
  tagEnd,
  unescapeXml,
  withAttribute,
} from "./xml";

/*
 * Whole-column insert and delete done on the package's XML text, as Excel does
 * it (the text-level twin of ../columns.ts `spliceSheetColumns`). On the sheet
 * changed: cells and their formulas, column definitions, merges, conditional
 * formats, validations, hyperlinks, the auto-filter, panes and selections,
 * page breaks and the x14 extensions; elsewhere: formulas on other sheets,
 * defined names, tables, drawing anchors, charts, pivot cache sources and
 * notes. Every part is edited in place, so a part whose text does not change
 * is not written.
 */

/** The workbook's worksheets (tab order) and its workbook part. */
export interface WorkbookSheets {
  readonly sheets: readonly { name: string; part: PartName }[];
  /** `xl/workbook.xml` */
  readonly workbookPart: PartName;
}

const REL_DRAWING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing";
const REL_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart";
const REL_PIVOT_CACHE =
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheDefinition";
const REL_PIVOT_TABLE =
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotTable";
const REL_THREADED = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment";

/** Excel's last column (XFD), 1-based, as `<col max>` counts. */
const LAST_COLUMN = 16384;
const MAX_ROW = 1048575;

interface Context {
  readonly edit: PackageEdit;
  /** The target sheet's name as the workbook spells it. */
  readonly target: string;
  readonly shift: ColumnShift;
}

/**
 * Inserts or deletes whole columns on sheet `target` as Excel would, editing only the parts that change.
 */
export function spliceColumns(
  edit: PackageEdit,
  book: WorkbookSheets,
  target: string,
  shift: ColumnShift
): void {
  if (shift.count <= 0) return;
  const entry = book.sheets.find((s) => s.name.toLowerCase() === target.toLowerCase());
  if (!entry) throw new Error(`The workbook has no sheet called ${target}.`);
  const ctx: Context = { edit, target: entry.name, shift };

  spliceTargetSheet(ctx, entry.part);
  for (const other of book.sheets)
    if (other.part !== entry.part) rewriteOtherSheet(ctx, other.name, other.part);
  rewriteDefinedNames(ctx, book.workbookPart);

  const sheetRels = relationshipsOf(edit, entry.part);
  for (const rel of sheetRels) {
    if (rel.part === undefined || !edit.pkg.has(rel.part)) continue;
    if (isRelType(rel.type, REL.table)) spliceTable(ctx, entry.part, rel.id, rel.part);
    else if (isRelType(rel.type, REL.comments)) spliceComments(ctx, rel.part);
    else if (isRelType(rel.type, REL.vmlDrawing)) spliceVml(ctx, rel.part);
    else if (isRelType(rel.type, REL_THREADED)) spliceThreadedComments(ctx, rel.part);
    else if (isRelType(rel.type, REL_PIVOT_TABLE)) splicePivotTable(ctx, rel.part);
  }
  const charts = new Set<PartName>();
  for (const rel of sheetRels) {
    if (rel.part === undefined || !isRelType(rel.type, REL_DRAWING) || !edit.pkg.has(rel.part))
      continue;
    spliceDrawing(ctx, rel.part);
    for (const chart of relationshipsOf(edit, rel.part))
      if (chart.part !== undefined && isRelType(chart.type, REL_CHART)) charts.add(chart.part);
  }
  // Charts anywhere (on other sheets, on chart sheets) may plot the target's cells.
  for (const name of edit.pkg.names())
    if (/^xl\/charts\/chart[^/]*\.xml$/i.test(name)) charts.add(name);
  for (const chart of charts) if (edit.pkg.has(chart)) rewriteChart(ctx, chart);
  rewritePivotCaches(ctx, book.workbookPart);
  dropCalcChain(edit, book.workbookPart);
}

// ---------------------------------------------------------------------------
// Small text helpers

/** The local name of the element whose start tag begins `xml`. */
function localName(xml: string): string {
  const m = /^<(?:[\w.-]+:)?([\w.-]+)/.exec(xml);
  return m ? m[1]! : "";
}

/** The qualified name of the element whose start tag begins `xml` (`x:c`). */
function qualifiedName(xml: string): string {
  const m = /^<([\w.:-]+)/.exec(xml);
  return m ? m[1]! : "";
}

/** The element's content, unescaped. */
function textOf(xml: string): string {
  const span = elementAt(xml, 0);
  return unescapeXml(xml.slice(span.contentStart, span.contentEnd));
}

/** The element with its content replaced by `text` (unchanged when it already reads so). */
function withText(xml: string, text: string): string {
  if (textOf(xml) === text) return xml;
  const span = elementAt(xml, 0);
  const open = span.tag.endsWith("/>") ? `${span.tag.slice(0, -2)}>` : span.tag;
  return `${open}${escapeText(text)}</${qualifiedName(xml)}>`;
}

/** Whether the element holds elements (not just text). */
function hasChildElements(xml: string): boolean {
  const span = elementAt(xml, 0);
  return childElements(xml, span).length > 0;
}

/** The element's own attribute. */
function attr(xml: string, name: string): string | undefined {
  return attributeOf(xml.slice(0, tagEnd(xml, 0)), name);
}

/** The element with its start tag's attribute set (or removed); unchanged when it already is. */
function setAttr(xml: string, name: string, value: string | undefined): string {
  const end = tagEnd(xml, 0);
  const tag = xml.slice(0, end);
  if (attributeOf(tag, name) === value) return xml;
  return withAttribute(tag, name, value) + xml.slice(end);
}

/** Whether `text` may mention sheet `name` (a cheap test before parsing). */
function mentions(text: string, name: string): boolean {
  const lower = text.toLowerCase();
  const quoted = name.replace(/'/g, "''");
  const variants = new Set([name, quoted, escapeText(name), escapeText(quoted)]);
  for (const v of [...variants]) variants.add(v.replace(/'/g, "&apos;"));
  for (const v of variants) if (lower.includes(v.toLowerCase())) return true;
  return false;
}

/** A range (`B2:D9`, `B2`, `$B$2`) moved, or undefined when all its columns are deleted. */
function shiftRef(ref: string, shift: ColumnShift): string | undefined {
  const out = shiftFormula(ref, "", "", shift);
  return out.includes("#REF!") ? undefined : out;
}

/** A cell reference moved; one in deleted columns goes to the first column after them. */
function shiftCellClamped(ref: string, shift: ColumnShift): string {
  const moved = shiftRef(ref, shift);
  if (moved !== undefined) return moved;
  const m = /^(\$?)[A-Za-z]{1,3}(\$?\d+)$/.exec(ref);
  return m ? `${m[1]}${columnLetter(shift.at)}${m[2]}` : ref;
}

// ---------------------------------------------------------------------------
// A small rewriting walk over an element and its descendants

/**
 * What to do with an element: a string replaces it (its children are not
 * visited), `null` removes it, `undefined` visits its children.
 */
type Visit = (name: string, xml: string) => string | null | undefined;

/** Children whose removal removes their parent (an x14 rule without its range, a sparkline group without sparklines). */
const DROP_PARENT = new Set(["sqref", "sparklines"]);
/** Containers the schema does not allow empty: dropped when their last child goes. */
const DROP_EMPTY = new Set([
  "cols",
  "mergeCells",
  "dataValidations",
  "hyperlinks",
  "ignoredErrors",
  "colBreaks",
  "rowBreaks",
  "protectedRanges",
  "cellWatches",
  "tableParts",
  "extLst",
  "ext",
  "conditionalFormattings",
  "sparklineGroups",
  "sparklines",
  "definedNames",
]);

function transform(xml: string, visit: Visit): string | null {
  const direct = visit(localName(xml), xml);
  return direct !== undefined ? direct : transformChildren(xml, visit);
}

/** The element with each child transformed; `count` follows the number of children left. */
function transformChildren(xml: string, visit: Visit): string | null {
  const span = elementAt(xml, 0);
  if (span.tag.endsWith("/>")) return xml;
  const kids = childElements(xml, span);
  if (kids.length === 0) return xml;
  let body = "";
  let at = span.contentStart;
  let removed = 0;
  let changed = false;
  for (const kid of kids) {
    const text = xml.slice(kid.span.start, kid.span.end);
    const next = transform(text, visit);
    body += xml.slice(at, kid.span.start);
    at = kid.span.end;
    if (next === null) {
      if (DROP_PARENT.has(kid.name)) return null;
      removed++;
      changed = true;
      continue;
    }
    if (next !== text) changed = true;
    body += next;
  }
  if (!changed) return xml;
  let head = span.tag;
  if (removed > 0) {
    const left = kids.length - removed;
    if (left === 0 && DROP_EMPTY.has(localName(xml))) return null;
    if (attributeOf(head, "count") !== undefined) head = withAttribute(head, "count", String(left));
  }
  return head + body + xml.slice(at);
}

/** Replaces the sheet's top-level `name` elements by their transforms (removing those that become null). */
function rewriteChildren(sheet: SheetXml, name: string, rewrite: (xml: string) => string | null) {
  const children = sheet.childrenNamed(name);
  if (children.length === 0) return;
  const next = children.map((c) => rewrite(c.xml));
  if (next.every((x, i) => x === children[i]!.xml)) return;
  if (next.every((x) => x !== null)) {
    children.forEach((c, i) => (c.xml = next[i]!));
    return;
  }
  sheet.setChildren(
    name,
    next.filter((x): x is string => x !== null)
  );
}

// ---------------------------------------------------------------------------
// Formula sliding (how a shared formula's text reads from another cell)

function slidePart(text: string, dRow: number, dCol: number): string | undefined {
  const cell = /^(\$?)([A-Za-z]{1,3})(\$?)(\d+)$/.exec(text);
  if (cell) {
    const col = columnIndexOf(cell[2]!);
    if (col === undefined) return undefined;
    const c = cell[1] ? col : col + dCol;
    const r = cell[3] ? Number(cell[4]) - 1 : Number(cell[4]) - 1 + dRow;
    if (c < 0 || c >= LAST_COLUMN || r < 0 || r > MAX_ROW) return "#REF!";
    return `${cell[1]}${columnLetter(c)}${cell[3]}${r + 1}`;
  }
  return undefined;
}

function columnIndexOf(letters: string): number | undefined {
  const column = columnIndex(letters);
  return column !== undefined && column < LAST_COLUMN ? column : undefined;
}

function slideRangeEnd(text: string, kind: "col" | "row", delta: number): string | undefined {
  if (kind === "col") {
    const m = /^(\$?)([A-Za-z]{1,3})$/.exec(text);
    if (!m) return undefined;
    const col = columnIndexOf(m[2]!);
    if (col === undefined) return undefined;
    const c = m[1] ? col : col + delta;
    return c < 0 || c >= LAST_COLUMN ? "#REF!" : `${m[1]}${columnLetter(c)}`;
  }
  const m = /^(\$?)(\d+)$/.exec(text);
  if (!m) return undefined;
  const r = m[1] ? Number(m[2]) - 1 : Number(m[2]) - 1 + delta;
  return r < 0 || r > MAX_ROW ? "#REF!" : `${m[1]}${r + 1}`;
}

/**
 * The formula as it reads `dRow` rows and `dCol` columns from where it is
 * written (relative references move, `$` ones stay): how a shared formula's
 * follower derives its own text from the master's.
 *
 * @example slideFormula("A1*2+$B$1", 1, 2) // "C2*2+$B$1"
 */
export function slideFormula(formula: string, dRow: number, dCol: number): string {
  if (dRow === 0 && dCol === 0) return formula;
  return mapReferences(formula, {
    range: (first, second) => {
      const kind = /^\$?[A-Za-z]{1,3}$/.test(first)
        ? "col"
        : /^\$?\d+$/.test(first)
          ? "row"
          : undefined;
      const a = kind
        ? slideRangeEnd(first, kind, kind === "col" ? dCol : dRow)
        : slidePart(first, dRow, dCol);
      const b = kind
        ? slideRangeEnd(second, kind, kind === "col" ? dCol : dRow)
        : slidePart(second, dRow, dCol);
      if (a === undefined || b === undefined) return undefined;
      return a === "#REF!" || b === "#REF!" ? "#REF!" : `${a}:${b}`;
    },
    single: (word) => slidePart(word, dRow, dCol),
  });
}

// ---------------------------------------------------------------------------
// Cell formulas

interface FormulaElement {
  /** Where `<f>` is in the cell's text. */
  readonly start: number;
  readonly end: number;
  readonly xml: string;
  readonly text: string;
  readonly type: string | undefined;
}

interface FormulaCell {
  readonly row: number;
  readonly col: number;
  readonly xml: string;
  readonly f: FormulaElement;
}

const HAS_F = /<(?:[\w.-]+:)?f[\s/>]/;

function formulaOf(cellXml: string): FormulaElement | undefined {
  if (!HAS_F.test(cellXml)) return undefined;
  const span = elementAt(cellXml, 0);
  for (const kid of childElements(cellXml, span)) {
    if (kid.name !== "f") continue;
    const xml = cellXml.slice(kid.span.start, kid.span.end);
    return {
      start: kid.span.start,
      end: kid.span.end,
      xml,
      text: kid.span.tag.endsWith("/>") ? "" : textOf(xml),
      type: attributeOf(kid.span.tag, "t"),
    };
  }
  return undefined;
}

function replaceFormula(cell: FormulaCell, fXml: string): string {
  return cell.xml.slice(0, cell.f.start) + fXml + cell.xml.slice(cell.f.end);
}

function key(row: number, col: number): string {
  return `${row},${col}`;
}

/** The cell's `<c>` text with its `r` set. */
function withReference(cellXml: string, address: string): string {
  return setAttr(cellXml, "r", address);
}

/**
 * The new text of every cell on `host` whose formula changes (by its position
 * before the move). Shared formulas stay shared (master text and `ref` moved)
 * when every member still reads as the master slid to it; otherwise the
 * group's cells get formulas of their own.
 */
function planFormulas(
  rows: readonly RowXml[],
  host: string,
  ctx: Context,
  move: boolean
): Map<string, string> {
  const { shift, target } = ctx;
  const out = new Map<string, string>();
  const groups = new Map<string, FormulaCell[]>();
  const shiftText = (text: string) => shiftFormula(text, host, target, shift);
  const place = (col: number) => (move ? shiftColumn(col, shift) : col);
  for (const row of rows)
    for (const [col, xml] of row.cells) {
      const f = formulaOf(xml);
      if (!f) continue;
      const cell: FormulaCell = { row: row.index, col, xml, f };
      const si = attr(f.xml, "si");
      if (f.type === "shared" && si !== undefined) {
        const members = groups.get(si) ?? [];
        members.push(cell);
        groups.set(si, members);
        continue;
      }
      let next = withText(f.xml, shiftText(f.text));
      if (move && (f.type === "array" || f.type === "dataTable")) {
        const ref = attr(f.xml, "ref");
        const moved = ref !== undefined ? shiftRef(ref, shift) : undefined;
        if (moved !== undefined) next = setAttr(next, "ref", moved);
        for (const name of ["r1", "r2"]) {
          const r = attr(f.xml, name);
          if (r !== undefined) next = setAttr(next, name, shiftCellClamped(r, shift));
        }
      }
      if (next !== f.xml) out.set(key(row.index, col), replaceFormula(cell, next));
    }

  for (const members of groups.values()) {
    const master = members.find((m) => m.f.text !== "" && attr(m.f.xml, "ref") !== undefined);
    if (!master) continue;
    if (!move && !mentions(master.f.text, target)) continue;
    const survivors = members.filter((m) => place(m.col) !== undefined);
    if (survivors.length === 0) continue;
    const own = new Map<FormulaCell, string>();
    for (const m of survivors)
      own.set(
        m,
        shiftText(
          m === master
            ? master.f.text
            : slideFormula(master.f.text, m.row - master.row, m.col - master.col)
        )
      );
    const anchor = place(master.col) !== undefined ? master : survivors[0]!;
    const anchorText = own.get(anchor)!;
    const anchorCol = place(anchor.col)!;
    const consistent = survivors.every(
      (m) =>
        m === anchor ||
        slideFormula(anchorText, m.row - anchor.row, place(m.col)! - anchorCol) === own.get(m)
    );
    const oldRef = attr(master.f.xml, "ref")!;
    const ref = move ? shiftRef(oldRef, shift) : oldRef;
    if (consistent && ref !== undefined) {
      const next = setAttr(withText(anchor.f.xml, anchorText), "ref", ref);
      if (next !== anchor.f.xml) out.set(key(anchor.row, anchor.col), replaceFormula(anchor, next));
      continue;
    }
    for (const m of survivors) {
      let plain = m.f.xml;
      for (const name of ["t", "ref", "si"]) plain = setAttr(plain, name, undefined);
      out.set(key(m.row, m.col), replaceFormula(m, withText(plain, own.get(m)!)));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// The target sheet

function spliceTargetSheet(ctx: Context, part: PartName): void {
  const { shift } = ctx;
  const sheet = ctx.edit.sheetXml(part);
  // Read from a copy, so that only rows that change are parsed for editing (and rewritten).
  const snapshot = new SheetXml(sheet.toString());
  const rows = snapshot.allRows();
  const formulas = planFormulas(rows, ctx.target, ctx, true);
  const moved: { index: number; cells: Map<number, string> }[] = [];
  for (const row of rows) {
    const cells = new Map<number, string>();
    let changed = false;
    for (const [col, xml] of row.cells) {
      const to = shiftColumn(col, shift);
      if (to === undefined) {
        changed = true;
        continue;
      }
      if (to >= LAST_COLUMN)
        throw new Error(
          `Inserting ${shift.count} columns on ${ctx.target} would push ${cellAddress(row.index, col)} past column XFD, Excel's last.`
        );
      let next = formulas.get(key(row.index, col)) ?? xml;
      if (to !== col) next = withReference(next, cellAddress(row.index, to));
      if (next !== xml) changed = true;
      cells.set(to, next);
    }
    if (changed) moved.push({ index: row.index, cells });
  }
  // Nothing is edited before every cell is known to have somewhere to go.
  for (const { index, cells } of moved) {
    const real = sheet.row(index, true)!;
    real.cells.clear();
    for (const [col, xml] of cells) real.cells.set(col, xml);
  }

  const visit = targetVisitor(ctx);
  for (const name of [
    "dimension",
    "sheetViews",
    "customSheetViews",
    "cols",
    "autoFilter",
    "sortState",
    "mergeCells",
    "conditionalFormatting",
    "dataValidations",
    "hyperlinks",
    "protectedRanges",
    "colBreaks",
    "cellWatches",
    "ignoredErrors",
    "oleObjects",
    "controls",
    "AlternateContent",
    "extLst",
  ])
    rewriteChildren(sheet, name, (xml) => transform(xml, visit));
}

function shiftColElement(xml: string, shift: ColumnShift): string | null {
  const min = Number(attr(xml, "min"));
  const max = Number(attr(xml, "max"));
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) return xml;
  const set = (lo: number, hi: number): string =>
    setAttr(setAttr(xml, "min", String(lo)), "max", String(Math.min(hi, LAST_COLUMN)));
  const at = shift.at + 1;
  if (shift.kind === "insert") {
    if (max < at) return xml;
    if (min >= at)
      return min + shift.count > LAST_COLUMN ? null : set(min + shift.count, max + shift.count);
    const right = at + shift.count > LAST_COLUMN ? "" : set(at + shift.count, max + shift.count);
    return set(min, at - 1) + right;
  }
  const span = shiftSpan(min - 1, max - 1, shift);
  return span ? set(span.left + 1, span.right + 1) : null;
}

function shiftSortState(xml: string, shift: ColumnShift): string | null {
  const ref = attr(xml, "ref");
  if (ref === undefined) return xml;
  const moved = shiftRef(ref, shift);
  if (moved === undefined) return null;
  return transformChildren(setAttr(xml, "ref", moved), (name, child) => {
    if (name !== "sortCondition") return child;
    const r = attr(child, "ref");
    if (r === undefined) return child;
    const m = shiftRef(r, shift);
    return m === undefined ? null : setAttr(child, "ref", m);
  });
}

/** An auto-filter moved; its filter columns (numbered from its left edge) follow their columns. */
function shiftAutoFilter(xml: string, shift: ColumnShift): string | null {
  const ref = attr(xml, "ref");
  const range = ref !== undefined ? parseRange(ref) : undefined;
  if (ref === undefined || !range) return xml;
  const span = shiftSpan(range.left, range.right, shift);
  const moved = shiftRef(ref, shift);
  if (!span || moved === undefined) return null;
  return transformChildren(setAttr(xml, "ref", moved), (name, child) => {
    if (name === "sortState") return shiftSortState(child, shift);
    if (name !== "filterColumn") return child;
    const id = Number(attr(child, "colId"));
    if (!Number.isInteger(id)) return child;
    const to = shiftColumn(range.left + id, shift);
    return to === undefined ? null : setAttr(child, "colId", String(to - span.left));
  });
}

/** An anchor point (`<xdr:from>`: col, colOff, row, rowOff) moved to `next` of its column. */
function moveAnchorPoint(
  xml: string,
  next: (col: number) => number | undefined,
  shift: ColumnShift
): { xml: string; from: number | undefined; to: number | undefined } {
  const kids = childElements(xml, elementAt(xml, 0));
  const col = kids.find((k) => k.name === "col");
  const from = col ? Number(textOf(xml.slice(col.span.start, col.span.end))) : NaN;
  if (!col || !Number.isInteger(from)) return { xml, from: undefined, to: undefined };
  const moved = next(from);
  // A point in deleted columns sits at the left edge of the column now there.
  const to = moved ?? shift.at;
  let out = "";
  let at = 0;
  for (const kid of kids) {
    let text = xml.slice(kid.span.start, kid.span.end);
    if (kid === col) text = withText(text, String(to));
    else if (kid.name === "colOff" && moved === undefined) text = withText(text, "0");
    else continue;
    out += xml.slice(at, kid.span.start) + text;
    at = kid.span.end;
  }
  return { xml: out + xml.slice(at), from, to };
}

function targetVisitor(ctx: Context): Visit {
  const { shift, target } = ctx;
  const formula = (text: string) => shiftFormula(text, target, target, shift);
  const moveCol = (c: number) => shiftColumn(c, shift);
  const visit: Visit = (name, xml) => {
    switch (name) {
      case "dimension": {
        const ref = attr(xml, "ref");
        return ref === undefined ? xml : setAttr(xml, "ref", shiftRef(ref, shift) ?? "A1");
      }
      case "col":
        return shiftColElement(xml, shift);
      case "mergeCell": {
        const ref = attr(xml, "ref");
        if (ref === undefined) return xml;
        const moved = shiftRef(ref, shift);
        const range = moved !== undefined ? parseRange(moved) : undefined;
        if (!range || (range.left === range.right && range.top === range.bottom)) return null;
        return setAttr(xml, "ref", moved);
      }
      case "conditionalFormatting":
      case "dataValidation":
      case "ignoredError":
      case "protectedRange": {
        const sqref = attr(xml, "sqref");
        if (sqref === undefined) return transformChildren(xml, visit);
        const moved = shiftSqref(sqref, shift);
        if (moved === "") return null;
        return transformChildren(setAttr(xml, "sqref", moved), visit);
      }
      case "formula":
      case "formula1":
      case "formula2":
      case "f":
        // `<x14:formula1>` holds an `<xm:f>`: visit it.
        return hasChildElements(xml) ? undefined : withText(xml, formula(textOf(xml)));
      case "cfvo": {
        const val = attr(xml, "val");
        const next = val === undefined ? xml : setAttr(xml, "val", formula(val));
        return transformChildren(next, visit);
      }
      case "sqref": {
        const moved = shiftSqref(textOf(xml), shift);
        return moved === "" ? null : withText(xml, moved);
      }
      case "hyperlink": {
        const ref = attr(xml, "ref");
        const moved = ref !== undefined ? shiftRef(ref, shift) : undefined;
        if (ref !== undefined && moved === undefined) return null;
        let next = moved !== undefined ? setAttr(xml, "ref", moved) : xml;
        const location = attr(xml, "location");
        if (location !== undefined) next = setAttr(next, "location", formula(location));
        return next;
      }
      case "autoFilter":
        return shiftAutoFilter(xml, shift);
      case "sortState":
        return shiftSortState(xml, shift);
      case "sheetView":
      case "customSheetView": {
        const topLeft = attr(xml, "topLeftCell");
        const next =
          topLeft === undefined
            ? xml
            : setAttr(xml, "topLeftCell", shiftCellClamped(topLeft, shift));
        return transformChildren(next, visit);
      }
      case "pane": {
        let next = xml;
        const state = attr(xml, "state");
        const xSplit = Number(attr(xml, "xSplit"));
        if ((state === "frozen" || state === "frozenSplit") && xSplit > shift.at) {
          const end = shiftSpan(0, xSplit - 1, shift);
          const moved = end ? end.right + 1 : shift.at;
          next = setAttr(next, "xSplit", moved === 0 ? undefined : String(moved));
        }
        const topLeft = attr(xml, "topLeftCell");
        if (topLeft !== undefined)
          next = setAttr(next, "topLeftCell", shiftRef(topLeft, shift) ?? topLeft);
        return next;
      }
      case "selection": {
        let next = xml;
        const active = attr(xml, "activeCell");
        const activeMoved = active === undefined ? undefined : shiftCellClamped(active, shift);
        if (activeMoved !== undefined) next = setAttr(next, "activeCell", activeMoved);
        const sqref = attr(xml, "sqref");
        if (sqref !== undefined) {
          const moved = shiftSqref(sqref, shift) || (activeMoved ?? "A1");
          next = setAttr(next, "sqref", moved);
          if (moved.split(/\s+/).length !== sqref.trim().split(/\s+/).length)
            next = setAttr(next, "activeCellId", undefined);
        }
        return next;
      }
      case "colBreaks": {
        const next = transformChildren(xml, (n, brk) => {
          if (n !== "brk") return brk;
          const id = Number(attr(brk, "id"));
          if (!Number.isInteger(id)) return brk;
          const to = shiftColumn(id, shift);
          return to === undefined ? null : setAttr(brk, "id", String(to));
        });
        if (next === null || next === xml || attr(next, "manualBreakCount") === undefined)
          return next;
        const manual = childElements(next, elementAt(next, 0)).filter(
          (k) => attributeOf(k.span.tag, "man") === "1" || attributeOf(k.span.tag, "man") === "true"
        ).length;
        return setAttr(next, "manualBreakCount", String(manual));
      }
      case "cellWatch": {
        const r = attr(xml, "r");
        const moved = r === undefined ? undefined : shiftRef(r, shift);
        return r === undefined ? xml : moved === undefined ? null : setAttr(xml, "r", moved);
      }
      case "from":
      case "to":
        return moveAnchorPoint(xml, moveCol, shift).xml;
      case "sheetData":
      case "rowBreaks":
        return xml;
      default:
        return undefined;
    }
  };
  return visit;
}

// ---------------------------------------------------------------------------
// Other sheets: formulas that refer to the target

function rewriteOtherSheet(ctx: Context, host: string, part: PartName): void {
  const { edit, target, shift } = ctx;
  const text = edit.isOpen(part) ? edit.sheetXml(part).toString() : edit.text(part);
  if (text === undefined || !mentions(text, target)) return;
  if (rootElement(text).name !== "worksheet") return;
  const snapshot = new SheetXml(text);
  const formulas = planFormulas(snapshot.allRows(), host, ctx, false);
  const formula = (t: string) => shiftFormula(t, host, target, shift);
  const visit: Visit = (name, xml) => {
    switch (name) {
      case "formula":
      case "formula1":
      case "formula2":
      case "f":
        // `<x14:formula1>` holds an `<xm:f>`: visit it.
        return hasChildElements(xml) ? undefined : withText(xml, formula(textOf(xml)));
      case "cfvo": {
        const val = attr(xml, "val");
        return transformChildren(
          val === undefined ? xml : setAttr(xml, "val", formula(val)),
          visit
        );
      }
      case "hyperlink": {
        const location = attr(xml, "location");
        return location === undefined ? xml : setAttr(xml, "location", formula(location));
      }
      case "sqref":
        return xml;
      default:
        return undefined;
    }
  };
  const names = ["conditionalFormatting", "dataValidations", "hyperlinks", "extLst"];
  const childChanges = names.some((name) =>
    snapshot.childrenNamed(name).some((c) => transform(c.xml, visit) !== c.xml)
  );
  if (formulas.size === 0 && !childChanges) return;
  const sheet = edit.sheetXml(part);
  for (const [at, xml] of formulas) {
    const [row, col] = at.split(",").map(Number) as [number, number];
    sheet.row(row, true)!.cells.set(col, xml);
  }
  for (const name of names) rewriteChildren(sheet, name, (xml) => transform(xml, visit));
}

// ---------------------------------------------------------------------------
// The workbook: defined names, pivot caches, the calculation chain

interface Rel {
  readonly id: string;
  readonly type: string;
  readonly part: PartName | undefined;
}

/** `source`'s relationships as edited so far. */
function relationshipsOf(edit: PackageEdit, source: PartName): Rel[] {
  const xml = edit.text(relsPartOf(source));
  if (xml === undefined) return [];
  const root = rootElement(xml);
  return childElements(xml, root.span)
    .filter((c) => c.name === "Relationship")
    .map(({ span }) => {
      const a = attributesOf(span.tag);
      const external = a.get("TargetMode") === "External";
      return {
        id: a.get("Id") ?? "",
        type: a.get("Type") ?? "",
        part: external ? undefined : resolveTarget(source, a.get("Target") ?? ""),
      };
    });
}

function removeRelationship(edit: PackageEdit, source: PartName, id: string): void {
  const name = relsPartOf(source);
  const xml = edit.text(name);
  if (xml === undefined) return;
  const root = rootElement(xml);
  const next = transformChildren(xml.slice(root.span.start, root.span.end), (n, rel) =>
    n === "Relationship" && attr(rel, "Id") === id ? null : rel
  );
  if (next === null) return;
  const full = xml.slice(0, root.span.start) + next + xml.slice(root.span.end);
  if (full !== xml) edit.setText(name, full);
}

function removePart(edit: PackageEdit, part: PartName): void {
  const types = "[Content_Types].xml";
  const xml = edit.text(types);
  if (xml !== undefined) {
    const root = rootElement(xml);
    const wanted = `/${part}`.toLowerCase();
    const next = transformChildren(xml.slice(root.span.start, root.span.end), (n, o) =>
      n === "Override" && (attr(o, "PartName") ?? "").toLowerCase() === wanted ? null : o
    );
    if (next !== null) {
      const full = xml.slice(0, root.span.start) + next + xml.slice(root.span.end);
      if (full !== xml) edit.setText(types, full);
    }
  }
  edit.drop(part);
  edit.pkg.delete(part);
  const rels = relsPartOf(part);
  if (edit.pkg.has(rels)) {
    edit.drop(rels);
    edit.pkg.delete(rels);
  }
}

/** Splits a defined name's text at its top-level commas (`Kent!$A:$B,Kent!$1:$2`). */
function splitUnion(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = "";
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "(" || ch === "{") depth++;
    else if (ch === ")" || ch === "}") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function rewriteDefinedNames(ctx: Context, workbookPart: PartName): void {
  const { edit, target, shift } = ctx;
  const xml = edit.text(workbookPart);
  if (xml === undefined || !mentions(xml, target)) return;
  const root = rootElement(xml);
  const kids = childElements(xml, root.span);
  const sheetNames: string[] = [];
  const sheets = kids.find((k) => k.name === "sheets");
  if (sheets)
    for (const s of childElements(xml, sheets.span))
      if (s.name === "sheet") sheetNames.push(attributeOf(s.span.tag, "name") ?? "");
  const names = kids.find((k) => k.name === "definedNames");
  if (!names) return;
  const before = xml.slice(names.span.start, names.span.end);
  const after = transform(before, (name, el) => {
    if (name === "definedNames") return undefined;
    if (name !== "definedName") return el;
    const local = attr(el, "localSheetId");
    const host = local !== undefined ? (sheetNames[Number(local)] ?? "\u0000") : "\u0000";
    const text = textOf(el);
    const moved = shiftFormula(text, host, target, shift);
    if (moved === text) return el;
    const builtIn = /^_xlnm\.(Print_Area|Print_Titles)$/i.test(attr(el, "name") ?? "");
    if (!builtIn) return withText(el, moved);
    const kept = splitUnion(moved).filter((p) => !p.includes("#REF!"));
    return kept.length === 0 ? null : withText(el, kept.join(","));
  });
  if (after === before) return;
  edit.setText(
    workbookPart,
    xml.slice(0, names.span.start) + (after ?? "") + xml.slice(names.span.end)
  );
}

function rewritePivotCaches(ctx: Context, workbookPart: PartName): void {
  const { edit, target, shift } = ctx;
  const parts = new Set<PartName>();
  for (const rel of relationshipsOf(edit, workbookPart))
    if (rel.part !== undefined && isRelType(rel.type, REL_PIVOT_CACHE)) parts.add(rel.part);
  for (const part of parts) {
    const xml = edit.text(part);
    if (xml === undefined || !mentions(xml, target)) continue;
    const next = xml.replace(/<(?:[\w.-]+:)?worksheetSource\b[^>]*>/g, (tag) => {
      const sheet = attributeOf(tag, "sheet");
      const ref = attributeOf(tag, "ref");
      if (sheet === undefined || ref === undefined) return tag;
      if (sheet.toLowerCase() !== target.toLowerCase()) return tag;
      const moved = shiftRef(ref, shift);
      return moved === undefined ? tag : withAttribute(tag, "ref", moved);
    });
    if (next !== xml) edit.setText(part, next);
  }
}

function splicePivotTable(ctx: Context, part: PartName): void {
  const xml = ctx.edit.text(part);
  if (xml === undefined) return;
  const next = xml.replace(/<(?:[\w.-]+:)?location\b[^>]*>/, (tag) => {
    const ref = attributeOf(tag, "ref");
    const moved = ref === undefined ? undefined : shiftRef(ref, ctx.shift);
    return moved === undefined ? tag : withAttribute(tag, "ref", moved);
  });
  if (next !== xml) ctx.edit.setText(part, next);
}

function dropCalcChain(edit: PackageEdit, workbookPart: PartName): void {
  for (const rel of relationshipsOf(edit, workbookPart)) {
    if (!isRelType(rel.type, REL.calcChain)) continue;
    removeRelationship(edit, workbookPart, rel.id);
    if (rel.part !== undefined) removePart(edit, rel.part);
  }
}

// ---------------------------------------------------------------------------
// Parts of the target sheet: tables, drawings, charts, notes

/** Edits a part's root element with `rewrite` (writing it only when it changes). */
function rewritePart(edit: PackageEdit, part: PartName, rewrite: (root: string) => string | null) {
  const xml = edit.text(part);
  if (xml === undefined) return;
  const root = rootElement(xml);
  const before = xml.slice(root.span.start, root.span.end);
  const after = rewrite(before);
  if (after === null || after === before) return;
  edit.setText(part, xml.slice(0, root.span.start) + after + xml.slice(root.span.end));
}

function spliceTable(ctx: Context, sheetPart: PartName, relId: string, part: PartName): void {
  const { edit, shift, target } = ctx;
  const xml = edit.text(part);
  if (xml === undefined) return;
  const root = rootElement(xml);
  const ref = attributeOf(root.span.tag, "ref");
  const extent = ref !== undefined ? parseRange(ref) : undefined;
  if (ref === undefined || !extent) return;
  const span = shiftSpan(extent.left, extent.right, shift);
  if (!span) {
    deleteTable(ctx, sheetPart, relId, part);
    return;
  }
  const prefix = root.prefix ? `${root.prefix}:` : "";
  const hasHeader = attributeOf(root.span.tag, "headerRowCount") !== "0";
  const added: string[] = [];
  const visit: Visit = (name, el) => {
    switch (name) {
      case "table":
        return transformChildren(setAttr(el, "ref", shiftRef(ref, shift)!), visit);
      case "autoFilter":
        return shiftAutoFilter(el, shift);
      case "sortState":
        return shiftSortState(el, shift);
      case "calculatedColumnFormula":
      case "totalsRowFormula":
        return withText(el, shiftFormula(textOf(el), target, target, shift));
      case "tableColumns":
        return spliceTableColumns(
          transformChildren(el, visit) ?? el,
          extent.left,
          extent.right,
          shift,
          prefix,
          added
        );
      default:
        return undefined;
    }
  };
  rewritePart(edit, part, (table) => transform(table, visit));
  // Excel wants each header cell to read as its column's name.
  if (hasHeader && added.length > 0) {
    const sheet = edit.sheetXml(sheetPart);
    const style = cellStyle(sheet.cell(extent.top, shift.at - 1) ?? "<c/>");
    added.forEach((name, i) =>
      sheet.setCell(
        extent.top,
        shift.at + i,
        inlineStringCell(sheet.prefix, extent.top, shift.at + i, name, style)
      )
    );
  }
}

/** Columns inserted strictly inside a table get named entries; columns deleted lose theirs. */
function spliceTableColumns(
  xml: string,
  left: number,
  right: number,
  shift: ColumnShift,
  prefix: string,
  added: string[]
): string {
  const span = elementAt(xml, 0);
  const kids = childElements(xml, span).filter((k) => k.name === "tableColumn");
  if (kids.length === 0) return xml;
  let from: number;
  let removed = 0;
  let inserted = "";
  if (shift.kind === "insert") {
    if (!(shift.at > left && shift.at <= right)) return xml;
    from = shift.at - left;
    const taken = new Set(kids.map((k) => (attributeOf(k.span.tag, "name") ?? "").toLowerCase()));
    let id = Math.max(0, ...kids.map((k) => Number(attributeOf(k.span.tag, "id")) || 0));
    for (let n = 1; added.length < shift.count; n++) {
      const name = `Column${n}`;
      if (taken.has(name.toLowerCase())) continue;
      added.push(name);
      inserted += `<${prefix}tableColumn id="${++id}" name="${name}"/>`;
    }
  } else {
    const lo = Math.max(left, shift.at);
    const hi = Math.min(right, shift.at + shift.count - 1);
    if (lo > hi) return xml;
    from = lo - left;
    removed = hi - lo + 1;
  }
  const at = from < kids.length ? kids[from]!.span.start : kids[kids.length - 1]!.span.end;
  const last = Math.min(kids.length, from + removed);
  const end = removed > 0 ? kids[last - 1]!.span.end : at;
  const out = xml.slice(0, at) + inserted + xml.slice(end);
  const count = kids.length + added.length - (last - from);
  return attr(out, "count") === undefined ? out : setAttr(out, "count", String(count));
}

function deleteTable(ctx: Context, sheetPart: PartName, relId: string, part: PartName): void {
  const sheet = ctx.edit.sheetXml(sheetPart);
  rewriteChildren(sheet, "tableParts", (xml) =>
    transform(xml, (name, el) =>
      name === "tablePart" ? (attr(el, "r:id") === relId ? null : el) : undefined
    )
  );
  removeRelationship(ctx.edit, sheetPart, relId);
  removePart(ctx.edit, part);
}

/** Drawing anchors: a picture or chart moves (and, anchored two-cell, sizes) with its columns. */
function spliceDrawing(ctx: Context, part: PartName): void {
  const { shift } = ctx;
  const moveCol = (c: number) => shiftColumn(c, shift);
  const anchor = (xml: string, name: string): string => {
    const editAs = name === "twoCellAnchor" ? (attr(xml, "editAs") ?? "twoCell") : "oneCell";
    if (editAs === "absolute") return xml;
    const span = elementAt(xml, 0);
    let out = "";
    let at = 0;
    let delta: number | undefined;
    for (const kid of childElements(xml, span)) {
      if (kid.name !== "from" && kid.name !== "to") continue;
      const text = xml.slice(kid.span.start, kid.span.end);
      const byDelta =
        kid.name === "to" && editAs === "oneCell" && delta !== undefined
          ? (c: number) => Math.max(0, c + delta!)
          : moveCol;
      const moved = moveAnchorPoint(text, byDelta, shift);
      if (kid.name === "from" && moved.from !== undefined && moved.to !== undefined)
        delta = moved.to - moved.from;
      out += xml.slice(at, kid.span.start) + moved.xml;
      at = kid.span.end;
    }
    return out + xml.slice(at);
  };
  rewritePart(ctx.edit, part, (root) =>
    transform(root, (name, el) => {
      if (name === "twoCellAnchor" || name === "oneCellAnchor") return anchor(el, name);
      if (name === "absoluteAnchor") return el;
      return undefined;
    })
  );
}

/** A chart's series and titles (`<c:f>`) that read the target's cells. */
function rewriteChart(ctx: Context, part: PartName): void {
  const { edit, target, shift } = ctx;
  const xml = edit.text(part);
  if (xml === undefined || !mentions(xml, target)) return;
  const next = xml.replace(
    /<((?:[\w.-]+:)?f)(\s[^>]*)?>([^<]*)<\/\1>/g,
    (whole, qname: string, attrs: string | undefined, body: string) => {
      const text = unescapeXml(body);
      const moved = shiftFormula(text, "\u0000", target, shift);
      return moved === text ? whole : `<${qname}${attrs ?? ""}>${escapeText(moved)}</${qname}>`;
    }
  );
  if (next !== xml) edit.setText(part, next);
}

function spliceComments(ctx: Context, part: PartName): void {
  rewritePart(ctx.edit, part, (root) =>
    transform(root, (name, el) => {
      if (name !== "comment") return undefined;
      const ref = attr(el, "ref");
      if (ref === undefined) return el;
      const moved = shiftRef(ref, ctx.shift);
      return moved === undefined ? null : setAttr(el, "ref", moved);
    })
  );
}

function spliceThreadedComments(ctx: Context, part: PartName): void {
  rewritePart(ctx.edit, part, (root) =>
    transform(root, (name, el) => {
      if (name !== "threadedComment") return undefined;
      const ref = attr(el, "ref");
      if (ref === undefined) return el;
      const moved = shiftRef(ref, ctx.shift);
      return moved === undefined ? null : setAttr(el, "ref", moved);
    })
  );
}

/**
 * The VML of legacy notes (not always well-formed XML, so edited by pattern):
 * each shape's `<x:Column>` and the columns of its `<x:Anchor>` (LeftColumn,
 * LeftOffset, TopRow, TopOffset, RightColumn, …: the first and fifth numbers).
 * A note whose cell is deleted loses its shape.
 */
function spliceVml(ctx: Context, part: PartName): void {
  const { edit, shift } = ctx;
  const xml = edit.text(part);
  if (xml === undefined) return;
  const moveOrClamp = (c: number) => shiftColumn(c, shift) ?? shift.at;
  const next = xml.replace(/<v:shape\b[^>]*>[\s\S]*?<\/v:shape>/g, (shape) => {
    const data = /<(\w+):ClientData\b[^>]*>[\s\S]*?<\/\1:ClientData>/.exec(shape);
    if (!data) return shape;
    const p = data[1]!;
    const isNote = /ObjectType\s*=\s*["']Note["']/.test(data[0]);
    const columnRe = new RegExp(`(<${p}:Column>\\s*)(\\d+)(\\s*</${p}:Column>)`);
    const col = columnRe.exec(data[0]);
    if (isNote && col && shiftColumn(Number(col[2]), shift) === undefined) return "";
    let body = data[0].replace(columnRe, (_w, a: string, n: string, b: string) => {
      return `${a}${moveOrClamp(Number(n))}${b}`;
    });
    body = body.replace(
      new RegExp(`(<${p}:Anchor>)([^<]*)(</${p}:Anchor>)`),
      (whole, a: string, numbers: string, b: string) => {
        const items = numbers.split(",");
        if (items.length !== 8) return whole;
        for (const i of [0, 4]) {
          const raw = items[i]!;
          const n = Number(raw.trim());
          if (!Number.isInteger(n)) return whole;
          items[i] = raw.replace(/\d+/, String(moveOrClamp(n)));
        }
        return `${a}${items.join(",")}${b}`;
      }
    );
    return body === data[0] ? shape : shape.replace(data[0], () => body);
  });
  if (next !== xml) edit.setText(part, next);
}
