// @vitest-environment jsdom
import "./setup";
import * as React from "react";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { OutputColumns, settingsWithColumn } from "../../src/taskpane/components/OutputColumns";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";

function renderColumns(settings: Parameters<typeof OutputColumns>[0]["settings"]) {
  const onSave = vi.fn();
  render(
    <FluentProvider theme={webLightTheme}>
      <OutputColumns settings={settings} onSave={onSave} />
    </FluentProvider>
  );
  return onSave;
}

describe("OutputColumns", () => {
  it("shows each optional column on unless the workbook saved it off", () => {
    renderColumns({ columns: { assurance: false } });
    const group = screen.getByRole("group", { name: "Extra columns" });
    const boxes = within(group).getAllByRole("checkbox") as HTMLInputElement[];
    expect(boxes.map((b) => b.checked)).toEqual([true, false, true]);
    expect(within(group).getByRole("checkbox", { name: /Variation/ })).toBeTruthy();
  });

  it("saves a change, keeping the other settings", async () => {
    const user = userEvent.setup({ delay: null });
    const onSave = renderColumns({ preset: "floor" });
    await user.click(screen.getByRole("checkbox", { name: /benchmark/i }));
    expect(onSave).toHaveBeenCalledWith({ preset: "floor", columns: { benchmark: false } });
  });

  it("merges one column into the saved ones", () => {
    expect(settingsWithColumn({ columns: { variation: false } }, "assurance", true)).toEqual({
      columns: { variation: false, assurance: true },
    });
  });
});
