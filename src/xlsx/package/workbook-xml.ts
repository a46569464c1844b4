import type { PartName, XlsxPackage } from "./archive";
import { isRelType, readRelationships, REL, resolveTarget } from "./relationships";
import {
  attributesOf,
  childElements,
  escapeAttribute,
  escapeText,
  rootElement,
  unescapeXml,
  withAttribute,
  XmlShapeError,
} from "./xml";

/*
 * xl/workbook.xml: the sheets in tab order (name, state, part) and the
 * defined names, read once, and edited as text: a sheet added or removed, a
 * sheet's state, the tool's own names replaced. Everything else in the part
 * (calculation settings, views, extensions) stays as written.
 */

export type SheetState = "visible" | "hidden" | "veryHidden";

export interface WorkbookSheet {
  readonly name: string;
  readonly sheetId: string;
  readonly relId: string;
  /** Its part, or undefined when the relationship is missing. */
  readonly part: PartName | undefined;
  /** A worksheet (not a chart sheet, dialog sheet or macro sheet). */
  readonly isWorksheet: boolean;
  readonly state: SheetState;
}

export interface DefinedNameEntry {
  readonly name: string;
  readonly localSheetId: number | undefined;
  readonly hidden: boolean;
  /** The reference or formula, unescaped, without a leading `=`. */
  readonly formula: string;
}

/** The workbook part's name (from the package's root relationships; `xl/workbook.xml` as usual). */
export function workbookPartOf(pkg: XlsxPackage): PartName | undefined {
  const main = readRelationships(pkg, "").find((r) => isRelType(r.type, REL.officeDocument));
  if (main?.part && pkg.has(main.part)) return pkg.resolve(main.part);
  return pkg.resolve("xl/workbook.xml");
}

export class WorkbookXml {
  readonly part: PartName;
  private xml: string;
  private readonly prefix: string;
  private readonly relationships: Map<string, { type: string; part: PartName | undefined }>;

  constructor(pkg: XlsxPackage, part: PartName, xml: string) {
    this.part = part;
    this.xml = xml;
    const root = rootElement(xml);
    if (root.name !== "workbook")
      throw new XmlShapeError(`its root is <${root.name}>, not <workbook>`);
    this.prefix = root.prefix ? `${root.prefix}:` : "";
    this.relationships = new Map(
      readRelationships(pkg, part).map((r) => [r.id, { type: r.type, part: r.part }])
    );
  }

  toString(): string {
    return this.xml;
  }

  private child(
    name: string
  ):
    | { start: number; end: number; contentStart: number; contentEnd: number; tag: string }
    | undefined {
    const root = rootElement(this.xml);
    return childElements(this.xml, root.span).find((c) => c.name === name)?.span;
  }

  /** The sheets in tab order. */
  sheets(): WorkbookSheet[] {
    const sheets = this.child("sheets");
    if (!sheets) return [];
    return childElements(this.xml, sheets)
      .filter((c) => c.name === "sheet")
      .map(({ span }) => {
        const a = attributesOf(span.tag);
        const relId = a.get("r:id") ?? [...a.entries()].find(([k]) => k.endsWith(":id"))?.[1] ?? "";
        const rel = this.relationships.get(relId);
        const state = a.get("state");
        return {
          name: a.get("name") ?? "",
          sheetId: a.get("sheetId") ?? "",
          relId,
          part: rel?.part,
          isWorksheet: rel !== undefined && isRelType(rel.type, REL.worksheet),
          state: state === "hidden" || state === "veryHidden" ? state : "visible",
        };
      });
  }

