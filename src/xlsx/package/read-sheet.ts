import { StringDecoder } from "node:string_decoder";
import { cellAddress, parseRange, type CellRange } from "../../workbook/address";
import type { CellScalar } from "../../workbook/snapshot";
import type { PartName, XlsxPackage } from "./archive";
import { wellFormedChecker } from "./well-formed";
import { unescapeXml } from "./xml";

/*
 * Reading a worksheet's cells straight from its XML, as it inflates: rows are
 * scanned out of each piece of text as soon as they are complete, so memory
 * holds the cells kept, not the sheet's XML. The scanner reads only what the
 * snapshot needs (`<row>`, `<c>`, `<v>`, `<f>`, `<is>`, `<col>`,
 * `<mergeCell>`); it is a tokenizer over well-formed SpreadsheetML, not a
 * validating parser: the writer re-reads a part it edits with the full
 * element walker of xml.ts.
 */

/** A cell the reader kept as text, or could not read a result of: named by sheet and cell. */
export interface ReaderWarning {
  readonly sheet: string;
  readonly cell: string;
  readonly message: string;
}

/** A cell that cannot be read: the message names the sheet and cell. */
export class SheetReadProblem extends Error {
  /** The message is whole as it is (`damaged` false), or says what in a damaged file could not be read. */
  readonly damaged: boolean;
  constructor(message: string, damaged: boolean) {
    super(message);
    this.name = "SheetReadProblem";
    this.damaged = damaged;
  }
}

export interface SheetCellsRead {
  readonly values: CellScalar[][];
  readonly numberFormats: string[][];
  readonly formulas: string[][];
  readonly merged: CellRange[];
  readonly hiddenRows: number[];
  readonly hiddenColumns: number[];
}

export interface SheetReadContext {
  readonly sheet: string;
  readonly part: PartName;
  readonly sharedStrings: readonly string[] | undefined;
  /** The shared strings part's name, for messages (`xl/sharedStrings.xml`). */
  readonly sharedStringsPart?: PartName;
  /** Each cell style's number format (`s` index). */
  readonly numberFormats: readonly string[];
  readonly warnings: ReaderWarning[];
  /** Stop after the first row (a sheet's head, for `sheetHeads`). */
  readonly firstRowOnly?: boolean;
}

const EXCEL_EPOCH_DAYS = 25569;
const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;

function quoted(text: string): string {
  const t = text.trim();
  return `"${t.length > 40 ? `${t.slice(0, 40)}…` : t}"`;
}

/** The text of the `<t>` elements of an `<is>` or `<si>`, phonetic runs (`<rPh>`) left out. */
export function runText(xml: string): string {
  const body = xml.includes("rPh") ? xml.replace(/<(\w+:)?rPh\b[\s\S]*?<\/(\w+:)?rPh>/g, "") : xml;
  let out = "";
  const re = /<(?:\w+:)?t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g;
  for (let m = re.exec(body); m; m = re.exec(body)) out += m[1] ?? "";
  return unescapeXml(out);
}

/** Reads the shared strings part (`<sst>`), as it inflates. */
export async function readSharedStrings(pkg: XlsxPackage, part: PartName): Promise<string[]> {
  const strings: string[] = [];
  const decoder = new StringDecoder("utf8");
  let pending = "";
  const take = (final: boolean): void => {
    let at = 0;
    for (;;) {
      const open = pending.indexOf("<", at);
      if (open < 0 || (!final && open + 12 > pending.length)) break;
      const m = /^<(\w+:)?si(?=[\s/>])/.exec(pending.slice(open, open + 12));
      if (!m) {
        at = open + 1;
        continue;
      }
      const tagEnd = pending.indexOf(">", open);
      if (tagEnd < 0) break;
      if (pending[tagEnd - 1] === "/") {
        strings.push("");
        at = tagEnd + 1;
        continue;
      }
      const closeTag = `</${m[1] ?? ""}si>`;
      const close = pending.indexOf(closeTag, tagEnd);
      if (close < 0) break;
      strings.push(detach(runText(pending.slice(tagEnd + 1, close))));
      at = close + closeTag.length;
    }
    pending = final ? "" : pending.slice(at);
  };
  const check = wellFormedChecker();
  for await (const chunk of pkg.chunks(part)) {
    const text = decoder.write(chunk);
    check.write(text);
    pending += text;
    take(false);
  }
  const rest = decoder.end();
  check.write(rest);
  pending += rest;
  take(true);
  const problem = check.end();
  if (problem !== undefined)
    throw new SheetReadProblem(`its part ${part} could not be read: ${problem}`, true);
  return strings;
}

