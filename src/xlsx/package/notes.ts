import { cellAddress, columnIndex } from "../../workbook/address";
import type { PartName, XlsxPackage } from "./archive";
import type { PackageEdit } from "./edit";
import {
  addRelationship,
  CONTENT_TYPE,
  ensureDefaultContentType,
  freePartName,
  isRelType,
  readRelationships,
  REL,
  relsPartOf,
  removeContentType,
  removeRelationships,
  setContentType,
  type Relationship,
} from "./relationships";
import type { SheetXml } from "./sheet-xml";
import {
  attributesOf,
  childElements,
  escapeText,
  rootElement,
  tagEnd,
  unescapeXml,
  XmlShapeError,
  type ElementSpan,
} from "./xml";

/*
 * A worksheet's legacy notes ("comments" in the file format, not Excel 365's
 * threaded comments), edited in place. A note lives in two parts the sheet's
 * rels point at: the comments part (its text and author) and a VML drawing
 * (the yellow box: one <v:shape> with <x:ClientData ObjectType="Note"> per
 * note, anchored to its cell), which the sheet names in <legacyDrawing r:id>.
 * The VML part may hold form controls too (buttons, check boxes), so it is
 * edited shape by shape, and a shape that is not a note is never touched.
 *
 * Layouts seen in the wild, all read here: ExcelJS and Excel (xl/commentsN.xml,
 * xl/drawings/vmlDrawingN.vml, `<r><t>` runs), openpyxl (xl/comments/comment1.xml
 * with an absolute target, a plain `<t>`, VML with `ns0:` prefixes bound per
 * element) and LibreOffice (a `<v:shapetype>` before every shape, ids
 * `shape_0` repeated, an Override instead of a Default for the VML).
 */

/** A legacy note: its cell (`D9`) and its text (line breaks as `\n`). */
export interface SheetNote {
  readonly cell: string;
  readonly text: string;
}

/** The author the tool's own notes are written under. */
export const NOTE_AUTHOR = "Scorecard RAG";

const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_VML = "urn:schemas-microsoft-com:vml";
const NS_OFFICE = "urn:schemas-microsoft-com:office:office";
const NS_EXCEL = "urn:schemas-microsoft-com:office:excel";
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** The text box shape type every note shape refers to. */
const NOTE_SHAPETYPE_ID = "_x0000_t202";
const NOTE_SHAPETYPE = `<v:shapetype id="${NOTE_SHAPETYPE_ID}" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`;
/** VML shape ids come in blocks of 1024 per drawing (`<o:idmap data="1"/>` → 1025…2047). */
const SHAPE_BLOCK = 1024;
const MAX_ROWS = 1048576;
const MAX_COLUMNS = 16384;

// ---------------------------------------------------------------------------
// The parts, seen through the edit

/**
 * The package as the relationship helpers see it, with every read and write
 * going through the edit: text as edited so far, writes held until commit,
 * deletions done at once (and forgotten by the edit). Any other member falls
 * through to the package itself.
 */
function partsOf(edit: PackageEdit): XlsxPackage {
  const view = Object.create(edit.pkg) as XlsxPackage;
  Object.assign(view, {
    text: (name: PartName) => edit.text(name),
    set: (name: PartName, content: string | Buffer) =>
      edit.setText(name, typeof content === "string" ? content : content.toString("utf8")),
    delete: (name: PartName) => deletePart(edit, name),
    has: (name: PartName) => edit.pkg.has(name) || edit.text(name) !== undefined,
  });
  return view;
}

function deletePart(edit: PackageEdit, name: PartName): void {
  edit.pkg.delete(name);
  edit.drop(name);
}

// ---------------------------------------------------------------------------
// Cells

interface Cell {
  readonly row: number;
  readonly column: number;
  /** `D9`: upper case, no `$`. */
  readonly address: string;
}

