#!/usr/bin/env node
// Offline validator for the Scorecard RAG XML add-in manifest.
//
//   node scripts/validate-manifest.mjs manifest.xml [--root DIR] [--assets DIR]
//
// `office-addin-manifest validate` posts the manifest to a Microsoft web service, and no npm package ships the
// manifest XSDs, so this script checks the rules that matter itself, with no network access:
//   - well-formed XML (own small parser, so problems come with line numbers) and the right namespaces;
//   - element order and cardinality for a TaskPaneApp (schema 1.1) and its VersionOverrides 1.0, as in Microsoft's
//     OfficeAppManifestV1_1.xsd and TaskPaneAppVersionOverridesV1_0.xsd (plus elements this project requires);
//   - value formats: GUID Id, a.b.c.d Version, culture names, https URLs, string lengths, requirement sets;
//   - every resid is defined in the right Resources collection, ids are unique, icon sizes are complete;
//   - every icon file exists in assets/ with the pixel size the manifest claims, and every page exists in src/;
//   - office-addin-manifest (the reader `npm start` uses to sideload) reads the same id, name and hosts.
// It prints each check and exits 1 if any fails (2 on bad usage).
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

export const NS = {
  app: "http://schemas.microsoft.com/office/appforoffice/1.1",
  vo: "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
  vo11: "http://schemas.microsoft.com/office/taskpaneappversionoverrides/1.1",
  bt: "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
  dsig: "http://www.w3.org/2000/09/xmldsig#",
};
const PREFIX = { [NS.app]: "", [NS.vo]: "", [NS.bt]: "bt:", [NS.dsig]: "ds:" };

const DEV_ORIGIN = "https://localhost:3000";
const SHORT = 125;
const LONG = 250;
const URL_MAX = 2048;
const RESID_MAX = 32;
const GUID =
  /^(urn:uuid:)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const GUID_BRACED =
  /^\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}$/;
const VERSION_4 = /^\d{1,5}\.\d{1,5}\.\d{1,5}\.\d{1,5}$/;
const SHORT_VERSION = /^\d{1,5}\.\d{1,5}$/;
const CULTURE =
  /^([a-zA-Z]{2,3}-[a-zA-Z0-9]{3,8}(-[a-zA-Z]{2,3})?|[a-zA-Z]{2,3}(-[a-zA-Z]{2,3}(_tradnl|\.pseudo|-[a-zA-Z]{4,8})?)?)$/;
const SET_NAME = /^[A-Z][A-Za-z0-9]*$/; // ExcelApi, DialogApi, SharedRuntime, IdentityAPI, ...
const PERMISSIONS = [
  "Restricted",
  "ReadDocument",
  "ReadAllDocument",
  "WriteDocument",
  "ReadWriteDocument",
];
const ICON_SIZES = ["16", "20", "24", "32", "40", "48", "64", "80"];
const REQUIRED_ICON_SIZES = ["16", "32", "80"];
const EXCEL_TABS = [
  "TabHome",
  "TabInsert",
  "TabPageLayoutExcel",
  "TabFormulas",
  "TabData",
  "TabReview",
  "TabView",
  "TabDeveloper",
  "TabAddIns",
  "TabDraw",
  "TabHelp",
];

// ---------------------------------------------------------------------------------------------------------------------
// A small, strict XML parser: elements, attributes, text, comments, CDATA, processing instructions, namespaces.
// No DTDs (a manifest never has one). Errors carry line numbers.

