/**
 * The request/response machinery of the fake: proxy objects that queue commands, `context.sync()` that runs them
 * against the model in order, load bookkeeping (PropertyNotLoaded), null objects, requirement sets (ApiNotFound),
 * payload limits and statistics.
 */

import type { Rect } from "./address";
import {
  apiNotFound,
  FakeErrorCodes,
  FakeRichApiError,
  invalidArgument,
  invalidObjectPath,
  invalidRequestContext,
  itemNotFound,
  notImplemented,
  propertyNotLoaded,
  sheetProtected,
  valueNotLoaded,
} from "./errors";
import { EXCEL_MEMBERS } from "./excel-api.generated";
import type { FakeSelectionRegistration } from "./events";
import { cloneModel, type CellScalar, type FakeWorkbookModel, restoreModel } from "./model";

// ---------------------------------------------------------------------------------------------------------------
// Options, limits, statistics

export interface FakeLimits {
  /** Request and response payload limit per sync, as in Excel on the web. Default 5 MB. */
  maxPayloadBytes: number;
  /** Cells one load of a grid property (values, text, ...) may cover. Default 5,000,000 (Excel's get limit). */
  maxCellsPerGet: number;
  /** Cells one format write (or one broadcast value) may touch before the fake refuses: it stores formats per cell. Default 500,000. */
  maxCellsPerFormatWrite: number;
}

export interface FakeOfficeOptions {
  /** Supported requirement sets and their highest version. Default `{ ExcelApi: "1.18" }`. */
  requirementSets?: Record<string, string>;
  platform?: "PC" | "OfficeOnline" | "Mac" | "iOS" | "Android" | "Universal";
  limits?: Partial<FakeLimits>;
  /** Author of notes and comments the add-in creates. */
  authorName?: string;
  authorEmail?: string;
  /** Value a formula cell takes when a formula is written; default: the cell keeps its previous value. */
  evaluateFormula?: (
    formula: string,
    where: { sheet: string; address: string }
  ) => CellScalar | null | undefined;
  /** Inserted cells copy the formatting of the cells above / to the left, as in Excel. Default true. */
  insertCopiesFormat?: boolean;
  /** Clock for comment creation dates. */
  now?: () => Date;
}

export interface FakeOperation {
  /** 1-based index of the round trip that applied it. */
  sync: number;
  op: string;
  /** Sheet-qualified address, or a description of the object. */
  target: string;
  write: boolean;
  detail?: Record<string, unknown>;
}

export interface FakeSyncRecord {
  requestBytes: number;
  responseBytes: number;
  commands: number;
  error?: string;
}

export interface FakeStats {
  /** Round trips: `context.sync()` calls that had at least one queued command (the implicit one at the end of `Excel.run` included). */
  syncCount: number;
  /** Every `context.sync()` call, empty ones included. */
  syncCalls: number;
  /** `Excel.run` batches started. */
  runCount: number;
  /** Request bytes of each round trip (JSON of the queued commands, values included). */
  requestBytes: number[];
  /** Response bytes of each round trip (JSON of the loaded data). */
  responseBytes: number[];
  syncs: FakeSyncRecord[];
  /** Everything applied to the workbook (and every load), in order. */
  operations: FakeOperation[];
  /**
   * Every Excel API member touched (property read or written, method called), by class: `Range` → `values`, ...
   * With `EXCEL_MEMBERS` this tells which requirement sets the code under test needs.
   */
  apiMembers: Map<string, Set<string>>;
  reset(): void;
}

export function createStats(): FakeStats {
  const stats: FakeStats = {
    syncCount: 0,
    syncCalls: 0,
    runCount: 0,
    requestBytes: [],
    responseBytes: [],
    syncs: [],
    operations: [],
    apiMembers: new Map(),
    reset() {
      stats.syncCount = 0;
      stats.syncCalls = 0;
      stats.runCount = 0;
      stats.requestBytes = [];
      stats.responseBytes = [];
      stats.syncs = [];
      stats.operations = [];
      stats.apiMembers = new Map();
    },
  };
  return stats;
}

// eslint-disable-next-line no-control-regex -- the point is to find any character past ASCII.
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Bytes of `text` in UTF-8, as it goes over the wire: Excel's 5 MB limit counts bytes, and a trend arrow or an en
 * dash is one JavaScript character but three bytes.
 */
