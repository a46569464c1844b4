import * as React from "react";
import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import type { Status } from "../../engine/status";
import {
  districtOverview,
  OUTLIER_SYMBOL,
  outlierWords,
  totalsSentence,
  type OverviewCell,
  type OverviewGrid,
} from "../../workbook/district-overview";
import type { RunResult } from "../../workbook/run";
import type { IndicatorRef } from "./views";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    // In a flex column, let the table's container be narrower than the table.
    minWidth: 0,
    maxWidth: "100%",
  },
  /** The table scrolls sideways here, so the pane never does. */
  scroller: {
    maxWidth: "100%",
    overflowX: "auto",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  table: {
    borderCollapse: "separate",
    borderSpacing: 0,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
  },
  caption: {
    textAlign: "start",
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase300,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
  },
  columnHeader: {
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    textAlign: "start",
    whiteSpace: "nowrap",
    fontWeight: tokens.fontWeightSemibold,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  total: {
    display: "block",
    fontWeight: tokens.fontWeightRegular,
    color: tokens.colorNeutralForeground2,
  },
  /** The code column stays in view while the tabs scroll. */
  sticky: {
    position: "sticky",
    left: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  rowHeader: {
    padding: 0,
    textAlign: "start",
    fontWeight: tokens.fontWeightRegular,
  },
  cell: { padding: "1px" },
  button: {
    // Holds its visually hidden words, so they never widen the pane.
    position: "relative",
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalXXS,
    width: "100%",
    minHeight: "28px",
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
    font: "inherit",
    textAlign: "start",
    whiteSpace: "nowrap",
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid transparent`,
    borderRadius: tokens.borderRadiusSmall,
    cursor: "pointer",
    ":hover": { border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1Hover}` },
    ":focus-visible": {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: "-2px",
    },
  },
  code: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
  },
  codeText: { fontWeight: tokens.fontWeightSemibold },
  name: {
    maxWidth: "9em",
    overflow: "hidden",
    textOverflow: "ellipsis",
    color: tokens.colorNeutralForeground2,
  },
  green: { backgroundColor: tokens.colorPaletteGreenBackground2 },
  amber: { backgroundColor: tokens.colorPaletteMarigoldBackground2 },
  red: { backgroundColor: tokens.colorPaletteRedBackground2 },
  plain: { backgroundColor: tokens.colorNeutralBackground3 },
  marker: { fontWeight: tokens.fontWeightBold },
  missing: {
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
    color: tokens.colorNeutralForeground3,
  },
  legend: {
    margin: 0,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
  },
  visuallyHidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    margin: "-1px",
    padding: 0,
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
    border: 0,
  },
});

type Tone = "green" | "amber" | "red" | "plain";
const TONE: Readonly<Record<Status, Tone>> = {
  Green: "green",
  Amber: "amber",
  Red: "red",
  NA: "plain",
  "Not rated": "plain",
};

export interface DistrictOverviewProps {
  readonly result: RunResult;
  /** Opens one indicator's detail view. */
  readonly onOpen: (indicator: IndicatorRef) => void;
  readonly onSelectCell: (sheet: string, cell: string) => void;
}

/** The legend under the table: what a cell says, the markers, and the tabs not compared. */
function legendText(grid: OverviewGrid): string {
  const totals = totalsSentence(grid.columns);
  return `Each cell is the indicator's RAG on that tab. ${OUTLIER_SYMBOL.high} high, ${OUTLIER_SYMBOL.low} low: that district is an outlier against the other districts.${totals ? ` ${totals}` : ""} Select a cell to go to it and open its detail.`;
}

/**
 * Indicators down, tabs across (issue #11): each cell the tab's RAG as a word
 * on its colour, with ▲ or ▼ (and the words, for screen readers) where that
 * district is an outlier against the others. A cell is a button: it selects
 * the indicator's value cell in Excel and opens its detail; a code opens the
 * detail of its first tab. The table scrolls sideways inside its own box, so
 * the pane itself never does, even at 320 px.
 */
export function DistrictOverview({
  result,
  onOpen,
  onSelectCell,
}: DistrictOverviewProps): React.JSX.Element {
  const styles = useStyles();
  const grid = React.useMemo(() => districtOverview(result), [result]);
  if (grid.columns.length === 0 || grid.rows.length === 0)
    return <p className={styles.legend}>No rated tab has indicator codes to compare.</p>;

  const open = (cell: OverviewCell): void => {
    onSelectCell(cell.sheet, cell.cell);
    onOpen({ sheet: cell.sheet, code: cell.code, sheetRow: cell.sheetRow });
  };

  return (
    <div className={styles.root}>
      <div className={styles.scroller}>
        <table className={styles.table}>
          <caption className={styles.caption}>District overview</caption>
          <thead>
            <tr>
              <th scope="col" className={mergeClasses(styles.columnHeader, styles.sticky)}>
                Indicator
              </th>
              {grid.columns.map((column) => (
                <th key={column.sheet} scope="col" className={styles.columnHeader}>
                  {column.sheet}
                  {column.total && <span className={styles.total}>(total)</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.rows.map((row) => {
              const first = row.cells.find((cell): cell is OverviewCell => cell !== null)!;
              return (
                <tr key={row.code}>
                  <th scope="row" className={mergeClasses(styles.rowHeader, styles.sticky)}>
                    <button
                      type="button"
                      className={mergeClasses(styles.button, styles.code)}
                      title={row.name}
                      onClick={() =>
                        onOpen({ sheet: first.sheet, code: first.code, sheetRow: first.sheetRow })
                      }
                    >
                      <span className={styles.codeText}>{row.code}</span>
                      <span className={styles.name}>{row.name}</span>
                    </button>
                  </th>
                  {row.cells.map((cell, c) => {
                    const sheet = grid.columns[c]!.sheet;
                    if (!cell)
                      return (
                        <td key={sheet} className={styles.missing}>
                          <span aria-hidden="true">–</span>
                          <span className={styles.visuallyHidden}>
                            {row.code} is not on {sheet}
                          </span>
                        </td>
                      );
                    return (
                      <td key={sheet} className={styles.cell}>
                        <button
                          type="button"
                          className={mergeClasses(styles.button, styles[TONE[cell.status]])}
                          onClick={() => open(cell)}
                        >
                          <span className={styles.visuallyHidden}>
                            {row.code} {sheet}:{" "}
                          </span>
                          <span>{cell.text}</span>
                          {cell.outlier && (
                            <>
                              <span className={styles.visuallyHidden}>
                                , {outlierWords(cell.outlier)}
                              </span>
                              <span aria-hidden="true" className={styles.marker}>
                                {OUTLIER_SYMBOL[cell.outlier]}
                              </span>
                            </>
                          )}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className={styles.legend}>{legendText(grid)}</p>
    </div>
  );
}
