import type { CellRun, ChartWrite, HostPort, SheetPrint, SheetWrite } from "../session/port";
import { CancelledError, createSession, type Session } from "../session/session";
import {
  cellAddress,
  columnLetter,
  parseRange,
  rangeAddress,
  type CellRange,
} from "../workbook/address";
import type { ChartSeriesRole } from "../workbook/chart-data";
import { SHEET_HEAD_WIDTH } from "../workbook/findings";
import type { CellScalar } from "../workbook/snapshot";
import { STATE_SHEET } from "../workbook/state";
import {
  addStatusFormat,
  applyPlan,
  SheetWriteError,
  emptyStateSheet,
  type ApplyOptions,
} from "./apply";
import { readState, readWorkbook, type OfficeSnapshot, type SyncCounter } from "./read";

/** What the adapter needs of Office: injected so tests can pass a strict fake. */
export interface OfficeHost {
  readonly run: <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;
  /** `Excel.run(context, batch)`: a batch in the context of an earlier run (to remove an event handler it added). */
  readonly runIn: <T>(
    context: Excel.RequestContext,
    batch: (context: Excel.RequestContext) => Promise<T>
  ) => Promise<T>;
  readonly isSetSupported: (name: string, version: string) => boolean;
  /** Excel on the web limits each request to 5 MB; elsewhere there is no such limit. */
  readonly web: boolean;
}

export function defaultHost(): OfficeHost {
  return {
    run: (batch) => Excel.run(batch),
    runIn: (context, batch) => Excel.run(context, batch),
    isSetSupported: (name, version) => Office.context.requirements.isSetSupported(name, version),
    web: Office.context.platform === Office.PlatformType.OfficeOnline,
  };
}

/** Below Excel on the web's 5 MB, leaving room for what the byte estimates miss. */
export const WEB_REQUEST_BUDGET = 4 * 1024 * 1024;

/** Runs `work`; an Excel error becomes one that says what failed and on which sheet. */
async function naming<T>(what: string, sheet: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (cause) {
    if (cause instanceof SheetWriteError || cause instanceof CancelledError) throw cause;
    const code = (cause as { code?: unknown } | null)?.code;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new SheetWriteError(
      `Could not ${what} on sheet "${sheet}": ${reason}`,
      [sheet],
      typeof code === "string" ? code : "Unknown",
      cause
    );
  }
}

/** A run of cells as the range it covers. */
function runRange(run: CellRun): string {
  return rangeAddress({
    top: run.row,
    left: run.column,
    bottom: run.row,
    right: run.column + run.values.length - 1,
  });
}

/**
 * Queues `runs` on `sheet`: text runs formatted "@" first, then written through
 * `values`, so Excel stores each string as it is (a code such as 007 or 1.2 stays
 * text, and `'=1` keeps its quote as content); formula runs through `formulas`.
 */
function writeRuns(sheet: Excel.Worksheet, runs: readonly CellRun[]): void {
  for (const run of runs) {
    const range = sheet.getRange(runRange(run));
    if (run.kind === "formula") range.formulas = [[...run.values]];
    else {
      range.numberFormat = [run.values.map(() => "@")];
      range.values = [[...run.values]];
    }
  }
}

/** Excel's column width unit is the point; a character of the default font is about 7 points wide. */
const POINTS_PER_CHARACTER = 7;

/** The first row's cells `sheetHeads` reads: A1 to Z1. */
const HEAD_RANGE = `A1:${columnLetter(SHEET_HEAD_WIDTH - 1)}1`;

/**
 * Queues the page setup (Page Layout, ExcelApi 1.9): orientation, paper, the
 * scale that fits the sheet on so many pages, and row 1 repeated on each page.
 * Some Excel builds were reported to apply fit-to-pages only once the Page
 * Layout tab had been shown (OfficeDev/office-js#1860): the manual checklist
 * looks at the print preview.
 */
