import * as React from "react";
import {
  Caption1,
  Checkbox,
  Field,
  Radio,
  RadioGroup,
  makeStyles,
  tokens,
} from "@fluentui/react-components";

export type SheetScopeValue =
  { readonly kind: "all" } | { readonly kind: "chosen"; readonly sheets: readonly string[] };

const useStyles = makeStyles({
  group: {
    display: "flex",
    flexDirection: "column",
    paddingLeft: tokens.spacingHorizontalL,
    border: "none",
    margin: 0,
  },
  legend: { padding: 0, fontWeight: tokens.fontWeightSemibold },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

export interface SheetScopeProps {
  /** Sheets the user can choose from (those with an indicator table). */
  readonly sheets: readonly string[];
  readonly value: SheetScopeValue;
  readonly disabled?: boolean;
  readonly onChange: (value: SheetScopeValue) => void;
}

/** "All sheets" or a chosen subset, as a checkbox list. */
export function SheetScope({
  sheets,
  value,
  disabled,
  onChange,
}: SheetScopeProps): React.JSX.Element {
  const styles = useStyles();
  const chosen = value.kind === "chosen" ? value.sheets : [];
  const none = value.kind === "chosen" && chosen.length === 0;
  return (
    <>
      <Field label="Sheets">
        <RadioGroup
          value={value.kind}
          disabled={disabled}
          onChange={(_, data) =>
            onChange(data.value === "all" ? { kind: "all" } : { kind: "chosen", sheets: chosen })
          }
        >
          <Radio value="all" label="All sheets" />
          <Radio value="chosen" label="Chosen sheets" />
        </RadioGroup>
      </Field>
      {value.kind === "chosen" && (
        <fieldset className={styles.group}>
          <legend className={styles.legend}>Sheets to include</legend>
          {sheets.map((sheet) => (
            <Checkbox
              key={sheet}
              label={sheet}
              disabled={disabled}
              checked={chosen.includes(sheet)}
              onChange={(_, data) =>
                onChange({
                  kind: "chosen",
                  sheets: data.checked
                    ? sheets.filter((s) => s === sheet || chosen.includes(s))
                    : chosen.filter((s) => s !== sheet),
                })
              }
            />
          ))}
          {none && <Caption1 className={styles.warning}>Choose at least one sheet.</Caption1>}
        </fieldset>
      )}
    </>
  );
}
