/*
 * A sheet's relationships (`xl/worksheets/_rels/sheetN.xml.rels`) to the
 * parts ExcelJS carries over: its notes, their VML drawing and its Excel
 * tables. Other tools name those parts as they like and may give absolute
 * targets (ECMA-376 Part 2, 9.3); ExcelJS finds them only under its own names
 * (exceljs-fixes.ts, fix 7, renames them), and fidelity.ts must not call them
 * lost.
 */

const REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** A part kind ExcelJS reads through a sheet's relationship, and the part names it looks under. */
export interface CarriedSheetPart {
  readonly type: string;
  /** ExcelJS's own names; group 1 is the number. */
  readonly pattern: RegExp;
  /** The name ExcelJS would give the `n`th such part. */
  readonly fresh: (n: number) => string;
}

export const CARRIED_SHEET_PARTS: readonly CarriedSheetPart[] = [
  {
    type: `${REL_BASE}/comments`,
    pattern: /^xl\/comments(\d+)\.xml$/,
    fresh: (n) => `xl/comments${n}.xml`,
  },
  {
    type: `${REL_BASE}/vmlDrawing`,
    pattern: /^xl\/drawings\/vmlDrawing(\d+)\.vml$/,
    fresh: (n) => `xl/drawings/vmlDrawing${n}.vml`,
  },
  {
    type: `${REL_BASE}/table`,
    pattern: /^xl\/tables\/table(\d+)\.xml$/,
    fresh: (n) => `xl/tables/table${n}.xml`,
  },
];

/** A sheet's `.rels` part, by name. */
export const SHEET_RELS = /^xl\/worksheets\/_rels\/sheet\d+\.xml\.rels$/;

/** One `<Relationship>` of a sheet to a part of `CARRIED_SHEET_PARTS`. */
export interface CarriedRelationship {
  /** Its index in `CARRIED_SHEET_PARTS`. */
  readonly kind: number;
  /** The part it points at (`xl/comments/comment1.xml`). */
  readonly part: string;
  /** The target as written, and where its text starts and ends in the element. */
  readonly target: string;
  readonly element: string;
  readonly targetAt: number;
}

/** A sheet relationship's target as a part name: absolute (`/xl/…`) or relative to xl/worksheets/. */
export function partOfTarget(target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = ["xl", "worksheets"];
  for (const step of target.split("/")) {
    if (step === "..") parts.pop();
    else if (step !== "." && step !== "") parts.push(step);
  }
  return parts.join("/");
}

/** An attribute's raw value in one element's text, and where the value starts. */
function attribute(element: string, name: string): { value: string; at: number } | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(["'])(.*?)\\1`).exec(element);
  if (!match) return undefined;
  const value = match[2] ?? "";
  return { value, at: match.index + match[0].length - 1 - value.length };
}

/**
 * One `<Relationship>` element of a sheet's `.rels`, with the
 * carried part it points at, or undefined for any other relationship
 * (hyperlinks, drawings, external targets).
 */
export function carriedRelationship(element: string): CarriedRelationship | undefined {
  const type = attribute(element, "Type")?.value;
  const target = attribute(element, "Target");
  const kind = CARRIED_SHEET_PARTS.findIndex((part) => part.type === type);
  if (kind < 0 || !target || /\sTargetMode\s*=\s*["']External/.test(element)) return undefined;
  return {
    kind,
    part: partOfTarget(target.value),
    target: target.value,
    element,
    targetAt: target.at,
  };
}

/** The `<Relationship …>` elements of a `.rels` part's text. */
export const RELATIONSHIP_ELEMENT = /<Relationship\b[^>]*>/g;
