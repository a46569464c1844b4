/**
 * Entry of the custom-functions runtime: associates each catalogue id with its
 * wrapper. A user mistake comes back as #VALUE! carrying the message, which
 * Excel shows when the cell's error is inspected.
 */
import { CATALOG } from "./catalog";
import type { Argument } from "./functions";

// Only the members used here, from the CustomFunctionsRuntime 1.1 API.
declare const CustomFunctions: {
  associate(id: string, implementation: (...args: Argument[]) => string): void;
  Error: new (code: string, message?: string) => Error;
  ErrorCode: { readonly invalidValue: string };
};

for (const [id, entry] of Object.entries(CATALOG)) {
  CustomFunctions.associate(id, (...args) => {
    const result = entry.invoke(...args);
    if (result.kind === "value") return result.value;
    throw new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, result.message);
  });
}
