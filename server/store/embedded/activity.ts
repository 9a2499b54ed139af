import { createHash } from 'node:crypto';
import { decodeCursor, takePage } from '../paging.ts';
import type { AuditRecord } from '../records.ts';
import type { AuditFilter, AuditRepository, EventFilter, EventRepository } from '../Store.ts';
import type { Documents } from './layout.ts';

export const inRange = (time: string, from?: string, to?: string) =>
  (!from || time >= from) && (!to || time <= to);

export function eventRepository({ events }: Documents): EventRepository {
  const matches = (filter: EventFilter) => (event: Parameters<typeof events.append>[0]) =>
    (!filter.customerId || event.customerId === filter.customerId) &&
    (!filter.integrations || (event.integration !== undefined && filter.integrations.includes(event.integration))) &&
    (!filter.type || event.type === filter.type) &&
    (!filter.direction || event.direction === filter.direction) &&
    (!filter.name || event.name === filter.name) &&
    inRange(event.createdAt, filter.from, filter.to);
  return {
    append: (event) => events.append(event),
    get: async (id) => events.get(id),
    async list(filter, { limit, cursor }) {
      const after = cursor ? decodeCursor(cursor) : undefined;
      return takePage(filtered(events.newestFirst(after), matches(filter)), limit, (event) => event.id);
    },
  };
}

export function auditRepository({ audit }: Documents): AuditRepository {
  const matches = (filter: AuditFilter) => (entry: AuditRecord) =>
    (!filter.user || entry.user === filter.user) &&
    (!filter.action || entry.action === filter.action) &&
    (!filter.resource || entry.resource === filter.resource) &&
    (!filter.outcome || entry.outcome === filter.outcome) &&
    (!filter.customerId || entry.customerId === filter.customerId) &&
    inRange(entry.timestamp, filter.from, filter.to);
  return {
    async append(entry) {
      const prevHash = audit.last()?.hash ?? '';
      const record: AuditRecord = { ...entry, prevHash, hash: auditHash(entry, prevHash) };
      await audit.append(record);
      return record;
    },
    async list(filter, { limit, cursor }) {
      const after = cursor ? decodeCursor(cursor) : undefined;
      return takePage(filtered(audit.newestFirst(after), matches(filter)), limit, (entry) => entry.id);
    },
    async *stream(filter) {
      yield* filtered(audit.newestFirst(), matches(filter));
    },
  };
}

/**
 * Audit retention drops only a prefix of the chain (so what stays is still one unbroken chain)
 * and first records the last dropped entry as the anchor the kept chain must start from.
 */
export async function pruneAudit({ audit, state }: Documents, before: string): Promise<void> {
  const dropped = new Set<string>();
  let last: AuditRecord | undefined;
  for (const entry of audit.oldestFirst()) {
    if (entry.timestamp >= before) break;
    dropped.add(entry.id);
    last = entry;
  }
  if (!last) return;
  state.data.auditAnchor.set('audit', { id: 'audit', lastId: last.id, hash: last.hash, timestamp: last.timestamp });
  await state.commit();
  await audit.removeWhere((entry) => dropped.has(entry.id));
}

/** The chain link: SHA-256 over the previous hash and the entry's fields in a fixed order. */
export function auditHash(entry: Omit<AuditRecord, 'prevHash' | 'hash'>, prevHash: string): string {
  const { id, timestamp, user, action, resource, outcome, customerId, ip, detail } = entry;
  const canonical = JSON.stringify([prevHash, id, timestamp, user, action, resource, outcome, customerId, ip, detail]);
  return createHash('sha256').update(canonical).digest('hex');
}

export function* filtered<T>(items: Iterable<T>, keep: (item: T) => boolean): Generator<T> {
  for (const item of items) if (keep(item)) yield item;
}
