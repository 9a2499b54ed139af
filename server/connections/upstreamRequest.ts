import type { ResolvedIntegration } from '../integrations/resolve.ts';
import type { StoredCredentials } from './storedCredentials.ts';

/**
 * Fills `{field}` placeholders of a template URL with the connection's field values,
 * URL-encoded so a value can never change the URL's structure.
 */
export function fillPlaceholders(template: string, fields: Record<string, string> = {}): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_match, name: string) => encodeURIComponent(fields[name] ?? ''));
}

/**
 * Adds the connection's auth to an upstream request: the access token (in `Authorization: Bearer`
 * or the header the integration names), API key header/query, or basic; and the integration's
 * fixed headers (`apiHeaders`, such as `Notion-Version`).
 */
export function addUpstreamAuth(integration: ResolvedIntegration, credentials: StoredCredentials, url: URL, headers: Pick<Headers, 'set'>): void {
  for (const [name, value] of Object.entries(integration.apiHeaders ?? {})) headers.set(name, value);
  if (credentials.type === 'oauth2') {
    const placement = integration.oauth2?.tokenHeader ?? { name: 'Authorization', prefix: 'Bearer ' };
    headers.set(placement.name, `${placement.prefix ?? ''}${credentials.accessToken}`);
    return;
  }
  if (credentials.type === 'basic') {
    const { username = '', password = '' } = credentials.fields;
    headers.set('Authorization', `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`);
    return;
  }
  const placement = integration.apiKey ?? { in: 'header' as const, name: 'Authorization', prefix: 'Bearer ' };
  const key = credentials.fields[apiKeyField(integration)] ?? '';
  if (placement.in === 'query') url.searchParams.set(placement.name, key);
  else headers.set(placement.name, `${placement.prefix ?? ''}${key}`);
}

/** The credential field that holds an API key: as configured, else `apiKey`, else the only field. */
export function apiKeyField(integration: ResolvedIntegration): string {
  if (integration.apiKey?.field) return integration.apiKey.field;
  const names = integration.fields.map((field) => field.name);
  return names.includes('apiKey') || names.length !== 1 ? 'apiKey' : names[0];
}

/** The integration's API base for one connection, placeholders filled. */
export function apiBaseFor(integration: ResolvedIntegration, credentials: StoredCredentials): string | undefined {
  return integration.apiBaseUrl && fillPlaceholders(integration.apiBaseUrl, credentials.fields).replace(/\/+$/, '');
}
