import { SaxesParser } from "saxes";

/*
 * The structural parts (workbook, styles, shared strings, relationships,
 * content types) are small, and the writer edits them as text: each is
 * checked as well-formed XML by saxes first, so a damaged one is named
 * instead of being misread. Worksheets, the large parts, are checked row by
 * row as they are read (read-sheet.ts).
 */

/** Why `xml` is not well-formed XML (`3:15: unclosed tag: sst`), or undefined when it is. */
export function wellFormedProblem(xml: string): string | undefined {
  const parser = new SaxesParser({ position: true });
  let problem: string | undefined;
  parser.on("error", (error) => {
    problem ??= error.message.split("\n")[0];
  });
  try {
    parser.write(xml).close();
  } catch (cause) {
    problem ??= cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
  }
  return problem;
}

/** A streaming check: text in pieces, then `end` gives the first problem (or undefined). */
export function wellFormedChecker(): { write(text: string): void; end(): string | undefined } {
  const parser = new SaxesParser({ position: true });
  let problem: string | undefined;
  parser.on("error", (error) => {
    problem ??= error.message.split("\n")[0];
  });
  return {
    write(text) {
      if (problem === undefined) parser.write(text);
    },
    end() {
      if (problem === undefined) parser.close();
      return problem;
    },
  };
}
