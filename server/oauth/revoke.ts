import type { StoredCredentials } from '../connections/storedCredentials.ts';
import type { AppDeps } from '../deps.ts';
import { findIntegration } from '../integrations/resolve.ts';
import type { ConnectionRecord } from '../store/records.ts';
import { oauthEndpoints, requireOAuthClient, type OAuthIntegration } from './endpoints.ts';
import { withClientAuth } from './tokenEndpoint.ts';

const timeoutMs = 5_000;

async function revokeOne(deps: AppDeps, integration: OAuthIntegration, url: string, token: string, hint: string) {
  const { headers, params } = withClientAuth(deps, integration, { token, token_type_hint: hint });
  headers.set('Content-Type', 'application/x-www-form-urlencoded');
  const response = await deps.fetch(url, {
    method: 'POST',
    headers,
    body: new URLSearchParams(params).toString(),
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.body?.cancel();
  if (!response.ok) deps.logger.warn('oauth revocation refused', { integration: integration.key, status: response.status });
}

/**
 * Tells the provider to revoke a deleted connection's tokens (RFC 7009), when the integration
 * has a revocation endpoint: the refresh token first (its grant), then the access token. Best
 * effort: the connection is gone whatever the provider answers, so failures are only logged.
 */
export async function revokeTokens(deps: AppDeps, connection: ConnectionRecord): Promise<void> {
  if (connection.authType !== 'oauth2') return;
  try {
    const found = await findIntegration(deps, connection.integration);
    if (!found?.oauth2?.revocationUrl || !found.oauth2.clientSecret) return;
    const integration = requireOAuthClient(found);
    const credentials = deps.secrets.openJson<StoredCredentials>(connection.credentials);
    if (credentials.type !== 'oauth2') return;
    const url = oauthEndpoints(integration, credentials.fields).revocationUrl!;
    if (credentials.refreshToken) await revokeOne(deps, integration, url, credentials.refreshToken, 'refresh_token');
    await revokeOne(deps, integration, url, credentials.accessToken, 'access_token');
  } catch (error) {
    deps.logger.warn('oauth revocation failed', { connectionId: connection.id, error: (error as Error).message });
  }
}
