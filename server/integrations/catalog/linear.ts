import type { IntegrationTemplate } from './template.ts';

/** Linear. Scopes are comma-separated; access tokens are short-lived with rotating refresh tokens. */
export const linear: IntegrationTemplate = {
  key: 'linear',
  name: 'Linear',
  description: 'Issues, projects and comments (GraphQL at /graphql).',
  authType: 'oauth2',
  apiBaseUrl: 'https://api.linear.app',
  oauth2: {
    authorizationUrl: 'https://linear.app/oauth/authorize',
    tokenUrl: 'https://api.linear.app/oauth/token',
    clientAuth: 'client_secret_post',
    revocationUrl: 'https://api.linear.app/oauth/revoke',
    scopes: ['read', 'write'],
    scopeSeparator: ',',
  },
  docsUrl: 'https://linear.app/developers/oauth-2-0-authentication',
};
