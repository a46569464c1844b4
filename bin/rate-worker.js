// A worker thread of a batch run (src/cli/batch.ts): rates one workbook per
// message with the command line's own `main`, and hands back what it printed.
// It runs the code its parent runs (`workerData.cli`: "bundle" or "source").
import { parentPort, workerData } from "node:worker_threads";
import { loadCli } from "./load-cli.js";

const cli = await loadCli(workerData.cli);
parentPort.on("message", async ({ argv, cwd }) => {
  let stdout = "";
  let stderr = "";
  let rated = null;
  const io = {
    stdout: { write: (text) => (stdout += text) },
    stderr: { write: (text) => (stderr += text), isTTY: false },
    cwd,
    onRated: (done) => (rated = done),
  };
  let code;
  try {
    code = await cli.main(argv, io);
  } catch (error) {
    stderr += cli.internalErrorMessage(error, argv[2]);
    code = 1;
  }
  parentPort.postMessage({ code, stdout, stderr, rated });
});
