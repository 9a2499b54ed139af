import { isoAt } from '../clock.ts';
import { toConnectionView } from '../connections/view.ts';
import type { AppDeps } from '../deps.ts';
import { HitchError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { ConnectionRecord } from '../store/records.ts';

/** The error callers get for a connection whose tokens can no longer be refreshed. */
export const needsReconnect = (connection: Pick<ConnectionRecord, 'label' | 'statusReason'>) =>
  new HitchError('conflict', `The connection "${connection.label}" needs to be reconnected: ${connection.statusReason ?? 'its tokens can no longer be refreshed'}`);

/**
 * Marks a connection `error` after its refresh failed for good: the widget then offers to
 * reconnect. Emits `connection.refresh_failed` and records a `system` audit entry.
 */
export async function markRefreshFailed(
  deps: AppDeps,
  connection: ConnectionRecord,
  integrationName: string,
  failure: { code: string; description: string },
): Promise<ConnectionRecord> {
  const statusReason = `${integrationName} refused to refresh the access token (${failure.code}); reconnect the account.`;
  const now = isoAt(deps.clock.now());
  const updated = (await deps.store.connections.update(connection.customerId, connection.id, { status: 'error', statusReason, updatedAt: now })) ?? connection;
  deps.logger.warn('oauth refresh failed', { connectionId: connection.id, integration: connection.integration, code: failure.code });
  await deps.events.record({
    customerId: connection.customerId,
    type: 'system',
    direction: 'outgoing',
    name: 'connection.refresh_failed',
    integration: connection.integration,
    connectionId: connection.id,
    payload: { connection: toConnectionView(updated), error: failure.code, errorDescription: failure.description },
  });
  await deps.store.audit.append({
    id: newId('aud'),
    timestamp: now,
    user: 'system',
    action: 'connection.refresh',
    resource: `connection/${connection.id}`,
    outcome: 'failure',
    customerId: connection.customerId,
    detail: failure.code,
  });
  return updated;
}

