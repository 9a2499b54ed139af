import type { Connection } from '../schemas/connections.ts';
import type { ConnectionRecord } from '../store/records.ts';

/** A connection as the API returns it: never its credentials. */
export function toConnectionView({ credentials: _sealed, ...connection }: ConnectionRecord): Connection {
  return connection;
}
