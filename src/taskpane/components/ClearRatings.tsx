import * as React from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Spinner,
  useRestoreFocusTarget,
} from "@fluentui/react-components";
import { useMounted } from "./hooks";
import { plural } from "./text";

export interface ClearRatingsProps {
  readonly disabled?: boolean;
  /** Finds the sheets that hold the add-in's columns (in scope); `undefined` when that failed (the error is shown elsewhere). */
  readonly onPrepare: () => Promise<readonly string[] | undefined>;
  readonly onConfirm: (sheets: readonly string[]) => void;
}

type DialogState =
  | { readonly kind: "closed" }
  | { readonly kind: "checking" }
  | { readonly kind: "ready"; readonly sheets: readonly string[] };

/** "Clear ratings", asking first and naming the sheets it will change. */
export function ClearRatings({
  disabled,
  onPrepare,
  onConfirm,
}: ClearRatingsProps): React.JSX.Element {
  const [state, setState] = React.useState<DialogState>({ kind: "closed" });
  // The dialog opens without a DialogTrigger (it waits for onPrepare), so mark where focus returns,
  // and put it back by hand if it was lost on close (focus must never drop to the page body).
  const restoreFocus = useRestoreFocusTarget();
  const trigger = React.useRef<HTMLButtonElement>(null);
  const wasOpen = React.useRef(false);
  React.useEffect(() => {
    const isOpen = state.kind !== "closed";
    if (wasOpen.current && !isOpen) {
      const active = document.activeElement;
      if (!active || active === document.body || active.closest("[role='alertdialog']"))
        trigger.current?.focus();
    }
    wasOpen.current = isOpen;
  }, [state.kind]);
  const live = useMounted();

  const open = async (): Promise<void> => {
    setState({ kind: "checking" });
    const sheets = await onPrepare();
    if (!live.current) return;
    setState(sheets ? { kind: "ready", sheets } : { kind: "closed" });
  };
  const close = (): void => setState({ kind: "closed" });

  return (
    <>
      <Button
        ref={trigger}
        {...restoreFocus}
        disabledFocusable={disabled}
        onClick={() => void open()}
      >
        Clear ratings
      </Button>
      <Dialog
        modalType="alert"
        open={state.kind !== "closed"}
        onOpenChange={(_, data) => {
          if (!data.open) close();
        }}
      >
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Clear ratings</DialogTitle>
            <DialogContent>
              {state.kind === "checking" && (
                <Spinner size="tiny" label="Checking which sheets have Scorecard RAG columns…" />
              )}
              {state.kind === "ready" &&
                (state.sheets.length === 0 ? (
                  <p>
                    Scorecard RAG has not added anything to these sheets, so there is nothing to
                    clear.
                  </p>
                ) : (
                  <>
                    <p>
                      Remove the RAG, trend and commentary columns Scorecard RAG added on{" "}
                      {plural(state.sheets.length, "sheet")}? Your own cells are not changed.
                    </p>
                    <ul aria-label="Sheets to clear">
                      {state.sheets.map((s) => (
                        <li key={s}>{s}</li>
                      ))}
                    </ul>
                  </>
                ))}
            </DialogContent>
            <DialogActions>
              {state.kind === "ready" && state.sheets.length > 0 && (
                <Button
                  appearance="primary"
                  onClick={() => {
                    const sheets = state.sheets;
                    close();
                    onConfirm(sheets);
                  }}
                >
                  Remove columns
                </Button>
              )}
              <Button onClick={close}>
                {state.kind === "ready" && state.sheets.length === 0 ? "Close" : "Cancel"}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}
