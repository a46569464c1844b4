/** What a column of an indicator table holds. */
export type ColumnRole =
  | "code"
  | "name"
  | "polarity"
  | "value"
  | "target"
  | "floor"
  | "lower"
  | "upper"
  | "tolerance"
  | "status"
  | "shortTrend"
  | "longTrend"
  | "numerator"
  | "denominator"
  | "dataPeriod"
  | "period"
  | "benchmark"
  | "amber"
  | "rated";

/** Roles a table has at most one column for ("period" columns and benchmarks can be many). */
export const SINGLE_ROLES: readonly ColumnRole[] = [
  "code",
  "name",
  "polarity",
  "value",
  "target",
  "floor",
  "lower",
  "upper",
  "tolerance",
  "status",
  "shortTrend",
  "longTrend",
  "numerator",
  "denominator",
  "dataPeriod",
  "period",
  "amber",
  "rated",
];

/** Lower-cases, drops punctuation that officers vary (`PI code:`, `RAG*`), collapses spaces. */
export function normaliseHeader(text: string): string {
  let normal = normalCache.get(text);
  if (normal === undefined) {
    if (normalCache.size >= ROLE_CACHE_LIMIT) normalCache.clear();
    normal = normaliseUncached(text);
    normalCache.set(text, normal);
  }
  return normal;
}

const normalCache = new Map<string, string>();

