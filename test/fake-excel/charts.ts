/**
 * Embedded charts (`worksheet.charts`, ExcelApi 1.1 to 1.7) as far as the fake models them: add a chart from a
 * range, name, title text, legend position, setPosition by cells, delete; its series (getItemAt, add, name,
 * setValues, setXAxisValues, markerStyle) and each series' line (color, lineStyle, weight). Everything else in the
 * Chart classes (axes, data labels, sizes in points, chart type changes, images …) throws NotImplemented.
 *
 * `charts.add` makes one series per column (or row) of the source range. The fake does not model Excel's guess of
 * header rows and category columns: a source whose first row holds text is refused as NotImplemented, so code under
 * test must set names and categories explicitly.
 */

import { cellKey, type Rect } from "./address";
import { normaliseColor } from "./cells";
import {
  type ClassSpec,
  FakeClientObject,
  type FakeClientResult,
  type FakeRequestContext,
  type RangeHandle,
  type Resolver,
  type SyncEnv,
} from "./client";
import {
  FakeErrorCodes,
  FakeRichApiError,
  invalidArgument,
  invalidRequestContext,
  itemNotFound,
  notImplemented,
} from "./errors";
import { EXCEL_ENUMS } from "./excel-api.generated";
import {
  newId,
  type FakeChart as ChartModel,
  type FakeChartRef,
  type FakeChartSeries as SeriesModel,
  type FakeSheet,
} from "./model";
import { parseAddress } from "./address";

type ChartsH = { sheetId: string };
type ChartH = { sheetId: string; chartId: string };
type SeriesH = ChartH & { index: number };

const q = (value: unknown): string => JSON.stringify(value) ?? String(value);

function enumValues(name: keyof typeof EXCEL_ENUMS): string[] {
  return Object.values(EXCEL_ENUMS[name]) as string[];
}

function sheetOf(env: SyncEnv, sheetId: string): FakeSheet {
  const sheet = env.model.sheets.find((s) => s.id === sheetId);
  if (!sheet) throw itemNotFound("the worksheet was deleted", "Worksheet");
  return sheet;
}

function chartOf(env: SyncEnv, h: ChartH): ChartModel {
  const chart = sheetOf(env, h.sheetId).charts.find((c) => c.id === h.chartId);
  if (!chart) throw itemNotFound("the chart was deleted", "Chart");
  return chart;
}

function seriesOf(env: SyncEnv, h: SeriesH): SeriesModel {
  const series = chartOf(env, h).series[h.index];
  if (!series) throw itemNotFound("the series was deleted", "ChartSeries");
  return series;
}

/** A `Range` argument, resolved at sync time; the fake takes no address strings here. */
function rangeArgument(
  self: FakeClientObject,
  env: SyncEnv,
  range: unknown,
  location: string
): FakeChartRef {
  if (!(range instanceof FakeClientObject) || range._className !== "Range")
    throw invalidArgument("sourceData", location, `${q(range)} is not a Range`);
  if (range.context !== self.context) throw invalidRequestContext(location);
  const h = (range as FakeClientObject<RangeHandle>)._resolveExisting(env, "address");
  if (!h.rect)
    throw new FakeRichApiError(
      FakeErrorCodes.invalidReference,
      "This reference isn't valid for the current operation. (its cells were deleted)",
      location
    );
  sheetOf(env, h.sheetId);
  return { sheetId: h.sheetId, rect: { ...h.rect } };
}

/** A cell of the chart's sheet, given as an A1 address (a Range argument is not modelled). */
function positionCell(value: unknown, sheet: FakeSheet, location: string): Rect {
  if (typeof value !== "string")
    throw notImplemented(`${location}(Range): give the cells as addresses`);
  const parsed = parseAddress(value);
  if (!parsed) throw invalidArgument("startCell", location, `${q(value)} is not an A1 address`);
  if (parsed.sheet !== undefined && parsed.sheet.toLowerCase() !== sheet.name.toLowerCase())
    throw invalidArgument("startCell", location, `${q(value)} is on another sheet`);
  return parsed.rect;
}