  definedNames(): DefinedNameEntry[] {
    const names = this.child("definedNames");
    if (!names) return [];
    return childElements(this.xml, names)
      .filter((c) => c.name === "definedName")
      .map(({ span }) => {
        const a = attributesOf(span.tag);
        const local = a.get("localSheetId");
        return {
          name: a.get("name") ?? "",
          localSheetId: local !== undefined && /^\d+$/.test(local) ? Number(local) : undefined,
          hidden: a.get("hidden") === "1" || a.get("hidden") === "true",
          formula: unescapeXml(this.xml.slice(span.contentStart, span.contentEnd)).replace(
            /^=/,
            ""
          ),
        };
      });
  }

  /** Sets a sheet's visibility (`visible` removes the attribute). */
  setSheetState(name: string, state: SheetState): void {
    this.editSheetElement(name, (tag) =>
      withAttribute(tag, "state", state === "visible" ? undefined : state)
    );
  }

  private editSheetElement(name: string, change: (tag: string) => string | undefined): void {
    const sheets = this.child("sheets");
    if (!sheets) return;
    for (const { name: element, span } of childElements(this.xml, sheets)) {
      if (element !== "sheet" || attributesOf(span.tag).get("name") !== name) continue;
      const next = change(span.tag);
      this.xml =
        next === undefined
          ? this.xml.slice(0, span.start) + this.xml.slice(span.end)
          : this.xml.slice(0, span.start) + next + this.xml.slice(span.end);
      return;
    }
  }

  /** Adds a sheet at the end of the tabs (or before `beforeIndex`), with its relationship id. */
  addSheet(name: string, relId: string, state: SheetState, beforeIndex?: number): void {
    const used = this.sheets()
      .map((s) => Number(s.sheetId))
      .filter(Number.isFinite);
    const sheetId = Math.max(0, ...used) + 1;
    const element = `<${this.prefix}sheet name="${escapeAttribute(name)}" sheetId="${sheetId}"${state === "visible" ? "" : ` state="${state}"`} r:id="${relId}"/>`;
    const sheets = this.child("sheets");
    if (!sheets) throw new XmlShapeError("it has no <sheets>");
    const list = childElements(this.xml, sheets).filter((c) => c.name === "sheet");
    const at =
      beforeIndex !== undefined && beforeIndex < list.length
        ? list[beforeIndex]!.span.start
        : sheets.contentEnd;
    if (sheets.tag.endsWith("/>")) {
      this.xml = `${this.xml.slice(0, sheets.start)}<${this.prefix}sheets>${element}</${this.prefix}sheets>${this.xml.slice(sheets.end)}`;
    } else this.xml = this.xml.slice(0, at) + element + this.xml.slice(at);
    this.relationships.set(relId, { type: REL.worksheet, part: undefined });
    if (!/\sxmlns:r=/.test(rootElement(this.xml).span.tag)) {
      const root = rootElement(this.xml).span;
      const tag = withAttribute(
        root.tag,
        "xmlns:r",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
      );
      this.xml = this.xml.slice(0, root.start) + tag + this.xml.slice(root.start + root.tag.length);
    }
    if (beforeIndex !== undefined) this.renumberLocalSheets((i) => (i >= beforeIndex ? i + 1 : i));
  }

  /**
   * Removes a sheet from the tabs: names scoped to it go, names scoped to a
   * later sheet are renumbered, and the active and first visible tab move
   * back if they were at or past it.
   */
  removeSheet(name: string): void {
    const index = this.sheets().findIndex((s) => s.name === name);
    if (index < 0) return;
    this.editSheetElement(name, () => undefined);
    this.renumberLocalSheets((i) => (i === index ? undefined : i > index ? i - 1 : i));
    const views = this.child("bookViews");
    if (views)
      for (const { name: element, span } of childElements(this.xml, views)) {
        if (element !== "workbookView") continue;
        let tag = span.tag;
        for (const attribute of ["activeTab", "firstSheet"]) {
          const value = attributesOf(tag).get(attribute);
          if (value !== undefined && Number(value) >= index && Number(value) > 0)
            tag = withAttribute(tag, attribute, String(Number(value) - 1));
        }
        this.xml =
          this.xml.slice(0, span.start) + tag + this.xml.slice(span.start + span.tag.length);
        break;
      }
  }

