import * as React from "react";
import { Button, Caption1, Field, Select, makeStyles, tokens } from "@fluentui/react-components";
import { ChevronDown16Regular, ChevronRight16Regular } from "@fluentui/react-icons";
import { columnIndex, columnLetter, parseRange } from "../../workbook/address";
import type { MappingOverride, SingleRole } from "../../workbook/detect";
import type { TableResult } from "../../workbook/run";
import { tableName } from "./text";

/** Roles people check first; the rest sit behind "Show more roles". */
const MAIN_ROLES: readonly SingleRole[] = [
  "code",
  "name",
  "polarity",
  "value",
  "target",
  "floor",
  "lower",
  "upper",
  "status",
];
const MORE_ROLES: readonly SingleRole[] = [
  "tolerance",
  "amber",
  "rated",
  "shortTrend",
  "longTrend",
  "numerator",
  "denominator",
  "dataPeriod",
  "period",
];

export const ROLE_LABEL: Readonly<Record<SingleRole, string>> = {
  code: "Code",
  name: "Indicator name",
  polarity: "Polarity (aim)",
  value: "Latest value",
  target: "Target",
  floor: "Floor standard",
  lower: "Range lower limit",
  upper: "Range upper limit",
  status: "Published RAG",
  tolerance: "Tolerance",
  amber: "Amber allowed (yes/no)",
  rated: "Rated (yes/no)",
  shortTrend: "Short trend",
  longTrend: "Long trend",
  numerator: "Numerator",
  denominator: "Denominator",
  dataPeriod: "Data period",
  period: "Period",
};

const USER_SET = /^set by the user/i;

type Draft = Readonly<Partial<Record<SingleRole, number | null>>>;

function initialDraft(table: TableResult): Draft {
  const draft: Partial<Record<SingleRole, number | null>> = {};
  for (const role of [...MAIN_ROLES, ...MORE_ROLES]) {
    const entry = table.mapping[role];
    draft[role] = entry ? (columnIndex(entry.column) ?? null) : null;
  }
  return draft;
}

/**
 * The override to save: every role the user changed, plus the roles an earlier
 * override already set, so saving again never drops an earlier correction.
 */
export function overrideFrom(table: TableResult, draft: Draft): MappingOverride {
  const initial = initialDraft(table);
  const override: Partial<Record<SingleRole, number | null>> = {};
  for (const role of [...MAIN_ROLES, ...MORE_ROLES]) {
    const now = draft[role] ?? null;
    const changed = now !== (initial[role] ?? null);
    const userSet = USER_SET.test(table.mapping[role]?.reason ?? "");
    if (changed || userSet) override[role] = now;
  }
  return override;
}

/** The columns of the table, with the header text the detection reported for each. */
function columnOptions(table: TableResult): { column: number; label: string }[] {
  const headers = new Map<number, string>();
  for (const entry of Object.values(table.mapping)) {
    const c = columnIndex(entry.column);
    if (c !== undefined && entry.header) headers.set(c, entry.header);
  }
  for (const p of table.periods) {
    const c = columnIndex(p.column);
    if (c !== undefined && p.header && !headers.has(c)) headers.set(c, p.header);
  }
  const range = parseRange(table.address);
  const columns = range
    ? Array.from({ length: range.right - range.left + 1 }, (_, i) => range.left + i)
    : [...headers.keys()].sort((a, b) => a - b);
  return columns.map((column) => {
    const header = headers.get(column);
    return {
      column,
      label: header ? `${columnLetter(column)}: ${header}` : `Column ${columnLetter(column)}`,
    };
  });
}

const useStyles = makeStyles({
  panel: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    paddingLeft: tokens.spacingHorizontalS,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}`,
  },
  actions: { display: "flex", columnGap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

export interface MappingReviewProps {
  readonly table: TableResult;
  readonly disabled?: boolean;
  readonly onSave: (tableId: string, override: MappingOverride) => void;
}

/** "Review mapping": one labelled drop-down per role over the table's columns, with why each was guessed. */
export function MappingReview({ table, disabled, onSave }: MappingReviewProps): React.JSX.Element {
  const styles = useStyles();
  const [open, setOpen] = React.useState(false);
  const [more, setMore] = React.useState(false);
  const initial = React.useMemo(() => initialDraft(table), [table]);
  const [draft, setDraft] = React.useState<Draft>(initial);
  React.useEffect(() => setDraft(initial), [initial]);
  const panelId = React.useId();
  const options = React.useMemo(() => columnOptions(table), [table]);
  const name = tableName(table);
  const changed = [...MAIN_ROLES, ...MORE_ROLES].some(
    (r) => (draft[r] ?? null) !== (initial[r] ?? null)
  );
  const roles = more ? [...MAIN_ROLES, ...MORE_ROLES] : MAIN_ROLES;

  const hintFor = (role: SingleRole): string => {
    const entry = table.mapping[role];
    const now = draft[role] ?? null;
    const was = initial[role] ?? null;
    if (now !== was)
      return was === null
        ? "Changed by you: not found before."
        : `Changed by you from column ${columnLetter(was)}.`;
    if (!entry) return "Not found in this table.";
    return USER_SET.test(entry.reason)
      ? `Your earlier choice (${entry.reason}).`
      : `Guessed from ${entry.reason}.`;
  };

  return (
    <div>
      <Button
        appearance="subtle"
        size="small"
        icon={open ? <ChevronDown16Regular /> : <ChevronRight16Regular />}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`Review mapping for ${name}`}
        onClick={() => setOpen((o) => !o)}
      >
        Review mapping
      </Button>
      <div id={panelId} hidden={!open}>
        {open && (
          <form
            className={styles.panel}
            aria-label={`Column mapping for ${name}`}
            onSubmit={(e) => {
              e.preventDefault();
              onSave(table.id, overrideFrom(table, draft));
            }}
          >
            <Caption1>
              Check which column holds each part of the indicator. Corrections are saved in the
              workbook and used on every later run.
            </Caption1>
            {roles.map((role) => {
              const value = draft[role] ?? null;
              return (
                <Field key={role} label={ROLE_LABEL[role]} hint={hintFor(role)} size="small">
                  <Select
                    size="small"
                    value={value === null ? "" : columnLetter(value)}
                    disabled={disabled}
                    onChange={(_, data) =>
                      setDraft((d) => ({
                        ...d,
                        [role]: data.value ? (columnIndex(data.value) ?? null) : null,
                      }))
                    }
                  >
                    <option value="">(not used)</option>
                    {options.map((o) => (
                      <option key={o.column} value={columnLetter(o.column)}>
                        {o.label}
                      </option>
                    ))}
                  </Select>
                </Field>
              );
            })}
            <div className={styles.actions}>
              <Button
                appearance="subtle"
                size="small"
                aria-expanded={more}
                onClick={() => setMore((m) => !m)}
              >
                {more ? "Show fewer roles" : `Show more roles (${MORE_ROLES.length})`}
              </Button>
            </div>
            <div className={styles.actions}>
              <Button type="submit" appearance="primary" disabledFocusable={disabled || !changed}>
                Save mapping
              </Button>
              <Button disabledFocusable={disabled || !changed} onClick={() => setDraft(initial)}>
                Undo changes
              </Button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}
