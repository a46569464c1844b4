import ExcelJS from "exceljs";
import { parseRange, rangeAddress, type CellRange } from "../../src/workbook/address";
import { isOwnFormatLook, type FormatLook } from "../../src/workbook/own-format";
import type { ConditionalFormatPlan, SheetPlan } from "../../src/workbook/plan";
import type { WritePlan } from "../../src/workbook/run";
import { STATE_SHEET } from "../../src/workbook/state";
import { conditionalFormatsOf, setConditionalFormats, spliceSheetColumns } from "./columns";
import { setOwnedNames } from "./owned-names";
import { beginsWithFormula } from "../../src/xlsx/package/begins-with";

export { beginsWithFormula };

/** `#C6EFCE` → `FFC6EFCE` (ExcelJS wants ARGB). */
function argb(hex: string): string {
  const digits = hex.replace(/^#/, "").toUpperCase();
  return digits.length === 8 ? digits : `FF${digits}`;
}

function existingCell(
  sheet: ExcelJS.Worksheet,
  row: number,
  column: number
): ExcelJS.Cell | undefined {
  return sheet.findCell(row + 1, column + 1);
}

/** A cell that shows another cell's value (part of a merged range, not its top-left). */
function isMergedAway(cell: ExcelJS.Cell): boolean {
  return cell.type === ExcelJS.ValueType.Merge;
}

function removeNote(sheet: ExcelJS.Worksheet, address: string): void {
  const range = parseRange(address);
  if (!range) return;
  const cell = existingCell(sheet, range.top, range.left);
  if (!cell) return;
  // ExcelJS has no public way to drop a note. The cell keeps it in `_comment`,
  // and a cell read from a file (or written once) also in its value's model,
  // which is what gets written: both must go.
  const internals = cell as unknown as {
    _comment?: unknown;
    _value?: { model?: { comment?: unknown } };
  };
  internals._comment = undefined;
  if (internals._value?.model) delete internals._value.model.comment;
}

/** `LEFT(I9,LEN("Green"))="Green"`: the anchor cell and the quoted text (both quotes the same). */
const BEGINS_WITH = /^LEFT\((\$?[A-Z]{1,3}\$?\d+),LEN\(("(?:[^"]|"")*")\)\)=\2$/;

function overlaps(a: CellRange, b: CellRange): boolean {
  return a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;
}

/** What an ExcelJS rule looks like, for `isOwnFormatLook`: its "begins with" text and its colours. */
function lookOf(rule: ExcelJS.ConditionalFormattingRule): FormatLook {
  const r = rule as {
    type?: string;
    operator?: string;
    text?: string;
    formulae?: unknown[];
    style?: {
      fill?: { fgColor?: { argb?: string }; bgColor?: { argb?: string } };
      font?: { color?: { argb?: string } };
    };
  };
  const formula = typeof r.formulae?.[0] === "string" ? BEGINS_WITH.exec(r.formulae[0]) : null;
  // Excel saves the add-in's beginsWith rules as containsText with this same formula; the CLI writes the formula.
  const beginsWith =
    r.type === "containsText" && r.operator === "beginsWith" && typeof r.text === "string"
      ? r.text
      : formula
        ? formula[2]!.slice(1, -1).replace(/""/g, '"')
        : undefined;
  return {
    beginsWith,
    fill: r.style?.fill?.bgColor?.argb ?? r.style?.fill?.fgColor?.argb,
    font: r.style?.font?.color?.argb,
  };
}

/**
 * Whether `cf` is one of the add-in's own formats on the cells of one of
 * `ranges` (its blocks): every rule as `isOwnFormatLook` decides, the one
 * decision Excel's port makes too. A user's own rule there, in another look,
 * is kept.
 */
export function isOwnConditionalFormat(
  cf: ExcelJS.ConditionalFormattingOptions,
  ranges: readonly CellRange[]
): boolean {
  const areas = cf.ref.trim().split(/\s+/).map(parseRange);
  if (areas.some((a) => !a || !ranges.some((r) => overlaps(r, a)))) return false;
  return cf.rules.length > 0 && cf.rules.every((rule) => isOwnFormatLook(lookOf(rule)));
}

/** The highest priority number among the sheet's rules (0 when none has one). */
function maxPriority(list: readonly ExcelJS.ConditionalFormattingOptions[]): number {
  let max = 0;
  for (const cf of list)
    for (const rule of cf.rules) max = Math.max(max, (rule as { priority?: number }).priority ?? 0);
  return max;
}

/** A "text begins with" rule over `plan.range` as an expression rule (see beginsWithFormula), in its fill and font. */
export function conditionalFormat(
  plan: Pick<ConditionalFormatPlan, "range" | "beginsWith" | "fill" | "font">,
  priority: number
): ExcelJS.ConditionalFormattingOptions {
  const color = argb(plan.fill);
  return {
    ref: rangeAddress(plan.range),
    rules: [
      {
        type: "expression",
        priority,
        formulae: [beginsWithFormula(plan.range, plan.beginsWith)],
        style: {
          fill: {
            type: "pattern",
            pattern: "solid",
            fgColor: { argb: color },
            bgColor: { argb: color },
          },
          font: { color: { argb: argb(plan.font) } },
        },
      } as ExcelJS.ConditionalFormattingRule,
    ],
  };
}

/** Applies one sheet's plan in the plan's order: remove, clear, delete, insert, write, format, annotate. */
export function applySheetPlan(
  workbook: ExcelJS.Workbook,
  sheet: ExcelJS.Worksheet,
  plan: SheetPlan
): void {
  for (const address of plan.removeNotes) removeNote(sheet, address);

  // The plan names the owned blocks; the add-in's formats are those on their
  // cells with the add-in's look (isOwnConditionalFormat), never matched by exact range.
  if (plan.removeConditionalFormats.length > 0) {
    setConditionalFormats(
      sheet,
      conditionalFormatsOf(sheet).filter(
        (cf) => !isOwnConditionalFormat(cf, plan.removeConditionalFormats)
      )
    );
  }

  for (const range of plan.clearRanges) {
    for (let r = range.top; r <= range.bottom; r++)
      for (let c = range.left; c <= range.right; c++) {
        const cell = existingCell(sheet, r, c);
        if (cell && !isMergedAway(cell) && cell.value !== null) cell.value = null;
      }
  }

  for (const d of [...plan.deleteColumns].sort((a, b) => b.at - a.at))
    spliceSheetColumns(workbook, sheet, { kind: "delete", at: d.at, count: d.count });
  for (const ins of [...plan.insertColumns].sort((a, b) => b.at - a.at))
    spliceSheetColumns(workbook, sheet, { kind: "insert", at: ins.at, count: ins.count });

  for (const write of plan.writes) {
    const { top, left } = write.range;
    write.values.forEach((rowValues, i) =>
      rowValues.forEach((value, j) => {
        if (value === null) {
          const cell = existingCell(sheet, top + i, left + j);
          if (cell && !isMergedAway(cell) && cell.value !== null) cell.value = null;
          return;
        }
        const cell = sheet.getCell(top + i + 1, left + j + 1);
        if (!isMergedAway(cell)) cell.value = value;
      })
    );
  }

  // Explicit priorities after the user's own: ExcelJS would number rules without
  // one from the highest existing priority, giving the first new rule the same
  // number as an existing one.
  let priority = maxPriority(conditionalFormatsOf(sheet));
  for (const cf of plan.conditionalFormats)
    sheet.addConditionalFormatting(conditionalFormat(cf, ++priority));

  for (const note of plan.notes) {
    const range = parseRange(note.cell);
    if (range) sheet.getCell(range.top + 1, range.left + 1).note = note.text;
  }
}

/** Writes the add-in's state into column A of its very hidden sheet, or removes the sheet. */
export function applyState(workbook: ExcelJS.Workbook, cells: readonly string[] | null): void {
  let sheet = workbook.getWorksheet(STATE_SHEET);
  if (cells === null) {
    if (sheet) workbook.removeWorksheet(sheet.id);
    return;
  }
  if (!sheet) sheet = workbook.addWorksheet(STATE_SHEET, { state: "veryHidden" });
  // LibreOffice saves a very hidden sheet as merely hidden: put it back out of the user's way.
  else sheet.state = "veryHidden";
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      cell.value = null;
    })
  );
  cells.forEach((text, i) => {
    sheet.getCell(i + 1, 1).value = text;
  });
}

/**
 * Applies a write plan from `runWorkbook` to a workbook opened with ExcelJS:
 * every sheet's plan in order, then the state. Everything else in the
 * workbook is left as it was. `onSheet` is told after each sheet (progress).
 *
 * Cost: O(cells written) plus, per inserted or deleted column block, O(cells of
 * the sheet + formula cells of the workbook).
 */
export function applyPlan(
  workbook: ExcelJS.Workbook,
  plan: WritePlan,
  onSheet?: (name: string) => void
): void {
  for (const sheetPlan of plan.sheets) {
    const sheet = workbook.getWorksheet(sheetPlan.sheet);
    if (!sheet) throw new Error(`The workbook has no sheet named "${sheetPlan.sheet}".`);
    applySheetPlan(workbook, sheet, sheetPlan);
    onSheet?.(sheetPlan.sheet);
  }
  setOwnedNames(workbook, plan.names);
  applyState(workbook, plan.stateCells);
}
