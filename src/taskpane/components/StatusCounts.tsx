import * as React from "react";
import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import type { Status } from "../../engine/status";
import { STATUS_ORDER } from "./text";

const useStyles = makeStyles({
  list: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
    listStyleType: "none",
    margin: 0,
    padding: 0,
  },
  item: {
    display: "inline-flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalXS,
  },
  swatch: {
    display: "inline-block",
    width: "12px",
    height: "12px",
    borderRadius: tokens.borderRadiusSmall,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    flexShrink: 0,
  },
  green: { backgroundColor: tokens.colorPaletteGreenBackground3 },
  amber: { backgroundColor: tokens.colorPaletteMarigoldBackground3 },
  red: { backgroundColor: tokens.colorPaletteRedBackground3 },
  na: { backgroundColor: tokens.colorNeutralBackground1 },
  notRated: { backgroundColor: tokens.colorNeutralStrokeAccessible },
  count: { fontWeight: tokens.fontWeightSemibold },
});

type StatusClass = "green" | "amber" | "red" | "na" | "notRated";
const STATUS_CLASS: Readonly<Record<Status, StatusClass>> = {
  Green: "green",
  Amber: "amber",
  Red: "red",
  NA: "na",
  "Not rated": "notRated",
};

/** A small colour square for a status; decorative, always shown beside the status word. */
export function StatusSwatch({ status }: { readonly status: Status }): React.JSX.Element {
  const styles = useStyles();
  return (
    <span
      aria-hidden="true"
      className={mergeClasses(styles.swatch, styles[STATUS_CLASS[status]])}
    />
  );
}

export interface StatusCountsProps {
  readonly counts: Readonly<Record<Status, number>>;
  /** What the counts are of, for screen readers ("Kent: status counts"). */
  readonly label: string;
}

/** Green 3 · Amber 2 · Red 1 · NA 0 · Not rated 0, each with its colour swatch. */
export function StatusCounts({ counts, label }: StatusCountsProps): React.JSX.Element {
  const styles = useStyles();
  return (
    <ul className={styles.list} aria-label={label}>
      {STATUS_ORDER.map((status) => (
        <li key={status} className={styles.item}>
          <StatusSwatch status={status} />
          <span>{status}</span>
          <span className={styles.count}>{counts[status] ?? 0}</span>
        </li>
      ))}
    </ul>
  );
}
