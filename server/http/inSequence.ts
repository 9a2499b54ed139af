import type { NextFunction, RequestHandler } from 'express';

/**
 * Runs request handlers one after another as a single Express handler, so a route's steps
 * (audit, authentication, limits, body, validation, handler) cost the router one layer, not one
 * each. As in Express, an error passed to `next`, thrown, or rejected skips to the error handlers.
 */
export function inSequence(handlers: readonly RequestHandler[]): RequestHandler {
  return (req, res, done) => {
    let index = 0;
    const next = ((error?: unknown) => {
      if (error) return done(error);
      const handler = handlers[index++];
      if (!handler) return done();
      try {
        const result: unknown = handler(req, res, next);
        if (result instanceof Promise) result.catch((reason: unknown) => done(reason ?? new Error('Rejected promise')));
      } catch (thrown) {
        done(thrown);
      }
    }) as NextFunction;
    next();
  };
}
