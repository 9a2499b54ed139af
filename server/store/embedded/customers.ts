import { HitchError } from '../../errors.ts';
import { creationPosition, newestFirstByCreation, takePage } from '../paging.ts';
import type { CustomerRepository } from '../Store.ts';
import type { Documents } from './layout.ts';
import { forgetCustomerLimits } from './limits.ts';

export function customerRepository(documents: Documents): CustomerRepository {
  const { state, events, issuedTokens, usage, executions, webhookQueue } = documents;
  const { customers, connections, tokenCutoffs } = state.data;
  return {
    get: async (id) => customers.get(id),

    async list({ q }, { limit, cursor }) {
      const needle = q?.toLowerCase();
      const matches = needle
        ? [...customers.values()].filter(
            (customer) => customer.id.toLowerCase().includes(needle) || customer.name.toLowerCase().includes(needle),
          )
        : customers.values();
      return takePage(newestFirstByCreation(matches, cursor), limit, creationPosition);
    },

    async create(customer) {
      if (customers.has(customer.id)) throw new HitchError('conflict', `A customer with id "${customer.id}" already exists.`);
      customers.set(customer.id, customer);
      await state.commit();
    },

    async update(id, patch) {
      const existing = customers.get(id);
      if (!existing) return undefined;
      const updated = { ...existing, ...patch };
      customers.set(id, updated);
      await state.commit();
      return updated;
    },

    async delete(id, cutoff) {
      if (!customers.delete(id)) return false;
      for (const [connectionId, connection] of connections) {
        if (connection.customerId === id) connections.delete(connectionId);
      }
      tokenCutoffs.set(id, cutoff);
      forgetCustomerLimits(documents, id);
      const { pendingDeliveries } = webhookQueue.data;
      for (const [entryId, entry] of pendingDeliveries) if (entry.customerId === id) pendingDeliveries.delete(entryId);
      await Promise.all([
        state.commit(),
        usage.commit(),
        webhookQueue.commit(),
        executions.removeWhere((execution) => execution.customerId === id),
        events.removeWhere((event) => event.customerId === id),
        issuedTokens.removeWhere((token) => token.customerId === id),
      ]);
      return true;
    },
  };
}
