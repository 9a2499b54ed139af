import type { IntegrationTemplate } from './template.ts';

/**
 * Atlassian Cloud (Jira, Confluence) with OAuth 2.0 (3LO). `audience=api.atlassian.com` is
 * required, `offline_access` returns a rotating refresh token. Calls go through the gateway:
 * `/ex/jira/{cloudId}/…`, with the cloud id from `/oauth/token/accessible-resources`.
 */
export const atlassian: IntegrationTemplate = {
  key: 'atlassian',
  name: 'Atlassian (Jira, Confluence)',
  description: 'Jira issues and Confluence pages of the sites a user grants.',
  authType: 'oauth2',
  apiBaseUrl: 'https://api.atlassian.com',
  oauth2: {
    authorizationUrl: 'https://auth.atlassian.com/authorize',
    tokenUrl: 'https://auth.atlassian.com/oauth/token',
    clientAuth: 'client_secret_post',
    scopes: ['read:jira-work', 'read:jira-user', 'offline_access'],
    authorizeParams: { audience: 'api.atlassian.com', prompt: 'consent' },
  },
  test: { method: 'GET', path: '/oauth/token/accessible-resources' },
  docsUrl: 'https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/',
};
