import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { expiresWithin, refreshConnection } from '../oauth/refresh.ts';
import type { ConnectionRecord, Sealed } from '../store/records.ts';
import type { StoredCredentials } from './storedCredentials.ts';

/** OAuth tokens expiring within this window are refreshed before they are handed out. */
export const refreshBeforeUseMs = 60_000;

/**
 * Opened credentials by their sealed value. A sealed value never changes (an update seals anew),
 * so an entry cannot go stale, and it goes away with its record. Saves a decryption per proxy call.
 */
const opened = new WeakMap<Sealed, Readonly<StoredCredentials>>();
function openCredentials(deps: Pick<AppDeps, 'secrets'>, sealed: Sealed): StoredCredentials {
  let credentials = opened.get(sealed);
  if (!credentials) opened.set(sealed, (credentials = Object.freeze(deps.secrets.openJson<StoredCredentials>(sealed))));
  return credentials;
}

/**
 * A connection's credentials, ready to use upstream. Every reader of credentials (the
 * credentials route, the proxy, workflows) goes through here, so OAuth refresh lives in one place:
 * a token that expires within 60 s is refreshed first (single-flight per connection).
 */
export async function freshCredentials(
  deps: AppDeps,
  customerId: string,
  connectionId: string,
): Promise<{ connection: ConnectionRecord; credentials: StoredCredentials }> {
  const connection = await deps.store.connections.get(customerId, connectionId);
  if (!connection) throw notFound('The connection');
  const credentials = openCredentials(deps, connection.credentials);
  if (credentials.type === 'oauth2' && expiresWithin(credentials, deps.clock.now(), refreshBeforeUseMs)) {
    return refreshConnection(deps, customerId, connectionId, refreshBeforeUseMs);
  }
  return { connection, credentials };
}
