import type { CellRun, HostPort, SheetWrite } from "../../session/port";
import { cellAddress, parseRange, rangeAddress, type CellRange } from "../../workbook/address";
import { findingsLinkText, SHEET_HEAD_WIDTH } from "../../workbook/findings";
import { isOwnFormatLook } from "../../workbook/own-format";
import { isOwnedName, nameReference } from "../../workbook/ownership";
import type { ConditionalFormatPlan, SheetPlan } from "../../workbook/plan";
import type { WritePlan } from "../../workbook/run";
import type { CellScalar, WorkbookSnapshot } from "../../workbook/snapshot";
import { STATE_SHEET } from "../../workbook/state";
import { BEGINS_WITH, beginsWithFormula } from "./begins-with";
import type { PartName } from "./archive";
import { PackageBook } from "./book";
import { PackageEdit } from "./edit";
import { editNotes } from "./notes";
import {
  addRelationship,
  CONTENT_TYPE,
  freePartName,
  readRelationships,
  relsPartOf,
  removeContentType,
  removeRelationships,
  REL,
  setContentType,
} from "./relationships";
import { cellStyle, emptyCell, inlineStringCell, SheetXml } from "./sheet-xml";
import { spliceColumns } from "./splice";
import { WorkbookXml, type SheetState } from "./workbook-xml";
import { attributesOf, escapeAttribute, escapeText, tagEnd, unescapeXml } from "./xml";

export interface PackagePortOptions {
  /** Told as each sheet is read and as each planned sheet is updated (the CLI's progress bar). */
  readonly onSheet?: (name: string, phase: "read" | "updated") => void;
}

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

function overlaps(a: CellRange, b: CellRange): boolean {
  return a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;
}

/** Whether a cell's text holds a value or formula (not just a style). */
function hasContent(xml: string): boolean {
  return /<(?:\w+:)?(?:v|f|is)\b/.test(xml);
}

/**
 * The host port over an .xlsx package edited in place (the CLI's files): the
 * snapshot is read from the sheets' XML, and a plan changes only the parts it
 * touches. The caller writes the package out (`book.pkg.write()`).
 */
