import { rangeAddress, columnLetter, type CellRange } from "./address";
import { rangesFromComments } from "./comment-ranges";
import { detectTables, type ColumnMapping, type SheetDetection } from "./detect";
import { planClear, planSheet, type SheetPlan } from "./plan";
import { tableOutputColumns } from "./output-columns";
import { rateTable, type RowResult } from "./rate-table";
import { codeKey, parseRulesTable, type RulesTable } from "./rules-table";
import { DEFAULT_SETTINGS, outputHeaderTexts, presetDefaults, type Settings } from "./settings";
import { SheetGrid, type CellScalar, type SheetSnapshot, type WorkbookSnapshot } from "./snapshot";
import {
  isEmptyState,
  parseState,
  RULES_SHEET,
  STATE_SHEET,
  stateCells,
  type BlockRecord,
  type LegacyBlock,
  type StoredState,
} from "./state";
import {
  ownedNameFor,
  resolveOwnership,
  unrecordedOutput,
  type OwnedName,
  type SheetOwnership,
} from "./ownership";
import { isChartDataHeader } from "./chart-data";
import { runChecks } from "./checks";
import { isFindingsHeader, snapshotHead } from "./findings";
import { isOwnOverviewSheet } from "./overview-sheet";
import { isSummaryHeader } from "./summary-sheet";
import { parseTolerance } from "../engine/tolerance";
import type {
  MappingEntry,
  Message,
  RatedTable,
  RunResult,
  SheetResult,
  TableResult,
} from "./result";

export interface RunOptions {
  readonly mode?: "rate" | "clear";
  /** Sheet names to run on (default: every sheet). */
  readonly sheets?: readonly string[];
  /** A rules table from outside the workbook (the CLI's --rules); otherwise the "Rules" sheet, if any. */
  readonly rules?: RulesTable;
  readonly settings?: Partial<Settings>;
}

const RESERVED = new Set([STATE_SHEET, RULES_SHEET]);

/**
 * The tool's own sheets are never scanned for indicators: its state, Rules,
 * Findings, Summary and Overview (`names`: the workbook's sheets, which an
 * Overview header lists).
 */
function isToolSheet(sheet: SheetSnapshot, names: readonly string[]): boolean {
  const head = snapshotHead(sheet);
  return (
    RESERVED.has(sheet.name) ||
    isFindingsHeader(head.firstRow) ||
    isSummaryHeader(head.firstRow) ||
    isChartDataHeader(head.firstRow) ||
    isOwnOverviewSheet(head, names)
  );
}

/**
 * Settings: the defaults, then what the workbook saved, then what this run asks
 * for. The saved preset decides the table defaults (presetDefaults); a saved
 * tolerance with no preset (a workbook saved before presets, or by hand) is a
 * custom one.
 */
export function resolveSettings(state: StoredState, overrides: Partial<Settings> = {}): Settings {
  const saved = state.settings;
  const savedTolerance = saved.tolerance ? parseTolerance(saved.tolerance) : undefined;
  const preset = saved.preset ?? (savedTolerance ? "custom" : DEFAULT_SETTINGS.preset);
  const base: Settings = {
    ...DEFAULT_SETTINGS,
    preset,
    defaults: presetDefaults(preset, savedTolerance),
    trends: saved.trendGaps
      ? { ...DEFAULT_SETTINGS.trends, gaps: saved.trendGaps }
      : DEFAULT_SETTINGS.trends,
    trendDisplay: saved.trendDisplay ?? DEFAULT_SETTINGS.trendDisplay,
    headers: { ...DEFAULT_SETTINGS.headers, ...saved.headers },
    columns: { ...DEFAULT_SETTINGS.columns, ...saved.columns },
    checks: {
      ...DEFAULT_SETTINGS.checks,
      enabled: { ...DEFAULT_SETTINGS.checks.enabled, ...saved.checks },
      suppressionThreshold:
        saved.suppressionThreshold ?? DEFAULT_SETTINGS.checks.suppressionThreshold,
      jumpFactor: saved.jumpFactor ?? DEFAULT_SETTINGS.checks.jumpFactor,
    },
  };
  return { ...base, ...overrides, defaults: { ...base.defaults, ...overrides.defaults } };
}

/**
 * A grid that reads the add-in's own blocks as empty, so its output is never
 * taken for the user's data. Only the rows a block covers are copied, and in
 * them only the block's cells are blanked.
 *
 * Cost: O(rows the blocks cover × their row lengths), not a test of every block for every cell.
 */
