import { createRequire } from "node:module";
import type ExcelJS from "exceljs";
import {
  isOwnedName,
  nameReference,
  type DefinedNameSnapshot,
  type OwnedName,
} from "../../src/workbook/ownership";

/*
 * The add-in's workbook names (ScorecardRAG_1 …) are kept out of ExcelJS's
 * model: ExcelJS holds defined names as sets of cells, and writes them back
 * without `hidden`. A plan's names are remembered for the workbook here and
 * written into xl/workbook.xml as hidden names when it is saved (serialize.ts).
 */

interface DefinedNamesInternals {
  model: { name: string; ranges: string[] }[];
  matrixMap: Record<string, unknown>;
}

const planned = new WeakMap<ExcelJS.Workbook, readonly OwnedName[]>();

interface DefinedNameModel {
  readonly name: string;
  readonly localSheetId?: number;
}

/**
 * Copying a sheet (in Excel or LibreOffice) gives the copy sheet-scoped twins
 * of the workbook names over it, with the same name. ExcelJS keeps one entry a
 * name, the last read, so a twin would take the original's place. The
 * add-in's names are workbook-scoped: a sheet-scoped twin is not one of them
 * and is dropped on read (the copy's output is then unrecorded, and refused).
 */
function ignoreSheetScopedTwins(): void {
  try {
    const require = createRequire(import.meta.url);
    const DefinedNames = require("exceljs/lib/doc/defined-names.js") as {
      prototype: object;
    };
    const descriptor = Object.getOwnPropertyDescriptor(DefinedNames.prototype, "model");
    const set = descriptor?.set;
    if (!descriptor || !set || (set as { ownedNames?: boolean }).ownedNames) return;
    const filtered = function (this: unknown, value: readonly DefinedNameModel[]): void {
      set.call(
        this,
        (value ?? []).filter((n) => !(isOwnedName(n.name) && n.localSheetId !== undefined))
      );
    };
    (filtered as { ownedNames?: boolean }).ownedNames = true;
    Object.defineProperty(DefinedNames.prototype, "model", { ...descriptor, set: filtered });
  } catch {
    // ExcelJS laid out differently: twins are then read as ExcelJS reads them.
  }
}
ignoreSheetScopedTwins();

function definedNames(workbook: ExcelJS.Workbook): DefinedNamesInternals {
  return workbook.definedNames as unknown as DefinedNamesInternals;
}

/** The add-in's names as the file has them, for the snapshot. */
export function readOwnedNames(workbook: ExcelJS.Workbook): DefinedNameSnapshot[] {
  // A workbook a plan was applied to in this process has its names here until it is saved.
  const pending = planned.get(workbook);
  if (pending)
    return pending.map((n) => ({ name: n.name, formula: nameReference(n.sheet, n.range) }));
  const names = definedNames(workbook);
  const ours = Object.keys(names.matrixMap).filter(isOwnedName);
  if (ours.length === 0) return [];
  return names.model
    .filter((entry) => isOwnedName(entry.name))
    .map((entry) => ({
      name: entry.name,
      // Several areas is not a name the add-in makes: no reference, so it is not trusted.
      formula: entry.ranges.length === 1 ? entry.ranges[0]! : "",
    }));
}

/** Replaces the add-in's names with the plan's; they are written when the workbook is saved. */
export function setOwnedNames(workbook: ExcelJS.Workbook, names: readonly OwnedName[]): void {
  const matrices = definedNames(workbook).matrixMap;
  for (const name of Object.keys(matrices)) if (isOwnedName(name)) delete matrices[name];
  planned.set(workbook, names);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * xl/workbook.xml with the workbook's planned names added, hidden, in its
 * `<definedNames>` (made after `<sheets>` when the workbook has none, as the
 * schema orders them). Unchanged when no plan set names.
 */
export function withOwnedNames(workbook: ExcelJS.Workbook, xml: string): string {
  const names = planned.get(workbook);
  if (!names || names.length === 0) return xml;
  const elements = names
    .map(
      (n) =>
        `<definedName name="${n.name}" hidden="1">${escapeXml(nameReference(n.sheet, n.range))}</definedName>`
    )
    .join("");
  if (xml.includes("</definedNames>"))
    return xml.replace("</definedNames>", `${elements}</definedNames>`);
  if (xml.includes("<definedNames/>"))
    return xml.replace("<definedNames/>", `<definedNames>${elements}</definedNames>`);
  return xml.replace("</sheets>", `</sheets><definedNames>${elements}</definedNames>`);
}

/** Where the workbook is saved by ExcelJS alone: the planned names go into its model (visible, but kept). */
export function ownedNamesForFallback(workbook: ExcelJS.Workbook): void {
  const names = planned.get(workbook);
  if (!names) return;
  for (const n of names) workbook.definedNames.add(nameReference(n.sheet, n.range), n.name);
}
