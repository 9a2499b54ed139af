import type { RequestHandler } from 'express';
import { auditUser, type Actor } from '../auth/actor.ts';
import type { AppDeps } from '../deps.ts';
import { clientIp } from '../http/clientIp.ts';
import type { AnyRoute } from '../http/route.ts';
import { resolveLimits } from './planLimits.ts';
import { refuse } from './quota.ts';
import type { Refusal } from './refusal.ts';
import { secondsUntil } from './utcWindows.ts';

/** Whether a route counts against `requestsPerMinute`: every widget route unless it opts out, and routes that opt in. */
export const isRateLimited = (route: AnyRoute) => route.rateLimited ?? route.audience === 'widget';

/**
 * The IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers-10): the policy (quota `q` per
 * window `w` seconds) and what is left of it (`r` remaining, `t` seconds until the window resets).
 */
export function rateLimitHeaders(policy: string, quota: number, used: number, resetsAt: number, now: number) {
  return {
    'RateLimit-Policy': `"${policy}";q=${quota};w=60`,
    RateLimit: `"${policy}";r=${Math.max(0, quota - used)};t=${secondsUntil(resetsAt, now)}`,
  };
}

/**
 * Counts a widget or proxy call against the customer's `requestsPerMinute` (fixed windows on the
 * minute), sends the RateLimit fields on every answer, and refuses with 429 `rate_limited` past it.
 * Runs after authentication: the customer is the token's, or the path's `:id` on admin routes.
 */
export function requestRateLimit(route: AnyRoute, deps: AppDeps): RequestHandler {
  if (route.audience !== 'widget' && !route.path.includes(':id')) {
    throw new Error(`${route.path}: a rate-limited admin route needs the customer id as :id`);
  }
  return async (req, res, next) => {
    const actor = res.locals.actor as Actor;
    const customerId = actor.kind === 'widget' ? actor.customerId : (req.params as Record<string, string>).id;
    const { effective } = await resolveLimits(deps, customerId);
    const quota = effective.requestsPerMinute;
    const window = deps.rateLimits.requests.take(customerId, quota);
    res.set(rateLimitHeaders('default', quota, window.used, window.resetsAt, deps.clock.now()));
    if (window.allowed) return next();
    const refusal: Refusal = { customerId, limit: 'requestsPerMinute', value: quota, resetsAt: window.resetsAt };
    // A mutating route's own audit entry records the refusal; reads get one here
    const audit = route.audit
      ? undefined
      : { user: auditUser(actor), action: 'limit.exceed', resource: `customer/${customerId}`, ip: clientIp(req), context: `${req.method} ${route.path}` };
    throw await refuse(deps, refusal, { audit });
  };
}
