import type { RequestHandler } from 'express';
import type { AppDeps } from '../deps.ts';
import { HitchError } from '../errors.ts';
import { authenticateAdminKey } from './adminKeys.ts';
import { bearerToken } from './bearer.ts';

/** Admin API: `Authorization: Bearer <admin key>`. A widget token is never accepted here. */
export function adminAuth(deps: AppDeps): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req);
    if (!token) throw new HitchError('unauthorized', 'An admin API key is required: Authorization: Bearer <key>.');
    res.locals.actor = await authenticateAdminKey(deps, token);
    next();
  };
}
