import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATALOG } from "./catalog";

interface Metadata {
  functions: {
    id: string;
    parameters: { name: string; optional?: boolean; dimensionality: string }[];
  }[];
}

const metadata = JSON.parse(
  readFileSync(new URL("./functions.json", import.meta.url), "utf8")
) as Metadata;

describe("custom functions metadata", () => {
  it("describes exactly the functions the runtime registers, with the same parameters", () => {
    expect(metadata.functions.map((f) => f.id).sort()).toEqual(Object.keys(CATALOG).sort());
    for (const fn of metadata.functions)
      expect(
        fn.parameters.map((p) => p.name),
        fn.id
      ).toEqual(CATALOG[fn.id]!.parameters);
  });

  it("makes the leading arguments required and the rest optional", () => {
    const required: Record<string, number> = {
      RAG: 2,
      EXPLAIN: 2,
      TREND: 2,
      VARIATION: 1,
      ASSURANCE: 2,
      COMPARE: 4,
    };
    for (const fn of metadata.functions)
      expect(
        fn.parameters.map((p) => p.optional === true),
        fn.id
      ).toEqual(fn.parameters.map((_, i) => i >= required[fn.id]!));
  });

  it("takes ranges only where a series or a target range goes", () => {
    const matrices = Object.fromEntries(
      metadata.functions.map((fn) => [
        fn.id,
        fn.parameters.filter((p) => p.dimensionality === "matrix").map((p) => p.name),
      ])
    );
    expect(matrices).toEqual({
      RAG: [],
      EXPLAIN: [],
      TREND: [],
      VARIATION: ["values"],
      ASSURANCE: ["values", "target"],
      COMPARE: [],
    });
  });

  it("passes positional arguments through to the engine", () => {
    expect(CATALOG.RAG!.invoke(80, 85, null, 0.1)).toEqual({ kind: "value", value: "Amber" });
    expect(CATALOG.RAG!.invoke(0.21, 0.2, "T", null, null, 0.175, 0.225)).toEqual({
      kind: "value",
      value: "Green",
    });
    expect(CATALOG.TREND!.invoke(3, 4, "L")).toEqual({ kind: "value", value: "IMP" });
    const history = [[5, 5, 6, 5, 4, 5, 5, 6, 5, 4, 5, 5, 20]];
    expect(CATALOG.VARIATION!.invoke(history, "L")).toEqual({ kind: "value", value: "Concern ↑" });
    expect(
      CATALOG.ASSURANCE!.invoke(
        history.map((row) => row.slice(0, 12)),
        [[12]],
        "L"
      )
    ).toEqual({
      kind: "value",
      value: "Consistently passing",
    });
    expect(CATALOG.COMPARE!.invoke(65, 65, 100, 50, "H")).toEqual({
      kind: "value",
      value: "Better",
    });
  });

  it("reads a scalar parameter given a range by its first cell", () => {
    expect(CATALOG.RAG!.invoke([[80]], [[85, 99]], null, 0.1)).toEqual({
      kind: "value",
      value: "Amber",
    });
  });
});
