/**
 * Office adapter benchmark: what reading a workbook and writing the ratings
 * back costs in round trips and bytes, through the strict fake Excel
 * (test/fake-excel), for district scorecards of 13 tabs (24 monthly period
 * columns each) with 10, 1,000 and 50,000 indicator rows a tab, on desktop
 * Excel (no payload limit) and on Excel on the web (5 MB a request or
 * response). Prints, for each: the read's syncs, the write's syncs, all
 * requests, their total and largest bytes, the largest response, and wall
 * times. No assertions: the tests in test/office hold the limits.
 *
 * The write plan is the workbook layer's own plan for the first tab's first
 * 1,000 rows (runWorkbook), repeated down to the tab's length and across the
 * 13 tabs: rating 650,000 rows through the workbook layer takes minutes, and
 * that is the workbook layer's cost, not the adapter's.
 *
 * Run: npm run bench:office
 */
import { performance } from "node:perf_hooks";
import { WEB_REQUEST_BUDGET } from "../src/office/port";
import { applyPlan, type ApplyOptions } from "../src/office/apply";
import { readWorkbook, type OfficeSnapshot } from "../src/office/read";
import { cellAddress, parseRange } from "../src/workbook/address";
import type { SheetPlan } from "../src/workbook/plan";
import { runWorkbook, type WritePlan } from "../src/workbook/run";
import { stateCells, type StoredState } from "../src/workbook/state";
import {
  createFakeOffice,
  createFakeWorkbook,
  type FakeOfficeOptions,
  type FakeWorkbookSpec,
} from "../test/fake-excel";
import { DISTRICTS, FIRST_DATA_ROW, HEADER_ROW, scorecardWorkbook } from "../test/office/scorecard";

const SIZES = [10, 1_000, 50_000];
const TEMPLATE_ROWS = 1_000;
const MB = 1024 * 1024;

const HOSTS: { label: string; options: FakeOfficeOptions; maxRequestBytes?: number }[] = [
  {
    label: "desktop",
    options: { platform: "PC", limits: { maxPayloadBytes: Number.POSITIVE_INFINITY } },
  },
  {
    label: "web (5 MB)",
    options: { platform: "OfficeOnline", limits: { maxPayloadBytes: 5 * MB } },
    maxRequestBytes: WEB_REQUEST_BUDGET,
  },
];

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** The adapter reads Excel's enums from the global namespace, as in the task pane. */
createFakeOffice(createFakeWorkbook({ sheets: [{ name: "Sheet1" }] })).install();

async function readFake(spec: FakeWorkbookSpec, options: FakeOfficeOptions) {
  const fake = createFakeOffice(createFakeWorkbook(spec), options);
  const counter = { syncs: 0 };
  const started = performance.now();
  const snapshot = await fake.Excel.run((context) =>
    readWorkbook(context, { mergedAreas: true, notes: true }, counter)
  );
  return { fake, snapshot, syncs: counter.syncs, ms: performance.now() - started };
}

/** What applyPlan needs from the read; the rest of the snapshot (20 million cells at 50,000 rows) can go. */
function writeOptionsFrom(
  snapshot: OfficeSnapshot,
  maxRequestBytes: number | undefined
): ApplyOptions {
  return {
    notes: true,
    stateSheetExists: snapshot.state !== undefined,
    notedCells: new Map(snapshot.sheets.map((s) => [s.name, new Set(s.notedCells ?? [])])),
    ownFormats: snapshot.ownFormats,
    protectedSheets: snapshot.protectedSheets,
    ...(maxRequestBytes ? { maxRequestBytes } : {}),
  };
}

/** The workbook layer's plan for one tab of `rows` rows (at most TEMPLATE_ROWS). */
async function templatePlan(rows: number): Promise<SheetPlan> {
  const spec = scorecardWorkbook(Math.min(rows, TEMPLATE_ROWS), 1);
  const { snapshot } = await readFake(spec, HOSTS[0]!.options);
  const plan = runWorkbook(snapshot).plan.sheets[0];
  if (!plan || plan.writes.length !== 1)
    throw new Error("the template tab was not rated as one table");
  return plan;
}

const rowOf = (cell: string): number => parseRange(cell)!.top;
const columnOf = (cell: string): number => parseRange(cell)!.left;

