import type { AppDeps } from '../deps.ts';
import { HitchError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { LimitName } from '../schemas/limits.ts';
import { secondsUntil, utcDay } from './utcWindows.ts';

export interface Refusal {
  customerId: string;
  limit: LimitName;
  /** The effective limit that was reached. */
  value: number;
  /** When the limit frees up again (ms); undefined for `connections`, which no time resets. */
  resetsAt?: number;
}

/** What a client is told to wait for a connection slot: only a removal or a higher limit frees one. */
export const connectionRetryAfterSeconds = 3600;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Worded for end users: the widget shows `detail` as is. */
function detailOf({ limit, value }: Refusal, retryAfter: number): string {
  const resets = ' It resets at midnight UTC.';
  switch (limit) {
    case 'connections':
      return `This account has reached its limit of ${plural(value, 'connection', 'connections')}. Remove a connection, or ask your administrator to raise the limit.`;
    case 'eventsPerDay':
      return `This account has reached its limit of ${plural(value, 'incoming event', 'incoming events')} per day.${resets}`;
    case 'executionsPerDay':
      return `This account has reached its limit of ${plural(value, 'workflow run', 'workflow runs')} per day.${resets}`;
    case 'requestsPerMinute':
      return `Too many requests: this account is limited to ${plural(value, 'request', 'requests')} per minute. Try again in ${plural(retryAfter, 'second', 'seconds')}.`;
  }
}

/** The 429: `rate_limited` for the per-minute limit, `quota_exceeded` for the others. */
export function refusalError(refusal: Refusal, now: number, headers?: Record<string, string>): HitchError {
  const retryAfter = refusal.resetsAt === undefined ? connectionRetryAfterSeconds : secondsUntil(refusal.resetsAt, now);
  const code = refusal.limit === 'requestsPerMinute' ? 'rate_limited' : 'quota_exceeded';
  return new HitchError(code, detailOf(refusal, retryAfter), { retryAfter, headers, reason: refusal.limit });
}

/** Sends the outgoing `quota.exceeded` event once per customer, limit and UTC day. */
export async function announceExceeded(deps: Pick<AppDeps, 'store' | 'events' | 'clock'>, refusal: Refusal): Promise<void> {
  const { customerId, limit, value, resetsAt } = refusal;
  if (!(await deps.store.usage.markExceeded(customerId, utcDay(deps.clock.now()), limit))) return;
  await deps.events.record({
    customerId,
    type: 'system',
    direction: 'outgoing',
    name: 'quota.exceeded',
    payload: { limit, value, resetsAt: resetsAt === undefined ? null : new Date(resetsAt).toISOString() },
  });
}

export interface RefusalAudit {
  user: string;
  action: string;
  resource: string;
  ip?: string;
  /** Appended to the detail, such as the refused route. */
  context?: string;
}

/** An audit entry for a refusal that no audited request records (a read, a scheduled run). */
export async function auditRefusal(deps: Pick<AppDeps, 'store' | 'clock'>, refusal: Refusal, error: HitchError, entry: RefusalAudit) {
  await deps.store.audit.append({
    id: newId('aud'),
    timestamp: new Date(deps.clock.now()).toISOString(),
    user: entry.user,
    action: entry.action,
    resource: entry.resource,
    outcome: 'failure',
    customerId: refusal.customerId,
    ...(entry.ip ? { ip: entry.ip } : {}),
    detail: `${error.code}: ${refusal.limit}${entry.context ? ` (${entry.context})` : ''}`,
  });
}
