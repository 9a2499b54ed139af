import { Agent, request, type Dispatcher } from 'undici';
import type { HeaderMap } from './proxyHeaders.ts';

/**
 * Connections to providers are kept alive and reused. The proxy sends with undici's `request`:
 * the client Node's own fetch is built on, without fetch's Web-streams layer. Measured against
 * node:http with a keep-alive agent, about a fifth less CPU per proxied call; like node:http (and
 * unlike fetch) it passes bodies on as the provider encoded them and does not follow redirects.
 */
const dispatcher = new Agent();

export interface UpstreamCall {
  url: URL;
  method: string;
  headers: HeaderMap;
  body?: Buffer;
}

/** The provider's answer: status, headers (names lowercase) and a body stream. */
export type UpstreamAnswer = Dispatcher.ResponseData;

/**
 * Sends one request; resolves with the provider's answer or rejects. Aborting `signal` ends the
 * request at any point, body included: when the caller leaves, or when time is up.
 */
export function sendUpstream(call: UpstreamCall, signal: AbortSignal): Promise<UpstreamAnswer> {
  return request(call.url, {
    method: call.method as Dispatcher.HttpMethod,
    headers: call.headers,
    body: call.body,
    signal,
    dispatcher,
  });
}
