import { HitchError } from '../errors.ts';
import type { ResolvedIntegration } from '../integrations/resolve.ts';
import { placeholderSyntax, unpinnedPlaceholders } from './pinnedPlaceholders.ts';
import type { StoredCredentials } from './storedCredentials.ts';

/**
 * Fills `{field}` placeholders of a template URL with the connection's field values,
 * URL-encoded so a value can never change the URL's structure.
 */
export function fillPlaceholders(template: string, fields: Record<string, string> = {}): string {
  return template.replace(placeholderSyntax, (_match, name: string) => encodeURIComponent(fields[name] ?? ''));
}

/**
 * Adds the connection's auth to an upstream request: the access token (in `Authorization: Bearer`
 * or the header the integration names), API key header/query, or basic; and the integration's
 * fixed headers (`apiHeaders`, such as `Notion-Version`).
 */
export function addUpstreamAuth(integration: ResolvedIntegration, credentials: StoredCredentials, url: URL, headers: Pick<Headers, 'set'>): void {
  const set = (name: string, value: string) => {
    // fetch's Headers quotes a value it refuses, and these values are secrets: name the header only
    try {
      headers.set(name, value);
    } catch {
      throw new HitchError('conflict', `The ${name} header for ${integration.name} would hold a character HTTP headers do not allow.`);
    }
  };
  for (const [name, value] of Object.entries(integration.apiHeaders ?? {})) set(name, value);
  if (credentials.type === 'oauth2') {
    const placement = integration.oauth2?.tokenHeader ?? { name: 'Authorization', prefix: 'Bearer ' };
    set(placement.name, `${placement.prefix ?? ''}${credentials.accessToken}`);
    return;
  }
  if (credentials.type === 'basic') {
    const { username = '', password = '' } = credentials.fields;
    set('Authorization', `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`);
    return;
  }
  const placement = integration.apiKey ?? { in: 'header' as const, name: 'Authorization', prefix: 'Bearer ' };
  const key = credentials.fields[apiKeyField(integration)] ?? '';
  if (placement.in === 'query') url.searchParams.set(placement.name, key);
  else set(placement.name, `${placement.prefix ?? ''}${key}`);
}

/** The credential field that holds an API key: as configured, else `apiKey`, else the only field. */
export function apiKeyField(integration: ResolvedIntegration): string {
  if (integration.apiKey?.field) return integration.apiKey.field;
  const names = integration.fields.map((field) => field.name);
  return names.includes('apiKey') || names.length !== 1 ? 'apiKey' : names[0];
}

/**
 * The integration's API base for one connection, placeholders filled. A saved integration's
 * placeholders are pinned already; this refuses one saved before that rule (or a built-in whose
 * fields were replaced without their patterns), as `oauthEndpoints` does for the OAuth URLs.
 */
export function apiBaseFor(integration: ResolvedIntegration, credentials: StoredCredentials): string | undefined {
  if (!integration.apiBaseUrl) return undefined;
  const [unpinned] = unpinnedPlaceholders(integration.apiBaseUrl, integration.fields);
  if (unpinned) throw new HitchError('conflict', `The apiBaseUrl of ${integration.name} uses {${unpinned}}, which needs a field whose pattern is anchored with ^ and $.`);
  return fillPlaceholders(integration.apiBaseUrl, credentials.fields).replace(/\/+$/, '');
}
