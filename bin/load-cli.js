// Loads the command line: the bundle that `npm ci` (prepare) and `npm run
// build` write to build/cli/main.mjs (scripts/build-cli.mjs), so no
// TypeScript is compiled at run time. Where that bundle is missing or older
// than a source file (a source edited since), the sources run through tsx's
// ESM loader instead, so an edit is never silently ignored.
// SCORECARD_RAG_FROM_SOURCE=1 forces the sources.
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

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

/**
 * The module src/cli/main.ts: `"newest"` the bundle unless a source is newer
 * (the command), `"bundle"` or `"source"` as asked (a batch's workers load what
 * their parent runs, so a run never mixes the two).
 */
export async function loadCli(which = "newest") {
  if (process.env.SCORECARD_RAG_DEBUG === "1") process.setSourceMapsEnabled(true);
  const bundle = new URL("../build/cli/main.mjs", import.meta.url);
  if (which === "bundle" || (which === "newest" && bundleIsCurrent(bundle)))
    return import(bundle.href);
  const { register } = await import("tsx/esm/api");
  register();
  return import("../src/cli/main.ts");
}