export function createPackagePort(book: PackageBook, options: PackagePortOptions = {}): HostPort {
  const sheetsByName = () => new Map(book.worksheets().map((s) => [s.name, s]));

  const commitWorkbook = (edit: PackageEdit): void => {
    edit.setText(book.workbookPart, book.workbook.toString());
    if (book.styles.isChanged) {
      const part = book.stylesPart ?? "xl/styles.xml";
      edit.setText(part, book.styles.toString());
    }
    edit.commit();
    // Re-read what was written so that later reads see it.
    book.workbook = new WorkbookXml(book.pkg, book.workbookPart, book.pkg.text(book.workbookPart)!);
  };

  /** The number of a dxf for the format's colours. */
  const conditionalFormatXml = (
    sheet: SheetXml,
    format: ConditionalFormatPlan,
    priority: number
  ): string => {
    const dxf = book.styles.dxf(format.fill, format.font);
    const p = sheet.prefix;
    return `<${p}conditionalFormatting sqref="${rangeAddress(format.range)}"><${p}cfRule type="expression" dxfId="${dxf}" priority="${priority}"><${p}formula>${escapeText(beginsWithFormula(format.range, format.beginsWith))}</${p}formula></${p}cfRule></${p}conditionalFormatting>`;
  };

  const isOwnConditionalFormat = (xml: string, ranges: readonly CellRange[]): boolean => {
    const tag = xml.slice(0, tagEnd(xml, 0));
    const sqref = attributesOf(tag).get("sqref") ?? "";
    const areas = sqref.trim().split(/\s+/).map(parseRange);
    if (areas.length === 0 || areas.some((a) => !a || !ranges.some((r) => overlaps(r, a!))))
      return false;
    const rules = [
      ...xml.matchAll(/<(?:\w+:)?cfRule\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?cfRule>)/g),
    ];
    if (rules.length === 0) return false;
    const looks = book.styles.dxfLooks();
    return rules.every((rule) => {
      const a = attributesOf(`<cfRule ${rule[1] ?? ""}>`);
      const formula = unescapeXml(
        /<(?:\w+:)?formula>([\s\S]*?)<\/(?:\w+:)?formula>/.exec(rule[2] ?? "")?.[1] ?? ""
      );
      const m = BEGINS_WITH.exec(formula);
      const beginsWith =
        a.get("type") === "containsText" &&
        a.get("operator") === "beginsWith" &&
        a.get("text") !== undefined
          ? a.get("text")
          : m
            ? m[2]!.slice(1, -1).replace(/""/g, '"')
            : undefined;
      const look = looks[Number(a.get("dxfId"))];
      return isOwnFormatLook({ beginsWith, fill: look?.fill, font: look?.font });
    });
  };

  const maxPriority = (sheet: SheetXml): number => {
    let max = 0;
    for (const child of [
      ...sheet.childrenNamed("conditionalFormatting"),
      ...sheet.childrenNamed("extLst"),
    ])
      for (const m of child.xml.matchAll(/\bpriority="(\d+)"/g)) max = Math.max(max, Number(m[1]));
    return max;
  };

  /**
   * The style a new cell takes, as Excel gives a typed cell: its row's, if the
   * row has one, else its column's. The column styles are read once a sheet.
   */
  const newCellStyles = (
    sheet: SheetXml
  ): ((row: number, column: number) => string | undefined) => {
    const columns: { min: number; max: number; style: string }[] = [];
    for (const cols of sheet.childrenNamed("cols"))
      for (const m of cols.xml.matchAll(/<(?:\w+:)?col\b([^>]*?)\/?>/g)) {
        const a = attributesOf(`<col ${m[1] ?? ""}>`);
        const style = a.get("style");
        if (style !== undefined)
          columns.push({ min: Number(a.get("min")) - 1, max: Number(a.get("max")) - 1, style });
      }
    const rows = new Map<number, string | undefined>();
    return (row, column) => {
      if (!rows.has(row)) {
        const tag = sheet.rowTag(row);
        const a = tag ? attributesOf(tag) : undefined;
        const custom = a?.get("customFormat");
        rows.set(row, custom === "1" || custom === "true" ? a?.get("s") : undefined);
      }
      return rows.get(row) ?? columns.find((c) => c.min <= column && column <= c.max)?.style;
    };
  };

  const clearCell = (
    sheet: SheetXml,
    row: number,
    column: number,
    mergedAway: (r: number, c: number) => boolean
  ): void => {
    const xml = sheet.cell(row, column);
    if (xml === undefined || mergedAway(row, column) || !hasContent(xml)) return;
    sheet.setCell(row, column, emptyCell(sheet.prefix, row, column, cellStyle(xml)));
  };

  const mergedAwayOf = (sheet: SheetXml): ((r: number, c: number) => boolean) => {
    const merges = sheet.childrenNamed("mergeCells").flatMap((c) => PackageBook.mergesOf(c.xml));
    if (merges.length === 0) return () => false;
    return (r, c) =>
      merges.some(
        (m) =>
          r >= m.top &&
          r <= m.bottom &&
          c >= m.left &&
          c <= m.right &&
          (r !== m.top || c !== m.left)
      );
  };

  const applySheetPlan = (edit: PackageEdit, part: PartName, plan: SheetPlan): void => {
    const sheet = edit.sheetXml(part);
    if (plan.removeConditionalFormats.length > 0) {
      const kept = sheet
        .childrenNamed("conditionalFormatting")
        .filter((c) => !isOwnConditionalFormat(c.xml, plan.removeConditionalFormats))
        .map((c) => c.xml);
      if (kept.length !== sheet.childrenNamed("conditionalFormatting").length)
        sheet.setChildren("conditionalFormatting", kept);
    }
    let mergedAway = mergedAwayOf(sheet);
    const newCellStyle = newCellStyles(sheet);
    for (const range of plan.clearRanges)
      for (const row of sheet.rowIndexes()) {
        if (row < range.top || row > range.bottom) continue;
        const cells = sheet.row(row)!.cells;
        for (const column of [...cells.keys()])
          if (column >= range.left && column <= range.right)
            clearCell(sheet, row, column, mergedAway);
      }
    const books = {
      sheets: book.worksheets().map((s) => ({ name: s.name, part: s.part })),
      workbookPart: book.workbookPart,
    };
    for (const d of [...plan.deleteColumns].sort((a, b) => b.at - a.at))
      spliceColumns(edit, books, plan.sheet, { kind: "delete", at: d.at, count: d.count });
    for (const ins of [...plan.insertColumns].sort((a, b) => b.at - a.at))
      spliceColumns(edit, books, plan.sheet, { kind: "insert", at: ins.at, count: ins.count });
    if (plan.deleteColumns.length + plan.insertColumns.length > 0) mergedAway = mergedAwayOf(sheet);

    for (const write of plan.writes) {
      const { top, left } = write.range;
      write.values.forEach((rowValues, i) =>
        rowValues.forEach((value, j) => {
          const row = top + i;
          const column = left + j;
          if (value === null) {
            clearCell(sheet, row, column, mergedAway);
            return;
          }
          if (mergedAway(row, column)) return;
          const existing = sheet.cell(row, column);
          const style = existing !== undefined ? cellStyle(existing) : newCellStyle(row, column);
          sheet.setInlineString(row, column, value, style);
        })
      );
    }

    if (plan.conditionalFormats.length > 0) {
      let priority = maxPriority(sheet);
      const formats = [
        ...sheet.childrenNamed("conditionalFormatting").map((c) => c.xml),
        ...plan.conditionalFormats.map((cf) => conditionalFormatXml(sheet, cf, ++priority)),
      ];
      sheet.setChildren("conditionalFormatting", formats);
    }
    if (plan.removeNotes.length > 0 || plan.notes.length > 0)
      editNotes(
        edit,
        part,
        sheet,
        plan.removeNotes,
        plan.notes.map((n) => ({ cell: n.cell, text: n.text }))
      );
    updateDimension(sheet);
  };

  /** A new worksheet part, in the workbook's tabs (at `beforeIndex`, or last), with `state`. */
  const addSheetPart = (
    edit: PackageEdit,
    name: string,
    xml: string,
    state: SheetState,
    beforeIndex?: number
  ): PartName => {
    const part = freePartName(book.pkg, "xl/worksheets/sheet", ".xml");
    book.pkg.set(part, xml);
    const relId = addRelationship(book.pkg, book.workbookPart, REL.worksheet, part);
    setContentType(book.pkg, part, CONTENT_TYPE.worksheet);
    // The relationship was written to the package directly: re-read it before adding the sheet.
    book.workbook = new WorkbookXml(book.pkg, book.workbookPart, book.workbook.toString());
    book.workbook.addSheet(name, relId, state, beforeIndex);
    edit.drop(part);
    return part;
  };

  const deleteSheet = (edit: PackageEdit, name: string): void => {
    const sheet = book.worksheets().find((s) => s.name === name);
    if (!sheet) return;
    book.workbook.removeSheet(name);
    removeRelationships(book.pkg, book.workbookPart, new Set([sheet.relId]));
    for (const rel of readRelationships(book.pkg, sheet.part))
      if (rel.part && !rel.external && /comments|vmlDrawing|table/i.test(rel.type)) {
        book.pkg.delete(rel.part);
        removeContentType(book.pkg, rel.part);
      }
    book.pkg.delete(relsPartOf(sheet.part));
    book.pkg.delete(sheet.part);
    removeContentType(book.pkg, sheet.part);
    edit.drop(sheet.part);
    book.workbook = new WorkbookXml(book.pkg, book.workbookPart, book.workbook.toString());
  };

  const stateSheetXml = (cells: readonly string[]): string => {
    const rows = cells
      .map((text, i) => `<row r="${i + 1}">${inlineStringCell("", i, 0, text, undefined)}</row>`)
      .join("");
    return worksheetXml({ sheetData: rows });
  };

  const applyState = (edit: PackageEdit, cells: readonly string[] | null): void => {
    const existing = book.worksheets().find((s) => s.name === STATE_SHEET);
    if (cells === null) {
      if (existing) deleteSheet(edit, STATE_SHEET);
      return;
    }
    if (!existing) {
      addSheetPart(edit, STATE_SHEET, stateSheetXml(cells), "veryHidden");
      return;
    }
    // LibreOffice saves a very hidden sheet as merely hidden: put it back out of the user's way.
    if (existing.state !== "veryHidden") book.workbook.setSheetState(STATE_SHEET, "veryHidden");
    const sheet = edit.sheetXml(existing.part);
    for (const row of sheet.allRows())
      for (const column of [...row.cells.keys()])
        if (column === 0) sheet.setCell(row.index, 0, undefined);
    cells.forEach((text, i) =>
      sheet.setCell(i, 0, inlineStringCell(sheet.prefix, i, 0, text, undefined))
    );
  };

  const applyPlan = (plan: WritePlan, deleteSheets: readonly string[]): void => {
    const edit = new PackageEdit(book.pkg);
    const byName = sheetsByName();
    for (const sheetPlan of plan.sheets) {
      const sheet = byName.get(sheetPlan.sheet);
      if (!sheet) throw new Error(`The workbook has no sheet named "${sheetPlan.sheet}".`);
      applySheetPlan(edit, sheet.part, sheetPlan);
      options.onSheet?.(sheetPlan.sheet, "updated");
    }
    edit.commit();
    book.workbook.replaceNames(
      isOwnedName,
      plan.names.map((n) => ({ name: n.name, formula: nameReference(n.sheet, n.range) }))
    );
    for (const name of deleteSheets) deleteSheet(edit, name);
    applyState(edit, plan.stateCells);
    edit.commit();
    if (plan.sheets.every((s) => s.conditionalFormats.length === 0)) dropUnusedOwnDxfs();
    commitWorkbook(edit);
  };

  /**
   * After a clear, the colours the tool added to styles.xml for its rules go
   * too, where nothing refers to them any more: the user's own rules, table
   * and slicer styles and pivot formats all name a dxf by index, in any part.
   */
  const dropUnusedOwnDxfs = (): void => {
    const used = new Set<number>();
    const collect = (xml: string): void => {
      for (const m of xml.matchAll(/[dD]xfId="(\d+)"/g)) used.add(Number(m[1]));
    };
    collect(book.styles.toString());
    for (const part of book.pkg.names())
      if (/\.xml$/i.test(part) && part !== book.stylesPart) collect(book.pkg.text(part) ?? "");
    book.styles.dropTrailingDxfs(
      (index, look) =>
        !used.has(index) && isOwnFormatLook({ beginsWith: "", fill: look.fill, font: look.font })
    );
  };

  const runsXml = (
    prefix: string,
    runs: readonly CellRun[],
    styleOf: (row: number, column: number) => number
  ): Map<number, Map<number, string>> => {
    const rows = new Map<number, Map<number, string>>();
    for (const run of runs)
      run.values.forEach((text, i) => {
        const row = run.row;
        const column = run.column + i;
        let cells = rows.get(row);
        if (!cells) rows.set(row, (cells = new Map()));
        const s = styleOf(row, column);
        const address = cellAddress(row, column);
        if (run.kind === "formula") {
          const result = findingsLinkText(text);
          const value =
            result === undefined ? "" : `<${prefix}v>${escapeText(result)}</${prefix}v>`;
          cells.set(
            column,
            `<${prefix}c r="${address}"${s ? ` s="${s}"` : ""}${result === undefined ? "" : ' t="str"'}><${prefix}f>${escapeText(text.replace(/^=/, ""))}</${prefix}f>${value}</${prefix}c>`
          );
          return;
        }
        cells.set(
          column,
          text === ""
            ? `<${prefix}c r="${address}"${s ? ` s="${s}"` : ""}/>`
            : inlineStringCell(prefix, row, column, text, s ? String(s) : undefined)
        );
      });
    return rows;
  };

  const putSheet = (write: SheetWrite): void => {
    const edit = new PackageEdit(book.pkg);
    const text = book.styles.cellStyle({ bold: false, text: true });
    const boldText = book.styles.cellStyle({ bold: true, text: true });
    const bold = book.styles.cellStyle({ bold: true, text: false });
    const rows = runsXml("", write.runs, (row, column) =>
      row === 0 && column < write.headerWidth
        ? write.runs.some(
            (r) =>
              r.kind === "text" &&
              r.row === row &&
              column >= r.column &&
              column < r.column + r.values.length
          )
          ? boldText
          : bold
        : write.runs.some(
              (r) =>
                r.kind === "text" &&
                r.row === row &&
                column >= r.column &&
                column < r.column + r.values.length
            )
          ? text
          : 0
    );
    for (let c = 0; c < write.headerWidth; c++) {
      let cells = rows.get(0);
      if (!cells) rows.set(0, (cells = new Map()));
      if (!cells.has(c)) cells.set(c, `<c r="${cellAddress(0, c)}" s="${bold}"/>`);
    }
    const sheetData = [...rows.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(
        ([r, cells]) =>
          `<row r="${r + 1}">${[...cells.entries()]
            .sort((a, b) => a[0] - b[0])
            .map(([, xml]) => xml)
            .join("")}</row>`
      )
      .join("");
    const cols = write.widths
      .map((width, i) => `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`)
      .join("");
    let priority = 0;
    const stub = new SheetXml(worksheetXml({ sheetData: "" }));
    const formats = (write.conditionalFormats ?? []).map((f) =>
      conditionalFormatXml(stub, f, ++priority)
    );
    const print = write.print;
    const xml = worksheetXml({
      sheetPr: print ? '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' : "",
      sheetViews:
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
      cols: cols ? `<cols>${cols}</cols>` : "",
      sheetData,
      conditionalFormatting: formats.join(""),
      pageSetup: print
        ? `<pageSetup paperSize="9" orientation="${print.orientation}" fitToWidth="${print.fitToPagesWide}" fitToHeight="${print.fitToPagesTall}"/>`
        : "",
    });
    const existing = write.replace
      ? book.worksheets().find((s) => s.name === write.name)
      : undefined;
    let index: number;
    if (existing) {
      book.pkg.set(existing.part, xml);
      book.pkg.delete(relsPartOf(existing.part));
      edit.drop(existing.part);
      index = book.worksheets().findIndex((s) => s.name === write.name);
    } else {
      addSheetPart(edit, write.name, xml, "visible");
      index = book.workbook.sheets().findIndex((s) => s.name === write.name);
    }
    if (print?.repeatHeaderRow)
      book.workbook.setLocalName("_xlnm.Print_Titles", index, `${quoteSheet(write.name)}!$1:$1`);
    commitWorkbook(edit);
  };

  return {
    async transaction(work) {
      return work({
        read: async (): Promise<WorkbookSnapshot> => {
          book.warnings.length = 0;
          return book.snapshot((name) => options.onSheet?.(name, "read"));
        },
        apply: async (plan, deleteSheets) => applyPlan(plan, deleteSheets),
      });
    },
    readState: async () => book.state(),
    async updateState(next) {
      const edit = new PackageEdit(book.pkg);
      applyState(edit, next(await book.state()));
      commitWorkbook(edit);
    },
    async sheetHeads(firstRowOf) {
      const heads = [];
      for (const sheet of book.worksheets()) {
        if (!firstRowOf.test(sheet.name)) {
          heads.push({ name: sheet.name, firstRow: [] });
          continue;
        }
        const cells = await book.cells(sheet, true);
        const first = cells.values[0] ?? [];
        const firstRow: CellScalar[] = [];
        for (let c = 0; c < SHEET_HEAD_WIDTH; c++) firstRow.push(first[c] ?? null);
        heads.push({ name: sheet.name, firstRow });
      }
      return heads;
    },
    async editSheet(name, edit) {
      const existing = book.worksheets().find((s) => s.name === name);
      const cells = existing ? await book.cells(existing) : undefined;
      const { write, result } = edit(
        cells && { origin: { row: 0, column: 0 }, values: cells.values }
      );
      if (!write) return result;
      const packageEdit = new PackageEdit(book.pkg);
      const part =
        existing?.part ??
        addSheetPart(packageEdit, name, worksheetXml({ sheetData: "" }), "visible");
      const sheet = packageEdit.sheetXml(part);
      const text = book.styles.cellStyle({ bold: false, text: true });
      const boldText = book.styles.cellStyle({ bold: true, text: true });
      const isBold = (r: number, c: number): boolean =>
        write.bold !== undefined &&
        r >= write.bold.top &&
        r <= write.bold.bottom &&
        c >= write.bold.left &&
        c <= write.bold.right;
      const rows = runsXml(sheet.prefix, write.runs, (r, c) => (isBold(r, c) ? boldText : text));
      for (const [r, cellsOfRow] of rows)
        for (const [c, xml] of cellsOfRow) sheet.setCell(r, c, xml);
      if (write.bold)
        for (let r = write.bold.top; r <= write.bold.bottom; r++)
          for (let c = write.bold.left; c <= write.bold.right; c++)
            if (!rows.get(r)?.has(c)) {
              const xml = sheet.cell(r, c);
              sheet.setCell(
                r,
                c,
                xml
                  ? xml
                      .replace(/\ss="[^"]*"/, "")
                      .replace(/^<(\w+:)?c\b/, `$&` + ` s="${boldText}"`)
                  : `<${sheet.prefix}c r="${cellAddress(r, c)}" s="${boldText}"/>`
              );
            }
      updateDimension(sheet);
      commitWorkbook(packageEdit);
      return result;
    },
    async putSheet(write) {
      putSheet(write);
    },
    async selectCell(sheet, cell) {
      if (!book.worksheets().some((s) => s.name === sheet))
        throw new Error(`There is no sheet named "${sheet}" to select ${cell} on.`);
    },
  };
}

