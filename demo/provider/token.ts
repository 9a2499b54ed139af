/**
 * `POST /token` (RFC 6749 §3.2): the authorization code grant with PKCE S256 (RFC 7636) and
 * the refresh token grant with rotation. Form-encoded in, JSON out, never cached.
 */
import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { authenticateClient, type RegisteredClient } from './clientAuth.ts';
import { sendOAuthError } from './oauthError.ts';
import type { IssuedTokens, TokenStore } from './tokenStore.ts';

/** RFC 7636 §4.1: 43–128 characters of the unreserved set. */
const verifierSyntax = /^[A-Za-z0-9\-._~]{43,128}$/;

const s256 = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest('base64url');

function field(req: Request, name: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function sendTokens(res: Response, tokens: IssuedTokens): void {
  res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).json({
    access_token: tokens.accessToken,
    token_type: 'Bearer',
    expires_in: tokens.expiresIn,
    refresh_token: tokens.refreshToken,
    scope: tokens.scopes.join(' '),
  });
}

function exchangeCode(req: Request, res: Response, client: RegisteredClient, store: TokenStore): void {
  const code = field(req, 'code');
  const redirectUri = field(req, 'redirect_uri');
  const verifier = field(req, 'code_verifier');
  if (!code || !redirectUri || !verifier) {
    return sendOAuthError(res, 'invalid_request', 'code, redirect_uri and code_verifier are required.');
  }
  // Redeemed before any check: a code is good for one attempt, right or wrong.
  const found = store.redeemCode(code);
  if (!found || found.grant.clientId !== client.id) {
    return sendOAuthError(res, 'invalid_grant', 'The code is unknown, expired or already used.');
  }
  if (found.redirectUri !== redirectUri) {
    return sendOAuthError(res, 'invalid_grant', 'redirect_uri does not match the authorization request.');
  }
  if (!verifierSyntax.test(verifier) || s256(verifier) !== found.codeChallenge) {
    return sendOAuthError(res, 'invalid_grant', 'The PKCE code_verifier does not match the code_challenge.');
  }
  sendTokens(res, store.issueTokens(found.grant));
}

function refresh(req: Request, res: Response, client: RegisteredClient, store: TokenStore): void {
  const refreshToken = field(req, 'refresh_token');
  if (!refreshToken) return sendOAuthError(res, 'invalid_request', 'refresh_token is required.');
  const requestedScopes = field(req, 'scope')?.split(' ').filter(Boolean);
  const result = store.rotateRefreshToken(refreshToken, client.id, requestedScopes);
  if (result === 'invalid_scope') return sendOAuthError(res, 'invalid_scope', 'A refresh cannot add scopes.');
  if (result === 'invalid_grant') {
    return sendOAuthError(res, 'invalid_grant', 'The refresh token is unknown, expired, revoked or already used.');
  }
  sendTokens(res, result);
}

export function tokenEndpoint(clients: ReadonlyMap<string, RegisteredClient>, store: TokenStore): RequestHandler {
  return (req, res) => {
    if (!req.is('application/x-www-form-urlencoded')) {
      return sendOAuthError(res, 'invalid_request', 'Send application/x-www-form-urlencoded.');
    }
    const auth = authenticateClient(req, clients);
    if (!auth.ok) return sendOAuthError(res, auth.error, auth.description);
    const grantType = field(req, 'grant_type');
    if (grantType === 'authorization_code') return exchangeCode(req, res, auth.client, store);
    if (grantType === 'refresh_token') return refresh(req, res, auth.client, store);
    if (!grantType) return sendOAuthError(res, 'invalid_request', 'grant_type is required.');
    sendOAuthError(res, 'unsupported_grant_type', 'Only authorization_code and refresh_token are supported.');
  };
}
