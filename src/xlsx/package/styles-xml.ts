import { attributesOf, childElements, escapeAttribute, rootElement, XmlShapeError } from "./xml";

/*
 * xl/styles.xml: what the reader needs (each cell style's number format, each
 * differential format's colours) and what the writer adds (a differential
 * format per RAG colour pair, a bold or text cell style for the sheets the
 * tool writes). Additions are appended; existing styles keep their indexes.
 */

/** The built-in number formats (ECMA-376 18.8.30), by id, as Excel shows them in en-GB/en-US. */
const BUILT_IN_FORMATS: Readonly<Record<number, string>> = {
  0: "General",
  1: "0",
  2: "0.00",
  3: "#,##0",
  4: "#,##0.00",
  9: "0%",
  10: "0.00%",
  11: "0.00E+00",
  12: "# ?/?",
  13: "# ??/??",
  14: "mm-dd-yy",
  15: "d-mmm-yy",
  16: "d-mmm",
  17: "mmm-yy",
  18: "h:mm AM/PM",
  19: "h:mm:ss AM/PM",
  20: "h:mm",
  21: "h:mm:ss",
  22: 'm/d/yy "h":mm',
  37: "#,##0 ;(#,##0)",
  38: "#,##0 ;[Red](#,##0)",
  39: "#,##0.00 ;(#,##0.00)",
  40: "#,##0.00 ;[Red](#,##0.00)",
  45: "mm:ss",
  46: "[h]:mm:ss",
  47: "mmss.0",
  48: "##0.0E+0",
  49: "@",
};

/** The text number format's built-in id. */
export const TEXT_FORMAT_ID = 49;

/** A differential format's look, for telling the tool's own conditional formats: fill and font colours as ARGB. */
export interface DxfLook {
  readonly fill: string | undefined;
  readonly font: string | undefined;
}

export const DEFAULT_STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/></styleSheet>';

export class StylesXml {
  private xml: string;
  private readonly prefix: string;
  private formatsOfXf: string[] | undefined;
  private changed = false;

  constructor(xml: string | undefined) {
    this.xml = xml ?? DEFAULT_STYLES;
    const root = rootElement(this.xml);
    if (root.name !== "styleSheet")
      throw new XmlShapeError(`its root is <${root.name}>, not <styleSheet>`);
    this.prefix = root.prefix ? `${root.prefix}:` : "";
  }

  /** Whether anything was added. */
  get isChanged(): boolean {
    return this.changed;
  }

  toString(): string {
    return this.xml;
  }

  private section(name: string) {
    const root = rootElement(this.xml);
    return childElements(this.xml, root.span).find((c) => c.name === name)?.span;
  }

  private items(section: string, item: string) {
    const span = this.section(section);
    return span ? childElements(this.xml, span).filter((c) => c.name === item) : [];
  }

  /** The number format code of each cell style (`s` index), as ExcelJS reads it ("General" when none). */
  numberFormats(): readonly string[] {
    if (this.formatsOfXf) return this.formatsOfXf;
    const custom = new Map<number, string>();
    for (const { span } of this.items("numFmts", "numFmt")) {
      const a = attributesOf(span.tag);
      const id = Number(a.get("numFmtId"));
      const code = a.get("formatCode");
      if (Number.isInteger(id) && code !== undefined) custom.set(id, code);
    }
    this.formatsOfXf = this.items("cellXfs", "xf").map(({ span }) => {
      const id = Number(attributesOf(span.tag).get("numFmtId") ?? 0);
      if (!id) return "General";
      return custom.get(id) ?? BUILT_IN_FORMATS[id] ?? "General";
    });
    return this.formatsOfXf;
  }

  /** Each differential format's fill and font colours. */
  dxfLooks(): DxfLook[] {
    return this.items("dxfs", "dxf").map(({ span }) => {
      const text = this.xml.slice(span.start, span.end);
      const fill = /<(?:\w+:)?fill\b[\s\S]*?<\/(?:\w+:)?fill>/.exec(text)?.[0] ?? "";
      const bg = /<(?:\w+:)?bgColor\b[^>]*\brgb="([0-9A-Fa-f]{6,8})"/.exec(fill)?.[1];
      const fg = /<(?:\w+:)?fgColor\b[^>]*\brgb="([0-9A-Fa-f]{6,8})"/.exec(fill)?.[1];
      const font = /<(?:\w+:)?font\b[\s\S]*?<\/(?:\w+:)?font>/.exec(text)?.[0] ?? "";
      const color = /<(?:\w+:)?color\b[^>]*\brgb="([0-9A-Fa-f]{6,8})"/.exec(font)?.[1];
      return { fill: argbOf(bg ?? fg), font: argbOf(color) };
    });
  }

  /** The index of a differential format with this solid fill and font colour (`#RRGGBB`), added if needed. */
  dxf(fill: string, font: string): number {
    const want = { fill: argbOf(fill), font: argbOf(font) };
    const looks = this.dxfLooks();
    const found = looks.findIndex((l) => l.fill === want.fill && l.font === want.font);
    if (found >= 0) return found;
    this.append("dxfs", this.solidDxf(want), ["tableStyles", "colors", "extLst"]);
    return looks.length;
  }

