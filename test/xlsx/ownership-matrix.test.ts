// The ownership matrix on real files: each user action is applied by LibreOffice (as a person
// would, in a spreadsheet program) to a workbook the CLI rated, then the edited file is re-rated
// and cleared by the CLI. The same matrix runs in memory in test/workbook/ownership.test.ts.
//
// Workbooks: Medway Q2 2022/23 (one sheet, five stacked tables A:H, blocks I:L; the actions edit
// "People Q2 22-23", first table A8:H14) and the district scorecard example (tables A4:AI16,
// blocks AJ:AM on Kent, Ashford, Canterbury, Dover, Maidstone; the actions edit Dover). Every
// LibreOffice job (32 edits of the rated files, 18 of the originals) runs in one soffice.
//
// Every case, re-rate and clear: no user cell changes (every cell of every sheet but the state
// sheet, input against output, leaving out the blocks as the input's workbook-scoped names locate
// them; a block the output adds may cover only empty cells), and the cells the user typed into a
// block stay as typed. Then the outcome for each rated sheet, as below:
// - updated: re-rated, the sheet has as many blocks as before, each headed by the tool's four
//   headers, the first where the action moved it and down to its table's last row, and no cell
//   taken for the user's but those typed; cleared, no block, header row, cell or note of the tool's
//   is left, and where the action is well-defined on the unrated original (column and row edits,
//   sorts, rename, move, typing) every sheet's contents equal that LibreOffice-edited original's.
// - refused: a warning naming the sheet and a range of it ("... nothing (else) on "Dover" was
//   changed"), and the sheet exactly as it was.
//
//  case                 | Medway re-rate | Medway clear | example re-rate | example clear | block then
//  ---------------------|----------------|--------------|-----------------|---------------|-----------
//  insertColumnLeft     | updated        | updated      | updated         | updated       | I→J, AJ→AK
//  insertColumnInside   | updated        | updated      | updated         | updated       | I→J, AJ→AK
//  insertColumnRight    | updated        | updated      | updated         | updated       | stays where it moved (J, AK), a gap column left of it
//  deleteUserColumn     | updated        | updated      | updated         | updated       | I→H, AJ→AI (G and AF deleted)
//  insertRowsAbove      | updated        | updated      | updated         | updated       | two rows down
//  deleteRowAbove       | updated        | updated      | updated         | updated       | one row up
//  insertRowsInside     | updated        | updated      | updated         | updated       | two rows longer
//  deleteRowInside      | updated        | updated      | updated         | updated       | a row shorter
//  sortWithOwned        | updated        | updated      | updated         | updated       | in place (example: ends at row 14, the sorted section rows fall out of the table)
//  sortWithoutOwned     | updated        | updated      | updated         | updated       | in place, rewritten for the new row order
//  renameSheet          | updated        | updated      | updated         | updated       | follows the name
//  moveSheet            | updated        | updated      | updated         | updated       | in place
//  copySheet            | updated        | updated      | updated         | updated       | in place; the copy is refused in every run ("holds Scorecard RAG's column headers, but … no record"), its copied output left alone
//  typeIntoOwned        | updated        | updated      | updated         | updated       | the two typed cells kept ("… was edited: kept."), in clear too
//  overwriteHeader      | refused        | refused      | refused         | refused       | the whole sheet (Medway: all five blocks) left alone, the typed header kept; the other districts updated
//  pasteState           | refused        | refused      | refused (all)   | refused (all) | the pasted record matches many status and trend words by chance, never the commentary
//  garbleState          | refused        | refused      | refused (all)   | refused (all) | the names stay (hidden again); a next run refuses by them until the state is mended
//
// The copy gets sheet-scoped twins of the ScorecardRAG_<n> names (LibreOffice, like Excel, makes
// them); src/xlsx/owned-names.ts drops them on reading. Before it did, ExcelJS let each twin take
// the original's place: the copy was taken for the tool's (its output rewritten, and cleared) and
// the original refused, its names lost.
//
// How the files are compared: cells by value (formulas by text and result), number format, style
// and note, as ExcelJS reads them, with the ways LibreOffice and ExcelJS write the same style
// made equal (explicit "General" format, default alignment attributes, empty border, pattern-none
// fill). Against the LibreOffice-edited original only contents are compared (value, formula,
// note): LibreOffice gives the cells the tool wrote an explicit font when it saves the rated file
// (it stays once they are cleared), and formats the two files differently where the tool's
// columns meet a row format (deleting a row above Medway's bold "Comments:" row gives the rated
// file's I15:L15 cell formats, while the original loses that row format in I:L).
//
// LibreOffice on the way (see test/libreoffice/edit.test.ts): names come back visible (the tool
// writes them hidden again), the very hidden state sheet comes back hidden (the tool makes it
// very hidden again), and deleting a row writes an empty row 1048576 (the CLI then takes 2–4 s
// instead of 0.1 s on these files).
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { qualified } from "../../src/workbook/address";
import { STATE_SHEET } from "../../src/workbook/state";
import { LIBREOFFICE_PYTHON, requireLibreOffice } from "../libreoffice/index";
import {
  BOOKS,
  CASES,
  checkedSheets,
  checkOutcome,
  checkUserCells,
  copyName,
  entryKey,
  forgetLoaded,
  keptCells,
  runMatrix,
  sheetStates,
  TOOL_HEADERS,
  typedCells,
  type Book,
  type CaseDef,
  type CaseId,
  type Matrix,
  type MatrixEntry,
  type Mode,
  type Outcome,
} from "./ownership-matrix-helpers";
import { tempDir } from "./helpers";

