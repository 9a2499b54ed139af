/** RFC 6749 §5.2 error responses of the token and revocation endpoints. */
import type { Response } from 'express';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_token_type';

export function sendOAuthError(res: Response, error: OAuthErrorCode, description: string): void {
  if (error === 'invalid_client') {
    // RFC 6749 §5.2: 401 with the scheme the client may authenticate with.
    res.status(401).set('WWW-Authenticate', 'Basic realm="Acme CRM", charset="UTF-8"');
  } else {
    res.status(400);
  }
  res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).json({ error, error_description: description });
}
