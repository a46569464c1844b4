import {
  analyseSpc,
  type SpcAssurance,
  type SpcOptions,
  type SpcPoint,
  type SpcResult,
} from "../stats/special-cause";
import { XMR_LIMIT_FACTOR, type XmrLimits } from "../stats/xmr";
import { spcLatestPointAt, spcLimitsAt, type ColumnarResults } from "./adapter";
import { POLARITY_CODES } from "./codes";
import { SPC_ANALYSED, SPC_TOO_FEW, spcSettings } from "./spc";

/**
 * An analysed row of a columnar table, shaped as `analyseSpc`'s result: the
 * latest point is read at once (the Variation column and the checks read it on
 * every row), the limits on first read, and every point only when something
 * asks for them (a trend or shift sentence counting its run, a chart, JSON),
 * by analysing the row's values again with `analyseSpc` itself. `toJSON` gives
 * the fields `analyseSpc`'s result gives.
 */
class ColumnarSpcAnalysis {
  readonly kind: "analysed";
  readonly latest: SpcPoint;
  // analyseSpc gives assurance only with a target in its options, which a row's
  // Variation never passes: the field is there, unset, as on its result.
  readonly assurance: SpcAssurance | undefined;
  readonly #results: ColumnarResults;
  readonly #row: number;
  readonly #options: SpcOptions | undefined;
  #limits: XmrLimits | undefined;
  #points: readonly SpcPoint[] | undefined;

  constructor(
    results: ColumnarResults,
    row: number,
    latest: SpcPoint,
    options: SpcOptions | undefined
  ) {
    this.kind = "analysed";
    this.latest = latest;
    this.assurance = undefined;
    this.#results = results;
    this.#row = row;
    this.#options = options;
    this.#limits = undefined;
    this.#points = undefined;
  }

  get limits(): XmrLimits {
    return (this.#limits ??= spcLimitsAt(this.#results, this.#row)!);
  }

  /** The process limits into `out`, as `limits` gives them, without building `limits`. */
  processLimitsInto(out: ProcessLimits): ProcessLimits {
    const { ratings } = this.#results;
    const mean = ratings.spcMean[this.#row]!;
    const amr = ratings.spcMeanMovingRange[this.#row]!;
    // limitsFrom's expressions, so the numbers are the same.
    out.upperProcessLimit = mean + XMR_LIMIT_FACTOR * amr;
    out.lowerProcessLimit = mean - XMR_LIMIT_FACTOR * amr;
    return out;
  }

  get points(): readonly SpcPoint[] {
    if (this.#points === undefined) {
      const { table } = this.#results;
      const base = this.#row * table.periods;
      const values = Array.from(table.values.subarray(base, base + table.periods));
      const polarity = POLARITY_CODES[table.polarity[this.#row]!];
      const analysis = analyseSpc(values, polarity, this.#options);
      const points = analysis.kind === "analysed" ? analysis.points.slice() : [];
      // The last point is `latest` itself, as on analyseSpc's result.
      if (points.length > 0) points[points.length - 1] = this.latest;
      this.#points = points;
    }
    return this.#points;
  }

  toJSON(): object {
    const { kind, limits, points, latest } = this;
    return { kind, limits, points, latest };
  }
}

/**
 * Reads rows' XmR analyses from a table rated with SPC `options`
 * (`rateColumnar`'s): the reader gives row `r`'s analysis as
 * `analyseSpc(values, polarity, options)` returns it for the row's values
 * (oldest first, NaN for a cell with no number) and declared polarity, or null
 * when the row was not analysed (its latest value is not a number, or SPC was
 * left out). Equal field for field, and in JSON, to `analyseSpc`'s result
 * (test/golden/columnar-engine.test.ts and the pipeline's golden JSON compare
 * them).
 *
 * Cost: O(1) per read and two objects (the result and its latest point);
 * reading its `limits` builds them once; reading its `points` analyses the row
 * again (O(periods)).
 *
 * @example spcReader(results, { minimumPoints: 12 })(0)?.kind // "analysed", "too-few-points" or null
 */
export function spcReader(
  results: ColumnarResults,
  options: SpcOptions | undefined
): (r: number) => SpcResult | null {
  const minimum = spcSettings(options).minimumPoints;
  const { spcKind, spcPoints } = results.ratings;
  return (r) => {
    const kind = spcKind[r];
    if (kind === SPC_TOO_FEW) return { kind: "too-few-points", points: spcPoints[r]!, minimum };
    if (kind !== SPC_ANALYSED) return null;
    return new ColumnarSpcAnalysis(results, r, spcLatestPointAt(results, r)!, options);
  };
}

/** An XmR chart's process limits alone. */
export interface ProcessLimits {
  upperProcessLimit: number;
  lowerProcessLimit: number;
}

const scratchLimits: ProcessLimits = { upperProcessLimit: NaN, lowerProcessLimit: NaN };

/**
 * An analysis's process limits (`limits.upperProcessLimit` and
 * `lowerProcessLimit`), for a caller that reads them at once: from a columnar
 * analysis ({@link spcReader}'s) they are worked out into one shared object,
 * valid until the next call, so its `limits` (eight numbers the result then
 * keeps) are not built; from any other analysis, its `limits`.
 *
 * Cost: O(1); no allocation for a columnar analysis.
 */
export function processLimitsOf(
  spc: Extract<SpcResult, { kind: "analysed" }>
): Readonly<ProcessLimits> {
  return spc instanceof ColumnarSpcAnalysis ? spc.processLimitsInto(scratchLimits) : spc.limits;
}
