// End to end: the PRODUCTION build of the task pane (webpack --mode production, built here into a temp folder, since
// CI runs `npm test` before `npm run build`), served over http on localhost, opened in Debian's headless Chromium
// through playwright-core, with the strict fake Excel host (test/fake-excel) served in place of office.js and loaded
// with examples/district-scorecard.xlsx. It rates the workbook through the real Office adapter, checks the results
// against the Node pipeline, goes through the views (Results, Flags, Districts, the lazily loaded Detail) by their
// tabs, selects a flagged cell, re-rates keeping the view and its scroll position, checks that no view scrolls
// sideways at 320 px, and saves screenshots under test/e2e/screenshots/.
//
// Without /usr/bin/chromium (or $CHROMIUM_PATH) it is skipped with a message, except in CI (CI=true), where it fails.
// E2E_DIST=dist reuses an existing production build instead of building (faster when iterating locally).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cellRef, plural, tableName } from "../../src/taskpane/components/text";
import { columnLetter } from "../../src/workbook/address";
import type { FakeSnapshot } from "../fake-excel";
import type { E2EFake } from "./fake-office-entry";
import { loadScorecard, type Scorecard } from "./scorecard-fixture";
import { serveStatic, type StaticServer } from "./static-server";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const IN_CI = process.env.CI === "true";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const WORKBOOK = join(ROOT, "examples", "district-scorecard.xlsx");
const SCREENSHOTS = join(ROOT, "test", "e2e", "screenshots");
/** axe-core's browser build, injected into the page to audit each view. */
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8"
);
const DARK_THEME = {
  bodyBackgroundColor: "#262626",
  bodyForegroundColor: "#FFFFFF",
  controlBackgroundColor: "#262626",
  controlForegroundColor: "#FFFFFF",
};

if (!HAVE_CHROMIUM && !IN_CI)
  console.warn(
    `[e2e] SKIPPED the task pane end-to-end test: no Chromium at ${CHROMIUM}. ` +
      "Install Debian's (sudo apt-get install -y chromium) or set CHROMIUM_PATH. In CI (CI=true) this fails instead."
  );

describe.runIf(!HAVE_CHROMIUM && IN_CI)("task pane end to end: prerequisites", () => {
  it("has Debian's headless Chromium", () => {
    throw new Error(
      `No Chromium at ${CHROMIUM}: CI must install it (apt-get install -y chromium, as .ci/run does when root).`
    );
  });
});

/** Runs webpack's production build into `out`; rejects with its output when it fails. */
function webpackProduction(out: string): Promise<void> {
  const cli = join(ROOT, "node_modules", "webpack-cli", "bin", "cli.js");
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [cli, "--mode", "production", "--output-path", out, "--no-color"],
      { cwd: ROOT, env: { ...process.env, ADDIN_URL: "" }, stdio: ["ignore", "pipe", "pipe"] }
    );
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`webpack --mode production failed (${code}):\n${output.slice(-4000)}`))
    );
  });
}

/** The fake Excel host as one browser script, in place of office.js. */
async function fakeOfficeScript(): Promise<string> {
  const bundle = await build({
    entryPoints: [join(ROOT, "test", "e2e", "fake-office-entry.ts")],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2020",
    logLevel: "silent",
  });
  return bundle.outputFiles[0]!.text;
}

/** A page that records failures and any request that leaves the local server (office.js must never come from a CDN). */
async function openPage(context: BrowserContext, origin: string) {
  const page = await context.newPage();
  const foreign: string[] = [];
  const errors: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin !== origin && url.protocol !== "data:" && url.protocol !== "blob:")
      foreign.push(request.url());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return { page, foreign, errors };
}

const fakeIn = (page: Page) =>
  ({
    snapshot: () =>
      page.evaluate(() => (window as { __scorecardFake?: E2EFake }).__scorecardFake!.snapshot()),
    selection: () =>
      page.evaluate(() => (window as { __scorecardFake?: E2EFake }).__scorecardFake!.selection()),
  }) as const;

/** One of the pane's view tabs. */
const tab = (page: Page, name: string) =>
  page.getByRole("tablist", { name: "Views" }).getByRole("tab", { name, exact: true });

/** The column letters of the cell on `sheet` holding exactly `text`. */
function columnOf(snapshot: FakeSnapshot, sheet: string, text: string): string | undefined {
  const cells = snapshot.sheets[sheet]?.cells ?? {};
  const address = Object.keys(cells).find((a) => cells[a]!.value === text);
  return address?.replace(/\d+$/, "");
}

