import type { RequestHandler } from 'express';
import type { AppDeps } from '../deps.ts';
import { HitchError } from '../errors.ts';
import type { WidgetScope } from '../schemas/tokens.ts';
import type { WidgetActor } from './actor.ts';
import { bearerToken } from './bearer.ts';
import { verifyWidgetToken } from './widgetTokens.ts';

/** Widget API: `Authorization: Bearer <widget token>`. An admin key is never accepted here. */
export function widgetAuth(deps: AppDeps): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req);
    if (!token) throw new HitchError('unauthorized', 'A widget token is required: Authorization: Bearer <token>.');
    res.locals.actor = await verifyWidgetToken(deps, token, req.headers.origin);
    next();
  };
}

/** Refuses a widget token that lacks `scope` with 403. */
export function requireScope(scope: WidgetScope): RequestHandler {
  return (_req, res, next) => {
    const actor = res.locals.actor as WidgetActor;
    if (!actor.scopes.includes(scope)) throw new HitchError('forbidden', `The widget token lacks the scope ${scope}.`);
    next();
  };
}

/**
 * CORS for the widget API. Tokens travel in the Authorization header, never in cookies, so
 * reflecting the Origin grants nothing by itself: `widgetAuth` checks it against the token's
 * `origins`. Preflights carry no token, so they are answered for any origin.
 */
export const widgetCors: RequestHandler = (req, res, next) => {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After, RateLimit, RateLimit-Policy');
  }
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, DELETE');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    res.setHeader('Access-Control-Max-Age', '600');
    return void res.status(204).end();
  }
  next();
};
