import type { AppDeps } from '../deps.ts';
import { HitchError, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { findIntegration, type ResolvedIntegration } from '../integrations/resolve.ts';
import { revokeTokens } from '../oauth/revoke.ts';
import { assertConnectionSlot, createConnectionWithinLimit } from '../limits/quota.ts';
import type { Connection } from '../schemas/connections.ts';
import type { ConnectionRecord } from '../store/records.ts';
import { accountIdFor } from './accountId.ts';
import type { StoredCredentials } from './storedCredentials.ts';
import { testCredentials } from './testCredentials.ts';
import { validateFields } from './validateFields.ts';
import { toConnectionView } from './view.ts';

/** An enabled integration, or 404 (a disabled one is as good as absent to end users). */
export async function enabledIntegration(deps: AppDeps, key: string): Promise<ResolvedIntegration> {
  const integration = await findIntegration(deps, key);
  if (!integration?.enabled) throw notFound(`The integration "${key}"`);
  return integration;
}

/** A label not yet used by the customer's connections to that integration. */
export async function availableLabel(deps: AppDeps, customerId: string, integration: ResolvedIntegration, wanted?: string) {
  const taken = new Set((await deps.store.connections.list(customerId, { integration: integration.key })).map((c) => c.label));
  if (wanted) {
    if (taken.has(wanted)) throw new HitchError('conflict', `A ${integration.name} connection labelled "${wanted}" already exists.`);
    return wanted;
  }
  let label = integration.name;
  for (let n = 2; taken.has(label); n++) label = `${integration.name} (${n})`;
  return label;
}

/** Creates an API-key or basic connection: fields checked, test request run, credentials sealed. */
export async function createKeyConnection(
  deps: AppDeps,
  customerId: string,
  input: { integration: string; label?: string; credentials: Record<string, string> },
): Promise<Connection> {
  const integration = await enabledIntegration(deps, input.integration);
  if (integration.authType === 'oauth2') {
    throw new HitchError('validation_failed', `${integration.name} connects with OAuth; start it with /v1/widget/oauth/${integration.key}/start.`, {
      errors: [{ path: 'integration', message: 'connects with OAuth 2' }],
    });
  }
  const fields = validateFields(integration.fields, input.credentials);
  const label = await availableLabel(deps, customerId, integration, input.label);
  const credentials: StoredCredentials = { type: integration.authType, fields };
  // Refused before the credentials test, so a full account makes no request to the provider
  await assertConnectionSlot(deps, customerId);
  await testCredentials(deps, integration, credentials);
  const accountId = await accountIdFor(deps, integration, credentials);
  const now = new Date(deps.clock.now()).toISOString();
  const record: ConnectionRecord = {
    id: newId('conn'),
    customerId,
    integration: integration.key,
    label,
    status: 'active',
    authType: integration.authType,
    credentials: deps.secrets.sealJson(credentials),
    createdAt: now,
    updatedAt: now,
    ...(accountId ? { accountId } : {}),
  };
  await createConnectionWithinLimit(deps, record);
  const connection = toConnectionView(record);
  await recordLifecycle(deps, 'connection.created', connection);
  return connection;
}

export async function relabelConnection(deps: AppDeps, customerId: string, id: string, label: string): Promise<Connection> {
  const existing = await deps.store.connections.get(customerId, id);
  if (!existing) throw notFound('The connection');
  if (existing.label !== label) {
    const integration = (await findIntegration(deps, existing.integration)) ?? ({ key: existing.integration, name: existing.integration } as ResolvedIntegration);
    await availableLabel(deps, customerId, integration, label);
  }
  const updated = await deps.store.connections.update(customerId, id, { label, updatedAt: new Date(deps.clock.now()).toISOString() });
  if (!updated) throw notFound('The connection');
  const connection = toConnectionView(updated);
  await recordLifecycle(deps, 'connection.updated', connection);
  return connection;
}

export async function deleteConnection(deps: AppDeps, customerId: string, id: string): Promise<void> {
  const existing = await deps.store.connections.get(customerId, id);
  if (!existing || !(await deps.store.connections.delete(customerId, id))) throw notFound('The connection');
  await revokeTokens(deps, existing);
  await recordLifecycle(deps, 'connection.deleted', toConnectionView(existing));
}

/** Lifecycle events are outgoing `system` events carrying the connection (never its secrets). */
export function recordLifecycle(deps: AppDeps, name: string, connection: Connection) {
  return deps.events.record({
    customerId: connection.customerId,
    type: 'system',
    direction: 'outgoing',
    name,
    integration: connection.integration,
    connectionId: connection.id,
    payload: { connection },
  });
}
