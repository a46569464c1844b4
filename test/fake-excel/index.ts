/**
 * A strict fake of the Excel JavaScript API (Office.js) for testing the add-in's Office adapter.
 * Plain TypeScript, no Node imports: it also runs in a browser page as `window.Excel` / `window.Office`.
 *
 * @example
 * const model = createFakeWorkbook({ sheets: [{ name: "Sheet1", rows: [["KPI", "Value"], ["A", 1]] }] });
 * const fake = createFakeOffice(model);
 * const uninstall = fake.install(); // globalThis.Excel / Office / OfficeExtension
 * await Excel.run(async (context) => {
 *   const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2").load("values");
 *   await context.sync();
 *   range.values; // [["KPI", "Value"], ["A", 1]]
 * });
 * uninstall();
 */

export {
  cellAddress,
  cellKey,
  columnIndexOf,
  columnLetters,
  formatRect,
  MAX_COLUMNS,
  MAX_ROWS,
  parseAddress,
  qualifiedAddress,
  quoteSheetName,
  type ParsedAddress,
  type Rect,
} from "./address";
export {
  FakeClientObject,
  FakeClientResult,
  FakeHost,
  FakeRequestContext,
  type FakeLimits,
  type FakeOfficeOptions,
  type FakeOperation,
  type FakeStats,
  type FakeSyncRecord,
  utf8Length,
} from "./client";
export { FakeErrorCodes, FakeRichApiError, type FakeDebugInfo } from "./errors";
export { EXCEL_MEMBERS } from "./excel-api.generated";
export {
  ERROR_VALUES,
  formatCellText,
  isErrorValue,
  parseInput,
  valueTypeOf,
  type CellScalar,
  type FakeValueType,
} from "./format";
export {
  cellFormula,
  cellValue,
  cloneModel,
  createFakeWorkbook,
  defaultPageLayout,
  definedNames,
  diffSnapshots,
  findSheet,
  isValidDefinedName,
  sheetNotes,
  snapshotModel,
  type FakeDefinedName,
  type FakeDefinedNameSummary,
  type FakeNameSnapshot,
  type FakeNameSpec,
  type FakeCell,
  type FakeCellInput,
  type FakeChart,
  type FakeChartRef,
  type FakeChartSeries,
  type FakeChartSnapshot,
  type FakeCellSnapshot,
  type FakeComment,
  type FakeConditionalFormat,
  type FakeConditionalFormatRule,
  type FakeConditionalFormatSpec,
  type FakeConditionalFormatStyle,
  type FakeConditionalFormatType,
  type FakeDiffKind,
  type FakeNote,
  type FakePageLayout,
  type FakeSheet,
  type FakeSheetSnapshot,
  type FakeSheetSpec,
  type FakeSheetVisibility,
  type FakeSnapshot,
  type FakeSnapshotDiff,
  type FakeTable,
  type FakeWorkbookModel,
  type FakeWorkbookSpec,
} from "./model";
export {
  FakeComment as FakeCommentObject,
  FakeConditionalFormat as FakeConditionalFormatObject,
  FakeNamedItem,
  FakeNamedItemCollection,
  FakeNote as FakeNoteObject,
  FakePageLayout as FakePageLayoutObject,
  FakeRange,
  FakeRangeSort,
  FakeTable as FakeTableObject,
  FakeWorkbook,
  FakeWorksheet,
  FakeWorksheetProtection,
} from "./objects";
export {
  FakeChart as FakeChartObject,
  FakeChartCollection,
  FakeChartSeries as FakeChartSeriesObject,
} from "./charts";
export { createFakeOffice, type FakeOffice } from "./office";
export {
  FakeEventHandlerResult,
  FakeEventHandlers,
  type FakeEventHandler,
  type FakeSelectionRegistration,
} from "./events";
export { nameMeaning, type NameMeaning } from "./names";
export {
  adjustFormulaReferences,
  applyShift,
  deleteSheetInFormula,
  renameSheetInFormula,
  shiftRect,
  translateFormulaReferences,
  type ShiftOperation,
} from "./structure";
export { run, SCORECARD, setup } from "./testkit";
