import { freshCredentials } from '../../connections/freshCredentials.ts';
import { addUpstreamAuth, apiBaseFor } from '../../connections/upstreamRequest.ts';
import type { AppDeps } from '../../deps.ts';
import { findIntegration } from '../../integrations/resolve.ts';
import type { ConnectionRecord } from '../../store/records.ts';
import type { WorkflowConnection } from './defineWorkflow.ts';
import { fetchWithinOrigin } from './followWithinOrigin.ts';

/**
 * `ctx.connection.fetch`: a call to the integration's API as this connection. Credentials are
 * read through `freshCredentials` on every call, so expiring OAuth tokens are refreshed there.
 * Redirects are followed on the API's origin only (see `fetchWithinOrigin`): the credentials
 * never reach another origin.
 */
export function connectionFetch(deps: AppDeps, connection: ConnectionRecord, runSignal: AbortSignal): WorkflowConnection['fetch'] {
  return async (path, init = {}) => {
    const integration = await findIntegration(deps, connection.integration);
    if (!integration) throw new Error(`The integration "${connection.integration}" is not configured.`);
    const { credentials } = await freshCredentials(deps, connection.customerId, connection.id);
    const base = apiBaseFor(integration, credentials);
    if (!base) throw new Error(`The integration "${integration.key}" has no apiBaseUrl to call.`);
    const url = upstreamUrl(base, path);
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(integration.apiHeaders ?? {})) if (!headers.has(name)) headers.set(name, value);
    const addAuth = (to: URL, toHeaders: Headers) => addUpstreamAuth(integration, credentials, to, toHeaders);
    addAuth(url, headers);
    const signal = init.signal ? AbortSignal.any([init.signal, runSignal]) : runSignal;
    return fetchWithinOrigin(deps.fetch, url, { ...init, headers, signal }, addAuth);
  };
}

/** `path` joined to the API base; an absolute URL must be on the API's origin, so auth never leaves it. */
function upstreamUrl(base: string, path: string): URL {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(path)) return new URL(`${base}${path.startsWith('/') ? '' : '/'}${path}`);
  const url = new URL(path);
  if (url.origin !== new URL(base).origin) throw new Error(`connection.fetch: ${url.origin} is not the integration's API (${new URL(base).origin}).`);
  return url;
}
