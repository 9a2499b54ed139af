import type { IntegrationTemplate } from './template.ts';

/**
 * HubSpot. Uses the date-versioned OAuth API (2026-03): the v1 token endpoints are deprecated
 * and stop working on 16 February 2027. Every app must request the `oauth` scope.
 */
export const hubspot: IntegrationTemplate = {
  key: 'hubspot',
  name: 'HubSpot',
  description: 'CRM contacts, companies and deals.',
  authType: 'oauth2',
  apiBaseUrl: 'https://api.hubapi.com',
  oauth2: {
    authorizationUrl: 'https://app.hubspot.com/oauth/authorize',
    tokenUrl: 'https://api.hubapi.com/oauth/2026-03/token',
    clientAuth: 'client_secret_post',
    revocationUrl: 'https://api.hubapi.com/oauth/2026-03/token/revoke',
    scopes: ['oauth', 'crm.objects.contacts.read'],
  },
  docsUrl: 'https://developers.hubspot.com/docs/api-reference/legacy/authentication/oauth-tokens/v1/migration-guide',
};