export class XmlError extends Error {
  constructor(message, line) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function parseXml(source) {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === "\n") lineStarts.push(k + 1);
  const lineAt = (pos) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  let i = 0;
  const fail = (message, pos = i) => {
    throw new XmlError(message, lineAt(pos));
  };
  const decode = (raw, pos) =>
    raw.replace(/&([^;\s&<]*);?/g, (match, name) => {
      if (!match.endsWith(";")) fail(`unescaped "&" (write &amp;)`, pos);
      if (name in ENTITIES) return ENTITIES[name];
      const num = /^#(\d+)$/.exec(name) ?? /^#x([0-9a-fA-F]+)$/.exec(name);
      if (num) return String.fromCodePoint(parseInt(num[1], name[1] === "x" ? 16 : 10));
      return fail(`unknown entity &${name};`, pos);
    });
  const nameRe = /[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?/y;
  const readName = () => {
    nameRe.lastIndex = i;
    const m = nameRe.exec(text);
    if (!m) fail(`expected a name, found ${JSON.stringify(text.slice(i, i + 10))}`);
    i = nameRe.lastIndex;
    return m[0];
  };
  const skipWs = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const resolveNs = (qname, scope, isAttr, pos) => {
    const colon = qname.indexOf(":");
    const prefix = colon >= 0 ? qname.slice(0, colon) : "";
    const local = colon >= 0 ? qname.slice(colon + 1) : qname;
    if (isAttr && !prefix) return { prefix, local, ns: "" };
    const ns = scope.get(prefix);
    if (ns === undefined && prefix) fail(`namespace prefix "${prefix}" is not declared`, pos);
    return { prefix, local, ns: ns ?? "" };
  };

  let root = null;
  const stack = [];
  while (i < text.length) {
    const start = i;
    if (text.startsWith("<?", i)) {
      const end = text.indexOf("?>", i);
      if (end < 0) fail("unterminated processing instruction");
      i = end + 2;
    } else if (text.startsWith("<!--", i)) {
      const end = text.indexOf("-->", i + 4);
      if (end < 0) fail("unterminated comment");
      i = end + 3;
    } else if (text.startsWith("<![CDATA[", i)) {
      const end = text.indexOf("]]>", i);
      if (end < 0) fail("unterminated CDATA section");
      if (!stack.length) fail("CDATA outside the root element");
      stack[stack.length - 1].text += text.slice(i + 9, end);
      i = end + 3;
    } else if (text.startsWith("<!", i)) {
      fail("DOCTYPE and other declarations are not allowed in a manifest");
    } else if (text.startsWith("</", i)) {
      i += 2;
      const name = readName();
      skipWs();
      if (text[i] !== ">") fail(`expected ">" to close </${name}`);
      i++;
      const open = stack.pop();
      if (!open) fail(`closing tag </${name}> has no opening tag`, start);
      if (open.name !== name)
        fail(`closing tag </${name}> does not match <${open.name}> (line ${open.line})`, start);
    } else if (text[i] === "<") {
      i++;
      const name = readName();
      const rawAttrs = [];
      let selfClosing = false;
      for (;;) {
        const before = i;
        skipWs();
        if (text.startsWith("/>", i)) {
          i += 2;
          selfClosing = true;
          break;
        }
        if (text[i] === ">") {
          i++;
          break;
        }
        if (i >= text.length) fail(`unterminated tag <${name}>`, start);
        if (i === before) fail(`expected whitespace before an attribute in <${name}>`);
        const attrPos = i;
        const attrName = readName();
        skipWs();
        if (text[i] !== "=") fail(`attribute ${attrName} in <${name}> has no value`);
        i++;
        skipWs();
        const quote = text[i];
        if (quote !== '"' && quote !== "'")
          fail(`attribute ${attrName} in <${name}> must be quoted`);
        const end = text.indexOf(quote, i + 1);
        if (end < 0) fail(`unterminated value for attribute ${attrName}`);
        const raw = text.slice(i + 1, end);
        if (raw.includes("<")) fail(`"<" in the value of attribute ${attrName}`, attrPos);
        if (rawAttrs.some((a) => a.name === attrName))
          fail(`duplicate attribute ${attrName} in <${name}>`, attrPos);
        rawAttrs.push({ name: attrName, value: decode(raw, attrPos), pos: attrPos });
        i = end + 1;
      }
      const parent = stack[stack.length - 1];
      if (!parent && root) fail(`second root element <${name}>`, start);
      const scope = new Map(
        parent ? parent.scope : [["xml", "http://www.w3.org/XML/1998/namespace"]]
      );
      for (const a of rawAttrs) {
        if (a.name === "xmlns") scope.set("", a.value);
        else if (a.name.startsWith("xmlns:")) scope.set(a.name.slice(6), a.value);
      }
      const attrs = new Map();
      for (const a of rawAttrs) {
        if (a.name === "xmlns" || a.name.startsWith("xmlns:")) continue;
        const { local, ns } = resolveNs(a.name, scope, true, a.pos);
        attrs.set(ns ? `{${ns}}${local}` : local, a.value);
      }
      const el = {
        name,
        ...resolveNs(name, scope, false, start),
        attrs,
        children: [],
        text: "",
        line: lineAt(start),
        scope,
      };
      if (parent) parent.children.push(el);
      else root = el;
      if (!selfClosing) stack.push(el);
    } else {
      const end = text.indexOf("<", i);
      const raw = text.slice(i, end < 0 ? text.length : end);
      if (!stack.length) {
        if (raw.trim()) fail("text outside the root element");
      } else {
        stack[stack.length - 1].text += decode(raw, i);
      }
      i = end < 0 ? text.length : end;
    }
  }
  if (stack.length)
    fail(
      `<${stack[stack.length - 1].name}> (line ${stack[stack.length - 1].line}) is never closed`
    );
  if (!root) fail("no root element");
  return root;
}

// ---------------------------------------------------------------------------------------------------------------------
// Helpers over the parsed tree.

const show = (el) => `<${el.name}> (line ${el.line})`;
const keyOf = (ns, local) => `{${ns}}${local}`;
const attr = (el, name) => el.attrs.get(name);
const xsiType = (el) => {
  const v = el.attrs.get(keyOf(NS.xsi, "type"));
  return v === undefined ? undefined : v.slice(v.indexOf(":") + 1);
};
const textOf = (el) => el.text.trim();
function* walk(el) {
  yield el;
  for (const c of el.children) yield* walk(c);
}

/** Checks children against an XSD-style sequence; returns the children grouped by local name. */
function sequence(el, spec, problems) {
  const byName = Object.fromEntries(spec.map((s) => [s.local, []]));
  const present = (s) => el.children.filter((c) => c.local === s.local && c.ns === s.ns).length;
  let at = 0;
  for (const child of el.children) {
    const idx = spec.findIndex((s, k) => k >= at && s.local === child.local && s.ns === child.ns);
    if (idx < 0) {
      const earlier = spec.findIndex((s) => s.local === child.local && s.ns === child.ns);
      if (earlier >= 0) {
        problems.push(
          `${show(child)} is out of order in <${el.name}>: it must come before <${spec[at].display}>`
        );
        byName[child.local].push(child);
      } else {
        const allowed = spec.map((s) => `<${s.display}>`).join(", ");
        problems.push(
          `${show(child)} is not allowed in <${el.name}> (allowed, in order: ${allowed})`
        );
      }
      continue;
    }
    for (let k = at; k < idx; k++) {
      if (present(spec[k]) < spec[k].min)
        problems.push(
          `<${el.name}> (line ${el.line}) is missing <${spec[k].display}> before ${show(child)}`
        );
    }
    at = idx;
    byName[child.local].push(child);
    if (byName[child.local].length > spec[idx].max)
      problems.push(
        `${show(child)}: at most ${spec[idx].max} <${spec[idx].display}> allowed in <${el.name}>`
      );
  }
  for (let k = at; k < spec.length; k++) {
    if (present(spec[k]) < spec[k].min)
      problems.push(`<${el.name}> (line ${el.line}) is missing <${spec[k].display}>`);
  }
  return byName;
}
const E =
  (ns) =>
  (local, min = 1, max = 1) => ({ ns, local, min, max, display: `${PREFIX[ns] ?? ""}${local}` });
const A = E(NS.app);
const V = E(NS.vo);
const B = E(NS.bt);
const MANY = Infinity;

function checkUrl(value, where, problems) {
  if (value === undefined || value === "") {
    problems.push(`${where}: URL is empty`);
    return;
  }
  if (value.length > URL_MAX) problems.push(`${where}: URL is longer than ${URL_MAX} characters`);
  let url;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${where}: "${value}" is not an absolute URL`);
    return;
  }
  if (url.protocol !== "https:") problems.push(`${where}: "${value}" must use https`);
}

function checkString(value, max, where, problems) {
  if (value === undefined || value.trim() === "") problems.push(`${where}: value is empty`);
  else if ([...value].length > max)
    problems.push(`${where}: ${[...value].length} characters, limit is ${max}`);
}

function pngSize(file) {
  const buf = readFileSync(file);
  const signature = "89504e470d0a1a0a";
  if (buf.length < 24 || buf.subarray(0, 8).toString("hex") !== signature) return null;
  if (buf.subarray(12, 16).toString("ascii") !== "IHDR") return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

function findFile(dir, name, depth = 4) {
  if (depth < 0 || !existsSync(dir)) return null;
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    const full = join(dir, entry);
    if (entry === name && statSync(full).isFile()) return full;
    if (statSync(full).isDirectory()) {
      const found = findFile(full, name, depth - 1);
      if (found) return found;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------------
// The checks.

/**
 * Validates a manifest file. Returns { checks: [{ name, problems: string[] }], warnings: string[], ok }.
 * options.root: project root (pages are looked up in root/src); options.assets: icon folder (default root/assets).
 */
export async function validateManifestFile(manifestPath, options = {}) {
  const root = resolve(options.root ?? dirname(manifestPath));
  const assets = resolve(options.assets ?? join(root, "assets"));
  const checks = [];
  const warnings = [];
  const check = (name, fn) => {
    const problems = [];
    try {
      fn(problems);
    } catch (err) {
      problems.push(`check crashed: ${err instanceof Error ? err.message : String(err)}`);
    }
    checks.push({ name, problems });
    return problems.length === 0;
  };
  const result = () => ({ checks, warnings, ok: checks.every((c) => c.problems.length === 0) });

  let doc;
  const parsed = check("XML is well-formed", (p) => {
    if (!existsSync(manifestPath)) {
      p.push(`${manifestPath} does not exist`);
      return;
    }
    try {
      doc = parseXml(readFileSync(manifestPath, "utf8"));
    } catch (err) {
      p.push(err instanceof XmlError ? err.message : String(err));
    }
  });
  if (!parsed) return result();

  const rootOk = check("root is <OfficeApp> (appforoffice 1.1) with xsi:type TaskPaneApp", (p) => {
    if (doc.local !== "OfficeApp") p.push(`root element is <${doc.name}>, expected <OfficeApp>`);
    if (doc.ns !== NS.app) p.push(`<OfficeApp> namespace is "${doc.ns}", expected "${NS.app}"`);
    if (xsiType(doc) !== "TaskPaneApp")
      p.push(`<OfficeApp> xsi:type is "${xsiType(doc) ?? ""}", expected "TaskPaneApp"`);
  });
  if (!rootOk) return result();

  // Element order as in OfficeAppManifestV1_1.xsd (OfficeApp + TaskPaneApp). The XSD makes the icons, SupportUrl,
  // AppDomains, Hosts, Requirements and VersionOverrides optional; this project requires them (AppSource needs the
  // icons and SupportUrl, the features need ExcelApi 1.10, the ribbon button needs VersionOverrides).
  const top = {};
  check("top-level elements present and in schema order", (p) => {
    Object.assign(
      top,
      sequence(
        doc,
        [
          A("Id"),
          A("AlternateId", 0),
          A("Version"),
          A("ProviderName"),
          A("DefaultLocale"),
          A("DisplayName"),
          A("Description"),
          A("IconUrl"),
          A("HighResolutionIconUrl"),
          A("SupportUrl"),
          A("AppDomains"),
          A("Hosts"),
          A("Requirements"),
          A("DefaultSettings"),
          A("Permissions"),
          A("Dictionary", 0),
          V("VersionOverrides"),
          { ...E(NS.dsig)("Signature", 0), display: "Signature" },
        ],
        p
      )
    );
  });
  const one = (name) => top[name]?.[0];

  check("Id is a GUID", (p) => {
    const id = one("Id");
    if (id && !GUID.test(textOf(id)) && !GUID_BRACED.test(textOf(id)))
      p.push(
        `${show(id)}: "${textOf(id)}" is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`
      );
  });
  check("Version is a.b.c.d", (p) => {
    const v = one("Version");
    if (v && !VERSION_4.test(textOf(v)))
      p.push(`${show(v)}: "${textOf(v)}" is not four dot-separated numbers (a.b.c.d)`);
  });
  check("ProviderName, DisplayName and Description are set and within length limits", (p) => {
    const provider = one("ProviderName");
    if (provider) checkString(textOf(provider), SHORT, show(provider), p);
    for (const [name, max] of [
      ["DisplayName", SHORT],
      ["Description", LONG],
    ]) {
      const el = one(name);
      if (!el) continue;
      checkString(attr(el, "DefaultValue"), max, `${show(el)} DefaultValue`, p);
      for (const o of el.children) checkString(attr(o, "Value"), max, `${show(o)} Value`, p);
    }
  });
  check("DefaultLocale and locale overrides are culture names", (p) => {
    const loc = one("DefaultLocale");
    if (loc && !CULTURE.test(textOf(loc)))
      p.push(`${show(loc)}: "${textOf(loc)}" is not a culture name such as en-GB`);
    for (const el of walk(doc)) {
      const locale = attr(el, "Locale");
      if (el.local === "Override" && locale !== undefined && !CULTURE.test(locale))
        p.push(`${show(el)}: Locale "${locale}" is not a culture name`);
    }
  });

  check("every URL is absolute https (at most 2048 characters)", (p) => {
    for (const name of ["IconUrl", "HighResolutionIconUrl", "SupportUrl"]) {
      const el = one(name);
      if (!el) continue;
      checkUrl(attr(el, "DefaultValue"), `${show(el)} DefaultValue`, p);
      for (const o of el.children) checkUrl(attr(o, "Value"), `${show(o)} Value`, p);
    }
    for (const d of top.AppDomains?.[0]?.children ?? []) {
      checkUrl(textOf(d), show(d), p);
      checkString(textOf(d), LONG, show(d), p);
    }
    const src = top.DefaultSettings?.[0]?.children.find((c) => c.local === "SourceLocation");
    if (src) {
      checkUrl(attr(src, "DefaultValue"), `${show(src)} DefaultValue`, p);
      for (const o of src.children) checkUrl(attr(o, "Value"), `${show(o)} Value`, p);
    }
    for (const el of walk(doc)) {
      if (
        el.ns === NS.bt &&
        (el.local === "Url" || el.local === "Image") &&
        attr(el, "DefaultValue") !== undefined
      ) {
        checkUrl(attr(el, "DefaultValue"), `${show(el)} DefaultValue`, p);
        for (const o of el.children) checkUrl(attr(o, "Value"), `${show(o)} Value`, p);
      }
    }
  });

  check("AppDomains lists at least one domain", (p) => {
    const domains = top.AppDomains?.[0];
    if (domains) sequence(domains, [A("AppDomain", 1, MANY)], p);
  });
  check("Hosts is exactly Workbook (Excel)", (p) => {
    const hosts = top.Hosts?.[0];
    if (!hosts) return;
    const { Host = [] } = sequence(hosts, [A("Host", 1, MANY)], p);
    const names = Host.map((h) => attr(h, "Name"));
    if (names.length !== 1 || names[0] !== "Workbook")
      p.push(`${show(hosts)}: hosts are [${names.join(", ")}], expected exactly [Workbook]`);
  });
  check("Requirements: well-formed sets, ExcelApi at least 1.10", (p) => {
    const req = top.Requirements?.[0];
    if (!req) return;
    const { Sets = [], Methods = [] } = sequence(req, [A("Sets", 0), A("Methods", 0)], p);
    for (const m of Methods) sequence(m, [A("Method", 1, MANY)], p);
    const sets = Sets[0];
    if (!sets) {
      p.push(`${show(req)} has no <Sets>`);
      return;
    }
    const def = attr(sets, "DefaultMinVersion") ?? "1.1";
    if (!SHORT_VERSION.test(def))
      p.push(`${show(sets)}: DefaultMinVersion "${def}" is not major.minor`);
    const { Set: list = [] } = sequence(sets, [A("Set", 1, MANY)], p);
    const seen = new Set();
    let excel;
    for (const s of list) {
      const name = attr(s, "Name");
      const min = attr(s, "MinVersion") ?? def;
      if (!name || !SET_NAME.test(name))
        p.push(`${show(s)}: Name "${name ?? ""}" is not a requirement set name`);
      if (!SHORT_VERSION.test(min))
        p.push(`${show(s)}: MinVersion "${min}" is not major.minor (e.g. 1.10)`);
      if (name && seen.has(name)) p.push(`${show(s)}: requirement set ${name} is listed twice`);
      seen.add(name);
      if (name === "ExcelApi") excel = min;
    }
    const [major = 0, minor = 0] = (excel ?? "0.0").split(".").map(Number);
    if (excel === undefined)
      p.push(`${show(sets)}: no <Set Name="ExcelApi">; the add-in needs ExcelApi 1.10`);
    else if (major < 1 || (major === 1 && minor < 10))
      p.push(
        `ExcelApi MinVersion is ${excel}; the add-in needs 1.10 (compare as numbers: 1.9 < 1.10)`
      );
  });
  check("DefaultSettings has a SourceLocation", (p) => {
    const ds = top.DefaultSettings?.[0];
    if (ds) sequence(ds, [A("SourceLocation")], p);
  });
  check("Permissions is ReadWriteDocument", (p) => {
    const perm = one("Permissions");
    if (!perm) return;
    const value = textOf(perm);
    if (!PERMISSIONS.includes(value))
      p.push(`${show(perm)}: "${value}" is not one of ${PERMISSIONS.join(", ")}`);
    else if (value !== "ReadWriteDocument")
      p.push(
        `${show(perm)}: "${value}"; the add-in writes ratings and formats, so it needs ReadWriteDocument`
      );
  });

  // VersionOverrides (TaskPaneAppVersionOverridesV1_0.xsd).
  const vo = top.VersionOverrides?.[0];
  const resRefs = []; // { el, resid, kind, size? }
  const controls = [];
  check("VersionOverrides 1.0 structure (hosts, form factor, ribbon, controls, actions)", (p) => {
    if (!vo) return;
    if (xsiType(vo) !== "VersionOverridesV1_0")
      p.push(`${show(vo)}: xsi:type is "${xsiType(vo) ?? ""}", expected "VersionOverridesV1_0"`);
    const parts = sequence(
      vo,
      [
        V("Description", 0),
        V("Requirements", 0),
        V("Hosts"),
        V("Resources"),
        V("WebApplicationInfo", 0),
        V("EquivalentAddins", 0),
        { ...E(NS.vo11)("VersionOverrides", 0), display: "VersionOverrides (1.1)" },
      ],
      p
    );
    const ref = (el, kind, extra = {}) => {
      const resid = attr(el, "resid");
      if (resid === undefined) p.push(`${show(el)} has no resid attribute`);
      else resRefs.push({ el, resid, kind, ...extra });
    };
    for (const d of parts.Description) ref(d, "LongStrings");
    const iconList = (icon) => {
      const { Image = [] } = sequence(icon, [B("Image", 1, MANY)], p);
      const sizes = [];
      for (const img of Image) {
        const size = attr(img, "size");
        if (!ICON_SIZES.includes(size ?? ""))
          p.push(`${show(img)}: size "${size ?? ""}" is not one of ${ICON_SIZES.join(", ")}`);
        if (sizes.includes(size)) p.push(`${show(img)}: size ${size} is listed twice`);
        sizes.push(size);
        ref(img, "Images", { size: Number(size) });
      }
      const missing = REQUIRED_ICON_SIZES.filter((s) => !sizes.includes(s));
      if (missing.length)
        p.push(`${show(icon)}: missing required icon size(s) ${missing.join(", ")}`);
    };
    const supertip = (st) => {
      const { Title = [], Description = [] } = sequence(st, [V("Title"), V("Description")], p);
      Title.forEach((t) => ref(t, "ShortStrings"));
      Description.forEach((d) => ref(d, "LongStrings"));
    };
    const action = (a, control) => {
      const type = xsiType(a);
      if (type === "ShowTaskpane") {
        const parts2 = sequence(a, [V("TaskpaneId", 0), V("SourceLocation"), V("Title", 0)], p);
        parts2.TaskpaneId.forEach((t) => checkString(textOf(t), SHORT, show(t), p));
        parts2.SourceLocation.forEach((s) => ref(s, "Urls", { page: true }));
        parts2.Title.forEach((t) => ref(t, "ShortStrings"));
        control.action = {
          type,
          source: attr(parts2.SourceLocation[0] ?? { attrs: new Map() }, "resid"),
        };
      } else if (type === "ExecuteFunction") {
        const parts2 = sequence(a, [V("FunctionName")], p);
        parts2.FunctionName.forEach((f) => checkString(textOf(f), LONG, show(f), p));
        control.action = { type };
      } else p.push(`${show(a)}: xsi:type "${type ?? ""}" is not ShowTaskpane or ExecuteFunction`);
    };
    const control = (c, tab) => {
      const type = xsiType(c);
      const id = attr(c, "id");
      const entry = { el: c, id, type, tab };
      controls.push(entry);
      if (!id) p.push(`${show(c)} has no id`);
      else checkString(id, SHORT, `${show(c)} id`, p);
      if (type === "Button") {
        const parts2 = sequence(c, [V("Label"), V("Supertip"), V("Icon"), V("Action")], p);
        parts2.Label.forEach((l) => ref(l, "ShortStrings"));
        parts2.Supertip.forEach(supertip);
        parts2.Icon.forEach(iconList);
        parts2.Action.forEach((a) => action(a, entry));
      } else if (type === "Menu") {
        const parts2 = sequence(c, [V("Label"), V("Supertip"), V("Icon"), V("Items")], p);
        parts2.Label.forEach((l) => ref(l, "ShortStrings"));
        parts2.Supertip.forEach(supertip);
        parts2.Icon.forEach(iconList);
        for (const items of parts2.Items) {
          for (const item of sequence(items, [V("Item", 1, MANY)], p).Item) {
            const id2 = attr(item, "id");
            controls.push({ el: item, id: id2, type: "MenuItem", tab });
            if (!id2) p.push(`${show(item)} has no id`);
            const parts3 = sequence(
              item,
              [V("Label"), V("Supertip"), V("Icon", 0), V("Action")],
              p
            );
            parts3.Label.forEach((l) => ref(l, "ShortStrings"));
            parts3.Supertip.forEach(supertip);
            parts3.Icon.forEach(iconList);
            parts3.Action.forEach((a) => action(a, {}));
          }
        }
      } else p.push(`${show(c)}: xsi:type "${type ?? ""}" is not Button or Menu`);
    };
    const group = (g, tab) => {
      const id = attr(g, "id");
      if (!id) p.push(`${show(g)} has no id`);
      else checkString(id, SHORT, `${show(g)} id`, p);
      controls.push({ el: g, id, type: "Group", tab });
      const parts2 = sequence(g, [V("Label"), V("Icon"), V("Control", 1, MANY)], p);
      parts2.Label.forEach((l) => ref(l, "ShortStrings"));
      parts2.Icon.forEach(iconList);
      parts2.Control.forEach((c) => control(c, tab));
    };
    const formFactor = (ff) => {
      const parts2 = sequence(
        ff,
        [V("GetStarted", 0), V("FunctionFile", 0), V("ExtensionPoint", 1, MANY)],
        p
      );
      for (const gs of parts2.GetStarted) {
        const g = sequence(gs, [V("Title"), V("Description"), V("LearnMoreUrl")], p);
        g.Title.forEach((t) => ref(t, "ShortStrings"));
        g.Description.forEach((d) => ref(d, "LongStrings"));
        g.LearnMoreUrl.forEach((u) => ref(u, "Urls", { page: true }));
      }
      parts2.FunctionFile.forEach((f) => ref(f, "Urls", { page: true }));
      for (const ep of parts2.ExtensionPoint) {
        const type = xsiType(ep);
        if (type === "PrimaryCommandSurface") {
          const tabs = sequence(ep, [V("OfficeTab", 0, MANY), V("CustomTab", 0, MANY)], p);
          if (!tabs.OfficeTab.length && !tabs.CustomTab.length)
            p.push(`${show(ep)} has no <OfficeTab> or <CustomTab>`);
          for (const t of tabs.OfficeTab) {
            const id = attr(t, "id");
            if (!EXCEL_TABS.includes(id ?? ""))
              p.push(
                `${show(t)}: id "${id ?? ""}" is not a built-in Excel tab (${EXCEL_TABS.join(", ")})`
              );
            sequence(t, [V("Group", 1, MANY)], p).Group.forEach((g) => group(g, id));
          }
          for (const t of tabs.CustomTab) {
            const parts3 = sequence(t, [V("Group", 1, MANY), V("Label")], p);
            parts3.Label.forEach((l) => ref(l, "ShortStrings"));
            parts3.Group.forEach((g) => group(g, attr(t, "id")));
          }
        } else if (type === "ContextMenu") {
          for (const m of sequence(ep, [V("OfficeMenu", 1, MANY)], p).OfficeMenu)
            sequence(m, [V("Control", 1, MANY)], p).Control.forEach((c) =>
              control(c, attr(m, "id"))
            );
        } else if (type === "CustomFunctions") {
          p.push(
            `${show(ep)}: CustomFunctions belongs in <AllFormFactors>, not a form factor with a ribbon`
          );
        } else
          p.push(
            `${show(ep)}: xsi:type "${type ?? ""}" is not PrimaryCommandSurface or ContextMenu`
          );
      }
    };
    // Custom functions: Script (the runtime's JS), Page, Metadata (functions.json) and a namespace.
    const allFormFactors = (aff) => {
      for (const ep of sequence(aff, [V("ExtensionPoint", 1, MANY)], p).ExtensionPoint) {
        if (xsiType(ep) !== "CustomFunctions") {
          p.push(`${show(ep)}: xsi:type "${xsiType(ep) ?? ""}" is not CustomFunctions`);
          continue;
        }
        const cf = sequence(ep, [V("Script"), V("Page"), V("Metadata"), V("Namespace", 0)], p);
        for (const part of [...cf.Script, ...cf.Page, ...cf.Metadata])
          sequence(part, [V("SourceLocation")], p).SourceLocation.forEach((s) =>
            ref(s, "Urls", { page: part.local === "Page" })
          );
        cf.Namespace.forEach((n) => ref(n, "ShortStrings"));
      }
    };
    for (const hosts of parts.Hosts) {
      for (const h of sequence(hosts, [V("Host", 1, MANY)], p).Host) {
        if (xsiType(h) !== "Workbook")
          p.push(`${show(h)}: xsi:type "${xsiType(h) ?? ""}", expected "Workbook"`);
        const ffs = sequence(h, [V("AllFormFactors", 0), V("DesktopFormFactor")], p);
        ffs.AllFormFactors.forEach(allFormFactors);
        ffs.DesktopFormFactor.forEach(formFactor);
      }
    }
  });

  // Resources.
  const resources = {
    Images: new Map(),
    Urls: new Map(),
    ShortStrings: new Map(),
    LongStrings: new Map(),
  };
  check("Resources: ids unique, strings within limits (ShortStrings 125, LongStrings 250)", (p) => {
    const res = vo?.children.find((c) => c.local === "Resources" && c.ns === NS.vo);
    if (!res) return;
    const groups = sequence(
      res,
      [B("Images", 0), B("Urls", 0), B("ShortStrings", 0), B("LongStrings", 0)],
      p
    );
    const itemName = {
      Images: "Image",
      Urls: "Url",
      ShortStrings: "String",
      LongStrings: "String",
    };
    for (const kind of Object.keys(resources)) {
      for (const coll of groups[kind]) {
        for (const item of sequence(coll, [B(itemName[kind], 1, MANY)], p)[itemName[kind]]) {
          const id = attr(item, "id");
          if (!id) {
            p.push(`${show(item)} has no id`);
            continue;
          }
          if (id.length > RESID_MAX)
            p.push(`${show(item)}: id "${id}" is longer than ${RESID_MAX} characters`);
          if (resources[kind].has(id))
            p.push(`${show(item)}: id "${id}" is defined twice in <bt:${kind}>`);
          resources[kind].set(id, item);
          sequence(item, [B("Override", 0, MANY)], p);
          if (kind === "ShortStrings" || kind === "LongStrings") {
            const max = kind === "ShortStrings" ? SHORT : LONG;
            checkString(attr(item, "DefaultValue"), max, `${show(item)} "${id}"`, p);
            for (const o of item.children)
              checkString(attr(o, "Value"), max, `${show(o)} Value`, p);
          } else if (attr(item, "DefaultValue") === undefined)
            p.push(`${show(item)}: no DefaultValue`);
        }
      }
    }
  });
  check("every resid is defined in the matching Resources collection", (p) => {
    for (const r of resRefs) {
      if (r.resid.length > RESID_MAX)
        p.push(`${show(r.el)}: resid "${r.resid}" is longer than ${RESID_MAX} characters`);
      if (resources[r.kind].has(r.resid)) continue;
      const elsewhere = Object.keys(resources).find((k) => resources[k].has(r.resid));
      p.push(
        `${show(r.el)}: resid "${r.resid}" is not defined in <bt:${r.kind}>` +
          (elsewhere ? ` (it is in <bt:${elsewhere}>, the wrong collection)` : "")
      );
    }
    const used = new Set(resRefs.map((r) => `${r.kind}/${r.resid}`));
    for (const [kind, map] of Object.entries(resources))
      for (const id of map.keys())
        if (!used.has(`${kind}/${id}`))
          warnings.push(`resource "${id}" in <bt:${kind}> is never used`);
  });
  check("control and group ids are unique", (p) => {
    const seen = new Map();
    for (const c of controls) {
      if (!c.id) continue;
      if (seen.has(c.id))
        p.push(`${show(c.el)}: id "${c.id}" is already used at line ${seen.get(c.id)}`);
      else seen.set(c.id, c.el.line);
    }
  });
  check(
    'ribbon: a "Rate scorecard" ShowTaskpane button on the Home tab opens the task pane page',
    (p) => {
      const label = (c) => {
        const l = c.el.children.find((x) => x.local === "Label");
        return l ? resources.ShortStrings.get(attr(l, "resid") ?? "") : undefined;
      };
      const button = controls.find(
        (c) => c.type === "Button" && c.tab === "TabHome" && c.action?.type === "ShowTaskpane"
      );
      if (!button) {
        p.push('no Button with a ShowTaskpane action on <OfficeTab id="TabHome">');
        return;
      }
      const text = label(button) && attr(label(button), "DefaultValue");
      if (text !== "Rate scorecard")
        p.push(`${show(button.el)}: label is "${text ?? ""}", expected "Rate scorecard"`);
      const pane = attr(
        resources.Urls.get(button.action.source ?? "") ?? { attrs: new Map() },
        "DefaultValue"
      );
      const src = top.DefaultSettings?.[0]?.children.find((c) => c.local === "SourceLocation");
      const def = src && attr(src, "DefaultValue");
      if (pane && def && pane !== def)
        p.push(
          `${show(button.el)} opens ${pane} but DefaultSettings/SourceLocation is ${def}; they should be the same page`
        );
    }
  );

  // Files behind the URLs.
  const assetFor = (url) => {
    try {
      const m = /\/assets\/([^/]+)$/.exec(new URL(url).pathname);
      return m ? join(assets, decodeURIComponent(m[1])) : null;
    } catch {
      return null;
    }
  };
  check("icon files exist in assets/ as PNGs of the declared pixel size", (p) => {
    const wanted = []; // { where, url, size }
    const iconUrl = one("IconUrl");
    if (iconUrl)
      wanted.push({ where: show(iconUrl), url: attr(iconUrl, "DefaultValue"), size: 32 });
    const hiRes = one("HighResolutionIconUrl");
    if (hiRes) wanted.push({ where: show(hiRes), url: attr(hiRes, "DefaultValue"), size: 64 });
    for (const r of resRefs) {
      if (r.kind !== "Images") continue;
      const img = resources.Images.get(r.resid);
      if (img)
        wanted.push({
          where: `${show(img)} "${r.resid}" (used at line ${r.el.line})`,
          url: attr(img, "DefaultValue"),
          size: r.size,
        });
    }
    const done = new Set();
    for (const w of wanted) {
      const key = `${w.url}@${w.size}`;
      if (!w.url || done.has(key)) continue;
      done.add(key);
      const file = assetFor(w.url);
      if (!file) {
        p.push(`${w.where}: ${w.url} is not under /assets/, so the build would not ship it`);
        continue;
      }
      if (!existsSync(file)) {
        p.push(`${w.where}: icon file ${file} is missing (run node scripts/make-icons.mjs)`);
        continue;
      }
      const dims = pngSize(file);
      if (!dims) p.push(`${w.where}: ${file} is not a PNG`);
      else if (dims.width !== w.size || dims.height !== w.size)
        p.push(
          `${w.where}: ${basename(file)} is ${dims.width}x${dims.height} px, expected ${w.size}x${w.size}`
        );
    }
  });
  check(`pages on ${DEV_ORIGIN} exist in src/`, (p) => {
    const urls = [];
    const src = top.DefaultSettings?.[0]?.children.find((c) => c.local === "SourceLocation");
    if (src) urls.push({ where: show(src), url: attr(src, "DefaultValue") });
    const support = one("SupportUrl");
    if (support) urls.push({ where: show(support), url: attr(support, "DefaultValue") });
    for (const [id, el] of resources.Urls)
      urls.push({ where: `${show(el)} "${id}"`, url: attr(el, "DefaultValue") });
    for (const u of urls) {
      if (!u.url?.startsWith(`${DEV_ORIGIN}/`)) continue;
      const path = new URL(u.url).pathname;
      if (!path.endsWith(".html")) continue;
      const name = basename(path);
      if (!findFile(join(root, "src"), name))
        p.push(`${u.where}: ${u.url} has no source page src/**/${name}`);
    }
  });

  let info;
  let readError;
  try {
    const require = createRequire(import.meta.url);
    const { OfficeAddinManifest } = require("office-addin-manifest");
    info = await OfficeAddinManifest.readManifestFile(manifestPath);
  } catch (err) {
    readError = err instanceof Error ? err.message : String(err);
  }
  check(
    "office-addin-manifest (the reader npm start sideloads with) sees the same id, name and host",
    (p) => {
      if (readError !== undefined) {
        p.push(`office-addin-manifest could not read it: ${readError}`);
        return;
      }
      const expect = (field, actual, wanted) => {
        if (JSON.stringify(actual) !== JSON.stringify(wanted))
          p.push(
            `office-addin-manifest read ${field} ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`
          );
      };
      expect("id", info.id, one("Id") && textOf(one("Id")));
      expect(
        "displayName",
        info.displayName,
        one("DisplayName") && attr(one("DisplayName"), "DefaultValue")
      );
      expect("officeAppType", info.officeAppType, "TaskPaneApp");
      expect("hosts", info.hosts, ["Workbook"]);
    }
  );

  return result();
}

// ---------------------------------------------------------------------------------------------------------------------
// Command line.

function usage(message) {
  if (message) console.error(message);
  console.error(
    "usage: node scripts/validate-manifest.mjs MANIFEST.xml [--root DIR] [--assets DIR]"
  );
  process.exit(2);
}

async function main(argv) {
  let manifest;
  const options = {};
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === "--root" || a === "--assets") {
      const value = argv[++k];
      if (!value) usage(`${a} needs a folder`);
      options[a.slice(2)] = value;
    } else if (a === "-h" || a === "--help") usage();
    else if (a.startsWith("-")) usage(`unknown option ${a}`);
    else if (manifest) usage("give one manifest");
    else manifest = a;
  }
  if (!manifest) usage("no manifest given");
  console.log(
    `Validating ${manifest} offline (structural checks; no Microsoft web service is called)`
  );
  const { checks, warnings, ok } = await validateManifestFile(manifest, options);
  for (const c of checks) {
    console.log(`  ${c.problems.length ? "FAIL" : "ok  "}  ${c.name}`);
    for (const problem of c.problems) console.log(`          - ${problem}`);
  }
  for (const w of warnings) console.log(`  warn  ${w}`);
  const failed = checks.filter((c) => c.problems.length).length;
  if (ok) console.log(`${manifest} is valid: all ${checks.length} checks succeeded.`);
  else
    console.log(`${manifest} is NOT valid: ${failed} of ${checks.length} checks found problems.`);
  process.exit(ok ? 0 : 1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
