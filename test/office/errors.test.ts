/** When Excel refuses, the task pane is told which sheet, and the workbook is not left half-written. */
import { describe, expect, it } from "vitest";
import { SheetWriteError } from "../../src/office/apply";
import { diffSnapshots, findSheet, snapshotModel, type FakeWorkbookSpec } from "../fake-excel";
import { installExcelGlobals, NEVER_ABORTED, rate, session } from "./harness";
import { districtSheet } from "./scorecard";

installExcelGlobals();

const spec = (protectedSheet?: string): FakeWorkbookSpec => ({
  sheets: ["Kent", "Ashford", "Dover"].map((name) => ({
    ...districtSheet(name, { rows: 8 }),
    protected: name === protectedSheet,
  })),
});

async function failure(promise: Promise<unknown>): Promise<SheetWriteError> {
  const error = await promise.then(
    () => undefined,
    (cause: unknown) => cause
  );
  expect(error).toBeInstanceOf(SheetWriteError);
  return error as SheetWriteError;
}

describe("a protected sheet", () => {
  it("rating refuses before writing anything, naming the sheet", async () => {
    const { fake, actions } = session(spec("Ashford"));
    const before = snapshotModel(fake.model);
    const error = await failure(rate(actions));
    expect(error.sheets).toEqual(["Ashford"]);
    expect(error.message).toMatch(/^The sheet "Ashford" is protected, so nothing was written\./);
    expect(diffSnapshots(before, snapshotModel(fake.model))).toEqual([]);
  });

  it("rating only the other sheets works", async () => {
    const { fake, actions } = session(spec("Ashford"));
    await actions.rate({ sheets: ["Kent", "Dover"] }, () => {}, NEVER_ABORTED);
    expect(findSheet(fake.model, "Kent")!.conditionalFormats.length).toBeGreaterThan(0);
    expect(findSheet(fake.model, "Ashford")!.conditionalFormats).toEqual([]);
  });

  it("clearing a sheet protected since it was rated refuses, naming it", async () => {
    const { fake, actions } = session(spec());
    await rate(actions);
    findSheet(fake.model, "Dover")!.protected = true;
    const rated = snapshotModel(fake.model);
    const error = await failure(actions.clear());
    expect(error.sheets).toEqual(["Dover"]);
    expect(error.message).toMatch(/"Dover" is protected/);
    expect(diffSnapshots(rated, snapshotModel(fake.model))).toEqual([]);
  });

  it("a sheet protected between the read and the write: Excel's refusal names that sheet", async () => {
    const { fake, actions } = session(spec());
    const error = await failure(
      actions.rate(
        {},
        (progress) => {
          // Someone protects Dover while the ratings are being worked out.
          if (progress.stage === "writing") findSheet(fake.model, "Dover")!.protected = true;
        },
        NEVER_ABORTED
      )
    );
    expect(error.code).toBe("AccessDenied");
    expect(error.sheets).toEqual(["Dover"]);
    expect(error.message).toMatch(/^Could not write to the sheet "Dover": /);
  });
});

describe("a write that fails", () => {
  it("names the sheets the refused request was writing, and leaves the workbook as it was", async () => {
    const { fake, actions } = session(spec());
    const before = snapshotModel(fake.model);
    const error = await failure(
      actions.rate(
        {},
        (progress) => {
          if (progress.stage === "writing") fake.failNextSync("GeneralException", "Excel is busy.");
        },
        NEVER_ABORTED
      )
    );
    expect(error.code).toBe("GeneralException");
    expect(error.sheets).toEqual(["Kent", "Ashford", "Dover"]);
    expect(error.message).toBe(
      'Could not write to the sheets "Kent", "Ashford" and "Dover": Excel is busy.'
    );
    expect(diffSnapshots(before, snapshotModel(fake.model))).toEqual([]);
  });

  it("selecting a cell on a sheet that has gone names the sheet", async () => {
    const { actions } = session(spec());
    const error = await failure(actions.selectCell("Folkestone", "H9"));
    expect(error.message).toMatch(/^Could not select H9 on sheet "Folkestone": /);
    expect(error.code).toBe("ItemNotFound");
  });
});
