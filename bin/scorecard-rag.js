#!/usr/bin/env node
// The command line: see load-cli.js for which code runs (the bundle or the sources).
import { loadCli } from "./load-cli.js";

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

const cli = await loadCli();
internalErrorMessage = cli.internalErrorMessage;
process.exitCode = await cli.main(process.argv.slice(2));
