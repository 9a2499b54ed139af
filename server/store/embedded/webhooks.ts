import { decodeCursor, takePage } from '../paging.ts';
import type { WebhookDeliveryRecord } from '../records.ts';
import type { DeliveryQueueRepository, WebhookDeliveryFilter, WebhookDeliveryRepository, WebhookEndpointRepository } from '../Store.ts';
import { serializeRecord } from '../storableRecord.ts';
import { filtered } from './activity.ts';
import type { Documents } from './layout.ts';

export function webhookEndpointRepository({ state, webhookQueue }: Documents): WebhookEndpointRepository {
  const { webhookEndpoints } = state.data;
  const { pendingDeliveries } = webhookQueue.data;
  return {
    list: async () => [...webhookEndpoints.values()],
    get: async (id) => webhookEndpoints.get(id),
    async create(endpoint) {
      webhookEndpoints.set(endpoint.id, endpoint);
      await state.commit();
    },
    async update(id, patch) {
      const existing = webhookEndpoints.get(id);
      if (!existing) return undefined;
      const updated = { ...existing, ...patch };
      webhookEndpoints.set(id, updated);
      await state.commit();
      return updated;
    },
    async delete(id) {
      if (!webhookEndpoints.delete(id)) return false;
      for (const [entryId, entry] of pendingDeliveries) if (entry.endpointId === id) pendingDeliveries.delete(entryId);
      await Promise.all([state.commit(), webhookQueue.commit()]);
      return true;
    },
  };
}

export function deliveryQueueRepository({ webhookQueue }: Documents): DeliveryQueueRepository {
  const { pendingDeliveries } = webhookQueue.data;
  return {
    async add(entries) {
      // All or none: each entry is checked before any enters the queue
      for (const entry of entries) serializeRecord(entry, 'webhook-queue.json');
      for (const entry of entries) pendingDeliveries.set(entry.id, entry);
      await webhookQueue.commit();
    },
    list: async () => [...pendingDeliveries.values()],
    async update(id, patch) {
      const existing = pendingDeliveries.get(id);
      if (!existing) return undefined;
      const updated = { ...existing, ...patch };
      pendingDeliveries.set(id, updated);
      await webhookQueue.commit();
      return updated;
    },
    async remove(id) {
      if (pendingDeliveries.delete(id)) await webhookQueue.commit();
    },
  };
}

export function webhookDeliveryRepository({ webhookDeliveries }: Documents): WebhookDeliveryRepository {
  const matches = (filter: WebhookDeliveryFilter) => (attempt: WebhookDeliveryRecord) =>
    (!filter.endpointId || attempt.endpointId === filter.endpointId) &&
    (!filter.status || attempt.status === filter.status) &&
    (!filter.eventId || attempt.eventId === filter.eventId) &&
    (!filter.webhookId || attempt.webhookId === filter.webhookId);
  return {
    append: (attempt) => webhookDeliveries.append(attempt),
    get: async (id) => webhookDeliveries.get(id),
    async list(filter, { limit, cursor }) {
      const after = cursor ? decodeCursor(cursor) : undefined;
      return takePage(filtered(webhookDeliveries.newestFirst(after), matches(filter)), limit, (attempt) => attempt.id);
    },
  };
}
