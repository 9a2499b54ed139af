import type { IntegrationTemplate } from './template.ts';

/**
 * Shopify (authorization code grant, non-embedded app). Every shop is its own host, so the
 * URLs carry the `{shop}` placeholder, filled from the `shop` field; its pattern only admits
 * `<name>.myshopify.com`, so the placeholder cannot redirect a request elsewhere (see
 * template.ts). Scopes are comma-separated. The Admin API wants the token in
 * `X-Shopify-Access-Token`, not `Authorization: Bearer`; REST is legacy, GraphQL is at
 * `/graphql.json` under the same base.
 */
export const shopify: IntegrationTemplate = {
  key: 'shopify',
  name: 'Shopify',
  description: 'Products, orders and customers of a Shopify store.',
  authType: 'oauth2',
  apiBaseUrl: 'https://{shop}/admin/api/2026-07',
  oauth2: {
    authorizationUrl: 'https://{shop}/admin/oauth/authorize',
    tokenUrl: 'https://{shop}/admin/oauth/access_token',
    clientAuth: 'client_secret_post',
    scopes: ['read_products', 'read_orders'],
    scopeSeparator: ',',
    tokenHeader: { name: 'X-Shopify-Access-Token', prefix: '' },
  },
  fields: [
    {
      name: 'shop',
      label: 'Store domain',
      pattern: '^[A-Za-z0-9][A-Za-z0-9-]*\\.myshopify\\.com$',
      placeholder: 'your-store.myshopify.com',
    },
  ],
  test: { method: 'GET', path: '/shop.json' },
  docsUrl: 'https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant',
};
