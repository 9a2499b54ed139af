import type { StoredCredentials } from '../connections/storedCredentials.ts';
import { readAccountId } from '../integrations/jsonPointer.ts';

/** Why a token request failed: the provider's OAuth `error` code, or one of Hitch's own. */
export class TokenEndpointError extends Error {
  constructor(
    /** `invalid_grant`, `invalid_client`…, or `unreachable`, `invalid_response`, `http_<status>`. */
    readonly code: string,
    readonly description: string,
    /** Worth retrying later (network, 5xx, 429); otherwise the grant itself was refused. */
    readonly transient: boolean,
  ) {
    super(`${code}: ${description}`);
    this.name = 'TokenEndpointError';
  }
}

export type OAuthCredentials = Extract<StoredCredentials, { type: 'oauth2' }>;

/** Provider text shown to users and stored: printable, one line, bounded. */
export const cleanText = (value: unknown, max = 300) =>
  typeof value === 'string' ? value.replace(/[^\x20-\x7e\u00a0-\uffff]/g, ' ').trim().slice(0, max) : '';

/** An OAuth error code as a provider sent it, reduced to a safe token. */
export const cleanCode = (value: unknown, fallback: string) =>
  typeof value === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? value : fallback;

function parseBody(text: string, contentType: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    // GitHub answers form-encoded when a client forgets `Accept: application/json`.
    return contentType.includes('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(text)) : undefined;
  }
}

/**
 * Reads a token endpoint's answer. Errors come as 4xx with `error` (RFC 6749 §5.2), but also as
 * 200 with `error` (GitHub) or `ok: false` (Slack). Slack puts a user-only token in `authed_user`.
 * With `accountField` (a JSON pointer), the provider account id found there is returned too.
 */
export function parseTokenResponse(status: number, contentType: string, text: string, accountField?: string) {
  const body = parseBody(text, contentType);
  const failed = status < 200 || status >= 300 || body?.error !== undefined || body?.ok === false;
  if (failed) {
    const transient = status >= 500 || status === 429;
    const code = cleanCode(body?.error, `http_${status}`);
    throw new TokenEndpointError(code, cleanText(body?.error_description) || `The token endpoint answered HTTP ${status}.`, transient);
  }
  const authedUser = body?.authed_user as Record<string, unknown> | undefined;
  const accessToken = body?.access_token ?? authedUser?.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new TokenEndpointError('invalid_response', 'The token endpoint sent no access token.', false);
  }
  const expiresIn = Number(body?.expires_in);
  return {
    accessToken,
    refreshToken: typeof body?.refresh_token === 'string' && body.refresh_token ? body.refresh_token : undefined,
    tokenType: typeof body?.token_type === 'string' ? body.token_type : undefined,
    scope: typeof body?.scope === 'string' ? body.scope : undefined,
    expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : undefined,
    accountId: accountField ? readAccountId(body, accountField) : undefined,
  };
}

export type TokenResponse = ReturnType<typeof parseTokenResponse>;

/**
 * Stored credentials from a token response. A refresh answer without a refresh token keeps the
 * old one (RFC 6749 §6: rotation is optional), and likewise the granted scope.
 */
export function toCredentials(tokens: TokenResponse, now: number, previous?: OAuthCredentials, fields?: Record<string, string>): OAuthCredentials {
  const refreshToken = tokens.refreshToken ?? previous?.refreshToken;
  const scope = tokens.scope ?? previous?.scope;
  const keptFields = fields ?? previous?.fields;
  return {
    type: 'oauth2',
    accessToken: tokens.accessToken,
    ...(refreshToken ? { refreshToken } : {}),
    ...(tokens.tokenType ? { tokenType: tokens.tokenType } : {}),
    ...(scope ? { scope } : {}),
    ...(tokens.expiresIn ? { expiresAt: new Date(now + tokens.expiresIn * 1000).toISOString() } : {}),
    ...(keptFields && Object.keys(keptFields).length ? { fields: keptFields } : {}),
  };
}
