import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../../examples/make-example";
import { XlsxPackage } from "../../../src/xlsx/package/archive";
import { StylesXml } from "../../../src/xlsx/package/styles-xml";
import { runCli, tempDir } from "../helpers";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const GOOD = { fill: "#C6EFCE", font: "#006100" };
const BAD = { fill: "#FFC7CE", font: "#9C0006" };
/** A differential format as Excel writes a user's rule: its own shape, never the tool's. */
const USER_DXF = '<dxf><font><b/><color rgb="FF0000FF"/></font></dxf>';

function stylesWith(dxfs: string, count: number): StylesXml {
  return new StylesXml(
    `<styleSheet xmlns="${MAIN}"><cellXfs count="1"><xf numFmtId="0"/></cellXfs><dxfs count="${count}">${dxfs}</dxfs><tableStyles count="0"/></styleSheet>`
  );
}

function dxfsOf(styles: StylesXml): string {
  return /<dxfs\b[^>]*\/>|<dxfs\b[\s\S]*?<\/dxfs>/.exec(styles.toString())![0];
}

describe("StylesXml.dropTrailingDxfs", () => {
  it("removes the tool's formats from the end and writes an empty list as Excel does", () => {
    const styles = stylesWith("", 0);
    expect(styles.dxf(GOOD.fill, GOOD.font)).toBe(0);
    expect(styles.dxf(BAD.fill, BAD.font)).toBe(1);
    expect(styles.dropTrailingDxfs(() => true)).toBe(2);
    expect(dxfsOf(styles)).toBe('<dxfs count="0"/>');
    expect(styles.isChanged).toBe(true);
  });

  it("stops at a format the tool did not write, so no kept index moves", () => {
    const styles = stylesWith(USER_DXF, 1);
    styles.dxf(GOOD.fill, GOOD.font);
    const withUserLast = stylesWith(USER_DXF, 1);
    withUserLast.dxf(GOOD.fill, GOOD.font);
    // The user's rule added after the tool's: nothing after it, the tool's stays before it.
    const userAfter = new StylesXml(
      withUserLast
        .toString()
        .replace("</dxfs>", `${USER_DXF}</dxfs>`)
        .replace('count="2"', 'count="3"')
    );
    expect(styles.dropTrailingDxfs(() => true)).toBe(1);
    expect(dxfsOf(styles)).toBe(`<dxfs count="1">${USER_DXF}</dxfs>`);
    expect(userAfter.dropTrailingDxfs(() => true)).toBe(0);
    expect(userAfter.dxfLooks()).toHaveLength(3);
  });

  it("keeps a tool-shaped format the caller still needs, and those before it", () => {
    const styles = stylesWith("", 0);
    styles.dxf(GOOD.fill, GOOD.font);
    styles.dxf(BAD.fill, BAD.font);
    expect(styles.dropTrailingDxfs((index) => index !== 1)).toBe(0);
    expect(styles.dxfLooks()).toHaveLength(2);
    expect(styles.dropTrailingDxfs((index) => index !== 0)).toBe(1);
    expect(styles.dxfLooks()).toEqual([{ fill: "FFC6EFCE", font: "FF006100" }]);
  });
});

describe("clearing a rated workbook restores styles.xml", () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  const partText = (file: string, part: string): string =>
    XlsxPackage.read(readFileSync(file)).text(part)!;

  it("byte for byte, on a file Excel wrote (the example)", async () => {
    const rated = join(dir.dir, "rated.xlsx");
    const cleared = join(dir.dir, "cleared.xlsx");
    expect((await runCli(["rate", EXAMPLE_PATH, "-o", rated])).code).toBe(0);
    expect(partText(rated, "xl/styles.xml")).toMatch(/<dxfs count="[1-9]\d*">/);
    expect((await runCli(["rate", rated, "--clear", "-o", cleared])).code).toBe(0);
    expect(partText(cleared, "xl/styles.xml")).toBe(partText(EXAMPLE_PATH, "xl/styles.xml"));
  });

  it("keeping the tool's colours a user's own rule has since come to use", async () => {
    const rated = join(dir.dir, "rated-user.xlsx");
    const edited = join(dir.dir, "edited.xlsx");
    const cleared = join(dir.dir, "cleared-user.xlsx");
    expect((await runCli(["rate", EXAMPLE_PATH, "-o", rated])).code).toBe(0);
    // The user adds a rule of their own on the notes column, reusing the tool's second colour (dxf 1).
    const pkg = XlsxPackage.read(readFileSync(rated));
    const sheet = pkg
      .names()
      .find(
        (name) =>
          name.startsWith("xl/worksheets/") && /<conditionalFormatting\b/.test(pkg.text(name)!)
      )!;
    const userRule =
      '<conditionalFormatting sqref="A1"><cfRule type="cellIs" dxfId="1" priority="99" operator="equal"><formula>"x"</formula></cfRule></conditionalFormatting>';
    const xml = pkg.text(sheet)!;
    const at = xml.search(/<conditionalFormatting\b/);
    pkg.set(sheet, `${xml.slice(0, at)}${userRule}${xml.slice(at)}`);
    writeFileSync(edited, await pkg.write());
    expect((await runCli(["rate", edited, "--clear", "-o", cleared])).code).toBe(0);
    const styles = new StylesXml(partText(cleared, "xl/styles.xml"));
    const before = new StylesXml(partText(rated, "xl/styles.xml")).dxfLooks();
    expect(styles.dxfLooks()).toEqual(before.slice(0, 2));
    expect(partText(cleared, sheet)).toContain(userRule);
  });
});
