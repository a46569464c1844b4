// Browser entry for the end-to-end test, bundled by esbuild and served in place of office-js/office.js: installs the
// strict fake Excel host (test/fake-excel) over the workbook spec the test put on `window`, so Office.onReady
// resolves with host Excel, and exposes the fake for the test's assertions.
import {
  createFakeOffice,
  createFakeWorkbook,
  formatRect,
  snapshotModel,
  type FakeSnapshot,
  type FakeWorkbookSpec,
} from "../fake-excel";

/** What the test reads back from the page. */
export interface E2EFake {
  snapshot(): FakeSnapshot;
  /** The selected range, as sheet name and address (`F9`). */
  selection(): { sheet: string; address: string };
  runs(): number;
}

declare global {
  interface Window {
    __SCORECARD_FAKE_SPEC__?: FakeWorkbookSpec;
    /** `Office.context.officeTheme` to give the page (the fake has none of its own). */
    __SCORECARD_FAKE_THEME__?: Record<string, unknown>;
    __scorecardFake?: E2EFake;
  }
}

const spec = window.__SCORECARD_FAKE_SPEC__;
if (!spec)
  throw new Error("e2e: window.__SCORECARD_FAKE_SPEC__ is not set before office.js loads.");
const fake = createFakeOffice(createFakeWorkbook(spec), { platform: "OfficeOnline" });
fake.install(window);
if (window.__SCORECARD_FAKE_THEME__)
  Object.defineProperty(fake.Office.context, "officeTheme", {
    value: window.__SCORECARD_FAKE_THEME__,
  });
window.__scorecardFake = {
  snapshot: () => snapshotModel(fake.model),
  selection: () => ({
    sheet: fake.model.sheets.find((s) => s.id === fake.model.selection.sheetId)?.name ?? "",
    address: formatRect(fake.model.selection.rect),
  }),
  runs: () => fake.stats.runCount,
};
