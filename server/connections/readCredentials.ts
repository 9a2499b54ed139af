import type { AppDeps } from '../deps.ts';
import type { Credentials } from '../schemas/connections.ts';
import { freshCredentials } from './freshCredentials.ts';

/** `GET …/credentials`: the connection's secrets for the organization's backend. */
export async function readCredentials(deps: AppDeps, customerId: string, id: string): Promise<Credentials> {
  const { credentials: stored } = await freshCredentials(deps, customerId, id);
  if (stored.type === 'oauth2') {
    return { type: 'oauth2', accessToken: stored.accessToken, expiresAt: stored.expiresAt, ...(stored.fields ? { fields: stored.fields } : {}) };
  }
  if (stored.type === 'basic') {
    return { type: 'basic', username: stored.fields.username, password: stored.fields.password, fields: stored.fields };
  }
  const keyField = Object.keys(stored.fields).includes('apiKey') ? 'apiKey' : Object.keys(stored.fields)[0];
  return { type: 'apiKey', apiKey: stored.fields[keyField], fields: stored.fields };
}
