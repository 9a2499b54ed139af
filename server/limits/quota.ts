import type { AppDeps } from '../deps.ts';
import type { HitchError } from '../errors.ts';
import type { ConnectionRecord } from '../store/records.ts';
import type { DailyCounter } from '../store/Store.ts';
import { resolveLimits } from './planLimits.ts';
import { announceExceeded, auditRefusal, refusalError, type Refusal, type RefusalAudit } from './refusal.ts';
import { nextUtcMidnight, utcDay } from './utcWindows.ts';

/**
 * The per-customer quotas, for the services that create what they count. Each call admits (and
 * counts) or throws the 429 `HitchError` after sending `quota.exceeded` (once per customer, limit
 * and UTC day). Refusals inside an audited route are recorded by the route's audit entry; a
 * caller outside a request (a scheduled run) passes `audit` so the refusal gets its own entry.
 */
export interface QuotaOptions {
  audit?: RefusalAudit;
  /**
   * Takes the counter's disk write instead of awaiting it, so a route can await it beside its
   * other writes (`writeBeforeResponse`) rather than before them.
   */
  deferSave?: (saved: Promise<void>) => void;
}

type QuotaDeps = Pick<AppDeps, 'store' | 'events' | 'clock'>;

/** One incoming event (a manual event, an incoming webhook), counted against `eventsPerDay`. */
export const admitEvent = (deps: QuotaDeps, customerId: string, options: QuotaOptions = {}) =>
  admitDaily(deps, customerId, 'events', options);

/** One workflow run, counted against `executionsPerDay`. A refused scheduled run is recorded as skipped. */
export const admitExecution = (deps: QuotaDeps, customerId: string, options: QuotaOptions = {}) =>
  admitDaily(deps, customerId, 'executions', options);

async function admitDaily(deps: QuotaDeps, customerId: string, counter: DailyCounter, options: QuotaOptions): Promise<void> {
  const now = deps.clock.now();
  const limit = counter === 'events' ? 'eventsPerDay' : 'executionsPerDay';
  const { effective } = await resolveLimits(deps, customerId);
  const { admitted, saved } = await deps.store.usage.admit(customerId, utcDay(now), counter, effective[limit]);
  if (admitted) return options.deferSave ? options.deferSave(saved) : saved;
  throw await refuse(deps, { customerId, limit, value: effective[limit], resetsAt: nextUtcMidnight(now) }, options);
}

/**
 * Refuses early, before credentials are tested or the user is sent to a provider, when the
 * customer has no connection slot left. Reconnecting an existing connection needs no slot.
 */
export async function assertConnectionSlot(deps: QuotaDeps, customerId: string, options: QuotaOptions = {}): Promise<void> {
  const { effective } = await resolveLimits(deps, customerId);
  const connections = await deps.store.connections.list(customerId);
  if (connections.filter((connection) => connection.status === 'active').length < effective.connections) return;
  throw await refuse(deps, { customerId, limit: 'connections', value: effective.connections }, options);
}

/** Stores a new connection unless the customer is at its limit: the count and the insert are atomic. */
export async function createConnectionWithinLimit(deps: QuotaDeps, record: ConnectionRecord, options: QuotaOptions = {}): Promise<void> {
  const { effective } = await resolveLimits(deps, record.customerId);
  if (await deps.store.connections.create(record, { maxActive: effective.connections })) return;
  throw await refuse(deps, { customerId: record.customerId, limit: 'connections', value: effective.connections }, options);
}

/** Announces a refusal (and audits it when asked) and returns the 429 to throw. */
export async function refuse(deps: QuotaDeps, refusal: Refusal, options: QuotaOptions & { headers?: Record<string, string> }): Promise<HitchError> {
  const error = refusalError(refusal, deps.clock.now(), options.headers);
  await announceExceeded(deps, refusal);
  if (options.audit) await auditRefusal(deps, refusal, error, options.audit);
  return error;
}
