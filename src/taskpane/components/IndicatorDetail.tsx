import * as React from "react";
import { Button, Caption1, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { RunResult } from "../../workbook/run";
import { FlagList } from "./FlagList";
import {
  findIndicatorRow,
  longTrendText,
  ruleLines,
  shortTrendText,
  verdictText,
} from "./indicator-text";
import { useLayoutStyles } from "./layout";
import { StatusSwatch } from "./StatusCounts";
import { cellRef, type FlaggedItem } from "./text";
import type { IndicatorRef } from "./views";
// Imported only here: the chart's code loads with this view (App imports this file lazily).
import XmrChart from "./XmrChart";

export interface IndicatorDetailProps {
  readonly result: RunResult;
  readonly indicator: IndicatorRef;
  readonly onSelectCell: (sheet: string, cell: string) => void;
  /** "Chart in workbook": adds the indicator's XmR chart beside its table (Excel only). */
  readonly onChartInWorkbook?: (indicator: IndicatorRef) => void;
  /** While another action runs. */
  readonly busy?: boolean;
}

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  head: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
  h3: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  h4: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  status: {
    display: "inline-flex",
    alignItems: "center",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
  },
  statusWord: { fontWeight: tokens.fontWeightSemibold },
  terms: {
    display: "grid",
    gridTemplateColumns: "minmax(6em, max-content) 1fr",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  definition: { margin: 0 },
  reason: { color: tokens.colorNeutralForeground2 },
});

function Terms({ lines }: { readonly lines: readonly { term: string; text: string }[] }) {
  const styles = useStyles();
  return (
    <dl className={styles.terms}>
      {lines.map(({ term, text }) => (
        <React.Fragment key={term}>
          <dt className={styles.term}>{term}</dt>
          <dd className={styles.definition}>{text}</dd>
        </React.Fragment>
      ))}
    </dl>
  );
}

/**
 * One indicator in detail: its RAG and why, its rule, both trends and what
 * they compared with, its Making Data Count verdicts and XmR chart, its
 * benchmarks and flags, and a button to its cell.
 */
export default function IndicatorDetail({
  result,
  indicator,
  onSelectCell,
  onChartInWorkbook,
  busy,
}: IndicatorDetailProps): React.JSX.Element {
  const styles = useStyles();
  const layout = useLayoutStyles();
  const id = React.useId();
  const found = React.useMemo(() => findIndicatorRow(result, indicator), [result, indicator]);

  if (!found)
    return (
      <div className={styles.stack}>
        <h3 className={styles.h3}>{indicator.code}</h3>
        <Text role="status">
          {result.sheets.some((s) => s.name === indicator.sheet)
            ? `${indicator.code} is no longer in the results for ${indicator.sheet}: rating again moved or removed its row. Choose it again from the results.`
            : `${indicator.sheet} is not in the latest results, so ${indicator.code} cannot be shown. Choose an indicator again from the results.`}
        </Text>
      </div>
    );

  const { row, table, moved } = found;
  const sheet = table.sheet;
  const flags: FlaggedItem[] = row.flags.map((flag, i) => ({
    key: `${table.id}|${row.sheetRow}|${i}`,
    sheet,
    tableId: table.id,
    row,
    flag,
  }));
  const plotted = row.detail.history.filter((h) => h.value.kind === "number").length;

  return (
    <article className={styles.stack} aria-labelledby={`${id}-heading`}>
      <div className={styles.head}>
        <h3 id={`${id}-heading`} className={styles.h3}>
          {row.name ? `${row.code}: ${row.name}` : row.code}
        </h3>
        <Caption1>
          {sheet} · row {row.sheetRow} · value in {cellRef(sheet, row.valueCell)}
          {row.period ? ` · ${row.period}` : ""}
          {row.section ? ` · ${row.section}` : ""}
        </Caption1>
        {moved && (
          <Caption1 role="status">
            Rating again moved this indicator from row {indicator.sheetRow} to row {row.sheetRow}.
          </Caption1>
        )}
      </div>

      <div className={styles.head}>
        <span className={styles.status}>
          <StatusSwatch status={row.status} />
          <span className={styles.statusWord}>
            {row.status}
            {row.statusSource === "manual" ? " (manual)" : ""}
          </span>
          <span>value {row.valueText}</span>
        </span>
        <Text>{row.explanation}</Text>
        {row.publishedStatus !== null && row.publishedStatus !== row.status && (
          <Caption1>The sheet showed {row.publishedStatus} before rating.</Caption1>
        )}
        <div>
          <Button onClick={() => onSelectCell(sheet, row.valueCell)}>Go to cell</Button>{" "}
          {onChartInWorkbook && (
            <Button
              disabledFocusable={busy}
              onClick={() => onChartInWorkbook({ sheet, code: row.code, sheetRow: row.sheetRow })}
            >
              Chart in workbook
            </Button>
          )}
        </div>
      </div>

      <section className={layout.divided} aria-labelledby={`${id}-rule`}>
        <h4 id={`${id}-rule`} className={styles.h4}>
          Rule
        </h4>
        <Terms lines={ruleLines(row)} />
      </section>

      <section className={layout.divided} aria-labelledby={`${id}-trends`}>
        <h4 id={`${id}-trends`} className={styles.h4}>
          Trends
        </h4>
        <Terms
          lines={[
            { term: "Short trend", text: shortTrendText(row) },
            { term: "Long trend", text: longTrendText(row) },
          ]}
        />
      </section>

      <section className={layout.divided} aria-labelledby={`${id}-spc`}>
        <h4 id={`${id}-spc`} className={styles.h4}>
          Variation and assurance
        </h4>
        <Terms
          lines={[
            { term: "Variation", text: verdictText(row.variation) },
            { term: "Assurance", text: verdictText(row.assurance) },
          ]}
        />
        {plotted >= 2 ? (
          <XmrChart row={row} />
        ) : (
          <Text className={styles.reason}>Too few values to chart.</Text>
        )}
      </section>

      {row.benchmarks.length > 0 && (
        <section className={layout.divided} aria-labelledby={`${id}-benchmarks`}>
          <h4 id={`${id}-benchmarks`} className={styles.h4}>
            Benchmarks
          </h4>
          <Terms
            lines={row.benchmarks.map((b) => ({
              term: `vs ${b.header}`,
              text:
                b.comparison.kind === "not-compared"
                  ? `${b.comparison.text} (${b.comparison.reason})`
                  : b.comparison.text,
            }))}
          />
        </section>
      )}

      <section className={layout.divided} aria-labelledby={`${id}-flags`}>
        <h4 id={`${id}-flags`} className={styles.h4}>
          Flags ({flags.length})
        </h4>
        {flags.length === 0 ? (
          <Text>No flags on this row.</Text>
        ) : (
          <FlagList items={flags} onSelect={onSelectCell} />
        )}
      </section>
    </article>
  );
}
