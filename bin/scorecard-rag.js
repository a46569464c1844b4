#!/usr/bin/env node
// The command line runs straight from the TypeScript sources through tsx's ESM
// loader (installed by `npm ci`), so there is no build step to forget.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
