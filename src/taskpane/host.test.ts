import { afterEach, describe, expect, it, vi } from "vitest";
import { detectHost } from "./host";

type Global = { Office?: unknown };

function setOffice(office: unknown) {
  (globalThis as Global).Office = office;
}

afterEach(() => {
  delete (globalThis as Global).Office;
  vi.useRealTimers();
});

describe("detectHost", () => {
  it('is "none" when office.js is not loaded', async () => {
    await expect(detectHost(50)).resolves.toBe("none");
  });

  it('is "excel" when Office.onReady reports the Excel host', async () => {
    setOffice({ onReady: () => Promise.resolve({ host: "Excel", platform: "PC" }) });
    await expect(detectHost(50)).resolves.toBe("excel");
  });

  it('is "none" when Office.onReady reports no host (a plain browser page)', async () => {
    setOffice({ onReady: () => Promise.resolve({ host: null, platform: null }) });
    await expect(detectHost(50)).resolves.toBe("none");
  });

  it('is "none" for another Office host', async () => {
    setOffice({ onReady: () => Promise.resolve({ host: "Word", platform: "PC" }) });
    await expect(detectHost(50)).resolves.toBe("none");
  });

  it('is "none" when Office.onReady never answers within the timeout', async () => {
    vi.useFakeTimers();
    setOffice({ onReady: () => new Promise(() => {}) });
    const result = detectHost(2000);
    vi.advanceTimersByTime(2000);
    await expect(result).resolves.toBe("none");
  });

  it('is "none" when Office.onReady rejects or throws', async () => {
    setOffice({ onReady: () => Promise.reject(new Error("no host")) });
    await expect(detectHost(50)).resolves.toBe("none");
    setOffice({
      onReady: () => {
        throw new Error("broken");
      },
    });
    await expect(detectHost(50)).resolves.toBe("none");
  });
});