const lineFormatSpec: ClassSpec<SeriesH> = {
  name: "ChartLineFormat",
  scalars: {
    color: { get: (h, env) => seriesOf(env, h).lineColor ?? "" },
    lineStyle: { get: (h, env) => seriesOf(env, h).lineStyle },
    weight: { get: (h, env) => seriesOf(env, h).lineWeight },
  },
};

const seriesFormatSpec: ClassSpec<SeriesH> = {
  name: "ChartSeriesFormat",
  scalars: {},
  navs: { line: () => lineFormatSpec as ClassSpec },
};

const seriesSpec: ClassSpec<SeriesH> = {
  name: "ChartSeries",
  scalars: {
    name: { get: (h, env) => seriesOf(env, h).name },
    markerStyle: { get: (h, env) => seriesOf(env, h).markerStyle },
  },
  navs: { format: () => seriesFormatSpec as ClassSpec },
};

const seriesCollectionSpec: ClassSpec<ChartH> = {
  name: "ChartSeriesCollection",
  scalars: { count: { get: (h, env) => chartOf(env, h).series.length } },
  collection: {
    item: () => seriesSpec as ClassSpec,
    items: (owner, h, env) =>
      chartOf(env, h).series.map(
        (_, index) =>
          new FakeChartSeries(
            owner.context,
            `${owner._path}.items[${index}]`,
            () => ({ ...h, index }),
            owner
          )
      ),
  },
};

const titleSpec: ClassSpec<ChartH> = {
  name: "ChartTitle",
  scalars: {
    text: { get: (h, env) => chartOf(env, h).title ?? "" },
    visible: { get: (h, env) => chartOf(env, h).title !== null },
  },
};

const legendSpec: ClassSpec<ChartH> = {
  name: "ChartLegend",
  scalars: { position: { get: (h, env) => chartOf(env, h).legendPosition } },
};

const chartSpec: ClassSpec<ChartH> = {
  name: "Chart",
  scalars: {
    name: { get: (h, env) => chartOf(env, h).name },
    id: { get: (h, env) => chartOf(env, h).id },
  },
  navs: {
    title: () => titleSpec as ClassSpec,
    legend: () => legendSpec as ClassSpec,
    series: () => seriesCollectionSpec as ClassSpec,
  },
};

const chartCollectionSpec: ClassSpec<ChartsH> = {
  name: "ChartCollection",
  scalars: { count: { get: (h, env) => sheetOf(env, h.sheetId).charts.length } },
  collection: {
    item: () => chartSpec as ClassSpec,
    items: (owner, h, env) =>
      sheetOf(env, h.sheetId).charts.map((chart) => {
        const chartId = chart.id;
        return new FakeChart(
          owner.context,
          `${owner._path}.items[${q(chart.name)}]`,
          () => ({ sheetId: h.sheetId, chartId }),
          owner
        );
      }),
  },
};

