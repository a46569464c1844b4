// Finds out whether the task pane is running inside Excel, so the page can explain itself instead of staying blank
// when it is opened in a plain browser. office.js is loaded by a script tag in taskpane.html, so `Office` is a global
// when present; outside Office it may be missing entirely, or present but never report a host.

import type { OfficeThemeLike } from "./components/theme";

export type HostKind = "excel" | "none";

/** How long to wait for Office.onReady before deciding we are not inside Excel. */
export const DEFAULT_HOST_TIMEOUT_MS = 2000;

interface OfficeLike {
  onReady?: (callback?: unknown) => Promise<{ host: unknown; platform: unknown }>;
}

function officeGlobal(): OfficeLike | undefined {
  return (globalThis as { Office?: OfficeLike }).Office;
}

/**
 * Resolves "excel" when Office.onReady reports the Excel host, and "none" when office.js is absent, reports no host
 * (a plain browser page), reports another host, fails, or does not answer within timeoutMs. Never rejects.
 */
export function detectHost(timeoutMs: number = DEFAULT_HOST_TIMEOUT_MS): Promise<HostKind> {
  const office = officeGlobal();
  const onReady = office?.onReady;
  if (typeof onReady !== "function") return Promise.resolve("none");
  return new Promise<HostKind>((resolve) => {
    const timer = setTimeout(() => resolve("none"), timeoutMs);
    const settle = (kind: HostKind) => {
      clearTimeout(timer);
      resolve(kind);
    };
    try {
      onReady.call(office).then(
        (info) => settle(String(info?.host ?? "") === "Excel" ? "excel" : "none"),
        () => settle("none")
      );
    } catch {
      settle("none");
    }
  });
}

interface OfficeThemeSource {
  context?: { officeTheme?: OfficeThemeLike };
}

/**
 * The Office theme to follow: `Office.context.officeTheme` when the host gives one (some hosts and older builds do
 * not, and reading it may throw), marked high contrast when the system forces colours (Windows high contrast).
 * Never throws; `undefined` means "no theme known" (the light theme).
 */
export function readOfficeTheme(
  forcedColours: boolean = typeof matchMedia === "function" &&
    matchMedia("(forced-colors: active)").matches
): OfficeThemeLike | undefined {
  let theme: OfficeThemeLike | undefined;
  try {
    const source = (globalThis as { Office?: OfficeThemeSource }).Office;
    const raw = source?.context?.officeTheme;
    theme = raw
      ? {
          bodyBackgroundColor: raw.bodyBackgroundColor,
          bodyForegroundColor: raw.bodyForegroundColor,
          isHighContrast: raw.isHighContrast,
          isDarkTheme: raw.isDarkTheme,
        }
      : undefined;
  } catch {
    theme = undefined;
  }
  return forcedColours ? { ...theme, isHighContrast: true } : theme;
}
