import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { HeaderMap } from './proxyHeaders.ts';

/**
 * Connections to providers are kept alive and reused. The proxy talks node:http(s) rather than
 * fetch: measured, about a quarter less CPU per call, and bodies pass through as the provider
 * encoded them (fetch would decompress them).
 */
const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

export interface UpstreamCall {
  url: URL;
  method: string;
  headers: HeaderMap;
  body?: Buffer;
  timeoutMs: number;
}

/**
 * Sends one request; resolves with the provider's response (status, headers, a body stream) or
 * rejects. `onRequest` gets the request, so the caller can destroy it when its own client leaves.
 */
export function sendUpstream(call: UpstreamCall, onRequest: (request: ClientRequest) => void): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const https = call.url.protocol === 'https:';
    const headers = call.body ? { ...call.headers, 'content-length': String(call.body.length) } : call.headers;
    // Plain options, not the URL object: cheaper for Node to turn into a request.
    const options = {
      protocol: call.url.protocol,
      hostname: call.url.hostname.replace(/^\[|\]$/g, ''),
      port: call.url.port,
      path: `${call.url.pathname}${call.url.search}`,
      method: call.method,
      headers,
      agent: https ? httpsAgent : httpAgent,
    };
    const request = (https ? httpsRequest : httpRequest)(options, (response) => {
      response.once('close', () => clearTimeout(timer));
      resolve(response);
    });
    // The whole answer, body included, must arrive within the timeout.
    const timer = setTimeout(() => request.destroy(new Error('upstream timeout')), call.timeoutMs);
    request.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    onRequest(request);
    request.end(call.body);
  });
}