function notLoadedItems(className: string): FakeRichApiError {
  return new FakeRichApiError(
    FakeErrorCodes.propertyNotLoaded,
    `The property 'items' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    `${className}.items`
  );
}

function slotValue<T>(value: T | undefined, location: string): T {
  if (value === undefined)
    throw new FakeRichApiError(
      FakeErrorCodes.generalException,
      "The object was used before the command that creates it ran.",
      location
    );
  return value;
}

/** The series a new chart gets from its source: one per column (by columns or auto) or per row. */
function seriesFrom(source: FakeChartRef, byRows: boolean): SeriesModel[] {
  const { top, left, bottom, right } = source.rect;
  const count = byRows ? bottom - top + 1 : right - left + 1;
  return Array.from({ length: count }, (_, i) => ({
    name: `Series${i + 1}`,
    values: {
      sheetId: source.sheetId,
      rect: byRows
        ? { top: top + i, left, bottom: top + i, right }
        : { top, left: left + i, bottom, right: left + i },
    },
    xValues: null,
    lineColor: null,
    lineStyle: "Continuous",
    lineWeight: 2.25,
    markerStyle: "Automatic",
  }));
}

export class FakeChartCollection extends FakeClientObject<ChartsH> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<ChartsH>,
    parent: FakeClientObject
  ) {
    super(context, {
      className: "ChartCollection",
      path,
      spec: chartCollectionSpec,
      resolve,
      parent,
      cache: false,
    });
  }

  get items(): FakeChart[] {
    if (this._isNull === true) return undefined as unknown as FakeChart[];
    if (!this._items) throw notLoadedItems(this._className);
    return this._items as unknown as FakeChart[];
  }

  get count(): number {
    return this._read("count");
  }

  add(type: unknown, sourceData: unknown, seriesBy: unknown = "Auto"): FakeChart {
    const location = "ChartCollection.add";
    const slot: { id?: ChartH } = {};
    const described = sourceData instanceof FakeClientObject ? sourceData._path : q(sourceData);
    this._call("add", [q(type), described, q(seriesBy)], "addChart", (h, env) => {
      if (!enumValues("ChartType").includes(type as string))
        throw invalidArgument("type", location, `${q(type)} is not a ChartType`);
      if (!["Line", "LineMarkers"].includes(type as string))
        throw notImplemented(`${location}(${q(type)}): only line charts are modelled`);
      if (!enumValues("ChartSeriesBy").includes(seriesBy as string))
        throw invalidArgument("seriesBy", location, `${q(seriesBy)} is not a ChartSeriesBy`);
      const source = rangeArgument(this, env, sourceData, location);
      const data = sheetOf(env, source.sheetId);
      const { top, left, right } = source.rect;
      for (let c = left; c <= right; c++)
        if (typeof data.cells.get(cellKey(top, c))?.value === "string")
          throw notImplemented(
            `${location}: a source whose first row holds text (Excel's header guess is not modelled)`
          );
      const sheet = sheetOf(env, h.sheetId);
      const chart: ChartModel = {
        id: newId(env.model, "chart"),
        name: `Chart ${sheet.charts.length + 1}`,
        type: type as string,
        title: null,
        legendPosition: "Right",
        position: null,
        series: seriesFrom(source, seriesBy === "Rows"),
      };
      sheet.charts.push(chart);
      slot.id = { sheetId: sheet.id, chartId: chart.id };
      return { chart: chart.name, series: chart.series.length };
    });
    return new FakeChart(
      this.context,
      `${this._path}.add(${q(type)})`,
      () => slotValue(slot.id, location),
      this
    );
  }

  private _find(env: SyncEnv, name: string, location: string): ChartH | null {
    if (typeof name !== "string") throw invalidArgument("name", location);
    const h = this._resolveExisting(env, "getItem");
    const chart = sheetOf(env, h.sheetId).charts.find(
      (c) => c.name.toLowerCase() === name.toLowerCase()
    );
    return chart ? { sheetId: h.sheetId, chartId: chart.id } : null;
  }

  getItem(name: string): FakeChart {
    return new FakeChart(
      this.context,
      `${this._path}.getItem(${q(name)})`,
      (env) => this._find(env, name, "ChartCollection.getItem"),
      this
    );
  }

  getItemOrNullObject(name: string): FakeChart {
    const chart = new FakeChart(
      this.context,
      `${this._path}.getItemOrNullObject(${q(name)})`,
      (env) => this._find(env, name, "ChartCollection.getItemOrNullObject"),
      this,
      true
    );
    chart._probe();
    return chart;
  }

  getItemAt(index: number): FakeChart {
    return new FakeChart(
      this.context,
      `${this._path}.getItemAt(${index})`,
      (env) => {
        const h = this._resolveExisting(env, "getItemAt");
        const chart = sheetOf(env, h.sheetId).charts[index];
        return chart ? { sheetId: h.sheetId, chartId: chart.id } : null;
      },
      this
    );
  }

  getCount(): FakeClientResult<number> {
    return this._result("getCount", [], (h, env) => sheetOf(env, h.sheetId).charts.length);
  }
}

