/** The error codes of the public contract, each with its HTTP status. */
export const errorStatus = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  validation_failed: 400,
  invalid_json: 400,
  conflict: 409,
  payload_too_large: 413,
  quota_exceeded: 429,
  rate_limited: 429,
  upstream_error: 502,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface FieldError {
  path: string;
  message: string;
}

export interface HitchErrorOptions {
  errors?: FieldError[];
  /** Seconds, sent as `Retry-After` (429 and 503). */
  retryAfter?: number;
  headers?: Record<string, string>;
  /** Recorded after the code in the audit entry's detail, such as the limit refused (`eventsPerDay`). */
  reason?: string;
}

/**
 * The one error type services throw. Callers branch on `code`, never on the message;
 * `detail` is shown to API clients, so it never holds a secret.
 */
export class HitchError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: FieldError[];
  readonly retryAfter?: number;
  readonly headers?: Record<string, string>;
  readonly reason?: string;

  constructor(code: ErrorCode, detail: string, options: HitchErrorOptions = {}) {
    super(detail);
    this.name = 'HitchError';
    this.code = code;
    this.status = errorStatus[code];
    this.errors = options.errors;
    this.retryAfter = options.retryAfter;
    this.headers = options.headers;
    this.reason = options.reason;
  }
}

export const notFound = (what: string) => new HitchError('not_found', `${what} was not found.`);