function maskedGrid(sheet: SheetSnapshot, owned: SheetOwnership | undefined): SheetGrid {
  const blocks = owned?.blocks ?? [];
  if (blocks.length === 0) return new SheetGrid(sheet);
  const { row: top, column: left } = sheet.origin;
  const values = sheet.values.slice();
  const copied = new Map<number, CellScalar[]>();
  for (const { range } of blocks)
    for (let i = Math.max(0, range.top - top); i <= range.bottom - top && i < values.length; i++) {
      const from = Math.max(0, range.left - left);
      const to = Math.min(values[i]!.length - 1, range.right - left);
      if (from > to) continue;
      let line = copied.get(i);
      if (!line) {
        line = values[i]!.slice();
        values[i] = line;
        copied.set(i, line);
      }
      for (let j = from; j <= to; j++) line[j] = null;
    }
  return new SheetGrid({ ...sheet, values });
}

function mappingJson(mapping: ColumnMapping): Record<string, MappingEntry> {
  const out: Record<string, MappingEntry> = {};
  for (const [role, choice] of Object.entries(mapping.roles)) {
    if (choice)
      out[role] = {
        column: columnLetter(choice.column),
        header: choice.header,
        reason: choice.reason,
      };
  }
  mapping.benchmarks.forEach(
    (b, i) =>
      (out[`benchmark${i + 1}`] = {
        column: columnLetter(b.column),
        header: b.header,
        reason: b.reason,
      })
  );
  return out;
}

function rulesFromSheet(snapshot: WorkbookSnapshot): RulesTable | undefined {
  const sheet = snapshot.sheets.find((s) => s.name === RULES_SHEET);
  if (!sheet) return undefined;
  return parseRulesTable(sheet.values, sheet.origin.row + 1);
}

/**
 * The whole job on a workbook snapshot, shared by the add-in and the command
 * line: find the tables on each sheet, rate every row, run the checks, write the
 * commentary, and plan the output (or, in `clear` mode, plan removing it).
 * Pure: the adapters read the snapshot and apply the plan.
 *
 * Cost: O(cells) for detection, O(rows × periods) for rating.
 */