export class FakeChart extends FakeClientObject<ChartH> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<ChartH>,
    parent: FakeClientObject,
    nullable = false
  ) {
    super(context, { className: "Chart", path, spec: chartSpec, resolve, parent, nullable });
  }

  get name(): string {
    return this._read("name");
  }
  set name(value: string) {
    this._write("name", value, "setChartName", (h, v, env) => {
      if (typeof v !== "string" || v === "" || v.length > 255)
        throw invalidArgument("name", "Chart.name", `${q(v)} is not a chart name`);
      chartOf(env, h).name = v;
      return { name: v };
    });
  }

  get id(): string {
    return this._read("id");
  }

  get title(): FakeChartTitle {
    return this._child(
      "title",
      () => new FakeChartTitle(this.context, `${this._path}.title`, this)
    );
  }

  get legend(): FakeChartLegend {
    return this._child(
      "legend",
      () => new FakeChartLegend(this.context, `${this._path}.legend`, this)
    );
  }

  get series(): FakeChartSeriesCollection {
    return this._child(
      "series",
      () => new FakeChartSeriesCollection(this.context, `${this._path}.series`, this)
    );
  }

  /** From one cell to another (the chart covers both), given as addresses on the chart's sheet. */
  setPosition(startCell: unknown, endCell?: unknown): void {
    const location = "Chart.setPosition";
    this._call("setPosition", [q(startCell), q(endCell)], "setChartPosition", (h, env) => {
      const sheet = sheetOf(env, h.sheetId);
      const start = positionCell(startCell, sheet, location);
      const end = endCell === undefined ? start : positionCell(endCell, sheet, location);
      const rect: Rect = {
        top: Math.min(start.top, end.top),
        left: Math.min(start.left, end.left),
        bottom: Math.max(start.bottom, end.bottom),
        right: Math.max(start.right, end.right),
      };
      chartOf(env, h).position = rect;
      return { position: rect };
    });
  }

  delete(): void {
    this._call("delete", [], "deleteChart", (h, env) => {
      const sheet = sheetOf(env, h.sheetId);
      const chart = chartOf(env, h);
      sheet.charts = sheet.charts.filter((c) => c !== chart);
      return { chart: chart.name };
    });
  }
}

/** A child object of one chart (its title, legend, series collection), resolving through it. */
class ChartChild extends FakeClientObject<ChartH> {
  constructor(
    context: FakeRequestContext,
    className: string,
    path: string,
    spec: ClassSpec<ChartH>,
    parent: FakeChart
  ) {
    super(context, {
      className,
      path,
      spec,
      parent,
      cache: false,
      resolve: (env) => parent._resolve(env),
    });
  }
}

export class FakeChartTitle extends ChartChild {
  constructor(context: FakeRequestContext, path: string, parent: FakeChart) {
    super(context, "ChartTitle", path, titleSpec, parent);
  }

  get text(): string {
    return this._read("text");
  }
  set text(value: string) {
    this._write("text", value, "setChartTitle", (h, v, env) => {
      if (typeof v !== "string") throw invalidArgument("text", "ChartTitle.text");
      chartOf(env, h).title = v;
      return { title: v };
    });
  }

  get visible(): boolean {
    return this._read("visible");
  }
  set visible(value: boolean) {
    this._write("visible", value, "setChartTitleVisible", (h, v, env) => {
      if (typeof v !== "boolean") throw invalidArgument("visible", "ChartTitle.visible");
      const chart = chartOf(env, h);
      chart.title = v ? (chart.title ?? "Chart Title") : null;
      return { visible: v };
    });
  }
}

