import * as React from "react";
import {
  Button,
  Caption1,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { Warning16Filled } from "@fluentui/react-icons";
import {
  learnedEvidence,
  learnedRulesRows,
  learnedRuleText,
  type KeptRuleCell,
  type LearnedIndicator,
  type LearnedRules,
} from "../../workbook/learn-rules";
import type { WrittenRules } from "../../session/host-actions";
import { useMounted } from "./hooks";
import { useLayoutStyles } from "./layout";
import { DismissAction } from "./Messages";
import { plural } from "./text";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  proposal: { minWidth: 0 },
  h3: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  // One indicator a card, its parts stacked: it wraps inside a 320 px pane instead of scrolling sideways.
  card: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    minWidth: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    overflowWrap: "anywhere",
  },
  line: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "baseline",
    columnGap: tokens.spacingHorizontalS,
  },
  muted: { color: tokens.colorNeutralForeground2 },
  conflicts: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  conflictLabel: {
    display: "inline-flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalXXS,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorPaletteDarkOrangeForeground1,
  },
  actions: {
    display: "flex",
    flexWrap: "wrap",
    rowGap: tokens.spacingVerticalS,
    columnGap: tokens.spacingHorizontalS,
  },
  kept: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/** `Dover!F8` → Dover, F8; `'Tunbridge Wells'!F8` → Tunbridge Wells, F8 (the quotes of `qualified` undone). */
export function splitCellRef(ref: string): { sheet: string; cell: string } | undefined {
  const bang = ref.lastIndexOf("!");
  if (bang < 1) return undefined;
  const name = ref.slice(0, bang);
  const sheet =
    name.length >= 2 && name.startsWith("'") && name.endsWith("'")
      ? name.slice(1, -1).replace(/''/g, "'")
      : name;
  return { sheet, cell: ref.slice(bang + 1) };
}

/** The evidence of one indicator as a sentence or two: ratings, the tightest either side, what else fits. */
export function evidenceText(indicator: LearnedIndicator): string {
  const evidence = learnedEvidence(indicator);
  const { Green, Amber, Red } = evidence.counts;
  const parts = [
    `${plural(evidence.ratings, "published rating")}: ${Green} Green, ${Amber} Amber, ${Red} Red.`,
  ];
  const tight = [
    evidence.worstAmber
      ? `Worst Amber ${evidence.worstAmber.value} (${evidence.worstAmber.where})`
      : "",
    evidence.bestRed ? `best Red ${evidence.bestRed.value} (${evidence.bestRed.where})` : "",
  ].filter(Boolean);
  if (tight.length) {
    const text = tight.join("; ");
    parts.push(`${text.charAt(0).toUpperCase()}${text.slice(1)}.`);
  }
  if (evidence.fits)
    parts.push(`${evidence.fits.charAt(0).toUpperCase()}${evidence.fits.slice(1)}.`);
  return parts.join(" ");
}

/** One learned value the officer's sheet kept: `SCS05: your tolerance 10% kept (learned floor 20 not written)`. */
export function keptText(kept: KeptRuleCell): string {
  return `${kept.code}: your ${kept.officerField} ${kept.officer} kept (learned ${kept.field} ${kept.learned} not written).`;
}

/** What writing did, in one or two sentences, ending with the hand-over of the sheet. */
export function writtenSummary(written: WrittenRules): string {
  const done =
    written.added === 0 && written.updated === 0
      ? `Nothing was written: the ${written.sheet} sheet already holds every rule learned.`
      : written.created
        ? `${written.sheet} sheet created with ${plural(written.added, "learned rule")}.`
        : `${written.sheet} sheet updated: ${plural(written.added, "row")} added, ${plural(written.updated, "row")} updated.`;
  const kept = written.kept.length
    ? ` ${plural(written.kept.length, "value you typed was", "values you typed were")} kept.`
    : "";
  return `${done}${kept} The ${written.sheet} sheet is now yours to edit: change any rule there, then choose Rate. Learning again only fills cells you leave empty.`;
}

