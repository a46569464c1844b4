/**
 * The columnar engine: a whole table's values, rules and published cells as
 * typed arrays (struct of arrays), rated in one pass with exactly the row
 * engine's rules (status, both trends, the latest point's XmR verdict, summary
 * counts), and read back as row objects only on demand.
 */
export * from "./codes";
export * from "./table";
export * from "./status";
export * from "./baselines";
export * from "./trend";
export * from "./spc";
export * from "./rate";
export * from "./adapter";
export * from "./spc-result";
