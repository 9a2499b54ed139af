/**
 * Checks an authorization request (RFC 6749 §4.1.1 with PKCE, RFC 7636 §4.3). Until the client
 * and its redirect URI are known good, an error is shown to the user, never redirected
 * (§4.1.2.1): otherwise the endpoint would be an open redirector.
 */
import type { RegisteredClient } from './clientAuth.ts';

export interface AuthorizationRequest {
  client: RegisteredClient;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  scopes: string[];
}

export type AuthorizeCheck =
  | { kind: 'ok'; request: AuthorizationRequest }
  | { kind: 'show-error'; message: string }
  | { kind: 'redirect-error'; redirectUri: string; state?: string; error: string; description: string };

/** An S256 challenge is the base64url SHA-256 of the verifier: always 43 characters. */
const s256Challenge = /^[A-Za-z0-9_-]{43}$/;

/** A parameter's value; repeated parameters are caught beforehand (RFC 6749 §3.1). */
function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const isRepeated = (query: Record<string, unknown>, name: string) => Array.isArray(query[name]);

function isAbsoluteHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hash === '';
  } catch {
    return false;
  }
}

export function checkAuthorizeRequest(
  query: Record<string, unknown>,
  clients: ReadonlyMap<string, RegisteredClient>,
  supportedScopes: readonly string[],
): AuthorizeCheck {
  if (isRepeated(query, 'client_id') || isRepeated(query, 'redirect_uri')) {
    return { kind: 'show-error', message: 'The request repeats client_id or redirect_uri.' };
  }
  const clientId = single(query, 'client_id');
  const client = clientId === undefined ? undefined : clients.get(clientId);
  if (!client) return { kind: 'show-error', message: 'This app is not registered with Acme CRM.' };
  const redirectUri = single(query, 'redirect_uri');
  if (!redirectUri || !isAbsoluteHttpUrl(redirectUri)) {
    return { kind: 'show-error', message: 'The app sent no valid redirect address (an absolute http or https URL).' };
  }
  if (client.redirectUris && !client.redirectUris.includes(redirectUri)) {
    return { kind: 'show-error', message: 'The app asked to return to an address it has not registered.' };
  }

  const state = single(query, 'state');
  const fail = (error: string, description: string): AuthorizeCheck => ({ kind: 'redirect-error', redirectUri, state, error, description });
  if (Object.keys(query).some((name) => isRepeated(query, name))) return fail('invalid_request', 'A parameter is repeated.');
  if (single(query, 'response_type') !== 'code') return fail('unsupported_response_type', 'Only response_type=code is supported.');
  if (!state) return fail('invalid_request', 'state is required.');
  const codeChallenge = single(query, 'code_challenge');
  if (single(query, 'code_challenge_method') !== 'S256' || !codeChallenge || !s256Challenge.test(codeChallenge)) {
    return fail('invalid_request', 'PKCE is required: code_challenge with code_challenge_method=S256.');
  }
  const scope = single(query, 'scope');
  const scopes = scope ? [...new Set(scope.split(' ').filter(Boolean))] : [...supportedScopes];
  const unknown = scopes.filter((name) => !supportedScopes.includes(name));
  if (unknown.length > 0 || scopes.length === 0) return fail('invalid_scope', `Unknown scope: ${unknown.join(' ')}`);

  return { kind: 'ok', request: { client, redirectUri, state, codeChallenge, scopes } };
}