/** The template's output repeated down `rows` indicator rows, on the tab `sheet`. */
function scaled(template: SheetPlan, rows: number, sheet: string): SheetPlan {
  const write = template.writes[0]!;
  const templateRows = write.values.length - 1;
  const bottom = HEADER_ROW + rows;
  const values = [write.values[0]!];
  for (let i = 0; i < rows; i++) values.push(write.values[1 + (i % templateRows)]!);
  const notes = template.notes.flatMap((note) => {
    const first = rowOf(note.cell) - FIRST_DATA_ROW;
    const out = [];
    for (let i = first; i < rows; i += templateRows)
      out.push({ cell: cellAddress(FIRST_DATA_ROW + i, columnOf(note.cell)), text: note.text });
    return out;
  });
  const blocks = template.blocks.map((b) => ({
    ...b,
    name: `ScorecardRAG_${(DISTRICTS as readonly string[]).indexOf(sheet) + 1}`,
    range: { ...b.range, bottom },
    record: { ...b.record, sheet, tableId: b.record.tableId.replace(template.sheet, sheet) },
  }));
  return {
    ...template,
    sheet,
    writes: [{ range: { ...write.range, bottom }, values }],
    conditionalFormats: template.conditionalFormats.map((cf) => ({
      ...cf,
      range: { ...cf.range, bottom },
    })),
    notes,
    blocks,
  };
}

function planFor(template: SheetPlan, rows: number): WritePlan {
  const sheets = DISTRICTS.map((name) => scaled(template, rows, name));
  const state: StoredState = {
    version: 2,
    settings: {},
    overrides: {},
    blocks: Object.fromEntries(sheets.flatMap((s) => s.blocks.map((b) => [b.name, b.record]))),
  };
  const names = sheets.flatMap((s) =>
    s.blocks.map((b) => ({ name: b.name, sheet: s.sheet, range: b.range }))
  );
  return { sheets, names, state, stateCells: stateCells(state) };
}

/** Reads the workbook and keeps only what the write needs, so the snapshot can be collected. */
async function readForWrite(spec: FakeWorkbookSpec, host: (typeof HOSTS)[number]) {
  const { fake, snapshot, syncs, ms } = await readFake(spec, host.options);
  return {
    fake,
    writeOptions: writeOptionsFrom(snapshot, host.maxRequestBytes),
    readSyncs: syncs,
    readMs: ms,
  };
}

const kb = (bytes: number): string =>
  bytes >= MB ? `${(bytes / MB).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const header = [
  "rows/tab",
  "host",
  "read syncs",
  "write syncs",
  "requests",
  "request bytes",
  "largest request",
  "largest response",
  "read",
  "write",
];
const table: string[][] = [];
const started = performance.now();

for (const rows of SIZES) {
  const template = await templatePlan(rows);
  const plan = planFor(template, rows);
  const spec = scorecardWorkbook(rows);
  for (const host of HOSTS) {
    gc();
    const { fake, writeOptions, readSyncs, readMs } = await readForWrite(spec, host);
    const stats = fake.stats;
    const counter = { syncs: 0 };
    const writeStarted = performance.now();
    await fake.Excel.run((context) => applyPlan(context, plan, writeOptions, counter));
    const writeMs = performance.now() - writeStarted;
    const requests = stats.syncs;
    table.push([
      rows.toLocaleString("en-GB"),
      host.label,
      String(readSyncs),
      String(counter.syncs),
      `${requests.length}${requests.some((r) => r.error) ? ` (${requests.filter((r) => r.error).length} refused)` : ""}`,
      kb(requests.reduce((n, r) => n + r.requestBytes, 0)),
      kb(Math.max(...requests.map((r) => r.requestBytes))),
      kb(Math.max(...requests.filter((r) => !r.error).map((r) => r.responseBytes))),
      seconds(readMs),
      seconds(writeMs),
    ]);
    // Progress on stderr, so that stdout is the table alone.
    console.error(table.at(-1)!.join(" | "));
  }
}

const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
console.log(
  `\nOffice adapter through the fake Excel: 13 district tabs, 24 monthly columns (${seconds(performance.now() - started)} in all)\n`
);
console.log(line(header));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const row of table) console.log(line(row));
