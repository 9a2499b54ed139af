import type { Request } from 'express';
import type { AppDeps } from '../../deps.ts';
import { HitchError, notFound } from '../../errors.ts';
import { findIntegration, type ResolvedIntegration } from '../../integrations/resolve.ts';
import { admitEvent } from '../../limits/quota.ts';
import { eventName } from '../../schemas/events.ts';
import { verifyHexHmac, verifyStandardWebhook } from './signatures.ts';

export const defaultSignatureHeader = 'X-Hitch-Signature';

/**
 * `POST /v1/hooks/:customerId/:integration`: verifies the signature first (so an unsigned
 * caller learns nothing about customers), then stores an incoming `webhook` event, which
 * starts the workflows subscribed to its name. Nothing is stored for a refused request.
 */
export async function receiveHook(
  deps: AppDeps,
  customerId: string,
  integrationKey: string,
  req: Request,
  /** Called once the signature and the customer are known good: the audit entry may name it. */
  onVerifiedCustomer: (customerId: string) => void = () => {},
): Promise<{ eventId: string }> {
  const integration = await findIntegration(deps, integrationKey);
  if (!integration?.enabled || !integration.webhook) throw notFound(`The integration "${integrationKey}"`);
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (!isSigned(deps, integration, req, body)) throw new HitchError('unauthorized', 'The webhook signature is missing, stale or does not match.');
  const customer = await deps.store.customers.get(customerId);
  if (!customer) throw notFound('The customer');
  onVerifiedCustomer(customer.id);
  const payload = parsePayload(req.headers['content-type'], body);
  // Counted only once the body is known good: a refused body must not use up the day's quota
  await admitEvent(deps, customer.id);
  const event = await deps.events.record({
    customerId: customer.id,
    type: 'webhook',
    direction: 'incoming',
    name: eventNameOf(payload),
    integration: integration.key,
    payload,
  });
  return { eventId: event.id };
}

function isSigned(deps: AppDeps, integration: ResolvedIntegration, req: Request, body: Buffer): boolean {
  const webhook = integration.webhook!;
  const secret = deps.secrets.open(webhook.secret);
  if (webhook.scheme === 'hmac-sha256-hex') return verifyHexHmac(secret, req.get(webhook.header ?? defaultSignatureHeader), body);
  const headers = { id: req.get('webhook-id'), timestamp: req.get('webhook-timestamp'), signature: req.get('webhook-signature') };
  return verifyStandardWebhook(secret, headers, body, deps.clock.now());
}

/** JSON (also `+json`) and form bodies become objects; any other body is kept as text. */
function parsePayload(contentType: string | undefined, body: Buffer): unknown {
  if (!body.length) return {};
  const text = body.toString('utf8');
  if (/[/+]json\b/i.test(contentType ?? '')) {
    try {
      return JSON.parse(text);
    } catch {
      throw new HitchError('invalid_json', 'The webhook body is not valid JSON.');
    }
  }
  if (/application\/x-www-form-urlencoded/i.test(contentType ?? '')) return Object.fromEntries(new URLSearchParams(text));
  return text;
}

/** The event's name: the payload's `type`, `event`, `eventType` or `event_type` when it is a valid name. */
function eventNameOf(payload: unknown): string {
  if (typeof payload !== 'object' || payload === null) return 'webhook.received';
  const fields = payload as Record<string, unknown>;
  const candidates = [fields.type, fields.event, fields.eventType, fields.event_type];
  const found = candidates.find((candidate) => typeof candidate === 'string' && eventName.safeParse(candidate).success);
  return (found as string | undefined) ?? 'webhook.received';
}
