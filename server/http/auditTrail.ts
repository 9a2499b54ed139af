import type { RequestHandler, Response } from 'express';
import { auditUser, type Actor } from '../auth/actor.ts';
import type { AppDeps } from '../deps.ts';
import { newId } from '../ids.ts';
import { clientIp } from './clientIp.ts';
import { settlePendingWrites } from './pendingWrites.ts';
import type { AuditSpec } from './route.ts';

/**
 * Records an audit entry for a mutating request, success or failure. It wraps `res.end` so the
 * entry is on disk before the client sees the response: an acknowledged action is always audited.
 */
export function auditTrail(spec: AuditSpec, deps: AppDeps): RequestHandler {
  return (req, res, next) => {
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    res.end = ((...args: unknown[]) => {
      const actor = res.locals.actor as Actor | undefined;
      const failed = res.statusCode >= 400;
      const customerId = actor?.kind === 'widget' ? actor.customerId : (res.locals.auditCustomerId as string | undefined);
      const audited = deps.store.audit
        .append({
          id: newId('aud'),
          timestamp: new Date(deps.clock.now()).toISOString(),
          user: auditUser(actor),
          action: spec.action,
          resource: spec.resource(req, res),
          outcome: failed ? 'failure' : 'success',
          ...(customerId ? { customerId } : {}),
          ip: clientIp(req),
          ...detailOf(res, failed),
        })
        .catch((error: Error) => deps.logger.error('audit write failed', { action: spec.action, error: error.message }));
      Promise.all([audited, settlePendingWrites(res)]).then(([, failedWrite]) => {
        if (!failedWrite) return end(...args);
        deps.logger.error('write failed', { action: spec.action, error: failedWrite.message });
        endWithInternalError(res, end);
      });
      return res;
    }) as typeof res.end;
    next();
  };
}

/** The change was answered but could not be saved: the client must not take it as done. */
function endWithInternalError(res: Response, end: (...args: unknown[]) => unknown): void {
  const body = JSON.stringify({
    type: 'https://hitch.dev/problems/internal',
    title: 'Internal error',
    status: 500,
    detail: 'The change could not be saved.',
    code: 'internal',
  });
  res.statusCode = 500;
  res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  end(body);
}

/** A failure's code (and reason, such as the limit refused), or what a handler chose to note. */
function detailOf(res: Response, failed: boolean): { detail?: string } {
  const { errorCode, errorReason, auditDetail } = res.locals as Record<string, string | undefined>;
  if (failed && errorCode) return { detail: errorReason ? `${errorCode}: ${errorReason}` : errorCode };
  return auditDetail ? { detail: auditDetail } : {};
}
