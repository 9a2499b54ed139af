import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Where Hitch serves pages and their assets rather than API answers. */
const pagePrefixes = ['/v1/docs', '/demo', '/oauth', '/widget'];

const isPage = (path: string) => pagePrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/**
 * Security headers. Pages get helmet's defaults (a widget script is loaded from other sites, so
 * no Cross-Origin-Resource-Policy). API answers, which are never rendered, get the set OWASP's
 * REST Security Cheat Sheet gives for APIs: a CSP that allows nothing and no framing at all,
 * nosniff, HSTS, no referrer and no caching (their bodies hold tokens and credentials; a route
 * that may be cached, like the JWKS, says so itself). Fewer headers also cost less on every call.
 */
export function securityHeaders(): RequestHandler {
  const pageHeaders = helmet({ crossOriginResourcePolicy: false });
  const apiHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    xFrameOptions: { action: 'deny' },
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
  return (req, res, next) => {
    if (isPage(req.path.toLowerCase())) return pageHeaders(req, res, next);
    res.setHeader('Cache-Control', 'no-store');
    apiHeaders(req, res, next);
  };
}
