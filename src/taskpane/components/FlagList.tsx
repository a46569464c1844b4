import * as React from "react";
import { Button, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { ErrorCircle16Filled, Info16Filled, Warning16Filled } from "@fluentui/react-icons";
import type { Flag } from "../../workbook/rate-table";
import { cellRef, SEVERITY_LABEL, type FlaggedItem } from "./text";

const useStyles = makeStyles({
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
  },
  item: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    rowGap: tokens.spacingVerticalXXS,
    width: "100%",
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    textAlign: "start",
    font: "inherit",
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    cursor: "pointer",
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    ":active": { backgroundColor: tokens.colorNeutralBackground1Pressed },
    ":focus-visible": {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: "1px",
    },
  },
  line: {
    display: "inline-flex",
    alignItems: "center",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
  },
  severity: {
    display: "inline-flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalXXS,
    fontWeight: tokens.fontWeightSemibold,
  },
  error: { color: tokens.colorPaletteRedForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  info: { color: tokens.colorNeutralForeground2 },
  code: { fontWeight: tokens.fontWeightSemibold },
  where: { color: tokens.colorNeutralForeground2 },
});

const ICON: Readonly<Record<Flag["severity"], React.JSX.Element>> = {
  error: <ErrorCircle16Filled aria-hidden="true" />,
  warning: <Warning16Filled aria-hidden="true" />,
  info: <Info16Filled aria-hidden="true" />,
};

const COLLAPSED = 50;

export interface FlagListProps {
  readonly items: readonly FlaggedItem[];
  readonly onSelect: (sheet: string, cell: string) => void;
}

/** Flagged rows as buttons: Enter, Space or a click selects the flagged cell in Excel. */
export function FlagList({ items, onSelect }: FlagListProps): React.JSX.Element {
  const styles = useStyles();
  const [expanded, setExpanded] = React.useState(false);
  const listId = React.useId();
  const shown = expanded ? items : items.slice(0, COLLAPSED);
  return (
    <>
      <ul id={listId} className={styles.list} aria-label="Flagged rows">
        {shown.map(({ key, sheet, row, flag }) => (
          <li key={key}>
            <button
              type="button"
              className={styles.item}
              title={`Select ${cellRef(sheet, flag.cell)} in Excel`}
              onClick={() => onSelect(sheet, flag.cell)}
            >
              <span className={styles.line}>
                <span className={mergeClasses(styles.severity, styles[flag.severity])}>
                  {ICON[flag.severity]}
                  {SEVERITY_LABEL[flag.severity]}
                </span>
                <span className={styles.code}>{row.code || `Row ${row.sheetRow}`}</span>
                <span className={styles.where}>{cellRef(sheet, flag.cell)}</span>
              </span>
              <span>{flag.message}</span>
            </button>
          </li>
        ))}
      </ul>
      {items.length > COLLAPSED && (
        <Button
          appearance="subtle"
          aria-expanded={expanded}
          aria-controls={listId}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? "Show fewer flags" : `Show all ${items.length} flags`}
        </Button>
      )}
    </>
  );
}
