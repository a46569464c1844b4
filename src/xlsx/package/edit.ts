import type { PartName, XlsxPackage } from "./archive";
import { SheetXml } from "./sheet-xml";

/*
 * One round of edits to a package: the parts being changed are parsed once,
 * edited in memory by whoever needs them (cells, notes, column moves, names),
 * and written back into the package together by `commit`. A part nobody
 * asked for stays as the file stored it.
 */

/** A worksheet of the workbook, in tab order. */
export interface SheetRef {
  readonly name: string;
  /** Its part, `xl/worksheets/sheet1.xml`. */
  readonly part: PartName;
}

export class PackageEdit {
  readonly pkg: XlsxPackage;
  private readonly sheetParts = new Map<PartName, SheetXml>();
  private readonly texts = new Map<PartName, string>();

  constructor(pkg: XlsxPackage) {
    this.pkg = pkg;
  }

  /** The worksheet part, parsed (once) for editing. */
  sheetXml(part: PartName): SheetXml {
    let sheet = this.sheetParts.get(part);
    if (!sheet) {
      const text = this.pkg.text(part);
      if (text === undefined) throw new Error(`The package has no part ${part}.`);
      sheet = new SheetXml(text);
      this.sheetParts.set(part, sheet);
    }
    return sheet;
  }

  /** Whether the worksheet part has been opened for editing. */
  isOpen(part: PartName): boolean {
    return this.sheetParts.has(part);
  }

  /** Puts a new worksheet part (a sheet the tool adds) under edit. */
  addSheetXml(part: PartName, sheet: SheetXml): void {
    this.sheetParts.set(part, sheet);
  }

  /** Another part's text, as edited so far (undefined when there is no such part). */
  text(part: PartName): string | undefined {
    return this.texts.get(part) ?? this.pkg.text(part);
  }

  /** Replaces another part's text; written by `commit`. */
  setText(part: PartName, text: string): void {
    this.texts.set(part, text);
  }

  /** Forgets a part opened here (it was deleted from the package). */
  drop(part: PartName): void {
    this.sheetParts.delete(part);
    this.texts.delete(part);
  }

  /** Writes every edited part into the package (unchanged text is not written, so it stays byte for byte). */
  commit(): void {
    for (const [part, sheet] of this.sheetParts) {
      // A sheet only read is not written: its part stays as the file stored it.
      if (!sheet.isChanged && this.pkg.has(part)) continue;
      // Made from its pieces when the package is written (a large sheet never held whole,
      // as text or bytes: the sheet, which is that text, edits and all, is kept instead). A
      // part still as the file stored it is what the sheet was read from: compared with
      // that, not unpacked again.
      const pieces = (): Iterable<string> => sheet.pieces();
      if (!this.pkg.has(part)) this.pkg.setPieces(part, pieces);
      else if (!this.pkg.isChanged(part)) {
        if (!isText(pieces(), sheet.source)) this.pkg.setPieces(part, pieces);
      } else {
        const text = [...pieces()].join("");
        if (this.pkg.text(part) !== text) this.pkg.set(part, text);
      }
    }
    for (const [part, text] of this.texts)
      if (this.pkg.text(part) !== text) this.pkg.set(part, text);
    this.sheetParts.clear();
    this.texts.clear();
  }
}

/** Whether `pieces` joined are `text`, without joining them (stopping at the first difference). */
function isText(pieces: Iterable<string>, text: string): boolean {
  let at = 0;
  for (const piece of pieces) {
    if (!text.startsWith(piece, at)) return false;
    at += piece.length;
  }
  return at === text.length;
}
