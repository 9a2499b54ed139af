/**
 * Acme CRM's authorization state, all in memory: authorization codes, access and refresh
 * tokens. A *grant* is one user's consent to one client; every token issued from it (through
 * any number of refreshes) carries its id, so a grant can be revoked as a whole.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../../server/clock.ts';

export interface Grant {
  id: string;
  clientId: string;
  userName: string;
  scopes: string[];
}

export interface AuthorizationCode {
  grant: Grant;
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
}

interface TokenRecord {
  grant: Grant;
  expiresAt: number;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  scopes: string[];
}

/** New tokens, or why there are none. */
export type RotationResult = IssuedTokens | 'invalid_grant' | 'invalid_scope';

export interface TokenLifetimes {
  codeSeconds: number;
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
}

/** Opaque, unguessable token values (never logged). */
export const randomToken = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;

export class TokenStore {
  readonly #clock: Clock;
  readonly #lifetimes: TokenLifetimes;
  readonly #codes = new Map<string, AuthorizationCode>();
  /** Redeemed codes, kept until they would have expired, to detect a replay. */
  readonly #redeemedCodes = new Map<string, TokenRecord>();
  readonly #accessTokens = new Map<string, TokenRecord>();
  readonly #refreshTokens = new Map<string, TokenRecord>();
  /** Refresh tokens replaced by rotation, to detect reuse. */
  readonly #retiredRefreshTokens = new Map<string, TokenRecord>();

  constructor(clock: Clock, lifetimes: TokenLifetimes) {
    this.#clock = clock;
    this.#lifetimes = lifetimes;
  }

  newGrant(clientId: string, userName: string, scopes: string[]): Grant {
    return { id: randomUUID(), clientId, userName, scopes };
  }

  issueCode(grant: Grant, redirectUri: string, codeChallenge: string): string {
    const code = randomToken('acme_code');
    const expiresAt = this.#clock.now() + this.#lifetimes.codeSeconds * 1000;
    this.#codes.set(code, { grant, redirectUri, codeChallenge, expiresAt });
    return code;
  }

  /**
   * Takes a code out of the store: whatever happens next, it cannot be presented again.
   * Presenting a redeemed code again revokes everything issued from it (RFC 6749 §4.1.2).
   */
  redeemCode(code: string): AuthorizationCode | undefined {
    const replayed = this.#redeemedCodes.get(code);
    if (replayed) {
      this.revokeGrant(replayed.grant.id);
      return undefined;
    }
    const found = this.#codes.get(code);
    if (!found) return undefined;
    this.#codes.delete(code);
    this.#redeemedCodes.set(code, { grant: found.grant, expiresAt: found.expiresAt });
    return this.#isLive(found) ? found : undefined;
  }

  issueTokens(grant: Grant): IssuedTokens {
    this.#prune();
    const now = this.#clock.now();
    const accessToken = randomToken('acme_at');
    const refreshToken = randomToken('acme_rt');
    this.#accessTokens.set(accessToken, { grant, expiresAt: now + this.#lifetimes.accessTokenSeconds * 1000 });
    this.#refreshTokens.set(refreshToken, { grant, expiresAt: now + this.#lifetimes.refreshTokenSeconds * 1000 });
    return { accessToken, refreshToken, expiresIn: this.#lifetimes.accessTokenSeconds, scopes: grant.scopes };
  }

  /**
   * Exchanges a refresh token for new tokens; the old refresh token stops working. Reuse of a
   * retired refresh token means it leaked: the whole grant is revoked.
   */
  rotateRefreshToken(refreshToken: string, clientId: string, requestedScopes: string[] = []): RotationResult {
    const retired = this.#retiredRefreshTokens.get(refreshToken);
    if (retired) {
      this.revokeGrant(retired.grant.id);
      return 'invalid_grant';
    }
    const found = this.#refreshTokens.get(refreshToken);
    if (!found || !this.#isLive(found) || found.grant.clientId !== clientId) return 'invalid_grant';
    // A refresh may not widen the grant; checked before rotating so a bad request costs nothing.
    if (requestedScopes.some((scope) => !found.grant.scopes.includes(scope))) return 'invalid_scope';
    this.#refreshTokens.delete(refreshToken);
    this.#retiredRefreshTokens.set(refreshToken, found);
    return this.issueTokens(found.grant);
  }

  /** The grant behind a live access token. */
  grantOfAccessToken(accessToken: string): Grant | undefined {
    const found = this.#accessTokens.get(accessToken);
    return found && this.#isLive(found) ? found.grant : undefined;
  }

  /**
   * RFC 7009: revoking a refresh token revokes its grant (and so its access tokens); revoking
   * an access token revokes only that token. Unknown tokens and other clients' tokens are ignored.
   */
  revoke(token: string, clientId: string): void {
    const refresh = this.#refreshTokens.get(token);
    if (refresh?.grant.clientId === clientId) return this.revokeGrant(refresh.grant.id);
    if (this.#accessTokens.get(token)?.grant.clientId === clientId) this.#accessTokens.delete(token);
  }

  revokeGrant(grantId: string): void {
    for (const tokens of [this.#accessTokens, this.#refreshTokens]) {
      for (const [token, record] of tokens) if (record.grant.id === grantId) tokens.delete(token);
    }
  }

  #isLive(record: { expiresAt: number }): boolean {
    return record.expiresAt > this.#clock.now();
  }

  /** Drops expired entries so a long-running demo does not grow without bound. */
  #prune(): void {
    const maps = [this.#codes, this.#redeemedCodes, this.#accessTokens, this.#refreshTokens, this.#retiredRefreshTokens];
    for (const map of maps) {
      for (const [key, record] of map) if (!this.#isLive(record)) map.delete(key);
    }
  }
}
