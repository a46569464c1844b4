import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_PATH } from "../../examples/make-example";
// @ts-expect-error: a plain .mjs script without types
import { buildCli } from "../../scripts/build-cli.mjs";
import { repoRoot } from "../fixtures";
import { runCli } from "../xlsx/helpers";

// Its own folder, two deep as build/cli is, so a test never swaps the bundle a running CLI imports.
const BUNDLE = join(repoRoot, "build", "cli-test", "main.mjs");

function runBundle(argv: readonly string[]): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const script = `const cli = await import(${JSON.stringify(pathToFileURL(BUNDLE).href)}); process.exitCode = await cli.main(${JSON.stringify(argv)});`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    cwd: repoRoot,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("the prebuilt CLI bundle (scripts/build-cli.mjs)", () => {
  beforeAll(async () => {
    await (buildCli as (outfile: string) => Promise<void>)(BUNDLE);
  }, 60_000);
  afterAll(() => rmSync(join(repoRoot, "build", "cli-test"), { recursive: true, force: true }));

  it("is plain JavaScript: no TypeScript source or tsx loader is imported at run time", () => {
    const text = readFileSync(BUNDLE, "utf8");
    expect(text).not.toMatch(/from ["'][^"']*\.tsx?["']/);
    expect(text).not.toMatch(/["']tsx(\/[^"']*)?["']/);
    // The command line edits the package itself: ExcelJS (a test-only reader) is not loaded.
    expect(text).not.toMatch(/from "exceljs"/);
    expect(text).toMatch(/from "saxes"/);
  });

  it("gives the same JSON and exit code as the sources on the example", async () => {
    const argv = ["rate", EXAMPLE_PATH, "--dry-run", "--json"];
    const bundled = runBundle(argv);
    const source = await runCli(argv);
    expect(bundled.stderr).toBe("");
    expect(bundled.status).toBe(source.code);
    expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(source.stdout));
  }, 60_000);

  it("reports the package's version, as the sources do", async () => {
    const bundled = runBundle(["--version"]);
    expect(bundled.stdout).toBe((await runCli(["--version"])).stdout);
    expect(bundled.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
