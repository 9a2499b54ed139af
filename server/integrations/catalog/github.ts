import type { IntegrationTemplate } from './template.ts';

/**
 * GitHub OAuth app. GitHub has no RFC 7009 endpoint (tokens are deleted with
 * `DELETE /applications/{client_id}/grant`), so no revocation URL. Its token endpoint answers
 * form-encoded unless the request sends `Accept: application/json`.
 */
export const github: IntegrationTemplate = {
  key: 'github',
  name: 'GitHub',
  description: 'Repositories, issues and pull requests.',
  authType: 'oauth2',
  apiBaseUrl: 'https://api.github.com',
  oauth2: {
    authorizationUrl: 'https://github.com/login/oauth/authorize',
    tokenUrl: 'https://github.com/login/oauth/access_token',
    clientAuth: 'client_secret_post',
    scopes: ['read:user', 'user:email'],
  },
  test: { method: 'GET', path: '/user' },
  docsUrl: 'https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps',
};