function normaliseUncached(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u00a0\s_]+/g, " ")
    .replace(/[*:()[\]?.,]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

// Exact spellings first (after normalising), then patterns; the first match wins.
const EXACT: ReadonlyArray<readonly [ColumnRole, readonly string[]]> = [
  [
    "code",
    [
      "pi code",
      "code",
      "ref",
      "reference",
      "pi ref",
      "kpi code",
      "kpi ref",
      "indicator code",
      "measure code",
      "indicator ref",
      "id",
      "pi",
      "pi no",
      "ref no",
      "indicator id",
    ],
  ],
  [
    "name",
    [
      "pi name",
      "indicator",
      "indicator name",
      "indicator description",
      "description",
      "kpi",
      "kpi name",
      "measure name",
      "performance indicator",
      "pi description",
      "name",
      "title",
      "indicator title",
      "measure description",
    ],
  ],
  [
    "polarity",
    [
      "aim to",
      "aim",
      "polarity",
      "direction",
      "good is",
      "good performance is",
      "better is",
      "higher or lower is better",
      "what good looks like",
    ],
  ],
  [
    "value",
    [
      "value",
      "current position",
      "latest month",
      "latest",
      "actual",
      "outturn",
      "current value",
      "latest value",
      "current",
      "result",
      "performance",
      "current performance",
      "latest outturn",
      "latest data",
      "latest figure",
      "figure",
      "this period",
      "measure",
    ],
  ],
  [
    "target",
    [
      "target",
      "targets",
      "goal",
      "annual target",
      "current target",
      "ytd target",
      "year end target",
    ],
  ],
  [
    "floor",
    [
      "floor",
      "floor standard",
      "minimum",
      "minimum standard",
      "floor target",
      "min standard",
      "floor level",
    ],
  ],
  [
    "lower",
    [
      "lower limit",
      "lower",
      "range low",
      "range lower",
      "lower bound",
      "target range low",
      "lower target",
      "low",
      "target low",
    ],
  ],
  [
    "upper",
    [
      "upper limit",
      "upper",
      "range high",
      "range upper",
      "upper bound",
      "target range high",
      "upper target",
      "high",
      "target high",
    ],
  ],
  ["tolerance", ["tolerance", "tolerance %", "amber tolerance", "tolerance band", "amber band"]],
  [
    "status",
    [
      "status",
      "rag",
      "rag rating",
      "rating",
      "rag status",
      "current rag",
      "rag status current",
      "performance status",
      "red amber green",
      "performance against target",
    ],
  ],
  [
    "shortTrend",
    [
      "short trend",
      "short term trend",
      "dot",
      "direction of travel",
      "trend",
      "short-term trend",
      "dot short",
      "d o t",
    ],
  ],
  ["longTrend", ["long trend", "long term trend", "long-term trend", "dot long"]],
  ["numerator", ["numerator", "num", "numerator count"]],
  ["denominator", ["denominator", "denom", "den", "denominator count"]],
  [
    "dataPeriod",
    [
      "data period",
      "period type",
      "frequency",
      "reporting frequency",
      "data type",
      "collection",
      "cumulative or snapshot",
      "measure type",
    ],
  ],
  [
    "period",
    ["period", "month", "quarter", "date", "reporting period", "time period", "year", "period end"],
  ],
  [
    "benchmark",
    [
      "england",
      "national",
      "benchmark",
      "statistical neighbours",
      "stat neighbours",
      "stat neighbour",
      "region",
      "regional",
      "south east",
      "national average",
      "england average",
      "comparator",
      "sn average",
      "se average",
    ],
  ],
  ["amber", ["amber", "amber band used", "use amber"]],
  ["rated", ["rated", "rate", "rag rated"]],
];

const PATTERNS: ReadonlyArray<readonly [ColumnRole, RegExp]> = [
  ["status", /^(rag|status)\b|\brag$|\brag (rating|status)\b/],
  ["floor", /\bfloor\b/],
  ["lower", /\blower (limit|bound)\b/],
  ["upper", /\bupper (limit|bound)\b/],
  ["target", /\btarget\b/],
  [
    "longTrend",
    /\blong\b.*\b(trend|dot)\b|\b(trend|dot)\b.*\blong\b|^(trend|dot|direction of travel)\b.*\b(last|previous) year\b/,
  ],
  ["shortTrend", /\bshort\b.*\b(trend|dot)\b|\bdirection of travel\b|^(dot|trend)\b/],
  [
    "polarity",
    /\bpolarity\b|\baim to\b|\b(higher|lower|high|low)\b.*\bbetter\b|\b(desired|preferred|good) direction\b|\bdirection of improvement\b/,
  ],
  ["code", /\b(pi|kpi|indicator|measure) (code|ref|reference|id)\b/],
  ["name", /\b(pi|kpi|indicator|measure) (name|description|title)\b/],
  [
    "value",
    /^(actual|value|outturn|current position)\b|\blatest (month|quarter|value|position|outturn)\b|^(q[1-4]|quarter [1-4]|ytd|year to date|current|latest)\b.* (actual|value|outturn|performance|position)$|^performance (q[1-4]|quarter [1-4]|ytd|to date)\b/,
  ],
  [
    "benchmark",
    /\b(england|national|statistical neighbours?|regional) (average|value|rate|figure)\b|^benchmark\b/,
  ],
];

/** Headers that name two roles; the column's content decides (a polarity column can say "Tolerance"). */
export const AMBIGUOUS: ReadonlyMap<string, readonly ColumnRole[]> = new Map<
  string,
  readonly ColumnRole[]
>([
  ["tolerance", ["polarity", "tolerance"]],
  ["measure", ["value", "name"]],
  ["latest month", ["value", "period"]],
]);

/**
 * The role a header names, if any. `Target 2022-23`, `RAG 2022-23`,
 * `Current 2013-14 Target` all resolve (year suffixes are ignored).
 *
 * @example roleOfHeader("PI code") // "code"
 */
export function roleOfHeader(text: string): ColumnRole | undefined {
  // Detection asks about every cell of every row that might be a header; scorecards
  // repeat the same few hundred texts, so answers are remembered (bounded).
  const known = roleCache.get(text);
  if (known !== undefined) return known ?? undefined;
  if (roleCache.size >= ROLE_CACHE_LIMIT) roleCache.clear();
  const role = roleOfHeaderUncached(text);
  roleCache.set(text, role ?? null);
  return role;
}

const ROLE_CACHE_LIMIT = 20_000;
/** Each text's role, null for none (so one look-up answers both). */
const roleCache = new Map<string, ColumnRole | null>();

function roleOfHeaderUncached(text: string): ColumnRole | undefined {
  const normal = normaliseHeader(text);
  if (normal === "") return undefined;
  const withoutYears = normal
    .replace(/\b(19|20)?\d{2}\s*[-/]\s*\d{2,4}\b|\b(19|20)\d{2}\b/g, "")
    .replace(/\s+/g, " ")
    .trim();
  for (const candidate of [normal, withoutYears]) {
    for (const [role, spellings] of EXACT) if (spellings.includes(candidate)) return role;
  }
  if (isProse(text, normal)) return undefined;
  for (const [role, pattern] of PATTERNS) if (pattern.test(normal)) return role;
  return undefined;
}

/**
 * A sentence, not a header: a note or commentary cell ("Floor standards come from
 * the business plans.") mentions "floor" or "target" without naming a column.
 */
function isProse(raw: string, normal: string): boolean {
  const words = normal.split(" ").length;
  return words > 8 || (words >= 4 && /[.!?;](\s|$)/.test(raw.trim()));
}
