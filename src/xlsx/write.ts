import ExcelJS from "exceljs";
import { cellAddress, parseRange, rangeAddress, type CellRange } from "../workbook/address";
import type { ConditionalFormatPlan, SheetPlan } from "../workbook/plan";
import type { WritePlan } from "../workbook/run";
import { FINDINGS_HEADER, findingsTarget, isOwnFindingsSheet } from "../workbook/findings";
import { STATE_SHEET } from "../workbook/state";
import { conditionalFormatsOf, setConditionalFormats, spliceSheetColumns } from "./columns";
import { setOwnedNames } from "./owned-names";

/** `#C6EFCE` → `FFC6EFCE` (ExcelJS wants ARGB). */
function argb(hex: string): string {
  const digits = hex.replace(/^#/, "").toUpperCase();
  return digits.length === 8 ? digits : `FF${digits}`;
}

function contains(outer: CellRange, inner: CellRange): boolean {
  return (
    inner.top >= outer.top &&
    inner.bottom <= outer.bottom &&
    inner.left >= outer.left &&
    inner.right <= outer.right
  );
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

/**
 * The formula of a "text begins with" rule, anchored at the range's top-left
 * cell: `LEFT(I9,LEN("Green"))="Green"`. An `expression` rule renders the same
 * in Excel and LibreOffice (ExcelJS writes its own `beginsWith` rule without
 * the formula, which LibreOffice then applies to every cell).
 */
export function beginsWithFormula(range: CellRange, text: string): string {
  const quoted = `"${text.replace(/"/g, '""')}"`;
  return `LEFT(${cellAddress(range.top, range.left)},LEN(${quoted}))=${quoted}`;
}

/** `LEFT(I9,LEN("Green"))="Green"`: the anchor cell and the quoted text (both quotes the same). */
const BEGINS_WITH = /^LEFT\((\$?[A-Z]{1,3}\$?\d+),LEN\(("(?:[^"]|"")*")\)\)=\2$/;

/**
 * Whether `cf` is one of the add-in's own formats inside one of `ranges`: a
 * single range wholly inside, every rule a "begins with" test anchored at its
 * top-left cell. Formats are recognised by what they are, not by position in
 * the list: ExcelJS reads each `<conditionalFormatting>` back as one entry, in
 * file order, and Excel saves the add-in's `containsText`/`beginsWith` rules
 * with this same formula, so a workbook rated in Excel is recognised too. A
 * user's own format is never matched, even over the add-in's columns, unless
 * it is this exact test of those very cells.
 */
export function isOwnConditionalFormat(
  cf: ExcelJS.ConditionalFormattingOptions,
  ranges: readonly CellRange[]
): boolean {
  const range = parseRange(cf.ref);
  if (!range || /\s/.test(cf.ref.trim()) || !ranges.some((r) => contains(r, range))) return false;
  if (cf.rules.length === 0) return false;
  return cf.rules.every((rule) => {
    const formula = (rule as { formulae?: unknown[] }).formulae?.[0];
    if (typeof formula !== "string") return false;
    const match = BEGINS_WITH.exec(formula);
    const anchor = match ? parseRange(match[1]!) : undefined;
    return anchor !== undefined && anchor.top === range.top && anchor.left === range.left;
  });
}

/** The highest priority number among the sheet's rules (0 when none has one). */
function maxPriority(list: readonly ExcelJS.ConditionalFormattingOptions[]): number {
  let max = 0;
  for (const cf of list)
    for (const rule of cf.rules) max = Math.max(max, (rule as { priority?: number }).priority ?? 0);
  return max;
}

function conditionalFormat(
  plan: ConditionalFormatPlan,
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

  // The plan names the owned blocks; the formats inside them are the add-in's
  // single-column ones (a block is four columns wide), so they are matched by
  // containment and by their formula, never by exact range.
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

function firstRowOf(sheet: ExcelJS.Worksheet): unknown[] {
  const row = sheet.getRow(1);
  const values: unknown[] = [];
  for (let c = 1; c <= Math.max(row.cellCount, FINDINGS_HEADER.length); c++)
    values.push(row.getCell(c).value ?? null);
  return values;
}

/**
 * Writes the Findings sheet (one row per flag; the Cell column links to the
 * flagged cell), replacing the tool's own Findings sheet if there is one and
 * never a user's sheet of that name. Returns the sheet's name.
 */
export function writeFindingsSheet(
  workbook: ExcelJS.Workbook,
  rows: readonly (readonly (string | number)[])[]
): string {
  const target = findingsTarget(
    workbook.worksheets.map((s) => ({ name: s.name, firstRow: firstRowOf(s) }))
  );
  if (target.exists) workbook.removeWorksheet(workbook.getWorksheet(target.name)!.id);
  const sheet = workbook.addWorksheet(target.name);
  // Only the Cell column's links are formulas: every other cell, whatever its text, is stored as a
  // string (findingsRows has already put a `'` before user text a spreadsheet could evaluate).
  const linkColumn = FINDINGS_HEADER.indexOf("Cell");
  rows.forEach((cells, r) =>
    cells.forEach((value, c) => {
      const cell = sheet.getCell(r + 1, c + 1);
      // Exactly findingsLink's shape: two formula strings, any `"` inside them doubled.
      const link =
        r > 0 && c === linkColumn && typeof value === "string"
          ? /^=(HYPERLINK\("(?:[^"]|"")*","((?:[^"]|"")*)"\))$/.exec(value)
          : null;
      // The link's text as its cached result, so viewers that do not recalculate still show the cell.
      cell.value = link ? { formula: link[1]!, result: link[2]!.replace(/""/g, '"') } : value;
    })
  );
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  [14, 8, 12, 22, 9, 90].forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });
  return target.name;
}

/** Removes the Findings sheets this tool wrote (known by their header row); returns their names. */
export function removeFindingsSheets(workbook: ExcelJS.Workbook): string[] {
  const own = workbook.worksheets.filter((s) =>
    isOwnFindingsSheet({ name: s.name, firstRow: firstRowOf(s) })
  );
  for (const sheet of own) workbook.removeWorksheet(sheet.id);
  return own.map((s) => s.name);
}
