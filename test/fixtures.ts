import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * A published fixture from ../shared/fixtures (the source of truth, beside the
 * repository in CI), falling back to the verbatim copy in test/fixtures/shared.
 */
export function sharedFixturePath(name: string): string {
  const shared = resolve(repoRoot, "..", "shared", "fixtures", name);
  return existsSync(shared) ? shared : join(repoRoot, "test", "fixtures", "shared", name);
}

export function readSharedFixture(name: string): Buffer {
  return readFileSync(sharedFixturePath(name));
}

export { repoRoot };
