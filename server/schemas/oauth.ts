import { z } from 'zod';
import { timestamp } from './common.ts';
import { label } from './connections.ts';

export const startOAuthBody = z.strictObject({
  /** Label of the new connection; default: the integration's name, numbered when taken. */
  label: label.optional(),
  /** Reconnect this connection: it keeps its id. */
  connectionId: z.string().min(1).max(100).optional(),
  /** Values of the integration's fields its OAuth URLs need (Shopify's `shop`). An addition to the contract. */
  fields: z.record(z.string().max(64), z.string().max(500)).optional(),
});

export const oauthStart = z.object({
  attemptId: z.string(),
  /** Hitch's popup page, which binds the browser to the attempt and then goes on to the provider. */
  authorizeUrl: z.string(),
  /** What the widget hands that page by postMessage (never in a URL). An addition to the contract. */
  browserKey: z.string(),
  expiresAt: timestamp,
});

export const bindBrowserBody = z.strictObject({ key: z.string().min(1).max(200) });
export const boundBrowser = z.object({ url: z.string() });

export const oauthAttemptStatus = z.enum(['pending', 'succeeded', 'failed']);

export const oauthAttempt = z.object({
  status: oauthAttemptStatus,
  connectionId: z.string().optional(),
  /** A stable code: the provider's OAuth error (`access_denied`) or Hitch's (`expired`, `token_exchange_failed`…). */
  error: z.string().optional(),
  errorDescription: z.string().optional(),
});

// A provider may send any parameter, each at most once: an odd value counts as missing.
const param = z.string().max(4096).optional().catch(undefined);

/** What a provider sends to the redirect URI (RFC 6749 §4.1.2, RFC 9207 `iss`). */
export const oauthCallbackQuery = z.object({
  state: param,
  code: param,
  error: param,
  error_description: param,
  iss: param,
});

export const attemptParams = z.object({ attemptId: z.string() });
export const oauthIntegrationParams = z.object({ integration: z.string() });

export type StartOAuthBody = z.infer<typeof startOAuthBody>;
export type OAuthAttempt = z.infer<typeof oauthAttempt>;
export type OAuthCallbackQuery = z.infer<typeof oauthCallbackQuery>;
