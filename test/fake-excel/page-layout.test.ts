import { describe, expect, it } from "vitest";
import { findSheet, snapshotModel } from "./index";
import { run, setup } from "./testkit";

describe("PageLayout", () => {
  it("sets orientation, paper, fit to pages and print titles, and loads them back", async () => {
    const fake = setup();
    const loaded = await run(fake, async (context) => {
      const layout = context.workbook.worksheets.getItem("Notes").pageLayout;
      layout.orientation = fake.Excel.PageOrientation.landscape;
      layout.paperSize = fake.Excel.PaperType.a4;
      layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 2 };
      layout.setPrintTitleRows("$1:$1");
      await context.sync();
      layout.load("orientation,paperSize,zoom");
      await context.sync();
      return { orientation: layout.orientation, paper: layout.paperSize, zoom: layout.zoom };
    });
    expect(loaded).toEqual({
      orientation: "Landscape",
      paper: "A4",
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 2 },
    });
    expect(findSheet(fake.model, "Notes")!.pageLayout.printTitleRows).toEqual({
      top: 0,
      bottom: 0,
    });
    expect(snapshotModel(fake.model).sheets.Notes!.pageLayout).toEqual({
      orientation: "Landscape",
      paperSize: "A4",
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 2 },
      printTitleRows: "$1:$1",
    });
    // A sheet whose page layout was never set has none in its snapshot (existing snapshots are unchanged).
    expect(snapshotModel(fake.model).sheets["People Q2"]!.pageLayout).toBeUndefined();
  });

  it.each([
    ["a scale and fit-to-pages together", { scale: 80, horizontalFitToPages: 1 }],
    ["a scale out of range", { scale: 5 }],
    ["a fraction of a page", { horizontalFitToPages: 1.5 }],
    ["an unknown option", { fitToWidth: 1 }],
    ["no option", {}],
  ])("refuses a zoom of %s", async (_label, zoom) => {
    const fake = setup();
    await expect(
      run(fake, async (context) => {
        context.workbook.worksheets.getItem("Notes").pageLayout.zoom =
          zoom as Excel.PageLayoutZoomOptions;
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "InvalidArgument" });
  });

  it("refuses print titles that are not whole rows of the sheet, and a Range argument", async () => {
    for (const rows of ["A1:B1", "'People Q2'!$1:$1"]) {
      const fake = setup();
      await expect(
        run(fake, async (context) => {
          context.workbook.worksheets.getItem("Notes").pageLayout.setPrintTitleRows(rows);
          await context.sync();
        })
      ).rejects.toMatchObject({ code: "InvalidArgument" });
    }
    const fake = setup();
    await expect(
      run(fake, async (context) => {
        const sheet = context.workbook.worksheets.getItem("Notes");
        sheet.pageLayout.setPrintTitleRows(sheet.getRange("1:1"));
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "NotImplemented" });
  });

  it("refuses what it does not model, and needs ExcelApi 1.9", async () => {
    const fake = setup();
    await run(fake, async (context) => {
      const layout = context.workbook.worksheets.getItem("Notes").pageLayout;
      expect(() => {
        layout.leftMargin = 10;
      }).toThrow(/not implemented in fake: PageLayout.leftMargin/);
    });
    const old = setup(undefined, { requirementSets: { ExcelApi: "1.8" } });
    await run(old, async (context) => {
      expect(() => context.workbook.worksheets.getItem("Notes").pageLayout).toThrow(
        expect.objectContaining({ code: "ApiNotFound" })
      );
    });
  });

  it("is refused on a protected sheet", async () => {
    const fake = setup();
    findSheet(fake.model, "Notes")!.protected = true;
    await expect(
      run(fake, async (context) => {
        context.workbook.worksheets.getItem("Notes").pageLayout.orientation = "Landscape";
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "AccessDenied" });
  });
});
