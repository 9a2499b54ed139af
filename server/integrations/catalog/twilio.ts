import type { IntegrationTemplate } from './template.ts';

/**
 * Twilio with HTTP Basic auth: Account SID as user name, Auth Token as password. The test reads
 * the account itself; `{username}` is the Account SID (see the placeholder note in template.ts).
 */
export const twilio: IntegrationTemplate = {
  key: 'twilio',
  name: 'Twilio',
  description: 'SMS, voice and WhatsApp messaging.',
  authType: 'basic',
  apiBaseUrl: 'https://api.twilio.com',
  fields: [
    { name: 'username', label: 'Account SID', pattern: '^AC[0-9a-fA-F]{32}$', placeholder: 'AC…' },
    { name: 'password', label: 'Auth Token', secret: true },
  ],
  test: { method: 'GET', path: '/2010-04-01/Accounts/{username}.json' },
  docsUrl: 'https://www.twilio.com/docs/usage/requests-to-twilio',
};
