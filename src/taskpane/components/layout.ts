import { makeStyles, tokens } from "@fluentui/react-components";

/** Layout shared by the pane's panels. */
export const useLayoutStyles = makeStyles({
  /** A list without bullets, its items stacked. */
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
  },
  /** A part of a panel set off from what is above it by a rule. */
  divided: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    paddingTop: tokens.spacingVerticalS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
});
