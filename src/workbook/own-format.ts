import { OWN_STYLES } from "./output-columns";

/** A conditional format as a host reads it: enough to tell whether the add-in made it. */
export interface FormatLook {
  /** The text of its "text begins with" rule, or undefined for any other kind of rule. */
  readonly beginsWith: string | undefined;
  /** Fill and font colour as the host gives them: `#C6EFCE`, `FFC6EFCE` or `c6efce`. */
  readonly fill: string | undefined;
  readonly font: string | undefined;
}

/** `#c6efce`, `FFC6EFCE` → `C6EFCE`. */
function rgb(color: string | undefined): string {
  const digits = (color ?? "").replace(/^#/, "").toUpperCase();
  return digits.length === 8 ? digits.slice(2) : digits;
}

const OWN_PAIRS = new Set(OWN_STYLES.map(({ fill, font }) => `${rgb(fill)}|${rgb(font)}`));

/**
 * Whether a conditional format on the cells of one of the add-in's blocks is
 * the add-in's own: a "text begins with" rule in one of its fill-and-font
 * pairs (Excel's Good, Neutral and Bad styles for RAG, trends and benchmarks;
 * the Making Data Count colours for variation and assurance). The hosts decide only which
 * formats lie on a block's cells (Excel by asking the block's range, an .xlsx
 * file by comparing ranges); this decides which of those are the add-in's, the
 * same way for both. A user's own rule there, in any other look, is kept.
 *
 * @example isOwnFormatLook({ beginsWith: "Green", fill: "#C6EFCE", font: "#006100" }) // true
 */
export function isOwnFormatLook(look: FormatLook): boolean {
  return look.beginsWith !== undefined && OWN_PAIRS.has(`${rgb(look.fill)}|${rgb(look.font)}`);
}
