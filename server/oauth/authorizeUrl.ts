import type { OAuthIntegration } from './endpoints.ts';
import { oauthEndpoints } from './endpoints.ts';
import { s256Challenge } from './pkce.ts';

export interface AuthorizeRequest {
  redirectUri: string;
  state: string;
  verifier: string;
  fields?: Record<string, string>;
}

/**
 * The provider's authorize URL: the integration's extra parameters first (Google's
 * `access_type=offline`, Slack's `user_scope`), then the protocol's own, which they cannot override.
 */
export function authorizeUrl(integration: OAuthIntegration, request: AuthorizeRequest): string {
  const { oauth2 } = integration;
  const url = new URL(oauthEndpoints(integration, request.fields).authorizationUrl);
  for (const [name, value] of Object.entries(oauth2.authorizeParams ?? {})) url.searchParams.set(name, value);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', oauth2.clientId);
  url.searchParams.set('redirect_uri', request.redirectUri);
  if (oauth2.scopes?.length) url.searchParams.set('scope', oauth2.scopes.join(oauth2.scopeSeparator ?? ' '));
  url.searchParams.set('state', request.state);
  url.searchParams.set('code_challenge', s256Challenge(request.verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return url.href;
}
