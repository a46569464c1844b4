import * as React from "react";
import { makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  h2: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  headingRow: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    columnGap: tokens.spacingHorizontalS,
  },
});

export interface PanelSectionProps {
  /** The panel's heading, which also names its region. */
  readonly title: string;
  /** A control beside the heading (Analyse again). */
  readonly action?: React.ReactNode;
  readonly children?: React.ReactNode;
}

/** One panel of the pane: a region named by its level-2 heading. */
export function PanelSection({ title, action, children }: PanelSectionProps): React.JSX.Element {
  const styles = useStyles();
  const id = React.useId();
  const heading = (
    <h2 id={id} className={styles.h2}>
      {title}
    </h2>
  );
  return (
    <section className={styles.section} aria-labelledby={id}>
      {action === undefined ? (
        heading
      ) : (
        <div className={styles.headingRow}>
          {heading}
          {action}
        </div>
      )}
      {children}
    </section>
  );
}
