import express, { type RequestHandler } from 'express';
import { adminAuth } from '../auth/adminAuth.ts';
import { requireScope, widgetAuth } from '../auth/widgetAuth.ts';
import type { AppDeps } from '../deps.ts';
import { anyFailure, guardAuthentication, notSignedByHitch } from '../limits/abuseGuard.ts';
import { isRateLimited, requestRateLimit } from '../limits/requestRateLimit.ts';
import { auditTrail } from './auditTrail.ts';
import { inSequence } from './inSequence.ts';
import { Reply, type AnyRoute } from './route.ts';
import { RouteGroups } from './routeGroups.ts';
import { settlePendingWrites } from './pendingWrites.ts';
import { parseInput } from './validate.ts';

const bodyMethods = new Set(['post', 'put', 'patch', 'all']);

/**
 * Builds Express routes from route definitions: audit trail first (so failures are recorded
 * too), then authentication (guarded against guessing), scope, the per-minute limit, body
 * parsing, validation and the handler. Returns the handler that routes requests to them.
 */
export function apiRouter(routes: readonly AnyRoute[], deps: AppDeps): RequestHandler {
  const groups = new RouteGroups();
  // Guessed credentials count per IP; past the limit an address's guesses get 429, a valid credential still passes
  const authFor = {
    admin: guardAuthentication(adminAuth(deps), deps, anyFailure),
    widget: guardAuthentication(widgetAuth(deps), deps, notSignedByHitch),
  };
  for (const route of routes) {
    const chain: RequestHandler[] = [];
    if (route.customerScoped) chain.push((req, res, next) => ((res.locals.auditCustomerId = req.params.id), next()));
    if (route.audit) chain.push(auditTrail(route.audit, deps));
    if (route.audience !== 'public') chain.push(authFor[route.audience]);
    if (route.scope) chain.push(requireScope(route.scope));
    if (isRateLimited(route)) chain.push(requestRateLimit(route, deps));
    if (route.body && bodyMethods.has(route.method)) chain.push(express.json({ limit: route.bodyLimit ?? '64kb' }));
    if (route.rawBody && bodyMethods.has(route.method)) chain.push(express.raw({ type: () => true, limit: route.bodyLimit ?? '64kb' }));
    chain.push(handle(route, deps));
    groups.routerFor(route.path)[route.method](route.path, inSequence(chain));
  }
  return groups.dispatch();
}

function handle(route: AnyRoute, deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const context = {
      params: route.params ? parseInput(route.params, req.params, 'params') : undefined,
      query: route.query ? parseInput(route.query, req.query, 'query') : undefined,
      body: route.body ? parseInput(route.body, req.body, 'body') : undefined,
      actor: res.locals.actor,
      deps,
      req,
      res,
    };
    const result = await route.handler(context);
    // With an audit trail, registered writes are awaited beside the audit entry (auditTrail.ts)
    if (!route.audit) {
      const failedWrite = await settlePendingWrites(res);
      if (failedWrite) throw failedWrite;
    }
    if (res.headersSent) return;
    const { status, body } = result instanceof Reply ? result : { status: route.status, body: result };
    if (body === undefined) res.status(status).end();
    else res.status(status).json(body);
  };
}
