import * as React from "react";
import { Button, Caption1, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { RunResult, TableResult } from "../../workbook/run";
import { useLayoutStyles } from "./layout";
import { StatusCounts } from "./StatusCounts";
import { flaggedItems, narrativeText, plural, sheetCounts, tableName } from "./text";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  table: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    paddingLeft: tokens.spacingHorizontalS,
  },
  h3: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  h4: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  narrative: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  copyRow: {
    display: "flex",
    alignItems: "center",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
  },
});

type CopyNote = { readonly tableId: string; readonly text: string } | undefined;

/** Copies text, or says how to copy by hand when the host blocks the clipboard. */
export async function copyText(text: string): Promise<string> {
  const clipboard = typeof navigator === "undefined" ? undefined : navigator.clipboard;
  const manual =
    "Copying is not available in this window: select the summary lines above and press Ctrl+C (⌘C on a Mac).";
  if (!clipboard || typeof clipboard.writeText !== "function") return manual;
  try {
    await clipboard.writeText(text);
    return "Summary copied.";
  } catch {
    return manual;
  }
}

function TableResultView({
  table,
  note,
  onCopy,
}: {
  readonly table: TableResult;
  readonly note: string | undefined;
  readonly onCopy: (table: TableResult) => void;
}): React.JSX.Element {
  const styles = useStyles();
  const name = tableName(table);
  return (
    <div className={styles.table}>
      <h4 className={styles.h4}>{name}</h4>
      <Caption1>
        {table.address} · {plural(table.rows.length, "row")}
      </Caption1>
      <StatusCounts counts={table.counts} label={`Status counts for ${name}`} />
      {table.narrative.length > 0 && (
        <ul className={styles.narrative} aria-label={`Summary of ${name}`}>
          {table.narrative.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
      <div className={styles.copyRow}>
        <Button size="small" aria-label={`Copy summary of ${name}`} onClick={() => onCopy(table)}>
          Copy summary
        </Button>
        <Caption1 role="status">{note}</Caption1>
      </div>
    </div>
  );
}

export interface ResultsProps {
  readonly result: RunResult;
  readonly summary: string;
  readonly disabled?: boolean;
  /** Opens the Flags view. */
  readonly onShowFlags: () => void;
  readonly onCreateFindingsSheet: () => void;
  readonly onCreateSummarySheet: () => void;
}

/** After rating: counts per sheet and table, each table's narrative, how many flags, and the sheets to create. */
export function Results({
  result,
  summary,
  disabled,
  onShowFlags,
  onCreateFindingsSheet,
  onCreateSummarySheet,
}: ResultsProps): React.JSX.Element {
  const styles = useStyles();
  const layout = useLayoutStyles();
  const [note, setNote] = React.useState<CopyNote>();
  const flags = React.useMemo(() => flaggedItems(result), [result]);
  const sheets = result.sheets.filter((s) => s.tables.length > 0);

  const copy = (table: TableResult): void => {
    void copyText(narrativeText(table)).then((text) => setNote({ tableId: table.id, text }));
  };

  return (
    <div className={styles.stack}>
      <Text>{summary}</Text>
      {sheets.map((sheet) => (
        <section
          key={sheet.name}
          className={layout.divided}
          aria-label={`Results for ${sheet.name}`}
        >
          <h3 className={styles.h3}>{sheet.name}</h3>
          <StatusCounts
            counts={sheetCounts(sheet)}
            label={`Status counts for sheet ${sheet.name}`}
          />
          {sheet.tables.map((table) => (
            <TableResultView
              key={table.id}
              table={table}
              note={note?.tableId === table.id ? note.text : undefined}
              onCopy={copy}
            />
          ))}
        </section>
      ))}
      <section className={layout.divided} aria-label="Flags to check">
        <h3 className={styles.h3}>Flags to check ({flags.length})</h3>
        {flags.length === 0 ? (
          <Text>No row was flagged.</Text>
        ) : (
          <div>
            <Button onClick={onShowFlags}>Show {plural(flags.length, "flag")}</Button>
            <Caption1 block>
              The Flags view lists each one; choosing it goes to its cell in Excel.
            </Caption1>
          </div>
        )}
        <div>
          <Button disabledFocusable={disabled} onClick={onCreateFindingsSheet}>
            Create Findings sheet
          </Button>
          <Caption1 block>
            Lists every flag on a new sheet named Findings, each with a link to its cell.
          </Caption1>
        </div>
        <div>
          <Button disabledFocusable={disabled} onClick={onCreateSummarySheet}>
            Create Summary sheet
          </Button>
          <Caption1 block>
            One row per indicator with its RAG, trends and icons, each linked to its value; prints
            on one A4 landscape page.
          </Caption1>
        </div>
      </section>
    </div>
  );
}
