/**
 * `createFakeOffice(model)`: the `Excel`, `Office` and `OfficeExtension` globals of a fake Excel host over a
 * `FakeWorkbookModel`, plus statistics and knobs for tests.
 */

import {
  FakeClientObject,
  FakeHost,
  type FakeLimits,
  type FakeOfficeOptions,
  FakeRequestContext,
  type FakeStats,
} from "./client";
import { FakeErrorCodes, FakeRichApiError, invalidArgument, notImplemented } from "./errors";
import { EXCEL_ENUMS, EXCEL_RUNTIME_NAMES } from "./excel-api.generated";
import { parseAddress } from "./address";
import { findSheet, type FakeWorkbookModel } from "./model";
import { FakeWorkbook } from "./objects";

export interface FakeOffice {
  /** Inject as `window.Excel` / `globalThis.Excel`. Typed as the real namespace; only the modelled subset works. */
  Excel: typeof Excel;
  Office: typeof Office;
  OfficeExtension: typeof OfficeExtension;
  model: FakeWorkbookModel;
  stats: FakeStats;
  /** Mutable: change `maxPayloadBytes` etc. between runs. */
  limits: FakeLimits;
  /** Replace the supported requirement sets, e.g. `{ ExcelApi: "1.17" }` for an Excel without notes. */
  setRequirementSets(sets: Record<string, string>): void;
  /** The next round trip rejects with this error (and applies nothing). */
  failNextSync(code: string, message?: string): void;
  /**
   * The user selects `address` (`A4`, `A4:G4`, `4:4`) on `sheet`, making it the active sheet: the model changes and
   * every `workbook.onSelectionChanged` handler is called; resolves once they are done.
   */
  select(sheet: string, address: string): Promise<void>;
  /** Waits for every selection handler called so far, those set off by the add-in's own `select()` included. */
  eventsSettled(): Promise<void>;
  /** Sets `Excel`, `Office`, `OfficeExtension` on `target` (default `globalThis`); returns a function that restores them. */
  install(target?: object): () => void;
}

const OFFICE_NAMES = [
  "Promise",
  "actions",
  "addin",
  "auth",
  "contextMenu",
  "devicePermission",
  "extensionLifeCycle",
  "ribbon",
  "select",
  "useShortNamespace",
  "ActiveView",
  "AsyncResultStatus",
  "BindingType",
  "CoercionType",
  "CustomXMLNodeType",
  "DevicePermissionType",
  "DocumentMode",
  "EventType",
  "FileType",
  "FilterType",
  "GoToType",
  "Index",
  "InitializationReason",
  "ProjectProjectFields",
  "ProjectResourceFields",
  "ProjectTaskFields",
  "ProjectViewTypes",
  "SelectionMode",
  "StartupBehavior",
  "Table",
  "ThemeId",
  "ValueFormat",
  "VisibilityMode",
  "AddinCommands",
  "TableData",
];

const OFFICE_CONTEXT_NAMES = [
  "document",
  "license",
  "mailbox",
  "officeTheme",
  "partitionKey",
  "roamingSettings",
  "sensitivityLabelsCatalog",
  "ui",
  "urls",
];

/** Real names not modelled throw "not implemented in fake"; anything else is simply absent. */
function namespace<T extends object>(label: string, target: T, realNames: readonly string[]): T {
  const known = new Set(realNames);
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (typeof prop === "string" && !(prop in t) && known.has(prop))
        throw notImplemented(`${label}.${prop}`);
      return Reflect.get(t, prop, receiver);
    },
  });
}

