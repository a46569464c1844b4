import type { CellRange } from "../../workbook/address";
import { parseRange } from "../../workbook/address";
import { isOwnedName } from "../../workbook/ownership";
import type {
  DefinedNameSnapshot,
  ListObjectSnapshot,
  SheetSnapshot,
  WorkbookSnapshot,
} from "../../workbook/snapshot";
import { STATE_SHEET } from "../../workbook/state";
import { PackageProblem, type PartName, type XlsxPackage } from "./archive";
import { PackageEdit } from "./edit";
import { readNotes } from "./notes";
import {
  readSharedStrings,
  readSheetCells,
  SheetReadProblem,
  type ReaderWarning,
  type SheetCellsRead,
} from "./read-sheet";
import { isRelType, readRelationships, REL } from "./relationships";
import { StylesXml } from "./styles-xml";
import { WorkbookXml, workbookPartOf, type WorkbookSheet } from "./workbook-xml";
import { wellFormedProblem } from "./well-formed";
import { attributesOf, rootElement, XmlShapeError } from "./xml";

/*
 * A workbook read from its package: the parts that say what the sheets are
 * (workbook, styles, shared strings), read once, and each sheet's snapshot
 * read from its own XML when asked for.
 */

/** A workbook part could not be understood: the message names the part. */
export class BookProblem extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BookProblem";
  }
}

function partProblem(part: PartName, cause: unknown): BookProblem {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new BookProblem(`its part ${part} could not be read: ${detail}`, { cause });
}

export class PackageBook {
  readonly pkg: XlsxPackage;
  readonly workbookPart: PartName;
  workbook: WorkbookXml;
  styles: StylesXml;
  readonly stylesPart: PartName | undefined;
  readonly sharedStringsPart: PartName | undefined;
  private strings: readonly string[] | undefined;
  readonly warnings: ReaderWarning[] = [];

  private constructor(
    pkg: XlsxPackage,
    workbookPart: PartName,
    workbook: WorkbookXml,
    styles: StylesXml,
    stylesPart: PartName | undefined,
    sharedStringsPart: PartName | undefined
  ) {
    this.pkg = pkg;
    this.workbookPart = workbookPart;
    this.workbook = workbook;
    this.styles = styles;
    this.stylesPart = stylesPart;
    this.sharedStringsPart = sharedStringsPart;
  }

  /** Reads the workbook, styles and relationships of a package (not yet any sheet). */
  static async open(pkg: XlsxPackage): Promise<PackageBook> {
    for (const name of pkg.names())
      if (name === "[Content_Types].xml" || name.endsWith(".rels")) checkWellFormed(pkg, name);
    const workbookPart = workbookPartOf(pkg);
    if (workbookPart === undefined || !pkg.has(workbookPart))
      throw new BookProblem("it has no xl/workbook.xml, the part that lists the sheets");
    checkWellFormed(pkg, workbookPart);
    let workbook: WorkbookXml;
    try {
      workbook = new WorkbookXml(pkg, workbookPart, pkg.text(workbookPart)!);
    } catch (cause) {
      if (cause instanceof PackageProblem) throw cause;
      throw partProblem(workbookPart, cause);
    }
    const rels = readRelationships(pkg, workbookPart);
    // By relationship, as Excel finds them; by their usual names when a writer left that out.
    const stylesPart =
      rels.find((r) => isRelType(r.type, REL.styles))?.part ?? pkg.resolve("xl/styles.xml");
    const stringsPart =
      rels.find((r) => isRelType(r.type, REL.sharedStrings))?.part ??
      pkg.resolve("xl/sharedStrings.xml");
    if (stylesPart && pkg.has(stylesPart)) checkWellFormed(pkg, pkg.resolve(stylesPart)!);
    let styles: StylesXml;
    try {
      styles = new StylesXml(stylesPart && pkg.has(stylesPart) ? pkg.text(stylesPart) : undefined);
    } catch (cause) {
      if (cause instanceof PackageProblem) throw cause;
      throw partProblem(stylesPart ?? "xl/styles.xml", cause);
    }
    const book = new PackageBook(
      pkg,
      workbookPart,
      workbook,
      styles,
      stylesPart && pkg.has(stylesPart) ? pkg.resolve(stylesPart) : undefined,
      stringsPart && pkg.has(stringsPart) ? pkg.resolve(stringsPart) : undefined
    );
    return book;
  }

  /** Whether the workbook is macro-enabled (its content type is `…macroEnabled.main+xml`): an .xlsm. */
  isMacroEnabled(): boolean {
    return /macroEnabled\.main\+xml/i.test(this.pkg.text("[Content_Types].xml") ?? "");
  }

  /** The worksheets (not chart sheets) in tab order, with their parts. */
  worksheets(): (WorkbookSheet & { part: PartName })[] {
    return this.workbook
      .sheets()
      .filter(
        (s): s is WorkbookSheet & { part: PartName } =>
          s.isWorksheet && s.part !== undefined && this.pkg.has(s.part)
      )
      .map((s) => ({ ...s, part: this.pkg.resolve(s.part)! }));
  }

  async sharedStrings(): Promise<readonly string[] | undefined> {
    if (this.strings === undefined && this.sharedStringsPart !== undefined) {
      try {
        this.strings = await readSharedStrings(this.pkg, this.sharedStringsPart);
      } catch (cause) {
        if (cause instanceof PackageProblem || cause instanceof SheetReadProblem) throw cause;
        throw partProblem(this.sharedStringsPart, cause);
      }
    }
    return this.strings;
  }

