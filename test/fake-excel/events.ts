/**
 * `workbook.onSelectionChanged` (ExcelApi 1.2): `add(handler)` registers the handler at the next sync and returns an
 * `OfficeExtension.EventHandlerResult` whose `remove()` unregisters it at a later sync, in a batch of its context
 * (`Excel.run(result.context, ...)`). Handlers are called after any sync that changed the selection or the active
 * sheet (the add-in's own `select()` and `activate()` included, as in Excel), and by `FakeOffice.select`, which
 * stands for the user clicking a cell.
 */

import type { FakeRequestContext } from "./client";
import { invalidArgument } from "./errors";

export type FakeEventHandler = (args: { type: string; workbook: unknown }) => unknown;

/** One handler added by `add`, with the context it was added in (its event args' workbook). */
export interface FakeSelectionRegistration {
  readonly handler: FakeEventHandler;
  readonly context: FakeRequestContext;
}

/** `OfficeExtension.EventHandlerResult`. */
export class FakeEventHandlerResult {
  constructor(
    readonly context: FakeRequestContext,
    private readonly registration: FakeSelectionRegistration,
    private readonly registry: Set<FakeSelectionRegistration>,
    private readonly path: string
  ) {}

  /** Queues the handler's removal: it is called no more once a sync of this context has run. */
  remove(): void {
    this.context._enqueue({
      kind: "write",
      wire: () => ({ o: this.path, m: "remove", a: [] }),
      run: (env) => {
        this.registry.delete(this.registration);
        env.log("removeHandler", this.path, false);
      },
    });
  }
}

/** `OfficeExtension.EventHandlers<Excel.SelectionChangedEventArgs>`. */
export class FakeEventHandlers {
  constructor(
    private readonly context: FakeRequestContext,
    private readonly registry: Set<FakeSelectionRegistration>,
    private readonly path: string
  ) {}

  add(handler: FakeEventHandler): FakeEventHandlerResult {
    if (typeof handler !== "function") throw invalidArgument("handler", `${this.path}.add`);
    const registration: FakeSelectionRegistration = { handler, context: this.context };
    this.context._enqueue({
      kind: "write",
      wire: () => ({ o: this.path, m: "add", a: [] }),
      run: (env) => {
        this.registry.add(registration);
        env.log("addHandler", this.path, false);
      },
    });
    return new FakeEventHandlerResult(this.context, registration, this.registry, this.path);
  }

  remove(): void {
    throw invalidArgument("handler", `${this.path}.remove (use the EventHandlerResult's remove())`);
  }
}
