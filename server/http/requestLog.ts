import type { RequestHandler } from 'express';
import type { Logger } from './logger.ts';

/** One line per request: method, path without its query (it may carry OAuth codes), status, time. */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    // Read now: a mounted router leaves req.path relative to its mount point once it answers
    const path = req.path;
    res.on('finish', () => {
      logger.info('request', {
        method: req.method,
        path,
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      });
    });
    next();
  };
}
