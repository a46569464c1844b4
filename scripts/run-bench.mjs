// Bundles a TypeScript benchmark with esbuild and runs it in plain Node, so the
// figures measure our code, not a loader's on-the-fly transpiling.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node scripts/run-bench.mjs bench/<name>.bench.ts [args]");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "scorecard-bench-"));
const outfile = join(dir, "bench.mjs");
try {
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile,
    logLevel: "warning",
    packages: "external",
    absWorkingDir: process.cwd(),
  });
  const run = spawnSync(process.execPath, ["--expose-gc", outfile, ...args], {
    stdio: "inherit",
    cwd: process.cwd(),
  });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
