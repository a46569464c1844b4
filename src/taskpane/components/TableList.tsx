import * as React from "react";
import {
  Badge,
  Caption1,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import type { MappingOverride } from "../../workbook/detect";
import type { RunResult, TableResult } from "../../workbook/run";
import { useLayoutStyles } from "./layout";
import { MappingReview } from "./MappingReview";
import { plural, tableName } from "./text";

const CONFIDENCE: Readonly<
  Record<TableResult["confidence"], { label: string; color: "success" | "warning" | "danger" }>
> = {
  high: { label: "High confidence", color: "success" },
  medium: { label: "Medium confidence", color: "warning" },
  low: { label: "Low confidence", color: "danger" },
};

const useStyles = makeStyles({
  list: { rowGap: tokens.spacingVerticalM },
  table: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    padding: tokens.spacingVerticalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  title: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  meta: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
  },
  subheading: {
    margin: 0,
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightSemibold,
  },
});

export interface TableListProps {
  readonly result: RunResult;
  readonly disabled?: boolean;
  readonly onSaveMapping: (tableId: string, override: MappingOverride) => void;
}

/** The indicator tables found on every sheet, and the sheets where none was found, with why. */
export function TableList({ result, disabled, onSaveMapping }: TableListProps): React.JSX.Element {
  const styles = useStyles();
  const layout = useLayoutStyles();
  const tables = result.sheets.flatMap((s) => s.tables);
  const empty = result.sheets.filter((s) => s.tables.length === 0);
  return (
    <>
      {tables.length === 0 ? (
        <Text>No indicator tables were found. The reasons for each sheet are below.</Text>
      ) : (
        <ul className={mergeClasses(layout.list, styles.list)} aria-label="Indicator tables">
          {tables.map((table) => (
            <li key={table.id} className={styles.table}>
              <h3 className={styles.title}>{tableName(table)}</h3>
              <div className={styles.meta}>
                <Caption1>
                  Sheet {table.sheet} · {table.address} · {plural(table.rows.length, "row")}
                </Caption1>
                <Badge appearance="tint" shape="rounded" color={CONFIDENCE[table.confidence].color}>
                  {CONFIDENCE[table.confidence].label}
                </Badge>
              </div>
              {table.notes.map((note, i) => (
                <Caption1 key={i}>{note}</Caption1>
              ))}
              <MappingReview table={table} disabled={disabled} onSave={onSaveMapping} />
            </li>
          ))}
        </ul>
      )}
      {empty.length > 0 && (
        <>
          <h3 className={styles.subheading}>Sheets with no table</h3>
          <ul aria-label="Sheets with no table">
            {empty.map((s) => (
              <li key={s.name}>
                <Text weight="semibold">{s.name}</Text>
                {": "}
                <Text>{s.problem ?? "No indicator table was found."}</Text>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
