import { createRequire } from "node:module";

/*
 * A fix to ExcelJS 4.4's reader, installed once before the first read.
 *
 * ExcelJS attaches a note (legacy comment) to its cell while reading the cells
 * of the sheet, so a note on a cell that has no `<c>` element in the sheet XML
 * (an empty, unformatted cell) is silently dropped, and lost when the workbook
 * is saved again. The fix adds an empty cell for each such note before ExcelJS
 * attaches them. If ExcelJS's internals are not as expected, nothing is changed.
 */

interface CellModel {
  address: string;
  type: number;
}
interface RowModel {
  number: number;
  cells: CellModel[];
  min?: number;
  max?: number;
  hidden?: boolean;
  outlineLevel?: number;
}
interface SheetModel {
  relationships?: { Type: string; Target: string }[];
  rows?: RowModel[];
}
interface XformPrototype {
  reconcile(
    model: SheetModel,
    options: { comments?: Record<string, { comments?: { ref?: string }[] }> }
  ): void;
  __scorecardNotesFix?: boolean;
}

const COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const NULL_TYPE = 0;

function decode(address: string): { row: number; col: number } | undefined {
  const match = /^([A-Z]{1,3})(\d+)$/.exec(address);
  if (!match) return undefined;
  let col = 0;
  for (const ch of match[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(match[2]), col };
}

/** Adds empty cells for notes on cells the sheet XML does not list. */
function addCellsForNotes(
  model: SheetModel,
  options: Parameters<XformPrototype["reconcile"]>[1]
): void {
  const rel = (model.relationships ?? []).find((r) => r.Type === COMMENTS_REL);
  const comments = rel ? options.comments?.[rel.Target]?.comments : undefined;
  if (!comments?.length || !model.rows) return;
  const rows = new Map(model.rows.map((row) => [row.number, row]));
  for (const comment of comments) {
    const at = comment.ref ? decode(comment.ref) : undefined;
    if (!at) continue;
    let row = rows.get(at.row);
    if (!row) {
      row = { number: at.row, cells: [], hidden: false, outlineLevel: 0 };
      rows.set(at.row, row);
      model.rows.push(row);
    }
    if (row.cells.some((cell) => cell.address === comment.ref)) continue;
    row.cells.push({ address: comment.ref!, type: NULL_TYPE });
    row.min = Math.min(row.min ?? at.col, at.col);
    row.max = Math.max(row.max ?? at.col, at.col);
  }
  model.rows.sort((a, b) => a.number - b.number);
}

let installed = false;

export function installExcelJsFixes(): void {
  if (installed) return;
  installed = true;
  try {
    const require = createRequire(import.meta.url);
    const WorksheetXform = require("exceljs/lib/xlsx/xform/sheet/worksheet-xform.js") as {
      prototype: XformPrototype;
    };
    const proto = WorksheetXform.prototype;
    if (typeof proto.reconcile !== "function" || proto.__scorecardNotesFix) return;
    const original = proto.reconcile;
    proto.reconcile = function (this: XformPrototype, model, options) {
      try {
        addCellsForNotes(model, options);
      } catch {
        // Leave ExcelJS to do what it does.
      }
      return original.call(this, model, options);
    };
    proto.__scorecardNotesFix = true;
  } catch {
    // ExcelJS laid out differently: read as it reads.
  }
}
