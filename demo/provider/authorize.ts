/**
 * The authorization endpoint: `GET /authorize` checks the request and shows the consent page;
 * `POST /authorize/decision` (a plain form post) redirects back to the client with a code, or
 * with `error=access_denied`. Both redirects carry `iss` (RFC 9207).
 */
import { randomBytes } from 'node:crypto';
import express, { Router, type Response } from 'express';
import type { Clock } from '../../server/clock.ts';
import { checkAuthorizeRequest, type AuthorizationRequest } from './authorizeRequest.ts';
import type { RegisteredClient } from './clientAuth.ts';
import { renderConsentPage, renderErrorPage } from './consentPage.ts';
import type { ContactBook } from './contactBook.ts';
import type { TokenStore } from './tokenStore.ts';

/** How long the consent page may stay open before its decision is refused. */
const consentLifetimeMs = 10 * 60 * 1000;
const defaultUserName = 'Demo user';

export interface AuthorizeOptions {
  issuer: string;
  basePath: string;
  clients: ReadonlyMap<string, RegisteredClient>;
  scopes: readonly string[];
  tokens: TokenStore;
  contacts: ContactBook;
  clock: Clock;
}

function redirectWith(res: Response, redirectUri: string, params: Record<string, string | undefined>): void {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  // 303: the browser follows with a GET, whatever method brought it here.
  res.redirect(303, url.href);
}

/** Headers of a page: nothing but our stylesheet, forms only to us and the client, never framed. */
function sendPage(res: Response, status: number, html: string, formTarget?: string): void {
  const formAction = formTarget ? `'self' ${formTarget}` : "'none'";
  res
    .status(status)
    .set({
      'Content-Security-Policy': `default-src 'none'; style-src 'self'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    })
    .type('html')
    .send(html);
}

export function authorizeRoutes(options: AuthorizeOptions): Router {
  const { issuer, basePath, clients, tokens, contacts, clock } = options;
  const pending = new Map<string, { request: AuthorizationRequest; expiresAt: number }>();
  const router = Router();

  router.get('/authorize', (req, res) => {
    const check = checkAuthorizeRequest(req.query as Record<string, unknown>, clients, options.scopes);
    if (check.kind === 'show-error') return sendPage(res, 400, renderErrorPage(basePath, check.message));
    if (check.kind === 'redirect-error') {
      const { error, description, state } = check;
      return redirectWith(res, check.redirectUri, { error, error_description: description, state, iss: issuer });
    }
    for (const [id, entry] of pending) if (entry.expiresAt <= clock.now()) pending.delete(id);
    const consentId = randomBytes(24).toString('base64url');
    pending.set(consentId, { request: check.request, expiresAt: clock.now() + consentLifetimeMs });
    const redirectOrigin = new URL(check.request.redirectUri).origin;
    const html = renderConsentPage({
      basePath,
      appName: check.request.client.name,
      consentId,
      scopes: check.request.scopes,
      redirectOrigin,
    });
    sendPage(res, 200, html, redirectOrigin);
  });

  router.post('/authorize/decision', express.urlencoded({ extended: false, limit: '16kb' }), (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const consentId = typeof body.consent_id === 'string' ? body.consent_id : '';
    const entry = pending.get(consentId);
    pending.delete(consentId); // one decision per consent page
    if (!entry || entry.expiresAt <= clock.now()) {
      return sendPage(res, 400, renderErrorPage(basePath, 'This consent page has expired or was already used.'));
    }
    const { request } = entry;
    if (body.decision !== 'allow') {
      const params = { error: 'access_denied', error_description: 'The user denied access.', state: request.state, iss: issuer };
      return redirectWith(res, request.redirectUri, params);
    }
    const typedName = typeof body.user_name === 'string' ? body.user_name.trim().slice(0, 60) : '';
    const user = contacts.user(typedName || defaultUserName);
    const grant = tokens.newGrant(request.client.id, user.name, request.scopes);
    const code = tokens.issueCode(grant, request.redirectUri, request.codeChallenge);
    redirectWith(res, request.redirectUri, { code, state: request.state, iss: issuer });
  });

  return router;
}
