/*
 * The small amount of XML text handling the package writer needs: escaping,
 * a start tag's attributes, and finding an element's extent in a part's text.
 * The writer edits parts as text so that whatever it does not touch stays
 * exactly as the file had it (attribute order, namespaces, extensions).
 */

/** Text for an element's content: `&`, `<`, `>` escaped, and characters XML 1.0 cannot hold dropped. */
export function escapeText(text: string): string {
  // Most text (every trend and commentary cell) needs nothing: one search, not four replaces.
  // eslint-disable-next-line no-control-regex
  if (!/[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(text)) return text;
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
  );
}

/** Text for a double-quoted attribute value. */
export function escapeAttribute(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[&<>"\n\t\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(text)) return text;
  return escapeText(text).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

/** Character and the five predefined entity references resolved (`&amp;` → `&`, `&#10;` → newline). */
export function unescapeXml(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name] ?? whole;
  });
}

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** A start tag's attributes by qualified name (`r:id` stays `r:id`), values unescaped. */
export function attributesOf(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  const open = tag.indexOf(" ");
  if (open < 0) return out;
  ATTRIBUTE.lastIndex = open;
  for (let m = ATTRIBUTE.exec(tag); m; m = ATTRIBUTE.exec(tag))
    out.set(m[1]!, unescapeXml(m[2] ?? m[3] ?? ""));
  return out;
}

const attributePatterns = new Map<string, RegExp>();

