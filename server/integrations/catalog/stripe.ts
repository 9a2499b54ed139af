import type { IntegrationTemplate } from './template.ts';

/** Stripe with a secret or restricted key, sent as a Bearer token. */
export const stripe: IntegrationTemplate = {
  key: 'stripe',
  name: 'Stripe',
  description: 'Payments, customers and subscriptions.',
  authType: 'apiKey',
  apiBaseUrl: 'https://api.stripe.com',
  fields: [
    {
      name: 'apiKey',
      label: 'Secret key',
      secret: true,
      pattern: '^(sk|rk)_(test|live)_[A-Za-z0-9]+$',
      placeholder: 'sk_live_…',
    },
  ],
  apiKey: { in: 'header', name: 'Authorization', prefix: 'Bearer ' },
  test: { method: 'GET', path: '/v1/balance' },
  docsUrl: 'https://docs.stripe.com/keys',
};
