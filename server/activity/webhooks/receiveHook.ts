import type { Request } from 'express';
import type { AppDeps } from '../../deps.ts';
import { HitchError, notFound } from '../../errors.ts';
import { findIntegration } from '../../integrations/resolve.ts';
import { admitEvent } from '../../limits/quota.ts';
import { eventName } from '../../schemas/events.ts';
import { jsonValueProblem } from '../../schemas/jsonValue.ts';
import { assertConnectedAccount } from './hookAccount.ts';
import { withReceipt } from './hookReceipts.ts';
import { verifyHook } from './verifyHook.ts';

/** The route's body limit: a parsed body is never larger. */
const maxBodyBytes = 1024 * 1024;

/**
 * `POST /v1/hooks/:customerId/:integration`: verifies the signature first (so an unsigned
 * caller learns nothing about customers), checks the webhook's account against the customer's
 * connections, then stores an incoming `webhook` event, which starts the workflows subscribed
 * to its name. A replay of a webhook already accepted is answered with the first event's id and
 * stores nothing; nothing is stored for a refused request either.
 */
export async function receiveHook(
  deps: AppDeps,
  customerId: string,
  integrationKey: string,
  req: Request,
  /** Called once the signature and the customer are known good: the audit entry may name it. */
  onVerifiedCustomer: (customerId: string) => void = () => {},
): Promise<{ eventId: string; duplicate?: true }> {
  const integration = await findIntegration(deps, integrationKey);
  if (!integration?.enabled || !integration.webhook) throw notFound(`The integration "${integrationKey}"`);
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const identities = verifyHook(deps, integration, req, body);
  const customer = await deps.store.customers.get(customerId);
  if (!customer) throw notFound('The customer');
  onVerifiedCustomer(customer.id);
  const payload = parsePayload(req.headers['content-type'], body);
  await assertConnectedAccount(deps, customer.id, integration, payload);
  return withReceipt(deps, { customerId: customer.id, integration: integration.key, identities }, async () => {
    // Counted only once the body is known good and new: a refused body or a replay must not use up the day's quota
    await admitEvent(deps, customer.id);
    const event = await deps.events.record({
      customerId: customer.id,
      type: 'webhook',
      direction: 'incoming',
      name: eventNameOf(payload),
      integration: integration.key,
      payload,
    });
    return event.id;
  });
}

/** JSON (also `+json`) and form bodies become objects; any other body is kept as text. */
function parsePayload(contentType: string | undefined, body: Buffer): unknown {
  if (!body.length) return {};
  const text = body.toString('utf8');
  if (/[/+]json\b/i.test(contentType ?? '')) {
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      throw new HitchError('invalid_json', 'The webhook body is not valid JSON.');
    }
    // Like every free-form JSON value: refused before anything is stored (schemas/jsonValue.ts)
    const problem = jsonValueProblem(payload, maxBodyBytes);
    if (problem) throw new HitchError(problem.code, `The webhook body ${problem.message}.`, { errors: [{ path: 'body', message: problem.message }] });
    return payload;
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
