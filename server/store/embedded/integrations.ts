import type { ConnectionRepository, IntegrationRepository } from '../Store.ts';
import type { Documents } from './layout.ts';

export function integrationRepository({ state }: Documents): IntegrationRepository {
  const { integrations } = state.data;
  return {
    list: async () => [...integrations.values()],
    get: async (key) => integrations.get(key),
    async put(integration) {
      const created = !integrations.has(integration.key);
      integrations.set(integration.key, integration);
      await state.commit();
      return created;
    },
    async delete(key) {
      if (!integrations.delete(key)) return false;
      await state.commit();
      return true;
    },
  };
}

export function connectionRepository({ state }: Documents): ConnectionRepository {
  const { connections } = state.data;
  const activeCount = (customerId: string) => {
    let count = 0;
    for (const connection of connections.values()) if (connection.customerId === customerId && connection.status === 'active') count++;
    return count;
  };
  const owned = (customerId: string, id: string) => {
    const connection = connections.get(id);
    return connection?.customerId === customerId ? connection : undefined;
  };
  return {
    get: async (customerId, id) => owned(customerId, id),
    list: async (customerId, filter = {}) =>
      [...connections.values()]
        .filter((c) => c.customerId === customerId && (!filter.integration || c.integration === filter.integration))
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1)),
    listByIntegration: async (integration) => [...connections.values()].filter((c) => c.integration === integration),
    async create(connection, limit) {
      // Count and insert in one synchronous step, so racing creates cannot pass the limit together
      if (limit && activeCount(connection.customerId) >= limit.maxActive) return false;
      connections.set(connection.id, connection);
      await state.commit();
      return true;
    },
    async update(customerId, id, patch) {
      const existing = owned(customerId, id);
      if (!existing) return undefined;
      const updated = { ...existing, ...patch };
      connections.set(id, updated);
      await state.commit();
      return updated;
    },
    async delete(customerId, id) {
      if (!owned(customerId, id)) return false;
      connections.delete(id);
      await state.commit();
      return true;
    },
  };
}
