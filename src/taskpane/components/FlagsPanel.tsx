import * as React from "react";
import { Caption1, Text } from "@fluentui/react-components";
import type { RunResult } from "../../workbook/run";
import { FlagList } from "./FlagList";
import { PanelSection } from "./PanelSection";
import { flaggedItems, type FlaggedItem } from "./text";
import type { IndicatorRef } from "./views";

export interface FlagsPanelProps {
  /** The latest rating. */
  readonly result: RunResult;
  readonly onSelectCell: (sheet: string, cell: string) => void;
  /** Opens one indicator's detail view. */
  readonly onOpen: (indicator: IndicatorRef) => void;
}

/** The indicator a flag is on. */
export function indicatorOf(item: FlaggedItem): IndicatorRef {
  return { sheet: item.sheet, code: item.row.code, sheetRow: item.row.sheetRow };
}

/** "Flags to check": every flag, errors first; each goes to its cell or opens its indicator. */
export function FlagsPanel({ result, onSelectCell, onOpen }: FlagsPanelProps): React.JSX.Element {
  const flags = React.useMemo(() => flaggedItems(result), [result]);
  return (
    <PanelSection title={`Flags to check (${flags.length})`}>
      {flags.length === 0 ? (
        <Text>No row was flagged.</Text>
      ) : (
        <>
          <Caption1>
            Select a flag to go to its cell in Excel; Details opens its indicator.
          </Caption1>
          <FlagList
            items={flags}
            onSelect={onSelectCell}
            onDetails={(item) => onOpen(indicatorOf(item))}
          />
        </>
      )}
    </PanelSection>
  );
}
