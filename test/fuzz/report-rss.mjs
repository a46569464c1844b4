// Preloaded (`node --import`) into a command-line run by the fuzz test: on exit,
// writes the process's peak resident set size (bytes) to $FUZZ_RSS_FILE.
import { writeFileSync } from "node:fs";

const file = process.env.FUZZ_RSS_FILE;
if (file)
  process.on("exit", () => {
    try {
      writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
    } catch {
      // The measurement is lost; the test says so.
    }
  });