type State =
  | { readonly kind: "idle" }
  | { readonly kind: "learning" }
  | { readonly kind: "proposal"; readonly learned: LearnedRules }
  | { readonly kind: "writing"; readonly learned: LearnedRules }
  | { readonly kind: "written"; readonly written: WrittenRules };

export interface LearnRulesProps {
  /** Another action is running (or rating): Learn waits. */
  readonly disabled?: boolean;
  /** Learns the rules (writes nothing); `undefined` when that failed (the error is shown elsewhere). */
  readonly onLearn: () => Promise<LearnedRules | undefined>;
  /** Writes the proposal into the Rules sheet; `undefined` when that failed. */
  readonly onWrite: (learned: LearnedRules) => Promise<WrittenRules | undefined>;
  readonly onSelectCell: (sheet: string, cell: string) => void;
  /** Says something in the pane's polite live region. */
  readonly onAnnounce?: (text: string) => void;
}

function ProposedIndicator({
  indicator,
  onSelectCell,
}: {
  readonly indicator: LearnedIndicator;
  readonly onSelectCell: (sheet: string, cell: string) => void;
}): React.JSX.Element {
  const styles = useStyles();
  const { code, learned } = indicator;
  const conflicts = learned.conflicts;
  return (
    <li className={styles.card}>
      <span className={styles.line}>
        <Text weight="semibold">{code}</Text>
        <Text>{learnedRuleText(indicator)}</Text>
      </span>
      <Caption1 block className={styles.muted}>
        {evidenceText(indicator)}
      </Caption1>
      {conflicts.length > 0 && (
        <>
          <span className={styles.conflictLabel}>
            <Warning16Filled aria-hidden="true" />
            {conflicts.length === 1
              ? "1 rating no rule reproduces"
              : `${conflicts.length} ratings no rule reproduces`}
          </span>
          <ul className={styles.conflicts} aria-label={`Conflicts for ${code}`}>
            {conflicts.map(({ rating, why }) => {
              const target = splitCellRef(rating.where);
              return (
                <li key={rating.where}>
                  {target ? (
                    <Link
                      inline
                      title={`Select ${rating.where} in Excel`}
                      onClick={() => onSelectCell(target.sheet, target.cell)}
                    >
                      {rating.where}
                    </Link>
                  ) : (
                    rating.where
                  )}
                  {`: ${why}.`}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </li>
  );
}

/**
 * "Learn rules from published ratings": proposes each indicator's rule from
 * the RAGs the workbook publishes, with its evidence and the ratings no rule
 * reproduces, and writes it into the Rules sheet only when the officer
 * confirms. Nothing is written on Learn or Cancel.
 */
export function LearnRules({
  disabled,
  onLearn,
  onWrite,
  onSelectCell,
  onAnnounce,
}: LearnRulesProps): React.JSX.Element {
  const styles = useStyles();
  const layout = useLayoutStyles();
  const [state, setState] = React.useState<State>({ kind: "idle" });
  const trigger = React.useRef<HTMLButtonElement>(null);
  const hintId = React.useId();
  const titleId = React.useId();
  const live = useMounted();

  const learn = async (): Promise<void> => {
    setState({ kind: "learning" });
    const learned = await onLearn();
    if (!live.current) return;
    if (!learned) {
      setState({ kind: "idle" });
      return;
    }
    setState({ kind: "proposal", learned });
    const conflicts = learned.indicators.reduce((n, i) => n + i.learned.conflicts.length, 0);
    onAnnounce?.(
      learned.indicators.length === 0
        ? "No published ratings to learn from. Nothing was written."
        : `Proposed rules for ${plural(learned.indicators.length, "indicator")}${conflicts ? `, ${plural(conflicts, "conflict")}` : ""}. Nothing is written until you choose Write to Rules sheet.`
    );
  };

  const close = (): void => {
    setState({ kind: "idle" });
    trigger.current?.focus();
  };

  const write = async (learned: LearnedRules): Promise<void> => {
    setState({ kind: "writing", learned });
    const written = await onWrite(learned);
    if (!live.current) return;
    setState(written ? { kind: "written", written } : { kind: "proposal", learned });
    if (written) trigger.current?.focus();
  };

  const learned = state.kind === "proposal" || state.kind === "writing" ? state.learned : undefined;
  const writable = learned ? learnedRulesRows(learned).length > 1 : false;
  const conflicts = learned
    ? learned.indicators.reduce((n, i) => n + i.learned.conflicts.length, 0)
    : 0;
  const busy = disabled || state.kind === "learning" || state.kind === "writing";

  return (
    <div className={styles.stack}>
      <div>
        <Button
          ref={trigger}
          disabledFocusable={busy}
          aria-describedby={hintId}
          onClick={() => void learn()}
        >
          Learn rules from published ratings
        </Button>
        <Caption1 block id={hintId}>
          Proposes a floor or tolerance for each indicator from the RAG ratings the sheets already
          publish, with the evidence. Nothing is written until you choose Write to Rules sheet.
        </Caption1>
      </div>
      {state.kind === "learning" && (
        <Spinner size="tiny" label="Learning from the published ratings…" />
      )}
      {learned && (
        <section
          className={mergeClasses(layout.divided, styles.proposal)}
          aria-labelledby={titleId}
        >
          <h3 id={titleId} className={styles.h3}>
            Proposed rules
          </h3>
          {learned.indicators.length === 0 ? (
            <Text block>
              No published ratings to learn from: no rated table has a Green, Amber or Red beside a
              value and a target (rows with their own floor need nothing learned).
            </Text>
          ) : (
            <>
              <Text block>
                Learned from {plural(learned.ratings, "published rating")} of{" "}
                {plural(learned.indicators.length, "indicator")}.{" "}
                {conflicts === 0
                  ? "Every published rating is reproduced."
                  : `${plural(conflicts, "rating")} no single rule reproduces: check ${conflicts === 1 ? "it" : "them"} before publication.`}
              </Text>
              {learned.hint && (
                <Caption1 block className={styles.muted}>
                  Rating key at {learned.hint.where} read as a{" "}
                  {learned.hint.scheme === "floor" ? "floor standard" : "relative tolerance"}{" "}
                  scheme.
                </Caption1>
              )}
              <ul className={layout.list} aria-label="Proposed rules">
                {learned.indicators.map((indicator) => (
                  <ProposedIndicator
                    key={indicator.code}
                    indicator={indicator}
                    onSelectCell={onSelectCell}
                  />
                ))}
              </ul>
              {writable && (
                <Caption1 block>
                  Write to Rules sheet adds these rules to the Rules sheet, creating it if there is
                  none. Only empty cells are filled: a rule you have typed there is never changed.
                </Caption1>
              )}
            </>
          )}
          {state.kind === "writing" && <Spinner size="tiny" label="Writing to the Rules sheet…" />}
          <div className={styles.actions}>
            {writable && (
              <Button
                appearance="primary"
                disabledFocusable={busy}
                onClick={() => void write(learned)}
              >
                Write to Rules sheet
              </Button>
            )}
            <Button disabledFocusable={state.kind === "writing"} onClick={close}>
              {writable ? "Cancel" : "Close"}
            </Button>
          </div>
        </section>
      )}
      {state.kind === "written" && (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Rules written</MessageBarTitle>
            {writtenSummary(state.written)}
            {state.written.kept.length > 0 && (
              <ul className={styles.kept} aria-label="Values you typed, kept">
                {state.written.kept.map((k) => (
                  <li key={`${k.code}|${k.field}`}>{keptText(k)}</li>
                ))}
              </ul>
            )}{" "}
            <Link inline onClick={() => onSelectCell(state.written.sheet, "A1")}>
              Go to the {state.written.sheet} sheet
            </Link>
          </MessageBarBody>
          <DismissAction label="Dismiss the Rules sheet message" onDismiss={close} />
        </MessageBar>
      )}
    </div>
  );
}
