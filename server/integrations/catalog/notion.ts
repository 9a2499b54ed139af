import type { IntegrationTemplate } from './template.ts';

/**
 * Notion public integration. Notion has no OAuth scopes (the user picks pages on its consent
 * screen) and needs `owner=user`. Its revoke endpoint takes JSON, not an RFC 7009 form, so no
 * revocation URL; API calls also need a `Notion-Version` header (`apiHeaders`).
 */
export const notion: IntegrationTemplate = {
  key: 'notion',
  name: 'Notion',
  description: 'Pages and databases the user shares with the integration.',
  authType: 'oauth2',
  apiBaseUrl: 'https://api.notion.com/v1',
  oauth2: {
    authorizationUrl: 'https://api.notion.com/v1/oauth/authorize',
    tokenUrl: 'https://api.notion.com/v1/oauth/token',
    scopes: [],
    authorizeParams: { owner: 'user' },
    // Notion's token endpoint takes HTTP Basic client auth and a JSON body.
    clientAuth: 'client_secret_basic',
    tokenRequestFormat: 'json',
  },
  apiHeaders: { 'Notion-Version': '2025-09-03' },
  docsUrl: 'https://developers.notion.com/guides/authorization/overview',
};