export function runWorkbook(snapshot: WorkbookSnapshot, options: RunOptions = {}): RunResult {
  const warnings: Message[] = [];
  const { state, problem } = parseState(snapshot.state);
  if (problem) warnings.push({ severity: "warning", sheet: STATE_SHEET, message: problem.message });
  const settings = resolveSettings(state, options.settings);
  const rules = options.rules ?? rulesFromSheet(snapshot);
  if (!options.rules && rules) {
    for (const p of rules.problems)
      warnings.push({
        severity: "warning",
        sheet: RULES_SHEET,
        cell: `A${p.line}`,
        message: p.message,
      });
  }
  const selected = options.sheets?.length ? new Set(options.sheets) : undefined;
  if (selected) {
    for (const name of selected) {
      if (!snapshot.sheets.some((s) => s.name === name))
        warnings.push({
          severity: "error",
          message: `There is no sheet named "${name}". Sheets: ${snapshot.sheets.map((s) => s.name).join(", ")}.`,
        });
    }
  }
  const sheetNames = snapshot.sheets.map((s) => s.name);
  const sheets = snapshot.sheets.filter(
    (s) => !isToolSheet(s, sheetNames) && (!selected || selected.has(s.name))
  );
  const grids = new Map(snapshot.sheets.map((s) => [s.name, new SheetGrid(s)]));
  const headerTexts = outputHeaderTexts(settings.headers);
  const ownership = resolveOwnership({
    grids,
    names: snapshot.names ?? [],
    state,
    notes: new Map(
      snapshot.sheets.map((s) => [s.name, new Map((s.notes ?? []).map((n) => [n.cell, n.text]))])
    ),
    headers: headerTexts,
  });
  warnings.push(...ownership.messages);
  let nextNumber = ownership.nextNumber;
  const newName = (): string => ownedNameFor(nextNumber++);
  /** Sheets this run plans for (their names and records are replaced by the plan's). */
  const planned = new Set<string>();
  const sheetPlans: SheetPlan[] = [];
  const sheetResults: SheetResult[] = [];
  const ratedTables: RatedTable[] = [];
  const detections: { grid: SheetGrid; detection: SheetDetection }[] = [];

  for (const sheet of sheets) {
    const owned = ownership.sheets.get(sheet.name);
    if (owned?.refusal) {
      sheetResults.push({ name: sheet.name, tables: [], problem: owned.refusal.message });
      continue;
    }
    const copy = unrecordedOutput(grids.get(sheet.name)!, headerTexts, owned);
    if (copy) {
      warnings.push(copy);
      sheetResults.push({ name: sheet.name, tables: [], problem: copy.message });
      continue;
    }
    planned.add(sheet.name);
    if (options.mode === "clear") {
      if (owned && (owned.blocks.length > 0 || owned.notes.length > 0))
        sheetPlans.push(planClear(grids.get(sheet.name)!, owned));
      continue;
    }
    const grid = maskedGrid(sheet, owned);
    const detection = detectTables(grid, { overrides: state.overrides });
    detections.push({ grid, detection });
  }

  const allCodes = new Set<string>();
  for (const { grid, detection } of detections) {
    const tableRows = new Set<number>();
    const codes = new Set<string>();
    for (const table of detection.tables) {
      for (let r = table.range.top; r <= table.range.bottom; r++) tableRows.add(r);
      const code = table.mapping.roles.code?.column;
      for (const row of table.rows)
        if (row.kind === "indicator" && code !== undefined)
          codes.add(codeKey(grid.text(row.row, code)));
    }
    const commentRanges = rangesFromComments(grid, codes, tableRows);
    for (const [code, range] of commentRanges) {
      warnings.push({
        severity: "info",
        sheet: grid.name,
        cell: range.cell,
        message: `${code}: target range ${range.lower}–${range.upper} read from the comment in ${range.cell}.`,
      });
    }
    for (const table of detection.tables) {
      const rated = rateTable(grid, table, rules, settings, commentRanges);
      ratedTables.push({ sheet: grid.name, grid, table, rows: rated.rows, summary: rated.summary });
      for (const row of rated.rows) allCodes.add(codeKey(row.code));
    }
  }

  for (const note of runChecks(ratedTables, settings))
    warnings.push({ severity: "info", sheet: note.sheet, cell: note.cell, message: note.message });
  const fallback = defaultRuleDisagrees(ratedTables);
  if (fallback) warnings.push(fallback);

  for (const { grid, detection } of detections) {
    const mine = ratedTables.filter((t) => t.sheet === grid.name);
    for (const t of mine)
      for (const row of t.rows) {
        // The explanation, then each flag's message, a space between: joined into one flat
        // string (appending builds a rope, which every later read of the text walks).
        const parts = [row.explanation];
        for (const f of row.flags) parts.push(f.message);
        row.commentary = parts.join(" ");
      }
    const tables: TableResult[] = mine.map(({ table, rows, summary }) => {
      return {
        id: table.id,
        sheet: table.sheet,
        address: rangeAddress(table.range),
        title: table.title ?? null,
        layout: table.layout,
        source: table.source,
        confidence: table.confidence,
        mapping: mappingJson(table.mapping),
        periods: table.mapping.periods.map((p) => ({
          column: columnLetter(p.column),
          header: p.header,
        })),
        notes: table.notes,
        rows,
        counts: summary.counts,
        narrative: summary.lines,
      };
    });
    sheetResults.push({ name: grid.name, tables, problem: detection.problem ?? null });
    if (detection.problem)
      warnings.push({ severity: "info", sheet: grid.name, message: detection.problem });
    const owned = ownership.sheets.get(grid.name);
    if (mine.length > 0 || (owned && (owned.blocks.length > 0 || owned.notes.length > 0))) {
      const { plan, messages } = planSheet({
        grid: grids.get(grid.name)!,
        tables: mine.map(({ table, rows }) => ({
          table,
          rows,
          columns: tableOutputColumns(table, rows, settings),
        })),
        owned,
        trendDisplay: settings.trendDisplay,
        newName,
      });
      warnings.push(...messages);
      sheetPlans.push(plan);
    }
  }

  if (options.rules) {
    for (const [code, line] of options.rules.lines) {
      if (!allCodes.has(code))
        warnings.push({
          severity: "warning",
          message: `Rules line ${line}: code "${code}" is not on any rated sheet.`,
        });
    }
    for (const p of options.rules.problems)
      warnings.push({ severity: "warning", message: `Rules line ${p.line}: ${p.message}` });
  }

  const { names, state: nextState } = nextOwnership(state, ownership, planned, sheetPlans);
  return {
    sheets: sheetResults,
    warnings,
    settings,
    plan: {
      sheets: sheetPlans,
      names,
      state: nextState,
      stateCells: isEmptyState(nextState) ? null : stateCells(nextState),
    },
  };
}

/** Fewest disagreements, and share of the published ratings, that say the default rule is not the council's. */
const FALLBACK_MIN_ROWS = 3;
const FALLBACK_SHARE = 0.2;

