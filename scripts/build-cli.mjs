// Bundles the command line (src/cli/main.ts and what it imports) into
// build/cli/main.mjs with esbuild, so `scorecard-rag` starts without
// compiling TypeScript at run time. Runs on `npm ci` (prepare) and in
// `npm run build`. Packages (saxes) stay outside the bundle, loaded from
// node_modules as installed.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
// Two folders deep, as src/cli/main.ts is: its `new URL("../../package.json", import.meta.url)`
// and batch.ts's `../../bin/rate-worker.js` still find ours.
export const CLI_BUNDLE = "build/cli/main.mjs";

/** Bundles the CLI into `outfile` (relative to the repository). */
export async function buildCli(outfile = CLI_BUNDLE) {
  await build({
    absWorkingDir: ROOT,
    entryPoints: ["src/cli/main.ts"],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
    legalComments: "none",
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli();
  process.stdout.write(`CLI bundle: ${CLI_BUNDLE}\n`);
}
