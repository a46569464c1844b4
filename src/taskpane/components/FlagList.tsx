import * as React from "react";
import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { ErrorCircle16Filled, Info16Filled, Warning16Filled } from "@fluentui/react-icons";
import type { Flag } from "../../workbook/rate-table";
import { useLayoutStyles } from "./layout";
import { ShowAllButton, useShowAll } from "./ShowAll";
import { cellRef, SEVERITY_LABEL, type FlaggedItem } from "./text";

const useStyles = makeStyles({
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
  const layout = useLayoutStyles();
  const list = useShowAll(items, COLLAPSED);
  return (
    <>
      <ul id={list.listId} className={layout.list} aria-label="Flagged rows">
        {list.shown.map(({ key, sheet, row, flag }) => (
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
      <ShowAllButton list={list} more={`Show all ${items.length} flags`} fewer="Show fewer flags" />
    </>
  );
}
