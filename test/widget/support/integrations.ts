/**
 * The integrations every widget test server has. Custom integrations without a `test` request,
 * so connecting never reaches beyond 127.0.0.1.
 */
const logo =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" rx="8" fill="#5b4cdb"/><path d="M10 14h20v12H10z" fill="none" stroke="#fff" stroke-width="3"/><path d="M10 14l10 7 10-7" fill="none" stroke="#fff" stroke-width="3"/></svg>',
  );

export function fixtureIntegrations(providerUrl: string): Record<string, Record<string, unknown>> {
  return {
    mailbox: {
      name: 'Mailbox',
      description: 'Send and track transactional email.',
      logoUrl: logo,
      authType: 'apiKey',
      fields: [{ name: 'apiKey', label: 'API key', secret: true, pattern: '^mb_', placeholder: 'mb_…' }],
    },
    ledger: {
      name: 'Ledger',
      description: 'Accounting: invoices and payments.',
      authType: 'basic',
      fields: [
        { name: 'username', label: 'Username' },
        { name: 'password', label: 'Password', secret: true },
      ],
    },
    crm: {
      name: 'Acme CRM',
      description: 'Contacts and deals.',
      authType: 'apiKey',
      fields: [
        { name: 'subdomain', label: 'Subdomain', pattern: '^[a-z0-9-]+$', placeholder: 'your-team' },
        { name: 'apiKey', label: 'API key', secret: true },
      ],
    },
    chat: {
      name: 'Chat',
      description: 'Team messaging (OAuth 2).',
      authType: 'oauth2',
      oauth2: {
        authorizationUrl: `${providerUrl}/authorize`,
        tokenUrl: `${providerUrl}/token`,
        scopes: ['openid', 'chat:write'],
        clientId: 'hitch-widget-tests',
        clientSecret: 'not-a-real-secret',
      },
    },
  };
}