const ATTRIBUTE = /([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** A tag's attributes by local name; values as written (callers unescape what they show). */
function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  // The usual cell, ` r="B7" s="3" t="s"`: read by position, without the pattern.
  let at = 0;
  for (;;) {
    while (tag.charCodeAt(at) === 32) at++;
    if (at >= tag.length) return out;
    const eq = tag.indexOf('="', at);
    if (eq < 0) break;
    const name = tag.slice(at, eq);
    if (!/^[\w:]+$/.test(name)) break;
    const close = tag.indexOf('"', eq + 2);
    if (close < 0) break;
    out[name.slice(name.indexOf(":") + 1)] = tag.slice(eq + 2, close);
    at = close + 1;
  }
  // Anything else (single quotes, spaces around `=`, line breaks): the pattern.
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(tag); m; m = ATTRIBUTE.exec(tag)) {
    const name = m[1]!;
    out[name.slice(name.indexOf(":") + 1)] = m[2] ?? m[3] ?? "";
  }
  return out;
}

/**
 * The same text in a string of its own. A slice of 13 characters or more is
 * a view of the string it came from, and would keep the whole inflated chunk
 * of XML it was read from alive for as long as the snapshot holds the value.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : (" " + text).slice(1);
}

/** Whether a character code may be in an attribute's name (`\w` or `:`). */
function isNameCode(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 58) ||
    code === 95
  );
}

/**
 * Where a cell's `r`, `s` and `t` values lie in the row's text (start and end
 * offsets; -1 when absent): read in place, so no attribute is copied out of
 * the XML for the hot path of a sheet (two or three per cell).
 */
interface CellAttributes {
  rStart: number;
  rEnd: number;
  sStart: number;
  sEnd: number;
  tStart: number;
  tEnd: number;
}

/**
 * Fills `out` with where a cell's `r`, `s` and `t` values lie in
 * `text.slice(from, to)` (its start tag without the name and the `>`), when
 * the attributes are laid out as writers lay them (` r="B7" s="3" t="s"`:
 * single spaces, double quotes), as `attributes` would read them; false when
 * they are not, and `attributes` must read them.
 */
function cellAttributes(text: string, from: number, to: number, out: CellAttributes): boolean {
  out.rStart = out.sStart = out.tStart = -1;
  out.rEnd = out.sEnd = out.tEnd = -1;
  let at = from;
  for (;;) {
    while (at < to && text.charCodeAt(at) === 32) at++;
    if (at >= to) return true;
    let eq = at;
    let colon = -1;
    for (; eq < to; eq++) {
      const code = text.charCodeAt(eq);
      if (code === 58) {
        if (colon < 0) colon = eq;
      } else if (!isNameCode(code)) break;
    }
    if (eq === at || eq + 1 >= to || text.charCodeAt(eq) !== 61 || text.charCodeAt(eq + 1) !== 34)
      return false;
    const close = text.indexOf('"', eq + 2);
    if (close < 0 || close >= to) return false;
    const nameStart = colon < 0 ? at : colon + 1;
    if (eq - nameStart === 1) {
      const name = text.charCodeAt(nameStart);
      if (name === 114) {
        out.rStart = eq + 2;
        out.rEnd = close;
      } else if (name === 115) {
        out.sStart = eq + 2;
        out.sEnd = close;
      } else if (name === 116) {
        out.tStart = eq + 2;
        out.tEnd = close;
      }
    }
    at = close + 1;
  }
}

/** The digits `text.slice(from, to)` as a number, or -1 when it is empty or not only digits. */
function digitsAt(text: string, from: number, to: number): number {
  if (from >= to || to - from > 9) return -1;
  let n = 0;
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (code < 48 || code > 57) return -1;
    n = n * 10 + (code - 48);
  }
  return n;
}