/** The pattern of one attribute, `\sname="…"`, made once per name. */
function attributePattern(name: string): RegExp {
  let re = attributePatterns.get(name);
  if (!re) {
    re = new RegExp(`\\s${name.replace(/[.:]/g, "\\$&")}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attributePatterns.set(name, re);
  }
  return re;
}

/** One attribute of a start tag, or undefined. */
export function attributeOf(tag: string, name: string): string | undefined {
  const re = attributePattern(name);
  const m = re.exec(tag);
  return m ? unescapeXml(m[1] ?? m[2] ?? "") : undefined;
}

/**
 * The start tag with attribute `name` set to `value` (added at the end when
 * missing) or removed (`value` undefined); every other attribute as it was.
 */
export function withAttribute(tag: string, name: string, value: string | undefined): string {
  const re = attributePattern(name);
  if (re.test(tag))
    return tag.replace(re, value === undefined ? "" : ` ${name}="${escapeAttribute(value)}"`);
  if (value === undefined) return tag;
  const end = tag.endsWith("/>") ? tag.length - 2 : tag.length - 1;
  const before = tag.slice(0, end).replace(/\s+$/, "");
  return `${before} ${name}="${escapeAttribute(value)}"${tag.slice(end)}`;
}

/** An element's text with attribute `name` of its start tag set (or removed), its content untouched. */
export function withStartTagAttribute(
  element: string,
  name: string,
  value: string | undefined
): string {
  const end = tagEnd(element, 0);
  if (end < 0) return element;
  return withAttribute(element.slice(0, end), name, value) + element.slice(end);
}

/** Where an element is in a part's text: its start tag, and its whole extent. */
export interface ElementSpan {
  /** Index of its `<`. */
  readonly start: number;
  /** Index just past its end tag (or its `/>`). */
  readonly end: number;
  /** Its start tag, `<name …>` or `<name …/>`. */
  readonly tag: string;
  /** Where its content starts and ends (equal for an empty element). */
  readonly contentStart: number;
  readonly contentEnd: number;
}

/** The index past the `>` that ends the tag starting at `from` (quotes respected), or -1. */
export function tagEnd(xml: string, from: number): number {
  // By character codes (" 34, ' 39, > 62): called for every cell of every row a plan edits.
  let quote = 0;
  for (let i = from + 1; i < xml.length; i++) {
    const ch = xml.charCodeAt(i);
    if (quote !== 0) {
      if (ch === quote) quote = 0;
    } else if (ch === 34 || ch === 39) quote = ch;
    else if (ch === 62) return i + 1;
  }
  return -1;
}

/** The local name of the tag starting at `at` (`x:row` → `row`), or "" for comments, PIs, end tags. */
function localNameAt(xml: string, at: number): string {
  const m = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(xml.slice(at, at + 80));
  return m ? m[2]! : "";
}

/**
 * The extent of the element whose start tag begins at `start`: its matching
 * end tag is found by counting nested elements of any name, skipping
 * comments, CDATA and processing instructions.
 */
export function elementAt(xml: string, start: number): ElementSpan {
  const open = tagEnd(xml, start);
  if (open < 0) throw new XmlShapeError(`an unfinished tag at character ${start}`);
  const tag = xml.slice(start, open);
  if (tag.endsWith("/>")) return { start, end: open, tag, contentStart: open, contentEnd: open };
  // Most elements (a sheet's rows and cells above all) hold no element of their own name:
  // then the first end tag of that name closes it, found without walking every tag inside.
  const qname = /^<([^\s/>]+)/.exec(tag)?.[1];
  if (qname) {
    const close = xml.indexOf(`</${qname}>`, open);
    if (close >= 0 && !hasOpenTag(xml, qname, open, close))
      return { start, end: close + qname.length + 3, tag, contentStart: open, contentEnd: close };
  }
  let depth = 1;
  let i = open;
  for (;;) {
    const lt = xml.indexOf("<", i);
    if (lt < 0) throw new XmlShapeError(`<${localNameAt(xml, start)}> is not closed`);
    if (xml.startsWith("<!--", lt)) {
      const close = xml.indexOf("-->", lt + 4);
      if (close < 0) throw new XmlShapeError("an unfinished comment");
      i = close + 3;
      continue;
    }
    if (xml.startsWith("<![CDATA[", lt)) {
      const close = xml.indexOf("]]>", lt + 9);
      if (close < 0) throw new XmlShapeError("an unfinished CDATA section");
      i = close + 3;
      continue;
    }
    if (xml[lt + 1] === "?") {
      const close = xml.indexOf("?>", lt + 2);
      i = close < 0 ? xml.length : close + 2;
      continue;
    }
    const end = tagEnd(xml, lt);
    if (end < 0) throw new XmlShapeError(`an unfinished tag at character ${lt}`);
    if (xml[lt + 1] === "/") {
      depth--;
      if (depth === 0) return { start, end, tag, contentStart: open, contentEnd: lt };
    } else if (xml[end - 2] !== "/") depth++;
    i = end;
  }
}

/** Whether a start tag `<qname` (then space, `>` or `/`) begins between `from` and `to`. */
function hasOpenTag(xml: string, qname: string, from: number, to: number): boolean {
  const open = `<${qname}`;
  for (let at = xml.indexOf(open, from); at >= 0 && at < to; at = xml.indexOf(open, at + 1)) {
    const next = xml[at + open.length];
    if (
      next === " " ||
      next === ">" ||
      next === "/" ||
      next === "\n" ||
      next === "\t" ||
      next === "\r"
    )
      return true;
  }
  return false;
}

/**
 * The children of the element spanning `parent` (its content), in order: each
 * child element's local name and extent. Text between them is ignored.
 */
export function childElements(
  xml: string,
  parent: Pick<ElementSpan, "contentStart" | "contentEnd">
): { name: string; span: ElementSpan }[] {
  const out: { name: string; span: ElementSpan }[] = [];
  let i = parent.contentStart;
  while (i < parent.contentEnd) {
    const lt = xml.indexOf("<", i);
    if (lt < 0 || lt >= parent.contentEnd) break;
    if (xml.startsWith("<!--", lt)) {
      i = xml.indexOf("-->", lt) + 3;
      continue;
    }
    if (xml[lt + 1] === "?" || xml[lt + 1] === "!") {
      i = tagEnd(xml, lt);
      continue;
    }
    const span = elementAt(xml, lt);
    out.push({ name: localNameAt(xml, lt), span });
    i = span.end;
  }
  return out;
}

/** The document element (after the XML declaration and any comments). */
export function rootElement(xml: string): { name: string; prefix: string; span: ElementSpan } {
  let i = 0;
  for (;;) {
    const lt = xml.indexOf("<", i);
    if (lt < 0) throw new XmlShapeError("it has no root element");
    if (xml[lt + 1] === "?" || xml[lt + 1] === "!") {
      i = xml.startsWith("<!--", lt) ? xml.indexOf("-->", lt) + 3 : tagEnd(xml, lt);
      if (i <= 0) throw new XmlShapeError("an unfinished declaration");
      continue;
    }
    const m = /^<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)/.exec(xml.slice(lt, lt + 80));
    return { name: m?.[2] ?? "", prefix: m?.[1] ?? "", span: elementAt(xml, lt) };
  }
}

/** A part's XML is not shaped as the writer expects (the caller names the part). */
export class XmlShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlShapeError";
  }
}
