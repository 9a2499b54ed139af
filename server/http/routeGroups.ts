import express, { type RequestHandler, type Router } from 'express';

/**
 * Routers by the first two segments of their routes' paths (`/v1/customers`, `/v1/widget`,
 * `/healthz`…). Express tries a router's routes one by one, so a request is matched against its
 * own group's handful of routes rather than all of them. A path can only match routes of its own
 * group, so the order within each group is the only order that matters.
 */
export class RouteGroups {
  #groups = new Map<string, Router>();

  /** The router for routes at `path` (an Express route path whose first two segments are literal). */
  routerFor(path: string): Router {
    const key = groupOf(path);
    if (/[:*{}()]/.test(key)) throw new Error(`Route ${path}: the first two path segments must be literal`);
    let router = this.#groups.get(key);
    if (!router) this.#groups.set(key, (router = express.Router()));
    return router;
  }

  /** Hands each request to its group's router; a path of no group goes on to what follows. */
  dispatch(): RequestHandler {
    return (req, res, next) => {
      const router = this.#groups.get(groupOf(req.path));
      if (router) router(req, res, next);
      else next();
    };
  }
}

// As Express matches: case-insensitive, and a trailing slash does not count
const groupOf = (path: string) => path.split('/', 3).filter(Boolean).join('/').toLowerCase();
