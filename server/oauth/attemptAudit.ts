import type { AppDeps } from '../deps.ts';
import { newId } from '../ids.ts';
import type { OAuthAttemptRecord } from '../store/records.ts';

/** The widget user who started an attempt, as the audit log names widget users. */
export const attemptUser = (attempt: OAuthAttemptRecord) =>
  attempt.userId ? `customer:${attempt.customerId}/user:${attempt.userId}` : `customer:${attempt.customerId}`;

/**
 * The audit entry of a callback: `connection.create`, or `connection.reconnect` when the attempt
 * reconnects. The callback is public, so this is written here rather than by the route's trail;
 * it is awaited before the page is sent, like every audited response.
 */
export function auditAttempt(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  attempt: OAuthAttemptRecord,
  outcome: { connectionId?: string; failure?: string; ip?: string },
) {
  const resourceId = outcome.connectionId ?? attempt.connectionId ?? '-';
  return deps.store.audit.append({
    id: newId('aud'),
    timestamp: new Date(deps.clock.now()).toISOString(),
    user: attemptUser(attempt),
    action: attempt.connectionId ? 'connection.reconnect' : 'connection.create',
    resource: `connection/${resourceId}`,
    outcome: outcome.failure ? 'failure' : 'success',
    customerId: attempt.customerId,
    ...(outcome.ip ? { ip: outcome.ip } : {}),
    ...(outcome.failure ? { detail: outcome.failure } : {}),
  });
}