/** The expected outcome of a run, in the table's words. */
type Expected = "updated" | "refused" | "refused everywhere" | "updated; copy refused";

const EXPECTED: Record<CaseId, Expected> = {
  insertColumnLeft: "updated",
  insertColumnInside: "updated",
  insertColumnRight: "updated",
  deleteUserColumn: "updated",
  insertRowsAbove: "updated",
  deleteRowAbove: "updated",
  insertRowsInside: "updated",
  deleteRowInside: "updated",
  sortWithOwned: "updated",
  sortWithoutOwned: "updated",
  renameSheet: "updated",
  moveSheet: "updated",
  copySheet: "updated; copy refused",
  typeIntoOwned: "updated",
  overwriteHeader: "refused",
  pasteState: "refused everywhere",
  garbleState: "refused everywhere",
};

function expectedOutcomes(entry: MatrixEntry): Record<string, Outcome> {
  const expected = EXPECTED[entry.kase.id];
  const edited = entry.kase.sheetAfter(entry.book);
  return Object.fromEntries(
    checkedSheets(entry).map((sheet): [string, Outcome] => {
      if (expected === "refused everywhere") return [sheet, "refused"];
      if (expected === "refused" && sheet === edited) return [sheet, "refused"];
      if (sheet === copyName(entry.book) && entry.kase.id === "copySheet")
        return [sheet, "refused"];
      return [sheet, "updated"];
    })
  );
}

const hasOpenpyxl =
  spawnSync(LIBREOFFICE_PYTHON, ["-c", "import openpyxl"], { stdio: "ignore", timeout: 30_000 })
    .status === 0;