export class FakeChartLegend extends ChartChild {
  constructor(context: FakeRequestContext, path: string, parent: FakeChart) {
    super(context, "ChartLegend", path, legendSpec, parent);
  }

  get position(): string {
    return this._read("position");
  }
  set position(value: string) {
    this._write("position", value, "setChartLegendPosition", (h, v, env) => {
      if (!enumValues("ChartLegendPosition").includes(v as string) || v === "Invalid")
        throw invalidArgument(
          "position",
          "ChartLegend.position",
          `${q(v)} is not a ChartLegendPosition`
        );
      chartOf(env, h).legendPosition = v as string;
      return { position: v };
    });
  }
}

export class FakeChartSeriesCollection extends ChartChild {
  constructor(context: FakeRequestContext, path: string, parent: FakeChart) {
    super(context, "ChartSeriesCollection", path, seriesCollectionSpec, parent);
  }

  get items(): FakeChartSeries[] {
    if (this._isNull === true) return undefined as unknown as FakeChartSeries[];
    if (!this._items) throw notLoadedItems(this._className);
    return this._items as unknown as FakeChartSeries[];
  }

  get count(): number {
    return this._read("count");
  }

  getItemAt(index: number): FakeChartSeries {
    return new FakeChartSeries(
      this.context,
      `${this._path}.getItemAt(${index})`,
      (env) => {
        const h = this._resolveExisting(env, "getItemAt");
        if (!Number.isInteger(index) || index < 0 || index >= chartOf(env, h).series.length)
          return null;
        return { ...h, index };
      },
      this
    );
  }

  getCount(): FakeClientResult<number> {
    return this._result("getCount", [], (h, env) => chartOf(env, h).series.length);
  }

  /** A new, empty series at the end (an `index` is not modelled); its values are set with `setValues`. */
  add(name?: string, index?: number): FakeChartSeries {
    const location = "ChartSeriesCollection.add";
    if (index !== undefined) throw notImplemented(`${location}(name, index)`);
    const slot: { h?: SeriesH } = {};
    this._call("add", [q(name)], "addChartSeries", (h, env) => {
      if (name !== undefined && typeof name !== "string") throw invalidArgument("name", location);
      const chart = chartOf(env, h);
      const first = chart.series[0];
      chart.series.push({
        name: name ?? `Series${chart.series.length + 1}`,
        // Excel gives a new series no values until setValues; the fake keeps the first series' sheet, no cells.
        values: {
          sheetId: first?.values.sheetId ?? h.sheetId,
          rect: { top: 0, left: 0, bottom: -1, right: -1 },
        },
        xValues: null,
        lineColor: null,
        lineStyle: "Continuous",
        lineWeight: 2.25,
        markerStyle: "Automatic",
      });
      slot.h = { ...h, index: chart.series.length - 1 };
      return { series: name ?? null };
    });
    return new FakeChartSeries(
      this.context,
      `${this._path}.add(${q(name)})`,
      () => slotValue(slot.h, location),
      this
    );
  }
}

export class FakeChartSeries extends FakeClientObject<SeriesH> {
  constructor(
    context: FakeRequestContext,
    path: string,
    resolve: Resolver<SeriesH>,
    parent: FakeClientObject
  ) {
    super(context, { className: "ChartSeries", path, spec: seriesSpec, resolve, parent });
  }

  get name(): string {
    return this._read("name");
  }
  set name(value: string) {
    this._write("name", value, "setChartSeriesName", (h, v, env) => {
      if (typeof v !== "string") throw invalidArgument("name", "ChartSeries.name");
      seriesOf(env, h).name = v;
      return { name: v };
    });
  }

  get markerStyle(): string {
    return this._read("markerStyle");
  }
  set markerStyle(value: string) {
    this._write("markerStyle", value, "setChartMarkerStyle", (h, v, env) => {
      if (
        !enumValues("ChartMarkerStyle").includes(v as string) ||
        v === "Invalid" ||
        v === "Picture"
      )
        throw invalidArgument(
          "markerStyle",
          "ChartSeries.markerStyle",
          `${q(v)} is not a marker style`
        );
      seriesOf(env, h).markerStyle = v as string;
      return { markerStyle: v };
    });
  }