function setPrint(sheet: Excel.Worksheet, print: SheetPrint): void {
  const layout = sheet.pageLayout;
  layout.orientation =
    print.orientation === "landscape"
      ? Excel.PageOrientation.landscape
      : Excel.PageOrientation.portrait;
  const paper: Readonly<Record<SheetPrint["paper"], Excel.PaperType>> = {
    A4: Excel.PaperType.a4,
  };
  layout.paperSize = paper[print.paper];
  layout.zoom = {
    horizontalFitToPages: print.fitToPagesWide,
    verticalFitToPages: print.fitToPagesTall,
  };
  if (print.repeatHeaderRow) layout.setPrintTitleRows("$1:$1");
}

/** How each series looks: the values a dark blue line with markers, the mean solid, the limits dashed grey, the target green. */
const SERIES_LOOK: Readonly<
  Record<ChartSeriesRole, { color: string; dashed: boolean; markers: boolean; weight: number }>
> = {
  value: { color: "#1F4E79", dashed: false, markers: true, weight: 2.25 },
  mean: { color: "#404040", dashed: false, markers: false, weight: 1.5 },
  upperLimit: { color: "#808080", dashed: true, markers: false, weight: 1.5 },
  lowerLimit: { color: "#808080", dashed: true, markers: false, weight: 1.5 },
  target: { color: "#00B050", dashed: false, markers: false, weight: 1.5 },
  targetLower: { color: "#00B050", dashed: true, markers: false, weight: 1.5 },
  targetUpper: { color: "#00B050", dashed: true, markers: false, weight: 1.5 },
};

/** A sheet-qualified address from a chart spec, as an address on its own sheet (`B4:B15`). */
function localAddress(address: string): string {
  const range = parseRange(address);
  if (!range) throw new Error(`"${address}" is not a range address.`);
  return rangeAddress(range);
}

/**
 * Queues the chart data block and the chart (ExcelApi 1.1 to 1.7: charts.add,
 * name, title, legend, setPosition; series.add, setValues, setXAxisValues,
 * markerStyle and the line's style and weight). The chart is made from one
 * column, so it has exactly one series whatever Excel's header detection
 * makes of a blank first cell; each series' values and categories are then set
 * explicitly.
 */
function queueChart(
  context: Excel.RequestContext,
  write: ChartWrite,
  old: Excel.Chart | undefined
): void {
  const worksheets = context.workbook.worksheets;
  const data = write.dataSheet.create
    ? worksheets.add(write.dataSheet.name)
    : worksheets.getItem(write.dataSheet.name);
  if (write.dataSheet.create) {
    writeRuns(data, [{ row: 0, column: 0, kind: "text", values: write.dataSheet.header }]);
    data.getRange("A1").format.font.bold = true;
    data.visibility = Excel.SheetVisibility.hidden;
  }
  data.getRange(rangeAddress(write.clear)).clear(Excel.ClearApplyTo.all);
  writeRuns(data, write.runs);
  const { row, column, values, numberFormat } = write.numbers;
  const width = values[0]?.length ?? 0;
  if (values.length > 0 && width > 0) {
    const numbers = data.getRange(
      rangeAddress({
        top: row,
        left: column,
        bottom: row + values.length - 1,
        right: column + width - 1,
      })
    );
    numbers.numberFormat = values.map((line) => line.map(() => numberFormat));
    numbers.values = values.map((line) => line.map((n) => n ?? ""));
  }
  old?.delete();
  const spec = write.chart;
  const sheet = worksheets.getItem(spec.sheet);
  const [first] = spec.series;
  if (!first) throw new Error(`The chart ${spec.name} has no series.`);
  const chart = sheet.charts.add(
    Excel.ChartType.line,
    data.getRange(localAddress(first.values)),
    Excel.ChartSeriesBy.columns
  );
  chart.name = spec.name;
  chart.title.text = spec.title;
  chart.legend.position = Excel.ChartLegendPosition.bottom;
  chart.setPosition(
    cellAddress(spec.position.top, spec.position.left),
    cellAddress(spec.position.bottom, spec.position.right)
  );
  const categories = data.getRange(localAddress(spec.categories));
  spec.series.forEach((item, i) => {
    const series = i === 0 ? chart.series.getItemAt(0) : chart.series.add(item.name);
    if (i === 0) series.name = item.name;
    series.setValues(data.getRange(localAddress(item.values)));
    series.setXAxisValues(categories);
    const look = SERIES_LOOK[item.role];
    series.markerStyle = look.markers ? Excel.ChartMarkerStyle.circle : Excel.ChartMarkerStyle.none;
    const line = series.format.line;
    line.color = look.color;
    line.lineStyle = look.dashed ? Excel.ChartLineStyle.dash : Excel.ChartLineStyle.continuous;
    line.weight = look.weight;
  });
}