describe.skipIf(!requireLibreOffice())("ownership on files edited by LibreOffice", () => {
  let temp: ReturnType<typeof tempDir> | undefined;
  let matrix: Matrix;
  const entry = (book: Book, kase: CaseDef): MatrixEntry => {
    const found = matrix?.entries.get(entryKey(book.key, kase.id));
    if (!found) throw new Error(`the matrix did not run (${book.key}/${kase.id})`);
    return found;
  };

  beforeAll(async () => {
    temp = tempDir();
    matrix = await runMatrix(temp.dir);
  }, 240_000);
  afterAll(() => {
    forgetLoaded();
    temp?.cleanup();
  });

  describe.each(BOOKS)("$label", (book) => {
    describe.each(CASES)("$title", (kase) => {
      for (const mode of ["rate", "clear"] as Mode[]) {
        const run = mode === "rate" ? "re-rate" : "clear";
        it(`${run}: no user cell changes`, async () => {
          expect(await checkUserCells(entry(book, kase), mode)).toEqual([]);
        });
        it(`${run}: ${EXPECTED[kase.id]}`, async () => {
          const e = entry(book, kase);
          expect(await checkOutcome(e, mode, expectedOutcomes(e))).toEqual([]);
        });
      }
    });

    it("typing into the block: each typed cell is said to be kept, in re-rate and clear", () => {
      const e = entry(
        book,
        CASES.find((c) => c.id === "typeIntoOwned")!
      );
      const sheet = book.sheet;
      for (const mode of ["rate", "clear"] as const) {
        expect(keptCells(e[mode], sheet).sort()).toEqual(
          typedCells(book)
            .map((t) => t.cell)
            .sort()
        );
        const messages = e[mode].json.warnings.map((w) => w.message);
        const [commentary, rag] = typedCells(book);
        const where = (cell: string) => qualified(sheet, cell);
        expect(messages).toContain(`Commentary in ${where(commentary!.cell)} was edited: kept.`);
        expect(messages).toContain(`${TOOL_HEADERS[0]} in ${where(rag!.cell)} was edited: kept.`);
      }
    });
  });

  it.skipIf(!hasOpenpyxl)(
    "openpyxl opens the CLI's outputs and reads the blocks and hidden names",
    () => {
      const picks: [string, string, string, string][] = [
        // [entry, output, sheet, cell that must read the RAG header]
        ["medway/insertRowsInside", "rate", "People Q2 22-23", "I8"],
        ["medway/deleteRowInside", "rate", "People Q2 22-23", "I20"],
        ["example/sortWithOwned", "rate", "Dover", "AJ5"],
        ["example/renameSheet", "rate", "Renamed sheet", "AJ5"],
        ["example/insertColumnLeft", "rate", "Dover", "AK5"],
        ["example/typeIntoOwned", "clear", "Dover", ""],
        ["medway/garbleState", "rate", "People Q2 22-23", "I8"],
      ];
      const script = [
        "import json, sys, openpyxl",
        "out = []",
        "for path, sheet, cell in json.loads(sys.argv[1]):",
        "    wb = openpyxl.load_workbook(path)",
        "    names = [(n.name, n.hidden) for n in wb.defined_names.definedName]",
        "    value = wb[sheet][cell].value if cell else None",
        "    out.append({'sheets': wb.sheetnames, 'value': value, 'names': names})",
        "print(json.dumps(out))",
      ].join("\n");
      const args = picks.map(([key, mode, sheet, cell]) => [
        matrix.entries.get(key)![mode as Mode].output,
        sheet,
        cell,
      ]);
      const run = spawnSync(LIBREOFFICE_PYTHON, ["-c", script, JSON.stringify(args)], {
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(run.stderr).toBe("");
      const read = JSON.parse(run.stdout) as {
        sheets: string[];
        value: unknown;
        names: [string, boolean | null][];
      }[];
      picks.forEach(([key, , sheet, cell], i) => {
        const got = read[i]!;
        expect(got.sheets, key).toContain(sheet);
        if (cell) expect(got.value, key).toBe(TOOL_HEADERS[0]);
      });
      // Re-rated, the names LibreOffice made visible are hidden again; every block has one.
      for (const i of [0, 1, 2, 3, 4]) {
        const names = read[i]!.names.filter(([name]) => /^ScorecardRAG_\d+$/.test(name));
        expect(names.length, picks[i]![0]).toBe(5);
        expect(
          names.every(([, hidden]) => hidden === true),
          picks[i]![0]
        ).toBe(true);
      }
      // Cleared: no name and no state sheet left. Refused for a garbled state: the names stay (hidden),
      // so the next run knows the cells are the tool's and refuses again until the state is mended.
      expect(read[5]!.names.filter(([name]) => name.startsWith("ScorecardRAG_"))).toEqual([]);
      expect(read[5]!.sheets).not.toContain(STATE_SHEET);
      const garbled = read[6]!.names.filter(([name]) => /^ScorecardRAG_\d+$/.test(name));
      expect(garbled.length).toBe(5);
      expect(garbled.every(([, hidden]) => hidden === true)).toBe(true);
    }
  );

  it("re-rated after LibreOffice, the state sheet is very hidden again", () => {
    // LibreOffice saved it as hidden, so a user can unhide it from the UI; the tool keeps it so.
    for (const book of BOOKS) {
      const e = entry(
        book,
        CASES.find((c) => c.id === "insertColumnLeft")!
      );
      expect(sheetStates(e.edited)).toContainEqual([STATE_SHEET, "hidden"]);
      expect(sheetStates(e.rate.output)).toContainEqual([STATE_SHEET, "veryHidden"]);
    }
  });
});