function parseCell(reference: string): Cell | undefined {
  const m = /^\s*\$?([A-Za-z]{1,3})\$?(\d{1,7})/.exec(reference);
  if (!m) return undefined;
  const column = columnIndex(m[1]!);
  const row = Number(m[2]) - 1;
  if (column === undefined || column >= MAX_COLUMNS || row < 0 || row >= MAX_ROWS) return undefined;
  return { row, column, address: cellAddress(row, column) };
}

function requireCell(reference: string): Cell {
  const cell = /^\s*\$?[A-Za-z]{1,3}\$?\d{1,7}\s*$/.test(reference)
    ? parseCell(reference)
    : undefined;
  if (!cell) throw new Error(`"${reference}" is not a cell address such as D9.`);
  return cell;
}

// ---------------------------------------------------------------------------
// The comments part

interface CommentEntry {
  readonly cell: Cell;
  readonly xml: string;
  readonly text: string;
  /** The legacy stand-in Excel writes for a threaded comment (author `tc={…}`): not a note. */
  readonly threaded: boolean;
}

interface CommentsDoc {
  readonly xml: string;
  /** The prefix of its elements with the colon, or "". */
  readonly prefix: string;
  readonly root: ElementSpan;
  readonly authors: string[];
  readonly authorsSpan: ElementSpan | undefined;
  readonly listSpan: ElementSpan | undefined;
  readonly comments: CommentEntry[];
}

/** An element's text content: entities resolved, CDATA kept as written, line ends as an XML parser gives them. */
function textContent(xml: string, span: ElementSpan): string {
  const raw = xml.slice(span.contentStart, span.contentEnd);
  let out = "";
  let at = 0;
  for (;;) {
    const open = raw.indexOf("<![CDATA[", at);
    const plain = raw.slice(at, open < 0 ? raw.length : open);
    out += unescapeXml(plain.replace(/\r\n?/g, "\n").replace(/<[^>]*>/g, ""));
    if (open < 0) break;
    const close = raw.indexOf("]]>", open + 9);
    out += raw.slice(open + 9, close < 0 ? raw.length : close).replace(/\r\n?/g, "\n");
    if (close < 0) break;
    at = close + 3;
  }
  // ST_Xstring: a character XML cannot hold is written `_xHHHH_` (and a literal `_x` as `_x005F_x`).
  return out.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16))
  );
}

/** The text of a `<text>` (CT_Rst): its own `<t>` and the `<t>` of each run, phonetic runs left out. */
function richText(xml: string, text: ElementSpan): string {
  let out = "";
  for (const { name, span } of childElements(xml, text)) {
    if (name === "t") out += textContent(xml, span);
    else if (name === "r")
      for (const child of childElements(xml, span))
        if (child.name === "t") out += textContent(xml, child.span);
  }
  return out;
}

function parseComments(xml: string): CommentsDoc {
  const root = rootElement(xml);
  if (root.name !== "comments")
    throw new XmlShapeError(`its root is <${root.name}>, not <comments>`);
  const children = childElements(xml, root.span);
  const authorsSpan = children.find((c) => c.name === "authors")?.span;
  const listSpan = children.find((c) => c.name === "commentList")?.span;
  const authors = authorsSpan
    ? childElements(xml, authorsSpan)
        .filter((c) => c.name === "author")
        .map((c) => textContent(xml, c.span))
    : [];
  const comments: CommentEntry[] = [];
  if (listSpan)
    for (const { name, span } of childElements(xml, listSpan)) {
      if (name !== "comment") continue;
      const a = attributesOf(span.tag);
      const cell = parseCell(a.get("ref") ?? "");
      if (!cell) continue;
      const text = childElements(xml, span).find((c) => c.name === "text");
      const author = authors[Number(a.get("authorId") ?? "0")] ?? "";
      comments.push({
        cell,
        xml: xml.slice(span.start, span.end),
        text: text ? richText(xml, text.span) : "",
        threaded: author.startsWith("tc="),
      });
    }
  return {
    xml,
    prefix: root.prefix ? `${root.prefix}:` : "",
    root: root.span,
    authors,
    authorsSpan,
    listSpan,
    comments,
  };
}

