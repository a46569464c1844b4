import type { PartName, XlsxPackage } from "./archive";
import { attributesOf, escapeAttribute, rootElement, childElements } from "./xml";

/*
 * OPC relationships (`_rels/*.rels`) and content types (`[Content_Types].xml`),
 * edited in place: a relationship or override is added or removed, and every
 * other line of the part stays as it was.
 */

export const REL = {
  officeDocument:
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
  worksheet: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet",
  sharedStrings:
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings",
  styles: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
  comments: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
  vmlDrawing: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing",
  table: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table",
  calcChain: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain",
} as const;

/** The strict-OOXML spelling of the same relationship types (`…/purl.oclc.org/ooxml/…`). */
export function isRelType(type: string, wanted: string): boolean {
  if (type === wanted) return true;
  const tail = wanted.slice(wanted.lastIndexOf("/"));
  return type.endsWith(tail) && type.includes("/relationships");
}

export const CONTENT_TYPE = {
  worksheet: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
  comments: "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml",
  vml: "application/vnd.openxmlformats-officedocument.vmlDrawing",
} as const;

export interface Relationship {
  readonly id: string;
  readonly type: string;
  /** The target as written. */
  readonly target: string;
  readonly external: boolean;
  /** The target part's name in the package (undefined for an external target). */
  readonly part: PartName | undefined;
}

/** `xl/worksheets/sheet1.xml` → `xl/worksheets/_rels/sheet1.xml.rels`; "" → `_rels/.rels`. */
export function relsPartOf(part: PartName): PartName {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** A target relative to `source`'s folder (or absolute, from the package root) as a part name. */
export function resolveTarget(source: PartName, target: string): PartName {
  const clean = target.replace(/\\/g, "/");
  const base = clean.startsWith("/") ? [] : source.split("/").slice(0, -1);
  for (const segment of clean.replace(/^\/+/, "").split("/")) {
    if (segment === "..") base.pop();
    else if (segment !== "." && segment !== "") base.push(segment);
  }
  return decodeURIComponentSafe(base.join("/"));
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `to` as a target relative to `from`'s folder: `xl/worksheets/sheet1.xml` → `../comments1.xml`. */
export function relativeTarget(from: PartName, to: PartName): string {
  const a = from.split("/").slice(0, -1);
  const b = to.split("/");
  let common = 0;
  while (common < a.length && common < b.length - 1 && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => ".."), ...b.slice(common)].join("/");
}

/** The relationships of `source` (empty when it has none). */
export function readRelationships(pkg: XlsxPackage, source: PartName): Relationship[] {
  const xml = pkg.text(relsPartOf(source));
  if (xml === undefined) return [];
  const root = rootElement(xml);
  return childElements(xml, root.span)
    .filter((child) => child.name === "Relationship")
    .map(({ span }) => {
      const a = attributesOf(span.tag);
      const target = a.get("Target") ?? "";
      const external = a.get("TargetMode") === "External";
      return {
        id: a.get("Id") ?? "",
        type: a.get("Type") ?? "",
        target,
        external,
        part: external ? undefined : resolveTarget(source, target),
      };
    });
}

const EMPTY_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';

/** Adds a relationship from `source` to `target` (a part name) and returns its new id (`rId7`). */
export function addRelationship(
  pkg: XlsxPackage,
  source: PartName,
  type: string,
  target: PartName
): string {
  const relsName = relsPartOf(source);
  const xml = pkg.text(relsName) ?? EMPTY_RELS;
  const used = new Set(readRelationships(pkg, source).map((r) => r.id));
  let n = used.size + 1;
  while (used.has(`rId${n}`)) n++;
  const id = `rId${n}`;
  const element = `<Relationship Id="${id}" Type="${type}" Target="${escapeAttribute(relativeTarget(source, target))}"/>`;
  const root = rootElement(xml);
  const next = root.span.tag.endsWith("/>")
    ? `${xml.slice(0, root.span.start)}${root.span.tag.slice(0, -2)}>${element}</${root.prefix ? `${root.prefix}:` : ""}Relationships>${xml.slice(root.span.end)}`
    : `${xml.slice(0, root.span.contentEnd)}${element}${xml.slice(root.span.contentEnd)}`;
  pkg.set(relsName, next);
  return id;
}

/** Removes `source`'s relationships with these ids (the rels part goes when none is left). */
export function removeRelationships(
  pkg: XlsxPackage,
  source: PartName,
  ids: ReadonlySet<string>
): void {
  const relsName = relsPartOf(source);
  const xml = pkg.text(relsName);
  if (xml === undefined || ids.size === 0) return;
  const root = rootElement(xml);
  const children = childElements(xml, root.span);
  let out = "";
  let at = 0;
  let left = 0;
  for (const { name, span } of children) {
    if (name === "Relationship" && ids.has(attributesOf(span.tag).get("Id") ?? "")) {
      out += xml.slice(at, span.start);
      at = span.end;
    } else left++;
  }
  out += xml.slice(at);
  if (left === 0) pkg.delete(relsName);
  else pkg.set(relsName, out);
}

/** Adds `<Override PartName="/…" ContentType="…"/>` for a new part (replacing one for the same part). */
export function setContentType(pkg: XlsxPackage, part: PartName, contentType: string): void {
  const name = "[Content_Types].xml";
  const xml = pkg.text(name);
  if (xml === undefined) return;
  const without = removeOverride(xml, part);
  const root = rootElement(without);
  const element = `<Override PartName="/${escapeAttribute(part)}" ContentType="${contentType}"/>`;
  pkg.set(
    name,
    `${without.slice(0, root.span.contentEnd)}${element}${without.slice(root.span.contentEnd)}`
  );
}

/** Ensures `<Default Extension="vml" ContentType="…"/>` is there. */
export function ensureDefaultContentType(
  pkg: XlsxPackage,
  extension: string,
  contentType: string
): void {
  const name = "[Content_Types].xml";
  const xml = pkg.text(name);
  if (xml === undefined) return;
  const root = rootElement(xml);
  const has = childElements(xml, root.span).some(
    ({ name: n, span }) =>
      n === "Default" &&
      (attributesOf(span.tag).get("Extension") ?? "").toLowerCase() === extension.toLowerCase()
  );
  if (has) return;
  const element = `<Default Extension="${extension}" ContentType="${contentType}"/>`;
  pkg.set(
    name,
    `${xml.slice(0, root.span.contentEnd)}${element}${xml.slice(root.span.contentEnd)}`
  );
}

/** Drops the override of a part that is gone. */
export function removeContentType(pkg: XlsxPackage, part: PartName): void {
  const name = "[Content_Types].xml";
  const xml = pkg.text(name);
  if (xml === undefined) return;
  const next = removeOverride(xml, part);
  if (next !== xml) pkg.set(name, next);
}

function removeOverride(xml: string, part: PartName): string {
  const root = rootElement(xml);
  const wanted = `/${part}`.toLowerCase();
  let out = "";
  let at = 0;
  for (const { name, span } of childElements(xml, root.span))
    if (
      name === "Override" &&
      (attributesOf(span.tag).get("PartName") ?? "").toLowerCase() === wanted
    ) {
      out += xml.slice(at, span.start);
      at = span.end;
    }
  return out + xml.slice(at);
}

/** A part name not yet in the package: `xl/comments` + `3` + `.xml`. */
export function freePartName(pkg: XlsxPackage, stem: string, extension: string): PartName {
  for (let n = 1; ; n++) {
    const name = `${stem}${n}${extension}`;
    if (!pkg.has(name)) return name;
  }
}