/**
 * Where a table publishes RAGs but sets no Amber/Red boundary of its own (no
 * floor, tolerance or range on the row, nor in the rules table), the default
 * 5% tolerance is only a guess. When it puts many published Ambers at Red, or
 * Reds at Amber (at least 3, and a fifth of such rows), that is said once, with
 * the way out (learning the thresholds), instead of one "published differs"
 * flag a row: those flags are taken off those rows. A published Green short of
 * target, or a non-Green that meets it, stays flagged: no floor explains it.
 */
function defaultRuleDisagrees(tables: readonly RatedTable[]): Message | undefined {
  const guessed: RowResult[] = [];
  const sheets: string[] = [];
  for (const t of tables)
    for (const row of t.rows) {
      const rule = row.detail.rule as RatedRule;
      const published = row.publishedStatus;
      if (published !== "Green" && published !== "Amber" && published !== "Red") continue;
      if (rule.floor !== undefined || rule.lower !== undefined || rule.upper !== undefined)
        continue;
      const own = (field: string): boolean =>
        rule.sources?.[field] === "row" || rule.sources?.[field] === "rules";
      if (own("tolerance") || own("amber")) continue;
      guessed.push(row);
      if (!sheets.includes(t.sheet)) sheets.push(t.sheet);
    }
  // Only Amber against Red is the boundary's doing; a Green short of target is a slip whatever the floor.
  const differing = guessed.filter(
    (row) =>
      (row.status === "Amber" || row.status === "Red") &&
      row.publishedStatus !== "Green" &&
      row.flags.some((f) => f.kind === "published-status")
  );
  if (differing.length < FALLBACK_MIN_ROWS || differing.length < FALLBACK_SHARE * guessed.length)
    return undefined;
  for (const row of differing) {
    const kept = row.flags.filter((f) => f.kind !== "published-status");
    row.flags.length = 0;
    row.flags.push(...kept);
  }
  const where =
    sheets.length <= 3 ? sheets.map((s) => `"${s}"`).join(", ") : `${sheets.length} sheets`;
  return {
    severity: "warning",
    ...(sheets.length === 1 ? { sheet: sheets[0]! } : {}),
    message:
      `The published RAG is Amber where the default rule (Amber within 5% of target) gives Red, or the other way ` +
      `round, on ${differing.length} of ${guessed.length} rated rows on ${where}, and those rows set no floor or ` +
      `tolerance of their own: the council's thresholds are probably not printed. Learn them from the published ` +
      `ratings ("Learn rules from published ratings" in the pane, or scorecard-rag learn-rules IN.xlsx -o ` +
      `rules.csv), then rate with them.`,
  };
}

interface RatedRule {
  readonly floor?: number;
  readonly lower?: number;
  readonly upper?: number;
  readonly sources?: Readonly<Record<string, string | undefined>>;
}

/**
 * The names and records once the plan is applied: the plan's blocks on the
 * sheets it planned; elsewhere every name that was verified or left alone, as
 * it is, with its record. Names that point nowhere go, and so do records no
 * name points at.
 */
function nextOwnership(
  state: StoredState,
  ownership: ReturnType<typeof resolveOwnership>,
  planned: ReadonlySet<string>,
  plans: readonly SheetPlan[]
): { names: OwnedName[]; state: StoredState } {
  const names: OwnedName[] = [];
  const blocks: Record<string, BlockRecord> = {};
  for (const name of ownership.names) {
    if (planned.has(name.sheet)) continue;
    // A name with no record stays too: its sheet was left alone, and the name is what says so next time.
    names.push(name);
    const record = state.blocks[name.name];
    if (record) blocks[name.name] = record;
  }
  for (const plan of plans)
    for (const block of plan.blocks) {
      names.push({ name: block.name, sheet: plan.sheet, range: block.range });
      blocks[block.name] = block.record;
    }
  let legacy: Record<string, readonly LegacyBlock[]> | undefined;
  for (const [sheet, list] of Object.entries(state.legacy ?? {}))
    if (!planned.has(sheet)) (legacy ??= {})[sheet] = list;
  const { legacy: _old, ...rest } = state;
  const next: StoredState = legacy ? { ...rest, blocks, legacy } : { ...rest, blocks };
  return { names, state: next };
}

export type { CellRange };
/** The result types live in ./result; re-exported here for the hosts, the CLI and the pane. */
export type {
  MappingEntry,
  Message,
  RunResult,
  SheetResult,
  TableResult,
  WritePlan,
} from "./result";
