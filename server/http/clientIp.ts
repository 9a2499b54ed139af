import type { Request } from 'express';

const addresses = new WeakMap<Request, string>();

/**
 * The client address: the socket's, unless `HITCH_TRUST_PROXY` says which proxies to believe.
 * Express works `req.ip` out anew (parsing `X-Forwarded-For`) on every read; a request's
 * limits, audit entry and logs read it several times, so it is worked out once per request.
 */
export function clientIp(req: Request): string {
  let ip = addresses.get(req);
  if (ip === undefined) {
    ip = (req.ip ?? req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
    addresses.set(req, ip);
  }
  return ip;
}
