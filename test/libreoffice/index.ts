// Edits real .xlsx files as a person would in a spreadsheet program, through headless LibreOffice
// (test/libreoffice/edit.py, a python-uno script). One call starts one soffice for all its jobs, so
// put every job of a test file into one call (in a beforeAll): each start costs about 1.5 s.
//
// Needs `soffice` on PATH (or $SOFFICE_PATH) and Debian's /usr/bin/python3 with the uno module
// (apt-get install -y libreoffice-calc python3-uno). Without them, requireLibreOffice() lets a test
// skip on a developer machine and fails it in CI (CI set).
import { spawnSync } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The interpreter with the uno module (a pyenv or venv python on PATH usually lacks it). */
export const LIBREOFFICE_PYTHON = "/usr/bin/python3";

/** The python-uno script that does the editing. */
export const EDIT_SCRIPT = fileURLToPath(new URL("./edit.py", import.meta.url));

/** Default time allowed for one editWithLibreOffice call, all its jobs included. */
export const DEFAULT_TIMEOUT_MS = 180_000;

/** 0-based column/row positions; `count` defaults to 1. */
interface LinesAction {
  sheet: string;
  at: number;
  count?: number;
}

/** One edit, applied in order. Sheets are given by name; indices are 0-based. */
export type LibreAction =
  | ({ op: "insertColumns" } & LinesAction)
  | ({ op: "deleteColumns" } & LinesAction)
  | ({ op: "insertRows" } & LinesAction)
  | ({ op: "deleteRows" } & LinesAction)
  /** Data > Sort on the rows of `range` (A1 style) by its `key`-th column (0-based within the range). */
  | {
      op: "sort";
      sheet: string;
      range: string;
      key: number;
      descending?: boolean;
      hasHeader?: boolean;
    }
  | { op: "renameSheet"; sheet: string; to: string }
  /** `to` is the sheet's new 0-based position. */
  | { op: "moveSheet"; sheet: string; to: number }
  /** A copy named `to` at 0-based `position` (default: right after the original). */
  | { op: "copySheet"; sheet: string; to: string; position?: number }
  /** Numbers as numbers, strings as text (never parsed as formulas), null clears the contents. */
  | { op: "setCell"; sheet: string; cell: string; value: string | number | null }
  /**
   * Copies sheet `sheet` of workbook `file` into this one. With `replace`, it takes the place (and
   * position) of this workbook's sheet of that name; without, it goes last, and LibreOffice names it
   * `<sheet>_2` if the name is taken. The copy is hidden if the source sheet is hidden (very hidden
   * comes out as plain hidden), and brings the source's workbook-scoped names that refer to it.
   */
  | { op: "copySheetFrom"; file: string; sheet: string; replace?: boolean }
  /** Unhide (or hide) a sheet, as Sheet > Show Sheet does; LibreOffice cannot hide the last visible one. */
  | { op: "setSheetVisible"; sheet: string; visible: boolean };

export interface LibreJob {
  input: string;
  output: string;
  actions: LibreAction[];
}

function onPath(command: string): boolean {
  const explicit = process.env.SOFFICE_PATH;
  const candidates = explicit
    ? [explicit]
    : (process.env.PATH ?? "")
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, command));
  return candidates.some((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function pythonHasUno(): boolean {
  const run = spawnSync(LIBREOFFICE_PYTHON, ["-c", "import uno"], {
    stdio: "ignore",
    timeout: 30_000,
  });
  return run.status === 0;
}

/** soffice is on PATH and /usr/bin/python3 can import uno. */
export const hasLibreOffice: boolean = onPath("soffice") && pythonHasUno();

/**
 * True when LibreOffice is available. When it is not: false on a developer machine (so a test can
 * `describe.skipIf(!requireLibreOffice())`), and an Error in CI (CI set), so the tests fail there.
 */
export function requireLibreOffice(): boolean {
  if (hasLibreOffice) return true;
  const missing =
    "LibreOffice is not available: need soffice on PATH (or $SOFFICE_PATH) and " +
    `${LIBREOFFICE_PYTHON} with the uno module (apt-get install -y libreoffice-calc python3-uno).`;
  if (process.env.CI) throw new Error(`${missing} CI must install them.`);
  console.warn(`Skipping the LibreOffice tests. ${missing}`);
  return false;
}

/**
 * Runs every job in one headless LibreOffice: loads `input`, applies `actions` in order, stores
 * `output` (.xlsx, or .xlsm for a .xlsm input). Throws with the script's messages if any job fails
 * (the other jobs are still done), LibreOffice cannot start, or the run takes over `timeoutMs`.
 * Returns the per-job timings the script reports.
 */
export function editWithLibreOffice(
  jobs: LibreJob[],
  timeoutMs: number = DEFAULT_TIMEOUT_MS
): { startMs: number; jobMs: number[] } {
  const dir = mkdtempSync(join(tmpdir(), "scorecard-lo-jobs-"));
  try {
    const jobsFile = join(dir, "jobs.json");
    const absolute = jobs.map((job) => ({
      ...job,
      input: resolve(job.input),
      output: resolve(job.output),
      actions: job.actions.map((action) =>
        action.op === "copySheetFrom" ? { ...action, file: resolve(action.file) } : action
      ),
    }));
    writeFileSync(jobsFile, JSON.stringify(absolute, null, 2));
    const run = spawnSync(LIBREOFFICE_PYTHON, [EDIT_SCRIPT, jobsFile], {
      encoding: "utf8",
      timeout: timeoutMs,
      killSignal: "SIGTERM", // The script kills its soffice and removes its profile on SIGTERM.
      maxBuffer: 16 * 1024 * 1024,
    });
    if (run.error || run.status !== 0) {
      const timedOut = (run.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT";
      const why = timedOut
        ? `timed out after ${timeoutMs} ms (${jobs.length} jobs); LibreOffice was stopped`
        : run.error
          ? run.error.message
          : run.status === null
            ? `killed by ${run.signal}`
            : `exit status ${run.status}`;
      throw new Error(
        `LibreOffice edit failed: ${why}\n${(run.stderr ?? "").trim() || "(no output on stderr)"}`
      );
    }
    const records = (run.stdout ?? "")
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { started?: boolean; job?: number; ms: number });
    return {
      startMs: records.find((r) => r.started)?.ms ?? 0,
      jobMs: records.filter((r) => typeof r.job === "number").map((r) => r.ms),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
