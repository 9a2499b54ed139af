import type { IntegrationTemplate } from './template.ts';

/**
 * Salesforce (web server flow with PKCE). Each org has its own My Domain host, which also
 * serves sandboxes (`*.sandbox.my.salesforce.com`), so the URLs use the `{instance}` field.
 * The `refresh_token` scope is what makes Salesforce issue a refresh token.
 */
export const salesforce: IntegrationTemplate = {
  key: 'salesforce',
  name: 'Salesforce',
  description: 'Salesforce CRM records through the REST API.',
  authType: 'oauth2',
  apiBaseUrl: 'https://{instance}/services/data/v64.0',
  oauth2: {
    authorizationUrl: 'https://{instance}/services/oauth2/authorize',
    tokenUrl: 'https://{instance}/services/oauth2/token',
    clientAuth: 'client_secret_post',
    revocationUrl: 'https://{instance}/services/oauth2/revoke',
    scopes: ['api', 'refresh_token'],
  },
  fields: [
    {
      name: 'instance',
      label: 'My Domain',
      pattern: '^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.my\\.salesforce\\.com$',
      placeholder: 'acme.my.salesforce.com',
    },
  ],
  test: { method: 'GET', path: '/limits' },
  docsUrl: 'https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_web_server_flow.htm&type=5',
};
