import * as React from "react";
import { Button, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { ErrorCircle16Filled, Info16Filled, Warning16Filled } from "@fluentui/react-icons";
import type { Flag } from "../../workbook/rate-table";
import { useLayoutStyles } from "./layout";
import { ShowAllButton, useShowAll } from "./ShowAll";
import { cellRef, SEVERITY_LABEL, type FlaggedItem } from "./text";

const useStyles = makeStyles({
  entry: {
    display: "flex",
    alignItems: "stretch",
    columnGap: tokens.spacingHorizontalXS,
  },
  details: { flexShrink: 0, alignSelf: "center" },
  item: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    rowGap: tokens.spacingVerticalXXS,
    flexGrow: 1,
    minWidth: 0,
    overflowWrap: "anywhere",
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
  /** When given, each flag also has a Details button that opens its indicator. */
  readonly onDetails?: (item: FlaggedItem) => void;
}

/**
 * Flagged rows as buttons: Enter, Space or a click selects the flagged cell in
 * Excel; with `onDetails`, a Details button beside each opens its indicator.
 */
export function FlagList({ items, onSelect, onDetails }: FlagListProps): React.JSX.Element {
  const styles = useStyles();
  const layout = useLayoutStyles();
  const list = useShowAll(items, COLLAPSED);
  return (
    <>
      <ul id={list.listId} className={layout.list} aria-label="Flagged rows">
        {list.shown.map((item) => {
          const { key, sheet, row, flag } = item;
          const name = row.code || `Row ${row.sheetRow}`;
          return (
            <li key={key} className={styles.entry}>
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
                  <span className={styles.code}>{name}</span>
                  <span className={styles.where}>{cellRef(sheet, flag.cell)}</span>
                </span>
                <span>{flag.message}</span>
              </button>
              {onDetails && (
                <Button
                  size="small"
                  className={styles.details}
                  aria-label={`Details of ${name} on ${sheet}`}
                  onClick={() => onDetails(item)}
                >
                  Details
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      <ShowAllButton list={list} more={`Show all ${items.length} flags`} fewer="Show fewer flags" />
    </>
  );
}