/** Text for a note's `<t>`: line ends as `\n`, and a literal `_xHHHH_` kept from being read as an escape. */
function noteTextXml(text: string): string {
  return escapeText(text.replace(/\r\n?/g, "\n").replace(/_(x[0-9A-Fa-f]{4}_)/g, "_x005F_$1"));
}

function commentXml(prefix: string, cell: Cell, authorId: number, text: string): string {
  const q = (name: string): string => `${prefix}${name}`;
  // The run properties Excel gives a new note (Tahoma 9, the "InfoText" colour).
  const rPr = `<${q("rPr")}><${q("sz")} val="9"/><${q("color")} indexed="81"/><${q("rFont")} val="Tahoma"/><${q("family")} val="2"/></${q("rPr")}>`;
  return `<${q("comment")} ref="${cell.address}" authorId="${authorId}"><${q("text")}><${q("r")}>${rPr}<${q("t")} xml:space="preserve">${noteTextXml(text)}</${q("t")}></${q("r")}></${q("text")}></${q("comment")}>`;
}

// ---------------------------------------------------------------------------
// The VML drawing

/** A top-level element of a VML part. */
interface VmlItem {
  readonly qname: string;
  readonly local: string;
  readonly start: number;
  readonly end: number;
  readonly tag: string;
  /** For a note's shape: its cell (undefined when its ClientData names none). */
  readonly note?: { cell: Cell | undefined };
}