/** The column (0-based) of the cell reference `text.slice(from, to)` (`B7`, `$AB$12`), or -1 when it is not one. */
function referenceColumn(text: string, from: number, to: number): number {
  let at = text.charCodeAt(from) === 36 ? from + 1 : from;
  let column = 0;
  const start = at;
  for (; at < to && at - start < 4; at++) {
    const code = text.charCodeAt(at) | 32;
    if (code < 97 || code > 122) break;
    column = column * 26 + (code - 96);
  }
  const letters = at - start;
  if (letters === 0 || letters > 3) return -1;
  if (at < to && text.charCodeAt(at) === 36) at++;
  if (at >= to) return -1;
  for (; at < to; at++) {
    const code = text.charCodeAt(at);
    if (code < 48 || code > 57) return -1;
  }
  return column - 1;
}

/**
 * Reads a worksheet part's cells, merges and hidden rows and columns.
 *
 * Cost: O(XML) time; memory O(cells kept + the longest row's XML).
 */
export async function readSheetCells(
  pkg: XlsxPackage,
  context: SheetReadContext
): Promise<SheetCellsRead> {
  const values: CellScalar[][] = [];
  const numberFormats: string[][] = [];
  const formulas: string[][] = [];
  const hiddenRows: number[] = [];
  const hiddenColumns: number[] = [];
  const merged: CellRange[] = [];
  const uncalculated: string[] = [];
  const masters = new Map<string, string>();
  const { sheet, sharedStrings, warnings } = context;
  const formats = context.numberFormats;

  let prefix: string | undefined;
  let inData = false;
  let afterData = false;
  let previousRow = -1;
  let done = false;
  const decoder = new StringDecoder("utf8");
  let pending = "";

  const problem = (message: string): never => {
    throw new SheetReadProblem(
      `sheet "${sheet}" (${context.part}) could not be read: ${message}`,
      true
    );
  };
  const stringsPart = context.sharedStringsPart ?? "xl/sharedStrings.xml";
  let missingStrings: { first: string; uses: number } | undefined;

  /**
   * Reads one cell into its row: `plain` is the text of a cell that is only a
   * `<v>…</v>` (most are), read by the caller without the patterns below;
   * otherwise `body` is the cell's content.
   */
  const readCell = (
    row: number,
    column: number,
    format: string,
    type: string | undefined,
    plain: string | undefined,
    body: string,
    rowValues: CellScalar[],
    rowFormats: string[],
    rowFormulas: string[]
  ): void => {
    let formula = "";
    let v: string | undefined;
    let inline: string | undefined;
    if (plain !== undefined) v = unescapeXml(plain);
    else if (body !== "") {
      const fm = /<(?:\w+:)?f\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?f>)/.exec(body);
      if (fm) {
        const fa = attributes(fm[1] ?? "");
        const text = unescapeXml(fm[2] ?? "");
        if (fa["t"] === "shared" && fa["si"] !== undefined) {
          // The master holds the text; the other cells of the group only its number.
          if (text !== "") masters.set(fa["si"], text);
          formula = detach(`=${text || (masters.get(fa["si"]) ?? "")}`);
        } else formula = detach(`=${text}`);
      }
      const vm = /<(?:\w+:)?v(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?v>)/.exec(body);
      if (vm) v = unescapeXml(vm[1] ?? "");
      if (type === "inlineStr") {
        const im = /<(?:\w+:)?is\b[^>]*>([\s\S]*?)<\/(?:\w+:)?is>/.exec(body);
        if (im) inline = runText(im[1]!);
      }
    }
    let value: CellScalar = null;
    switch (type) {
      case "s": {
        if (v === undefined || v === "") break;
        const index = Number(v);
        if (sharedStrings === undefined) {
          missingStrings ??= { first: cellAddress(row, column), uses: 0 };
          missingStrings.uses++;
          break;
        }
        const strings = sharedStrings;
        if (!Number.isInteger(index) || index < 0 || index >= strings.length)
          throw new SheetReadProblem(
            `sheet "${sheet}" cell ${cellAddress(row, column)} refers to shared string ${Number.isNaN(index) ? "(not a number)" : String(index)}, but ${stringsPart} has ${strings.length === 0 ? "none" : `only ${strings.length} (0 to ${strings.length - 1})`}`,
            false
          );
        value = strings[index]!;
        break;
      }
      case "inlineStr":
        value = inline ?? v ?? null;
        if (value !== null) value = detach(value);
        break;
      case "str":
        value = v === undefined ? (formula ? null : "") : detach(v);
        break;
      case "b":
        value = v === undefined || v === "" ? null : v === "1" || v.toLowerCase() === "true";
        break;
      case "e":
        value = v === undefined || v === "" ? null : detach(v);
        break;
      case "d": {
        if (v === undefined || v === "") break;
        const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
        if (Number.isNaN(ms)) {
          value = detach(v);
          warnings.push({
            sheet,
            cell: cellAddress(row, column),
            message: `${quoted(v)} is marked as a date (t="d") but is not one; kept as that text.`,
          });
        } else value = ms / 86400000 + EXCEL_EPOCH_DAYS;
        break;
      }
      default: {
        if (v === undefined || v.trim() === "") break;
        const n = Number(v);
        if (Number.isFinite(n)) value = n;
        else if (formula) {
          warnings.push({
            sheet,
            cell: cellAddress(row, column),
            message: `The formula's saved result ${quoted(v)} is not a number Excel can hold; it is left out (Excel recalculates it), so the cell has no value here.`,
          });
          v = "\u0000warned";
        } else {
          value = detach(v);
          warnings.push({
            sheet,
            cell: cellAddress(row, column),
            message: `${quoted(v)} is not a number Excel can hold (beyond ±1.8e308, or not a number at all); kept as that text, so it is not rated as a number.`,
          });
        }
      }
    }
    if (formula && (v === undefined || (v === "" && type !== "str")) && inline === undefined)
      uncalculated.push(cellAddress(row, column));
    while (rowValues.length < column) {
      rowValues.push(null);
      rowFormats.push("General");
      rowFormulas.push("");
    }
    rowValues[column] = value;
    rowFormats[column] = format;
    rowFormulas[column] = formula;
  };

  const cellAttrs: CellAttributes = {
    rStart: -1,
    rEnd: -1,
    sStart: -1,
    sEnd: -1,
    tStart: -1,
    tEnd: -1,
  };
  const readRow = (tag: string, body: string): void => {
    // The start tag's attributes, without its name and its `>` or `/>`.
    const attrs = attributes(
      tag.slice(prefix!.length + 4, tag.length - (tag.endsWith("/>") ? 2 : 1))
    );
    const r = attrs["r"];
    const row = r !== undefined && /^\d+$/.test(r) ? Number(r) - 1 : previousRow + 1;
    if (row >= MAX_ROW)
      throw new SheetReadProblem(
        `sheet "${sheet}" has a row numbered ${row + 1}, beyond Excel's last row (${MAX_ROW})`,
        false
      );
    previousRow = row;
    if (attrs["hidden"] === "1" || attrs["hidden"] === "true") hiddenRows.push(row);
    while (values.length < row) {
      values.push([]);
      numberFormats.push([]);
      formulas.push([]);
    }
    const rowValues: CellScalar[] = values[row] ?? [];
    const rowFormats: string[] = numberFormats[row] ?? [];
    const rowFormulas: string[] = formulas[row] ?? [];
    values[row] = rowValues;
    numberFormats[row] = rowFormats;
    formulas[row] = rowFormulas;
    let previousColumn = -1;
    let consumed = 0;
    const notCells = (gap: string): void => {
      // Between cells only white space or a row's extension list may come.
      if (gap.trim() !== "" && !/^\s*<(\w+:)?extLst\b[\s\S]*<\/(\w+:)?extLst>\s*$/.test(gap))
        problem(`row ${row + 1} is not well-formed XML near ${quoted(gap.trim().slice(0, 60))}`);
    };
    const cellOpen = `<${prefix}c`;
    const cellClose = `</${prefix}c>`;
    const openLength = cellOpen.length;
    const closeLength = cellClose.length;
    // Where the next `<c` is, when the well-formedness search below has found it already (-2: not known).
    let found = -2;
    for (
      let at = body.indexOf(cellOpen);
      at >= 0;
      at = found === -2 ? body.indexOf(cellOpen, at + 1) : found
    ) {
      found = -2;
      const after = body.charCodeAt(at + openLength);
      if (after !== 32 && after !== 62 && after !== 47) continue;
      if (at > consumed) notCells(body.slice(consumed, at));
      const tagClose = body.indexOf(">", at);
      if (tagClose < 0) problem(`row ${row + 1} has an unfinished cell`);
      const selfClosing = body.charCodeAt(tagClose - 1) === 47;
      const attrsFrom = at + openLength;
      const attrsTo = selfClosing ? tagClose - 1 : tagClose;
      let plain: string | undefined;
      let content = "";
      if (selfClosing) consumed = tagClose + 1;
      else {
        const from = tagClose + 1;
        const end = body.indexOf(cellClose, tagClose);
        // A cell not closed before the next one begins is not well-formed.
        const next = end < 0 ? -1 : body.indexOf(cellOpen, from);
        if (
          end < 0 ||
          (next >= 0 && next + openLength < end && /[\s>/]/.test(body[next + openLength]!))
        )
          problem(`row ${row + 1} is not well-formed XML near ${quoted(body.slice(at, at + 60))}`);
        // Past the cell's end (or none): the next cell's start, so it is not searched for twice.
        if (next < 0 || next >= end) found = next;
        if (
          end - from > 7 &&
          body.startsWith("<v>", from) &&
          body.startsWith("</v>", end - 4) &&
          body.indexOf("<", from + 3) === end - 4
        )
          plain = body.slice(from + 3, end - 4);
        else content = body.slice(from, end);
        consumed = end + closeLength;
      }
      at = consumed - 1;
      let ref: string | undefined;
      let column: number;
      let style: number;
      let type: string | undefined;
      if (cellAttributes(body, attrsFrom, attrsTo, cellAttrs)) {
        const { rStart, rEnd, sStart, sEnd, tStart, tEnd } = cellAttrs;
        const letters = rStart < 0 ? -1 : referenceColumn(body, rStart, rEnd);
        column = letters >= 0 ? letters : previousColumn + 1;
        // Copied out only for the message below, which names the cell as written.
        if (column >= MAX_COLUMN && rStart >= 0) ref = body.slice(rStart, rEnd);
        style = sStart < 0 ? -1 : digitsAt(body, sStart, sEnd);
        if (style < 0 && sStart >= 0) style = Number(body.slice(sStart, sEnd));
        type = tStart < 0 ? undefined : body.slice(tStart, tEnd);
      } else {
        const all = attributes(body.slice(attrsFrom, attrsTo));
        ref = all["r"];
        const letters = ref === undefined ? -1 : referenceColumn(ref, 0, ref.length);
        column = letters >= 0 ? letters : previousColumn + 1;
        style = all["s"] === undefined ? -1 : Number(all["s"]);
        type = all["t"];
      }
      if (column >= MAX_COLUMN)
        throw new SheetReadProblem(
          `sheet "${sheet}" has a cell at ${ref ?? `column ${column + 1} of row ${row + 1}`}, beyond Excel's last cell (XFD${MAX_ROW})`,
          false
        );
      previousColumn = column;
      const format = style === -1 ? "General" : (formats[style] ?? "General");
      readCell(row, column, format, type, plain, content, rowValues, rowFormats, rowFormulas);
    }
    if (consumed < body.length) notCells(body.slice(consumed));
  };

  const readHead = (text: string): void => {
    const colRe = /<(?:\w+:)?col\b([^>]*?)\/?>/g;
    for (let m = colRe.exec(text); m; m = colRe.exec(text)) {
      const a = attributes(m[1] ?? "");
      if (a["hidden"] !== "1" && a["hidden"] !== "true") continue;
      const min = Number(a["min"]);
      const max = Math.min(Number(a["max"]), MAX_COLUMN);
      if (!Number.isInteger(min) || !Number.isInteger(max)) continue;
      for (let c = min; c <= max; c++) hiddenColumns.push(c - 1);
    }
  };

  const readTail = (text: string): void => {
    const mergeRe = /<(?:\w+:)?mergeCell\b([^>]*?)\/?>/g;
    for (let m = mergeRe.exec(text); m; m = mergeRe.exec(text)) {
      const range = parseRange(attributes(m[1] ?? "")["ref"] ?? "");
      if (range) merged.push(range);
    }
  };

  let head = "";
  let tail = "";
  const take = (final: boolean): void => {
    if (done) return;
    if (prefix === undefined) {
      const root = /<(?:(\w+):)?worksheet\b/.exec(pending);
      if (!root) {
        if (final) problem("is not a worksheet (it has no <worksheet> element)");
        return;
      }
      prefix = root[1] ? `${root[1]}:` : "";
    }
    if (!inData && !afterData) {
      const open = new RegExp(`<${prefix}sheetData\\b[^>]*?(/?)>`).exec(pending);
      if (!open) {
        if (final) {
          readHead(pending);
          pending = "";
        }
        return;
      }
      head += pending.slice(0, open.index);
      readHead(head);
      pending = pending.slice(open.index + open[0].length);
      if (open[1] === "/") afterData = true;
      else inData = true;
    }
    if (inData) {
      const rowOpen = `<${prefix}row`;
      const rowClose = `</${prefix}row>`;
      let at = 0;
      // Searched once a piece: searched again for every row, it scanned the rest of the piece each time.
      const dataClose = `</${prefix}sheetData>`;
      let dataEnd = pending.indexOf(dataClose);
      for (;;) {
        if (dataEnd >= 0 && dataEnd < at) dataEnd = pending.indexOf(dataClose, at);
        const start = pending.indexOf(rowOpen, at);
        if (dataEnd >= 0 && (start < 0 || dataEnd < start)) {
          inData = false;
          afterData = true;
          at = dataEnd;
          break;
        }
        if (start < 0) break;
        const tagClose = pending.indexOf(">", start);
        if (tagClose < 0) break;
        const tag = pending.slice(start, tagClose + 1);
        if (tag.endsWith("/>")) {
          readRow(tag, "");
          at = tagClose + 1;
        } else {
          const end = pending.indexOf(rowClose, tagClose);
          if (end < 0) break;
          readRow(tag, pending.slice(tagClose + 1, end));
          at = end + rowClose.length;
        }
        if (context.firstRowOnly) {
          done = true;
          pending = "";
          return;
        }
      }
      pending = pending.slice(at);
    }
    if (afterData) {
      tail += pending;
      pending = "";
      if (final) readTail(tail);
    }
  };

  for await (const chunk of pkg.chunks(context.part)) {
    pending += decoder.write(chunk);
    take(false);
    if (done) break;
  }
  if (!done) {
    pending += decoder.end();
    take(true);
  }

  // Cells of a merged range other than its top-left read as empty, as in Excel.
  for (const m of merged)
    for (let r = m.top; r <= m.bottom; r++) {
      const line = values[r];
      if (!line) continue;
      for (let c = m.left; c <= m.right; c++)
        if ((r !== m.top || c !== m.left) && c < line.length) {
          line[c] = null;
          formulas[r]![c] = "";
        }
    }

  if (missingStrings)
    throw new SheetReadProblem(
      `${stringsPart} is missing but sheet "${sheet}" uses shared strings (cell ${missingStrings.first}${missingStrings.uses > 1 ? ` and ${missingStrings.uses - 1} more` : ""}): its text cells cannot be read`,
      false
    );
  const first = uncalculated[0];
  if (first !== undefined) {
    const others = uncalculated.slice(1, 6).join(", ") + (uncalculated.length > 6 ? ", …" : "");
    const which =
      uncalculated.length === 1
        ? "A formula saved without its result"
        : `This formula and ${uncalculated.length - 1} more (${others}) saved without their results`;
    warnings.push({
      sheet,
      cell: first,
      message: `${which}: the file was written by a program that does not calculate (openpyxl is one), so ${uncalculated.length === 1 ? "it reads" : "they read"} as blank here. Open the file in Excel or LibreOffice, save it, and rate again.`,
    });
  }
  return { values, numberFormats, formulas, merged, hiddenRows, hiddenColumns };
}
