#!/usr/bin/env node
// The command line runs the bundle that `npm ci` (prepare) and `npm run build`
// write to build/cli/main.mjs (scripts/build-cli.mjs): no TypeScript compiled
// at run time. Where that bundle is missing or older than a source file (a
// source edited since), it runs the sources through tsx's ESM loader instead,
// so an edit is never silently ignored. SCORECARD_RAG_FROM_SOURCE=1 forces
// the sources.
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

// Output piped into a reader that stops early (`| head`): stop quietly, as other
// command-line tools do, instead of dying with an unhandled EPIPE stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });

// An error nobody caught (a bug): one line and exit 1, never a stack trace
// (SCORECARD_RAG_DEBUG=1 shows it), as `main` does for the errors it catches.
let internalErrorMessage;
function crash(error) {
  const line = internalErrorMessage
    ? internalErrorMessage(error, process.argv[3])
    : `scorecard-rag: internal error (a bug in scorecard-rag); nothing was written.\n` +
      (process.env.SCORECARD_RAG_DEBUG === "1" ? `${error?.stack ?? error}\n` : "");
  try {
    process.stderr.write(line);
  } finally {
    process.exit(1);
  }
}
process.on("uncaughtException", crash);
process.on("unhandledRejection", crash);

/** The newest modification time of the files under `folder`, in ms. */
function newest(folder) {
  let most = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true }))
    if (entry.isFile())
      most = Math.max(most, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
  return most;
}

function bundleIsCurrent(bundle) {
  if (process.env.SCORECARD_RAG_FROM_SOURCE === "1") return false;
  let built;
  try {
    built = statSync(fileURLToPath(bundle)).mtimeMs;
  } catch {
    return false;
  }
  return built >= newest(fileURLToPath(new URL("../src", import.meta.url)));
}

if (process.env.SCORECARD_RAG_DEBUG === "1") process.setSourceMapsEnabled(true);
const bundle = new URL("../build/cli/main.mjs", import.meta.url);
let cli;
if (bundleIsCurrent(bundle)) cli = await import(bundle.href);
else {
  const { register } = await import("tsx/esm/api");
  register();
  cli = await import("../src/cli/main.ts");
}
internalErrorMessage = cli.internalErrorMessage;
process.exitCode = await cli.main(process.argv.slice(2));
