import type { AppDeps } from '../../deps.ts';
import { newId } from '../../ids.ts';
import type { Event } from '../../schemas/events.ts';
import type { PendingDeliveryRecord } from '../../store/records.ts';
import { endpointWants } from './endpoints.ts';

/**
 * Queues an outgoing event for every enabled endpoint that wants it. The queue entries are on
 * disk before this resolves, and so before the event's creator is answered: at least once.
 */
export async function enqueueDeliveries(deps: AppDeps, event: Event): Promise<void> {
  if (event.direction !== 'outgoing') return;
  const endpoints = (await deps.store.webhookEndpoints.list()).filter(
    (endpoint) => endpoint.status === 'enabled' && endpointWants(endpoint.events, event.name),
  );
  if (!endpoints.length) return;
  const now = new Date(deps.clock.now()).toISOString();
  const entries: PendingDeliveryRecord[] = endpoints.map((endpoint) => ({
    id: newId('whq'),
    endpointId: endpoint.id,
    eventId: event.id,
    customerId: event.customerId,
    webhookId: newId('msg'),
    attempt: 1,
    dueAt: now,
    createdAt: now,
  }));
  await deps.activity.deliveries.enqueue(entries);
}
