import type { IncomingHttpHeaders } from 'node:http';

/** RFC 9110 §7.6.1: headers that concern one hop only. */
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * Never forwarded upstream: hop-by-hop headers, the caller's own credentials (its admin key is
 * in `Authorization`), the host and length (set for the upstream request), and forwarding headers
 * a caller could forge.
 */
const notForwarded = new Set([
  ...hopByHop,
  'host',
  'authorization',
  'cookie',
  'content-length',
  'expect',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
]);

/** Headers a `Connection` header names are hop-by-hop too. */
const listedIn = (connection: string | string[] | undefined) =>
  new Set(
    String(connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );

export type HeaderMap = Record<string, string | string[]>;

/** The caller's headers that may go upstream (names lowercase, as Node gives them). */
export function upstreamRequestHeaders(incoming: IncomingHttpHeaders): HeaderMap {
  const listed = listedIn(incoming.connection);
  const headers: HeaderMap = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined && !notForwarded.has(name) && !listed.has(name)) headers[name] = value;
  }
  return headers;
}

/**
 * The provider's response headers for the caller: without hop-by-hop headers and without cookies
 * (a provider session belongs to the connection, like its tokens). The body is passed on as
 * sent, so its encoding and length headers stay.
 */
export function callerResponseHeaders(upstream: Record<string, string | string[] | undefined>): HeaderMap {
  const listed = listedIn(upstream.connection);
  const headers: HeaderMap = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value !== undefined && !hopByHop.has(name) && !listed.has(name) && name !== 'set-cookie') headers[name] = value;
  }
  return headers;
}
