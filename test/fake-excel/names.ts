/**
 * Defined names: what a name's formula means (a range, a constant, an error value, or a formula the fake does not
 * evaluate), how Excel spells the formula of a name made from a Range or a reference string, and what becomes of
 * names when a worksheet is copied. The names themselves live in `FakeWorkbookModel.names`; structure.ts moves them
 * with the cells on insert/delete, objects.ts rewrites them on a sheet rename or delete.
 */

import {
  columnLetters,
  isWholeColumns,
  isWholeRows,
  parseAddress,
  quoteSheetName,
  type Rect,
} from "./address";
import { invalidArgument, itemNotFound, notImplemented } from "./errors";
import { ERROR_VALUES } from "./format";
import {
  type FakeDefinedName,
  type FakeSheet,
  type FakeWorkbookModel,
  findSheet,
  newId,
} from "./model";
import { formulaMentionsSheet, renameSheetInFormula } from "./structure";

/** What `NamedItem.type` / `NamedItem.value` report for a name's formula. */
export type NameMeaning =
  | { type: "Range"; sheet: string; rect: Rect; value: string }
  | { type: "Error"; value: string }
  | { type: "String"; value: string }
  | { type: "Integer" | "Double"; value: number }
  | { type: "Boolean"; value: boolean }
  /** A calculation (`=SUM(...)`, `=OFFSET(...)`), a union, a structured reference, ...: not evaluated by the fake. */
  | { type: "Formula" };

const ERROR_PATTERN = new RegExp(
  [...ERROR_VALUES]
    .sort((a, b) => b.length - a.length)
    .map((e) => e.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
    .join("|")
);

export function nameMeaning(formula: string): NameMeaning {
  const body = formula.replace(/^=/, "").trim();
  const outside = body.split(/"(?:[^"]|"")*"/).join('""');
  const error = ERROR_PATTERN.exec(outside);
  if (error) return { type: "Error", value: error[0] };
  const parsed = parseAddress(body);
  if (parsed?.sheet !== undefined) {
    return { type: "Range", sheet: parsed.sheet, rect: parsed.rect, value: body };
  }
  const text = /^"((?:[^"]|"")*)"$/.exec(body);
  if (text) return { type: "String", value: text[1]!.replace(/""/g, '"') };
  if (/^[+-]?(\d+\.?\d*|\.\d+)(E[+-]?\d+)?$/i.test(body)) {
    const value = Number(body);
    return { type: Number.isInteger(value) ? "Integer" : "Double", value };
  }
  if (/^(TRUE|FALSE)$/i.test(body)) return { type: "Boolean", value: /^TRUE$/i.test(body) };
  return { type: "Formula" };
}

/** The meaning, or NotImplemented for a formula the fake would have to calculate. */
export function evaluatedMeaning(
  name: FakeDefinedName,
  member: string
): Exclude<NameMeaning, { type: "Formula" }> {
  const meaning = nameMeaning(name.formula);
  if (meaning.type === "Formula")
    throw notImplemented(
      `${member} of name ${name.name}, whose formula ${name.formula} the fake does not evaluate`
    );
  return meaning;
}

/** `$A$1`, `$A$1:$B$2`, `$A:$C`, `$3:$5`: how Excel writes the reference of a name made from a Range. */
export function absoluteReference(rect: Rect): string {
  if (isWholeRows(rect)) return `$${rect.top + 1}:$${rect.bottom + 1}`;
  if (isWholeColumns(rect)) return `$${columnLetters(rect.left)}:$${columnLetters(rect.right)}`;
  const start = `$${columnLetters(rect.left)}$${rect.top + 1}`;
  if (rect.top === rect.bottom && rect.left === rect.right) return start;
  return `${start}:$${columnLetters(rect.right)}$${rect.bottom + 1}`;
}

export function rangeNameFormula(sheet: FakeSheet, rect: Rect): string {
  return `=${quoteSheetName(sheet.name)}!${absoluteReference(rect)}`;
}

/**
 * The formula Excel stores for `names.add(name, "=...")` or `namedItem.formula = "=..."`: a reference to a range has
 * its sheet spelt as the sheet is named (quoted only when needed) and its column letters in capitals; constants and
 * other formulas are kept as written.
 */
export function normaliseNameFormula(
  model: FakeWorkbookModel,
  formula: unknown,
  location: string
): string {
  if (typeof formula !== "string" || formula.trim() === "")
    throw invalidArgument("reference", location, `${JSON.stringify(formula)} is not a formula`);
  if (!formula.startsWith("=")) {
    throw notImplemented(
      `${location} with ${JSON.stringify(formula)}: a name's formula starts with "=" (Excel would store text without one as a constant)`
    );
  }
  const body = formula.slice(1).trim();
  const parsed = parseAddress(body);
  if (!parsed) return formula;
  if (parsed.sheet === undefined) {
    throw notImplemented(
      `${location} with ${JSON.stringify(formula)}: a reference that names no worksheet (Excel resolves it against the active cell)`
    );
  }
  const sheet = findSheet(model, parsed.sheet);
  if (!sheet)
    throw invalidArgument("reference", location, `there is no worksheet named ${parsed.sheet}`);
  const local = body.slice(body.lastIndexOf("!") + 1).toUpperCase();
  return `=${quoteSheetName(sheet.name)}!${local}`;
}

export function findName(
  model: FakeWorkbookModel,
  sheetId: string | undefined,
  name: string
): FakeDefinedName | undefined {
  return model.names.find(
    (n) => n.sheetId === sheetId && n.name.toLowerCase() === name.toLowerCase()
  );
}

export function nameOfId(model: FakeWorkbookModel, id: string): FakeDefinedName {
  const found = model.names.find((n) => n.id === id);
  if (!found) throw itemNotFound("the name was deleted", "NamedItem");
  return found;
}

/**
 * What copying worksheet `source` to `copy` does to names, as in Excel: each worksheet-scoped name of the source,
 * and each workbook-scoped name that refers to the source, gets a worksheet-scoped twin on the copy whose references
 * to the source point at the copy instead. The workbook-scoped names themselves are unchanged: they still point at
 * the source. (A formula on the copy that uses such a name now finds the copy's own.)
 */
export function copyNamesForSheet(
  model: FakeWorkbookModel,
  source: FakeSheet,
  copy: FakeSheet
): void {
  const twins: FakeDefinedName[] = [];
  const take = (n: FakeDefinedName) => {
    if (twins.some((t) => t.name.toLowerCase() === n.name.toLowerCase())) return;
    twins.push({
      id: newId(model, "name"),
      name: n.name,
      formula: renameSheetInFormula(n.formula, source.name, copy.name),
      visible: n.visible,
      comment: n.comment,
      sheetId: copy.id,
    });
  };
  for (const n of model.names) if (n.sheetId === source.id) take(n);
  for (const n of model.names)
    if (n.sheetId === undefined && formulaMentionsSheet(n.formula, source.name)) take(n);
  model.names.push(...twins);
}
