import {
  teamsHighContrastTheme,
  webDarkTheme,
  webLightTheme,
  type Theme,
} from "@fluentui/react-components";

/** The parts of `Office.context.officeTheme` the task pane looks at (structural, so no Office types are needed). */
export interface OfficeThemeLike {
  readonly bodyBackgroundColor?: string;
  readonly bodyForegroundColor?: string;
  /** Set by the host when Windows high contrast (forced colours) is on. */
  readonly isHighContrast?: boolean;
  /** Newer Office builds say this directly; the background colour decides when it is missing. */
  readonly isDarkTheme?: boolean;
}

/** `#RGB`, `#RRGGBB` (with or without `#`) as 0–255 channels, or `undefined`. */
export function parseHexColour(text: string | undefined): [number, number, number] | undefined {
  if (!text) return undefined;
  const hex = text.trim().replace(/^#/, "");
  const full = /^[0-9a-f]{3}$/i.test(hex)
    ? hex
        .split("")
        .map((c) => c + c)
        .join("")
    : hex;
  if (!/^[0-9a-f]{6}$/i.test(full)) return undefined;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG relative luminance (0 black … 1 white). */
export function relativeLuminance([r, g, b]: readonly [number, number, number]): number {
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/**
 * Below this luminance white text contrasts better than black text
 * ((1 + 0.05) / (L + 0.05) > (L + 0.05) / 0.05), so the background is dark.
 */
const DARK_BELOW = Math.sqrt(1.05 * 0.05) - 0.05;

/**
 * The Fluent theme that matches the Office theme: high contrast when the host
 * says so or the background is pure black (Windows high-contrast themes), dark
 * when white text reads better on the background than black, else light.
 * Unknown or missing colours give the light theme.
 */
export function themeFromOffice(officeTheme?: OfficeThemeLike): Theme {
  if (!officeTheme) return webLightTheme;
  if (officeTheme.isHighContrast) return teamsHighContrastTheme;
  const background = parseHexColour(officeTheme.bodyBackgroundColor);
  if (!background) return officeTheme.isDarkTheme ? webDarkTheme : webLightTheme;
  const luminance = relativeLuminance(background);
  if (luminance === 0) return teamsHighContrastTheme;
  return luminance < DARK_BELOW ? webDarkTheme : webLightTheme;
}
