import type { Progress } from "../session/host-actions";
import { createMemoryPort } from "../session/memory-port";
import { createSession, type Session } from "../session/session";
import { runWorkbook, type RunOptions, type RunResult } from "../workbook/run";
import type { CellScalar, SheetSnapshot, WorkbookSnapshot } from "../workbook/snapshot";

/** A sheet from rows of cells, with `%` formats on the given 0-based columns. */
function sheet(
  name: string,
  rows: CellScalar[][],
  percentColumns: readonly number[] = []
): SheetSnapshot {
  return {
    name,
    origin: { row: 0, column: 0 },
    values: rows,
    numberFormats: rows.map((r) =>
      r.map((v, j) => (typeof v === "number" && percentColumns.includes(j) ? "0.0%" : "General"))
    ),
  };
}

/**
 * A small scorecard workbook with the schemes the add-in must reproduce: a
 * county's floor-standard scorecard ("Kent", with a value of 120% in F9 and a
 * published Green the rule makes Amber), a unitary council's relative-tolerance
 * Council Plan ("Medway"), and a notes sheet with no table.
 */
export function demoWorkbook(): WorkbookSnapshot {
  return {
    sheets: [
      sheet(
        "Kent",
        [
          ["Kent children's services scorecard"],
          [],
          ["PI code", "Indicator", "Polarity", "Floor", "Target", "Value", "RAG"],
          ["SCS01", "Children seen within 7 days", "H", 0.75, 0.85, 0.9, "Green"],
          ["SCS02", "Repeat referrals within 12 months", "L", 0.3, 0.22, 0.25, "Amber"],
          ["SCS03", "Assessments within 45 days", "H", 0.8, 0.9, 0.7, "Red"],
          [
            "SCS04",
            "Care leavers in education, employment or training",
            "H",
            0.5,
            0.65,
            0.6,
            "Green",
          ],
          ["SCS05", "Placement stability", "H", 0.6, 0.7, 0.72, "Green"],
          ["SCS06", "Case audits rated good or better", "H", 0.6, 0.8, 1.2, "Green"],
        ],
        [3, 4, 5]
      ),
      sheet("Medway", [
        ["Council Plan performance, Q3 2022/23"],
        ["PI code", "PI name", "Aim to", "Value", "Target", "Status"],
        ["PH13", "Smoking quitters at 4 weeks", "Maximise", 82, 85, "Amber"],
        ["ILAC1", "Children in care per 10,000", "Minimise", 22.1, 22, "Amber"],
        ["ILAC7(N)", "Care leavers in touch", "Maximise", 75, 80, "Red"],
        ["CSC0004", "Contacts progressing to referral", "Goldilocks", 67.3, 67, "Green"],
      ]),
      sheet("Notes", [["How to read this scorecard: RAG ratings follow the council's own rules."]]),
    ],
  };
}

export interface DemoOptions {
  readonly snapshot?: WorkbookSnapshot;
  /** Pause before each progress step (ms); 0 in tests. */
  readonly stepDelayMs?: number;
  /** Awaited before each stage of `rate`, so a test can hold the run mid-way. */
  readonly beforeStage?: (stage: Progress["stage"]) => Promise<void>;
}

/** The session over an in-memory workbook, with what the demo and its tests also need. */
export interface DemoHost extends Session {
  /** The workbook as it is now. */
  snapshot(): WorkbookSnapshot;
  /** Marks the ratings as written (as if Rate had run before the pane opened). */
  prerate(options?: RunOptions): RunResult;
}

/**
 * The session over an in-memory workbook (the memory port), running the real
 * pipeline: for tests, demos and the task pane opened outside Excel. Only the
 * port differs from Excel's and the CLI's.
 */
export function createDemoActions(options: DemoOptions = {}): DemoHost {
  const initial = options.snapshot ?? demoWorkbook();
  const port = createMemoryPort(initial);
  const delay = options.stepDelayMs ?? 0;
  const session = createSession(port, {
    beforeStage: async (stage) => {
      await options.beforeStage?.(stage);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    },
  });
  return {
    ...session,
    snapshot: port.snapshot,
    prerate(runOptions = {}) {
      // Straight into the memory port's workbook, before any session step has run.
      const result = runWorkbook(port.snapshot(), runOptions);
      void port.transaction((workbook) => workbook.apply(result.plan, []));
      return result;
    },
  };
}
