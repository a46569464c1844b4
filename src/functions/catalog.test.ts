import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATALOG } from "./catalog";

interface Metadata {
  functions: { id: string; parameters: { name: string; optional?: boolean }[] }[];
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

  it("makes only the first two arguments required", () => {
    for (const fn of metadata.functions)
      expect(
        fn.parameters.map((p) => p.optional === true),
        fn.id
      ).toEqual(fn.parameters.map((_, i) => i >= 2));
  });

  it("passes positional arguments through to the engine", () => {
    expect(CATALOG.RAG!.invoke(80, 85, null, 0.1)).toEqual({ kind: "value", value: "Amber" });
    expect(CATALOG.RAG!.invoke(0.21, 0.2, "T", null, null, 0.175, 0.225)).toEqual({
      kind: "value",
      value: "Green",
    });
    expect(CATALOG.TREND!.invoke(3, 4, "L")).toEqual({ kind: "value", value: "IMP" });
  });
});
