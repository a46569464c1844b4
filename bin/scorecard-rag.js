#!/usr/bin/env node
// The command line runs straight from the TypeScript sources through tsx's ESM
// loader (installed by `npm ci`), so there is no build step to forget.
import { register } from "tsx/esm/api";

// Output piped into a reader that stops early (`| head`): stop quietly, as other
// command-line tools do, instead of dying with an unhandled EPIPE stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
