import type { IntegrationTemplate } from './template.ts';

/**
 * Google (web server flow). `access_type=offline` is what makes Google return a refresh token,
 * and `prompt=consent` makes it return one again on reconnect.
 */
export const google: IntegrationTemplate = {
  key: 'google',
  name: 'Google',
  description: 'Google Workspace and Google Cloud APIs.',
  authType: 'oauth2',
  apiBaseUrl: 'https://www.googleapis.com',
  oauth2: {
    authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    clientAuth: 'client_secret_post',
    revocationUrl: 'https://oauth2.googleapis.com/revoke',
    scopes: ['openid', 'email', 'profile'],
    authorizeParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
  },
  test: { method: 'GET', path: '/oauth2/v3/userinfo' },
  docsUrl: 'https://developers.google.com/identity/protocols/oauth2/web-server',
};
