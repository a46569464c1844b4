import { describe, expect, it } from "vitest";
import { shiftColumn, shiftFormula, shiftSqref, type ColumnShift } from "../../src/xlsx/formula";

const insertAtJ: ColumnShift = { kind: "insert", at: 9, count: 4 }; // before J
const deleteJtoM: ColumnShift = { kind: "delete", at: 9, count: 4 }; // J:M

const on = (formula: string, shift: ColumnShift, host = "S", target = "S"): string =>
  shiftFormula(formula, host, target, shift);

describe("shiftColumn", () => {
  it("moves columns at or right of an insertion, and drops deleted ones", () => {
    expect(shiftColumn(8, insertAtJ)).toBe(8);
    expect(shiftColumn(9, insertAtJ)).toBe(13);
    expect(shiftColumn(12, deleteJtoM)).toBeUndefined();
    expect(shiftColumn(13, deleteJtoM)).toBe(9);
  });
});

describe("shiftFormula on insert", () => {
  it.each([
    ["I5", "I5"],
    ["J5", "N5"],
    ["$J$5", "$N$5"],
    ["$J5+J$5", "$N5+N$5"],
    ["SUM(B2:K2)", "SUM(B2:O2)"],
    ["SUM(J2:K2)", "SUM(N2:O2)"],
    ["SUM(A2:I2)", "SUM(A2:I2)"],
    ["SUM(J:J)", "SUM(N:N)"],
    ["SUM($A:$Z)", "SUM($A:$AD)"],
    ["SUM(2:2)", "SUM(2:2)"],
    ['"J5 is text"&J5', '"J5 is text"&N5'],
    ['"say ""J5"""&J5', '"say ""J5"""&N5'],
    ["LOG10(J5)", "LOG10(N5)"],
    ["Table1[Value]+J5", "Table1[Value]+N5"],
    ["Other!J5+J5", "Other!J5+N5"],
    ["'Other sheet'!J5", "'Other sheet'!J5"],
    ["S!J5", "S!N5"],
    ["IF(K3>1.5E+3,TRUE,FALSE)", "IF(O3>1.5E+3,TRUE,FALSE)"],
  ])("%s → %s", (formula, expected) => {
    expect(on(formula, insertAtJ)).toBe(expected);
  });

  it("moves references to the changed sheet from other sheets, quoted or not", () => {
    expect(on("'Dover CSWT'!J5*2", insertAtJ, "Summary", "Dover CSWT")).toBe("'Dover CSWT'!N5*2");
    expect(on("Kent!J5+J5", insertAtJ, "Summary", "Kent")).toBe("Kent!N5+J5");
    expect(on("kent!J5", insertAtJ, "Summary", "Kent")).toBe("kent!N5");
    expect(on("[1]Kent!J5", insertAtJ, "Summary", "Kent")).toBe("[1]Kent!J5");
  });
});

describe("shiftFormula on delete", () => {
  it.each([
    ["I5", "I5"],
    ["J5", "#REF!"],
    ["N5", "J5"],
    ["SUM(B2:P2)", "SUM(B2:L2)"],
    ["SUM(K2:P2)", "SUM(J2:L2)"],
    ["SUM(B2:K2)", "SUM(B2:I2)"],
    ["SUM(J2:M2)", "SUM(#REF!)"],
  ])("%s → %s", (formula, expected) => {
    expect(on(formula, deleteJtoM)).toBe(expected);
  });
});

describe("shiftSqref", () => {
  it("shifts each range of a list and drops ranges wholly deleted", () => {
    expect(shiftSqref("A1:A5 J1:K5", insertAtJ)).toBe("A1:A5 N1:O5");
    expect(shiftSqref("A1:A5 J1:K5", deleteJtoM)).toBe("A1:A5");
  });
});
