import type { Request, Response } from 'express';
import { auditUser, type Actor } from '../auth/actor.ts';
import type { AppDeps } from '../deps.ts';
import { clientIp } from '../http/clientIp.ts';
import { newId } from '../ids.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Proxied calls that may change data at the provider are audited; reads are not, like everywhere. */
export const isAudited = (method: string) => !safeMethods.has(method);

/**
 * `connection.proxy` with the method, the path (never the query: it may carry secrets) and the
 * provider's status, or the error code when the call did not reach the provider.
 */
export function auditProxyCall(deps: AppDeps, req: Request, res: Response, connectionId: string, outcome: { status?: number; errorCode?: string }) {
  const path = req.path.replace(/^\/v1\/customers\/[^/]+\/connections\/[^/]+\/proxy/, '') || '/';
  const failed = outcome.errorCode !== undefined || (outcome.status ?? 0) >= 400;
  return deps.store.audit.append({
    id: newId('aud'),
    timestamp: new Date(deps.clock.now()).toISOString(),
    user: auditUser(res.locals.actor as Actor | undefined),
    action: 'connection.proxy',
    resource: `connection/${connectionId}`,
    outcome: failed ? 'failure' : 'success',
    customerId: req.params.id as string,
    ip: clientIp(req),
    detail: `${req.method} ${path} → ${outcome.errorCode ?? outcome.status}`,
  });
}