  get format(): FakeChartSeriesFormat {
    return this._child(
      "format",
      () => new FakeChartSeriesFormat(this.context, `${this._path}.format`, this)
    );
  }

  /** One row or column of cells. */
  setValues(sourceData: unknown): void {
    this._setRange("setValues", sourceData, (series, ref) => (series.values = ref));
  }

  /** One row or column of cells. */
  setXAxisValues(sourceData: unknown): void {
    this._setRange("setXAxisValues", sourceData, (series, ref) => (series.xValues = ref));
  }

  private _setRange(
    member: string,
    sourceData: unknown,
    assign: (series: SeriesModel, ref: FakeChartRef) => void
  ): void {
    const location = `ChartSeries.${member}`;
    const described = sourceData instanceof FakeClientObject ? sourceData._path : q(sourceData);
    this._call(member, [described], member, (h, env) => {
      const ref = rangeArgument(this, env, sourceData, location);
      if (ref.rect.top !== ref.rect.bottom && ref.rect.left !== ref.rect.right)
        throw invalidArgument("sourceData", location, "the range is not one row or one column");
      assign(seriesOf(env, h), ref);
      return { range: `${ref.rect.top},${ref.rect.left}:${ref.rect.bottom},${ref.rect.right}` };
    });
  }
}

/** A child object of one series (its format and line), resolving through it. */
class SeriesChild extends FakeClientObject<SeriesH> {
  constructor(
    context: FakeRequestContext,
    className: string,
    path: string,
    spec: ClassSpec<SeriesH>,
    parent: FakeClientObject<SeriesH>
  ) {
    super(context, {
      className,
      path,
      spec,
      parent,
      cache: false,
      resolve: (env) => parent._resolve(env),
    });
  }
}

export class FakeChartSeriesFormat extends SeriesChild {
  constructor(context: FakeRequestContext, path: string, parent: FakeChartSeries) {
    super(context, "ChartSeriesFormat", path, seriesFormatSpec, parent);
  }

  get line(): FakeChartLineFormat {
    return this._child(
      "line",
      () => new FakeChartLineFormat(this.context, `${this._path}.line`, this)
    );
  }
}

export class FakeChartLineFormat extends SeriesChild {
  constructor(context: FakeRequestContext, path: string, parent: FakeChartSeriesFormat) {
    super(context, "ChartLineFormat", path, lineFormatSpec, parent);
  }

  get color(): string {
    return this._read("color");
  }
  set color(value: string) {
    this._write("color", value, "setChartLineColor", (h, v, env) => {
      const color = normaliseColor(v, "ChartLineFormat.color");
      seriesOf(env, h).lineColor = color === "" ? null : color;
      return { color };
    });
  }

  get lineStyle(): string {
    return this._read("lineStyle");
  }
  set lineStyle(value: string) {
    this._write("lineStyle", value, "setChartLineStyle", (h, v, env) => {
      if (!enumValues("ChartLineStyle").includes(v as string))
        throw invalidArgument(
          "lineStyle",
          "ChartLineFormat.lineStyle",
          `${q(v)} is not a ChartLineStyle`
        );
      seriesOf(env, h).lineStyle = v as string;
      return { lineStyle: v };
    });
  }

  get weight(): number {
    return this._read("weight");
  }
  set weight(value: number) {
    this._write("weight", value, "setChartLineWeight", (h, v, env) => {
      if (typeof v !== "number" || !(v >= 0.25 && v <= 1584))
        throw invalidArgument("weight", "ChartLineFormat.weight", `${q(v)} is not a line weight`);
      seriesOf(env, h).lineWeight = v;
      return { weight: v };
    });
  }
}
