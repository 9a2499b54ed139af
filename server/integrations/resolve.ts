import type { AppDeps } from '../deps.ts';
import type { Integration, IntegrationField, WidgetIntegration } from '../schemas/integrations.ts';
import type { IntegrationRecord, Sealed } from '../store/records.ts';
import { builtInCatalog, findTemplate, type IntegrationTemplate } from './catalog/index.ts';

/** An integration as Hitch uses it: the built-in template (if any) with the admin's configuration on top. */
export interface ResolvedIntegration {
  key: string;
  name: string;
  description?: string;
  logoUrl?: string;
  enabled: boolean;
  builtIn: boolean;
  authType: Integration['authType'];
  apiBaseUrl?: string;
  apiHeaders?: Record<string, string>;
  oauth2?: Omit<NonNullable<IntegrationTemplate['oauth2']>, never> & { clientId?: string; clientSecret?: Sealed };
  fields: IntegrationField[];
  apiKey?: Integration['apiKey'];
  test?: Integration['test'];
  accountRequest?: Integration['accountRequest'];
  webhook?: Omit<NonNullable<Integration['webhook']>, 'secretSet'> & { secret: Sealed };
}

/** The credential fields asked for when an integration names none. */
const defaultFields: Record<Integration['authType'], IntegrationField[]> = {
  apiKey: [{ name: 'apiKey', label: 'API key', secret: true }],
  basic: [
    { name: 'username', label: 'Username' },
    { name: 'password', label: 'Password', secret: true },
  ],
  oauth2: [],
};

export function resolve(template: IntegrationTemplate | undefined, record: IntegrationRecord | undefined): ResolvedIntegration {
  const base = template ?? ({} as Partial<IntegrationTemplate>);
  const authType = record?.authType ?? base.authType!;
  const oauth2 = base.oauth2 || record?.oauth2 ? { ...base.oauth2, ...record?.oauth2 } : undefined;
  return {
    key: (record?.key ?? base.key)!,
    name: (record?.name ?? base.name)!,
    description: record?.description ?? base.description,
    logoUrl: record?.logoUrl ?? base.logoUrl,
    enabled: record ? record.enabled : false,
    builtIn: template !== undefined,
    authType,
    apiBaseUrl: record?.apiBaseUrl ?? base.apiBaseUrl,
    apiHeaders: record?.apiHeaders ?? base.apiHeaders,
    oauth2: oauth2 as ResolvedIntegration['oauth2'],
    fields: record?.fields ?? base.fields ?? defaultFields[authType],
    apiKey: record?.apiKey ?? base.apiKey,
    test: record?.test ?? base.test,
    accountRequest: record?.accountRequest,
    webhook: record?.webhook,
  };
}

export async function findIntegration(deps: Pick<AppDeps, 'store'>, key: string): Promise<ResolvedIntegration | undefined> {
  const template = findTemplate(key);
  const record = await deps.store.integrations.get(key);
  return template || record ? resolve(template, record) : undefined;
}

/** Built-ins first (catalog order), then custom integrations by key. */
export async function listIntegrations(deps: Pick<AppDeps, 'store'>): Promise<ResolvedIntegration[]> {
  const records = new Map((await deps.store.integrations.list()).map((record) => [record.key, record]));
  const builtIns = builtInCatalog.map((template) => resolve(template, records.get(template.key)));
  const custom = [...records.values()]
    .filter((record) => !findTemplate(record.key))
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((record) => resolve(undefined, record));
  return [...builtIns, ...custom];
}

/** The admin API's view: every setting, secrets replaced by whether they are set. */
export function toAdminView(integration: ResolvedIntegration): Integration {
  const { oauth2, webhook, ...rest } = integration;
  return {
    ...rest,
    ...(oauth2 ? { oauth2: { ...withoutSecret(oauth2), clientSecretSet: oauth2.clientSecret !== undefined } } : {}),
    ...(webhook ? { webhook: { ...withoutWebhookSecret(webhook), secretSet: true } } : {}),
  } as Integration;
}

/** What the widget sees: enough to render and connect. */
export function toWidgetView({ key, name, description, logoUrl, authType, fields }: ResolvedIntegration): WidgetIntegration {
  return { key, name, description, logoUrl, authType, ...(fields.length ? { fields } : {}) };
}

function withoutWebhookSecret<T extends { secret: unknown }>({ secret: _secret, ...rest }: T) {
  return rest;
}

function withoutSecret<T extends { clientSecret?: unknown }>({ clientSecret: _secret, ...rest }: T) {
  return rest;
}
