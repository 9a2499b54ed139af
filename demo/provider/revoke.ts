/**
 * `POST /revoke` (RFC 7009). Once the client has authenticated, the answer is always 200: an
 * unknown or already revoked token is no error, so the endpoint tells nothing about tokens.
 */
import type { RequestHandler } from 'express';
import { authenticateClient, type RegisteredClient } from './clientAuth.ts';
import { sendOAuthError } from './oauthError.ts';
import type { TokenStore } from './tokenStore.ts';

export function revocationEndpoint(clients: ReadonlyMap<string, RegisteredClient>, store: TokenStore): RequestHandler {
  return (req, res) => {
    if (!req.is('application/x-www-form-urlencoded')) {
      return sendOAuthError(res, 'invalid_request', 'Send application/x-www-form-urlencoded.');
    }
    const auth = authenticateClient(req, clients);
    if (!auth.ok) return sendOAuthError(res, auth.error, auth.description);
    const token = (req.body as Record<string, unknown>).token;
    if (typeof token !== 'string' || token === '') return sendOAuthError(res, 'invalid_request', 'token is required.');
    // token_type_hint is optional and only an optimisation (RFC 7009 §2.1): both kinds are looked up.
    store.revoke(token, auth.client.id);
    res.set('Cache-Control', 'no-store').status(200).end();
  };
}
