import type { AppDeps } from '../deps.ts';
import { limitNames, type LimitOverrides, type PlanLimits } from '../schemas/limits.ts';
import type { Store } from '../store/Store.ts';

/** The plan defaults until an admin sets them with `PUT /v1/limits`. */
export const initialPlanLimits: PlanLimits = {
  connections: 50,
  eventsPerDay: 100_000,
  executionsPerDay: 10_000,
  requestsPerMinute: 600,
};

export interface ResolvedLimits {
  defaults: PlanLimits;
  overrides: LimitOverrides;
  effective: PlanLimits;
}

/** Only the four limits of a stored record (no ids or times). */
export function pickLimits<T extends Partial<PlanLimits>>(record: T): Partial<PlanLimits> {
  const picked: Partial<PlanLimits> = {};
  for (const name of limitNames) if (record[name] !== undefined) picked[name] = record[name];
  return picked;
}

export async function planDefaults(store: Store): Promise<PlanLimits> {
  const stored = await store.limits.getPlan();
  return stored ? (pickLimits(stored) as PlanLimits) : { ...initialPlanLimits };
}

/** A customer's defaults, overrides and the effective limits (an override wins). */
export async function resolveLimits(deps: Pick<AppDeps, 'store'>, customerId: string): Promise<ResolvedLimits> {
  const [defaults, stored] = await Promise.all([planDefaults(deps.store), deps.store.limits.getOverrides(customerId)]);
  const overrides = stored ? pickLimits(stored) : {};
  return { defaults, overrides, effective: { ...defaults, ...overrides } };
}