export function utf8Length(text: string): number {
  // Most text is ASCII: one native scan answers, and only other text is counted character by character.
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair: two characters, four bytes.
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Shared by every context of one fake Office: the model, options, statistics and injected failures. */
export class FakeHost {
  readonly limits: FakeLimits;
  readonly stats = createStats();
  readonly injectedErrors: FakeRichApiError[] = [];
  /** The handlers of `workbook.onSelectionChanged` now registered. */
  readonly selectionHandlers = new Set<FakeSelectionRegistration>();
  private _events: Promise<void>[] = [];
  private _requirementSets: Record<string, string> = {};
  /** `checkMember` runs on every property access of every proxy: its answer per requirement set is remembered. */
  private readonly _memberSetSupported = new Map<string, boolean>();

  constructor(
    public model: FakeWorkbookModel,
    readonly options: FakeOfficeOptions
  ) {
    this.requirementSets = { ...(options.requirementSets ?? { ExcelApi: "1.18" }) };
    this.limits = {
      maxPayloadBytes: 5 * 1024 * 1024,
      maxCellsPerGet: 5_000_000,
      maxCellsPerFormatWrite: 500_000,
      ...options.limits,
    };
  }

  /** Calls every selection handler, in the order they were added, once the current task is done (as Excel does). */
  fireSelectionChanged(): Promise<void> {
    const registrations = [...this.selectionHandlers];
    const firing = Promise.resolve().then(async () => {
      for (const { handler, context } of registrations)
        await handler({ type: "WorkbookSelectionChanged", workbook: context.workbook });
    });
    // Awaited by `eventsSettled`, which rethrows; not an unhandled rejection meanwhile.
    firing.catch(() => {});
    this._events.push(firing);
    return firing;
  }

  /** Waits for every handler called so far (and those their batches set off); rejects if one threw. */
  async eventsSettled(): Promise<void> {
    while (this._events.length > 0) await Promise.all(this._events.splice(0));
  }

  get requirementSets(): Record<string, string> {
    return this._requirementSets;
  }
  set requirementSets(sets: Record<string, string>) {
    this._requirementSets = sets;
    this._memberSetSupported.clear();
  }

  /** `Office.context.requirements.isSetSupported`: numeric comparison, so 1.10 > 1.9. */
  isSetSupported(name: string, version?: string | number): boolean {
    const supported = Object.entries(this.requirementSets).find(
      ([set]) => set.toLowerCase() === name.toLowerCase()
    )?.[1];
    if (supported === undefined) return false;
    const wanted =
      version === undefined ? "1.1" : typeof version === "number" ? version.toFixed(1) : version;
    return compareVersions(supported, wanted) >= 0;
  }

  /** Notes that `className.member` was touched in `stats.apiMembers`. */
  recordMember(className: string, member: string): void {
    let touched = this.stats.apiMembers.get(className);
    if (!touched) this.stats.apiMembers.set(className, (touched = new Set()));
    touched.add(member);
  }

  /**
   * Records the member as touched, then throws ApiNotFound when `className.member` needs a requirement set the host
   * lacks (as office.js does on access).
   */
  checkMember(className: string, member: string): void {
    // `context` is in every class and the fake's own machinery reads it all the time: not worth recording.
    if (member !== "context") this.recordMember(className, member);
    const set = EXCEL_MEMBERS[className]?.[member];
    if (!set) return;
    let supported = this._memberSetSupported.get(set);
    if (supported === undefined) {
      const space = set.lastIndexOf(" ");
      supported = this.isSetSupported(set.slice(0, space), set.slice(space + 1));
      this._memberSetSupported.set(set, supported);
    }
    if (!supported) throw apiNotFound(`${className}.${member}`, set);
  }

  get authorName(): string {
    return this.options.authorName ?? "Fake User";
  }

  now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Sync environment and commands

export interface RangeHandle {
  sheetId: string;
  /** Null once the cells were deleted. */
  rect: Rect | null;
}

export interface SyncEnv {
  host: FakeHost;
  ctx: FakeRequestContext;
  readonly model: FakeWorkbookModel;
  syncIndex: number;
  log(op: string, target: string, write: boolean, detail?: Record<string, unknown>): void;
}

interface CommandResult {
  response: unknown;
  apply(): void;
}

interface Command {
  kind: "write" | "read";
  /** What would go over the wire; evaluated at sync time, as office.js serialises then. */
  wire(): unknown;
  run(env: SyncEnv): CommandResult | void;
}

// ---------------------------------------------------------------------------------------------------------------
// Proxy guard: ApiNotFound, not-implemented members, read-only properties

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

function guard<T extends object>(target: T, className: string, host: FakeHost): T {
  const members = EXCEL_MEMBERS[className] ?? {};
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (typeof prop === "string" && hasOwn(members, prop)) {
        host.checkMember(className, prop);
        if (!(prop in t)) throw notImplemented(`${className}.${prop}`);
      }
      return Reflect.get(t, prop, receiver);
    },
    set(t, prop, value, receiver) {
      if (typeof prop === "string" && hasOwn(members, prop)) {
        host.checkMember(className, prop);
        if (!(prop in t)) throw notImplemented(`${className}.${prop}`);
      }
      if (!Reflect.set(t, prop, value, receiver)) {
        throw new TypeError(`Cannot set property ${className}.${String(prop)}: it is read-only.`);
      }
      return true;
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Class specs and load trees

export interface ScalarSpec<H> {
  get(h: H, env: SyncEnv): unknown;
  /** Shape of the grid the read returns, for the size pre-check of grid properties. */
  grid?(h: H, env: SyncEnv): { rows: number; columns: number };
}

export interface ClassSpec<H = unknown> {
  name: string;
  scalars: Record<string, ScalarSpec<H>>;
  navs?: Record<string, () => ClassSpec>;
  /** For collections: the item class and how to list the items (fresh proxies, bound by id). */
  collection?: {
    item: () => ClassSpec;
    items(owner: FakeClientObject<H>, h: H, env: SyncEnv): FakeClientObject[];
  };
}

interface LoadTree {
  scalars: Set<string>;
  navs: Map<string, LoadTree>;
  items?: LoadTree;
  invalid: string[];
}

const emptyTree = (): LoadTree => ({ scalars: new Set(), navs: new Map(), invalid: [] });

function addAllScalars(tree: LoadTree, spec: ClassSpec): void {
  if (spec.collection) {
    tree.items ??= emptyTree();
    addAllScalars(tree.items, spec.collection.item());
  }
  for (const name of Object.keys(spec.scalars)) tree.scalars.add(name);
}

function addPath(tree: LoadTree, spec: ClassSpec, segments: string[], full: string): void {
  const [head, ...rest] = segments;
  if (head === undefined || head === "") return;
  if (head === "$all") {
    addAllScalars(tree, spec);
    return;
  }
  if (spec.collection && head === "items") {
    tree.items ??= emptyTree();
    if (rest.length === 0) addAllScalars(tree.items, spec.collection.item());
    else addPath(tree.items, spec.collection.item(), rest, full);
    return;
  }
  if (hasOwn(spec.scalars, head)) {
    if (rest.length > 0) tree.invalid.push(full);
    else tree.scalars.add(head);
    return;
  }
  const nav = spec.navs?.[head];
  if (nav) {
    let sub = tree.navs.get(head);
    if (!sub) tree.navs.set(head, (sub = emptyTree()));
    if (rest.length === 0) addAllScalars(sub, nav());
    else addPath(sub, nav(), rest, full);
    return;
  }
  if (spec.collection) {
    // office.js treats collection.load("name") as load("items/name").
    addPath(tree, spec, ["items", head, ...rest], full);
    return;
  }
  if (EXCEL_MEMBERS[spec.name] && hasOwn(EXCEL_MEMBERS[spec.name]!, head))
    throw notImplemented(`${spec.name}.${head} (in load)`);
  tree.invalid.push(full);
}

type LoadInput = string | string[] | Record<string, unknown> | undefined;

function addObjectForm(tree: LoadTree, spec: ClassSpec, input: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(input)) {
    if (key === "select" || key === "expand") {
      const names = Array.isArray(value) ? value.map(String) : String(value ?? "").split(",");
      for (const name of names) {
        const path = name.trim();
        if (path) addPath(tree, spec, path.split("/"), path);
      }
    } else if (key === "$top" || key === "$skip" || key === "top" || key === "skip") {
      throw notImplemented(`${spec.name}.load({ ${key} })`);
    } else if (value === true) {
      addPath(tree, spec, [key], key);
    } else if (value && typeof value === "object") {
      if (spec.collection && key !== "items") {
        tree.items ??= emptyTree();
        addObjectForm(tree.items, spec.collection.item(), { [key]: value });
        continue;
      }
      const child = key === "items" ? spec.collection?.item() : spec.navs?.[key]?.();
      if (!child) {
        tree.invalid.push(key);
        continue;
      }
      let sub = key === "items" ? tree.items : tree.navs.get(key);
      if (!sub) {
        sub = emptyTree();
        if (key === "items") tree.items = sub;
        else tree.navs.set(key, sub);
      }
      addObjectForm(sub, child, value as Record<string, unknown>);
    }
  }
}

function parseLoad(spec: ClassSpec, input: LoadInput): LoadTree {
  const tree = emptyTree();
  if (input === undefined || input === null || (typeof input === "string" && input.trim() === "")) {
    addAllScalars(tree, spec);
    return tree;
  }
  if (typeof input === "string" || Array.isArray(input)) {
    const names =
      typeof input === "string" ? input.split(",") : input.flatMap((s) => String(s).split(","));
    for (const name of names) {
      const path = name.trim();
      if (path) addPath(tree, spec, path.split("/"), path);
    }
    return tree;
  }
  if (typeof input === "object") {
    addObjectForm(tree, spec, input);
    return tree;
  }
  throw invalidArgument("propertyNames", `${spec.name}.load`);
}

/** A load names properties without touching them through the proxy: record them as used all the same. */
function recordLoadedMembers(host: FakeHost, spec: ClassSpec, tree: LoadTree): void {
  for (const name of tree.scalars) host.recordMember(spec.name, name);
  for (const [nav, sub] of tree.navs) {
    host.recordMember(spec.name, nav);
    const child = spec.navs?.[nav];
    if (child) recordLoadedMembers(host, child(), sub);
  }
  if (tree.items && spec.collection) {
    host.recordMember(spec.name, "items");
    recordLoadedMembers(host, spec.collection.item(), tree.items);
  }
}

function treeToText(tree: LoadTree, prefix = ""): string[] {
  const out = [...tree.scalars].map((s) => prefix + s);
  for (const [nav, sub] of tree.navs) out.push(...treeToText(sub, `${prefix}${nav}/`));
  if (tree.items) out.push(...treeToText(tree.items, `${prefix}items/`));
  return out;
}

function firstInvalid(tree: LoadTree): string | undefined {
  if (tree.invalid.length) return tree.invalid[0];
  for (const sub of tree.navs.values()) {
    const bad = firstInvalid(sub);
    if (bad) return bad;
  }
  return tree.items ? firstInvalid(tree.items) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Sheet protection

/** Changes a protected worksheet still allows: sheet protection guards cells, not the sheet's place in the workbook. */
const ALLOWED_ON_PROTECTED_SHEET = new Set([
  "Worksheet.activate",
  "Worksheet.copy",
  "Worksheet.delete",
  "Worksheet.name",
  "Worksheet.position",
  "Worksheet.visibility",
  "WorksheetProtection.protect",
  "WorksheetProtection.unprotect",
  "Range.select",
  // Defined names are the workbook's, not the sheet's cells.
  "NamedItemCollection.add",
  "NamedItemCollection.addFormulaLocal",
]);

/**
 * Refuses a change to a protected worksheet with AccessDenied, as Excel does. Every handle that lives on one sheet
 * (ranges, their formats, conditional formats, notes, the sheet itself) carries its `sheetId`.
 */
export function checkSheetWritable(
  env: SyncEnv,
  handle: unknown,
  className: string,
  member: string
): void {
  const sheetId = (handle as { sheetId?: unknown } | null)?.sheetId;
  if (typeof sheetId !== "string") return;
  const sheet = env.model.sheets.find((s) => s.id === sheetId);
  if (sheet?.protected && !ALLOWED_ON_PROTECTED_SHEET.has(`${className}.${member}`))
    throw sheetProtected(sheet.name, `${className}.${member}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Base proxy object

export type Resolver<H> = (env: SyncEnv) => H | null;

export interface ObjectInit<H> {
  className: string;
  path: string;
  spec: ClassSpec<H>;
  resolve: Resolver<H>;
  parent?: FakeClientObject;
  /** Created by an `*OrNullObject` method: a missing target is a null object, not ItemNotFound. */
  nullable?: boolean;
  /** Cache the resolved handle for the life of the proxy (entities by id, live ranges). Default true. */
  cache?: boolean;
}

/** Base of every fake Excel proxy object (stand-in for `OfficeExtension.ClientObject`). */
export class FakeClientObject<H = unknown> {
  readonly context: FakeRequestContext;
  readonly _className: string;
  readonly _path: string;
  readonly _spec: ClassSpec<H>;
  readonly _parent: FakeClientObject | undefined;
  readonly _nullable: boolean;
  _isNull: boolean | undefined = undefined;
  readonly _data = new Map<string, unknown>();
  readonly _nav = new Map<string, FakeClientObject>();
  _items: FakeClientObject[] | undefined = undefined;
  private readonly _resolver: Resolver<H>;
  private readonly _cacheHandle: boolean;
  private _cached: { handle: H | null } | undefined = undefined;

  constructor(context: FakeRequestContext, init: ObjectInit<H>) {
    this.context = context;
    this._className = init.className;
    this._path = init.path;
    this._spec = init.spec;
    this._parent = init.parent;
    this._nullable = (init.nullable ?? false) || (init.parent?._nullable ?? false);
    this._resolver = init.resolve;
    this._cacheHandle = init.cache ?? true;
    return guard(this, init.className, context._host);
  }

  /** Readable after the first sync that follows the object's creation (load not needed), as in Office.js. */
  get isNullObject(): boolean {
    if (this._isNull === undefined) throw propertyNotLoaded(this._className, "isNullObject");
    return this._isNull;
  }

  load(propertyNames?: LoadInput): this {
    const tree = parseLoad(this._spec as ClassSpec, propertyNames);
    recordLoadedMembers(this.context._host, this._spec as ClassSpec, tree);
    const text = treeToText(tree).join(",");
    this.context._enqueue({
      kind: "read",
      wire: () => ({ o: this._path, load: text }),
      run: (env) => {
        const bad = firstInvalid(tree);
        if (bad)
          throw invalidArgument(
            bad,
            `${this._className}.load`,
            `no loadable property '${bad}' on ${this._className} in the fake`
          );
        const result = runLoad(this as FakeClientObject, tree, env);
        env.log("load", this._describe(env), false, { properties: text });
        return result;
      },
    });
    return this;
  }

  /** Plain object of what is loaded (as office.js's toJSON). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of this._data) out[key] = value;
    for (const [key, child] of this._nav) {
      const json = child.toJSON();
      if (Object.keys(json).length) out[key] = json;
    }
    if (this._items) out.items = this._items.map((item) => item.toJSON());
    return out;
  }

  track(): this {
    return this;
  }

  untrack(): this {
    return this;
  }

  /** `obj.set({...})`: assigns each property through its setter (nested objects recurse into navigation properties). */
  set(properties: Record<string, unknown>): void {
    if (properties instanceof FakeClientObject)
      throw notImplemented(`${this._className}.set(otherObject)`);
    for (const [key, value] of Object.entries(properties)) {
      const self = this as unknown as Record<string, unknown>;
      if (value && typeof value === "object" && !Array.isArray(value) && this._spec.navs?.[key]) {
        (self[key] as FakeClientObject).set(value as Record<string, unknown>);
      } else {
        self[key] = value;
      }
    }
  }

  // --- internals ------------------------------------------------------------------------------------------------

  _resolve(env: SyncEnv): H | null {
    if (env.ctx !== this.context) throw invalidRequestContext(this._path);
    if (this._cached) return this._cached.handle;
    const handle = this._resolver(env);
    if (handle === null && !this._nullable) throw itemNotFound(this._path, this._className);
    if (this._cacheHandle) this._cached = { handle };
    return handle;
  }

  /** The handle for a write or method call; a null object cannot be written to. */
  _resolveExisting(env: SyncEnv, member: string): H {
    const handle = this._resolve(env);
    if (handle === null)
      throw itemNotFound(`${this._path} is a null object`, `${this._className}.${member}`);
    return handle;
  }

  /** A short description for the operations log (overridden by ranges to give their address). */
  _describe(_env: SyncEnv): string {
    return this._path;
  }

  _read<T>(name: string): T {
    if (this._isNull === true) return undefined as T;
    if (!this._data.has(name)) throw propertyNotLoaded(this._className, name);
    return this._data.get(name) as T;
  }

  /** Queues a property write; the value is also cached locally, as office.js does. */
  _write(
    name: string,
    value: unknown,
    op: string,
    apply: (h: H, value: unknown, env: SyncEnv) => Record<string, unknown> | void
  ): void {
    this._data.set(name, value);
    this.context._enqueue({
      kind: "write",
      wire: () => ({ o: this._path, set: name, v: value }),
      run: (env) => {
        const h = this._resolveExisting(env, name);
        checkSheetWritable(env, h, this._className, name);
        const detail = apply(h, value, env);
        env.log(op, this._describe(env), true, detail ?? undefined);
      },
    });
  }

  /** Queues a method call with side effects. */
  _call(
    member: string,
    args: unknown[],
    op: string,
    run: (h: H, env: SyncEnv) => Record<string, unknown> | void
  ): void {
    this.context._enqueue({
      kind: "write",
      wire: () => ({ o: this._path, m: member, a: args }),
      run: (env) => {
        const h = this._resolveExisting(env, member);
        checkSheetWritable(env, h, this._className, member);
        const target = this._describe(env);
        const detail = run(h, env);
        env.log(op, target, true, detail ?? undefined);
      },
    });
  }

  /** Queues a method call that returns a value (`OfficeExtension.ClientResult`). */
  _result<T>(
    member: string,
    args: unknown[],
    compute: (h: H, env: SyncEnv) => T
  ): FakeClientResult<T> {
    const result = new FakeClientResult<T>();
    this.context._enqueue({
      kind: "read",
      wire: () => ({ o: this._path, m: member, a: args }),
      run: (env) => {
        const h = this._resolveExisting(env, member);
        const value = compute(h, env);
        return { response: { value }, apply: () => result._set(value) };
      },
    });
    return result;
  }

  /** Queues a probe so that `isNullObject` is known after the next sync. */
  _probe(): void {
    // A null-object child met while a load runs (a navigation path such as `items/textComparisonOrNullObject/rule`)
    // learns whether it is null from that load; probing it too would queue a stray command for the next sync.
    if (this.context._running) return;
    this.context._enqueue({
      kind: "read",
      wire: () => ({ o: this._path, probe: true }),
      run: (env) => {
        const h = this._resolve(env);
        return { response: { isNull: h === null }, apply: () => (this._isNull = h === null) };
      },
    });
  }

  /** A cached navigation child (`range.format`, `format.fill`). */
  _child<C extends FakeClientObject>(name: string, make: () => C): C {
    let child = this._nav.get(name);
    if (!child) {
      child = make();
      this._nav.set(name, child);
    }
    return child as C;
  }
}

function runLoad(obj: FakeClientObject, tree: LoadTree, env: SyncEnv): CommandResult {
  const h = obj._resolve(env);
  if (h === null) return { response: { _IsNull: true }, apply: () => (obj._isNull = true) };
  const data: Record<string, unknown> = {};
  const applies: (() => void)[] = [];
  for (const name of tree.scalars) {
    const spec = obj._spec.scalars[name]!;
    const grid = spec.grid?.(h, env);
    if (grid !== undefined) checkGridRead(grid, env, `${obj._className}.${name}`);
    data[name] = spec.get(h, env);
  }
  for (const [nav, sub] of tree.navs) {
    const child = (obj as unknown as Record<string, unknown>)[nav] as FakeClientObject;
    const result = runLoad(child, sub, env);
    data[nav] = result.response;
    applies.push(result.apply);
  }
  if (tree.items && obj._spec.collection) {
    const items = obj._spec.collection.items(obj, h, env);
    const results = items.map((item) => runLoad(item, tree.items!, env));
    data.items = results.map((r) => r.response);
    applies.push(() => {
      obj._items = items;
      results.forEach((r) => r.apply());
    });
  }
  return {
    response: data,
    apply: () => {
      obj._isNull = false;
      for (const name of tree.scalars) obj._data.set(name, data[name]);
      applies.forEach((apply) => apply());
    },
  };
}

function checkGridRead(
  shape: { rows: number; columns: number },
  env: SyncEnv,
  location: string
): void {
  const limits = env.host.limits;
  const { rows, columns } = shape;
  const cells = rows * columns;
  if (cells > limits.maxCellsPerGet) {
    throw new FakeRichApiError(
      FakeErrorCodes.rangeExceedsLimit,
      `The cell count in the range has exceeded the maximum supported number (${cells} > ${limits.maxCellsPerGet}).`,
      location
    );
  }
  // The smallest possible JSON for the grid (every cell ""): refuse before building a huge array.
  const minimum = rows * (3 * columns + 2) + 1;
  if (minimum > limits.maxPayloadBytes) throw responseTooLarge(minimum, limits.maxPayloadBytes);
}

function responseTooLarge(bytes: number, limit: number): FakeRichApiError {
  return new FakeRichApiError(
    FakeErrorCodes.responsePayloadSizeLimitExceeded,
    `The response payload size has exceeded the limit. See the Resource limits and performance optimization for Office Add-ins article for more information. (${bytes} > ${limit} bytes)`
  );
}

function requestTooLarge(bytes: number, limit: number): FakeRichApiError {
  return new FakeRichApiError(
    FakeErrorCodes.requestPayloadSizeLimitExceeded,
    `The request payload size has exceeded the limit. See the Resource limits and performance optimization for Office Add-ins article for more information. (${bytes} > ${limit} bytes)`
  );
}

/** A command as the JavaScript statement that queued it: `workbook.worksheets.getItem("Kent").getRange("A1").values = …;`. */
function statementOf(wire: unknown): string {
  const w = wire as { o?: string; set?: string; m?: string; a?: unknown[]; load?: string };
  // Addresses and objects come already quoted or as paths (describeArg); other strings are quoted here.
  const args = (w.a ?? []).map((a) =>
    typeof a !== "string"
      ? "…"
      : a.startsWith('"') || a.startsWith("workbook")
        ? a
        : JSON.stringify(a)
  );
  if (w.set !== undefined) return `${w.o}.${w.set} = …;`;
  if (w.m !== undefined) return `${w.o}.${w.m}(${args.join(", ")});`;
  if (w.load !== undefined) return `${w.o}.load(${JSON.stringify(w.load)});`;
  return `${w.o};`;
}

/** Stand-in for `OfficeExtension.ClientResult<T>`. */
export class FakeClientResult<T> {
  private _loaded = false;
  private _value: T | undefined = undefined;

  get value(): T {
    if (!this._loaded) throw valueNotLoaded();
    return this._value as T;
  }

  _set(value: T): void {
    this._loaded = true;
    this._value = value;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Request context

/** The active sheet and the selection on it, to tell whether a sync changed them. */
function selectionKey(model: FakeWorkbookModel): string {
  const { sheetId, rect } = model.selection;
  return `${model.activeSheetId}|${sheetId}|${rect.top},${rect.left},${rect.bottom},${rect.right}`;
}

/** Stand-in for `Excel.RequestContext`. */
export class FakeRequestContext {
  readonly _host: FakeHost;
  _queue: Command[] = [];
  _finished = false;
  /** True while a sync runs its commands against the model. */
  _running = false;
  readonly _liveRanges = new Set<RangeHandle>();
  readonly requestHeaders: Record<string, string> = {};
  readonly trackedObjects: { add(o: unknown): void; remove(o: unknown): void };
  private readonly _workbookFactory: (ctx: FakeRequestContext) => FakeClientObject;
  private _workbook: FakeClientObject | undefined;

  constructor(host: FakeHost, workbookFactory: (ctx: FakeRequestContext) => FakeClientObject) {
    this._host = host;
    this._workbookFactory = workbookFactory;
    const proxy = guard(this, "RequestContext", host);
    const check = (o: unknown) => {
      for (const item of Array.isArray(o) ? o : [o]) {
        if (!(item instanceof FakeClientObject) || item.context !== proxy)
          throw invalidRequestContext("trackedObjects");
      }
    };
    this.trackedObjects = { add: check, remove: check };
    return proxy;
  }

  get workbook(): FakeClientObject {
    this._workbook ??= this._workbookFactory(this);
    return this._workbook;
  }

  get debugInfo(): { pendingStatements: string[] } {
    return { pendingStatements: this._queue.map((c) => JSON.stringify(c.wire())) };
  }

  load(object: FakeClientObject, option?: LoadInput): void {
    if (object.context !== this) throw invalidRequestContext("context.load");
    object.load(option);
  }

  trace(_message: string): void {}

  _enqueue(command: Command): void {
    if (this._finished)
      throw invalidObjectPath("(object from an Excel.run batch that has already finished)");
    this._queue.push(command);
  }

  async sync<T>(passThroughValue?: T): Promise<T> {
    const host = this._host;
    host.stats.syncCalls += 1;
    const queue = this._queue;
    this._queue = [];
    await Promise.resolve();
    if (queue.length === 0) return passThroughValue as T;
    const stats = host.stats;
    stats.syncCount += 1;
    const syncIndex = stats.syncCount;
    const record: FakeSyncRecord = { requestBytes: 0, responseBytes: 0, commands: queue.length };
    stats.syncs.push(record);
    const fail = (error: FakeRichApiError): never => {
      record.error = error.code;
      stats.requestBytes.push(record.requestBytes);
      stats.responseBytes.push(record.responseBytes);
      throw error;
    };

    let requestBytes: number;
    try {
      requestBytes = utf8Length(JSON.stringify(queue.map((c) => c.wire())));
    } catch {
      return fail(
        invalidArgument(
          "values",
          undefined,
          "the request could not be serialised (a value is not JSON)"
        )
      );
    }
    record.requestBytes = requestBytes;
    if (requestBytes > host.limits.maxPayloadBytes)
      return fail(requestTooLarge(requestBytes, host.limits.maxPayloadBytes));
    const injected = host.injectedErrors.shift();
    if (injected) return fail(injected);

    const hasWrites = queue.some((c) => c.kind === "write");
    const selectionBefore =
      hasWrites && host.selectionHandlers.size > 0 ? selectionKey(host.model) : undefined;
    const hasReads = queue.some((c) => c.kind === "read");
    const backup = hasWrites && hasReads ? cloneModel(host.model) : undefined;
    const liveBackup = backup ? [...this._liveRanges].map((h) => [h, h.rect] as const) : undefined;
    const pending: FakeOperation[] = [];
    const env: SyncEnv = {
      host,
      ctx: this,
      get model() {
        return host.model;
      },
      syncIndex,
      log: (op, target, write, detail) =>
        pending.push({ sync: syncIndex, op, target, write, ...(detail ? { detail } : {}) }),
    };
    const applies: (() => void)[] = [];
    let responseBytes = 0;
    let running: Command | undefined;
    this._running = true;
    try {
      for (const command of queue) {
        running = command;
        const result = command.run(env);
        if (result) {
          responseBytes += utf8Length(JSON.stringify(result.response ?? null));
          applies.push(() => result.apply());
          // Refused as soon as it is too big, rather than building the rest of a response Excel would not send.
          if (responseBytes > host.limits.maxPayloadBytes)
            throw responseTooLarge(responseBytes, host.limits.maxPayloadBytes);
        }
      }
    } catch (error) {
      const rich =
        error instanceof FakeRichApiError
          ? error
          : new FakeRichApiError(FakeErrorCodes.generalException, String(error));
      // Office.js names the failing statement in debugInfo, object path included (getItem("Dover")...).
      if (running && rich.debugInfo.statement === undefined)
        rich.debugInfo.statement = statementOf(running.wire());
      if (rich.code === FakeErrorCodes.responsePayloadSizeLimitExceeded) {
        // Nothing of a refused response is applied, writes included.
        if (backup) {
          restoreModel(host.model, backup);
          liveBackup?.forEach(([handle, rect]) => (handle.rect = rect));
        }
      } else {
        // Excel applies the commands before the failing one; their loads are not delivered.
        for (const op of pending) stats.operations.push(op);
      }
      record.responseBytes = JSON.stringify({
        error: { code: rich.code, message: rich.message },
      }).length;
      return fail(rich);
    } finally {
      this._running = false;
    }
    record.responseBytes = responseBytes;
    if (responseBytes > host.limits.maxPayloadBytes) {
      if (backup) {
        restoreModel(host.model, backup);
        liveBackup?.forEach(([handle, rect]) => (handle.rect = rect));
      }
      return fail(responseTooLarge(responseBytes, host.limits.maxPayloadBytes));
    }
    // One at a time: a sync of half a million notes is too many arguments for push(...).
    for (const op of pending) stats.operations.push(op);
    stats.requestBytes.push(requestBytes);
    stats.responseBytes.push(responseBytes);
    applies.forEach((apply) => apply());
    if (selectionBefore !== undefined && selectionKey(host.model) !== selectionBefore)
      void host.fireSelectionChanged();
    return passThroughValue as T;
  }
}
