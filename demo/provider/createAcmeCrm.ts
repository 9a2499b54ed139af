/**
 * "Acme CRM", the demo's OAuth 2 provider: an authorization server (authorization code + PKCE
 * S256, refresh token rotation, RFC 7009 revocation, RFC 9207 `iss`) and a small contacts API,
 * as an Express router. The Hitch server mounts it at `/demo/provider`; nothing here listens.
 * All state is in memory and lost on restart.
 *
 * Routes, relative to `baseUrl`:
 *   GET  /authorize, POST /authorize/decision, GET /consent.css   the user's side
 *   POST /token, POST /revoke                                      the client's side
 *   GET  /api/me, GET /api/contacts, POST /api/contacts             the API (bearer token)
 *   GET  /.well-known/oauth-authorization-server                   RFC 8414 metadata
 */
import { randomBytes } from 'node:crypto';
import express, { Router, type ErrorRequestHandler } from 'express';
import { systemClock, type Clock } from '../../server/clock.ts';
import { authorizeRoutes } from './authorize.ts';
import type { RegisteredClient } from './clientAuth.ts';
import { consentCss } from './consentPage.ts';
import { ContactBook } from './contactBook.ts';
import { contactRoutes, type ContactCreatedListener } from './contacts.ts';
import { authorizationServerMetadata } from './metadata.ts';
import { revocationEndpoint } from './revoke.ts';
import { tokenEndpoint } from './token.ts';
import { TokenStore } from './tokenStore.ts';

export const acmeScopes = ['contacts:read', 'contacts:write'] as const;

export interface AcmeCrmOptions {
  /** Absolute URL where the router is mounted, e.g. `http://127.0.0.1:3000/demo/provider`. Also the issuer. */
  baseUrl: string;
  clock?: Clock;
  /** The one registered client. The secret is random unless given (give one to keep it across restarts). */
  clientId?: string;
  clientSecret?: string;
  /** Shown on the consent page. */
  clientName?: string;
  /** Exact redirect URIs the client may use; when omitted, any absolute http(s) URI. */
  redirectUris?: string[];
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  /** Called after `POST /api/contacts` answered 201, e.g. to send a webhook. Failures are only logged. */
  onContactCreated?: ContactCreatedListener;
}

export interface AcmeCrm {
  router: Router;
  clientId: string;
  clientSecret: string;
  issuer: string;
  authorizationUrl: string;
  tokenUrl: string;
  revocationUrl: string;
  apiBaseUrl: string;
  scopes: readonly string[];
}

/** Body-parser failures (bad JSON, too large) answered in the API's own JSON shape. */
const bodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
  const status = (error as { status?: number }).status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return next(error);
  res.status(status).json({ error: 'invalid_request', error_description: 'The request body could not be read.' });
};

export function createAcmeCrm(options: AcmeCrmOptions): AcmeCrm {
  const issuer = options.baseUrl.replace(/\/+$/, '');
  const basePath = new URL(issuer).pathname.replace(/\/+$/, '');
  const clock = options.clock ?? systemClock;
  const client: RegisteredClient = {
    id: options.clientId ?? 'hitch-demo',
    secret: options.clientSecret ?? randomBytes(32).toString('base64url'),
    name: options.clientName ?? 'Hitch demo',
    redirectUris: options.redirectUris,
  };
  const clients = new Map([[client.id, client]]);
  const tokens = new TokenStore(clock, {
    codeSeconds: 60,
    accessTokenSeconds: options.accessTokenTtlSeconds ?? 3600,
    refreshTokenSeconds: options.refreshTokenTtlSeconds ?? 30 * 24 * 3600,
  });
  const contacts = new ContactBook(clock);

  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  router.get('/consent.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=3600').send(consentCss);
  });
  router.get('/.well-known/oauth-authorization-server', (_req, res) => {
    res.json(authorizationServerMetadata(issuer, acmeScopes));
  });
  router.use(authorizeRoutes({ issuer, basePath, clients, scopes: acmeScopes, tokens, contacts, clock }));
  router.post('/token', form, tokenEndpoint(clients, tokens));
  router.post('/revoke', form, revocationEndpoint(clients, tokens));
  router.use('/api', contactRoutes(tokens, contacts, options.onContactCreated));
  router.use(bodyErrors);

  return {
    router,
    clientId: client.id,
    clientSecret: client.secret,
    issuer,
    authorizationUrl: `${issuer}/authorize`,
    tokenUrl: `${issuer}/token`,
    revocationUrl: `${issuer}/revoke`,
    apiBaseUrl: `${issuer}/api`,
    scopes: acmeScopes,
  };
}
