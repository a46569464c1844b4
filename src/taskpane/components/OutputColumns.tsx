import * as React from "react";
import { Caption1, Checkbox, Label, makeStyles, tokens } from "@fluentui/react-components";
import { OPTIONAL_COLUMNS, type OptionalColumn } from "../../workbook/settings";
import type { StoredSettings } from "../../workbook/state";

export const COLUMN_LABEL: Readonly<Record<OptionalColumn, string>> = {
  variation: "Variation (Making Data Count)",
  assurance: "Assurance against the target",
  benchmark: "Better / Similar / Worse against each benchmark",
};

/** The settings with one optional column turned on or off, the others kept as saved. */
export function settingsWithColumn(
  current: StoredSettings,
  column: OptionalColumn,
  on: boolean
): StoredSettings {
  return { ...current, columns: { ...current.columns, [column]: on } };
}

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
});

export interface OutputColumnsProps {
  readonly settings: StoredSettings;
  /** While rating: the columns cannot change. */
  readonly disabled?: boolean;
  readonly onSave: (settings: StoredSettings) => void;
}

/**
 * The optional owned columns, each on unless the workbook saved it off; each
 * is written only where the data allows (docs/making-data-count.md).
 */
export function OutputColumns({
  settings,
  disabled,
  onSave,
}: OutputColumnsProps): React.JSX.Element {
  const styles = useStyles();
  const labelId = React.useId();
  const hintId = React.useId();
  return (
    <div role="group" aria-labelledby={labelId} aria-describedby={hintId} className={styles.stack}>
      <Label id={labelId} weight="semibold">
        Extra columns
      </Label>
      {OPTIONAL_COLUMNS.map((column) => (
        <Checkbox
          key={column}
          label={COLUMN_LABEL[column]}
          checked={settings.columns?.[column] ?? true}
          disabled={disabled}
          onChange={(_, data) =>
            onSave(settingsWithColumn(settings, column, data.checked === true))
          }
        />
      ))}
      <Caption1 id={hintId}>
        Written after Commentary where the data allows: Variation where a row has 12 or more points,
        Assurance where it also has a target, one column per benchmark column (England, region …).
      </Caption1>
    </div>
  );
}
