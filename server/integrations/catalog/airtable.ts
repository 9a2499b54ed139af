import type { IntegrationTemplate } from './template.ts';

/** Airtable personal access token (API keys were retired in 2024), sent as a Bearer token. */
export const airtable: IntegrationTemplate = {
  key: 'airtable',
  name: 'Airtable',
  description: 'Bases, tables and records.',
  authType: 'apiKey',
  apiBaseUrl: 'https://api.airtable.com',
  fields: [{ name: 'apiKey', label: 'Personal access token', secret: true, pattern: '^pat[A-Za-z0-9.]+$', placeholder: 'pat…' }],
  apiKey: { in: 'header', name: 'Authorization', prefix: 'Bearer ' },
  test: { method: 'GET', path: '/v0/meta/whoami' },
  docsUrl: 'https://airtable.com/developers/web/guides/personal-access-tokens',
};
