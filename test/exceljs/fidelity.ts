import { carriedRelationship, RELATIONSHIP_ELEMENT, SHEET_RELS } from "./sheet-relations";
import { zipPartData, zipParts, type ZipPart } from "../../src/xlsx/zip";

/*
 * What an .xlsx holds that ExcelJS (and so this tool's output) cannot carry
 * over. ExcelJS 4.4 reads the workbook, its sheets, styles, theme, shared
 * strings, notes, Excel tables, images and document properties; every other
 * part of the file is dropped when the workbook is saved again (see its
 * lib/xlsx/xlsx.js `load`). A chart or a sensitivity label silently gone
 * would be a nasty surprise, so the command line names them: a warning when
 * it writes a copy, a refusal when it would overwrite the original.
 */

/** Something in the input that the output will not have. */
export interface LostContent {
  /** What it is, in plain English ("a chart"). */
  readonly what: string;
  /** The file inside the .xlsx it was found in (`xl/charts/chart1.xml`). */
  readonly part: string;
}

/** Parts ExcelJS reads and writes back, or that Excel rebuilds itself when missing. */
const CARRIED: readonly RegExp[] = [
  /^\[Content_Types\]\.xml$/,
  /^_rels\/\.rels$/,
  /^docProps\/(app|core)\.xml$/,
  /^xl\/workbook\.xml$/,
  /^xl\/_rels\/workbook\.xml\.rels$/,
  /^xl\/styles\.xml$/,
  /^xl\/sharedStrings\.xml$/,
  /^xl\/theme\/[A-Za-z0-9]+\.xml$/,
  /^xl\/worksheets\/sheet\d+\.xml$/,
  /^xl\/worksheets\/_rels\/sheet\d+\.xml\.rels$/,
  /^xl\/media\/[A-Za-z0-9]+\.[A-Za-z0-9]{3,4}$/,
  /^xl\/drawings\/_rels\/[A-Za-z0-9]+\.xml\.rels$/,
  /^xl\/drawings\/vmlDrawing\d+\.vml$/,
  /^xl\/comments\d+\.xml$/,
  /^xl\/tables\/table\d+\.xml$/,
  // Excel recalculates the chain and keeps its own printer settings.
  /^xl\/calcChain\.xml$/,
  /^xl\/printerSettings\//,
];

/** Known parts ExcelJS drops, by what an officer would call them. */
const NAMED: readonly [RegExp, string][] = [
  [/^xl\/charts\/chart\d+\.xml$/, "a chart"],
  [/^xl\/chartsheets\/sheet\d+\.xml$/, "a chart sheet"],
  [/^xl\/pivotTables\/[^/]+\.xml$/, "a pivot table"],
  [/^xl\/slicers\/[^/]+\.xml$/, "a slicer"],
  [/^xl\/timelines\/[^/]+\.xml$/, "a timeline"],
  [/^xl\/vbaProject\.bin$/, "macros (VBA)"],
  [/^xl\/externalLinks\/externalLink\d+\.xml$/, "a link to another workbook"],
  [
    /^xl\/threadedComments\/[^/]+\.xml$/,
    "threaded comments (only their first text stays, as a note)",
  ],
  [/^xl\/embeddings\//, "an embedded object"],
  [/^xl\/(activeX|ctrlProps)\//, "a form control"],
  [/^docProps\/custom\.xml$/, "custom document properties (such as a sensitivity label)"],
  [/^customXml\/item\d+\.xml$/, "custom XML data"],
  [/^xl\/connections\.xml$/, "a data connection"],
  [/^xl\/queryTables\//, "a query table"],
  [
    /^xl\/metadata\.xml$/,
    "dynamic-array metadata (spilled formulas may become plain array formulas)",
  ],
  [/^xl\/richData\//, "linked data types or pictures in cells"],
  [/^xl\/webextensions\/webextension\d+\.xml$/, "an Office add-in's saved settings"],
  [/^xl\/model\//, "a Power Pivot data model"],
];

/** Parts that only support others already named, or that nobody would miss by name. */
const SUPPORTING: readonly RegExp[] = [
  /\.rels$/,
  /\/$/,
  /^xl\/charts\/(style|colors)\d+\.xml$/,
  /^xl\/pivotCache\//,
  /^xl\/slicerCaches\//,
  /^xl\/timelineCaches\//,
  /^xl\/persons\//,
  /^customXml\/itemProps\d+\.xml$/,
  /^docProps\/thumbnail\.[a-z]+$/,
  /^xl\/webextensions\/taskpanes\.xml$/,
];

/**
 * What in this .xlsx (its bytes) the output will not have, one entry per kind
 * and part. A drawing is lost only in part: its pictures stay, its shapes,
 * text boxes and the frames of its charts do not.
 *
 * Cost: O(parts), plus inflating each drawing part.
 */
export function contentExcelJsDrops(bytes: Buffer): LostContent[] {
  const parts = zipParts(bytes);
  if (!parts) return [];
  const related = partsSheetsRelate(bytes, parts);
  const lost: LostContent[] = [];
  for (const part of parts) {
    const name = part.name.replace(/^\/+/, "");
    const drawing = /^xl\/drawings\/drawing\d+\.xml$/.test(name);
    if (drawing) {
      const xml = zipPartData(bytes, part)?.toString("utf8") ?? "";
      if (/<(\w+:)?(sp|cxnSp|grpSp)[\s>]/.test(xml))
        lost.push({ what: "a shape or text box", part: name });
      continue;
    }
    // LibreOffice writes an empty one; only properties (a sensitivity label is one) matter.
    if (name === "docProps/custom.xml") {
      const xml = zipPartData(bytes, part)?.toString("utf8") ?? "";
      if (!/<(\w+:)?property[\s>]/.test(xml)) continue;
    }
    if (related.has(name) || CARRIED.some((pattern) => pattern.test(name))) continue;
    const named = NAMED.find(([pattern]) => pattern.test(name));
    if (named) lost.push({ what: named[1], part: name });
    else if (!SUPPORTING.some((pattern) => pattern.test(name)))
      lost.push({ what: "a part this tool does not know", part: name });
  }
  return lost;
}

/**
 * The notes, note drawings and tables the sheets point at, whatever their
 * names (openpyxl's `xl/comments/comment1.xml`): ExcelJS reads them (fix 7).
 */
function partsSheetsRelate(bytes: Buffer, parts: readonly ZipPart[]): Set<string> {
  const related = new Set<string>();
  for (const part of parts) {
    if (!SHEET_RELS.test(part.name.replace(/^\/+/, ""))) continue;
    const xml = zipPartData(bytes, part)?.toString("utf8") ?? "";
    for (const [element] of xml.matchAll(RELATIONSHIP_ELEMENT)) {
      const relation = carriedRelationship(element);
      if (relation) related.add(relation.part);
    }
  }
  return related;
}

/** One sentence naming what will be lost, grouped by kind: "2 charts (xl/charts/chart1.xml, …)". */
export function describeLost(lost: readonly LostContent[]): string {
  const byWhat = new Map<string, string[]>();
  for (const item of lost) byWhat.set(item.what, [...(byWhat.get(item.what) ?? []), item.part]);
  return [...byWhat.entries()]
    .map(([what, parts]) => {
      const shown = parts.slice(0, 3).join(", ") + (parts.length > 3 ? ", …" : "");
      return parts.length === 1 ? `${what} (${shown})` : `${parts.length} × ${what} (${shown})`;
    })
    .join("; ");
}
