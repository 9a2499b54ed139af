import type { AppDeps } from '../deps.ts';
import { findIntegration } from '../integrations/resolve.ts';
import type { Credentials } from '../schemas/connections.ts';
import { freshCredentials } from './freshCredentials.ts';
import { apiKeyField } from './upstreamRequest.ts';

/** `GET …/credentials`: the connection's secrets for the organization's backend. */
export async function readCredentials(deps: AppDeps, customerId: string, id: string): Promise<Credentials> {
  const { connection, credentials: stored } = await freshCredentials(deps, customerId, id);
  if (stored.type === 'oauth2') {
    return { type: 'oauth2', accessToken: stored.accessToken, expiresAt: stored.expiresAt, ...(stored.fields ? { fields: stored.fields } : {}) };
  }
  if (stored.type === 'basic') {
    return { type: 'basic', username: stored.fields.username, password: stored.fields.password, fields: stored.fields };
  }
  // The same field the proxy and workflows send upstream
  const integration = await findIntegration(deps, connection.integration);
  const keyField = integration ? apiKeyField(integration) : 'apiKey';
  return { type: 'apiKey', apiKey: stored.fields[keyField], fields: stored.fields };
}
