/**
 * Runs the Office adapter against the strict fake Excel: a fake over a workbook
 * spec, the `OfficeHost` the adapter wants, and the Excel globals the adapter
 * reads its enums from (`Excel.ClearApplyTo` …) installed while a test runs.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
import { createOfficeActions, type OfficeHost } from "../../src/office/port";
import type { SyncCounter } from "../../src/office/read";
import { installExcelJsFixes } from "../exceljs/exceljs-fixes";
import type { HostActions } from "../../src/session/host-actions";
import {
  createFakeOffice,
  createFakeWorkbook,
  type FakeOffice,
  type FakeOfficeOptions,
  type FakeWorkbookSpec,
} from "../fake-excel";
import { fakeSpecFromExcelJs } from "./from-xlsx";

/** Desktop Excel has no 5 MB payload limit (only Excel on the web has). */
export const DESKTOP: FakeOfficeOptions = {
  platform: "PC",
  limits: { maxPayloadBytes: Number.POSITIVE_INFINITY },
};
export const WEB: FakeOfficeOptions = { platform: "OfficeOnline" };

export function fakeOffice(
  spec: FakeWorkbookSpec,
  options: FakeOfficeOptions = DESKTOP
): FakeOffice {
  return createFakeOffice(createFakeWorkbook(spec), options);
}

/** The adapter's view of the fake host, exactly as `defaultHost()` builds it from Office.js. */
export function hostOf(fake: FakeOffice): OfficeHost {
  return {
    run: (batch) => fake.Excel.run(batch),
    runIn: (context, batch) => fake.Excel.run(context, batch),
    isSetSupported: (name, version) =>
      fake.Office.context.requirements.isSetSupported(name, version),
    web: fake.Office.context.platform === fake.Office.PlatformType.OfficeOnline,
  };
}

export interface Session {
  readonly fake: FakeOffice;
  readonly actions: HostActions;
  readonly counter: SyncCounter;
}

export function session(spec: FakeWorkbookSpec, options: FakeOfficeOptions = DESKTOP): Session {
  const fake = fakeOffice(spec, options);
  const counter = { syncs: 0 };
  return { fake, actions: createOfficeActions(hostOf(fake), counter), counter };
}

export const NEVER_ABORTED = new AbortController().signal;

/** Rates with the task pane's defaults. */
export function rate(actions: HostActions): ReturnType<HostActions["rate"]> {
  return actions.rate({}, () => {}, NEVER_ABORTED);
}

/**
 * The adapter reads `Excel.*` enums from the global namespace, as in the task
 * pane. Any fake's namespace serves: the enums are the same in all of them.
 */
export function installExcelGlobals(): void {
  let uninstall: (() => void) | undefined;
  beforeAll(() => {
    uninstall = createFakeOffice(createFakeWorkbook({ sheets: [{ name: "Sheet1" }] })).install();
  });
  afterAll(() => uninstall?.());
}

/** examples/district-scorecard.xlsx as ExcelJS reads it for the command line. */
export async function loadExample(): Promise<ExcelJS.Workbook> {
  installExcelJsFixes();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(EXAMPLE_PATH);
  return workbook;
}

/** The example district scorecard as a fake Excel workbook. */
export async function exampleSpec(): Promise<FakeWorkbookSpec> {
  return fakeSpecFromExcelJs(await loadExample());
}

/** Every API member the fake saw touched, as `Class.member`. */
export function touchedMembers(fake: FakeOffice): string[] {
  return [...fake.stats.apiMembers].flatMap(([className, members]) =>
    [...members].map((member) => `${className}.${member}`)
  );
}
