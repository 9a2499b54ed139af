import type { IntegrationTemplate } from './template.ts';

/**
 * Microsoft Entra ID (identity platform v2.0), `common` tenant: work, school and personal
 * accounts. `offline_access` is what returns a refresh token. Entra has no RFC 7009 endpoint.
 */
export const microsoft: IntegrationTemplate = {
  key: 'microsoft',
  name: 'Microsoft 365',
  description: 'Outlook mail, calendar, OneDrive and Teams through Microsoft Graph.',
  authType: 'oauth2',
  apiBaseUrl: 'https://graph.microsoft.com/v1.0',
  oauth2: {
    authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    clientAuth: 'client_secret_post',
    scopes: ['offline_access', 'User.Read'],
  },
  test: { method: 'GET', path: '/me' },
  docsUrl: 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow',
};
