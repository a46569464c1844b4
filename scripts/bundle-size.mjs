#!/usr/bin/env node
// Prints the size of every dist/*.js file, raw and gzipped, and fails (exit 1) when the JavaScript the task pane
// page loads is over the budget gzipped. office.js (dist/office-js/) is Microsoft's and is not counted.
//
//   node scripts/bundle-size.mjs [DIST_DIR]        (run by npm run build after webpack)
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_GZIP_BYTES = 350 * 1024;

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** Script src values of an HTML page (quoted or, as html-webpack-plugin minifies, unquoted). */
function scriptSources(html) {
  const sources = [];
  for (const tag of html.matchAll(/<script\b[^>]*>/gi)) {
    const m = /\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag[0]);
    if (m) sources.push(m[1] ?? m[2] ?? m[3]);
  }
  return sources;
}

function main() {
  const dist = resolve(process.argv[2] ?? "dist");
  const page = join(dist, "taskpane.html");
  if (!existsSync(page)) {
    console.error(`${page} not found: run webpack first (npm run build).`);
    process.exit(1);
  }
  const files = readdirSync(dist).filter((f) => f.endsWith(".js"));
  const htmlPages = readdirSync(dist).filter((f) => f.endsWith(".html"));
  const loadedBy = new Map(); // js file -> pages whose script tags load it
  for (const html of htmlPages) {
    for (const src of scriptSources(readFileSync(join(dist, html), "utf8"))) {
      const file = src.replace(/^\.?\//, "").split(/[?#]/)[0];
      if (!loadedBy.has(file)) loadedBy.set(file, []);
      loadedBy.get(file).push(html);
    }
  }
  // The task pane loads its own script tags, plus any chunk no page loads directly (webpack's lazy chunks).
  const counted = (f) => {
    const pages = loadedBy.get(f);
    return !pages || pages.includes("taskpane.html");
  };

  const missing = [...loadedBy.keys()].filter(
    (f) => !f.startsWith("office-js/") && !/^[a-z]+:/i.test(f) && !existsSync(join(dist, f))
  );
  for (const f of missing)
    console.error(`${f} is loaded by ${loadedBy.get(f).join(", ")} but is not in ${dist}`);

  const rows = files.map((f) => {
    const raw = readFileSync(join(dist, f));
    return { f, raw: raw.length, gz: gzipSync(raw, { level: 9 }).length, counted: counted(f) };
  });
  const width = Math.max(4, ...rows.map((r) => r.f.length));
  console.log(`${"file".padEnd(width)}  ${"raw".padStart(10)}  ${"gzip".padStart(10)}  task pane`);
  for (const r of rows.sort((a, b) => b.gz - a.gz)) {
    console.log(
      `${r.f.padEnd(width)}  ${kb(r.raw).padStart(10)}  ${kb(r.gz).padStart(10)}  ${r.counted ? "yes" : "no"}`
    );
  }
  const total = rows.filter((r) => r.counted).reduce((sum, r) => sum + r.gz, 0);
  const within = total <= BUDGET_GZIP_BYTES;
  console.log(
    `task pane JavaScript (excluding office.js): ${kb(total)} gzipped, budget ${kb(BUDGET_GZIP_BYTES)}: ` +
      (within ? "within budget" : "OVER BUDGET")
  );
  if (!within || missing.length > 0) process.exit(1);
}

main();
