import { HitchError } from '../errors.ts';

const proxyTarget = /^\/v1\/customers\/[^/?#]+\/connections\/[^/?#]+\/proxy(\/[^?#]*)?(\?[^#]*)?$/;

/**
 * An encoded slash or backslash in the path. Hitch's URL parser leaves it inside a segment, but
 * a provider (or a proxy in front of it) that decodes it before routing would see `/../`: the
 * caller could climb out of the API base behind Hitch's check.
 */
const encodedSeparator = /%(2f|5c)/i;

/** What follows `/proxy` in the request target: path and query exactly as the caller encoded them. */
export function proxiedPathAndQuery(originalUrl: string): string {
  const match = proxyTarget.exec(originalUrl);
  if (!match) throw new HitchError('validation_failed', 'The proxied path is not valid.');
  const path = match[1] ?? '/';
  if (encodedSeparator.test(path)) {
    throw new HitchError('validation_failed', 'The proxied path may not hold an encoded slash or backslash (%2F, %5C).', {
      errors: [{ path: 'path', message: 'must not contain %2F or %5C' }],
    });
  }
  return `${path}${match[2] ?? ''}`;
}

/**
 * The upstream URL: the API base plus the proxied path. The path may not leave the base, by
 * `..` or its encodings (the URL parser resolves them), so a caller reaches only that API.
 */
export function upstreamUrl(apiBase: string, pathAndQuery: string): URL {
  const base = new URL(apiBase);
  const prefix = base.pathname.replace(/\/+$/, '');
  const url = new URL(`${base.origin}${prefix}${pathAndQuery}`);
  if (url.origin !== base.origin || !(url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))) {
    throw new HitchError('validation_failed', "The proxied path must stay under the integration's API base.");
  }
  return url;
}
