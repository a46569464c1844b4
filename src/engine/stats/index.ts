/**
 * Outlier statistics for the scorecard: XmR (SPC) charts over an indicator's
 * own history, modified z-scores and funnel plots across districts, and Wilson
 * intervals against a benchmark. Pure: no I/O, no host APIs.
 */
export * from "./moving-range";
export * from "./xmr";
export * from "./special-cause";
export * from "./modified-z";
export * from "./funnel";
export * from "./wilson";
export * from "./byar";
export * from "./benchmark";
export * from "./mdc";
