/**
 * Errors shaped like Office.js's `OfficeExtension.Error` ("RichApi.Error"): `code`, `message`, `debugInfo`.
 * Messages for client-side errors are copied from office.js's resource strings so that the adapter sees what it
 * would see in Excel.
 */

export interface FakeDebugInfo {
  code: string;
  message: string;
  errorLocation?: string;
  statement?: string;
}

/** The error codes the fake raises (a subset of `Excel.ErrorCodes` and `OfficeExtension.ErrorCodes`). */
export const FakeErrorCodes = {
  accessDenied: "AccessDenied",
  apiNotFound: "ApiNotFound",
  generalException: "GeneralException",
  insertDeleteConflict: "InsertDeleteConflict",
  invalidArgument: "InvalidArgument",
  invalidObjectPath: "InvalidObjectPath",
  invalidOperation: "InvalidOperation",
  invalidReference: "InvalidReference",
  invalidRequestContext: "InvalidRequestContext",
  itemAlreadyExists: "ItemAlreadyExists",
  itemNotFound: "ItemNotFound",
  mergedRangeConflict: "MergedRangeConflict",
  nonBlankCellOffSheet: "NonBlankCellOffSheet",
  notImplemented: "NotImplemented",
  propertyNotLoaded: "PropertyNotLoaded",
  rangeExceedsLimit: "RangeExceedsLimit",
  requestPayloadSizeLimitExceeded: "RequestPayloadSizeLimitExceeded",
  responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
  runMustReturnPromise: "RunMustReturnPromise",
  valueNotLoaded: "ValueNotLoaded",
} as const;

export type FakeErrorCode = (typeof FakeErrorCodes)[keyof typeof FakeErrorCodes] | (string & {});

const HTTP_STATUS: Record<string, number> = {
  AccessDenied: 401,
  ApiNotFound: 404,
  InvalidArgument: 400,
  InvalidObjectPath: 400,
  InvalidRequestContext: 400,
  PropertyNotLoaded: 400,
  ValueNotLoaded: 400,
  ItemNotFound: 404,
  RequestPayloadSizeLimitExceeded: 413,
  ResponsePayloadSizeLimitExceeded: 413,
};

/** Stand-in for `OfficeExtension.Error`. `name` is "RichApi.Error" as in Office.js. */
export class FakeRichApiError extends Error {
  override name = "RichApi.Error";
  readonly code: string;
  readonly debugInfo: FakeDebugInfo;
  readonly traceMessages: string[] = [];
  readonly innerError: FakeRichApiError | null = null;
  readonly httpStatusCode: number;

  constructor(code: FakeErrorCode, message: string, errorLocation?: string, statement?: string) {
    super(message);
    Object.setPrototypeOf(this, FakeRichApiError.prototype);
    this.code = code;
    this.debugInfo = {
      code,
      message,
      ...(errorLocation ? { errorLocation } : {}),
      ...(statement ? { statement } : {}),
    };
    this.httpStatusCode = HTTP_STATUS[code] ?? 500;
  }

  override toString(): string {
    return `${this.code}: ${this.message}`;
  }
}

export function propertyNotLoaded(className: string, property: string): FakeRichApiError {
  return new FakeRichApiError(
    FakeErrorCodes.propertyNotLoaded,
    `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    `${className}.${property}`
  );
}

export function valueNotLoaded(): FakeRichApiError {
  return new FakeRichApiError(
    FakeErrorCodes.valueNotLoaded,
    'The value of the result object has not been loaded yet. Before reading the value property, call "context.sync()" on the associated request context.',
    "clientResult.value"
  );
}

export function apiNotFound(member: string, requirementSet: string): FakeRichApiError {
  return new FakeRichApiError(
    FakeErrorCodes.apiNotFound,
    `The method or property ${member} is part of the ${requirementSet} requirement set, which is not available in your version of Excel.`,
    member
  );
}

export function invalidArgument(
  what: string,
  location?: string,
  detail?: string
): FakeRichApiError {
  return new FakeRichApiError(
    FakeErrorCodes.invalidArgument,
    `The argument '${what}' doesn't work for this situation, is missing, or isn't in the right format.${detail ? ` (${detail})` : ""}`,
    location
  );
}

export function itemNotFound(what: string, location?: string): FakeRichApiError {
  return new FakeRichApiError(
    FakeErrorCodes.itemNotFound,
    `The requested resource doesn't exist. (${what})`,
    location
  );
}

export function itemAlreadyExists(what: string, location?: string): FakeRichApiError {
  return new FakeRichApiError(
    FakeErrorCodes.itemAlreadyExists,
    `The resource being created already exists. (${what})`,
    location
  );
}

/** What Excel answers when a command would change a protected worksheet. */
export function sheetProtected(sheetName: string, location?: string): FakeRichApiError {
  return new FakeRichApiError(
    FakeErrorCodes.accessDenied,
    `The cell or chart you're trying to change is on a protected sheet. To make a change, unprotect the sheet. (${sheetName})`,
    location
  );
}

export function invalidOperation(detail: string, location?: string): FakeRichApiError {
  return new FakeRichApiError(
    FakeErrorCodes.invalidOperation,
    `The operation isn't valid for this object. (${detail})`,
    location
  );
}

export function insertDeleteConflict(detail: string, location?: string): FakeRichApiError {
  return new FakeRichApiError(
    FakeErrorCodes.insertDeleteConflict,
    `The insert or delete operation attempted resulted in a conflict. (${detail})`,
    location
  );
}

export function invalidObjectPath(path: string): FakeRichApiError {
  return new FakeRichApiError(
    FakeErrorCodes.invalidObjectPath,
    `The object path '${path}' isn't working for what you're trying to do. If you're using the object across multiple "context.sync" calls and outside the sequential execution of a ".run" batch, please use the "context.trackedObjects.add()" and "context.trackedObjects.remove()" methods to manage the object's lifetime.`,
    path
  );
}

export function invalidRequestContext(location?: string): FakeRichApiError {
  return new FakeRichApiError(
    FakeErrorCodes.invalidRequestContext,
    "Cannot use the object across different request contexts.",
    location
  );
}

/** Thrown synchronously for a real Excel member the fake does not model, so the adapter's author notices. */
export function notImplemented(member: string): FakeRichApiError {
  return new FakeRichApiError(
    FakeErrorCodes.notImplemented,
    `not implemented in fake: ${member}`,
    member
  );
}