  /** The differential format `dxf` writes for a look (ARGB colours). */
  private solidDxf(look: { readonly fill?: string; readonly font?: string }): string {
    const p = this.prefix;
    return `<${p}dxf><${p}font><${p}color rgb="${look.font}"/></${p}font><${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="${look.fill}"/><${p}bgColor rgb="${look.fill}"/></${p}patternFill></${p}fill></${p}dxf>`;
  }

  /**
   * Removes differential formats from the end of the list, as long as each is
   * exactly one `dxf` would write and `isRemovable` (given its index and look)
   * agrees; it stops at the first other. Only the end goes, so no kept index
   * moves and every rule that refers to one still finds it. A list left empty
   * is written as Excel writes none, `<dxfs count="0"/>`.
   *
   * Cost: O(styles XML) per format removed. Returns how many went.
   */
  dropTrailingDxfs(isRemovable: (index: number, look: DxfLook) => boolean): number {
    const span = this.section("dxfs");
    if (!span) return 0;
    const items = childElements(this.xml, span).filter((c) => c.name === "dxf");
    const looks = this.dxfLooks();
    let keep = items.length;
    while (keep > 0) {
      const item = items[keep - 1]!;
      const look = looks[keep - 1]!;
      const text = this.xml.slice(item.span.start, item.span.end);
      if (text !== this.solidDxf(look) || !isRemovable(keep - 1, look)) break;
      keep--;
    }
    const removed = items.length - keep;
    if (removed === 0) return 0;
    const p = this.prefix;
    const openTag = span.tag.replace(/\scount="[^"]*"/, ` count="${keep}"`);
    const section =
      keep === 0
        ? `${openTag.replace(/\/?>$/, "")}/>`
        : `${openTag}${this.xml.slice(span.contentStart, items[keep - 1]!.span.end)}</${p}dxfs>`;
    this.xml = `${this.xml.slice(0, span.start)}${section}${this.xml.slice(span.end)}`;
    this.changed = true;
    return removed;
  }

  /** A cell style index for the tool's own sheets: the default style made bold and/or text-formatted. */
  cellStyle(look: { readonly bold: boolean; readonly text: boolean }): number {
    const p = this.prefix;
    let fontId = 0;
    if (look.bold) {
      const fonts = this.items("fonts", "font");
      const base = fonts[0]
        ? this.xml.slice(fonts[0].span.start, fonts[0].span.end)
        : `<${p}font/>`;
      const bold = base.endsWith("/>")
        ? `<${p}font><${p}b/></${p}font>`
        : base.replace(/^(<[^>]*>)/, `$1<${p}b/>`);
      const existing = fonts.findIndex(({ span }) => this.xml.slice(span.start, span.end) === bold);
      fontId = existing >= 0 ? existing : fonts.length;
      if (existing < 0) this.append("fonts", bold, []);
    }
    const numFmtId = look.text ? TEXT_FORMAT_ID : 0;
    const xfs = this.items("cellXfs", "xf");
    const wanted = `<${p}xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="0" borderId="0" xfId="0"${numFmtId ? ' applyNumberFormat="1"' : ""}${fontId ? ' applyFont="1"' : ""}/>`;
    const existing = xfs.findIndex(({ span }) => this.xml.slice(span.start, span.end) === wanted);
    if (existing >= 0) return existing;
    this.append("cellXfs", wanted, []);
    this.formatsOfXf = undefined;
    return xfs.length;
  }

  /** Appends an item to a counted section (`<dxfs count="n">`), creating the section before `before` if absent. */
  private append(section: string, element: string, before: readonly string[]): void {
    const p = this.prefix;
    const span = this.section(section);
    this.changed = true;
    if (!span) {
      const root = rootElement(this.xml);
      const next = childElements(this.xml, root.span).find((c) => before.includes(c.name));
      const at = next ? next.span.start : root.span.contentEnd;
      this.xml = `${this.xml.slice(0, at)}<${p}${section} count="1">${element}</${p}${section}>${this.xml.slice(at)}`;
      return;
    }
    const count = this.items(section, itemName(section)).length + 1;
    const openTag = span.tag.endsWith("/>") ? span.tag.slice(0, -2) + ">" : span.tag;
    const tag = /\scount="/.test(openTag)
      ? openTag.replace(/\scount="[^"]*"/, ` count="${count}"`)
      : openTag.replace(/>$/, ` count="${count}">`);
    const content = span.tag.endsWith("/>")
      ? ""
      : this.xml.slice(span.contentStart, span.contentEnd);
    this.xml = `${this.xml.slice(0, span.start)}${tag}${content}${element}</${p}${section}>${this.xml.slice(span.end)}`;
    void escapeAttribute;
  }
}

function itemName(section: string): string {
  switch (section) {
    case "cellXfs":
    case "cellStyleXfs":
      return "xf";
    case "fonts":
      return "font";
    case "dxfs":
      return "dxf";
    case "numFmts":
      return "numFmt";
    default:
      return section.replace(/s$/, "");
  }
}

/** `#c6efce` or `C6EFCE` or `FFC6EFCE` → `FFC6EFCE`. */
function argbOf(color: string | undefined): string | undefined {
  if (color === undefined) return undefined;
  const digits = color.replace(/^#/, "").toUpperCase();
  return digits.length === 8 ? digits : `FF${digits}`;
}
