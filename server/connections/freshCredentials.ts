import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import type { ConnectionRecord } from '../store/records.ts';
import type { StoredCredentials } from './storedCredentials.ts';

/**
 * A connection's credentials, ready to use upstream. Every reader of credentials (the
 * credentials route, the proxy, workflows) goes through here, so OAuth refresh lives in one place.
 */
export async function freshCredentials(
  deps: AppDeps,
  customerId: string,
  connectionId: string,
): Promise<{ connection: ConnectionRecord; credentials: StoredCredentials }> {
  const connection = await deps.store.connections.get(customerId, connectionId);
  if (!connection) throw notFound('The connection');
  return { connection, credentials: deps.secrets.openJson<StoredCredentials>(connection.credentials) };
}