/**
 * The host port over Office.js: each method is one Excel.run. A transaction
 * reads the workbook (2 syncs) and applies a plan (1 sync; more only to stay
 * under Excel on the web's request limit). Office-only matters (the add-in's
 * own conditional formats by id, protected sheets, cells that already hold a
 * note) stay here, between the read and the apply. Failures name their sheet.
 */
export function createOfficePort(
  host: OfficeHost = defaultHost(),
  counter: SyncCounter = { syncs: 0 }
): HostPort {
  const notes = host.isSetSupported("ExcelApi", "1.18");
  const readOptions = { mergedAreas: host.isSetSupported("ExcelApi", "1.13"), notes };

  /** How to apply a plan to what was just read. */
  function applyOptions(snapshot: OfficeSnapshot): ApplyOptions {
    return {
      notes,
      stateSheetExists: snapshot.state !== undefined,
      notedCells: new Map(snapshot.sheets.map((s) => [s.name, new Set(s.notedCells ?? [])])),
      ownFormats: snapshot.ownFormats,
      names: snapshot.names.map((n) => n.name),
      protectedSheets: snapshot.protectedSheets,
      ...(host.web ? { maxRequestBytes: WEB_REQUEST_BUDGET } : {}),
    };
  }

  const sync = async (context: Excel.RequestContext): Promise<void> => {
    counter.syncs++;
    await context.sync();
  };

  return {
    transaction: (work) =>
      host.run(async (context) => {
        let read: OfficeSnapshot | undefined;
        return work({
          read: async () => (read = await readWorkbook(context, readOptions, counter)),
          apply: async (plan, deleteSheets) => {
            if (!read) throw new Error("A plan was applied before the workbook was read.");
            for (const name of deleteSheets) context.workbook.worksheets.getItem(name).delete();
            await applyPlan(context, plan, applyOptions(read), counter);
          },
        });
      }),

    readState: () => host.run((context) => readState(context, counter)),

    updateState: (next) =>
      naming("save the settings", STATE_SHEET, () =>
        host.run(async (context) => {
          const saved = await readState(context, counter);
          const cells = next(saved);
          const sheet = emptyStateSheet(context.workbook, saved !== undefined);
          if (cells.length > 0)
            sheet.getRange(`A1:A${cells.length}`).values = cells.map((c) => [c]);
          await sync(context);
        })
      ),

    sheetHeads: (firstRowOf) =>
      host.run(async (context) => {
        const worksheets = context.workbook.worksheets.load("items/name");
        await sync(context);
        const heads = worksheets.items.map((sheet) => ({
          name: sheet.name,
          range: firstRowOf.test(sheet.name)
            ? sheet.getRange(HEAD_RANGE).load("values")
            : undefined,
        }));
        if (heads.some((h) => h.range)) await sync(context);
        return heads.map((h) => ({
          name: h.name,
          firstRow: (h.range?.values[0] ?? []) as CellScalar[],
        }));
      }),

    editSheet: (name, edit) =>
      naming(`write the ${name} sheet`, name, () =>
        host.run(async (context) => {
          const existing = context.workbook.worksheets.getItemOrNullObject(name);
          await sync(context);
          const used = existing.isNullObject ? undefined : existing.getUsedRangeOrNullObject(true);
          if (used) {
            used.load("values,rowIndex,columnIndex");
            await sync(context);
          }
          const cells = existing.isNullObject
            ? undefined
            : used && !used.isNullObject
              ? {
                  origin: { row: used.rowIndex, column: used.columnIndex },
                  values: used.values as CellScalar[][],
                }
              : { origin: { row: 0, column: 0 }, values: [] };
          const { write, result } = edit(cells);
          if (!write) return result;
          const sheet = existing.isNullObject ? context.workbook.worksheets.add(name) : existing;
          writeRuns(sheet, write.runs);
          if (write.bold) sheet.getRange(rangeAddress(write.bold)).format.font.bold = true;
          await sync(context);
          return result;
        })
      ),

    putSheet: (write: SheetWrite) =>
      naming(`write the ${write.name} sheet`, write.name, () =>
        host.run(async (context) => {
          const sheet = write.replace
            ? context.workbook.worksheets.getItem(write.name)
            : context.workbook.worksheets.add(write.name);
          if (write.replace) sheet.getRange().clear(Excel.ClearApplyTo.all);
          writeRuns(sheet, write.runs);
          const header: CellRange = { top: 0, left: 0, bottom: 0, right: write.headerWidth - 1 };
          sheet.getRange(rangeAddress(header)).format.font.bold = true;
          sheet.freezePanes.freezeRows(1);
          write.widths.forEach((width, column) => {
            sheet.getRange(
              rangeAddress({ ...header, left: column, right: column })
            ).format.columnWidth = width * POINTS_PER_CHARACTER;
          });
          for (const format of write.conditionalFormats ?? [])
            addStatusFormat(
              sheet.getRange(rangeAddress(format.range)),
              format.beginsWith,
              format.fill,
              format.font
            );
          if (write.print) setPrint(sheet, write.print);
          sheet.activate();
          await sync(context);
        })
      ),

    putChart: (write) =>
      naming(`add the chart ${write.chart.name}`, write.chart.sheet, () =>
        host.run(async (context) => {
          const old = context.workbook.worksheets
            .getItem(write.chart.sheet)
            .charts.getItemOrNullObject(write.chart.name);
          await sync(context);
          queueChart(context, write, old.isNullObject ? undefined : old);
          await sync(context);
        })
      ),

    listCharts: (prefix) =>
      host.run(async (context) => {
        const worksheets = context.workbook.worksheets.load("items/name");
        await sync(context);
        const charts = worksheets.items.map((sheet) => ({
          sheet: sheet.name,
          charts: sheet.charts.load("items/name"),
        }));
        await sync(context);
        return charts.flatMap(({ sheet, charts: collection }) =>
          collection.items
            .filter((chart) => chart.name.startsWith(prefix))
            .map((chart) => ({ sheet, name: chart.name }))
        );
      }),

    deleteCharts: (charts) =>
      host.run(async (context) => {
        const found = charts.map((chart) =>
          context.workbook.worksheets.getItem(chart.sheet).charts.getItemOrNullObject(chart.name)
        );
        await sync(context);
        for (const chart of found) if (!chart.isNullObject) chart.delete();
        await sync(context);
      }),

    onSelection: (listener) =>
      host.run(async (context) => {
        // Workbook.onSelectionChanged (ExcelApi 1.2) gives no address: each event reads it, in one batch.
        const registration = context.workbook.onSelectionChanged.add(async () => {
          let selected: { sheet: string; address: string };
          try {
            selected = await host.run(async (read) => {
              const sheet = read.workbook.worksheets.getActiveWorksheet().load("name");
              const range = read.workbook.getSelectedRange().load("address");
              await sync(read);
              return { sheet: sheet.name, address: range.address };
            });
          } catch {
            // Not one range (a chart, a shape, several areas): nothing to tell.
            return;
          }
          listener(selected.sheet, selected.address.slice(selected.address.lastIndexOf("!") + 1));
        });
        await sync(context);
        return () =>
          host.runIn(registration.context as Excel.RequestContext, async (again) => {
            registration.remove();
            await sync(again);
          });
      }),

    selectCell: (sheet, cell) =>
      naming(`select ${cell}`, sheet, () =>
        host.run(async (context) => {
          const worksheet = context.workbook.worksheets.getItem(sheet);
          worksheet.activate();
          worksheet.getRange(cell).select();
          await sync(context);
        })
      ),
  };
}

/** The add-in's steps over Office.js: the one session, over the Office port. */
export function createOfficeActions(
  host: OfficeHost = defaultHost(),
  counter: SyncCounter = { syncs: 0 }
): Session {
  return createSession(createOfficePort(host, counter));
}
