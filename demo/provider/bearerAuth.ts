/**
 * Bearer token check of the contacts API (RFC 6750). A request without a token gets a bare
 * challenge; a wrong, expired or revoked one gets `error="invalid_token"` (§3.1).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AcmeUser, ContactBook } from './contactBook.ts';
import type { Grant, TokenStore } from './tokenStore.ts';

export interface Authenticated {
  user: AcmeUser;
  grant: Grant;
}

const realm = 'realm="Acme CRM"';

function challenge(res: Response, status: 401 | 403, attributes: string, message: string): void {
  res.status(status).set('WWW-Authenticate', `Bearer ${attributes}`).json({ error: message });
}

export function bearerAuth(tokens: TokenStore, contacts: ContactBook): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(header);
    if (!match) return challenge(res, 401, realm, 'Authorization: Bearer <access token> is required.');
    const grant = tokens.grantOfAccessToken(match[1]);
    if (!grant) {
      return challenge(res, 401, `${realm}, error="invalid_token", error_description="The access token is invalid or expired"`, 'invalid_token');
    }
    res.locals.auth = { user: contacts.user(grant.userName), grant } satisfies Authenticated;
    next();
  };
}

/** 403 `insufficient_scope` unless the token's grant includes `scope`. */
export function requireScope(scope: string): RequestHandler {
  return (_req, res, next) => {
    const { grant } = res.locals.auth as Authenticated;
    if (grant.scopes.includes(scope)) return next();
    challenge(res, 403, `${realm}, error="insufficient_scope", scope="${scope}"`, 'insufficient_scope');
  };
}