interface VmlDoc {
  readonly xml: string;
  readonly rootTag: string;
  /** Where the root's content starts and ends. */
  readonly contentStart: number;
  readonly contentEnd: number;
  readonly items: VmlItem[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The end of the element named `qname` whose start tag ends at `from`,
 * counting only elements of that name: VML written by Excel is not always
 * well-formed inside a shape (an unclosed `<br>` in a button's text), so the
 * generic matcher cannot be trusted there.
 */
function closeOf(xml: string, from: number, qname: string): number {
  const re = new RegExp(`<(/?)${escapeRegExp(qname)}(?=[\\s/>])`, "g");
  re.lastIndex = from;
  let depth = 1;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const end = tagEnd(xml, m.index);
    if (end < 0) break;
    if (m[1]) {
      if (--depth === 0) return end;
    } else if (xml[end - 2] !== "/") depth++;
    re.lastIndex = end;
  }
  throw new XmlShapeError(`<${qname}> is not closed`);
}

/** The first element with local name `local` inside [from, to), or undefined. */
function findElement(
  xml: string,
  from: number,
  to: number,
  local: string
): { qname: string; start: number; open: number; end: number } | undefined {
  const re = new RegExp(`<((?:[\\w.-]+:)?${local})(?=[\\s/>])`, "g");
  re.lastIndex = from;
  const m = re.exec(xml);
  if (!m || m.index >= to) return undefined;
  const open = tagEnd(xml, m.index);
  if (open < 0) return undefined;
  const end = xml[open - 2] === "/" ? open : closeOf(xml, open, m[1]!);
  return { qname: m[1]!, start: m.index, open, end };
}

/** A shape's note cell when it is a note's shape (`<x:ClientData ObjectType="Note">`), else undefined. */
function noteOfShape(
  xml: string,
  start: number,
  end: number
): { cell: Cell | undefined } | undefined {
  const data = findElement(xml, start, end, "ClientData");
  if (!data || (attributesOf(xml.slice(data.start, data.open)).get("ObjectType") ?? "") !== "Note")
    return undefined;
  const inside = xml.slice(data.open, data.end);
  const row = /<(?:[\w.-]+:)?Row\s*>\s*(\d+)\s*</.exec(inside);
  const column = /<(?:[\w.-]+:)?Column\s*>\s*(\d+)\s*</.exec(inside);
  if (!row || !column) return { cell: undefined };
  const r = Number(row[1]);
  const c = Number(column[1]);
  return {
    cell:
      r < MAX_ROWS && c < MAX_COLUMNS
        ? { row: r, column: c, address: cellAddress(r, c) }
        : undefined,
  };
}

function parseVml(xml: string): VmlDoc {
  const rootStart = /<(?:[\w.-]+:)?xml(?=[\s/>])/.exec(xml);
  if (!rootStart) throw new XmlShapeError("it has no <xml> root");
  const open = tagEnd(xml, rootStart.index);
  if (open < 0) throw new XmlShapeError("an unfinished tag at its root");
  const rootTag = xml.slice(rootStart.index, open);
  if (rootTag.endsWith("/>"))
    return { xml, rootTag, contentStart: open, contentEnd: open, items: [] };
  const closing = xml.lastIndexOf("</");
  if (closing < open) throw new XmlShapeError("its <xml> root is not closed");
  const items: VmlItem[] = [];
  let i = open;
  while (i < closing) {
    const lt = xml.indexOf("<", i);
    if (lt < 0 || lt >= closing) break;
    if (xml.startsWith("<!--", lt)) {
      const close = xml.indexOf("-->", lt + 4);
      i = close < 0 ? closing : close + 3;
      continue;
    }
    if (xml[lt + 1] === "?" || xml[lt + 1] === "!" || xml[lt + 1] === "/") {
      const end = tagEnd(xml, lt);
      i = end < 0 ? closing : end;
      continue;
    }
    const tagClose = tagEnd(xml, lt);
    if (tagClose < 0) throw new XmlShapeError(`an unfinished tag at character ${lt}`);
    const qname = /^<([^\s/>]+)/.exec(xml.slice(lt, lt + 200))?.[1] ?? "";
    const end = xml[tagClose - 2] === "/" ? tagClose : closeOf(xml, tagClose, qname);
    const local = qname.slice(qname.indexOf(":") + 1);
    const note = local === "shape" ? noteOfShape(xml, lt, end) : undefined;
    items.push({
      qname,
      local,
      start: lt,
      end,
      tag: xml.slice(lt, tagClose),
      ...(note && { note }),
    });
    i = end;
  }
  return { xml, rootTag, contentStart: open, contentEnd: closing, items };
}

/** Whether a VML element is only the drawing's scaffolding (shape layout, shape types), not something drawn. */
function isScaffolding(item: VmlItem): boolean {
  return item.local === "shapelayout" || item.local === "shapetype";
}

/** Whether the root declares `v:`, `o:` and `x:` as the VML, Office and Excel namespaces. */
function rootHasPrefixes(rootTag: string): boolean {
  const a = attributesOf(rootTag);
  return (
    a.get("xmlns:v") === NS_VML && a.get("xmlns:o") === NS_OFFICE && a.get("xmlns:x") === NS_EXCEL
  );
}

const LOCAL_PREFIXES = ` xmlns:v="${NS_VML}" xmlns:o="${NS_OFFICE}" xmlns:x="${NS_EXCEL}"`;

/** `<v:shapetype …>` or `<v:shape …>` with the namespaces declared on it when the root does not. */
function declared(xml: string, local: boolean): string {
  return local ? xml.replace(/^<v:shape(type)?/, (m) => `${m}${LOCAL_PREFIXES}`) : xml;
}

/** ExcelJS's note box (Excel and LibreOffice read it), hidden until the cell is hovered, anchored beside its cell. */
function noteShape(cell: Cell, shapeNumber: number): string {
  const id = `_x0000_s${shapeNumber}`;
  const left = cell.column + 1;
  const top = Math.max(cell.row - 1, 0);
  // LeftColumn, LeftOffset, TopRow, TopOffset, RightColumn, RightOffset, BottomRow, BottomOffset.
  const anchor = [left, 6, top, 14, left + 2, 2, top + 4, 16].join(", ");
  return (
    `<v:shape id="${id}" o:spid="${id}" type="#${NOTE_SHAPETYPE_ID}" style="position:absolute; margin-left:105.3pt;margin-top:10.5pt;width:97.8pt;height:59.1pt;z-index:1;visibility:hidden" fillcolor="infoBackground [80]" strokecolor="none [81]" o:insetmode="auto">` +
    `<v:fill color2="infoBackground [80]"/><v:shadow color="none [81]" obscured="t"/><v:path o:connecttype="none"/>` +
    `<v:textbox style="mso-direction-alt:auto" inset="1.3mm,1.3mm,2.5mm,2.5mm"><div style="text-align:left"/></v:textbox>` +
    `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${anchor}</x:Anchor><x:Locked>True</x:Locked><x:AutoFill>False</x:AutoFill><x:LockText>True</x:LockText><x:Row>${cell.row}</x:Row><x:Column>${cell.column}</x:Column></x:ClientData>` +
    `</v:shape>`
  );
}

/** The id blocks (`<o:idmap data="1,2"/>`) a VML part claims. */
function idBlocks(xml: string): number[] {
  const m = /<(?:[\w.-]+:)?idmap\b[^>]*\sdata\s*=\s*["']([^"']*)["']/.exec(xml);
  return m
    ? m[1]!
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(Number)
        .filter(Number.isInteger)
    : [];
}

/** The first shape number free in a VML part: past every `_x0000_sN` it uses, and inside its id block. */
function nextShapeNumber(xml: string): number {
  let max = (idBlocks(xml)[0] ?? 1) * SHAPE_BLOCK;
  for (const m of xml.matchAll(/_x0000_s(\d+)/g)) max = Math.max(max, Number(m[1]));
  return max + 1;
}

/** An id block no other VML part of the package claims, for a new drawing. */
function freeIdBlock(edit: PackageEdit): number {
  const used = new Set<number>();
  for (const name of edit.pkg.names())
    if (name.toLowerCase().endsWith(".vml"))
      for (const b of idBlocks(edit.text(name) ?? "")) used.add(b);
  let block = 1;
  while (used.has(block)) block++;
  return block;
}

function newVml(block: number, shapes: readonly string[]): string {
  return (
    `${XML_DECLARATION}<xml xmlns:v="${NS_VML}" xmlns:o="${NS_OFFICE}" xmlns:x="${NS_EXCEL}">` +
    `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${block}"/></o:shapelayout>` +
    `${NOTE_SHAPETYPE}${shapes.join("")}</xml>`
  );
}

// ---------------------------------------------------------------------------
// The sheet's side

function commentsRelationship(rels: readonly Relationship[]): Relationship | undefined {
  return rels.find((r) => !r.external && r.part !== undefined && isRelType(r.type, REL.comments));
}

/** The relationship id of `<legacyDrawing r:id="…">` (whatever the prefix), or undefined. */
function legacyDrawingId(sheet: SheetXml): string | undefined {
  const element = sheet.childrenNamed("legacyDrawing")[0];
  if (!element) return undefined;
  for (const [name, value] of attributesOf(element.xml.slice(0, tagEnd(element.xml, 0))))
    if (!name.startsWith("xmlns") && /^[^:]+:id$/.test(name)) return value;
  return undefined;
}

/** `<legacyDrawing r:id="…"/>`, declaring `r:` on it when the worksheet's root does not. */
function legacyDrawingXml(
  edit: PackageEdit,
  sheetPart: PartName,
  sheet: SheetXml,
  id: string
): string {
  // A part as the file stored it is what the sheet was read from: its root tag is the sheet's (not unpacked again).
  const unchanged = edit.pkg.has(sheetPart) && !edit.pkg.isChanged(sheetPart);
  const stored = unchanged ? undefined : edit.pkg.text(sheetPart);
  const rootTag = unchanged
    ? sheet.rootTag
    : stored === undefined
      ? undefined
      : rootElement(stored).span.tag;
  const rootDeclares = rootTag !== undefined && /\sxmlns:r\s*=/.test(rootTag);
  const declaration = rootDeclares ? "" : ` xmlns:r="${NS_RELATIONSHIPS}"`;
  return `<${sheet.q("legacyDrawing")}${declaration} r:id="${id}"/>`;
}

// ---------------------------------------------------------------------------
// Reading

/** The legacy notes (not threaded comments) of a worksheet part, in document order; text of all runs joined (<t> directly in <text> or in <r><t>). */
export function readNotes(edit: PackageEdit, sheetPart: PartName): SheetNote[] {
  const rel = commentsRelationship(readRelationships(partsOf(edit), sheetPart));
  const xml = rel?.part === undefined ? undefined : edit.text(rel.part);
  if (xml === undefined) return [];
  return parseComments(xml)
    .comments.filter((c) => !c.threaded)
    .map((c) => ({ cell: c.cell.address, text: c.text }));
}

// ---------------------------------------------------------------------------
// Editing

/**
 * Applies text replacements (non-overlapping, any order) to `xml`, in one pass:
 * a re-rating replaces every note's shape, and re-building the whole drawing
 * once per shape was quadratic (minutes at 50,000 notes).
 *
 * Cost: O(xml + edits log edits).
 */
function splice(xml: string, edits: { start: number; end: number; text: string }[]): string {
  const pieces: string[] = [];
  let at = 0;
  // Edits at one place go in the order the old one-at-a-time splice gave: the later first.
  const order = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || b.i - a.i);
  for (const { e } of order) {
    pieces.push(xml.slice(at, e.start), e.text);
    at = e.end;
  }
  pieces.push(xml.slice(at));
  return pieces.join("");
}

/** The comments part with `comments` as its list and `authors` as its authors (only appended to). */
function writeComments(
  doc: CommentsDoc | undefined,
  authors: readonly string[],
  comments: readonly string[]
): string {
  if (!doc) {
    const names = authors.map((a) => `<author>${escapeText(a)}</author>`).join("");
    return `${XML_DECLARATION}<comments xmlns="${NS_MAIN}"><authors>${names}</authors><commentList>${comments.join("")}</commentList></comments>`;
  }
  const q = (name: string): string => `${doc.prefix}${name}`;
  const { xml } = doc;
  const edits: { start: number; end: number; text: string }[] = [];
  const added = authors
    .slice(doc.authors.length)
    .map((a) => `<${q("author")}>${escapeText(a)}</${q("author")}>`)
    .join("");
  const list = `<${q("commentList")}>${comments.join("")}</${q("commentList")}>`;
  if (doc.authorsSpan) {
    const span = doc.authorsSpan;
    if (added && span.tag.endsWith("/>"))
      edits.push({
        start: span.start,
        end: span.end,
        text: `${span.tag.slice(0, -2)}>${added}</${q("authors")}>`,
      });
    else if (added) edits.push({ start: span.contentEnd, end: span.contentEnd, text: added });
  }
  const authorsXml = doc.authorsSpan ? "" : `<${q("authors")}>${added}</${q("authors")}>`;
  if (doc.listSpan)
    edits.push({ start: doc.listSpan.start, end: doc.listSpan.end, text: authorsXml + list });
  else {
    const at = doc.authorsSpan ? doc.authorsSpan.end : doc.root.contentStart;
    if (doc.root.tag.endsWith("/>"))
      return `${xml.slice(0, doc.root.start)}${doc.root.tag.slice(0, -2)}>${authorsXml}${list}</${q("comments")}>${xml.slice(doc.root.end)}`;
    edits.push({ start: at, end: at, text: authorsXml + list });
  }
  return splice(xml, edits);
}

/**
 * Removes the notes at `remove` (cell addresses; absent ones skipped), then adds `add` (replacing any note on the same cell).
 * Edits the comments part (authors kept; a new author "Scorecard RAG" added if needed), and the VML drawing (one <v:shape> per note, anchored to its cell, hidden like Excel's default notes), creating the comments part, the VML part, the sheet's rels, the content types (Default vml, Override comments) and the sheet's <legacyDrawing r:id> when the sheet had no notes. When no note is left, the comments part and its relationship go; the VML part, its relationship and <legacyDrawing> go only if the VML holds nothing but note shapes (form controls live in VML too: those are kept).
 * Parts other than the sheet, its rels, its comments, its VML and [Content_Types].xml are never touched; nothing is written into the package before `edit.commit()` except deletions.
 * Throws (before changing anything) on an address that is not a cell, or on a note added where the sheet has a threaded comment.
 */
export function editNotes(
  edit: PackageEdit,
  sheetPart: PartName,
  sheet: SheetXml,
  remove: readonly string[],
  add: readonly SheetNote[]
): void {
  const removing = new Set(remove.map((r) => requireCell(r).address));
  const adding = new Map<string, { cell: Cell; text: string }>();
  for (const note of add) {
    const cell = requireCell(note.cell);
    adding.set(cell.address, { cell, text: note.text });
  }

  const parts = partsOf(edit);
  const rels = readRelationships(parts, sheetPart);
  const commentsRel = commentsRelationship(rels);
  const commentsText = commentsRel ? edit.text(commentsRel.part!) : undefined;
  const doc = commentsText === undefined ? undefined : parseComments(commentsText);
  const existing = doc?.comments ?? [];

  for (const c of existing)
    if (c.threaded && adding.has(c.cell.address))
      throw new Error(
        `${c.cell.address} has a threaded comment; a note cannot be added there without removing it in Excel.`
      );

  const kept = existing.filter(
    (c) => c.threaded || (!removing.has(c.cell.address) && !adding.has(c.cell.address))
  );
  if (kept.length === existing.length && adding.size === 0) return;

  const legacyId = legacyDrawingId(sheet);
  const vmlRel =
    legacyId === undefined
      ? undefined
      : rels.find((r) => r.id === legacyId && !r.external && r.part !== undefined);
  const vmlPart = vmlRel?.part;
  const vmlText = vmlPart === undefined ? undefined : edit.text(vmlPart);
  const vml = vmlText === undefined ? undefined : parseVml(vmlText);

  // The comments part.
  const authors = [...(doc?.authors ?? [])];
  let authorId = authors.indexOf(NOTE_AUTHOR);
  if (adding.size > 0 && authorId < 0) authorId = authors.push(NOTE_AUTHOR) - 1;
  const prefix = doc?.prefix ?? "";
  const finals = [
    ...kept.map((c) => ({ cell: c.cell, xml: c.xml, fresh: false })),
    ...[...adding.values()].map(({ cell, text }) => ({
      cell,
      xml: commentXml(prefix, cell, authorId, text),
      fresh: true,
    })),
  ].sort((a, b) => a.cell.row - b.cell.row || a.cell.column - b.cell.column);

  if (finals.length === 0) {
    removeAllNotes(edit, parts, sheetPart, sheet, commentsRel, vmlRel, vml);
    return;
  }

  const commentsPart = commentsRel?.part ?? freePartName(parts, "xl/comments", ".xml");
  edit.setText(
    commentsPart,
    writeComments(
      doc,
      authors,
      finals.map((f) => f.xml)
    )
  );
  if (!doc) setContentType(parts, commentsPart, CONTENT_TYPE.comments);
  if (!commentsRel) addRelationship(parts, sheetPart, REL.comments, commentsPart);

  // The VML drawing: a shape for every note left, a fresh one for a note added.
  const wanted = new Map(finals.map((f) => [f.cell.address, f]));
  if (vml) {
    const edits: { start: number; end: number; text: string }[] = [];
    const shaped = new Set<string>();
    for (const item of vml.items) {
      if (!item.note) continue;
      const address = item.note.cell?.address;
      const keep =
        address !== undefined && wanted.get(address)?.fresh === false && !shaped.has(address);
      if (keep) shaped.add(address);
      else edits.push({ start: item.start, end: item.end, text: "" });
    }
    const local = !rootHasPrefixes(vml.rootTag);
    let number = nextShapeNumber(vml.xml);
    const shapes = finals
      .filter((f) => !shaped.has(f.cell.address))
      .map((f) => declared(noteShape(f.cell, number++), local));
    const hasShapetype = vml.items.some(
      (item) => item.local === "shapetype" && attributesOf(item.tag).get("id") === NOTE_SHAPETYPE_ID
    );
    if (shapes.length > 0 && !hasShapetype) shapes.unshift(declared(NOTE_SHAPETYPE, local));
    if (shapes.length > 0) {
      if (vml.rootTag.endsWith("/>")) {
        edit.setText(
          vmlPart!,
          `${vml.xml.slice(0, vml.contentStart - vml.rootTag.length)}${vml.rootTag.slice(0, -2)}>${shapes.join("")}</xml>${vml.xml.slice(vml.contentEnd)}`
        );
        return;
      }
      edits.push({ start: vml.contentEnd, end: vml.contentEnd, text: shapes.join("") });
    }
    if (edits.length > 0) edit.setText(vmlPart!, splice(vml.xml, edits));
    return;
  }

  // No drawing yet (or a dangling one): a new VML part with every note's shape.
  const block = freeIdBlock(edit);
  let number = block * SHAPE_BLOCK + 1;
  const content = newVml(
    block,
    finals.map((f) => noteShape(f.cell, number++))
  );
  const part = vmlPart ?? freePartName(parts, "xl/drawings/vmlDrawing", ".vml");
  edit.setText(part, content);
  if (part.toLowerCase().endsWith(".vml")) ensureDefaultContentType(parts, "vml", CONTENT_TYPE.vml);
  else setContentType(parts, part, CONTENT_TYPE.vml);
  if (!vmlRel) {
    const id = addRelationship(parts, sheetPart, REL.vmlDrawing, part);
    sheet.setChildren("legacyDrawing", [legacyDrawingXml(edit, sheetPart, sheet, id)]);
  }
}

/** The last note went: the comments part and, when it drew nothing else, the VML drawing go too. */
function removeAllNotes(
  edit: PackageEdit,
  parts: XlsxPackage,
  sheetPart: PartName,
  sheet: SheetXml,
  commentsRel: Relationship | undefined,
  vmlRel: Relationship | undefined,
  vml: VmlDoc | undefined
): void {
  const ids = new Set<string>();
  if (commentsRel) {
    deletePart(edit, commentsRel.part!);
    removeContentType(parts, commentsRel.part!);
    ids.add(commentsRel.id);
  }
  if (vml && vmlRel) {
    const vmlPart = vmlRel.part!;
    const notes = vml.items.filter((item) => item.note);
    const drawsMore = vml.items.some((item) => !item.note && !isScaffolding(item));
    // A drawing with relationships of its own (a note's picture fill, a control's image) stays, so that they do.
    if (!drawsMore && !parts.has(relsPartOf(vmlPart))) {
      deletePart(edit, vmlPart);
      removeContentType(parts, vmlPart);
      ids.add(vmlRel.id);
      sheet.setChildren("legacyDrawing", []);
    } else if (notes.length > 0)
      edit.setText(
        vmlPart,
        splice(
          vml.xml,
          notes.map((item) => ({ start: item.start, end: item.end, text: "" }))
        )
      );
  }
  removeRelationships(parts, sheetPart, ids);
}