  /** A sheet's cells as the reader sees them (after any edit committed to the package). */
  async cells(
    sheet: { name: string; part: PartName },
    firstRowOnly = false
  ): Promise<SheetCellsRead> {
    const sharedStrings = await this.sharedStrings();
    return readSheetCells(this.pkg, {
      sheet: sheet.name,
      part: sheet.part,
      sharedStrings,
      ...(this.sharedStringsPart ? { sharedStringsPart: this.sharedStringsPart } : {}),
      numberFormats: this.styles.numberFormats(),
      warnings: firstRowOnly ? [] : this.warnings,
      firstRowOnly,
    });
  }

  /** The Excel tables on a sheet. */
  tables(part: PartName): ListObjectSnapshot[] {
    return readRelationships(this.pkg, part)
      .filter((r) => isRelType(r.type, REL.table) && r.part !== undefined && this.pkg.has(r.part))
      .flatMap((r) => {
        const xml = this.pkg.text(r.part!)!;
        let a: Map<string, string>;
        try {
          a = attributesOf(rootElement(xml).span.tag);
        } catch (cause) {
          if (cause instanceof XmlShapeError) throw partProblem(r.part!, cause);
          throw cause;
        }
        const range = parseRange(a.get("ref") ?? "");
        if (!range) return [];
        return [
          {
            name: a.get("name") ?? a.get("displayName") ?? "",
            range,
            showHeaders: a.get("headerRowCount") !== "0",
          },
        ];
      });
  }

  /** One sheet's snapshot. */
  async snapshotSheet(sheet: { name: string; part: PartName }): Promise<SheetSnapshot> {
    for (const rel of readRelationships(this.pkg, sheet.part))
      if (
        !rel.external &&
        rel.part !== undefined &&
        !this.pkg.has(rel.part) &&
        /\/(comments|vmlDrawing|table|drawing)$/.test(rel.type)
      )
        throw new BookProblem(
          `sheet "${sheet.name}" (${sheet.part}) could not be read: it refers to a part the file lacks (${rel.part})`
        );
    const cells = await this.cells(sheet);
    const notes = readNotes(new PackageEdit(this.pkg), sheet.part);
    return {
      name: sheet.name,
      origin: { row: 0, column: 0 },
      values: cells.values,
      numberFormats: cells.numberFormats,
      formulas: cells.formulas,
      merged: cells.merged,
      hiddenRows: cells.hiddenRows,
      hiddenColumns: cells.hiddenColumns,
      tables: this.tables(sheet.part),
      notedCells: notes.map((n) => n.cell),
      notes: notes.map((n) => ({ cell: n.cell, text: n.text })),
    };
  }

  /** The add-in's saved state: column A of its very hidden sheet, joined. */
  async state(): Promise<string | undefined> {
    const sheet = this.worksheets().find((s) => s.name === STATE_SHEET);
    if (!sheet) return undefined;
    const cells = await this.cells(sheet);
    return cells.values
      .map((row) => row[0])
      .filter((v): v is string => typeof v === "string")
      .join("");
  }

  /** The add-in's names as the file has them (workbook-scoped only: a copied sheet's twins are not ours). */
  ownedNames(): DefinedNameSnapshot[] {
    return this.workbook
      .definedNames()
      .filter((n) => isOwnedName(n.name) && n.localSheetId === undefined)
      .map((n) => ({ name: n.name, formula: hasSeveralAreas(n.formula) ? "" : n.formula }));
  }

  /** Every worksheet's snapshot, the state and the names; `onSheet` is told after each sheet. */
  async snapshot(onSheet?: (name: string) => void): Promise<WorkbookSnapshot> {
    const sheets: SheetSnapshot[] = [];
    for (const sheet of this.worksheets()) {
      sheets.push(await this.snapshotSheet(sheet));
      onSheet?.(sheet.name);
    }
    const stateSheet = sheets.find((s) => s.name === STATE_SHEET);
    const state =
      stateSheet &&
      stateSheet.values
        .map((row) => row[0])
        .filter((v): v is string => typeof v === "string")
        .join("");
    const names = this.ownedNames();
    return state === undefined ? { sheets, names } : { sheets, state, names };
  }

  /** The merged ranges of a sheet part now (after edits committed). */
  static mergesOf(xml: string): CellRange[] {
    const out: CellRange[] = [];
    const re = /<(?:\w+:)?mergeCell\b[^>]*\bref="([^"]*)"/g;
    for (let m = re.exec(xml); m; m = re.exec(xml)) {
      const range = parseRange(m[1]!);
      if (range) out.push(range);
    }
    return out;
  }
}

/** A structural part that is not well-formed XML is refused, naming it. */
function checkWellFormed(pkg: XlsxPackage, part: PartName): void {
  const text = pkg.text(part);
  if (text === undefined) return;
  const problem = wellFormedProblem(text);
  if (problem !== undefined)
    throw new BookProblem(`its part ${part} could not be read: ${problem}`);
}

/** `'A'!$A$1:$B$2,'A'!$D$1`: more than one area (a comma outside quotes). */
function hasSeveralAreas(formula: string): boolean {
  let quoted = false;
  for (const ch of formula) {
    if (ch === "'") quoted = !quoted;
    else if (ch === "," && !quoted) return true;
  }
  return false;
}
