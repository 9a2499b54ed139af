import type { AppDeps } from '../../deps.ts';
import { HitchError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';

/**
 * `POST /v1/webhook-deliveries/:id/retry`: sends that attempt's message (same `webhook-id`) to
 * its endpoint again now. A retry already waiting is simply made due; none is added beside it.
 */
export async function retryDelivery(deps: AppDeps, deliveryId: string): Promise<void> {
  const { store } = deps;
  const attempt = await store.webhookDeliveries.get(deliveryId);
  if (!attempt) throw notFound('The delivery');
  const endpoint = await store.webhookEndpoints.get(attempt.endpointId);
  if (!endpoint) throw notFound('The webhook endpoint');
  if (endpoint.status !== 'enabled') throw new HitchError('conflict', 'The endpoint is disabled (it answered 410 Gone). Register it again to receive events.');
  const event = await store.events.get(attempt.eventId);
  if (!event) throw notFound('The event');
  if (await deps.activity.deliveries.expedite(attempt.webhookId)) return;
  const latest = (await store.webhookDeliveries.list({ webhookId: attempt.webhookId }, { limit: 1 })).data[0] ?? attempt;
  const now = new Date(deps.clock.now()).toISOString();
  await deps.activity.deliveries.enqueue([
    {
      id: newId('whq'),
      endpointId: endpoint.id,
      eventId: event.id,
      customerId: event.customerId,
      webhookId: attempt.webhookId,
      attempt: latest.attempt + 1,
      dueAt: now,
      createdAt: now,
    },
  ]);
}
