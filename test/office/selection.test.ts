/**
 * The Office session's watchSelection: Workbook.onSelectionChanged (ExcelApi 1.2)
 * on the strict fake, each event read as the active sheet and the selected
 * range's address; unsubscribing removes the handler in its own context.
 */
import { describe, expect, it } from "vitest";
import { installExcelGlobals, session } from "./harness";

installExcelGlobals();

const SPEC = {
  sheets: [
    {
      name: "Kent",
      rows: [
        ["PI code", "Value"],
        ["SCS01", 1],
      ],
    },
    { name: "Tunbridge Wells", rows: [["PI code"]] },
  ],
};

describe("watchSelection over Office.js", () => {
  it("reports the sheet and address of each new selection until unsubscribed", async () => {
    const { fake, actions } = session(SPEC);
    const seen: [string, string][] = [];
    const stop = await actions.watchSelection!((sheet, address) => seen.push([sheet, address]));

    await fake.select("Kent", "A2:B2");
    await fake.select("Tunbridge Wells", "3:3");
    expect(seen).toEqual([
      ["Kent", "A2:B2"],
      ["Tunbridge Wells", "3:3"],
    ]);

    // The add-in's own select() changes the selection too, and Excel says so.
    await actions.selectCell("Kent", "B2");
    await fake.eventsSettled();
    expect(seen.at(-1)).toEqual(["Kent", "B2"]);

    await stop();
    await fake.select("Kent", "A1");
    await fake.eventsSettled();
    expect(seen).toHaveLength(3);
  });
});
