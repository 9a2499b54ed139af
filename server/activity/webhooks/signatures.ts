import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Standard Webhooks allow this much clock difference between sender and receiver. */
export const timestampToleranceSeconds = 5 * 60;

/** A new endpoint secret in the Standard Webhooks format: `whsec_` + base64 of 24 random bytes. */
export const newEndpointSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** The HMAC key of a Standard Webhooks secret: the base64 after `whsec_`. */
const standardKey = (secret: string) => Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, the Standard Webhooks signature. */
export function signStandardWebhook(secret: string, webhookId: string, timestampSeconds: number, body: string | Buffer): string {
  const mac = createHmac('sha256', standardKey(secret)).update(`${webhookId}.${timestampSeconds}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

export interface StandardWebhookHeaders {
  id?: string;
  timestamp?: string;
  signature?: string;
}

/**
 * Checks Standard Webhooks headers against the raw body: the timestamp within the tolerance of
 * `nowMs`, and any one of the space-separated `v1,` signatures matching (constant-time).
 */
export function verifyStandardWebhook(secret: string, headers: StandardWebhookHeaders, body: Buffer, nowMs: number): boolean {
  const { id, timestamp, signature } = headers;
  if (!id || !signature || !isFreshTimestamp(timestamp, nowMs)) return false;
  const expected = Buffer.from(signStandardWebhook(secret, id, Number(timestamp), body).slice(3), 'base64');
  return signature
    .split(' ')
    .filter((candidate) => candidate.startsWith('v1,'))
    .some((candidate) => sameBytes(Buffer.from(candidate.slice(3), 'base64'), expected));
}

/** Unix seconds within the tolerance of `nowMs`. */
export function isFreshTimestamp(timestamp: string | undefined, nowMs: number): timestamp is string {
  return timestamp !== undefined && /^\d{1,15}$/.test(timestamp) && Math.abs(nowMs / 1000 - Number(timestamp)) <= timestampToleranceSeconds;
}

/** The lowercase hex HMAC-SHA256 of the raw body, keyed with the secret's UTF-8 bytes. */
export const hexHmac = (secret: string, body: Buffer | string) => createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('hex');

/**
 * What the `hmac-sha256-hex` scheme signs when the integration names a timestamp header:
 * `v0:{timestamp}:{raw body}`, Slack's base string, so the timestamp cannot be changed.
 */
export const timestampedContent = (timestamp: string, body: Buffer) => Buffer.concat([Buffer.from(`v0:${timestamp}:`, 'utf8'), body]);

/** Checks an `hmac-sha256-hex` signature (a `sha256=` prefix, as GitHub sends, or `v0=`, as Slack does, is accepted). */
export function verifyHexHmac(secret: string, header: string | undefined, body: Buffer): boolean {
  const given = header?.trim().replace(/^(sha256|v0)=/, '') ?? '';
  if (!/^[0-9a-f]{64}$/i.test(given)) return false;
  return sameBytes(Buffer.from(given, 'hex'), Buffer.from(hexHmac(secret, body), 'hex'));
}

const sameBytes = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);