  private renumberLocalSheets(map: (index: number) => number | undefined): void {
    const names = this.child("definedNames");
    if (!names) return;
    let out = "";
    let at = names.contentStart;
    for (const { name, span } of childElements(this.xml, names)) {
      if (name !== "definedName") continue;
      const local = attributesOf(span.tag).get("localSheetId");
      if (local === undefined || !/^\d+$/.test(local)) continue;
      const next = map(Number(local));
      out += this.xml.slice(at, span.start);
      if (next !== undefined)
        out +=
          withAttribute(span.tag, "localSheetId", String(next)) +
          this.xml.slice(span.start + span.tag.length, span.end);
      at = span.end;
    }
    out += this.xml.slice(at, names.contentEnd);
    this.setDefinedNamesContent(out);
  }

  private setDefinedNamesContent(content: string): void {
    const names = this.child("definedNames");
    const element =
      content === "" ? "" : `<${this.prefix}definedNames>${content}</${this.prefix}definedNames>`;
    if (names) {
      this.xml = this.xml.slice(0, names.start) + element + this.xml.slice(names.end);
      return;
    }
    if (element === "") return;
    // definedNames follows sheets and functionGroups/externalReferences, before calcPr.
    const root = rootElement(this.xml);
    const children = childElements(this.xml, root.span);
    const after = ["sheets", "functionGroups", "externalReferences"];
    const last = [...children].reverse().find((c) => after.includes(c.name));
    const at = last ? last.span.end : root.span.contentEnd;
    this.xml = this.xml.slice(0, at) + element + this.xml.slice(at);
  }

  /**
   * Removes every workbook-scoped name `isOwn` accepts and adds `names` as
   * hidden workbook names (`<definedName name="…" hidden="1">ref</definedName>`).
   */
  replaceNames(
    isOwn: (name: string) => boolean,
    names: readonly { name: string; formula: string }[]
  ): void {
    const existing = this.child("definedNames");
    let out = "";
    if (existing) {
      let at = existing.contentStart;
      for (const { name, span } of childElements(this.xml, existing)) {
        if (name !== "definedName") continue;
        const a = attributesOf(span.tag);
        if (a.get("localSheetId") === undefined && isOwn(a.get("name") ?? "")) {
          out += this.xml.slice(at, span.start);
          at = span.end;
        }
      }
      out += this.xml.slice(at, existing.contentEnd);
    }
    for (const n of names)
      out += `<${this.prefix}definedName name="${escapeAttribute(n.name)}" hidden="1">${escapeText(n.formula)}</${this.prefix}definedName>`;
    if (existing && out === this.xml.slice(existing.contentStart, existing.contentEnd)) return;
    this.setDefinedNamesContent(out);
  }

  /** Adds a name scoped to sheet `localSheetId` (print titles of a sheet the tool adds), replacing one of the same name there. */
  setLocalName(name: string, localSheetId: number, formula: string): void {
    const existing = this.child("definedNames");
    let out = "";
    if (existing) {
      let at = existing.contentStart;
      for (const { name: element, span } of childElements(this.xml, existing)) {
        if (element !== "definedName") continue;
        const a = attributesOf(span.tag);
        if (a.get("name") === name && a.get("localSheetId") === String(localSheetId)) {
          out += this.xml.slice(at, span.start);
          at = span.end;
        }
      }
      out += this.xml.slice(at, existing.contentEnd);
    }
    out += `<${this.prefix}definedName name="${escapeAttribute(name)}" localSheetId="${localSheetId}">${escapeText(formula)}</${this.prefix}definedName>`;
    this.setDefinedNamesContent(out);
  }
}

/** Resolves a target from the workbook part (re-exported for callers building sheet parts). */
export function workbookTarget(workbookPart: PartName, target: string): PartName {
  return resolveTarget(workbookPart, target);
}
