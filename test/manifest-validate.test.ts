// Runs scripts/validate-manifest.mjs (what `npm run validate` runs) on the real manifest and on broken copies of it,
// and checks that each broken copy fails with a message that names the problem.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("..", import.meta.url));
const script = join(repo, "scripts", "validate-manifest.mjs");
const manifestPath = join(repo, "manifest.xml");
const original = readFileSync(manifestPath, "utf8");
const work = mkdtempSync(join(tmpdir(), "manifest-validate-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  status: number | null;
  output: string;
}

function validate(file: string, extraArgs: string[] = []): Run {
  const result = spawnSync(process.execPath, [script, file, "--root", repo, ...extraArgs], {
    encoding: "utf8",
    timeout: 20000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

let counter = 0;
/** Writes a copy of the manifest with each `from` replaced by `to`; fails the test if a `from` is not there. */
function brokenCopy(...edits: [from: string | RegExp, to: string][]): string {
  let xml = original;
  for (const [from, to] of edits) {
    const next = xml.replace(from, to);
    expect(next, `manifest.xml no longer contains ${String(from)}; update this test`).not.toBe(xml);
    xml = next;
  }
  const file = join(work, `manifest-${++counter}.xml`);
  writeFileSync(file, xml);
  return file;
}

function expectFailure(run: Run, ...messages: (string | RegExp)[]) {
  expect(run.status, run.output).toBe(1);
  expect(run.output).toContain("is NOT valid");
  for (const message of messages) {
    if (typeof message === "string") expect(run.output).toContain(message);
    else expect(run.output).toMatch(message);
  }
}

describe("validate-manifest (offline)", () => {
  it("accepts the real manifest, printing each check", () => {
    const run = validate(manifestPath);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain("ok    Id is a GUID");
    expect(run.output).toContain(
      "ok    every resid is defined in the matching Resources collection"
    );
    expect(run.output).toContain(
      "ok    icon files exist in assets/ as PNGs of the declared pixel size"
    );
    expect(run.output).not.toContain("FAIL");
  });

  it("rejects a resid that is not defined in Resources", () => {
    const file = brokenCopy([
      '<Description resid="RateButton.Tooltip"/>',
      '<Description resid="RateButton.Tip"/>',
    ]);
    expectFailure(validate(file), 'resid "RateButton.Tip" is not defined in <bt:LongStrings>');
  });

  it("rejects a resid that points into the wrong Resources collection", () => {
    const file = brokenCopy([
      '<Label resid="RateButton.Label"/>',
      '<Label resid="RateButton.Tooltip"/>',
    ]);
    expectFailure(
      validate(file),
      /resid "RateButton.Tooltip" is not defined in <bt:ShortStrings> \(it is in <bt:LongStrings>/
    );
  });

  it("rejects an Id that is not a GUID", () => {
    const file = brokenCopy([/<Id>[^<]*<\/Id>/, "<Id>scorecard-rag</Id>"]);
    expectFailure(validate(file), '"scorecard-rag" is not a GUID');
  });

  it("rejects a missing icon file", () => {
    const assets = join(work, "assets-without-80");
    cpSync(join(repo, "assets"), assets, { recursive: true });
    rmSync(join(assets, "icon-80.png"));
    expectFailure(
      validate(manifestPath, ["--assets", assets]),
      /icon file .*icon-80\.png is missing/
    );
  });

  it("rejects an icon whose pixel size does not match the size it is used at", () => {
    const file = brokenCopy([
      '<bt:Image id="Icon.80x80" DefaultValue="https://localhost:3000/assets/icon-80.png"/>',
      '<bt:Image id="Icon.80x80" DefaultValue="https://localhost:3000/assets/icon-64.png"/>',
    ]);
    expectFailure(validate(file), "icon-64.png is 64x64 px, expected 80x80");
  });

  it("rejects top-level elements out of schema order", () => {
    const support = original.match(/ *<SupportUrl [^>]*\/>\n/)?.[0] ?? "";
    const file = brokenCopy([support, ""], ["  <IconUrl ", `${support}  <IconUrl `]);
    expectFailure(validate(file), /<IconUrl> \(line \d+\) is out of order in <OfficeApp>/);
  });

  it("rejects an ExcelApi requirement below 1.10 (comparing 1.9 < 1.10 as numbers)", () => {
    const file = brokenCopy([
      '<Set Name="ExcelApi" MinVersion="1.10"/>',
      '<Set Name="ExcelApi" MinVersion="1.9"/>',
    ]);
    expectFailure(validate(file), "ExcelApi MinVersion is 1.9; the add-in needs 1.10");
  });

  it("rejects http URLs and over-long short strings", () => {
    const file = brokenCopy(
      [
        'DefaultValue="https://localhost:3000/taskpane.html"',
        'DefaultValue="http://localhost:3000/taskpane.html"',
      ],
      [
        '<bt:String id="Group.Label" DefaultValue="Scorecard RAG"/>',
        `<bt:String id="Group.Label" DefaultValue="${"x".repeat(126)}"/>`,
      ]
    );
    expectFailure(
      validate(file),
      '"http://localhost:3000/taskpane.html" must use https',
      "126 characters, limit is 125"
    );
  });

  it("rejects malformed XML with the line of the problem", () => {
    const file = brokenCopy(["</DefaultSettings>", "</DefaultSetting>"]);
    expectFailure(
      validate(file),
      /line \d+: closing tag <\/DefaultSetting> does not match <DefaultSettings>/
    );
  });

  it("rejects a missing required element and a wrong permission", () => {
    const file = brokenCopy(
      [/ *<HighResolutionIconUrl [^>]*\/>\n/, ""],
      ["ReadWriteDocument", "ReadDocument"]
    );
    expectFailure(
      validate(file),
      "is missing <HighResolutionIconUrl>",
      '"ReadDocument"; the add-in writes ratings'
    );
  });

  it("rejects custom functions without their metadata or with an undefined namespace", () => {
    const file = brokenCopy(
      [/ *<Metadata>\s*<SourceLocation resid="Functions.Metadata.Url"\/>\s*<\/Metadata>\n/, ""],
      ['<Namespace resid="Functions.Namespace"/>', '<Namespace resid="Functions.Missing"/>']
    );
    expectFailure(validate(file), /missing <Metadata>/, 'resid "Functions.Missing" is not defined');
  });
});
