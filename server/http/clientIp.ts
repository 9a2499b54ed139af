import type { Request } from 'express';

const cached = Symbol('clientIp');
type WithClientIp = Request & { [cached]?: string };

/**
 * The client address: the socket's, unless `HITCH_TRUST_PROXY` says which proxies to believe.
 * A request's limits, audit entry and logs all read it, so it is worked out once per request.
 */
export function clientIp(req: Request): string {
  return ((req as WithClientIp)[cached] ??= readClientIp(req));
}

function readClientIp(req: Request): string {
  // With no proxy trusted, Express's req.ip would parse X-Forwarded-For only to end at the socket
  const ip = req.app.enabled('trust proxy') ? req.ip : req.socket.remoteAddress;
  return (ip ?? 'unknown').replace(/^::ffff:/, '');
}