describe.skipIf(!HAVE_CHROMIUM)(
  "task pane end to end (production build, headless Chromium, fake Excel)",
  () => {
    let dist: string;
    let builtHere = false;
    let server: StaticServer;
    let browser: Browser;
    let fakeOffice: string;
    let scorecard: Scorecard;

    beforeAll(async () => {
      const reuse = process.env.E2E_DIST;
      if (reuse) {
        dist = join(ROOT, reuse);
        if (!existsSync(join(dist, "taskpane.html")))
          throw new Error(`E2E_DIST=${reuse}: no taskpane.html there; run npm run build first.`);
      } else {
        dist = mkdtempSync(join(tmpdir(), "scorecard-rag-e2e-"));
        builtHere = true;
      }
      [, fakeOffice, scorecard] = await Promise.all([
        builtHere ? webpackProduction(dist) : Promise.resolve(),
        fakeOfficeScript(),
        loadScorecard(WORKBOOK),
      ]);
      server = await serveStatic(dist);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
      });
    }, 300_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (builtHere && dist) rmSync(dist, { recursive: true, force: true });
    });

    it("rates the district scorecard in Excel: tables, Rate, results, flagged cell, RAG column, Clear", async () => {
      // A task pane's size: narrow and tall.
      const context = await browser.newContext({ viewport: { width: 380, height: 900 } });
      try {
        await context.addInitScript((spec) => {
          (window as { __SCORECARD_FAKE_SPEC__?: unknown }).__SCORECARD_FAKE_SPEC__ = spec;
        }, scorecard.spec);
        const officeJsRequests: string[] = [];
        await context.route("**/office-js/office.js", (route) => {
          officeJsRequests.push(route.request().url());
          return route.fulfill({ contentType: "text/javascript", body: fakeOffice });
        });
        const { page, foreign, errors } = await openPage(context, server.origin);
        await page.goto(`${server.origin}/taskpane.html`);
        const fake = fakeIn(page);

        // Opening analyses the workbook: one table per district, with sheet, address, rows and confidence.
        const tables = page.getByRole("list", { name: "Indicator tables" });
        await tables.waitFor({ timeout: 30_000 });
        const before = await fake.snapshot();
        expect(officeJsRequests).toEqual([`${server.origin}/office-js/office.js`]);
        const expectedTables = scorecard.result.sheets.flatMap((s) => s.tables);
        const items = tables.getByRole("listitem");
        expect(await items.count()).toBe(expectedTables.length);
        for (const [i, table] of expectedTables.entries()) {
          const item = items.nth(i);
          expect(await item.getByRole("heading", { level: 3 }).textContent()).toBe(
            tableName(table)
          );
          expect(
            await item
              .getByText(
                `Sheet ${table.sheet} · ${table.address} · ${plural(table.rows.length, "row")}`
              )
              .count()
          ).toBe(1);
          expect(await item.getByText(/confidence$/).textContent()).toMatch(
            new RegExp(`^${table.confidence}`, "i")
          );
        }
        expect(
          await page
            .getByRole("list", { name: "Sheets with no table" })
            .getByRole("listitem")
            .allTextContents()
        ).toEqual(
          scorecard.result.sheets
            .filter((s) => s.tables.length === 0)
            .map((s) => expect.stringContaining(s.name))
        );

        // Rate all sheets: the first rating opens the Results view.
        await page.getByRole("button", { name: "Rate", exact: true }).click();
        await page
          .getByRole("heading", { name: "Results", exact: true })
          .waitFor({ timeout: 30_000 });
        expect(await page.getByRole("progressbar").count()).toBe(0);
        expect(await tab(page, "Results").getAttribute("aria-selected")).toBe("true");

        // Counts by status for every district, as text (not only colour).
        expect(scorecard.sheets.length).toBeGreaterThanOrEqual(5);
        for (const sheet of scorecard.sheets) {
          const counts = page
            .getByRole("region", { name: `Results for ${sheet.name}` })
            .getByRole("list", { name: `Status counts for sheet ${sheet.name}` })
            .getByRole("listitem");
          expect(await counts.allTextContents(), sheet.name).toEqual(sheet.counts);
        }
        const statuses = new Set(scorecard.sheets.flatMap((s) => s.rows.map((r) => r.rag)));
        for (const status of ["Green", "Amber", "Red"]) expect(statuses).toContain(status);

        // The flagged rows (the Flags view), errors first; choosing one selects its cell in Excel.
        await tab(page, "Flags").click();
        const flags = page
          .getByRole("list", { name: "Flagged rows" })
          .getByRole("button", { name: /^(?!Details of )/ });
        expect(await flags.count()).toBe(Math.min(scorecard.flagCount, 50));
        const { sheet, cell, code } = scorecard.firstFlag;
        const where = cellRef(sheet, cell);
        const first = flags.first();
        expect(await first.textContent()).toContain(where);
        expect(await first.textContent()).toContain(code);
        expect(await fake.selection()).not.toEqual({ sheet, address: cell });
        await first.click();
        await expect
          .poll(() => fake.selection(), { timeout: 10_000 })
          .toEqual({
            sheet,
            address: cell,
          });

        // The workbook now has the add-in's RAG column with the ratings the Node pipeline gives, and the user's
        // own cells are as they were.
        const after = await fake.snapshot();
        for (const expected of scorecard.sheets) {
          const column = columnOf(after, expected.name, scorecard.ragHeader);
          expect(column, `${scorecard.ragHeader} on ${expected.name}`).toBeTruthy();
          const cells = after.sheets[expected.name]!.cells;
          for (const row of expected.rows)
            expect(cells[`${column}${row.row}`]?.value, `${expected.name} ${row.code}`).toBe(
              row.rag
            );
        }
        if (scorecard.result.plan.sheets.every((s) => s.insertColumns.length === 0)) {
          for (const spec of scorecard.spec.sheets) {
            const cells = after.sheets[spec.name]!.cells;
            (spec.rows ?? []).forEach((row, r) =>
              row.forEach((value, c) => {
                if (value === null) return;
                const letters = columnLetter(c);
                expect(cells[`${letters}${r + 1}`]?.value, `${spec.name}!${letters}${r + 1}`).toBe(
                  value
                );
              })
            );
          }
        }

        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({
          path: join(SCREENSHOTS, "rated-district-scorecard.png"),
          fullPage: true,
        });

        // A flag's Details opens its indicator in the Detail view, whose code loads as a chunk of its own.
        const chunks: string[] = [];
        page.on("request", (request) => {
          if (/\/indicator-detail\.[0-9a-f]+\.js$/.test(request.url())) chunks.push(request.url());
        });
        expect(chunks).toEqual([]);
        await page
          .getByRole("list", { name: "Flagged rows" })
          .getByRole("button", { name: `Details of ${code} on ${sheet}` })
          .first()
          .click();
        const detail = page.getByRole("tabpanel", { name: "Detail" });
        await detail.getByText(code).first().waitFor({ timeout: 30_000 });
        expect(await tab(page, "Detail").getAttribute("aria-selected")).toBe("true");
        expect(chunks).toHaveLength(1);
        await page.screenshot({ path: join(SCREENSHOTS, "indicator-detail.png") });

        // The district overview.
        await tab(page, "Districts").click();
        expect(await page.getByRole("tabpanel", { name: "Districts" }).isVisible()).toBe(true);

        // A re-rate from the Results view keeps that view and where it was scrolled to.
        await tab(page, "Results").click();
        const scroller = page.getByRole("main");
        await scroller.evaluate((main) => (main.scrollTop = 400));
        await expect.poll(() => scroller.evaluate((main) => main.scrollTop)).toBeGreaterThan(0);
        const top = await scroller.evaluate((main) => main.scrollTop);
        // The run can be quicker than a poll: a mutation observer notes that its progress bar came and went.
        await page.evaluate(() => {
          const seen = window as { __sawProgress?: boolean };
          seen.__sawProgress = false;
          new MutationObserver(() => {
            if (document.querySelector('[role="progressbar"]')) seen.__sawProgress = true;
          }).observe(document.body, { childList: true, subtree: true });
        });
        await page.getByRole("button", { name: "Rate again" }).click();
        await page.waitForFunction(
          () =>
            (window as { __sawProgress?: boolean }).__sawProgress === true &&
            !document.querySelector('[role="progressbar"]'),
          undefined,
          { timeout: 30_000 }
        );
        expect(await tab(page, "Results").getAttribute("aria-selected")).toBe("true");
        expect(await scroller.evaluate((main) => main.scrollTop)).toBe(top);

        // At the narrowest task pane, no view scrolls sideways.
        await page.setViewportSize({ width: 320, height: 900 });
        for (const name of ["Set up", "Results", "Flags", "Districts", "Detail"]) {
          await tab(page, name).click();
          const overflow = await page.evaluate(() => {
            const main = document.querySelector("main")!;
            return {
              page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
              body: main.scrollWidth - main.clientWidth,
            };
          });
          expect(overflow, name).toEqual({ page: 0, body: 0 });
        }
        // The five tabs fit on one line.
        const tops = await page
          .getByRole("tab")
          .evaluateAll((tabs) => tabs.map((t) => t.getBoundingClientRect().top));
        expect(new Set(tops).size).toBe(1);
        await page.screenshot({ path: join(SCREENSHOTS, "views-320px.png") });

        // The owned extras a manager can ask for: an XmR chart beside the table (through
        // worksheet.charts) and the Overview sheet; Clear must take both away again.
        await page.setViewportSize({ width: 380, height: 900 });
        await tab(page, "Detail").click();
        const charted =
          (await page
            .getByRole("tabpanel", { name: "Detail" })
            .locator("h3")
            .first()
            .textContent()) ?? "";
        await page.getByRole("button", { name: "Chart in workbook" }).click();
        const messagesRegion = page.getByRole("region", { name: "Messages" });
        await messagesRegion
          .getByText(/Chart of .* added beside its table/)
          .waitFor({ timeout: 30_000 });
        const withChart = await fake.snapshot();
        const charts = Object.values(withChart.sheets).flatMap((sheet) =>
          Object.keys(sheet.charts ?? {})
        );
        expect(charts).toHaveLength(1);
        expect(charts[0]).toMatch(/^ScorecardRAG_chart_/);
        expect(charted).not.toBe("");
        await tab(page, "Districts").click();
        await page.getByRole("button", { name: "Create Overview sheet" }).click();
        await messagesRegion.getByText(/Overview sheet created/).waitFor({ timeout: 30_000 });
        expect(Object.keys((await fake.snapshot()).sheets)).toContain("Overview");

        // Clear ratings (in Set up), after confirming, puts every sheet back exactly as it was.
        await tab(page, "Set up").click();
        await page.getByRole("button", { name: "Clear ratings" }).click();
        const dialog = page.getByRole("alertdialog", { name: "Clear ratings" });
        expect(
          await dialog
            .getByRole("list", { name: "Sheets to clear" })
            .getByRole("listitem")
            .allTextContents()
        ).toEqual(scorecard.sheets.map((s) => s.name));
        await dialog.getByRole("button", { name: "Remove columns" }).click();
        const removed = `Removed Scorecard RAG's columns from ${plural(scorecard.sheets.length, "sheet")}:`;
        await page
          .getByRole("region", { name: "Messages" })
          .getByText(removed, { exact: false })
          .waitFor({ timeout: 30_000 });
        const cleared = await fake.snapshot();
        expect(cleared.sheets).toEqual(before.sheets);
        expect(cleared.settings).toEqual(before.settings);
        expect(errors).toEqual([]);
        expect(foreign).toEqual([]);
      } finally {
        await context.close();
      }
    }, 120_000);

    it("follows a dark Office theme", async () => {
      const context = await browser.newContext({ viewport: { width: 380, height: 900 } });
      try {
        await context.addInitScript((spec) => {
          Object.assign(window, {
            __SCORECARD_FAKE_SPEC__: spec,
            __SCORECARD_FAKE_THEME__: {
              bodyBackgroundColor: "#262626",
              bodyForegroundColor: "#FFFFFF",
              controlBackgroundColor: "#262626",
              controlForegroundColor: "#FFFFFF",
            },
          });
        }, scorecard.spec);
        await context.route("**/office-js/office.js", (route) =>
          route.fulfill({ contentType: "text/javascript", body: fakeOffice })
        );
        const { page, errors } = await openPage(context, server.origin);
        await page.goto(`${server.origin}/taskpane.html`);
        await page.getByRole("list", { name: "Indicator tables" }).waitFor({ timeout: 30_000 });
        await page.getByRole("button", { name: "Rate", exact: true }).click();
        await page
          .getByRole("heading", { name: "Results", exact: true })
          .waitFor({ timeout: 30_000 });
        const colours = await page
          .getByRole("heading", { name: "Scorecard RAG", level: 1 })
          .evaluate((h) => {
            const provider = h.closest(".fui-FluentProvider")!;
            return {
              background: getComputedStyle(provider).backgroundColor,
              text: getComputedStyle(h).color,
            };
          });
        // webDarkTheme: colorNeutralBackground1 #292929, colorNeutralForeground1 #ffffff.
        expect(colours).toEqual({ background: "rgb(41, 41, 41)", text: "rgb(255, 255, 255)" });
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.evaluate(() => {
          const results = [...document.querySelectorAll("h2")].find(
            (h) => h.textContent === "Results"
          );
          results?.scrollIntoView({ block: "start" });
        });
        await page.screenshot({ path: join(SCREENSHOTS, "rated-dark-theme.png") });
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);

    for (const theme of ["light", "dark"] as const)
      for (const width of [320, 450])
        it(`every view at ${width} px, ${theme}: no serious or critical axe violation, no sideways scroll`, async () => {
          const context = await browser.newContext({ viewport: { width, height: 900 } });
          try {
            await context.addInitScript(
              ({ spec, dark }) => {
                Object.assign(window, {
                  __SCORECARD_FAKE_SPEC__: spec,
                  ...(dark ? { __SCORECARD_FAKE_THEME__: dark } : {}),
                });
              },
              { spec: scorecard.spec, dark: theme === "dark" ? DARK_THEME : null }
            );
            await context.route("**/office-js/office.js", (route) =>
              route.fulfill({ contentType: "text/javascript", body: fakeOffice })
            );
            const { page, errors } = await openPage(context, server.origin);
            await page.goto(`${server.origin}/taskpane.html`);
            await page.getByRole("list", { name: "Indicator tables" }).waitFor({ timeout: 30_000 });
            await page.addScriptTag({ content: AXE_SOURCE });
            await page.getByRole("button", { name: "Rate", exact: true }).click();
            await page
              .getByRole("heading", { name: "Results", exact: true })
              .waitFor({ timeout: 30_000 });
            // Open one indicator so the Detail view (and its chart) exists.
            await tab(page, "Flags").click();
            await page
              .getByRole("button", { name: /^Details of / })
              .first()
              .click();
            await page.getByRole("img", { name: /XmR chart/ }).waitFor({ timeout: 30_000 });
            mkdirSync(SCREENSHOTS, { recursive: true });
            for (const [name, file] of [
              ["Set up", "setup"],
              ["Results", "results"],
              ["Flags", "flags"],
              ["Districts", "districts"],
              ["Detail", "detail"],
            ] as const) {
              await tab(page, name).click();
              await page.waitForTimeout(100);
              const serious = await page.evaluate(async () => {
                const axe = (
                  window as unknown as {
                    axe: {
                      run: (c: unknown) => Promise<{
                        violations: {
                          id: string;
                          impact: string | null;
                          nodes: { target: unknown }[];
                        }[];
                      }>;
                    };
                  }
                ).axe;
                // Tabster's focus sentinels (<i data-tabster-dummy tabindex=0 aria-hidden>, which Fluent's
                // TabList adds for arrow-key navigation) pass focus straight on: axe's aria-hidden-focus
                // rule cannot see that, so they are left out; everything else is audited.
                const report = await axe.run({ exclude: [["[data-tabster-dummy]"]] });
                return report.violations
                  .filter((v) => v.impact === "serious" || v.impact === "critical")
                  .map(
                    (v) =>
                      `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`
                  );
              });
              expect(serious, `${name} at ${width} px, ${theme}`).toEqual([]);
              const sideways = await page.evaluate(() => {
                const main = document.querySelector("main")!;
                return (
                  document.documentElement.scrollWidth -
                  document.documentElement.clientWidth +
                  main.scrollWidth -
                  main.clientWidth
                );
              });
              expect(sideways, `${name} at ${width} px, ${theme}`).toBe(0);
              await page.screenshot({ path: join(SCREENSHOTS, `${file}-${width}px-${theme}.png`) });
            }
            expect(errors).toEqual([]);
          } finally {
            await context.close();
          }
        }, 120_000);

    it("outside Excel (the real office.js, no host) says it must run inside Excel", async () => {
      const context = await browser.newContext({ viewport: { width: 380, height: 600 } });
      try {
        const { page, foreign, errors } = await openPage(context, server.origin);
        const officeJs = page.waitForResponse((r) => r.url().endsWith("/office-js/office.js"));
        await page.goto(`${server.origin}/taskpane.html`);
        expect((await officeJs).status()).toBe(200);
        const message = page.getByRole("group", { name: "Scorecard RAG must run inside Excel" });
        await message.waitFor({ timeout: 30_000 });
        expect(await message.textContent()).toContain("opened outside Excel");
        expect(await page.getByRole("button", { name: "Rate", exact: true }).count()).toBe(0);
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: join(SCREENSHOTS, "outside-excel.png"), fullPage: true });
        expect(errors).toEqual([]);
        expect(foreign).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);
  }
);
