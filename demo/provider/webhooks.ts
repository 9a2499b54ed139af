/**
 * Acme CRM's outgoing webhooks, signed with Hitch's `hmac-sha256-hex` scheme: the lowercase hex
 * HMAC-SHA256 of the exact raw body, keyed with the secret's UTF-8 bytes, in `X-Hitch-Signature`.
 */
import { createHmac } from 'node:crypto';

export const signatureHeader = 'X-Hitch-Signature';

export function signBody(rawBody: string, secret: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(rawBody, 'utf8').digest('hex');
}

export interface SendWebhookOptions {
  url: string;
  secret: string;
  /** Any JSON value; sent as the body. */
  event: unknown;
  /** Header that carries the signature; the contract's default unless the integration names another. */
  header?: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

export interface WebhookResult {
  status: number;
  ok: boolean;
}

/** POSTs one signed event. Network errors and timeouts reject; any HTTP answer resolves. */
export async function sendWebhook(options: SendWebhookOptions): Promise<WebhookResult> {
  const { url, secret, event, header = signatureHeader, fetch = globalThis.fetch, timeoutMs = 10_000 } = options;
  // Signed and sent as the same string, so the receiver can verify the bytes it got.
  const body = JSON.stringify(event);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'User-Agent': 'AcmeCRM-Webhooks/1.0', [header]: signBody(body, secret) },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.body?.cancel(); // the answer's body is not needed; free the connection
  return { status: response.status, ok: response.ok };
}
