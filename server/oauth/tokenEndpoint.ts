import type { AppDeps } from '../deps.ts';
import { oauthEndpoints, type OAuthIntegration } from './endpoints.ts';
import { parseTokenResponse, TokenEndpointError, type TokenResponse } from './tokenResponse.ts';

const timeoutMs = 15_000;
/** Form-encoding of client credentials before HTTP Basic (RFC 6749 §2.3.1). */
const formEncode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');

/**
 * Adds the client's authentication to a token or revocation request: HTTP Basic by default,
 * or `client_id` and `client_secret` in the body for providers that want them there.
 */
export function withClientAuth(deps: Pick<AppDeps, 'secrets'>, integration: OAuthIntegration, params: Record<string, string>) {
  const { clientId, clientSecret, clientAuth } = integration.oauth2;
  const secret = deps.secrets.open(clientSecret);
  const headers = new Headers({ Accept: 'application/json' });
  if (clientAuth === 'client_secret_post') return { headers, params: { ...params, client_id: clientId, client_secret: secret } };
  headers.set('Authorization', `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(secret)}`).toString('base64')}`);
  return { headers, params };
}

/** POSTs one grant (authorization code or refresh token) to the token endpoint. */
export async function requestTokens(
  deps: Pick<AppDeps, 'secrets' | 'fetch'>,
  integration: OAuthIntegration,
  grant: Record<string, string>,
  fields?: Record<string, string>,
): Promise<TokenResponse> {
  const { tokenUrl } = oauthEndpoints(integration, fields);
  const { headers, params } = withClientAuth(deps, integration, grant);
  const json = integration.oauth2.tokenRequestFormat === 'json';
  headers.set('Content-Type', json ? 'application/json' : 'application/x-www-form-urlencoded');
  let response: Response;
  let text: string;
  try {
    response = await deps.fetch(tokenUrl, {
      method: 'POST',
      headers,
      body: json ? JSON.stringify(params) : new URLSearchParams(params).toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch {
    throw new TokenEndpointError('unreachable', `${integration.name} could not be reached.`, true);
  }
  return parseTokenResponse(response.status, response.headers.get('content-type') ?? '', text, integration.oauth2.accountField);
}
