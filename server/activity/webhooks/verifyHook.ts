import type { Request } from 'express';
import type { AppDeps } from '../../deps.ts';
import { HitchError } from '../../errors.ts';
import type { ResolvedIntegration } from '../../integrations/resolve.ts';
import { hexHmac, isFreshTimestamp, timestampedContent, verifyHexHmac, verifyStandardWebhook } from './signatures.ts';

export const defaultSignatureHeader = 'X-Hitch-Signature';

const unverified = (detail = 'The webhook signature is missing, stale or does not match.') => new HitchError('unauthorized', detail);

/**
 * Checks an incoming webhook's signature (and timestamp, where the scheme has one) against the
 * integration's secret; throws 401 otherwise. Returns what identifies this request among its
 * replays — the signed `webhook-id`, the hmac scheme's id header, the signature of a timestamped
 * hmac request — none when the scheme gives nothing to tell a replay from a new event.
 */
export function verifyHook(deps: Pick<AppDeps, 'secrets' | 'clock'>, integration: ResolvedIntegration, req: Request, body: Buffer): string[] {
  const webhook = integration.webhook!;
  const secret = deps.secrets.open(webhook.secret);
  const now = deps.clock.now();
  if (webhook.scheme === 'standard-webhooks') {
    const headers = { id: req.get('webhook-id'), timestamp: req.get('webhook-timestamp'), signature: req.get('webhook-signature') };
    if (!verifyStandardWebhook(secret, headers, body, now)) throw unverified();
    return [`id:${headers.id}`];
  }
  const identities: string[] = [];
  let signed = body;
  if (webhook.timestampHeader) {
    const timestamp = req.get(webhook.timestampHeader);
    if (!isFreshTimestamp(timestamp, now)) throw unverified();
    signed = timestampedContent(timestamp, body);
    // The id header is not signed: a captured request replayed under a new id still has this signature
    identities.push(`signature:${hexHmac(secret, signed)}`);
  }
  if (!verifyHexHmac(secret, req.get(webhook.header ?? defaultSignatureHeader), signed)) throw unverified();
  if (webhook.idHeader) {
    const id = req.get(webhook.idHeader);
    if (!id) throw unverified(`The webhook has no ${webhook.idHeader} header.`);
    identities.push(`id:${id}`);
  }
  return identities;
}
