import type { AppDeps } from '../deps.ts';
import { HitchError } from '../errors.ts';
import type { ResolvedIntegration } from '../integrations/resolve.ts';
import type { StoredCredentials } from './storedCredentials.ts';
import { addUpstreamAuth, apiBaseFor, fillPlaceholders } from './upstreamRequest.ts';

const testTimeoutMs = 10_000;

/**
 * Runs the integration's `test` request with new credentials before they are saved.
 * A refusal by the provider is the user's to fix (400); an unreachable provider is not (502).
 */
export async function testCredentials(deps: Pick<AppDeps, 'fetch'>, integration: ResolvedIntegration, credentials: StoredCredentials) {
  const base = apiBaseFor(integration, credentials);
  if (!integration.test || !base) return;
  const { url, headers } = credentialedRequest(integration, integration.test.path, base, credentials);
  let response: Response;
  try {
    response = await deps.fetch(url, {
      method: integration.test.method,
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(testTimeoutMs),
    });
    await response.body?.cancel();
  } catch {
    throw new HitchError('upstream_error', `${integration.name} could not be reached to check these credentials.`);
  }
  if (!response.ok) {
    throw new HitchError('validation_failed', `${integration.name} did not accept these credentials.`, {
      errors: [{ path: 'credentials', message: `${integration.name} refused them (HTTP ${response.status})` }],
    });
  }
}

/**
 * The URL and headers of a request made with new credentials (the test request, the account
 * request). Credentials that no URL or header can carry fail like a refusal, and the error never
 * quotes them (URL and header errors would).
 */
export function credentialedRequest(integration: ResolvedIntegration, path: string, base: string, credentials: StoredCredentials) {
  try {
    const url = new URL(base + fillPlaceholders(path, credentials.fields));
    const headers = new Headers({ Accept: 'application/json' });
    addUpstreamAuth(integration, credentials, url, headers);
    return { url, headers };
  } catch {
    throw new HitchError('validation_failed', `These credentials cannot be sent to ${integration.name}.`, {
      errors: [{ path: 'credentials', message: 'hold a character that a URL or an HTTP header cannot carry' }],
    });
  }
}
