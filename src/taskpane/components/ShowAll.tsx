import * as React from "react";
import { Button } from "@fluentui/react-components";

/** A long list shown short, with a button to show all of it. */
export interface ShowAll<T> {
  /** The items to render now. */
  readonly shown: readonly T[];
  /** The id to give the list, which the button controls. */
  readonly listId: string;
  readonly expanded: boolean;
  /** More items than the short list holds. */
  readonly long: boolean;
  readonly toggle: () => void;
}

/** The first `collapsed` items of `items`, or all of them once expanded. */
export function useShowAll<T>(items: readonly T[], collapsed: number): ShowAll<T> {
  const [expanded, setExpanded] = React.useState(false);
  const listId = React.useId();
  const toggle = React.useCallback(() => setExpanded((e) => !e), []);
  return {
    shown: expanded ? items : items.slice(0, collapsed),
    listId,
    expanded,
    long: items.length > collapsed,
    toggle,
  };
}

export interface ShowAllButtonProps {
  readonly list: ShowAll<unknown>;
  /** The label while the list is short ("Show all 5 messages"). */
  readonly more: string;
  /** The label while it is all shown ("Show fewer"). */
  readonly fewer: string;
}

/** "Show all …" / "Show fewer …", only when the list is longer than its short form. */
export function ShowAllButton({ list, more, fewer }: ShowAllButtonProps): React.JSX.Element | null {
  if (!list.long) return null;
  return (
    <Button
      appearance="subtle"
      aria-expanded={list.expanded}
      aria-controls={list.listId}
      onClick={list.toggle}
    >
      {list.expanded ? fewer : more}
    </Button>
  );
}