export function createFakeOffice(
  model: FakeWorkbookModel,
  options: FakeOfficeOptions = {}
): FakeOffice {
  const host = new FakeHost(model, options);
  const platform = options.platform ?? "PC";
  const newContext = () => new FakeRequestContext(host, (ctx) => new FakeWorkbook(ctx));

  async function run(...args: unknown[]): Promise<unknown> {
    let batch: unknown;
    if (args.length === 1) batch = args[0];
    else if (args.length === 2) {
      const first = args[0];
      if (first instanceof FakeRequestContext) return runIn(first, args[1]);
      if (first instanceof FakeClientObject || Array.isArray(first)) {
        throw notImplemented("Excel.run(previousObjects, batch)");
      }
      if (first && typeof first === "object" && "previousObjects" in first)
        throw notImplemented("Excel.run({ previousObjects }, batch)");
      if (first && typeof first === "object" && "session" in first)
        throw notImplemented("Excel.run({ session }, batch)");
      batch = args[1];
    } else {
      throw invalidArgument("batch", "Excel.run");
    }
    if (typeof batch !== "function") throw invalidArgument("batch", "Excel.run");
    host.stats.runCount += 1;
    const context = newContext();
    try {
      const pending: unknown = (batch as (ctx: FakeRequestContext) => unknown)(context);
      if (!pending || typeof (pending as { then?: unknown }).then !== "function") {
        throw new FakeRichApiError(
          FakeErrorCodes.runMustReturnPromise,
          'The batch function passed to the ".run" method didn\'t return a promise. The function must return a promise, so that any automatically-tracked objects can be released at the completion of the batch operation. Typically, you return a promise by returning the response from "context.sync()".',
          "Excel.run"
        );
      }
      const result = await pending;
      await context.sync();
      return result;
    } finally {
      context._finished = true;
      context._queue = [];
      context._liveRanges.clear();
    }
  }

  /**
   * `Excel.run(context, batch)`: a batch in the context of an earlier run, as the documentation removes an event
   * handler (`Excel.run(eventResult.context, ...)`); its objects are usable again until the batch ends.
   */
  async function runIn(context: FakeRequestContext, batch: unknown): Promise<unknown> {
    if (typeof batch !== "function") throw invalidArgument("batch", "Excel.run");
    host.stats.runCount += 1;
    context._finished = false;
    try {
      const result: unknown = await (batch as (ctx: FakeRequestContext) => unknown)(context);
      await context.sync();
      return result;
    } finally {
      context._finished = true;
      context._queue = [];
    }
  }

  class RequestContext {
    constructor(url?: unknown) {
      if (url !== undefined) throw notImplemented("new Excel.RequestContext(url)");
      return newContext();
    }
  }

  const excel = namespace(
    "Excel",
    {
      ...EXCEL_ENUMS,
      run,
      RequestContext,
      // `instanceof Excel.Range` etc. are rare in adapters; the fake's base class is exposed for completeness.
      ClientObject: FakeClientObject,
    } as Record<string, unknown>,
    EXCEL_RUNTIME_NAMES
  );

  const HostType = {
    Word: "Word",
    Excel: "Excel",
    PowerPoint: "PowerPoint",
    Outlook: "Outlook",
    OneNote: "OneNote",
    Project: "Project",
    Access: "Access",
  };
  const PlatformType = {
    PC: "PC",
    OfficeOnline: "OfficeOnline",
    Mac: "Mac",
    iOS: "iOS",
    Android: "Android",
    Universal: "Universal",
  };
  const requirements = {
    isSetSupported: (name: string, version?: string | number) => host.isSetSupported(name, version),
  };
  const context = namespace(
    "Office.context",
    {
      host: "Excel",
      platform,
      displayLanguage: "en-US",
      contentLanguage: "en-US",
      touchEnabled: false,
      commerceAllowed: true,
      requirements,
      diagnostics: { host: "Excel", platform, version: "16.0.fake" },
    },
    OFFICE_CONTEXT_NAMES
  );
  const office = namespace(
    "Office",
    {
      HostType,
      PlatformType,
      context,
      initialize: undefined as unknown,
      isSetSupported: (name: string, version?: string) => host.isSetSupported(name, version),
      onReady(callback?: (info: { host: string; platform: string }) => unknown) {
        const info = { host: HostType.Excel, platform };
        return Promise.resolve().then(() => {
          callback?.(info);
          return info;
        });
      },
    },
    OFFICE_NAMES
  );

  const officeExtension = {
    Error: FakeRichApiError,
    ErrorCodes: {
      accessDenied: "AccessDenied",
      generalException: "GeneralException",
      activityLimitReached: "ActivityLimitReached",
      invalidObjectPath: "InvalidObjectPath",
      propertyNotLoaded: "PropertyNotLoaded",
      valueNotLoaded: "ValueNotLoaded",
      invalidRequestContext: "InvalidRequestContext",
      invalidArgument: "InvalidArgument",
      runMustReturnPromise: "RunMustReturnPromise",
      cannotRegisterEvent: "CannotRegisterEvent",
      apiNotFound: "ApiNotFound",
      connectionFailure: "ConnectionFailure",
    },
    ClientObject: FakeClientObject,
    ClientRequestContext: FakeRequestContext,
    Promise,
  };

  return {
    Excel: excel as unknown as typeof Excel,
    Office: office as unknown as typeof Office,
    OfficeExtension: officeExtension as unknown as typeof OfficeExtension,
    model,
    stats: host.stats,
    limits: host.limits,
    setRequirementSets(sets) {
      host.requirementSets = { ...sets };
    },
    failNextSync(code, message) {
      host.injectedErrors.push(new FakeRichApiError(code, message ?? `Injected failure: ${code}`));
    },
    select(sheet, address) {
      const target = findSheet(model, sheet);
      const parsed = parseAddress(address);
      if (!target || !parsed || parsed.sheet !== undefined)
        throw new Error(`The user cannot select "${address}" on a sheet "${sheet}".`);
      if (target.visibility !== "Visible")
        throw new Error(`The user cannot select on the hidden sheet "${sheet}".`);
      model.activeSheetId = target.id;
      model.selection = { sheetId: target.id, rect: { ...parsed.rect } };
      return host.fireSelectionChanged();
    },
    eventsSettled: () => host.eventsSettled(),
    install(target: object = globalThis) {
      const slots = target as Record<string, unknown>;
      const previous = {
        Excel: slots.Excel,
        Office: slots.Office,
        OfficeExtension: slots.OfficeExtension,
      };
      slots.Excel = excel;
      slots.Office = office;
      slots.OfficeExtension = officeExtension;
      return () => {
        for (const [key, value] of Object.entries(previous)) {
          if (value === undefined) delete slots[key];
          else slots[key] = value;
        }
      };
    },
  };
}
