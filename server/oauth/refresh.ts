import type { StoredCredentials } from '../connections/storedCredentials.ts';
import type { AppDeps } from '../deps.ts';
import { HitchError, notFound } from '../errors.ts';
import { findIntegration } from '../integrations/resolve.ts';
import type { ConnectionRecord } from '../store/records.ts';
import type { Store } from '../store/Store.ts';
import { requireOAuthClient, type OAuthIntegration } from './endpoints.ts';
import { markRefreshFailed, needsReconnect } from './refreshFailure.ts';
import { requestTokens } from './tokenEndpoint.ts';
import { TokenEndpointError, toCredentials, type OAuthCredentials } from './tokenResponse.ts';

export interface Fresh {
  connection: ConnectionRecord;
  credentials: StoredCredentials;
}

/** Transient failures in a row (network, 5xx) before a connection is marked `error`. */
const failureLimit = 3;

/** Per store (one per server): refreshes in flight and transient failures, by connection. */
const stateByStore = new WeakMap<Store, { inFlight: Map<string, Promise<Fresh>>; failures: Map<string, number> }>();
function stateOf(store: Store) {
  let state = stateByStore.get(store);
  if (!state) stateByStore.set(store, (state = { inFlight: new Map(), failures: new Map() }));
  return state;
}

export const expiresWithin = (credentials: OAuthCredentials, now: number, ms: number) =>
  credentials.expiresAt !== undefined && Date.parse(credentials.expiresAt) - now <= ms;

/** A reconnect starts the count of transient failures afresh. */
export const forgetRefreshFailures = (deps: Pick<AppDeps, 'store'>, connectionId: string) => stateOf(deps.store).failures.delete(connectionId);

/**
 * Refreshes a connection's tokens when they expire within `windowMs`. Single-flight: callers
 * that arrive while a refresh of the same connection runs share its result.
 */
export function refreshConnection(deps: AppDeps, customerId: string, connectionId: string, windowMs: number): Promise<Fresh> {
  const { inFlight } = stateOf(deps.store);
  const key = `${customerId}/${connectionId}`;
  const running = inFlight.get(key);
  if (running) return running;
  const refresh = refreshIfDue(deps, customerId, connectionId, windowMs).finally(() => inFlight.delete(key));
  inFlight.set(key, refresh);
  return refresh;
}

async function refreshIfDue(deps: AppDeps, customerId: string, connectionId: string, windowMs: number): Promise<Fresh> {
  // Read again: a refresh that finished a moment ago may have made this one unnecessary.
  const connection = await deps.store.connections.get(customerId, connectionId);
  if (!connection) throw notFound('The connection');
  const credentials = deps.secrets.openJson<StoredCredentials>(connection.credentials);
  const now = deps.clock.now();
  if (credentials.type !== 'oauth2' || !expiresWithin(credentials, now, windowMs)) return { connection, credentials };
  const expired = expiresWithin(credentials, now, 0);
  if (connection.status === 'error') {
    if (expired) throw needsReconnect(connection);
    return { connection, credentials };
  }
  const integration = await refreshableIntegration(deps, connection);
  if (!credentials.refreshToken) {
    if (!expired) return { connection, credentials };
    const failure = { code: 'no_refresh_token', description: 'The access token expired and the provider issued no refresh token.' };
    throw needsReconnect(await markRefreshFailed(deps, connection, integration.name, failure));
  }
  try {
    const tokens = await requestTokens(deps, integration, { grant_type: 'refresh_token', refresh_token: credentials.refreshToken }, credentials.fields);
    return await saveRefreshed(deps, connection, toCredentials(tokens, deps.clock.now(), credentials));
  } catch (error) {
    if (!(error instanceof TokenEndpointError)) throw error;
    return refreshFailed(deps, { connection, credentials }, integration, error, expired);
  }
}

async function refreshableIntegration(deps: AppDeps, connection: ConnectionRecord): Promise<OAuthIntegration> {
  const integration = await findIntegration(deps, connection.integration);
  if (!integration?.enabled) throw new HitchError('conflict', `The integration "${connection.integration}" is not available.`);
  return requireOAuthClient(integration);
}

/**
 * Saves new tokens before anyone uses them, so a rotated refresh token is never lost. A
 * reconnect that landed meanwhile wins: its tokens are newer than these.
 */
async function saveRefreshed(deps: AppDeps, previous: ConnectionRecord, credentials: OAuthCredentials): Promise<Fresh> {
  stateOf(deps.store).failures.delete(previous.id);
  const current = await deps.store.connections.get(previous.customerId, previous.id);
  if (!current) throw notFound('The connection');
  if (current.credentials.data !== previous.credentials.data) {
    return { connection: current, credentials: deps.secrets.openJson<StoredCredentials>(current.credentials) };
  }
  const now = new Date(deps.clock.now()).toISOString();
  const updated = await deps.store.connections.update(previous.customerId, previous.id, {
    credentials: deps.secrets.sealJson(credentials),
    expiresAt: credentials.expiresAt,
    lastRefreshedAt: now,
  });
  if (!updated) throw notFound('The connection');
  return { connection: updated, credentials };
}

/**
 * A refused grant (`invalid_grant`…) marks the connection at once; a transient failure only
 * after several in a row. Until then a token that has not yet expired is still handed out.
 */
async function refreshFailed(deps: AppDeps, fresh: Fresh, integration: OAuthIntegration, error: TokenEndpointError, expired: boolean): Promise<Fresh> {
  const { failures } = stateOf(deps.store);
  const count = (failures.get(fresh.connection.id) ?? 0) + 1;
  failures.set(fresh.connection.id, count);
  if (!error.transient || count >= failureLimit) {
    failures.delete(fresh.connection.id);
    throw needsReconnect(await markRefreshFailed(deps, fresh.connection, integration.name, error));
  }
  deps.logger.warn('oauth refresh failed, will retry', { connectionId: fresh.connection.id, code: error.code, failures: count });
  if (!expired) return fresh;
  throw new HitchError('upstream_error', `${integration.name} could not refresh the access token (${error.code}); try again shortly.`);
}
