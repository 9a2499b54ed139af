import { limitNames } from '../../schemas/limits.ts';
import type { DailyUsageRecord } from '../records.ts';
import type { LimitsRepository, UsageRepository } from '../Store.ts';
import type { Documents } from './layout.ts';

export function limitsRepository({ state }: Documents): LimitsRepository {
  const { planLimits, limitOverrides } = state.data;
  return {
    getPlan: async () => planLimits.get('plan'),
    async putPlan(plan) {
      planLimits.set('plan', plan);
      await state.commit();
    },
    getOverrides: async (customerId) => limitOverrides.get(customerId),
    async putOverrides(overrides) {
      if (limitNames.some((key) => overrides[key] !== undefined)) limitOverrides.set(overrides.customerId, overrides);
      else limitOverrides.delete(overrides.customerId);
      await state.commit();
    },
  };
}

export function usageRepository({ usage }: Documents): UsageRepository {
  const { dailyUsage } = usage.data;
  const key = (customerId: string, day: string) => `${customerId}/${day}`;
  const recordFor = (customerId: string, day: string): DailyUsageRecord => {
    let record = dailyUsage.get(key(customerId, day));
    if (!record) {
      record = { customerId, day, events: 0, executions: 0, exceeded: [] };
      dailyUsage.set(key(customerId, day), record);
    }
    return record;
  };
  return {
    async admit(customerId, day, counter, limit) {
      // Check and count in one synchronous step: no await between them
      const record = recordFor(customerId, day);
      if (record[counter] >= limit) return { admitted: false, used: record[counter], saved: Promise.resolve() };
      record[counter] += 1;
      return { admitted: true, used: record[counter], saved: usage.commit() };
    },
    get: async (customerId, day) => dailyUsage.get(key(customerId, day)),
    async markExceeded(customerId, day, limit) {
      const record = recordFor(customerId, day);
      if (record.exceeded.includes(limit)) return false;
      record.exceeded.push(limit);
      await usage.commit();
      return true;
    },
    async prune(day) {
      let changed = false;
      for (const [id, record] of dailyUsage) if (record.day < day) changed = dailyUsage.delete(id) || changed;
      if (changed) await usage.commit();
    },
  };
}

/** Removes what the limits keep about a deleted customer (overrides, counters); the caller commits. */
export function forgetCustomerLimits({ state, usage }: Documents, customerId: string): void {
  state.data.limitOverrides.delete(customerId);
  for (const [id, record] of usage.data.dailyUsage) if (record.customerId === customerId) usage.data.dailyUsage.delete(id);
}