function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name)
    ? name
    : `'${name.replace(/'/g, "''")}'`;
}

/** A worksheet part from its elements, in the schema's order. */
function worksheetXml(parts: {
  sheetPr?: string;
  sheetViews?: string;
  cols?: string;
  sheetData: string;
  conditionalFormatting?: string;
  pageSetup?: string;
}): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    (parts.sheetPr ?? "") +
    (parts.sheetViews ?? "") +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    (parts.cols ?? "") +
    (parts.sheetData ? `<sheetData>${parts.sheetData}</sheetData>` : "<sheetData/>") +
    (parts.conditionalFormatting ?? "") +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    (parts.pageSetup ?? "") +
    "</worksheet>"
  );
}

/** `<dimension ref>` set to the cells the sheet now spans (Excel reads it as a hint of the used range; other readers trust it). */
function updateDimension(sheet: SheetXml): void {
  const used = sheet.usedRange();
  const dims = sheet.childrenNamed("dimension");
  const ref = used ? rangeAddress(used) : "A1";
  const xml = `<${sheet.q("dimension")} ref="${escapeAttribute(ref)}"/>`;
  const old = dims[0] ? (attributesOf(dims[0].xml).get("ref") ?? "") : undefined;
  if (
    old === ref ||
    (old !== undefined &&
      rangeAddress(parseRange(old) ?? { top: -1, left: -1, bottom: -1, right: -1 }) === ref)
  )
    return;
  sheet.setChildren("dimension", [xml]);
}
