// @vitest-environment jsdom
import "./setup";
import { teamsHighContrastTheme, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { describe, expect, it } from "vitest";
import {
  parseHexColour,
  relativeLuminance,
  themeFromOffice,
} from "../../src/taskpane/components/theme";

describe("themeFromOffice", () => {
  it("is light when Office gives no theme or an unreadable colour", () => {
    expect(themeFromOffice()).toBe(webLightTheme);
    expect(themeFromOffice({})).toBe(webLightTheme);
    expect(themeFromOffice({ bodyBackgroundColor: "not a colour" })).toBe(webLightTheme);
  });

  it("follows Office's light themes (Colorful, White, Light Gray)", () => {
    expect(themeFromOffice({ bodyBackgroundColor: "#FFFFFF" })).toBe(webLightTheme);
    expect(themeFromOffice({ bodyBackgroundColor: "#f3f3f3" })).toBe(webLightTheme);
    expect(themeFromOffice({ bodyBackgroundColor: "#E6E6E6" })).toBe(webLightTheme);
  });

  it("follows Office's dark themes (Dark Gray, Black)", () => {
    expect(themeFromOffice({ bodyBackgroundColor: "#666666" })).toBe(webDarkTheme);
    expect(themeFromOffice({ bodyBackgroundColor: "#444" })).toBe(webDarkTheme);
    expect(themeFromOffice({ bodyBackgroundColor: "#262626" })).toBe(webDarkTheme);
    expect(themeFromOffice({ bodyBackgroundColor: "1f1f1f" })).toBe(webDarkTheme);
  });

  it("splits light from dark where black and white text contrast equally", () => {
    // Luminance ≈ 0.179: #767676 is just below (dark), #777777 just above (light).
    expect(themeFromOffice({ bodyBackgroundColor: "#757575" })).toBe(webDarkTheme);
    expect(themeFromOffice({ bodyBackgroundColor: "#7A7A7A" })).toBe(webLightTheme);
  });

  it("uses high contrast when the host says so or the background is pure black", () => {
    expect(themeFromOffice({ isHighContrast: true, bodyBackgroundColor: "#FFFFFF" })).toBe(
      teamsHighContrastTheme
    );
    expect(themeFromOffice({ bodyBackgroundColor: "#000000" })).toBe(teamsHighContrastTheme);
  });

  it("uses isDarkTheme only when the background colour is missing", () => {
    expect(themeFromOffice({ isDarkTheme: true })).toBe(webDarkTheme);
    expect(themeFromOffice({ isDarkTheme: true, bodyBackgroundColor: "#FFFFFF" })).toBe(
      webLightTheme
    );
  });
});

describe("colour helpers", () => {
  it("parses #RGB and #RRGGBB", () => {
    expect(parseHexColour("#fff")).toEqual([255, 255, 255]);
    expect(parseHexColour(" #262626 ")).toEqual([38, 38, 38]);
    expect(parseHexColour("#12345")).toBeUndefined();
    expect(parseHexColour(undefined)).toBeUndefined();
  });

  it("computes WCAG relative luminance", () => {
    expect(relativeLuminance([255, 255, 255])).toBeCloseTo(1, 6);
    expect(relativeLuminance([0, 0, 0])).toBe(0);
    expect(relativeLuminance([118, 118, 118])).toBeCloseTo(0.1812, 3);
  });
});
