import type { IntegrationTemplate } from './template.ts';

/** Zoom (user-managed OAuth app). Scopes are chosen on the app's Marketplace page, so none here. */
export const zoom: IntegrationTemplate = {
  key: 'zoom',
  name: 'Zoom',
  description: 'Meetings, recordings and users.',
  authType: 'oauth2',
  apiBaseUrl: 'https://api.zoom.us/v2',
  oauth2: {
    authorizationUrl: 'https://zoom.us/oauth/authorize',
    tokenUrl: 'https://zoom.us/oauth/token',
    clientAuth: 'client_secret_basic', // Zoom wants Basic client auth at /token and /revoke
    revocationUrl: 'https://zoom.us/oauth/revoke',
    scopes: [],
  },
  test: { method: 'GET', path: '/users/me' },
  docsUrl: 'https://developers.zoom.us/docs/integrations/oauth/',
};
