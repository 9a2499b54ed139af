import type { RequestHandler, Response } from 'express';
import { auditUser, type Actor } from '../auth/actor.ts';
import type { AppDeps } from '../deps.ts';
import { newId } from '../ids.ts';
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
      deps.store.audit
        .append({
          id: newId('aud'),
          timestamp: new Date(deps.clock.now()).toISOString(),
          user: auditUser(actor),
          action: spec.action,
          resource: spec.resource(req, res),
          outcome: failed ? 'failure' : 'success',
          ...(customerId ? { customerId } : {}),
          ...(req.ip ? { ip: req.ip } : {}),
          ...detailOf(res, failed),
        })
        .catch((error: Error) => deps.logger.error('audit write failed', { action: spec.action, error: error.message }))
        .finally(() => end(...args));
      return res;
    }) as typeof res.end;
    next();
  };
}

/** A failure's code (and reason, such as the limit refused), or what a handler chose to note. */
function detailOf(res: Response, failed: boolean): { detail?: string } {
  const { errorCode, errorReason, auditDetail } = res.locals as Record<string, string | undefined>;
  if (failed && errorCode) return { detail: errorReason ? `${errorCode}: ${errorReason}` : errorCode };
  return auditDetail ? { detail: auditDetail } : {};
}
