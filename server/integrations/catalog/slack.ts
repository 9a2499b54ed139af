import type { IntegrationTemplate } from './template.ts';

/**
 * Slack OAuth v2. `scopes` are bot scopes (the top-level token of the `oauth.v2.access`
 * answer); user-token scopes go in the separate `user_scope` parameter. Both are comma-joined.
 * `auth.revoke` takes the token as a form field, like RFC 7009.
 */
export const slack: IntegrationTemplate = {
  key: 'slack',
  name: 'Slack',
  description: 'Post messages and read channels in a Slack workspace.',
  authType: 'oauth2',
  apiBaseUrl: 'https://slack.com/api',
  oauth2: {
    authorizationUrl: 'https://slack.com/oauth/v2/authorize',
    tokenUrl: 'https://slack.com/api/oauth.v2.access',
    clientAuth: 'client_secret_post',
    revocationUrl: 'https://slack.com/api/auth.revoke',
    scopes: ['channels:read', 'chat:write'],
    authorizeParams: { user_scope: 'users:read' },
    scopeSeparator: ',',
  },
  test: { method: 'GET', path: '/auth.test' },
  docsUrl: 'https://docs.slack.dev/authentication/installing-with-oauth',
};
