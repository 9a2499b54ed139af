import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { freshCredentials } from '../connections/freshCredentials.ts';
import { addUpstreamAuth, apiBaseFor } from '../connections/upstreamRequest.ts';
import type { AppDeps } from '../deps.ts';
import { HitchError } from '../errors.ts';
import { findIntegration } from '../integrations/resolve.ts';
import { auditProxyCall, isAudited } from './proxyAudit.ts';
import { callerResponseHeaders, upstreamRequestHeaders } from './proxyHeaders.ts';
import { sendUpstream, type UpstreamAnswer, type UpstreamCall } from './sendUpstream.ts';
import { proxiedPathAndQuery, upstreamUrl } from './upstreamUrl.ts';

/** Time allowed for the provider's whole answer. */
const upstreamTimeoutMs = 30_000;
/** Bodies up to this size with a known length are relayed whole: cheaper than a stream. */
const wholeBodyLimit = 256 * 1024;

/** The upstream call: the caller's method, path, query, headers and body, with the connection's auth. */
async function upstreamCall(deps: AppDeps, req: Request, res: Response, customerId: string, connectionId: string) {
  const { connection, credentials } = await freshCredentials(deps, customerId, connectionId);
  const integration = await findIntegration(deps, connection.integration);
  const base = integration && apiBaseFor(integration, credentials);
  if (!integration || !base) throw new HitchError('conflict', `The integration "${connection.integration}" has no apiBaseUrl to proxy to.`);
  const url = upstreamUrl(base, proxiedPathAndQuery(req.originalUrl));
  const headers = upstreamRequestHeaders(req.headers);
  // Replaces any header of the same name the caller sent (a forged X-Api-Key, say).
  addUpstreamAuth(integration, credentials, url, { set: (name, value) => void (headers[name.toLowerCase()] = value) });
  const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : undefined;
  const call: UpstreamCall = { url, method: req.method, headers, body };
  return { integration, call };
}

/** Relays the provider's answer: status, headers and body as it sent them. */
async function relay(upstream: UpstreamAnswer, res: Response) {
  res.writeHead(upstream.statusCode, callerResponseHeaders(upstream.headers));
  const length = Number(upstream.headers['content-length']);
  if (length <= wholeBodyLimit) return void res.end(Buffer.from(await upstream.body.arrayBuffer()));
  await pipeline(upstream.body, res);
}

/** Ends the upstream call when the caller leaves before its answer is sent, or when time is up. */
function upstreamLifetime(res: Response): AbortSignal {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('upstream timeout')), upstreamTimeoutMs);
  res.once('close', () => {
    clearTimeout(timer);
    if (!res.writableFinished) controller.abort(new Error('caller left'));
  });
  return controller.signal;
}

/**
 * `ANY …/connections/:connectionId/proxy/*path`: forwards the call to the integration's API and
 * passes the provider's answer back. Redirects are passed on, not followed; a provider that
 * cannot be reached is a 502 `upstream_error`.
 */
export async function forwardToUpstream(deps: AppDeps, req: Request, res: Response, customerId: string, connectionId: string) {
  const audited = isAudited(req.method);
  let upstream: UpstreamAnswer;
  try {
    const { integration, call } = await upstreamCall(deps, req, res, customerId, connectionId);
    upstream = await sendUpstream(call, upstreamLifetime(res)).catch(() => {
      throw new HitchError('upstream_error', `${integration.name} could not be reached.`);
    });
  } catch (error) {
    if (audited) await auditProxyCall(deps, req, res, connectionId, { errorCode: (error as HitchError).code ?? 'internal' });
    throw error;
  }
  if (audited) {
    await auditProxyCall(deps, req, res, connectionId, { status: upstream.statusCode }).catch((error: unknown) => {
      // The answer will not be relayed: free the provider's connection now
      upstream.body.destroy();
      throw error;
    });
  }
  // A provider that fails mid-body can only be reported by cutting the answer short.
  await relay(upstream, res).catch(() => res.destroy());
}
