/**
 * What a connection's sealed `credentials` hold. API-key and basic connections keep the
 * submitted fields; OAuth 2 connections keep the token response (issue: OAuth).
 */
export type StoredCredentials =
  | { type: 'apiKey' | 'basic'; fields: Record<string, string> }
  | {
      type: 'oauth2';
      accessToken: string;
      refreshToken?: string;
      tokenType?: string;
      scope?: string;
      expiresAt?: string;
      fields?: Record<string, string>;
    };
