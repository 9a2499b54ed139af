import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { HitchError, errorStatus } from '../errors.ts';
import type { Logger } from './logger.ts';

const titles: Record<keyof typeof errorStatus, string> = {
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  validation_failed: 'Validation failed',
  invalid_json: 'Invalid JSON',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  quota_exceeded: 'Quota exceeded',
  rate_limited: 'Rate limited',
  upstream_error: 'Upstream error',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
};

/** An error as an RFC 9457 problem object. */
export function problemBody(error: HitchError) {
  return {
    type: `https://hitch.dev/problems/${error.code.replaceAll('_', '-')}`,
    title: titles[error.code],
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(error.errors ? { errors: error.errors } : {}),
  };
}

/** Sends an error as RFC 9457 problem JSON. */
export function sendProblem(res: Response, error: HitchError): void {
  const body = problemBody(error);
  res.locals.errorCode = error.code;
  if (error.reason) res.locals.errorReason = error.reason;
  if (error.retryAfter !== undefined) res.setHeader('Retry-After', String(Math.max(1, Math.ceil(error.retryAfter))));
  for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
  res.status(error.status).type('application/problem+json').send(JSON.stringify(body));
}

/** Maps anything thrown to a coded error: body-parser's errors by their type, the rest to `internal`. */
export function toHitchError(error: unknown): HitchError {
  if (error instanceof HitchError) return error;
  const type = (error as { type?: string }).type;
  // Express's router could not percent-decode a path parameter (it marks that error 400)
  if (error instanceof URIError && (error as { status?: number }).status === 400) {
    return new HitchError('validation_failed', 'The request path holds a malformed percent-encoding.');
  }
  if (type === 'entity.parse.failed') return new HitchError('invalid_json', 'The request body is not valid JSON.');
  if (type === 'entity.too.large') return new HitchError('payload_too_large', 'The request body is too large.');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new HitchError('validation_failed', 'The request body encoding is not supported.');
  }
  return new HitchError('internal', 'Something went wrong on our side.');
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    const problem = toHitchError(error);
    if (problem.code === 'internal') {
      logger.error('request failed', { method: req.method, path: req.path, error: (error as Error)?.stack ?? String(error) });
    }
    if (res.headersSent) return next(error);
    sendProblem(res, problem);
  };
}

export const notFoundHandler: RequestHandler = (req, res) =>
  sendProblem(res, new HitchError('not_found', `No route for ${req.method} ${req.path}.`));
