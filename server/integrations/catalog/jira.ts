import type { IntegrationTemplate } from './template.ts';

/**
 * Jira Cloud with an Atlassian API token (Basic auth: account email + token) on one site.
 * `{site}` comes from the `site` field, pinned to `*.atlassian.net`. For apps used by many
 * customers Atlassian prefers OAuth (the `atlassian` template).
 */
export const jira: IntegrationTemplate = {
  key: 'jira',
  name: 'Jira Cloud (API token)',
  description: 'Jira issues and projects of one Atlassian site.',
  authType: 'basic',
  apiBaseUrl: 'https://{site}/rest/api/3',
  fields: [
    { name: 'site', label: 'Site', pattern: '^[A-Za-z0-9-]+\\.atlassian\\.net$', placeholder: 'your-team.atlassian.net' },
    { name: 'username', label: 'Atlassian account email', placeholder: 'you@example.com' },
    { name: 'password', label: 'API token', secret: true },
  ],
  test: { method: 'GET', path: '/myself' },
  docsUrl: 'https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/',
};
