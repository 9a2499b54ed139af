import type { AppDeps } from '../deps.ts';
import { limitNames, type CustomerLimits, type LimitOverrides, type LimitOverridesBody } from '../schemas/limits.ts';
import { resolveLimits } from './planLimits.ts';
import { nextUtcMidnight, utcDay } from './utcWindows.ts';

const usageOf = (used: number, limit: number, resetsAt: string | null) => ({ used, remaining: Math.max(0, limit - used), resetsAt });

/** `GET /v1/customers/:id/limits`: defaults, overrides, effective limits and the usage against each. */
export async function customerLimitsView(deps: AppDeps, customerId: string): Promise<CustomerLimits> {
  const now = deps.clock.now();
  const [{ defaults, overrides, effective }, connections, today] = await Promise.all([
    resolveLimits(deps, customerId),
    deps.store.connections.list(customerId),
    deps.store.usage.get(customerId, utcDay(now)),
  ]);
  const requests = deps.rateLimits.requests.peek(customerId);
  const midnight = new Date(nextUtcMidnight(now)).toISOString();
  return {
    defaults,
    overrides,
    effective,
    usage: {
      connections: usageOf(connections.filter((c) => c.status === 'active').length, effective.connections, null),
      eventsPerDay: usageOf(today?.events ?? 0, effective.eventsPerDay, midnight),
      executionsPerDay: usageOf(today?.executions ?? 0, effective.executionsPerDay, midnight),
      requestsPerMinute: usageOf(requests.used, effective.requestsPerMinute, new Date(requests.resetsAt).toISOString()),
    },
  };
}

/** The overrides after a `PUT`: a number sets one, `null` removes it, an absent key keeps it. */
export function applyOverrides(current: LimitOverrides, change: LimitOverridesBody): LimitOverrides {
  const next: LimitOverrides = { ...current };
  for (const name of limitNames) {
    const value = change[name];
    if (value === null) delete next[name];
    else if (value !== undefined) next[name] = value;
  }
  return next;
}

/** The change as the audit entry's detail: `eventsPerDay=50000, connections=default`. */
export function describeChange(change: Partial<Record<string, number | null | undefined>>): string {
  const parts = limitNames.filter((name) => change[name] !== undefined).map((name) => `${name}=${change[name] ?? 'default'}`);
  return parts.join(', ') || 'no change';
}
