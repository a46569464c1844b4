import { vi, type Mock } from "vitest";
import type { HostActions, Progress } from "../../src/session/host-actions";
import type { SelectionListener } from "../../src/session/port";
import { createDemoActions, type DemoOptions } from "../../src/taskpane/demo-actions";
import type { WorkbookSnapshot } from "../../src/workbook/snapshot";

type Mocked<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? Mock<(...args: A) => R> : T[K];
};

export interface FakeHost {
  readonly actions: Mocked<HostActions>;
  readonly snapshot: () => WorkbookSnapshot;
  /** Releases a stage held by `holdStages`. */
  readonly release: (stage: Progress["stage"]) => void;
  /** Rates the workbook as if it had been rated before the pane opened. */
  readonly prerate: () => void;
  /** The user selects `address` on `sheet` in Excel: calls the pane's watchSelection listener, if it has one. */
  readonly selectInExcel: (sheet: string, address: string) => void;
}

/**
 * HostActions as vi.fn spies over the real pipeline on the demo workbook.
 * With `holdStages`, `rate` waits at each listed stage until `release(stage)`.
 */
export function fakeHost(
  options: DemoOptions & { readonly holdStages?: readonly Progress["stage"][] } = {}
): FakeHost {
  const gates = new Map<Progress["stage"], () => void>();
  const held = new Map<Progress["stage"], Promise<void>>();
  for (const stage of options.holdStages ?? [])
    held.set(stage, new Promise<void>((resolve) => gates.set(stage, resolve)));
  const demo = createDemoActions({
    ...options,
    beforeStage: async (stage) => {
      await held.get(stage);
    },
  });
  let listener: SelectionListener | undefined;
  const actions = {
    analyse: vi.fn(demo.analyse),
    rate: vi.fn(demo.rate),
    clear: vi.fn(demo.clear),
    selectCell: vi.fn(demo.selectCell),
    saveMappingOverride: vi.fn(demo.saveMappingOverride),
    saveSettings: vi.fn(demo.saveSettings),
    createRulesSheet: vi.fn(demo.createRulesSheet),
    createFindingsSheet: vi.fn(demo.createFindingsSheet),
    createSummarySheet: vi.fn(demo.createSummarySheet),
    createChart: vi.fn(demo.createChart),
    createOverviewSheet: vi.fn(demo.createOverviewSheet),
    learnRules: vi.fn(demo.learnRules),
    writeLearnedRules: vi.fn(demo.writeLearnedRules),
    loadSettings: vi.fn(demo.loadSettings),
    watchSelection: vi.fn(async (next: SelectionListener) => {
      listener = next;
      return async () => {
        if (listener === next) listener = undefined;
      };
    }),
  } satisfies Mocked<HostActions>;
  return {
    actions,
    snapshot: demo.snapshot,
    release: (stage) => gates.get(stage)?.(),
    prerate: () => void demo.prerate(),
    selectInExcel: (sheet, address) => listener?.(sheet, address),
  };
}
